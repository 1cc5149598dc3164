//! Generators: a function's frame that can stop at `yield` and go on later.
//!
//! A running generator's frame sits on the thread's frame stack like any
//! other. At `yield` the frame and its slice of the value stack are moved
//! into the generator object; resuming moves them back on top of whatever
//! is running now. This is the suspendable frame that coroutines reuse.

use super::Value;
use crate::runtime::gil::new_cell;
use crate::vm::Frame;
use qcell::QCell;

/// A frame taken off the thread's stacks, with its locals and operands.
pub struct SuspendedFrame {
    pub frame: Frame,
    /// What the frame had on the value stack, from its first local up.
    pub values: Vec<Value>,
}

/// Where a generator stands.
pub struct GeneratorState {
    /// The parked frame; `None` while the generator runs and once it is done.
    pub suspended: Option<SuspendedFrame>,
    pub running: bool,
    /// False until the first `next()`/`send()`.
    pub started: bool,
}

/// A generator object.
pub struct PyGenerator {
    /// The generator function's `__qualname__`, for `repr`.
    pub qualname: String,
    pub state: QCell<GeneratorState>,
}

impl PyGenerator {
    /// A generator that will run `frame` (whose locals are `values`).
    pub fn new(qualname: String, frame: Frame, values: Vec<Value>) -> PyGenerator {
        let suspended = Some(SuspendedFrame { frame, values });
        let state = GeneratorState {
            suspended,
            running: false,
            started: false,
        };
        PyGenerator {
            qualname,
            state: new_cell(state),
        }
    }
}

crate::objects::opaque_debug!(PyGenerator, "generator");
