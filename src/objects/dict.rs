//! `dict`: an insertion-ordered hash table, laid out as CPython's compact dict.
//!
//! Entries live in a dense `Vec` in insertion order (what iteration walks);
//! a `hashbrown::HashTable` maps a key's hash to its entry's index. Deleting
//! leaves a hole (`None`) so later indices stay valid; holes are squeezed
//! out when they outnumber the live entries.
//!
//! The methods (`get`, `pop`, `update` ...) come last. Keys are hashed
//! before the table is opened: hashing a built-in value never runs Python
//! code, so no method holds the table across a call back into the VM.

use super::compare::{compares_by_python, hash, keys_equal};
use super::exception::{type_error, PyException};
use super::function::Args;
use super::iterator::{DictPart, DictView};
use super::method_args::{no_arguments, positional, MethodArgs};
use super::type_object::{type_name, ExceptionKind};
use super::{PyResult, Value};
use crate::runtime::gil::new_cell;
use crate::vm::Vm;
use hashbrown::HashTable;
use qcell::QCell;
use std::sync::Arc;

/// One key/value pair and the key's hash.
#[derive(Clone, Debug)]
pub struct Entry {
    pub hash: i64,
    pub key: Value,
    pub value: Value,
}

/// The table behind a dict.
#[derive(Debug, Default, Clone)]
pub struct DictData {
    entries: Vec<Option<Entry>>,
    indices: HashTable<usize>,
    len: usize,
    /// Bumped on every insertion of a new key or removal, so iterators can
    /// notice a dict that changed size under them.
    pub version: u64,
    /// Set once a key that compares by Python code (an instance) is stored:
    /// from then on the VM matches every key against the stored ones with
    /// `==` before it opens the table (`vm/keys.rs`).
    python_keys: bool,
}

/// A Python dict: its table, reachable only through the GIL.
pub struct PyDict {
    pub data: QCell<DictData>,
}

impl PyDict {
    /// An empty dict.
    pub fn new() -> PyDict {
        PyDict {
            data: new_cell(DictData::default()),
        }
    }

    /// A dict holding `data`.
    pub fn from_data(data: DictData) -> PyDict {
        PyDict {
            data: new_cell(data),
        }
    }
}

impl Default for PyDict {
    fn default() -> Self {
        PyDict::new()
    }
}

impl DictData {
    /// The number of entries.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the dict is empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    fn find(&self, key: &Value, hash: i64) -> Option<usize> {
        let entries = &self.entries;
        self.indices
            .find(hash as u64, |&index| match &entries[index] {
                Some(entry) => entry.hash == hash && keys_equal(&entry.key, key),
                None => false,
            })
            .copied()
    }

    /// The value stored under `key`, whose hash is `hash`.
    pub fn get_hashed(&self, key: &Value, hash: i64) -> Option<Value> {
        let index = self.find(key, hash)?;
        self.entries[index].as_ref().map(|e| e.value.clone())
    }

    /// Stores `value` under `key` (hash given), keeping the first key's
    /// position when it was already present.
    pub fn insert_hashed(&mut self, key: Value, hash: i64, value: Value) {
        if let Some(index) = self.find(&key, hash) {
            if let Some(entry) = self.entries[index].as_mut() {
                entry.value = value;
            }
            return;
        }
        let index = self.entries.len();
        self.python_keys |= compares_by_python(&key);
        self.entries.push(Some(Entry { hash, key, value }));
        let entries = &self.entries;
        self.indices.insert_unique(hash as u64, index, |&i| {
            entries[i].as_ref().map(|e| e.hash as u64).unwrap_or(0)
        });
        self.len += 1;
        self.version += 1;
    }

    /// Removes `key`, returning its value if it was there.
    pub fn remove_hashed(&mut self, key: &Value, hash: i64) -> Option<Value> {
        let index = self.find(key, hash)?;
        if let Ok(slot) = self.indices.find_entry(hash as u64, |&i| i == index) {
            slot.remove();
        }
        let removed = self.entries[index].take();
        self.len -= 1;
        self.version += 1;
        if self.entries.len() > 16 && self.len * 2 < self.entries.len() {
            self.compact();
        }
        removed.map(|e| e.value)
    }

    /// Rebuilds the table without holes.
    fn compact(&mut self) {
        let live: Vec<Option<Entry>> = self.entries.drain(..).filter(|e| e.is_some()).collect();
        self.entries = live;
        self.rehash();
    }

    /// Rebuilds the index table from the entries.
    fn rehash(&mut self) {
        let entries = &self.entries;
        let mut indices = HashTable::with_capacity(entries.len());
        for (index, entry) in entries.iter().enumerate() {
            if let Some(entry) = entry {
                indices.insert_unique(entry.hash as u64, index, |&i: &usize| {
                    entries[i].as_ref().map(|e| e.hash as u64).unwrap_or(0)
                });
            }
        }
        self.indices = indices;
    }

    /// True once a key that compares by Python code has been stored.
    pub fn holds_python_keys(&self) -> bool {
        self.python_keys
    }

    /// The stored keys whose hash is `hash`: the candidates the VM compares
    /// with `==` when Python code decides equality.
    pub fn keys_with_hash(&self, hash: i64) -> Vec<Value> {
        self.indices
            .iter_hash(hash as u64)
            .filter_map(|&index| self.entries[index].as_ref())
            .filter(|entry| entry.hash == hash)
            .map(|entry| entry.key.clone())
            .collect()
    }

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.indices.clear();
        self.python_keys = false;
        self.len = 0;
        self.version += 1;
    }

    /// The live entries in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
    }

    /// The live `(key, value)` pairs in insertion order, copied, so the
    /// caller can run Python code (a `repr`, an `__eq__`) while it walks them.
    pub fn pairs(&self) -> Vec<(Value, Value)> {
        self.entries()
            .map(|entry| (entry.key.clone(), entry.value.clone()))
            .collect()
    }

    /// The entry at position `slot` of the dense array (holes are `None`),
    /// for iterators that walk it by index.
    pub fn slot(&self, slot: usize) -> Option<Option<&Entry>> {
        self.entries.get(slot).map(|e| e.as_ref())
    }

    /// The last entry, removed (`popitem`).
    pub fn pop_last(&mut self) -> Option<Entry> {
        let last = self.entries.iter().rev().flatten().next()?.clone();
        self.remove_hashed(&last.key, last.hash);
        Some(last)
    }

    /// Looks up `key`, hashing it first (TypeError if it is unhashable).
    pub fn get(&self, key: &Value) -> PyResult<Option<Value>> {
        let hash = hash(key)?;
        Ok(self.get_hashed(key, hash))
    }

    /// Stores `value` under `key`, hashing it first.
    pub fn insert(&mut self, key: Value, value: Value) -> PyResult<()> {
        let hash = hash(&key)?;
        self.insert_hashed(key, hash, value);
        Ok(())
    }

    /// Looks up a string key.
    pub fn get_str(&self, key: &str) -> Option<Value> {
        let key = Value::str(key);
        let hash = hash(&key).ok()?;
        self.get_hashed(&key, hash)
    }
}

/// The `PyDict` a method was called on.
fn receiver(value: &Value, method: &str) -> PyResult<Arc<PyDict>> {
    // An instance of a subclass (`dict.keys(ordered)`) lends its built-in value.
    match value.builtin_base() {
        Value::Dict(dict) => Ok(dict.clone()),
        _ => type_error(format!(
            "descriptor '{method}' for 'dict' objects doesn't apply to a '{}' object",
            type_name(value)
        )),
    }
}

/// `KeyError(key)`.
fn key_error(key: Value) -> PyException {
    PyException::with_args(ExceptionKind::KeyError, vec![key])
}

/// `d.get(key[, default])`: `default` (None) when the key is missing.
fn get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (dict, arguments) = positional(args, "dict.get", 1, 2)?;
    let dict = receiver(&dict, "get")?;
    let found = vm.dict_lookup(&dict, &arguments[0])?;
    Ok(found
        .or_else(|| arguments.get(1).cloned())
        .unwrap_or(Value::None))
}

/// `d.setdefault(key[, default])`: the value, inserting `default` first
/// when the key is missing.
fn setdefault(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (dict, mut arguments) = positional(args, "dict.setdefault", 1, 2)?;
    let dict = receiver(&dict, "setdefault")?;
    let default = if arguments.len() == 2 {
        arguments.remove(1)
    } else {
        Value::None
    };
    let key = vm.dict_key(&dict, &arguments.remove(0))?;
    let data = dict.data.rw(&mut vm.token);
    if let Some(value) = data.get_hashed(&key.value, key.hash) {
        return Ok(value);
    }
    data.insert_hashed(key.value, key.hash, default.clone());
    Ok(default)
}

/// `d.pop(key[, default])`: removes the key and returns its value.
fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (dict, mut arguments) = positional(args, "dict.pop", 1, 2)?;
    let dict = receiver(&dict, "pop")?;
    match vm.dict_remove(&dict, &arguments[0])? {
        Some(value) => Ok(value),
        None if arguments.len() == 2 => Ok(arguments.remove(1)),
        None => Err(key_error(arguments.remove(0))),
    }
}

/// `d.popitem()`: removes and returns the last `(key, value)` inserted.
fn popitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let dict = no_arguments(args, "dict.popitem")?;
    match receiver(&dict, "popitem")?
        .data
        .rw(&mut vm.token)
        .pop_last()
    {
        Some(entry) => Ok(Value::tuple(vec![entry.key, entry.value])),
        None => Err(key_error(Value::str("popitem(): dictionary is empty"))),
    }
}

/// A view of one part of the receiver (`keys()`, `values()`, `items()`).
fn view(args: Args, name: &str, part: DictPart) -> PyResult<Value> {
    let dict = no_arguments(args, &format!("dict.{name}"))?;
    let dict = receiver(&dict, name)?;
    Ok(Value::DictView(Arc::new(DictView { dict, part })))
}

/// `d.keys()`.
fn keys(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    view(args, "keys", DictPart::Keys)
}

/// `d.values()`.
fn values(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    view(args, "values", DictPart::Values)
}

/// `d.items()`.
fn items(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    view(args, "items", DictPart::Items)
}

/// `d.clear()`.
fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let dict = no_arguments(args, "dict.clear")?;
    receiver(&dict, "clear")?.data.rw(&mut vm.token).clear();
    Ok(Value::None)
}

/// `d.copy()`: a shallow copy.
fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let dict = no_arguments(args, "dict.copy")?;
    let data = receiver(&dict, "copy")?.data.ro(&vm.token).clone();
    Ok(Value::Dict(Arc::new(PyDict::from_data(data))))
}

/// `d.update([other], **keywords)`: `other` is a dict or an iterable of
/// key/value pairs; the keywords are added after it.
fn update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let args = MethodArgs::new(args);
    let dict = receiver(&args.receiver, "update")?;
    if args.positional.len() > 1 {
        return type_error(format!(
            "update expected at most 1 argument, got {}",
            args.positional.len()
        ));
    }
    let mut pairs = match args.positional.first().map(Value::builtin_base) {
        Some(Value::Dict(other)) => other.data.ro(&vm.token).pairs(),
        Some(iterable) => update_pairs(vm, iterable)?,
        None => Vec::new(),
    };
    pairs.extend(
        args.keywords
            .into_iter()
            .map(|(key, value)| (Value::str(key), value)),
    );
    for (key, value) in pairs {
        vm.dict_insert(&dict, key, value)?;
    }
    Ok(Value::None)
}

/// The `(key, value)` pairs of an iterable passed to `update` or `dict()`.
pub fn update_pairs(vm: &mut Vm, iterable: &Value) -> PyResult<Vec<(Value, Value)>> {
    let mut pairs = Vec::new();
    for (position, element) in vm.collect(iterable)?.into_iter().enumerate() {
        let items = match &element {
            Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) | Value::Dict(_) => {
                vm.collect(&element)?
            }
            Value::Iterator(_) | Value::DictView(_) | Value::Set(_) | Value::Range(_) => {
                vm.collect(&element)?
            }
            _ => {
                return type_error(format!(
                    "cannot convert dictionary update sequence element #{position} to a sequence"
                ))
            }
        };
        let [key, value] = <[Value; 2]>::try_from(items).map_err(|items| {
            let message = format!(
                "dictionary update sequence element #{position} has length {}; 2 is required",
                items.len()
            );
            PyException::new(ExceptionKind::ValueError, message)
        })?;
        pairs.push((key, value));
    }
    Ok(pairs)
}

/// `dict.fromkeys(iterable, value=None)`: a new dict (of the class it is
/// called on) mapping each element to `value`.
fn fromkeys(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, arguments) = positional(args, "fromkeys", 1, 2)?;
    let value = arguments.get(1).cloned().unwrap_or(Value::None);
    let made = match &class {
        Value::Type(class) => vm.call(&Value::Type(class.clone()), vec![])?,
        _ => Value::Dict(Arc::new(PyDict::new())),
    };
    for key in vm.collect(&arguments[0])? {
        vm.set_item(&made, key, value.clone())?;
    }
    Ok(made)
}

/// The class methods of this type: the receiver is the class.
pub static CLASS_METHODS: &[(&str, super::function::NativeFn)] = &[("fromkeys", fromkeys)];

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("get", get),
    ("setdefault", setdefault),
    ("pop", pop),
    ("popitem", popitem),
    ("keys", keys),
    ("values", values),
    ("items", items),
    ("clear", clear),
    ("copy", copy),
    ("update", update),
];

crate::objects::opaque_debug!(PyDict, "dict");
