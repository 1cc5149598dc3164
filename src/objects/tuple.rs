//! `tuple`: an immutable sequence.

use super::Value;

/// A Python tuple.
#[derive(Debug)]
pub struct PyTuple {
    items: Box<[Value]>,
}

impl PyTuple {
    /// A tuple of `items`.
    pub fn new(items: Vec<Value>) -> PyTuple {
        PyTuple { items: items.into_boxed_slice() }
    }

    /// The elements.
    pub fn items(&self) -> &[Value] {
        &self.items
    }
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[];
