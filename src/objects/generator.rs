//! Generators: a function's frame that can stop at `yield` and go on later.
//!
//! A running generator's frame sits on the thread's frame stack like any
//! other. At `yield` the frame and its slice of the value stack are moved
//! into the generator object; resuming moves them back on top of whatever
//! is running now. This is the suspendable frame that coroutines reuse.
//!
//! A generator abandoned while suspended must be closed, as CPython's
//! reference counting closes it: `GeneratorExit` is thrown in at its
//! `yield`, so its `finally:` blocks and `with` exits run. `Drop` cannot
//! run Python code (it has no `Vm`, and it may run while some cell is
//! open), so it only moves the parked frame into the `ABANDONED` queue and
//! sets an eval-breaker bit; the VM closes what is queued at its next
//! instruction boundary (`vm/finalizers.rs`, `run_finalizers`).

use super::Value;
use crate::runtime::gil::{new_cell, PENDING_FINALIZERS};
use crate::vm::Frame;
use parking_lot::Mutex;
use qcell::QCell;
use std::collections::VecDeque;

/// A frame taken off the thread's stacks, with its locals and operands.
pub struct SuspendedFrame {
    pub frame: Frame,
    /// What the frame had on the value stack, from its first local up.
    pub values: Vec<Value>,
}

impl SuspendedFrame {
    /// True when an exception thrown in at the paused `yield` would reach
    /// a handler of this frame (a `finally:`, `except`, `with`): only then
    /// can closing it run any code.
    fn has_handler_at_yield(&self) -> bool {
        let at = self.frame.ip.saturating_sub(1);
        self.frame.code().handler_for(at).is_some()
    }
}

/// Where a generator stands.
pub struct GeneratorState {
    /// The parked frame; `None` while the generator runs and once it is done.
    pub suspended: Option<SuspendedFrame>,
    pub running: bool,
    /// False until the first `next()`/`send()`.
    pub started: bool,
    /// True once it has been closed for being abandoned: it is not queued
    /// again when dropped (PEP 442: a finalizer runs once).
    pub finalized: bool,
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
            finalized: false,
        };
        PyGenerator {
            qualname,
            state: new_cell(state),
        }
    }

    /// The generator that closes an abandoned one: its frame, started,
    /// and marked finalized so that dropping it ends it for good.
    pub fn revived(abandoned: Abandoned) -> PyGenerator {
        let state = GeneratorState {
            suspended: Some(abandoned.suspended),
            running: false,
            started: true,
            finalized: true,
        };
        PyGenerator {
            qualname: abandoned.qualname,
            state: new_cell(state),
        }
    }
}

impl Drop for PyGenerator {
    /// Queues a suspended generator's frame to be closed by the VM. Touches
    /// only this object's own state (`get_mut` needs no GIL token) and the
    /// queue's lock, which is never held while anything is dropped.
    fn drop(&mut self) {
        let state = self.state.get_mut();
        if state.finalized || !state.started {
            return;
        }
        let Some(suspended) = state.suspended.take() else {
            return;
        };
        if !suspended.has_handler_at_yield() {
            return;
        }
        let qualname = std::mem::take(&mut self.qualname);
        ABANDONED.lock().push_back(Abandoned {
            qualname,
            suspended,
        });
        crate::runtime::threads::signal_current(PENDING_FINALIZERS);
    }
}

/// Abandoned generators whose closing waits for an exception to go away.
/// In CPython an exception's traceback keeps the frames it unwound, and
/// their locals, alive until the exception is freed (after the `except`
/// block that caught it); pyl's frames are gone by then, so the exception
/// keeps what they abandoned here and queues it when it is dropped.
#[derive(Default)]
pub struct HeldByTraceback(Vec<Abandoned>);

impl HeldByTraceback {
    /// Keeps `abandoned` until this exception goes away.
    pub fn hold(&mut self, abandoned: VecDeque<Abandoned>) {
        self.0.extend(abandoned);
    }
}

impl Drop for HeldByTraceback {
    /// Queues what was held, to be closed at the next instruction.
    fn drop(&mut self) {
        if !self.0.is_empty() {
            requeue(std::mem::take(&mut self.0).into());
        }
    }
}

impl std::fmt::Debug for HeldByTraceback {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<{} abandoned generators>", self.0.len())
    }
}

/// A suspended generator that lost its last reference, waiting to be closed.
pub struct Abandoned {
    pub qualname: String,
    pub suspended: SuspendedFrame,
}

/// The abandoned generators the VM has not closed yet, oldest first.
static ABANDONED: Mutex<VecDeque<Abandoned>> = Mutex::new(VecDeque::new());

/// Puts abandoned generators back on the queue (ahead of newer ones) and
/// asks the VM to close them.
pub fn requeue(abandoned: VecDeque<Abandoned>) {
    let mut queue = ABANDONED.lock();
    for item in abandoned.into_iter().rev() {
        queue.push_front(item);
    }
    drop(queue);
    crate::runtime::threads::signal_current(PENDING_FINALIZERS);
}

/// Takes every abandoned generator off the queue, oldest first. The lock
/// is released before the caller drops or runs anything.
pub fn take_abandoned() -> VecDeque<Abandoned> {
    std::mem::take(&mut *ABANDONED.lock())
}

crate::objects::opaque_debug!(PyGenerator, "generator");
