//! `set`: an unordered collection of distinct hashable values, built on the
//! dict table (every value a key, `None` its value).

use super::dict::DictData;
use super::Value;
use crate::runtime::gil::new_cell;
use qcell::{QCell, QCellOwner};

/// A Python set.
pub struct PySet {
    pub data: QCell<DictData>,
}

impl PySet {
    /// An empty set.
    pub fn new() -> PySet {
        PySet {
            data: new_cell(DictData::default()),
        }
    }

    /// True when both sets hold the same elements.
    pub fn equals(&self, other: &PySet, owner: &QCellOwner) -> bool {
        let (a, b) = (self.data.ro(owner), other.data.ro(owner));
        a.len() == b.len() && a.entries().all(|e| b.get_hashed(&e.key, e.hash).is_some())
    }

    /// The elements in table order.
    pub fn elements(&self, owner: &QCellOwner) -> Vec<Value> {
        self.data
            .ro(owner)
            .entries()
            .map(|e| e.key.clone())
            .collect()
    }
}

impl Default for PySet {
    fn default() -> Self {
        PySet::new()
    }
}

crate::objects::opaque_debug!(PySet, "set");
