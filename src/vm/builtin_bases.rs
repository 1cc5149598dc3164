//! Classes derived from built-in types (`class L(list)`, `class C(dict)`):
//! making the built-in value such an instance carries, and the methods of
//! the built-in base that attribute lookup and `super()` reach.
//!
//! Notes about the implementation
//! ------------------------------
//! An instance of such a class is an `Instance` whose `base_value` is a
//! value of the built-in type, made when the class is called: empty for the
//! mutable types (`list`, `dict`, `set`), whose `__init__` then fills it, or
//! built from the call's arguments for the immutable ones (`tuple`, `str`,
//! `int` ...), as their `__new__` does in CPython. The built-in operations
//! (`len`, subscripts, `repr`, operators) try the class's special methods
//! first, then look through the instance to that value with
//! `Value::builtin_base`. The built-in type's own methods (`append`,
//! `keys`) are found after the class chain and run on the carried value;
//! its special methods (`__getitem__`, `__init__` ...) are found by
//! `super()` and run on the instance, so `dict.__getitem__` still calls
//! the class's `__missing__`.

use super::Vm;
use crate::compiler::Comparison;
use crate::modules::builtins::construct;
use crate::objects::dict::PyDict;
use crate::objects::exception::{type_error, PyException};
use crate::objects::function::{Args, BuiltinFunction, NativeFn};
use crate::objects::instance::Instance;
use crate::objects::list::PyList;
use crate::objects::method_args::slot_arguments;
use crate::objects::set::PySet;
use crate::objects::type_object::{type_name, type_of, ExceptionKind, TypeKind, TypeObject, TYPES};
use crate::objects::{PyResult, Value};
use std::sync::Arc;

/// The built-in class of a value-carrying kind (`TypeKind::List` -> `list`).
fn builtin_class(kind: TypeKind) -> &'static Arc<TypeObject> {
    let types = &*TYPES;
    match kind {
        TypeKind::Int => &types.int,
        TypeKind::Float => &types.float,
        TypeKind::Str => &types.str_,
        TypeKind::Bytes => &types.bytes,
        TypeKind::Tuple => &types.tuple,
        TypeKind::List => &types.list,
        TypeKind::Dict => &types.dict,
        TypeKind::Set => &types.set,
        TypeKind::FrozenSet => &types.frozenset,
        _ => &types.object,
    }
}

/// True for the built-in types whose value `__init__` fills in, after
/// `__new__` made it empty.
fn is_mutable(kind: TypeKind) -> bool {
    matches!(kind, TypeKind::List | TypeKind::Dict | TypeKind::Set)
}

/// A copy of `args` (calls consume theirs).
fn copy_args(args: &Args) -> Args {
    Args {
        positional: args.positional.clone(),
        keywords: args.keywords.clone(),
    }
}

impl Vm {
    /// `class.__new__(class, *args)` as the built-in base defines it: a new
    /// instance, carrying an empty value of its built-in base (a mutable
    /// one) or the value the base makes of `args` (an immutable one).
    pub(super) fn new_instance(&mut self, class: &Arc<TypeObject>, args: &Args) -> PyResult<Value> {
        let Some(kind) = class.builtin_base().map(|base| base.kind) else {
            return Ok(Value::Instance(Arc::new(Instance::new(class.clone()))));
        };
        let base_value = match kind {
            TypeKind::List => Value::List(Arc::new(PyList::new(Vec::new()))),
            TypeKind::Dict => Value::Dict(Arc::new(PyDict::new())),
            TypeKind::Set => Value::Set(Arc::new(PySet::new())),
            _ => construct(self, builtin_class(kind), copy_args(args))?,
        };
        let instance = Instance::with_base_value(class.clone(), base_value);
        Ok(Value::Instance(Arc::new(instance)))
    }

    /// `__init__` of a class that does not define one: the built-in base's
    /// (which fills a mutable value from `args`), else `object`'s.
    pub(super) fn default_init(
        &mut self,
        class: &Arc<TypeObject>,
        instance: &Value,
        args: Args,
        has_new: bool,
    ) -> PyResult<()> {
        match class.builtin_base() {
            Some(base) if is_mutable(base.kind) => self.init_base_value(instance, args),
            Some(_) => Ok(()),
            None if class.kind == TypeKind::Exception || has_new => Ok(()),
            None if args.positional.is_empty() && args.keywords.is_empty() => Ok(()),
            None => type_error(format!("{}() takes no arguments", class.name)),
        }
    }

    /// `list.__init__(self, iterable)`, `dict.__init__(self, ...)`,
    /// `set.__init__(self, iterable)`: the carried value is refilled from
    /// what the built-in constructor makes of `args` (a dict is updated).
    fn init_base_value(&mut self, instance: &Value, args: Args) -> PyResult<()> {
        let base = instance.builtin_base().clone();
        let kind = type_of(&base).kind;
        if !is_mutable(kind) {
            return Ok(());
        }
        let made = construct(self, builtin_class(kind), args)?;
        match (&base, &made) {
            (Value::List(list), Value::List(source)) => {
                let items = source.items.ro(&self.token).clone();
                *list.items.rw(&mut self.token) = items;
            }
            (Value::Dict(_), Value::Dict(source)) => {
                let entries: Vec<_> = source.data.ro(&self.token).entries().cloned().collect();
                for entry in entries {
                    self.set_item(&base, entry.key, entry.value)?;
                }
            }
            (Value::Set(set), Value::Set(source)) => {
                let table = source.data.ro(&self.token).clone();
                *set.data.rw(&mut self.token) = table;
            }
            _ => {}
        }
        Ok(())
    }

    /// `repr` of an instance of a class derived from a built-in type: its
    /// value's, except that a set shows the class, `S({1, 2})`, as CPython's do.
    pub(super) fn base_repr(&mut self, value: &Value) -> PyResult<String> {
        let base = value.builtin_base().clone();
        let Value::Set(set) = &base else {
            return self.builtin_repr(&base);
        };
        let name = type_name(value);
        if set.data.ro(&self.token).is_empty() {
            return Ok(format!("{name}()"));
        }
        let text = self.builtin_repr(&base)?;
        let inner = text
            .strip_prefix("frozenset(")
            .and_then(|t| t.strip_suffix(')'));
        Ok(format!("{name}({})", inner.unwrap_or(&text)))
    }

    /// `hash()` of an instance whose class defines neither `__hash__` nor
    /// `__eq__`: its value's hash; unhashable, under the class's name, for
    /// a list, dict or set.
    pub(super) fn base_hash(&mut self, value: &Value, class_name: &str) -> PyResult<i64> {
        match value.builtin_base() {
            Value::List(_) | Value::Dict(_) => {
                type_error(format!("unhashable type: '{class_name}'"))
            }
            Value::Set(set) if !set.is_frozen() => {
                type_error(format!("unhashable type: '{class_name}'"))
            }
            base => self.hash(&base.clone()),
        }
    }

    /// `dict.__getitem__(self, key)` and friends: the built-in subscript on
    /// the carried value; a missing key of a dict calls the class's
    /// `__missing__` when it has one.
    pub fn base_get_item(&mut self, instance: &Value, key: &Value) -> PyResult<Value> {
        let base = instance.builtin_base().clone();
        let is_dict = matches!(base, Value::Dict(_));
        if !is_dict || !self.has_special(instance, "__missing__") {
            return self.get_item(&base, key);
        }
        match self.get_item(&base, key) {
            Err(error) if error.is(ExceptionKind::KeyError) => {
                let found = self.call_special(instance, "__missing__", vec![key.clone()])?;
                found.ok_or(error)
            }
            result => result,
        }
    }
}

/// An operator's TypeError raised on the values that instances carry,
/// reworded to name the instances' classes as CPython does
/// (`unsupported operand type(s) for +: 'Counter' and 'int'`).
pub fn name_operands(
    error: PyException,
    owner: &qcell::QCellOwner,
    operands: &[&Value],
) -> PyException {
    if !error.is(ExceptionKind::TypeError) {
        return error;
    }
    let args = error.0.current_args(owner);
    let Some(message) = args.first().and_then(Value::as_str) else {
        return error;
    };
    let head = [
        "unsupported operand type(s) for ",
        "not supported between instances of ",
        "bad operand type for ",
    ]
    .iter()
    .find_map(|marker| message.find(marker).map(|at| at + marker.len()));
    let Some(head) = head else {
        return error;
    };
    let Some(quote) = message[head..].find('\'').map(|at| head + at) else {
        return error;
    };
    let names: Vec<String> = operands
        .iter()
        .map(|v| format!("'{}'", type_name(v)))
        .collect();
    let message = format!("{}{}", &message[..quote], names.join(" and "));
    PyException::new(ExceptionKind::TypeError, message)
}

/// An attribute of an instance of a class derived from a built-in type
/// that its class chain lacks: a method of the built-in base, bound to the
/// carried value (`l.append`), or one of its special methods, bound to the
/// instance (`super().__setitem__`).
pub fn base_attribute(receiver: &Value, name: &str) -> Option<Value> {
    if name == "__new__" {
        return Some(new_function());
    }
    if !receiver.has_builtin_base() {
        return None;
    }
    if let Some((name, function)) = BASE_DUNDERS.iter().find(|(n, _)| *n == name) {
        return Some(bound(name, *function, receiver.clone()));
    }
    let base = receiver.builtin_base();
    let (name, function) = super::builtin_methods::method_of(base, name)?;
    Some(bound(name, *function, base.clone()))
}

/// The built-in types' `__new__` (`tuple.__new__(cls, items)`), a static
/// method: the class comes as the first argument.
pub(super) fn new_function() -> Value {
    BuiltinFunction::new("__new__", base_new)
}

fn bound(name: &'static str, function: NativeFn, receiver: Value) -> Value {
    Value::BuiltinFunction(Arc::new(BuiltinFunction {
        name,
        function,
        receiver: Some(receiver),
    }))
}

/// The special methods of the built-in bases that `super()` reaches.
static BASE_DUNDERS: &[(&str, NativeFn)] = &[
    ("__init__", base_init),
    ("__getitem__", base_getitem),
    ("__setitem__", base_setitem),
    ("__delitem__", base_delitem),
    ("__len__", base_len),
    ("__iter__", base_iter),
    ("__contains__", base_contains),
    ("__repr__", base_repr),
    ("__str__", base_str),
    ("__eq__", base_eq),
    ("__ne__", base_ne),
];

/// `super().__new__(cls, *args)`: a new instance of `cls`, carrying the
/// value its built-in base makes of `args`.
fn base_new(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut args = args;
    let class = match args.positional.first() {
        Some(Value::Type(class)) => class.clone(),
        Some(other) => {
            return type_error(format!(
                "object.__new__(X): X is not a type object ({})",
                type_name(other)
            ))
        }
        None => return type_error("object.__new__(): not enough arguments"),
    };
    args.positional.remove(0);
    if class.dict.is_none() {
        return construct(vm, &class, args);
    }
    let extra = !args.positional.is_empty() || !args.keywords.is_empty();
    if extra && class.builtin_base().is_none() {
        return type_error("object.__new__() takes exactly one argument (the type to instantiate)");
    }
    vm.new_instance(&class, &args)
}

fn base_init(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args.positional.is_empty() {
        return type_error("__init__() needs an instance");
    }
    let receiver = args.positional.remove(0);
    vm.init_base_value(&receiver, args)?;
    Ok(Value::None)
}

fn base_getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, arguments) = slot_arguments(args, "__getitem__", 1)?;
    vm.base_get_item(&receiver, &arguments[0])
}

fn base_setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, mut arguments) = slot_arguments(args, "__setitem__", 2)?;
    let value = arguments.pop().unwrap_or(Value::None);
    let key = arguments.pop().unwrap_or(Value::None);
    let base = receiver.builtin_base().clone();
    vm.set_item(&base, key, value)?;
    Ok(Value::None)
}

fn base_delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, arguments) = slot_arguments(args, "__delitem__", 1)?;
    let base = receiver.builtin_base().clone();
    vm.delete_item(&base, &arguments[0])?;
    Ok(Value::None)
}

fn base_len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "__len__", 0)?;
    let base = receiver.builtin_base().clone();
    Ok(Value::Int(vm.len(&base)? as i64))
}

fn base_iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "__iter__", 0)?;
    let base = receiver.builtin_base().clone();
    vm.iter(&base)
}

fn base_contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, arguments) = slot_arguments(args, "__contains__", 1)?;
    let base = receiver.builtin_base().clone();
    Ok(Value::Bool(vm.contains(&base, &arguments[0])?))
}

fn base_repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "__repr__", 0)?;
    let base = receiver.builtin_base().clone();
    Ok(Value::str(vm.builtin_repr(&base)?))
}

/// `str.__str__` gives the text itself; the other bases have `object`'s,
/// which is `repr(self)` (through the class's `__repr__`).
fn base_str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "__str__", 0)?;
    match receiver.builtin_base() {
        text @ Value::Str(_) => Ok(text.clone()),
        _ => Ok(Value::str(vm.repr(&receiver)?)),
    }
}

fn base_eq(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, arguments) = slot_arguments(args, "__eq__", 1)?;
    let (left, right) = (
        receiver.builtin_base().clone(),
        arguments[0].builtin_base().clone(),
    );
    vm.compare_op(Comparison::Equal, &left, &right)
}

fn base_ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, arguments) = slot_arguments(args, "__ne__", 1)?;
    let (left, right) = (
        receiver.builtin_base().clone(),
        arguments[0].builtin_base().clone(),
    );
    vm.compare_op(Comparison::NotEqual, &left, &right)
}
