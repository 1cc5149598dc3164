//! `dir()`: the sorted names of the current scope, or of an object's
//! attributes, as CPython's `object.__dir__` and `type.__dir__` list them.
//!
//! An object's list is its own attribute dict plus the names of its class
//! chain. A class made by a `class` statement contributes its namespace;
//! a built-in class the names CPython lists for it (`dir_names.rs`,
//! generated from CPython 3.11), so `dir([])` prints what CPython prints.

use super::dir_names::OWN_NAMES;
use crate::objects::dict::PyDict;
use crate::objects::function::Args;
use crate::objects::type_object::{type_of, TypeObject};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::collections::BTreeSet;

/// `dir()` or `dir(object)`: a new sorted list of names.
pub fn dir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("dir", 0, 1)?;
    let names = match args.positional.first() {
        None => super::scope::local_names(vm),
        Some(object) => match custom_dir(vm, object)? {
            Some(sorted) => return Ok(sorted),
            None => attribute_names(vm, object),
        },
    };
    Ok(Value::list(names.into_iter().map(Value::str).collect()))
}

/// The result of a user class's `__dir__`, sorted as `sorted()` would;
/// `None` without one.
fn custom_dir(vm: &mut Vm, object: &Value) -> PyResult<Option<Value>> {
    if !vm.has_special(object, "__dir__") {
        return Ok(None);
    }
    match vm.call_special(object, "__dir__", Vec::new())? {
        Some(result) => super::sequences::sorted(vm, Args::positional(vec![result])).map(Some),
        None => Ok(None),
    }
}

/// What `dir(object)` lists when its class does not define `__dir__`.
fn attribute_names(vm: &Vm, object: &Value) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    match object {
        Value::Module(module) => add_keys(vm, &mut names, &module.dict),
        Value::Type(class) => add_class_names(vm, &mut names, class),
        Value::Instance(instance) => {
            add_keys(vm, &mut names, &instance.dict);
            add_class_names(vm, &mut names, &instance.class);
        }
        Value::Exception(exception) => {
            add_keys(vm, &mut names, &exception.dict);
            add_class_names(vm, &mut names, &exception.class);
        }
        Value::Function(function) => {
            if let Some(dict) = function.attributes.ro(&vm.token) {
                add_keys(vm, &mut names, dict);
            }
            add_class_names(vm, &mut names, &type_of(object));
        }
        other => add_class_names(vm, &mut names, &type_of(other)),
    }
    names
}

/// The names a class and its bases provide, as `dir(class)` lists them.
fn add_class_names(vm: &Vm, names: &mut BTreeSet<String>, class: &TypeObject) {
    for current in class.ancestry() {
        match &current.dict {
            Some(dict) => {
                add_keys(vm, names, dict);
                // CPython keeps `__qualname__` on the type, not in its dict,
                // and gives the first class below a built-in one the
                // `__dict__` and `__weakref__` descriptors.
                names.remove("__qualname__");
                if current
                    .base
                    .as_ref()
                    .is_some_and(|base| base.dict.is_none())
                {
                    names.insert("__dict__".to_string());
                    names.insert("__weakref__".to_string());
                }
            }
            None => {
                let own = OWN_NAMES.iter().find(|(name, _)| *name == current.name);
                if let Some((_, own)) = own {
                    names.extend(own.iter().map(|name| name.to_string()));
                }
            }
        }
    }
}

/// Adds a namespace's string keys.
fn add_keys(vm: &Vm, names: &mut BTreeSet<String>, dict: &PyDict) {
    for entry in dict.data.ro(&vm.token).entries() {
        if let Value::Str(key) = &entry.key {
            names.insert(key.as_str().to_string());
        }
    }
}
