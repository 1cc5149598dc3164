//! `Value`: what a variable, a stack slot or a list element holds.

use super::bytes::PyBytes;
use super::dict::PyDict;
use super::exception::ExceptionObject;
use super::file::PyFile;
use super::function::{BoundMethod, BuiltinFunction, CellRef, Function, NativeFn};
use super::generator::PyGenerator;
use super::instance::{Descriptor, Instance, Super};
use super::iterator::{DictView, PyIterator};
use super::list::PyList;
use super::module::PyModule;
use super::range::PyRange;
use super::set::PySet;
use super::slice::PySlice;
use super::str::PyStr;
use super::tuple::PyTuple;
use super::type_object::TypeObject;
use crate::compiler::CodeObject;
use num_bigint::BigInt;
use std::sync::Arc;

/// A Python value. Immediates are stored inline; objects behind an `Arc`.
#[derive(Debug)]
pub enum Value {
    /// An empty slot, never visible to a script: an unbound local, or the
    /// "no self" marker `LoadMethod` pushes (CPython's NULL).
    Null,
    None,
    /// `...`
    Ellipsis,
    Bool(bool),
    /// An int that fits in 64 bits; larger ones overflow into `BigInt`.
    Int(i64),
    /// An int outside the i64 range (never one that would fit).
    BigInt(Arc<BigInt>),
    Float(f64),
    Str(Arc<PyStr>),
    Bytes(Arc<PyBytes>),
    Tuple(Arc<PyTuple>),
    List(Arc<PyList>),
    Dict(Arc<PyDict>),
    Set(Arc<PySet>),
    Range(Arc<PyRange>),
    Slice(Arc<PySlice>),
    Function(Arc<Function>),
    BuiltinFunction(Arc<BuiltinFunction>),
    /// A built-in method found by `LoadMethod`, unbound: an entry of its
    /// type's method table, so a method call allocates nothing. Only ever
    /// on the stack, under its receiver, until `CallMethod` consumes it.
    NativeMethod(&'static (&'static str, NativeFn)),
    BoundMethod(Arc<BoundMethod>),
    Type(Arc<TypeObject>),
    Exception(Arc<ExceptionObject>),
    Module(Arc<PyModule>),
    File(Arc<PyFile>),
    /// A `_thread.lock` or `_thread.RLock`.
    Lock(Arc<crate::runtime::locks::PyLock>),
    /// An OS object of `multiprocessing`: a channel, a semaphore, shared
    /// memory or a child process.
    Handle(Arc<super::handle::Handle>),
    Iterator(Arc<PyIterator>),
    Generator(Arc<PyGenerator>),
    /// An instance of a class defined by a `class` statement.
    Instance(Arc<Instance>),
    /// A `staticmethod`, `classmethod` or `property` object.
    Descriptor(Arc<Descriptor>),
    /// A `super()` object.
    Super(Arc<Super>),
    /// The `NotImplemented` singleton a binary dunder returns to decline.
    NotImplemented,
    DictView(Arc<DictView>),
    Code(Arc<CodeObject>),
    /// A closure cell, as `LoadClosure` pushes it to build a function.
    Cell(CellRef),
}

const _: () = assert!(std::mem::size_of::<Value>() == 16);

impl Clone for Value {
    /// Written out (rather than derived) so that it is inlined into the eval
    /// loop: copying an int must not cost a function call.
    #[inline(always)]
    fn clone(&self) -> Value {
        match self {
            Value::Null => Value::Null,
            Value::None => Value::None,
            Value::Ellipsis => Value::Ellipsis,
            Value::Bool(v) => Value::Bool(*v),
            Value::Int(v) => Value::Int(*v),
            Value::BigInt(o) => Value::BigInt(o.clone()),
            Value::Float(v) => Value::Float(*v),
            Value::Str(o) => Value::Str(o.clone()),
            Value::Bytes(o) => Value::Bytes(o.clone()),
            Value::Tuple(o) => Value::Tuple(o.clone()),
            Value::List(o) => Value::List(o.clone()),
            Value::Dict(o) => Value::Dict(o.clone()),
            Value::Set(o) => Value::Set(o.clone()),
            Value::Range(o) => Value::Range(o.clone()),
            Value::Slice(o) => Value::Slice(o.clone()),
            Value::Function(o) => Value::Function(o.clone()),
            Value::BuiltinFunction(o) => Value::BuiltinFunction(o.clone()),
            Value::NativeMethod(entry) => Value::NativeMethod(entry),
            Value::BoundMethod(o) => Value::BoundMethod(o.clone()),
            Value::Type(o) => Value::Type(o.clone()),
            Value::Exception(o) => Value::Exception(o.clone()),
            Value::Module(o) => Value::Module(o.clone()),
            Value::File(o) => Value::File(o.clone()),
            Value::Lock(o) => Value::Lock(o.clone()),
            Value::Handle(o) => Value::Handle(o.clone()),
            Value::Iterator(o) => Value::Iterator(o.clone()),
            Value::Generator(o) => Value::Generator(o.clone()),
            Value::Instance(o) => Value::Instance(o.clone()),
            Value::Descriptor(o) => Value::Descriptor(o.clone()),
            Value::Super(o) => Value::Super(o.clone()),
            Value::NotImplemented => Value::NotImplemented,
            Value::DictView(o) => Value::DictView(o.clone()),
            Value::Code(o) => Value::Code(o.clone()),
            Value::Cell(o) => Value::Cell(o.clone()),
        }
    }
}

impl Value {
    /// A `str` value holding `text`.
    pub fn str(text: impl Into<String>) -> Value {
        Value::Str(Arc::new(PyStr::new(text.into())))
    }

    /// A `tuple` value holding `items`.
    pub fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Arc::new(PyTuple::new(items)))
    }

    /// A `list` value holding `items`.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(PyList::new(items)))
    }

    /// An `int` value from a big integer, kept inline when it fits.
    pub fn from_bigint(value: BigInt) -> Value {
        super::int::normalize(value)
    }

    /// True for the `None` singleton.
    pub fn is_none(&self) -> bool {
        matches!(self, Value::None)
    }

    /// The object's identity, as `id()` and `is` see it.
    pub fn identity(&self) -> usize {
        fn address<T>(object: &Arc<T>) -> usize {
            Arc::as_ptr(object) as *const u8 as usize
        }
        match self {
            Value::Null => 0,
            Value::None => 1,
            Value::Ellipsis => 2,
            Value::Bool(b) => 3 + *b as usize,
            Value::Int(i) => *i as usize,
            Value::Float(f) => f.to_bits() as usize,
            Value::BigInt(o) => address(o),
            Value::Str(o) => address(o),
            Value::Bytes(o) => address(o),
            Value::Tuple(o) => address(o),
            Value::List(o) => address(o),
            Value::Dict(o) => address(o),
            Value::Set(o) => address(o),
            Value::Range(o) => address(o),
            Value::Slice(o) => address(o),
            Value::Function(o) => address(o),
            Value::BuiltinFunction(o) => address(o),
            Value::NativeMethod(entry) => *entry as *const _ as usize,
            Value::BoundMethod(o) => address(o),
            Value::Type(o) => address(o),
            Value::Exception(o) => address(o),
            Value::Module(o) => address(o),
            Value::File(o) => address(o),
            Value::Lock(o) => address(o),
            Value::Handle(o) => address(o),
            Value::Iterator(o) => address(o),
            Value::Generator(o) => address(o),
            Value::Instance(o) => address(o),
            Value::Descriptor(o) => address(o),
            Value::Super(o) => address(o),
            Value::NotImplemented => 5,
            Value::DictView(o) => address(o),
            Value::Code(o) => address(o),
            Value::Cell(o) => address(o),
        }
    }

    /// `a is b`. Small immediates compare by value, as CPython's caches make
    /// small ints and the singletons identical.
    pub fn is(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Float(a), Value::Float(b)) => a.to_bits() == b.to_bits(),
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::None, Value::None) | (Value::Ellipsis, Value::Ellipsis) => true,
            (Value::NotImplemented, Value::NotImplemented) => true,
            (Value::Null, Value::Null) => true,
            _ => {
                std::mem::discriminant(self) == std::mem::discriminant(other)
                    && self.identity() == other.identity()
            }
        }
    }

    /// The built-in value behind `self`: what an instance of a class derived
    /// from a built-in type carries (the list of `class L(list)`), else
    /// `self`. The built-in operations look through an instance with this.
    pub fn builtin_base(&self) -> &Value {
        match self {
            Value::Instance(instance) if !matches!(instance.base_value, Value::Null) => {
                &instance.base_value
            }
            _ => self,
        }
    }

    /// True for an instance of a class derived from a built-in type.
    pub fn has_builtin_base(&self) -> bool {
        matches!(self, Value::Instance(instance) if !matches!(instance.base_value, Value::Null))
    }

    /// The text of a `str` value, if it is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Str(s) => Some(s.as_str()),
            _ => None,
        }
    }
}
