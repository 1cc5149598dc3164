//! `object`: the root of every class, and the methods every instance
//! inherits from it.
//!
//! A class statement's class finds these last, after its own dict and its
//! bases': `super().__init__()` at the top of a hierarchy, `object.__hash__`
//! named in a class body, `super().__setattr__(name, value)` inside a
//! class's own `__setattr__`. They do what the interpreter does when a
//! class defines nothing: identity equality and hashing, the default
//! `repr`, storing into the instance dict.

use super::exception::type_error;
use super::function::{Args, BuiltinFunction, NativeFn};
use super::instance::Instance;
use super::method_args::slot_arguments;
use super::type_object::{type_name, TypeKind};
use super::{PyResult, Value};
use crate::modules::builtins::attribute_name;
use crate::vm::Vm;
use std::sync::{Arc, LazyLock};

/// `object`'s methods, by name (the receiver first among the arguments).
pub static METHODS: &[(&str, NativeFn)] = &[
    ("__init__", init),
    ("__new__", new),
    ("__eq__", eq),
    ("__ne__", ne),
    ("__lt__", not_implemented),
    ("__le__", not_implemented),
    ("__gt__", not_implemented),
    ("__ge__", not_implemented),
    ("__hash__", hash),
    ("__repr__", repr),
    ("__str__", str),
    ("__format__", format),
    ("__setattr__", setattr),
    ("__delattr__", delattr),
    ("__getattribute__", getattribute),
    ("__init_subclass__", init_subclass),
];

/// `object.__init_subclass__(cls)`: the hook at the end of every chain,
/// which takes no keywords from the class statement.
fn init_subclass(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let name = match args.positional.first() {
        Some(Value::Type(class)) => class.name.clone(),
        _ => "object".to_string(),
    };
    if !args.keywords.is_empty() {
        return type_error(format!(
            "{name}.__init_subclass__() takes no keyword arguments"
        ));
    }
    if args.positional.len() > 1 {
        return type_error(format!(
            "{name}.__init_subclass__() takes no arguments ({} given)",
            args.positional.len() - 1
        ));
    }
    Ok(Value::None)
}

/// The unbound methods, made once: `Point.__lt__ is object.__lt__`, as
/// in CPython (`functools.total_ordering` relies on it).
static UNBOUND: LazyLock<Vec<Value>> = LazyLock::new(|| {
    METHODS
        .iter()
        .map(|(name, function)| BuiltinFunction::new(name, *function))
        .collect()
});

/// `object.name`, unbound (looked up on a class), if `object` has it.
pub fn unbound_method(name: &str) -> Option<Value> {
    let index = METHODS.iter().position(|(n, _)| *n == name)?;
    UNBOUND.get(index).cloned()
}

/// `object.name` bound to `receiver` (what `super()` finds last).
pub fn bound_method(receiver: &Value, name: &str) -> Option<Value> {
    if name == "__new__" {
        // A static method: `super().__new__(cls)` passes the class itself.
        return unbound_method(name);
    }
    let (name, function) = METHODS.iter().find(|(n, _)| *n == name)?;
    Some(Value::BuiltinFunction(Arc::new(BuiltinFunction {
        name,
        function: *function,
        receiver: Some(receiver.clone()),
    })))
}

/// `object.__init__(self)`: takes nothing more.
fn init(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    if args.positional.len() > 1 || !args.keywords.is_empty() {
        return type_error(
            "object.__init__() takes exactly one argument (the instance to initialize)",
        );
    }
    Ok(Value::None)
}

/// `object.__new__(cls)`: a new, empty instance of `cls` (a class that
/// carries a built-in value must be made by that type's `__new__`).
fn new(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match args.positional.first() {
        Some(Value::Type(class)) if class.builtin_base().is_some() => {
            let base = class
                .builtin_base()
                .map(|b| b.name.clone())
                .unwrap_or_default();
            type_error(format!(
                "object.__new__({}) is not safe, use {base}.__new__()",
                class.name
            ))
        }
        // A user class (not an exception, whose instances are made apart),
        // or `object` itself.
        Some(Value::Type(class))
            if class.kind == TypeKind::Object && (class.dict.is_some() || class.base.is_none()) =>
        {
            Ok(Value::Instance(Arc::new(Instance::new(class.clone()))))
        }
        Some(Value::Type(class)) => type_error(format!(
            "object.__new__({}) is not safe, use {}.__new__()",
            class.name, class.name
        )),
        Some(other) => type_error(format!(
            "object.__new__(X): X is not a type object ({})",
            type_name(other)
        )),
        None => type_error("object.__new__(): not enough arguments"),
    }
}

/// `object.__eq__(self, other)`: True for the same object, else
/// NotImplemented (so the other operand gets its turn).
fn eq(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, other) = slot_arguments(args, "object.__eq__", 1)?;
    Ok(match receiver.is(&other[0]) {
        true => Value::Bool(true),
        false => Value::NotImplemented,
    })
}

/// `object.__ne__(self, other)`: the inverse of `self == other`.
fn ne(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, other) = slot_arguments(args, "object.__ne__", 1)?;
    let same = receiver.is(&other[0]);
    let equal = match vm.call_special(&receiver, "__eq__", other)? {
        Some(result) => result,
        None if same => Value::Bool(true),
        None => Value::NotImplemented,
    };
    Ok(match equal {
        Value::NotImplemented => Value::NotImplemented,
        equal => Value::Bool(!vm.is_true(&equal)?),
    })
}

/// `object.__lt__` and the other orderings: NotImplemented.
fn not_implemented(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    slot_arguments(args, "object.__lt__", 1)?;
    Ok(Value::NotImplemented)
}

/// `object.__hash__(self)`: by identity.
fn hash(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "object.__hash__", 0)?;
    Ok(Value::Int((receiver.identity() >> 4) as i64))
}

/// `object.__repr__(self)`: `<module.Class object at 0x...>`.
fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "object.__repr__", 0)?;
    Ok(Value::str(vm.builtin_repr(&receiver)?))
}

/// `object.__str__(self)`: `repr(self)`, through the class's `__repr__`.
fn str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = slot_arguments(args, "object.__str__", 0)?;
    Ok(Value::str(vm.builtin_str(&receiver)?))
}

/// `object.__format__(self, spec)`: `str(self)`; a non-empty spec is an error.
fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, spec) = slot_arguments(args, "object.__format__", 1)?;
    match &spec[0] {
        Value::Str(spec) if spec.as_str().is_empty() => Ok(Value::str(vm.str(&receiver)?)),
        Value::Str(_) => type_error(format!(
            "unsupported format string passed to {}.__format__",
            type_name(&receiver)
        )),
        other => type_error(format!(
            "__format__() argument must be str, not {}",
            type_name(other)
        )),
    }
}

/// `object.__setattr__(self, name, value)`: the ordinary store, without
/// the class's own `__setattr__` (which is usually the caller).
fn setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, mut rest) = slot_arguments(args, "object.__setattr__", 2)?;
    let value = rest.pop().unwrap_or(Value::None);
    let name = attribute_name(&rest[0])?;
    vm.generic_set_attribute(&receiver, &name, value)?;
    Ok(Value::None)
}

/// `object.__delattr__(self, name)`: the ordinary delete.
fn delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, rest) = slot_arguments(args, "object.__delattr__", 1)?;
    let name = attribute_name(&rest[0])?;
    vm.generic_delete_attribute(&receiver, &name)?;
    Ok(Value::None)
}

/// `object.__getattribute__(self, name)`: the ordinary lookup.
fn getattribute(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, rest) = slot_arguments(args, "object.__getattribute__", 1)?;
    let name = attribute_name(&rest[0])?;
    vm.get_attribute(&receiver, &name)
}
