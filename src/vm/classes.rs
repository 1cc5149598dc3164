//! Classes defined by `class` statements: building them, making and
//! initialising instances, attribute lookup through the class chain, and
//! calling a class's special methods (`__repr__`, `__add__` ...).
//!
//! Notes about the implementation
//! ------------------------------
//! pyl classes have single inheritance, so a class's method resolution
//! order is just the chain of bases (`TypeObject::ancestry`). Attribute
//! lookup on an instance follows Python's order: a data descriptor on the
//! class (a `property`, a user descriptor with `__set__`) wins; then the
//! instance's own dict; then the class chain, where what is found goes
//! through the descriptor protocol (`vm/descriptors.rs`: a function is bound
//! to the instance, a user descriptor's `__get__` runs). Special methods
//! are looked up on the class only, never on the instance, as in CPython.

use super::descriptors::Store;
use super::Vm;
use crate::objects::dict::PyDict;
use crate::objects::exception::{raise, type_error, ExceptionObject};
use crate::objects::function::{Args, BuiltinFunction};
use crate::objects::type_object::{type_name, type_of, ExceptionKind, TypeKind, TypeObject, TYPES};
use crate::objects::{PyResult, Value};
use std::sync::{Arc, LazyLock};

/// The built-in `LoadBuildClass` pushes (CPython's `__build_class__`).
pub static BUILD_CLASS: LazyLock<Value> =
    LazyLock::new(|| BuiltinFunction::new("__build_class__", build_class));

/// `__build_class__(body, name, *bases)`: runs the class body in a fresh
/// namespace and makes the class from it.
fn build_class(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if args
        .keywords
        .iter()
        .any(|(keyword, _)| keyword == "metaclass")
    {
        let message = "class keyword 'metaclass' (metaclasses) is not supported by pyl";
        return raise(ExceptionKind::NotImplementedError, message);
    }
    let keywords = std::mem::take(&mut args.keywords);
    args.expect_count("__build_class__", 2, usize::MAX)?;
    let bases: Vec<Value> = args.positional.drain(2..).collect();
    let (Value::Function(body), Value::Str(name)) = (&args.positional[0], &args.positional[1])
    else {
        return type_error("__build_class__: func must be a function");
    };
    let base = class_base(&bases)?;
    let namespace = Arc::new(PyDict::new());
    let cell = vm.run_class_body(body.clone(), namespace.clone())?;
    hide_hash_beside_eq(vm, &namespace);
    if namespace.data.ro(&vm.token).get_str("__doc__").is_none() {
        vm.set_item_str(&namespace, "__doc__", Value::None);
    }
    let kind = if base.kind == TypeKind::Exception {
        TypeKind::Exception
    } else {
        TypeKind::Object
    };
    let class = Arc::new(TypeObject {
        name: name.as_str().to_string(),
        base: Some(base),
        kind,
        dict: Some(namespace),
    });
    if let Value::Cell(cell) = cell {
        *cell.value.rw(&mut vm.token) = Value::Type(class.clone());
    }
    crate::modules::classes::set_names(vm, &class)?;
    init_subclass(vm, &class, keywords)?;
    Ok(Value::Type(class))
}

/// Calls the nearest base's `__init_subclass__` with the new class and the
/// class statement's keywords (`class User(Model, tag="user")`), as
/// `type.__new__` does. Defined in a class body, the hook is a class
/// method even undecorated.
pub fn init_subclass(
    vm: &mut Vm,
    class: &Arc<TypeObject>,
    keywords: Vec<(String, Value)>,
) -> PyResult<()> {
    use crate::objects::instance::Descriptor;
    let found = (class.base.as_ref())
        .and_then(|base| lookup_in_class(&vm.token, base, "__init_subclass__"));
    let hook = match found {
        Some(Value::Descriptor(descriptor)) => match &*descriptor {
            Descriptor::ClassMethod(function) => function.clone(),
            _ => Value::Descriptor(descriptor.clone()),
        },
        Some(function) => function,
        None => match crate::objects::object::unbound_method("__init_subclass__") {
            Some(function) => function,
            None => return Ok(()),
        },
    };
    let mut args = Args::positional(vec![Value::Type(class.clone())]);
    args.keywords = keywords;
    vm.call_with(&hook, args)?;
    Ok(())
}

/// A class that defines `__eq__` but not `__hash__` gets `__hash__ = None`,
/// as `type.__new__` does: its instances are unhashable, since equal
/// objects must hash alike and identity hashing would not.
fn hide_hash_beside_eq(vm: &mut Vm, namespace: &PyDict) {
    let data = namespace.data.ro(&vm.token);
    if data.get_str("__eq__").is_some() && data.get_str("__hash__").is_none() {
        vm.set_item_str(namespace, "__hash__", Value::None);
    }
}

/// The one base a pyl class may have: `object` when none is given; a
/// user class, an exception class, or a built-in type whose values an
/// instance can carry (`list`, `dict`, `tuple`, `str`, `int` ...).
pub fn class_base(bases: &[Value]) -> PyResult<Arc<TypeObject>> {
    match bases {
        [] => Ok(TYPES.object.clone()),
        [Value::Type(base)]
            if base.dict.is_some()
                || base.kind.is_value_base()
                || matches!(base.kind, TypeKind::Object | TypeKind::Exception) =>
        {
            Ok(base.clone())
        }
        [Value::Type(base)] if is_final(base.kind) => type_error(format!(
            "type '{}' is not an acceptable base type",
            base.name
        )),
        [Value::Type(base)] => raise(
            ExceptionKind::NotImplementedError,
            format!(
                "subclassing the built-in type '{}' is not supported by pyl yet",
                base.name
            ),
        ),
        [other] => type_error(format!("bases must be types, not {}", type_name(other))),
        _ if layout_conflict(bases) => type_error("multiple bases have instance lay-out conflict"),
        _ => raise(
            ExceptionKind::NotImplementedError,
            "multiple inheritance is not supported by pyl",
        ),
    }
}

/// The built-in types CPython does not let a class derive from.
fn is_final(kind: TypeKind) -> bool {
    use TypeKind::*;
    matches!(
        kind,
        NoneType
            | Ellipsis
            | Bool
            | Range
            | Slice
            | Function
            | BuiltinFunction
            | Method
            | Code
            | Iterator
    )
}

/// True when two of `bases` carry different built-in values (`list` and
/// `dict`): no object can be both, so CPython refuses the class.
fn layout_conflict(bases: &[Value]) -> bool {
    let mut kinds = bases.iter().filter_map(|base| match base {
        Value::Type(class) => class.builtin_base().map(|b| b.kind),
        _ => None,
    });
    let first = kinds.next();
    kinds.any(|kind| Some(kind) != first)
}

impl Vm {
    /// Runs a class body with `namespace` as its local names; returns what
    /// the body returns (the `__class__` cell, or None).
    fn run_class_body(
        &mut self,
        body: Arc<crate::objects::function::Function>,
        namespace: Arc<PyDict>,
    ) -> PyResult<Value> {
        let return_to = self.stack.len();
        self.push_function_frame(body, 0, return_to, true)?;
        if let Some(frame) = self.frames.last_mut() {
            frame.namespace = Some(namespace);
        }
        self.execute()
    }

    /// Calls a class defined by a `class` statement: makes the instance
    /// (with the class's `__new__`, if it has one) and runs `__init__`.
    pub(super) fn instantiate(&mut self, class: &Arc<TypeObject>, args: Args) -> PyResult<Value> {
        let new = lookup_in_class(&self.token, class, "__new__");
        let instance = match &new {
            _ if class.kind == TypeKind::Exception => {
                let arguments = args.positional.to_vec();
                Value::Exception(Arc::new(ExceptionObject::new(class.clone(), arguments)))
            }
            Some(new) => {
                let mut new_args = Args {
                    positional: args.positional.clone(),
                    keywords: args.keywords.clone(),
                };
                new_args.positional.insert(0, Value::Type(class.clone()));
                let made = self.call_with(new, new_args)?;
                if !type_of(&made).is_subclass(class) {
                    return Ok(made);
                }
                made
            }
            None => self.new_instance(class, &args)?,
        };
        match lookup_in_class(&self.token, class, "__init__") {
            Some(init) => {
                let mut args = args;
                args.positional.insert(0, instance.clone());
                let result = self.call_with(&init, args)?;
                if !result.is_none() {
                    return type_error(format!(
                        "__init__() should return None, not '{}'",
                        type_name(&result)
                    ));
                }
            }
            None => self.default_init(class, &instance, args, new.is_some())?,
        }
        Ok(instance)
    }

    /// An attribute of an instance of a user class (or of a user exception),
    /// in `object.__getattribute__`'s order (see `vm/descriptors.rs`). The
    /// name comes as a str value (interned, from the code), with its hash.
    pub(super) fn instance_attribute(
        &mut self,
        object: &Value,
        class: &Arc<TypeObject>,
        dict: &PyDict,
        key: &Value,
    ) -> PyResult<Option<Value>> {
        let (name, hash) = match key {
            Value::Str(text) => (text.as_str(), text.hash()),
            _ => return Ok(None),
        };
        let found = lookup_key_in_class(&self.token, class, key, hash);
        if let Some(found) = found
            .as_ref()
            .filter(|found| self.is_data_descriptor(found))
        {
            let found = found.clone();
            return self
                .descriptor_get(found, Some(object), class, name)
                .map(Some);
        }
        if let Some(value) = dict.data.ro(&self.token).get_hashed(key, hash) {
            return Ok(Some(value));
        }
        match found {
            Some(found) => self
                .descriptor_get(found, Some(object), class, name)
                .map(Some),
            // Last in the class chain: the built-in base's, then object's.
            None => Ok(super::builtin_bases::base_attribute(object, name)
                .or_else(|| crate::objects::object::bound_method(object, name))),
        }
    }

    /// `object.__getattr__(name)` when normal lookup failed, if defined.
    pub(super) fn attribute_fallback(
        &mut self,
        object: &Value,
        name: &str,
    ) -> PyResult<Option<Value>> {
        let class = type_of(object);
        match lookup_in_class(&self.token, &class, "__getattr__") {
            Some(hook) => self
                .call(&hook, vec![object.clone(), Value::str(name)])
                .map(Some),
            None => Ok(None),
        }
    }

    /// An attribute looked up on a user class itself (`Class.method`): a
    /// descriptor's `__get__` runs with None as the instance.
    pub(super) fn class_attribute(
        &mut self,
        class: &Arc<TypeObject>,
        name: &str,
    ) -> PyResult<Option<Value>> {
        let Some(found) = lookup_in_class(&self.token, class, name) else {
            return Ok(None);
        };
        self.descriptor_get(found, None, class, name).map(Some)
    }

    /// Sets an attribute of an instance: through a data descriptor of its
    /// class (a property's setter, a `__set__`), or into the instance dict.
    pub(super) fn set_instance_attribute(
        &mut self,
        object: &Value,
        dict: &PyDict,
        name: &Value,
        value: Value,
    ) -> PyResult<()> {
        let class = type_of(object);
        let (text, hash) = match name {
            Value::Str(text) => (text.as_str(), text.hash()),
            _ => ("", 0),
        };
        if let Some(found) = lookup_key_in_class(&self.token, &class, name, hash) {
            let store = Store::Set(value.clone());
            if self.set_through_descriptor(&found, object, store, &class, text)? {
                return Ok(());
            }
        }
        if !slots_allow(&self.token, &class, text) {
            return raise(
                ExceptionKind::AttributeError,
                format!("'{}' object has no attribute '{text}'", class.name),
            );
        }
        dict.data
            .rw(&mut self.token)
            .insert_hashed(name.clone(), hash, value);
        Ok(())
    }

    /// `del instance.name`: through a data descriptor of its class (a
    /// property's deleter, a `__delete__`), or from the instance dict.
    pub(super) fn delete_instance_attribute(
        &mut self,
        object: &Value,
        dict: &PyDict,
        name: &Value,
    ) -> PyResult<bool> {
        let class = type_of(object);
        let text = name.as_str().unwrap_or_default();
        if let Some(found) = lookup_in_class(&self.token, &class, text) {
            if self.set_through_descriptor(&found, object, Store::Delete, &class, text)? {
                return Ok(true);
            }
        }
        let hash = crate::objects::compare::hash(name)?;
        Ok(dict
            .data
            .rw(&mut self.token)
            .remove_hashed(name, hash)
            .is_some())
    }

    /// Calls the special method `name` of `object`'s class, if it has one.
    pub fn call_special(
        &mut self,
        object: &Value,
        name: &str,
        arguments: Vec<Value>,
    ) -> PyResult<Option<Value>> {
        let class = match object {
            Value::Instance(instance) => instance.class.clone(),
            Value::Exception(exception) if exception.class.dict.is_some() => {
                exception.class.clone()
            }
            _ => return Ok(None),
        };
        let Some(method) = lookup_in_class(&self.token, &class, name) else {
            return Ok(None);
        };
        let mut all = Vec::with_capacity(arguments.len() + 1);
        all.push(object.clone());
        all.extend(arguments);
        self.call(&method, all).map(Some)
    }

    /// `super()` with no arguments, inside a method: the class from the
    /// method's `__class__` cell, the receiver from its first argument.
    pub fn implicit_super(&mut self) -> PyResult<(Arc<TypeObject>, Value)> {
        let Some(frame) = self.frames.last() else {
            return raise(ExceptionKind::RuntimeError, "super(): no arguments");
        };
        let code = frame.code();
        if code.argcount == 0 {
            return raise(ExceptionKind::RuntimeError, "super(): no arguments");
        }
        let receiver = self.stack[frame.locals_base].clone();
        let position = code.freevars.iter().position(|name| name == "__class__");
        let cell = position.map(|i| frame.cells[code.cellvars.len() + i].clone());
        let class = cell.map(|cell| cell.value.ro(&self.token).clone());
        match class {
            Some(Value::Type(class)) => Ok((class, receiver)),
            _ => raise(
                ExceptionKind::RuntimeError,
                "super(): __class__ cell not found",
            ),
        }
    }

    /// An attribute through `super()`: looked up from the class after
    /// `class`, bound to `receiver`.
    pub(super) fn super_attribute(
        &mut self,
        class: &Arc<TypeObject>,
        receiver: &Value,
        name: &str,
    ) -> PyResult<Option<Value>> {
        let owner_class = crate::modules::classes::receiver_class(receiver);
        let found = class
            .base
            .as_deref()
            .and_then(|base| lookup_in_class(&self.token, base, name));
        let Some(found) = found else {
            return Ok(super::builtin_bases::base_attribute(receiver, name)
                .or_else(|| crate::modules::classes::inherited_builtin(receiver, name)));
        };
        // Through `super()` in a classmethod the receiver is the class itself:
        // descriptors then see no instance, as in CPython's `super_getattro`.
        let instance = (!matches!(receiver, Value::Type(_))).then_some(receiver);
        self.descriptor_get(found, instance, &owner_class, name)
            .map(Some)
    }

    /// True when `object`'s class (a user class) defines `name`.
    pub fn has_special(&self, object: &Value, name: &str) -> bool {
        match object {
            Value::Instance(instance) => {
                lookup_in_class(&self.token, &instance.class, name).is_some()
            }
            _ => false,
        }
    }
}

/// Looks `name` up in a user class and its bases (built-in bases have no dict).
pub fn lookup_in_class(owner: &qcell::QCellOwner, class: &TypeObject, name: &str) -> Option<Value> {
    // A built-in class has no dict anywhere: no need to intern the name.
    if !class.ancestry().any(|c| c.dict.is_some()) {
        return None;
    }
    let (key, hash) = interned_key(name);
    lookup_key_in_class(owner, class, &key, hash)
}

/// `lookup_in_class` with the name already an interned key and its hash.
pub fn lookup_key_in_class(
    owner: &qcell::QCellOwner,
    class: &TypeObject,
    key: &Value,
    hash: i64,
) -> Option<Value> {
    class
        .ancestry()
        .filter_map(|c| c.dict.as_ref())
        .find_map(|dict| dict.data.ro(owner).get_hashed(key, hash))
}

/// `name` as an interned str and its cached hash: looking it up in a
/// class or instance dict then costs no allocation and compares pointers.
pub fn interned_key(name: &str) -> (Value, i64) {
    let text = crate::objects::str::intern(name);
    let hash = text.hash();
    (Value::Str(text), hash)
}

/// An entry of an attribute dict, by interned name.
pub fn dict_lookup(owner: &qcell::QCellOwner, dict: &PyDict, name: &str) -> Option<Value> {
    let (key, hash) = interned_key(name);
    dict.data.ro(owner).get_hashed(&key, hash)
}

/// False when `__slots__` forbid an instance of `class` the attribute
/// `name`: every class of the chain (below the built-in ones) lists its
/// `__slots__` and none names it or `__dict__`. pyl keeps slot values in
/// the instance dict; only the names allowed are CPython's.
fn slots_allow(token: &qcell::QCellOwner, class: &TypeObject, name: &str) -> bool {
    /// `__slots__`, interned once: every attribute store asks for it.
    static SLOTS: LazyLock<(Value, i64)> = LazyLock::new(|| interned_key("__slots__"));
    for current in class.ancestry() {
        let Some(dict) = &current.dict else {
            // Exceptions keep a `__dict__` of their own whatever the slots.
            return current.kind == TypeKind::Exception;
        };
        let (key, hash) = &*SLOTS;
        let Some(slots) = dict.data.ro(token).get_hashed(key, *hash) else {
            return true;
        };
        let names: Vec<Value> = match &slots {
            Value::Str(_) => vec![slots.clone()],
            Value::Tuple(tuple) => tuple.items().to_vec(),
            Value::List(list) => list.items.ro(token).clone(),
            _ => return true,
        };
        let listed = |slot: &Value| slot.as_str().is_some_and(|s| s == name || s == "__dict__");
        if names.iter().any(listed) {
            return true;
        }
    }
    false
}
