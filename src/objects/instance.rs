//! Instances of classes defined by a `class` statement, and the objects
//! that make methods work: `staticmethod`, `classmethod`, `property`, `super`.
//!
//! An instance is its class and a dict of attributes. Looking an attribute
//! up (`vm/classes.rs`) tries the instance dict, then the class and its
//! bases; a function found on the class comes back bound to the instance.
//! An instance of a class derived from a built-in type (`class L(list)`)
//! also carries a value of that type, which the built-in operations use
//! (`len`, subscripts, `repr`, the type's methods) unless the class
//! overrides them: CPython keeps that state inside the object itself.

use super::dict::PyDict;
use super::type_object::TypeObject;
use super::Value;
use std::sync::Arc;

/// An instance of a user-defined class.
pub struct Instance {
    pub class: Arc<TypeObject>,
    pub dict: Arc<PyDict>,
    /// The built-in value of a class derived from a built-in type (a list
    /// for `class L(list)`); `Value::Null` for every other class.
    pub base_value: Value,
}

impl Instance {
    /// A new instance of `class` with no attributes.
    pub fn new(class: Arc<TypeObject>) -> Instance {
        Instance::with_base_value(class, Value::Null)
    }

    /// A new instance of `class` (derived from a built-in type) carrying
    /// `base_value`, a value of that built-in type.
    pub fn with_base_value(class: Arc<TypeObject>, base_value: Value) -> Instance {
        Instance {
            class,
            dict: Arc::new(PyDict::new()),
            base_value,
        }
    }
}

/// The wrappers the method decorators make.
pub enum Descriptor {
    /// `@staticmethod`: the function, called without an instance.
    StaticMethod(Value),
    /// `@classmethod`: the function, bound to the class.
    ClassMethod(Value),
    /// `property(fget, fset, fdel)`: attribute access runs the functions.
    Property {
        getter: Value,
        setter: Value,
        deleter: Value,
    },
}

/// `super()`: attribute lookup on `receiver` that starts after `class`.
pub struct Super {
    pub class: Arc<TypeObject>,
    pub receiver: Value,
}

super::opaque_debug!(Instance, "instance");
super::opaque_debug!(Descriptor, "descriptor");
super::opaque_debug!(Super, "super");
