//! Running generators: parking a frame at `yield`, resuming it with
//! `next`/`send`/`throw`, closing it, and `yield from` delegation.
//!
//! Notes about the implementation
//! ------------------------------
//! A generator's frame runs as an *entry* frame: resuming pushes it and
//! calls `execute_frame`, which comes back when the frame yields (the frame
//! is parked again, see `park_at_yield`) or returns (the generator is done).
//! So a `for` loop over a generator re-enters the eval loop once per item;
//! the generator's own calls to Python functions stay in that loop.
//!
//! A suspended generator that loses its last reference is closed, as
//! CPython closes it from its deallocator: `Drop` queues the parked frame
//! (`objects/generator.rs`) and sets the `PENDING_FINALIZERS` eval-breaker
//! bit; `run_finalizers` then closes each queued frame before the next
//! instruction, so its `finally:` prints come where CPython's do. What a
//! close raises is printed as "Exception ignored in: ..." and dropped, as
//! CPython's `PyErr_WriteUnraisable` does. A finalizer's own abandoned
//! generators are closed inside it, as CPython's nested deallocations. At exit,
//! `finalize_at_exit` closes what is still queued and the generators the
//! main module's globals hold, as CPython's shutdown does.

use super::interpreter::Exit;
use super::Vm;
use crate::compiler::Opcode;
use crate::objects::exception::TracebackEntry;
use crate::objects::exception::{raise, type_error, value_error, PyException};
use crate::objects::function::{Args, NativeFn};
use crate::objects::generator::{requeue, take_abandoned, PyGenerator, SuspendedFrame};
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::runtime::gil::{GIL, PENDING_FINALIZERS};
use crate::vm::Frame;
use std::collections::VecDeque;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// How a generator is resumed.
pub enum Resume {
    /// `next()` (None) or `send(value)`: the value of the paused `yield`.
    Send(Value),
    /// `throw(exc)`: the paused `yield` raises `exc`.
    Throw(PyException),
}

/// What one resumption of a generator produced.
pub enum Step {
    Yielded(Value),
    /// The generator finished, with its `return` value.
    Returned(Value),
}

impl Vm {
    /// After a call pushed a frame: if its code is a generator function,
    /// takes the frame back off the stacks and returns the new generator.
    pub(super) fn park_if_generator(&mut self) -> Option<Value> {
        if !self.frames.last()?.code().flags.generator {
            return None;
        }
        let frame = self.frames.pop()?;
        let values = self.stack.split_off(frame.locals_base);
        self.stack.truncate(frame.return_to);
        let qualname = frame.code().qualname.clone();
        Some(Value::Generator(Arc::new(PyGenerator::new(
            qualname, frame, values,
        ))))
    }

    /// `YieldValue`: parks the running generator frame; its value goes to
    /// whoever resumed it.
    pub(super) fn park_at_yield(&mut self) -> PyResult<Value> {
        let value = self.pop();
        let Some(mut frame) = self.frames.pop() else {
            return Ok(value);
        };
        let values = self.stack.split_off(frame.locals_base);
        self.stack.truncate(frame.return_to);
        let Some(generator) = frame.generator.take() else {
            return raise(
                ExceptionKind::SystemError,
                "yield outside a generator frame",
            );
        };
        generator.state.rw(&mut self.token).suspended = Some(SuspendedFrame { frame, values });
        Ok(value)
    }

    /// Resumes `generator` and runs it to its next `yield` or its end.
    pub fn resume_generator(
        &mut self,
        generator: &Arc<PyGenerator>,
        how: Resume,
    ) -> PyResult<Step> {
        let state = generator.state.rw(&mut self.token);
        if state.running {
            return value_error("generator already executing");
        }
        let Some(suspended) = state.suspended.take() else {
            return match how {
                Resume::Send(_) => Ok(Step::Returned(Value::None)),
                Resume::Throw(exception) => Err(exception),
            };
        };
        let started = state.started;
        if let (false, Resume::Send(value)) = (started, &how) {
            if !value.is_none() {
                state.suspended = Some(suspended);
                return type_error("can't send non-None value to a just-started generator");
            }
        }
        if let (false, Resume::Throw(exception)) = (started, &how) {
            // Thrown in before it ever ran: it finishes with that exception.
            return Err(exception.clone());
        }
        if let Resume::Throw(exception) = &how {
            if let Some(step) = self.throw_into_delegate(generator, &suspended, exception)? {
                generator.state.rw(&mut self.token).suspended = Some(suspended);
                return Ok(step);
            }
        }
        let state = generator.state.rw(&mut self.token);
        state.started = true;
        state.running = true;
        self.restore_frame(generator, suspended);
        let result = match how {
            Resume::Send(value) => {
                if started {
                    self.stack.push(value);
                }
                self.execute_frame()
            }
            Resume::Throw(exception) => match self.unwind(exception) {
                Ok(()) => self.execute_frame(),
                Err(exception) => Err(exception),
            },
        };
        generator.state.rw(&mut self.token).running = false;
        self.finish_step(result)
    }

    /// Puts a parked frame back on top of the stacks, as an entry frame.
    fn restore_frame(&mut self, generator: &Arc<PyGenerator>, suspended: SuspendedFrame) {
        let SuspendedFrame { mut frame, values } = suspended;
        let base = self.stack.len();
        let locals = frame.stack_base - frame.locals_base;
        frame.locals_base = base;
        frame.stack_base = base + locals;
        frame.return_to = base;
        frame.is_entry = true;
        frame.generator = Some(generator.clone());
        self.stack.extend(values);
        self.frames.push(frame);
    }

    /// `throw()` on a generator paused in `yield from`: the exception goes to
    /// the inner generator first. `Some(step)` when the inner one yielded
    /// (the outer stays paused); `None` to throw into the outer one.
    fn throw_into_delegate(
        &mut self,
        _outer: &Arc<PyGenerator>,
        suspended: &SuspendedFrame,
        exception: &PyException,
    ) -> PyResult<Option<Step>> {
        let code = suspended.frame.code();
        let at = suspended.frame.ip;
        let in_yield_from =
            at >= 2 && matches!(code.instructions.get(at - 2), Some(Opcode::Send(_)));
        let Some(Value::Generator(inner)) = suspended.values.last().filter(|_| in_yield_from)
        else {
            return Ok(None);
        };
        let inner = inner.clone();
        match self.resume_generator(&inner, Resume::Throw(exception.clone())) {
            Ok(Step::Yielded(value)) => Ok(Some(Step::Yielded(value))),
            _ => Ok(None),
        }
    }

    /// `Send(target)`: one step of `yield from`.  ( sub value -- sub yielded )
    pub(super) fn send_to_delegate(&mut self, target: u32) -> PyResult<()> {
        let value = self.pop();
        let delegate = self.stack.last().cloned().unwrap_or(Value::None);
        let step = match &delegate {
            Value::Generator(inner) => self.resume_generator(inner, Resume::Send(value))?,
            other if value.is_none() => match self.next(other)? {
                Some(item) => Step::Yielded(item),
                None => Step::Returned(Value::None),
            },
            other => {
                let message = format!("'{}' object has no attribute 'send'", type_name(other));
                return raise(ExceptionKind::AttributeError, message);
            }
        };
        match step {
            Step::Yielded(item) => self.stack.push(item),
            Step::Returned(result) => {
                self.stack.pop();
                self.stack.push(result);
                self.jump_to(target);
            }
        }
        Ok(())
    }

    /// `gen.close()`: throws GeneratorExit in; a generator that yields
    /// instead of finishing is an error.
    pub fn close_generator(&mut self, generator: &Arc<PyGenerator>) -> PyResult<()> {
        let exit = PyException::with_args(ExceptionKind::GeneratorExit, vec![]);
        match self.resume_generator(generator, Resume::Throw(exit)) {
            Ok(Step::Yielded(_)) => raise(
                ExceptionKind::RuntimeError,
                "generator ignored GeneratorExit",
            ),
            Ok(Step::Returned(_)) => Ok(()),
            Err(error)
                if error.is(ExceptionKind::GeneratorExit)
                    || error.is(ExceptionKind::StopIteration) =>
            {
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Turns the end of a resumption into a step; a `StopIteration` escaping
    /// the generator's body becomes a RuntimeError (PEP 479).
    fn finish_step(&mut self, result: PyResult<Exit>) -> PyResult<Step> {
        match result {
            Ok(Exit::Yield(value)) => Ok(Step::Yielded(value)),
            Ok(Exit::Return(value)) => Ok(Step::Returned(value)),
            Err(error) if error.is(ExceptionKind::StopIteration) => {
                let replacement = PyException::new(
                    ExceptionKind::RuntimeError,
                    "generator raised StopIteration",
                );
                let state = replacement.0.state.rw(&mut self.token);
                state.cause = Some(error.0);
                state.suppress_context = true;
                Err(replacement)
            }
            Err(error) => Err(error),
        }
    }
}

impl Vm {
    /// Closes the abandoned generators `Drop` queued, oldest first. Those
    /// a finalizer abandons are closed inside it, at its next instruction,
    /// as CPython's nested deallocations close them.
    pub fn run_finalizers(&mut self) {
        loop {
            self.eval_breaker
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
        let pending = || GIL.eval_breaker.load(Ordering::Relaxed) & PENDING_FINALIZERS != 0;
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
                _ => {}
            }
        }
        for value in direct.into_iter().chain(contained) {
            if let Value::Generator(generator) = value {
                self.close_at_exit(&generator);
            }
        }
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

/// The methods of generator objects.
pub static METHODS: &[(&str, NativeFn)] = &[("send", send), ("throw", throw), ("close", close)];

/// The generator a method was called on.
fn receiver(args: &Args, method: &str) -> PyResult<Arc<PyGenerator>> {
    match args.positional.first() {
        Some(Value::Generator(generator)) => Ok(generator.clone()),
        _ => type_error(format!(
            "descriptor '{method}' requires a 'generator' object"
        )),
    }
}

/// A step as a method result: the yielded value, or StopIteration(value).
fn step_result(step: Step) -> PyResult<Value> {
    match step {
        Step::Yielded(value) => Ok(value),
        Step::Returned(Value::None) => {
            Err(PyException::with_args(ExceptionKind::StopIteration, vec![]))
        }
        Step::Returned(value) => Err(PyException::with_args(
            ExceptionKind::StopIteration,
            vec![value],
        )),
    }
}

/// `gen.send(value)`.
fn send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let generator = receiver(&args, "send")?;
    args.expect("send", 2, 2)?;
    let step = vm.resume_generator(&generator, Resume::Send(args.positional[1].clone()))?;
    step_result(step)
}

/// `gen.throw(exception)`: an exception class or instance.
fn throw(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let generator = receiver(&args, "throw")?;
    args.expect("throw", 2, 4)?;
    let exception = vm.exception_from_value(args.positional[1].clone())?;
    let step = vm.resume_generator(&generator, Resume::Throw(exception))?;
    step_result(step)
}

/// `gen.close()`.
fn close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let generator = receiver(&args, "close")?;
    args.expect("close", 1, 1)?;
    vm.close_generator(&generator)?;
    Ok(Value::None)
}

/// `next(gen)`: like `vm.next`, but the return value travels in StopIteration.
pub fn next_value(vm: &mut Vm, generator: &Arc<PyGenerator>) -> PyResult<Value> {
    let step = vm.resume_generator(generator, Resume::Send(Value::None))?;
    step_result(step)
}

/// The values of a dict, in insertion order.
fn dict_values(owner: &qcell::QCellOwner, dict: &crate::objects::dict::PyDict) -> Vec<Value> {
    dict.data
        .ro(owner)
        .entries()
        .map(|entry| entry.value.clone())
        .collect()
}
