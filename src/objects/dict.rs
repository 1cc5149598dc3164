//! `dict`: an insertion-ordered hash table, laid out as CPython's compact dict.
//!
//! Entries live in a dense `Vec` in insertion order (what iteration walks);
//! a `hashbrown::HashTable` maps a key's hash to its entry's index. Deleting
//! leaves a hole (`None`) so later indices stay valid; holes are squeezed
//! out when they outnumber the live entries.

use super::compare::{hash, keys_equal};
use super::{PyResult, Value};
use crate::runtime::gil::new_cell;
use hashbrown::HashTable;
use qcell::QCell;

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
}

/// A Python dict: its table, reachable only through the GIL.
pub struct PyDict {
    pub data: QCell<DictData>,
}

impl PyDict {
    /// An empty dict.
    pub fn new() -> PyDict {
        PyDict { data: new_cell(DictData::default()) }
    }

    /// A dict holding `data`.
    pub fn from_data(data: DictData) -> PyDict {
        PyDict { data: new_cell(data) }
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

    /// Removes every entry.
    pub fn clear(&mut self) {
        self.entries.clear();
        self.indices.clear();
        self.len = 0;
        self.version += 1;
    }

    /// The live entries in insertion order.
    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().flatten()
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

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[];

crate::objects::opaque_debug!(PyDict, "dict");
