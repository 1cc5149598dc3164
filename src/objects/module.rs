//! `module`: a namespace made by running a file or by a built-in module.

use super::dict::PyDict;
use std::sync::Arc;

/// A Python module: its name and its globals.
#[derive(Debug)]
pub struct PyModule {
    pub name: String,
    pub dict: Arc<PyDict>,
}
