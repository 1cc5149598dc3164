//! The method tables of the built-in types, and what a class itself
//! answers to: `str.upper` and `dict.fromkeys` looked up on the type,
//! `object`'s methods on any class, `__bases__` and `__mro__`.
//!
//! `vm/attributes.rs` asks these after a class's own dict: they are where
//! an attribute lookup ends before `AttributeError`.

use crate::objects::function::{BuiltinFunction, NativeFn};
use crate::objects::type_object::{type_of, TypeKind, TypeObject};
use crate::objects::Value;
use std::sync::Arc;

/// What every class has: `__bases__`, `__base__`, `__mro__`, its
/// namespace as `__dict__` (a plain dict, where CPython shows a read-only
/// mappingproxy), and for a built-in class `__module__`.
pub(super) fn class_special_attribute(class: &Arc<TypeObject>, name: &str) -> Option<Value> {
    match name {
        "__bases__" => Some(Value::tuple(
            class.base.iter().map(|b| Value::Type(b.clone())).collect(),
        )),
        "__base__" => Some(
            class
                .base
                .as_ref()
                .map(|b| Value::Type(b.clone()))
                .unwrap_or(Value::None),
        ),
        "__mro__" => Some(Value::tuple(class_chain(class))),
        "__module__" if class.dict.is_none() => Some(Value::str("builtins")),
        "__dict__" => class.dict.clone().map(Value::Dict),
        _ => None,
    }
}

/// The class and its bases, nearest first, as values.
fn class_chain(class: &Arc<TypeObject>) -> Vec<Value> {
    let mut chain = vec![Value::Type(class.clone())];
    let mut cursor = class.base.clone();
    while let Some(base) = cursor {
        cursor = base.base.clone();
        chain.push(Value::Type(base));
    }
    chain
}

/// `Class.name` for a method every class inherits from `object`
/// (`object.__hash__`, `Point.__init__` when Point defines none), unbound.
pub(super) fn object_method_of_class(object: &Value, name: &str) -> Option<Value> {
    match object {
        Value::Type(class) if class.dict.is_some() || class.kind == TypeKind::Object => {
            crate::objects::object::unbound_method(name)
        }
        _ => None,
    }
}

/// `str.upper`, `dict.fromkeys`, `MyDict.fromkeys`: a method of a built-in
/// type looked up on the class. Instance methods come back unbound (the
/// instance is the first argument of the call); class methods come back
/// bound to the class.
pub(super) fn builtin_class_method(object: &Value, name: &str) -> Option<Value> {
    let Value::Type(class) = object else {
        return None;
    };
    if name == "__new__" && class.dict.is_none() && class.kind.is_value_base() {
        return Some(super::builtin_bases::new_function());
    }
    let kind = if class.dict.is_none() {
        class.kind
    } else {
        class.builtin_base()?.kind
    };
    if let Some((name, function)) = class_methods_of(kind).iter().find(|(n, _)| *n == name) {
        return Some(Value::BuiltinFunction(Arc::new(BuiltinFunction {
            name,
            function: *function,
            receiver: Some(object.clone()),
        })));
    }
    if class.dict.is_some() {
        return None;
    }
    let (name, function) = methods_of(kind)?
        .iter()
        .find(|(n, _)| *n == name)
        .or_else(|| super::value_dunders::dunder_of(kind, name))?;
    Some(BuiltinFunction::new(name, *function))
}

/// `{}.fromkeys(...)`: a class method of a built-in type reached through
/// an instance, bound to the instance's class.
pub(super) fn class_method_through_instance(object: &Value, name: &str) -> Option<Value> {
    if matches!(object, Value::Type(_)) {
        return None;
    }
    let kind = type_of(object.builtin_base()).kind;
    let (name, function) = class_methods_of(kind).iter().find(|(n, _)| *n == name)?;
    Some(Value::BuiltinFunction(Arc::new(BuiltinFunction {
        name,
        function: *function,
        receiver: Some(Value::Type(type_of(object))),
    })))
}

/// The class methods of a built-in type.
fn class_methods_of(kind: TypeKind) -> &'static [(&'static str, NativeFn)] {
    match kind {
        TypeKind::Dict => crate::objects::dict::CLASS_METHODS,
        TypeKind::Int | TypeKind::Bool => crate::objects::int::CLASS_METHODS,
        TypeKind::Str => crate::objects::str::CLASS_METHODS,
        TypeKind::Bytes => crate::objects::bytes::CLASS_METHODS,
        TypeKind::Float => &[("fromhex", crate::objects::float_fromhex::fromhex)],
        _ => &[],
    }
}

/// The method table of a built-in type.
fn methods_of(kind: TypeKind) -> Option<&'static [(&'static str, NativeFn)]> {
    use crate::objects::{bytes, dict, float, int, list, set, str, tuple};
    Some(match kind {
        TypeKind::Str => str::METHODS,
        TypeKind::List => list::METHODS,
        TypeKind::Dict => dict::METHODS,
        TypeKind::Tuple => tuple::METHODS,
        TypeKind::Int | TypeKind::Bool => int::METHODS,
        TypeKind::Float => float::METHODS,
        TypeKind::Bytes => bytes::METHODS,
        TypeKind::Set => set::METHODS,
        TypeKind::FrozenSet => set::FROZEN_METHODS,
        _ => return None,
    })
}

/// The built-in method `name` of the object's type, if it has one.
pub(super) fn method_of(object: &Value, name: &str) -> Option<&'static (&'static str, NativeFn)> {
    use crate::objects::{bytes, dict, file, float, int, list, str, tuple};
    let table: &'static [(&'static str, NativeFn)] = match object {
        Value::Str(_) => str::METHODS,
        Value::List(_) => list::METHODS,
        Value::Dict(_) => dict::METHODS,
        Value::Tuple(_) => tuple::METHODS,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => int::METHODS,
        Value::Float(_) => float::METHODS,
        Value::Bytes(_) => bytes::METHODS,
        Value::File(_) => file::METHODS,
        Value::Lock(_) => crate::objects::lock::METHODS,
        Value::Set(set) if set.is_frozen() => crate::objects::set::FROZEN_METHODS,
        Value::Set(_) => crate::objects::set::METHODS,
        Value::Generator(_) => crate::vm::generators::METHODS,
        Value::Range(_) => crate::objects::range::METHODS,
        _ => &[],
    };
    table
        .iter()
        .find(|(n, _)| *n == name)
        .or_else(|| super::value_dunders::dunder_of(type_of(object).kind, name))
}
