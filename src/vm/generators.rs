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
//! A suspended generator that loses its last reference is closed by
//! `vm/finalizers.rs`, with `close_generator` below.

use super::interpreter::Exit;
use super::Vm;
use crate::compiler::Opcode;
use crate::objects::exception::{raise, type_error, value_error, PyException};
use crate::objects::function::{Args, NativeFn};
use crate::objects::generator::{PyGenerator, SuspendedFrame};
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
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
            at >= 2 && matches!(code.body().instructions.get(at - 2), Some(Opcode::Send(_)));
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
