//! The wire format, read back: fresh objects in the receiving process.
//!
//! The inverse of `wire.rs`. Classes, modules and built-in functions are
//! looked up by name in the receiver (importing a module it has not loaded
//! yet); what cannot be found is an error here, at the receiving call, in
//! Python's words (`AttributeError: Can't get attribute 'Point' on <module
//! '__mp_main__'>`), never a panic.

use super::wire::{ClassName, Wire, WireException, WireFunction, WireInstance};
use super::wire_code::code_from_wire;
use crate::objects::exception::{raise, ExceptionObject};
use crate::objects::function::{Cell, Function};
use crate::objects::handle::Handle;
use crate::objects::instance::Instance;
use crate::objects::type_object::{type_name, ExceptionKind, TypeObject};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// Rebuilds values; `handles` are the OS objects a child inherited.
pub struct Decoder<'a> {
    pub handles: &'a [Arc<Handle>],
}

/// Reads a value from a channel's bytes.
pub fn decode(vm: &mut Vm, bytes: &[u8]) -> PyResult<Value> {
    let wire: Wire = from_bytes(bytes)?;
    Decoder { handles: &[] }.from_wire(vm, wire)
}

/// Postcard's reading of `bytes`; bytes that are not one are an error.
pub fn from_bytes<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> PyResult<T> {
    match postcard::from_bytes(bytes) {
        Ok(wire) => Ok(wire),
        Err(error) => raise(
            ExceptionKind::ValueError,
            format!("received a message that is not a pyl value ({error})"),
        ),
    }
}

impl Decoder<'_> {
    /// The value `wire` describes.
    pub fn from_wire(&self, vm: &mut Vm, wire: Wire) -> PyResult<Value> {
        Ok(match wire {
            Wire::None => Value::None,
            Wire::Ellipsis => Value::Ellipsis,
            Wire::NotImplemented => Value::NotImplemented,
            Wire::Bool(flag) => Value::Bool(flag),
            Wire::Int(number) => Value::Int(number),
            Wire::BigInt(number) => Value::from_bigint(number),
            Wire::Float(number) => Value::Float(number),
            Wire::Str(text) => Value::str(text),
            Wire::Bytes(bytes) => crate::objects::bytes::new_value(bytes),
            Wire::Tuple(items) => Value::tuple(self.all(vm, items)?),
            Wire::List(items) => Value::list(self.all(vm, items)?),
            Wire::Dict(pairs) => {
                let mut items = Vec::with_capacity(pairs.len() * 2);
                for (key, value) in pairs {
                    items.push(self.from_wire(vm, key)?);
                    items.push(self.from_wire(vm, value)?);
                }
                vm.new_dict_from_pairs(items)?
            }
            Wire::Set(items) => {
                let items = self.all(vm, items)?;
                vm.new_set(items)?
            }
            Wire::FrozenSet(items) => {
                let items = self.all(vm, items)?;
                let Value::Set(set) = vm.new_set(items)? else {
                    return raise(ExceptionKind::SystemError, "new_set made no set");
                };
                let table = crate::objects::set::copy_table(vm, &set);
                Value::Set(Arc::new(crate::objects::set::PySet::frozen(table)))
            }
            Wire::Range(_, _, 0) => {
                return raise(ExceptionKind::ValueError, "range() arg 3 must not be zero")
            }
            Wire::Range(start, stop, step) => Value::Range(Arc::new(
                crate::objects::range::PyRange::new(start, stop, step),
            )),
            Wire::Slice(bounds) => {
                let [start, stop, step] = *bounds;
                Value::Slice(Arc::new(crate::objects::slice::PySlice {
                    start: self.from_wire(vm, start)?,
                    stop: self.from_wire(vm, stop)?,
                    step: self.from_wire(vm, step)?,
                }))
            }
            Wire::Class(name) => Value::Type(find_class(vm, &name)?),
            Wire::BuiltinType(name) => builtin(vm, &name)?,
            Wire::Builtin { module, name } => match module {
                Some(module) => module_attribute(vm, &module, &name)?,
                None => builtin(vm, &name)?,
            },
            Wire::BoundMethod(receiver, name) => {
                let receiver = self.from_wire(vm, *receiver)?;
                vm.get_attribute(&receiver, &Value::str(name))?
            }
            Wire::Function(function) => self.function(vm, *function)?,
            Wire::Code(code) => Value::Code(code_from_wire(*code)?),
            Wire::Instance(instance) => self.instance(vm, *instance)?,
            Wire::Exception(exception) => self.exception(vm, *exception)?,
            Wire::Handle(index) => match self.handles.get(index as usize) {
                Some(handle) => Value::Handle(handle.clone()),
                None => return raise(ExceptionKind::ValueError, "received an unknown handle"),
            },
        })
    }

    fn all(&self, vm: &mut Vm, items: Vec<Wire>) -> PyResult<Vec<Value>> {
        items
            .into_iter()
            .map(|item| self.from_wire(vm, item))
            .collect()
    }

    fn function(&self, vm: &mut Vm, wire: WireFunction) -> PyResult<Value> {
        let globals = vm.import_module(&wire.module)?.dict.clone();
        let code = code_from_wire(wire.code)?;
        if wire.closure.len() != code.freevars.len() {
            return raise(
                ExceptionKind::ValueError,
                "received a function with a bad closure",
            );
        }
        let mut closure = Vec::with_capacity(wire.closure.len());
        for held in wire.closure {
            let value = match held {
                Some(held) => self.from_wire(vm, held)?,
                None => Value::Null,
            };
            closure.push(Arc::new(Cell::new(value)));
        }
        let defaults = self.all(vm, wire.defaults)?;
        let mut kwdefaults = Vec::with_capacity(wire.kwdefaults.len());
        for (name, default) in wire.kwdefaults {
            kwdefaults.push((name, self.from_wire(vm, default)?));
        }
        let function = Value::Function(Arc::new(Function::new(
            code, globals, defaults, kwdefaults, closure,
        )));
        for (name, value) in wire.attributes {
            let value = self.from_wire(vm, value)?;
            vm.set_attribute(&function, &Value::str(name), value)?;
        }
        Ok(function)
    }

    /// An instance, made without calling `__init__` (as pickle does), its
    /// state restored by `__setstate__` or into its dict.
    fn instance(&self, vm: &mut Vm, wire: WireInstance) -> PyResult<Value> {
        let class = find_class(vm, &wire.class)?;
        let base_value = match wire.base_value {
            Some(base) => self.from_wire(vm, base)?,
            None => Value::Null,
        };
        let instance = Arc::new(Instance::with_base_value(class, base_value));
        let value = Value::Instance(instance.clone());
        let state = self.from_wire(vm, wire.state)?;
        if wire.has_setstate {
            let setstate = vm.get_attribute(&value, &Value::str("__setstate__"))?;
            vm.call(&setstate, vec![state])?;
        } else if let Value::Dict(state) = state {
            for (key, item) in state.data.ro(&vm.token).pairs() {
                vm.dict_insert(&instance.dict, key, item)?;
            }
        }
        Ok(value)
    }

    /// An exception; the sender's traceback becomes its `__cause__`, a
    /// `multiprocessing.RemoteTraceback` (as CPython's pool shows it), when
    /// that module is loaded.
    fn exception(&self, vm: &mut Vm, wire: WireException) -> PyResult<Value> {
        let class = match self.from_wire(vm, wire.class)? {
            Value::Type(class) if is_exception_class(&class) => class,
            other => {
                let message = format!("received a {} as an exception class", type_name(&other));
                return raise(ExceptionKind::TypeError, message);
            }
        };
        let args = self.all(vm, wire.args)?;
        let exception = Arc::new(ExceptionObject::new(class, args));
        for (name, value) in wire.attributes {
            let value = self.from_wire(vm, value)?;
            vm.set_item_str(&exception.dict, &name, value);
        }
        if let Some(cause) = remote_traceback(vm, wire.traceback)? {
            let state = exception.state.rw(&mut vm.token);
            state.cause = Some(cause);
            state.suppress_context = true;
        }
        Ok(Value::Exception(exception))
    }
}

fn is_exception_class(class: &TypeObject) -> bool {
    let base = crate::objects::type_object::TYPES.exception(ExceptionKind::BaseException);
    class.is_subclass(base)
}

/// `RemoteTraceback(text)`, if `multiprocessing` is loaded to define it.
fn remote_traceback(vm: &mut Vm, text: String) -> PyResult<Option<Arc<ExceptionObject>>> {
    let multiprocessing = vm
        .interp
        .modules
        .data
        .ro(&vm.token)
        .get_str("multiprocessing");
    let Some(Value::Module(module)) = multiprocessing else {
        return Ok(None);
    };
    let class = module.dict.data.ro(&vm.token).get_str("RemoteTraceback");
    let Some(class) = class else {
        return Ok(None);
    };
    let quoted = format!("\n\"\"\"\n{text}\"\"\"");
    match vm.call(&class, vec![Value::str(quoted)])? {
        Value::Exception(cause) => Ok(Some(cause)),
        _ => Ok(None),
    }
}

/// A name in `builtins` (`int`, `ValueError`, `abs`).
fn builtin(vm: &mut Vm, name: &str) -> PyResult<Value> {
    match vm.interp.builtins.data.ro(&vm.token).get_str(name) {
        Some(value) => Ok(value),
        None => raise(
            ExceptionKind::AttributeError,
            format!("Can't get attribute '{name}' on <module 'builtins' (built-in)>"),
        ),
    }
}

/// `module.name`, importing the module if need be.
fn module_attribute(vm: &mut Vm, module: &str, name: &str) -> PyResult<Value> {
    let module = vm.import_module(module)?;
    match module.dict.data.ro(&vm.token).get_str(name) {
        Some(value) => Ok(value),
        None => cannot_get(name, &module.name),
    }
}

/// The class `module.qualname` (a dotted qualname walks nested classes).
fn find_class(vm: &mut Vm, name: &ClassName) -> PyResult<Arc<TypeObject>> {
    let module = vm.import_module(&name.module)?;
    let mut parts = name.qualname.split('.');
    let first = parts.next().unwrap_or_default();
    let Some(mut found) = module.dict.data.ro(&vm.token).get_str(first) else {
        return cannot_get(&name.qualname, &module.name);
    };
    for part in parts {
        found = vm.get_attribute(&found, &Value::str(part))?;
    }
    match found {
        Value::Type(class) => Ok(class),
        _ => cannot_get(&name.qualname, &module.name),
    }
}

fn cannot_get<T>(name: &str, module: &str) -> PyResult<T> {
    raise(
        ExceptionKind::AttributeError,
        format!("Can't get attribute '{name}' on <module '{module}'>"),
    )
}
