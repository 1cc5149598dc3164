//! The descriptor protocol: what an attribute found on a class becomes when
//! it is read, set or deleted through an instance, through the class itself
//! or through `super()`.
//!
//! Notes about the implementation
//! ------------------------------
//! The order is CPython's `object.__getattribute__`
//! (`_PyObject_GenericGetAttrWithDict`): a *data descriptor* found on the
//! class wins over the instance dict; the instance dict wins over anything
//! else; then a descriptor's `__get__` runs, and a plain class attribute is
//! returned as it is. A data descriptor is a `property`, or an object whose
//! class defines `__get__` and also `__set__` or `__delete__`.
//!
//! The built-in descriptors are handled here natively: a function binds to
//! the instance, a `staticmethod` gives its function, a `classmethod` binds
//! its function to the class, a `property` calls its getter. An instance of
//! a user class takes part when its class defines `__get__`, `__set__` or
//! `__delete__`; they are called as `__get__(self, instance, owner)` (the
//! instance is None when the lookup is on the class, as in
//! `type.__getattribute__`), `__set__(self, instance, value)` and
//! `__delete__(self, instance)`.

use super::classes::lookup_in_class;
use super::Vm;
use crate::objects::exception::raise;
use crate::objects::function::BoundMethod;
use crate::objects::instance::Descriptor;
use crate::objects::type_object::{ExceptionKind, TypeObject};
use crate::objects::{PyResult, Value};
use std::sync::Arc;

/// The special methods of a user-defined descriptor's class.
struct Hooks {
    get: Option<Value>,
    set: Option<Value>,
    delete: Option<Value>,
}

impl Hooks {
    /// The hooks of `value`'s class, when it is an instance of a user class.
    fn of(owner: &qcell::QCellOwner, value: &Value) -> Option<Hooks> {
        let Value::Instance(instance) = value else {
            return None;
        };
        let class = &instance.class;
        Some(Hooks {
            get: lookup_in_class(owner, class, "__get__"),
            set: lookup_in_class(owner, class, "__set__"),
            delete: lookup_in_class(owner, class, "__delete__"),
        })
    }

    /// True when the descriptor intercepts stores and deletions.
    fn is_data(&self) -> bool {
        self.set.is_some() || self.delete.is_some()
    }
}

/// What `set_through_descriptor` is asked to do.
pub enum Store {
    Set(Value),
    Delete,
}

impl Vm {
    /// True when `found`, an attribute of the class, is read before the
    /// instance dict is consulted: a property, or a user descriptor with
    /// `__get__` and `__set__` or `__delete__`.
    pub(super) fn is_data_descriptor(&self, found: &Value) -> bool {
        if let Value::Descriptor(descriptor) = found {
            return matches!(&**descriptor, Descriptor::Property { .. });
        }
        Hooks::of(&self.token, found).is_some_and(|hooks| hooks.get.is_some() && hooks.is_data())
    }

    /// `found.__get__(instance, owner)`: what a class attribute is when read
    /// through `instance` (None: through the class `owner` itself).
    pub fn descriptor_get(
        &mut self,
        found: Value,
        instance: Option<&Value>,
        owner: &Arc<TypeObject>,
        name: &str,
    ) -> PyResult<Value> {
        match (&found, instance) {
            (Value::Function(_), Some(instance)) => Ok(bound(found.clone(), instance.clone())),
            (Value::Descriptor(descriptor), _) => match &**descriptor {
                Descriptor::StaticMethod(function) => Ok(function.clone()),
                Descriptor::ClassMethod(function) => {
                    Ok(bound(function.clone(), Value::Type(owner.clone())))
                }
                Descriptor::Property { getter, .. } => match instance {
                    None => Ok(found.clone()),
                    Some(_) if getter.is_none() => property_error(name, owner, "getter"),
                    Some(instance) => self.call(getter, vec![instance.clone()]),
                },
            },
            _ => match Hooks::of(&self.token, &found).and_then(|hooks| hooks.get) {
                Some(get) => {
                    let instance = instance.cloned().unwrap_or(Value::None);
                    self.call(&get, vec![found, instance, Value::Type(owner.clone())])
                }
                None => Ok(found),
            },
        }
    }

    /// Sets or deletes `name` of `instance` through `found`, the class's
    /// attribute of that name, when it is a data descriptor. False when it
    /// is not one: the instance dict is then the place.
    pub(super) fn set_through_descriptor(
        &mut self,
        found: &Value,
        instance: &Value,
        store: Store,
        owner: &Arc<TypeObject>,
        name: &str,
    ) -> PyResult<bool> {
        if let Value::Descriptor(descriptor) = found {
            let Descriptor::Property {
                setter, deleter, ..
            } = &**descriptor
            else {
                return Ok(false);
            };
            let (function, arguments, missing) = match store {
                Store::Set(value) => (setter, vec![instance.clone(), value], "setter"),
                Store::Delete => (deleter, vec![instance.clone()], "deleter"),
            };
            if function.is_none() {
                return property_error(name, owner, missing);
            }
            self.call(function, arguments)?;
            return Ok(true);
        }
        let Some(hooks) = Hooks::of(&self.token, found).filter(Hooks::is_data) else {
            return Ok(false);
        };
        let (hook, mut arguments, missing) = match store {
            Store::Set(value) => (hooks.set, vec![instance.clone(), value], "__set__"),
            Store::Delete => (hooks.delete, vec![instance.clone()], "__delete__"),
        };
        let Some(hook) = hook else {
            return raise(ExceptionKind::AttributeError, missing);
        };
        arguments.insert(0, found.clone());
        self.call(&hook, arguments)?;
        Ok(true)
    }
}

/// `property 'x' of 'C' object has no setter` (or getter, or deleter).
fn property_error<T>(name: &str, owner: &TypeObject, missing: &str) -> PyResult<T> {
    raise(
        ExceptionKind::AttributeError,
        format!(
            "property '{name}' of '{}' object has no {missing}",
            owner.name
        ),
    )
}

/// A method: `function` with its first argument given.
pub(super) fn bound(function: Value, receiver: Value) -> Value {
    Value::BoundMethod(Arc::new(BoundMethod { function, receiver }))
}
