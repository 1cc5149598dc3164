//! The wire format: how a Python value crosses to another pyl process.
//!
//! Notes about the implementation
//! ------------------------------
//! CPython pickles; pyl turns a `Value` into a `Wire`, a plain serde enum
//! that owns its data and holds no `Arc` into the sender's heap, and
//! postcard writes that as bytes. The receiver rebuilds fresh objects from
//! it under its own GIL (`wire_decode.rs`). So the two heaps never share a
//! cell, and the GIL's token proves as much.
//!
//! - Containers and scalars go by value: a list of lists arrives as a new
//!   list of new lists. (Two references to one list arrive as two lists:
//!   pickle's memo is not copied.)
//! - A class goes by reference: its module and qualified name, looked up in
//!   the receiver, which loaded the same script as `__mp_main__`. An
//!   instance is its class reference and its attribute dict, or what its
//!   class's `__getstate__` returns.
//! - A function goes **by value**: its code object (`wire_code.rs`), its
//!   defaults and the values its closure cells hold, with its globals named
//!   by module. Lambdas and closures cross, where pickle refuses them.
//! - An OS object (a channel, a semaphore, shared memory) crosses only to a
//!   child being started: it is put in the spawn's handle table, whose file
//!   descriptors the child inherits, and the wire holds its index there.
//! - Everything else (locks, files, generators, modules, iterators) raises
//!   `TypeError: cannot pickle '...' object` at the call that sends it.

use super::wire_code::{code_to_wire, WireCode};
use crate::objects::exception::{raise, type_error};
use crate::objects::handle::Handle;
use crate::objects::type_object::{type_name, ExceptionKind, TypeObject};
use crate::objects::{PyResult, Value};
use crate::runtime::locks::LockKind;
use crate::vm::Vm;
use num_bigint::BigInt;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// How deep a value may nest before it is refused (a list holding itself
/// would otherwise recurse forever).
const MAX_DEPTH: usize = 500;

/// A value as it travels between processes.
#[derive(Serialize, Deserialize, Debug)]
pub enum Wire {
    None,
    Ellipsis,
    NotImplemented,
    Bool(bool),
    Int(i64),
    BigInt(BigInt),
    Float(f64),
    Str(String),
    Bytes(Vec<u8>),
    Tuple(Vec<Wire>),
    List(Vec<Wire>),
    Dict(Vec<(Wire, Wire)>),
    Set(Vec<Wire>),
    FrozenSet(Vec<Wire>),
    Range(i64, i64, i64),
    Slice(Box<[Wire; 3]>),
    /// A class made by a `class` statement: found by module and name.
    Class(ClassName),
    /// A built-in type or exception class, by its name in `builtins`.
    BuiltinType(String),
    /// A built-in function: its name in `builtins` or in the named module.
    Builtin {
        module: Option<String>,
        name: String,
    },
    /// A method bound to its receiver (`obj.method`, `"a".upper`): the
    /// receiver crosses and the method is looked up again on it.
    BoundMethod(Box<Wire>, String),
    Function(Box<WireFunction>),
    Code(Box<WireCode>),
    Instance(Box<WireInstance>),
    Exception(Box<WireException>),
    /// An OS object the child inherited: its index in the spawn's table.
    Handle(u32),
}

/// Where a class is found: `module.qualname`.
#[derive(Serialize, Deserialize, Debug)]
pub struct ClassName {
    pub module: String,
    pub qualname: String,
}

/// A function by value.
#[derive(Serialize, Deserialize, Debug)]
pub struct WireFunction {
    pub code: WireCode,
    /// The module whose dict is the function's globals.
    pub module: String,
    pub defaults: Vec<Wire>,
    pub kwdefaults: Vec<(String, Wire)>,
    /// What each closure cell holds (`None` for a cell not yet set).
    pub closure: Vec<Option<Wire>>,
    /// Attributes a script set on the function.
    pub attributes: Vec<(String, Wire)>,
}

/// An instance of a script's class.
#[derive(Serialize, Deserialize, Debug)]
pub struct WireInstance {
    pub class: ClassName,
    /// The attribute dict, or `__getstate__`'s result for `__setstate__`.
    pub state: Wire,
    pub has_setstate: bool,
    /// The built-in value of a class derived from a built-in type.
    pub base_value: Option<Wire>,
}

/// An exception: its class, its args, its attributes, and the traceback
/// the sender printed (so the receiver can show where it happened).
#[derive(Serialize, Deserialize, Debug)]
pub struct WireException {
    pub class: Wire,
    pub args: Vec<Wire>,
    pub attributes: Vec<(String, Wire)>,
    pub traceback: String,
}

/// Turns values into `Wire`s, collecting the OS objects of a spawn.
pub struct Encoder<'a> {
    /// The spawn's handle table, or `None` when this is not a spawn (an OS
    /// object then cannot cross).
    pub handles: Option<&'a mut Vec<Arc<Handle>>>,
    depth: usize,
}

/// Serializes `value` to bytes for a channel (no OS objects allowed).
pub fn encode(vm: &mut Vm, value: &Value) -> PyResult<Vec<u8>> {
    let wire = Encoder::new(None).to_wire(vm, value)?;
    to_bytes(&wire)
}

/// Postcard's bytes of `wire`.
pub fn to_bytes<T: Serialize>(wire: &T) -> PyResult<Vec<u8>> {
    match postcard::to_allocvec(wire) {
        Ok(bytes) => Ok(bytes),
        Err(error) => raise(
            ExceptionKind::ValueError,
            format!("cannot serialize: {error}"),
        ),
    }
}

impl<'a> Encoder<'a> {
    /// An encoder; `handles` is the spawn's table, if this is a spawn.
    pub fn new(handles: Option<&'a mut Vec<Arc<Handle>>>) -> Encoder<'a> {
        Encoder { handles, depth: 0 }
    }

    /// The wire form of `value`, or the error CPython's pickle would give.
    pub fn to_wire(&mut self, vm: &mut Vm, value: &Value) -> PyResult<Wire> {
        if self.depth > MAX_DEPTH {
            return raise(
                ExceptionKind::RecursionError,
                "maximum recursion depth exceeded while pickling an object",
            );
        }
        self.depth += 1;
        let wire = self.value_to_wire(vm, value);
        self.depth -= 1;
        wire
    }

    fn value_to_wire(&mut self, vm: &mut Vm, value: &Value) -> PyResult<Wire> {
        Ok(match value {
            Value::None => Wire::None,
            Value::Ellipsis => Wire::Ellipsis,
            Value::NotImplemented => Wire::NotImplemented,
            Value::Bool(flag) => Wire::Bool(*flag),
            Value::Int(number) => Wire::Int(*number),
            Value::BigInt(number) => Wire::BigInt((**number).clone()),
            Value::Float(number) => Wire::Float(*number),
            Value::Str(text) => Wire::Str(text.as_str().to_string()),
            Value::Bytes(bytes) => Wire::Bytes(bytes.as_bytes().to_vec()),
            Value::Tuple(tuple) => Wire::Tuple(self.all(vm, tuple.items())?),
            Value::List(list) => {
                let items = list.items.ro(&vm.token).clone();
                Wire::List(self.all(vm, &items)?)
            }
            Value::Dict(dict) => {
                let pairs = dict.data.ro(&vm.token).pairs();
                Wire::Dict(self.pairs(vm, pairs)?)
            }
            Value::Set(set) => {
                let elements = set.elements(&vm.token);
                let elements = self.all(vm, &elements)?;
                match set.is_frozen() {
                    true => Wire::FrozenSet(elements),
                    false => Wire::Set(elements),
                }
            }
            Value::Range(range) if range.big.is_none() => {
                Wire::Range(range.start, range.stop, range.step)
            }
            Value::Slice(slice) => {
                let [start, stop, step] = [&slice.start, &slice.stop, &slice.step];
                Wire::Slice(Box::new([
                    self.to_wire(vm, start)?,
                    self.to_wire(vm, stop)?,
                    self.to_wire(vm, step)?,
                ]))
            }
            Value::Type(class) => class_to_wire(vm, class)?,
            Value::Function(_) => Wire::Function(Box::new(self.function(vm, value)?)),
            Value::Code(code) => Wire::Code(Box::new(code_to_wire(vm, self, code)?)),
            Value::BuiltinFunction(function) => match &function.receiver {
                Some(receiver) => {
                    Wire::BoundMethod(Box::new(self.to_wire(vm, receiver)?), function.name.into())
                }
                None => builtin_to_wire(vm, value, function.name)?,
            },
            Value::BoundMethod(method) => {
                self.bound_method(vm, &method.receiver, &method.function)?
            }
            Value::Instance(_) => Wire::Instance(Box::new(self.instance(vm, value)?)),
            Value::Exception(exception) => {
                Wire::Exception(Box::new(self.exception(vm, exception)?))
            }
            Value::Handle(handle) => self.handle(handle)?,
            other => return cannot_pickle(other),
        })
    }

    /// The wire forms of `items`, in order.
    pub fn all(&mut self, vm: &mut Vm, items: &[Value]) -> PyResult<Vec<Wire>> {
        items.iter().map(|item| self.to_wire(vm, item)).collect()
    }

    fn pairs(&mut self, vm: &mut Vm, pairs: Vec<(Value, Value)>) -> PyResult<Vec<(Wire, Wire)>> {
        let mut wires = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            wires.push((self.to_wire(vm, &key)?, self.to_wire(vm, &value)?));
        }
        Ok(wires)
    }

    /// A dict with string keys (an instance's or a function's attributes).
    fn attributes(
        &mut self,
        vm: &mut Vm,
        dict: &crate::objects::dict::PyDict,
    ) -> PyResult<Vec<(String, Wire)>> {
        let pairs = dict.data.ro(&vm.token).pairs();
        let mut wires = Vec::with_capacity(pairs.len());
        for (key, value) in pairs {
            let name = key.as_str().unwrap_or_default().to_string();
            wires.push((name, self.to_wire(vm, &value)?));
        }
        Ok(wires)
    }

    fn function(&mut self, vm: &mut Vm, value: &Value) -> PyResult<WireFunction> {
        let Value::Function(function) = value else {
            return cannot_pickle(value);
        };
        let module = match function.globals.data.ro(&vm.token).get_str("__name__") {
            Some(Value::Str(name)) => sender_module_name(name.as_str()),
            _ => "__main__".to_string(),
        };
        let mut closure = Vec::with_capacity(function.closure.len());
        for cell in &function.closure {
            let held = cell.value.ro(&vm.token).clone();
            closure.push(match held {
                Value::Null => None,
                held => Some(self.to_wire(vm, &held)?),
            });
        }
        let mut kwdefaults = Vec::new();
        for (name, default) in &function.kwdefaults {
            kwdefaults.push((name.clone(), self.to_wire(vm, default)?));
        }
        let attributes = match function.attributes.ro(&vm.token).clone() {
            Some(dict) => self.attributes(vm, &dict)?,
            None => Vec::new(),
        };
        Ok(WireFunction {
            code: code_to_wire(vm, self, &function.code)?,
            module,
            defaults: self.all(vm, &function.defaults)?,
            kwdefaults,
            closure,
            attributes,
        })
    }

    fn bound_method(&mut self, vm: &mut Vm, receiver: &Value, function: &Value) -> PyResult<Wire> {
        let name = match function {
            Value::Function(function) => function.code.name.clone(),
            Value::BuiltinFunction(function) => function.name.to_string(),
            other => return cannot_pickle(other),
        };
        Ok(Wire::BoundMethod(
            Box::new(self.to_wire(vm, receiver)?),
            name,
        ))
    }

    fn instance(&mut self, vm: &mut Vm, value: &Value) -> PyResult<WireInstance> {
        let Value::Instance(instance) = value else {
            return cannot_pickle(value);
        };
        let class = class_name(vm, &instance.class)?;
        let lookup =
            |vm: &Vm, name| crate::vm::classes::lookup_in_class(&vm.token, &instance.class, name);
        let has_setstate = lookup(vm, "__setstate__").is_some();
        let state = match lookup(vm, "__getstate__") {
            Some(getstate) => {
                let state = vm.call(&getstate, vec![value.clone()])?;
                self.to_wire(vm, &state)?
            }
            None => {
                let pairs = instance.dict.data.ro(&vm.token).pairs();
                Wire::Dict(self.pairs(vm, pairs)?)
            }
        };
        let base_value = match &instance.base_value {
            Value::Null => None,
            base => Some(self.to_wire(vm, base)?),
        };
        Ok(WireInstance {
            class,
            state,
            has_setstate,
            base_value,
        })
    }

    fn exception(
        &mut self,
        vm: &mut Vm,
        exception: &Arc<crate::objects::exception::ExceptionObject>,
    ) -> PyResult<WireException> {
        let traceback = vm.format_exception(exception);
        let args = match &exception.state.ro(&vm.token).args {
            Some(args) => args.clone(),
            None => exception.args.clone(),
        };
        Ok(WireException {
            class: class_to_wire(vm, &exception.class)?,
            args: self.all(vm, &args)?,
            attributes: self.attributes(vm, &exception.dict.clone())?,
            traceback,
        })
    }

    /// An OS object: into the spawn's table, or refused outside a spawn.
    fn handle(&mut self, handle: &Arc<Handle>) -> PyResult<Wire> {
        let Some(handles) = self.handles.as_deref_mut() else {
            return raise(
                ExceptionKind::RuntimeError,
                format!(
                    "{} objects should only be shared between processes through inheritance",
                    handle.type_name()
                ),
            );
        };
        handles.push(handle.clone());
        Ok(Wire::Handle(handles.len() as u32 - 1))
    }
}

/// A class by reference, or a built-in type by name.
fn class_to_wire(vm: &mut Vm, class: &Arc<TypeObject>) -> PyResult<Wire> {
    match &class.dict {
        Some(_) => Ok(Wire::Class(class_name(vm, class)?)),
        None => Ok(Wire::BuiltinType(class.name.clone())),
    }
}

/// A class's module and qualified name, as the receiver will look it up.
fn class_name(vm: &mut Vm, class: &Arc<TypeObject>) -> PyResult<ClassName> {
    let Some(dict) = &class.dict else {
        return type_error(format!("cannot pickle '{}' object", class.name));
    };
    let data = dict.data.ro(&vm.token);
    let module = match data.get_str("__module__") {
        Some(Value::Str(module)) => sender_module_name(module.as_str()),
        _ => "__main__".to_string(),
    };
    let qualname = match data.get_str("__qualname__") {
        Some(Value::Str(name)) => name.as_str().to_string(),
        _ => class.name.clone(),
    };
    if qualname.contains("<locals>") {
        return raise(
            ExceptionKind::AttributeError,
            format!("Can't pickle local object '{qualname}'"),
        );
    }
    Ok(ClassName { module, qualname })
}

/// The child knows the main script as `__mp_main__`; the parent, as
/// `__main__`: both send `__main__`, which the child aliases.
fn sender_module_name(name: &str) -> String {
    match name {
        "__mp_main__" => "__main__".to_string(),
        name => name.to_string(),
    }
}

/// A built-in function, named by the module that holds it (`math.sqrt`)
/// or by `builtins` (`abs`).
fn builtin_to_wire(vm: &mut Vm, value: &Value, name: &str) -> PyResult<Wire> {
    let is_same =
        |found: Option<Value>| found.is_some_and(|found| found.identity() == value.identity());
    if is_same(vm.interp.builtins.data.ro(&vm.token).get_str(name)) {
        return Ok(Wire::Builtin {
            module: None,
            name: name.to_string(),
        });
    }
    let modules = vm.interp.modules.data.ro(&vm.token).pairs();
    for (module_name, module) in modules {
        if let Value::Module(module) = module {
            if is_same(module.dict.data.ro(&vm.token).get_str(name)) {
                return Ok(Wire::Builtin {
                    module: Some(module_name.as_str().unwrap_or_default().to_string()),
                    name: name.to_string(),
                });
            }
        }
    }
    type_error(format!("cannot pickle '{}' object", type_name(value)))
}

/// CPython's refusal, naming the type as CPython spells it.
fn cannot_pickle<T>(value: &Value) -> PyResult<T> {
    let name = match value {
        Value::Lock(lock) if lock.kind == LockKind::Reentrant => "_thread.RLock".to_string(),
        Value::Lock(_) => "_thread.lock".to_string(),
        Value::File(file) => format!("_io.{}", file.class_name()),
        _ => type_name(value),
    };
    type_error(format!("cannot pickle '{name}' object"))
}
