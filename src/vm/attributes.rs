//! Names and attributes: locals in cells, globals and builtins, module
//! namespaces, and attribute lookup on the built-in types.

use super::builtin_methods;
use super::Vm;
use crate::objects::dict::PyDict;
use crate::objects::exception::{raise, PyException};
use crate::objects::function::{BuiltinFunction, CellRef};
use crate::objects::type_object::{type_name, type_of, ExceptionKind};
use crate::objects::{PyResult, Value};
use std::sync::{Arc, LazyLock};

impl Vm {
    /// The name constant `index` of the running code.
    pub(super) fn frame_name(&self, index: u32) -> Value {
        match self.frames.last() {
            Some(frame) => frame.code().body().names[index as usize].clone(),
            None => Value::None,
        }
    }

    /// Cell `index` of the running frame.
    pub(super) fn frame_cell(&self, index: u32) -> CellRef {
        match self.frames.last() {
            Some(frame) => frame.cells[index as usize].clone(),
            None => Arc::new(crate::objects::function::Cell::new(Value::Null)),
        }
    }

    /// `LoadDeref`: the content of a cell, or NameError if it is empty.
    pub(super) fn load_deref(&mut self, index: u32) -> PyResult<()> {
        let cell = self.frame_cell(index);
        let value = cell.value.ro(&self.token).clone();
        if let Value::Null = value {
            let name = self.cell_name(index);
            return raise(
                ExceptionKind::NameError,
                format!("cannot access free variable '{name}' where it is not associated with a value in enclosing scope"),
            );
        }
        self.stack.push(value);
        Ok(())
    }

    fn cell_name(&self, index: u32) -> String {
        let Some(frame) = self.frames.last() else {
            return String::new();
        };
        let code = &frame.code();
        code.cellvars
            .iter()
            .chain(code.freevars.iter())
            .nth(index as usize)
            .cloned()
            .unwrap_or_default()
    }

    /// Looks a name up in a dict by its (cached) string hash.
    #[inline]
    fn lookup(&self, dict: &crate::objects::dict::PyDict, name: &Value) -> Option<Value> {
        let Value::Str(text) = name else { return None };
        dict.data.ro(&self.token).get_hashed(name, text.hash())
    }

    /// `LoadGlobal`: the globals, then the builtins. The name is borrowed
    /// from the code object and its hash is cached: no allocation, no hashing.
    pub(super) fn load_global(&mut self, index: u32) -> PyResult<()> {
        let Some(frame) = self.frames.last() else {
            return Ok(());
        };
        let name = &frame.code().body().names[index as usize];
        let found = self
            .lookup(frame.globals(), name)
            .or_else(|| self.lookup(&self.interp.builtins, name));
        match found {
            Some(value) => {
                self.stack.push(value);
                Ok(())
            }
            None => name_error(name),
        }
    }

    /// `StoreGlobal`.
    pub(super) fn store_global(&mut self, index: u32) -> PyResult<()> {
        let value = self.pop();
        let target = self.frames.last().map(|f| f.globals().clone());
        self.store_in(target, index, value)
    }

    /// `DeleteGlobal`.
    pub(super) fn delete_global(&mut self, index: u32) -> PyResult<()> {
        let target = self.frames.last().map(|f| f.globals().clone());
        self.delete_in(target, index)
    }

    /// `LoadName`: the namespace, the globals, then the builtins.
    pub(super) fn load_name(&mut self, index: u32) -> PyResult<()> {
        let name = self.frame_name(index);
        let Some(frame) = self.frames.last() else {
            return Ok(());
        };
        let mut found = frame
            .namespace
            .as_ref()
            .and_then(|ns| self.lookup(ns, &name));
        if found.is_none() {
            found = self
                .lookup(&frame.globals(), &name)
                .or_else(|| self.lookup(&self.interp.builtins, &name));
        }
        match found {
            Some(value) => {
                self.stack.push(value);
                Ok(())
            }
            None => name_error(&name),
        }
    }

    /// `StoreName`.
    pub(super) fn store_name(&mut self, index: u32) -> PyResult<()> {
        let value = self.pop();
        let target = self.frames.last().map(|f| f.namespace_dict().clone());
        self.store_in(target, index, value)
    }

    /// `DeleteName`.
    pub(super) fn delete_name(&mut self, index: u32) -> PyResult<()> {
        let target = self.frames.last().map(|f| f.namespace_dict().clone());
        self.delete_in(target, index)
    }

    /// Binds name constant `index` in `target` (a namespace of the running frame).
    fn store_in(&mut self, target: Option<Arc<PyDict>>, index: u32, value: Value) -> PyResult<()> {
        let name = self.frame_name(index);
        if let Some(target) = target {
            store(self, &target, name, value);
        }
        Ok(())
    }

    /// Unbinds name constant `index` from `target`: NameError if unbound.
    fn delete_in(&mut self, target: Option<Arc<PyDict>>, index: u32) -> PyResult<()> {
        let name = self.frame_name(index);
        match target {
            Some(target) => remove(self, &target, &name),
            None => Ok(()),
        }
    }

    /// `object.name`.
    pub fn get_attribute(&mut self, object: &Value, name: &Value) -> PyResult<Value> {
        let text = name.as_str().unwrap_or_default();
        if let Some(value) = self.user_attribute_or_fallback(object, name)? {
            return Ok(value);
        }
        if let Some(value) = self.special_attribute(object, text)? {
            return Ok(value);
        }
        if let Some(value) = self.exception_attribute(object, name)? {
            return Ok(value);
        }
        if let Some(value) = self.attribute_fallback(object, text)? {
            return Ok(value);
        }
        if let Value::Module(module) = object {
            if let Some(value) = self.lookup(&module.dict, name) {
                return Ok(value);
            }
            return raise(
                ExceptionKind::AttributeError,
                format!("module '{}' has no attribute '{text}'", module.name),
            );
        }
        if let Some(method) = builtin_methods::object_method_of_class(object, text) {
            return Ok(method);
        }
        if let Some(method) = builtin_methods::builtin_class_method(object, text) {
            return Ok(method);
        }
        if let Some(method) = builtin_methods::class_method_through_instance(object, text) {
            return Ok(method);
        }
        match builtin_methods::method_of(object, text) {
            Some((static_name, function)) => {
                Ok(Value::BuiltinFunction(Arc::new(BuiltinFunction {
                    name: static_name,
                    function: *function,
                    receiver: Some(object.clone()),
                })))
            }
            None => attribute_error(object, text),
        }
    }

    /// `user_attribute`, where a getter's AttributeError means "no such
    /// attribute": `__getattr__` has its turn, as in CPython's
    /// `slot_tp_getattr_hook`.
    fn user_attribute_or_fallback(
        &mut self,
        object: &Value,
        name: &Value,
    ) -> PyResult<Option<Value>> {
        match self.user_attribute(object, name) {
            Err(error) if error.is(ExceptionKind::AttributeError) => {
                let text = name.as_str().unwrap_or_default();
                match self.attribute_fallback(object, text)? {
                    Some(value) => Ok(Some(value)),
                    None => Err(error),
                }
            }
            other => other,
        }
    }

    /// Attributes that classes defined in Python give: an instance's own and
    /// its class's, a user class's, and lookups through `super()`.
    fn user_attribute(&mut self, object: &Value, key: &Value) -> PyResult<Option<Value>> {
        let name = key.as_str().unwrap_or_default();
        match object {
            Value::Instance(instance) => {
                let (class, dict) = (instance.class.clone(), instance.dict.clone());
                if name == "__dict__" {
                    return Ok(Some(Value::Dict(dict)));
                }
                self.instance_attribute(object, &class, &dict, key)
            }
            Value::Type(class) if class.dict.is_some() => self.class_attribute(class, name),
            Value::Super(lookup) => self.super_attribute(&lookup.class, &lookup.receiver, name),
            Value::Function(function) => {
                let attributes = function.attributes.ro(&self.token).clone();
                match (attributes, name) {
                    (Some(dict), "__dict__") => Ok(Some(Value::Dict(dict))),
                    (Some(dict), _) => Ok(dict.data.ro(&self.token).get_str(name)),
                    (None, "__dict__") => {
                        let dict = Arc::new(PyDict::new());
                        *function.attributes.rw(&mut self.token) = Some(dict.clone());
                        Ok(Some(Value::Dict(dict)))
                    }
                    (None, _) => Ok(None),
                }
            }
            Value::Descriptor(descriptor) => Ok(crate::modules::classes::descriptor_attribute(
                descriptor, name,
            )),
            Value::BoundMethod(method) => match name {
                "__func__" => Ok(Some(method.function.clone())),
                "__self__" => Ok(Some(method.receiver.clone())),
                "__class__" => Ok(None),
                // Anything else is the function's, as CPython's `method_getattro`
                // forwards it (`obj.cached.cache_info()`).
                _ => {
                    let function = method.function.clone();
                    self.get_attribute(&function, &Value::str(name)).map(Some)
                }
            },
            _ => Ok(None),
        }
    }

    /// Attributes of a user-defined exception beyond the built-in ones.
    fn exception_attribute(&mut self, object: &Value, name: &Value) -> PyResult<Option<Value>> {
        let Value::Exception(exception) = object else {
            return Ok(None);
        };
        let (class, dict) = (exception.class.clone(), exception.dict.clone());
        self.instance_attribute(object, &class, &dict, name)
    }

    /// Attributes every object of a kind has: `__name__`, `args`, `real` ...
    fn special_attribute(&mut self, object: &Value, name: &str) -> PyResult<Option<Value>> {
        Ok(match (object, name) {
            (_, "__class__") => Some(Value::Type(type_of(object))),
            (Value::File(file), "closed" | "name" | "mode" | "encoding") => {
                file.attribute(&self.token, name)
            }
            (Value::Type(class), "__name__" | "__qualname__") => {
                Some(Value::str(class.name.clone()))
            }
            (Value::Type(class), _) => builtin_methods::class_special_attribute(class, name),
            (Value::Function(f), "__name__") => Some(Value::str(f.code.name.clone())),
            (Value::Function(_), "__get__") => {
                Some(Value::BuiltinFunction(Arc::new(BuiltinFunction {
                    name: "__get__",
                    function: crate::modules::classes::descriptor_dunder_get,
                    receiver: Some(object.clone()),
                })))
            }
            (Value::Function(f), "__module__") => Some(
                f.globals
                    .data
                    .ro(&self.token)
                    .get_str("__name__")
                    .unwrap_or(Value::None),
            ),
            (Value::Function(f), "__qualname__") => Some(Value::str(f.code.qualname.clone())),
            (Value::Function(f), "__doc__") => Some(
                f.code
                    .docstring
                    .clone()
                    .map(Value::str)
                    .unwrap_or(Value::None),
            ),
            (Value::BuiltinFunction(f), "__name__") => Some(Value::str(f.name)),
            (Value::Generator(g), "__qualname__") => Some(Value::str(g.qualname.clone())),
            (Value::Generator(g), "__name__") => {
                let name = g.qualname.rsplit('.').next().unwrap_or_default();
                Some(Value::str(name))
            }
            (Value::Module(m), "__name__") => Some(Value::str(m.name.clone())),
            (Value::Exception(e), "args") => Some(Value::tuple(e.current_args(&self.token))),
            (Value::Exception(e), "value") if e.is_instance_of(ExceptionKind::StopIteration) => {
                Some(
                    e.current_args(&self.token)
                        .first()
                        .cloned()
                        .unwrap_or(Value::None),
                )
            }
            (Value::Exception(e), "__cause__") => {
                let cause = e.state.ro(&self.token).cause.clone();
                Some(cause.map(Value::Exception).unwrap_or(Value::None))
            }
            (Value::Exception(e), "__context__") => {
                let context = e.state.ro(&self.token).context.clone();
                Some(context.map(Value::Exception).unwrap_or(Value::None))
            }
            (Value::Exception(e), "__suppress_context__") => {
                Some(Value::Bool(e.state.ro(&self.token).suppress_context))
            }
            (Value::Exception(e), "code") if e.class.name == "SystemExit" => Some(
                e.current_args(&self.token)
                    .first()
                    .cloned()
                    .unwrap_or(Value::None),
            ),
            (Value::Int(_) | Value::Bool(_) | Value::BigInt(_), "real" | "numerator") => {
                Some(match object {
                    Value::Bool(b) => Value::Int(*b as i64),
                    other => other.clone(),
                })
            }
            (Value::Int(_) | Value::Bool(_) | Value::BigInt(_), "imag") => Some(Value::Int(0)),
            (Value::Int(_) | Value::Bool(_) | Value::BigInt(_), "denominator") => {
                Some(Value::Int(1))
            }
            (Value::Float(f), "real") => Some(Value::Float(*f)),
            (Value::Float(_), "imag") => Some(Value::Float(0.0)),
            (Value::Range(r), "start" | "stop" | "step") => r.attribute(name),
            (Value::Slice(s), "start") => Some(s.start.clone()),
            (Value::Slice(s), "stop") => Some(s.stop.clone()),
            (Value::Slice(s), "step") => Some(s.step.clone()),
            _ => None,
        })
    }

    /// `object.name = value`: through the class's `__setattr__` if it
    /// defines one, else the ordinary store.
    pub fn set_attribute(&mut self, object: &Value, name: &Value, value: Value) -> PyResult<()> {
        if let Some(hook) = self.attribute_hook(object, &SETATTR) {
            self.call(&hook, vec![object.clone(), name.clone(), value])?;
            return Ok(());
        }
        self.generic_set_attribute(object, name, value)
    }

    /// A user class's own `__setattr__` or `__delattr__`, if it has one
    /// (asked on every store, so the name comes interned and hashed).
    fn attribute_hook(&self, object: &Value, hook: &LazyLock<(Value, i64)>) -> Option<Value> {
        match object {
            Value::Instance(instance) => {
                let (key, hash) = &**hook;
                super::classes::lookup_key_in_class(&self.token, &instance.class, key, *hash)
            }
            _ => None,
        }
    }

    /// `object.__setattr__`: the ordinary store. Built-in objects have no
    /// writable attributes.
    pub fn generic_set_attribute(
        &mut self,
        object: &Value,
        name: &Value,
        value: Value,
    ) -> PyResult<()> {
        let text = name.as_str().unwrap_or_default();
        match object {
            Value::Instance(instance) => {
                let dict = instance.dict.clone();
                self.set_instance_attribute(object, &dict, name, value)
            }
            Value::Exception(exception) if text == "args" => {
                let args = self.collect(&value)?;
                exception.state.rw(&mut self.token).args = Some(args);
                Ok(())
            }
            Value::Exception(exception) => {
                let dict = exception.dict.clone();
                self.set_instance_attribute(object, &dict, name, value)
            }
            Value::Type(class) if class.dict.is_some() => {
                if let Some(dict) = &class.dict {
                    store(self, dict, name.clone(), value);
                }
                Ok(())
            }
            Value::Function(function) => {
                let existing = function.attributes.ro(&self.token).clone();
                let dict = existing.unwrap_or_else(|| Arc::new(PyDict::new()));
                *function.attributes.rw(&mut self.token) = Some(dict.clone());
                store(self, &dict, name.clone(), value);
                Ok(())
            }
            Value::Module(module) => {
                let dict = module.dict.clone();
                store(self, &dict, name.clone(), value);
                Ok(())
            }
            Value::Type(class) => raise(
                ExceptionKind::TypeError,
                format!(
                    "cannot set '{text}' attribute of immutable type '{}'",
                    class.name
                ),
            ),
            _ if builtin_methods::method_of(object, text).is_some() => raise(
                ExceptionKind::AttributeError,
                format!(
                    "'{}' object attribute '{text}' is read-only",
                    type_name(object)
                ),
            ),
            _ => raise(
                ExceptionKind::AttributeError,
                format!("'{}' object has no attribute '{text}'", type_name(object)),
            ),
        }
    }

    /// `del object.name`: through the class's `__delattr__` if it defines
    /// one, else the ordinary delete.
    pub fn delete_attribute(&mut self, object: &Value, name: &Value) -> PyResult<()> {
        if let Some(hook) = self.attribute_hook(object, &DELATTR) {
            self.call(&hook, vec![object.clone(), name.clone()])?;
            return Ok(());
        }
        self.generic_delete_attribute(object, name)
    }

    /// `object.__delattr__`: the ordinary delete.
    pub fn generic_delete_attribute(&mut self, object: &Value, name: &Value) -> PyResult<()> {
        let instance_dict = match object {
            Value::Instance(instance) => Some(instance.dict.clone()),
            Value::Exception(exception) => Some(exception.dict.clone()),
            _ => None,
        };
        if let Some(dict) = instance_dict {
            return match self.delete_instance_attribute(object, &dict, name)? {
                true => Ok(()),
                false => attribute_error(object, name.as_str().unwrap_or_default()),
            };
        }
        let own_dict = match object {
            Value::Type(class) => class.dict.clone(),
            _ => None,
        };
        if let Some(dict) = own_dict {
            let hash = crate::objects::compare::hash(name)?;
            return match dict.data.rw(&mut self.token).remove_hashed(name, hash) {
                Some(_) => Ok(()),
                None => attribute_error(object, name.as_str().unwrap_or_default()),
            };
        }
        match object {
            Value::Module(module) => {
                let dict = module.dict.clone();
                remove(self, &dict, name)
            }
            _ => attribute_error(object, name.as_str().unwrap_or_default()),
        }
    }

    /// `LoadMethod`: a built-in method comes back unbound with its receiver
    /// (no bound-method object is made); anything else as the attribute and NULL.
    pub(super) fn load_method(&mut self, object: Value, name: &Value) -> PyResult<(Value, Value)> {
        let text = name.as_str().unwrap_or_default();
        if !matches!(
            object,
            Value::Module(_) | Value::Type(_) | Value::Exception(_)
        ) {
            if let Some(entry) = builtin_methods::method_of(&object, text) {
                return Ok((Value::NativeMethod(entry), object));
            }
        }
        if let Value::Instance(instance) = &object {
            if let Some(function) = self.plain_method(instance, text) {
                return Ok((function, object));
            }
        }
        let attribute = self.get_attribute(&object, name)?;
        Ok((attribute, Value::Null))
    }

    /// A function defined on an instance's class (not shadowed by the
    /// instance dict): `LoadMethod` pushes it with the instance, unbound.
    fn plain_method(
        &self,
        instance: &crate::objects::instance::Instance,
        name: &str,
    ) -> Option<Value> {
        if super::classes::dict_lookup(&self.token, &instance.dict, name).is_some() {
            return None;
        }
        match super::classes::lookup_in_class(&self.token, &instance.class, name)? {
            function @ Value::Function(_) => Some(function),
            _ => None,
        }
    }
}

/// The names of the attribute hooks, interned once.
static SETATTR: LazyLock<(Value, i64)> =
    LazyLock::new(|| super::classes::interned_key("__setattr__"));
static DELATTR: LazyLock<(Value, i64)> =
    LazyLock::new(|| super::classes::interned_key("__delattr__"));

fn store(vm: &mut Vm, dict: &crate::objects::dict::PyDict, name: Value, value: Value) {
    let hash = match &name {
        Value::Str(s) => s.hash(),
        _ => 0,
    };
    dict.data.rw(&mut vm.token).insert_hashed(name, hash, value);
}

fn remove(vm: &mut Vm, dict: &crate::objects::dict::PyDict, name: &Value) -> PyResult<()> {
    let hash = match name {
        Value::Str(s) => s.hash(),
        _ => 0,
    };
    match dict.data.rw(&mut vm.token).remove_hashed(name, hash) {
        Some(_) => Ok(()),
        None => name_error(name),
    }
}

/// `NameError: name 'x' is not defined`.
fn name_error<T>(name: &Value) -> PyResult<T> {
    let name = name.as_str().unwrap_or_default();
    Err(PyException::new(
        ExceptionKind::NameError,
        format!("name '{name}' is not defined"),
    ))
}

/// `AttributeError: 'int' object has no attribute 'x'`.
fn attribute_error<T>(object: &Value, name: &str) -> PyResult<T> {
    let message = match object {
        Value::Type(class) => format!("type object '{}' has no attribute '{name}'", class.name),
        _ => format!("'{}' object has no attribute '{name}'", type_name(object)),
    };
    raise(ExceptionKind::AttributeError, message)
}
