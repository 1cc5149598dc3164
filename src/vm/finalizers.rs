//! Closing abandoned generators: what CPython does when the last reference
//! to a suspended generator goes away.
//!
//! Notes about the implementation
//! ------------------------------
//! * CPython closes such a generator from its deallocator: `GeneratorExit`
//!   is thrown in at the paused `yield`, so its `finally:` blocks and `with`
//!   exits run at once. pyl's `Drop` has no `Vm` and may run while a cell is
//!   open, so it only queues the parked frame (`objects/generator.rs`) and
//!   sets the `PENDING_FINALIZERS` eval-breaker bit; `run_finalizers` closes
//!   the queued frames before the next instruction, so a `finally:` prints
//!   where CPython's does. A finalizer's own abandoned generators are closed
//!   inside it, at its next instruction, as CPython's nested deallocations.
//! * What a close raises is printed as "Exception ignored in: ..." and
//!   dropped, as CPython's `PyErr_WriteUnraisable` does.
//! * CPython's traceback keeps the frames an exception unwound, and their
//!   locals, alive until the exception is freed. pyl pops those frames, so
//!   `drop_unwound_frame` hands what they abandon to the exception
//!   (`HeldByTraceback`), which queues it when it is dropped: after the
//!   `except` block that caught it.
//! * At exit, `finalize_at_exit` closes what is still queued and the
//!   suspended generators `__main__` still holds, as CPython's shutdown
//!   does.

use super::Vm;
use crate::objects::exception::{PyException, TracebackEntry};
use crate::objects::generator::{requeue, take_abandoned, PyGenerator};
use crate::objects::{dict::PyDict, Value};
use crate::runtime::gil::PENDING_FINALIZERS;
use crate::vm::Frame;
use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::Arc;

impl Vm {
    /// Closes the abandoned generators `Drop` queued, oldest first. Those
    /// a finalizer abandons are closed inside it, at its next instruction,
    /// as CPython's nested deallocations close them.
    pub fn run_finalizers(&mut self) {
        loop {
            self.thread
                .eval_breaker
                .fetch_and(!PENDING_FINALIZERS, Ordering::Relaxed);
            let batch = take_abandoned();
            if batch.is_empty() {
                return;
            }
            for abandoned in batch {
                let generator = Arc::new(PyGenerator::revived(abandoned));
                self.close_abandoned(&generator);
            }
        }
    }

    /// Drops a frame an exception propagates out of. Its operands go at
    /// once, as CPython pops them; the generators its locals abandon are
    /// kept by the exception (`HeldByTraceback`) until it goes away.
    pub(super) fn drop_unwound_frame(&mut self, frame: Frame, exception: &PyException) {
        self.stack.truncate(frame.stack_base);
        let breaker = &self.thread.eval_breaker;
        let pending = || breaker.load(Ordering::Relaxed) & PENDING_FINALIZERS != 0;
        let operands = if pending() {
            take_abandoned()
        } else {
            VecDeque::new()
        };
        self.stack.truncate(frame.return_to);
        drop(frame);
        if pending() {
            let locals = take_abandoned();
            exception.0.state.rw(&mut self.token).held.hold(locals);
        }
        if !operands.is_empty() {
            requeue(operands);
        }
    }

    /// At interpreter exit: closes what is still queued, then the
    /// suspended generators `__main__`'s globals hold, so that none is lost.
    /// The order is the one CPython's shutdown shows: generators bound to
    /// globals or to attributes of instances bound to globals, in the order
    /// the globals were bound; then those in global lists, tuples and dicts
    /// (a list's from its end, as CPython frees a list's items).
    pub fn finalize_at_exit(&mut self) {
        self.run_finalizers();
        let main = self.interp.modules.data.ro(&self.token).get_str("__main__");
        let Some(Value::Module(main)) = main else {
            return;
        };
        let globals = dict_values(&self.token, &main.dict);
        let (mut direct, mut contained) = (Vec::new(), Vec::new());
        for value in globals {
            match &value {
                Value::Generator(_) => direct.push(value),
                Value::Instance(instance) => {
                    direct.extend(dict_values(&self.token, &instance.dict))
                }
                Value::List(list) => {
                    contained.extend(list.items.ro(&self.token).iter().rev().cloned())
                }
                Value::Tuple(tuple) => contained.extend(tuple.items().iter().rev().cloned()),
                Value::Dict(dict) => contained.extend(dict_values(&self.token, dict)),
                // A kept exception lets go of what its frames abandoned.
                Value::Exception(exception) => drop(std::mem::take(
                    &mut exception.state.rw(&mut self.token).held,
                )),
                _ => {}
            }
        }
        for value in direct.into_iter().chain(contained) {
            if let Value::Generator(generator) = value {
                self.close_at_exit(&generator);
            }
        }
        self.run_finalizers();
    }

    /// Closes a generator still reachable at exit, if it is suspended, and
    /// whatever its closing abandons.
    fn close_at_exit(&mut self, generator: &Arc<PyGenerator>) {
        let state = generator.state.rw(&mut self.token);
        if state.finalized || !state.started || state.suspended.is_none() {
            return;
        }
        state.finalized = true;
        self.close_abandoned(generator);
        self.run_finalizers();
    }

    /// Closes a generator no one can reach any more; an exception that
    /// escapes is printed and ignored. The exception being handled where
    /// the close happens is left as it was.
    fn close_abandoned(&mut self, generator: &Arc<PyGenerator>) {
        let handled = self.handled.clone();
        let result = self.enter_native().and_then(|()| {
            let closed = self.close_generator(generator);
            self.leave_native();
            closed
        });
        self.handled = handled;
        if let Err(error) = result {
            self.write_unraisable(&error, &Value::Generator(generator.clone()));
        }
    }

    /// CPython's `PyErr_WriteUnraisable`: "Exception ignored in: <object>"
    /// and the exception's report (without its chain of contexts, as
    /// CPython's hook prints it) on stderr. An exception without a
    /// traceback gets one entry for the running frame, as CPython's has.
    fn write_unraisable(&mut self, error: &PyException, object: &Value) {
        let fresh = error.0.state.ro(&self.token).traceback.is_empty();
        if let (true, Some(frame)) = (fresh, self.frames.last()) {
            let code = frame.code().clone();
            let line = code.line_at(frame.ip.saturating_sub(1));
            let entry = TracebackEntry { code, line };
            error.0.state.rw(&mut self.token).traceback.push(entry);
        }
        let repr = self
            .repr(object)
            .unwrap_or_else(|_| "<object repr() failed>".into());
        let report = self.format_single(&error.0);
        let text = format!("Exception ignored in: {repr}\n{report}");
        let (stdout, stderr) = (self.interp.stdout.clone(), self.interp.stderr.clone());
        let _ = crate::modules::builtins::flush(self, &stdout);
        let _ = crate::modules::builtins::write_text(self, &stderr, &text);
        let _ = crate::modules::builtins::flush(self, &stderr);
    }
}

/// The values of a dict, in insertion order.
fn dict_values(owner: &qcell::QCellOwner, dict: &PyDict) -> Vec<Value> {
    dict.data
        .ro(owner)
        .entries()
        .map(|entry| entry.value.clone())
        .collect()
}
