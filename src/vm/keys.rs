//! Dict and set keys whose hash and equality are Python code.
//!
//! The tables of `objects/dict.rs` and `objects/set_table.rs` compare keys
//! without running Python code (built-in equality, else identity): that is
//! what lets them probe while the table is open. An instance of a class
//! that defines `__hash__` and `__eq__` needs both to run, so the VM settles
//! such a key *before* it opens a table: it hashes the key with `__hash__`,
//! compares it with `==` against the stored keys of the same hash (the
//! stored key on the left, as CPython's `lookdict` does), and when one is
//! equal it goes on with *that* key object, which the table then finds by
//! identity. `==` may change the table; the operation that follows then
//! simply sees the table as it is, and nothing can crash.
//!
//! Only a key that compares by Python code, or a table that holds one,
//! takes this path: dicts of strings and ints never see it.

use super::Vm;
use crate::objects::compare::{self, compares_by_python, keys_equal};
use crate::objects::dict::PyDict;
use crate::objects::set::PySet;
use crate::objects::set_table::SetTable;
use crate::objects::{PyResult, Value};
use qcell::QCellOwner;

/// A key settled for one table: the key object to use, and its hash.
pub struct Key {
    pub value: Value,
    pub hash: i64,
}

impl Vm {
    /// Settles `key` for a lookup in, or a store into, `dict`.
    pub fn dict_key(&mut self, dict: &PyDict, key: &Value) -> PyResult<Key> {
        let holds_python_keys = dict.data.ro(&self.token).holds_python_keys();
        self.settle_key(key, holds_python_keys, |owner, hash| {
            dict.data.ro(owner).keys_with_hash(hash)
        })
    }

    /// Settles `element` for a set.
    pub fn set_key(&mut self, set: &PySet, element: &Value) -> PyResult<Key> {
        let holds_python_keys = set.data.ro(&self.token).holds_python_keys();
        self.settle_key(element, holds_python_keys, |owner, hash| {
            set.data.ro(owner).keys_with_hash(hash)
        })
    }

    /// Settles `element` for a set table that no set owns yet (set algebra
    /// builds its results in such tables).
    pub fn table_key(&mut self, table: &SetTable, element: &Value) -> PyResult<Key> {
        self.settle_key(element, table.holds_python_keys(), |_, hash| {
            table.keys_with_hash(hash)
        })
    }

    /// The stored key equal to `key`, or `key` itself, with its hash.
    fn settle_key(
        &mut self,
        key: &Value,
        holds_python_keys: bool,
        candidates: impl FnOnce(&QCellOwner, i64) -> Vec<Value>,
    ) -> PyResult<Key> {
        let by_python = compares_by_python(key);
        if !by_python && !holds_python_keys {
            let hash = compare::hash(key)?;
            return Ok(Key {
                value: key.clone(),
                hash,
            });
        }
        let hash = self.hash(key)?;
        for stored in candidates(&self.token, hash) {
            let python_equal = || by_python || compares_by_python(&stored);
            if keys_equal(&stored, key) || (python_equal() && self.values_equal(&stored, key)?) {
                return Ok(Key {
                    value: stored,
                    hash,
                });
            }
        }
        Ok(Key {
            value: key.clone(),
            hash,
        })
    }

    /// `dict[key]`, or None when the key is missing.
    pub fn dict_lookup(&mut self, dict: &PyDict, key: &Value) -> PyResult<Option<Value>> {
        let key = self.dict_key(dict, key)?;
        Ok(dict.data.ro(&self.token).get_hashed(&key.value, key.hash))
    }

    /// `dict[key] = value`.
    pub fn dict_insert(&mut self, dict: &PyDict, key: Value, value: Value) -> PyResult<()> {
        let key = self.dict_key(dict, &key)?;
        dict.data
            .rw(&mut self.token)
            .insert_hashed(key.value, key.hash, value);
        Ok(())
    }

    /// Removes `key` from `dict`, returning its value if it was there.
    pub fn dict_remove(&mut self, dict: &PyDict, key: &Value) -> PyResult<Option<Value>> {
        let key = self.dict_key(dict, key)?;
        Ok(dict
            .data
            .rw(&mut self.token)
            .remove_hashed(&key.value, key.hash))
    }

    /// `element in set`.
    pub fn set_contains(&mut self, set: &PySet, element: &Value) -> PyResult<bool> {
        let key = self.set_key(set, element)?;
        Ok(set
            .data
            .ro(&self.token)
            .contains_hashed(&key.value, key.hash))
    }

    /// `set.add(element)`.
    pub fn set_insert(&mut self, set: &PySet, element: &Value) -> PyResult<()> {
        let key = self.set_key(set, element)?;
        set.data
            .rw(&mut self.token)
            .add_with_hash(key.value, key.hash);
        Ok(())
    }

    /// `set.discard(element)`; returns whether it was there.
    pub fn set_discard(&mut self, set: &PySet, element: &Value) -> PyResult<bool> {
        let key = self.set_key(set, element)?;
        Ok(set
            .data
            .rw(&mut self.token)
            .discard_hashed(&key.value, key.hash))
    }

    /// `a == b` for two dicts: the same keys, and values that are `==`.
    pub(super) fn dicts_equal(&mut self, a: &PyDict, b: &PyDict) -> PyResult<bool> {
        let entries: Vec<_> = a.data.ro(&self.token).entries().cloned().collect();
        if entries.len() != b.data.ro(&self.token).len() {
            return Ok(false);
        }
        for entry in entries {
            match self.dict_lookup(b, &entry.key)? {
                Some(other) if other.is(&entry.value) => {}
                Some(other) if self.values_equal(&entry.value, &other)? => {}
                _ => return Ok(false),
            }
        }
        Ok(true)
    }

    /// `a == b` for two sets that may hold keys compared by Python code.
    pub(super) fn sets_equal(&mut self, a: &PySet, b: &PySet) -> PyResult<bool> {
        let elements = a.elements(&self.token);
        if elements.len() != b.data.ro(&self.token).len() {
            return Ok(false);
        }
        for element in &elements {
            if !self.set_contains(b, element)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
