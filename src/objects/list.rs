//! `list`: a mutable sequence whose items sit behind the GIL.

use super::Value;
use crate::runtime::gil::new_cell;
use qcell::QCell;

/// A Python list.
pub struct PyList {
    pub items: QCell<Vec<Value>>,
}

impl PyList {
    /// A list of `items`.
    pub fn new(items: Vec<Value>) -> PyList {
        PyList { items: new_cell(items) }
    }
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[];

crate::objects::opaque_debug!(PyList, "list");
