//! The eval loop: one `match` over the opcodes, and exception unwinding.
//!
//! Notes about the implementation
//! ------------------------------
//! * `run` executes the top frame's instructions until the *entry* frame (the
//!   one a Rust caller waits on) returns. Calls to Python functions push a
//!   frame and carry on in the same loop; returns pop it. Only a built-in
//!   that calls back into Python (`sorted(key=...)`) re-enters `run`.
//! * The eval breaker is read before every instruction, as in CPython's
//!   `ceval.c`: it is how another thread's drop request or a signal gets the
//!   running thread's attention between any two instructions.
//! * An instruction that fails returns `Err`. `unwind` then appends a
//!   traceback entry for the frame, looks the failing instruction up in the
//!   frame's exception table and either jumps to the handler (stack cut back
//!   to the handler's depth, exception pushed) or pops the frame and repeats
//!   in the caller. `Reraise` and a bare `raise` add no traceback entry: the
//!   exception already carries this frame.
//! * Each arm is short; longer work lives in named methods in `ops.rs`,
//!   `protocols.rs`, `attributes.rs`, `call.rs` and `import.rs`.

use super::call::CallOutcome;
use super::Vm;
use crate::compiler::{BinaryOperator, Comparison, Opcode};
use crate::objects::exception::{raise, PyException, TracebackEntry};
use crate::objects::function::Args;
use crate::objects::iterator::IteratorState;
use crate::objects::type_object::{ExceptionKind, TYPES};
use crate::objects::{PyResult, Value};
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// How the entry frame left the eval loop.
pub enum Exit {
    /// It returned this value.
    Return(Value),
    /// It was a generator's frame and yielded this value (it is parked).
    Yield(Value),
}

impl Vm {
    /// Runs until the entry frame returns, handling exceptions on the way.
    pub fn execute(&mut self) -> PyResult<Value> {
        match self.execute_frame()? {
            Exit::Return(value) | Exit::Yield(value) => Ok(value),
        }
    }

    /// Runs until the entry frame returns or yields.
    pub(super) fn execute_frame(&mut self) -> PyResult<Exit> {
        loop {
            match self.run() {
                Ok(exit) => return Ok(exit),
                Err(exception) => self.unwind(exception)?,
            }
        }
    }

    /// Removes and returns the top of the stack.
    #[inline(always)]
    pub(super) fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::Null)
    }

    /// The value `depth` places from the top (1 is the top).
    #[inline(always)]
    fn peek(&self, depth: usize) -> &Value {
        &self.stack[self.stack.len() - depth]
    }

    /// Pops the top `count` values, in stack order.
    fn pop_many(&mut self, count: usize) -> Vec<Value> {
        let at = self.stack.len() - count;
        self.stack.split_off(at)
    }

    /// Executes instructions until the entry frame returns or one fails.
    fn run(&mut self) -> PyResult<Exit> {
        loop {
            #[cfg(not(feature = "no-gil-checks"))]
            {
                if self.thread.eval_breaker.load(Ordering::Relaxed) != 0 {
                    self.handle_eval_breaker()?;
                }
                // Only this thread writes its count, so a plain load and
                // store do: no locked add on the hottest path.
                let executed = &self.thread.instructions;
                executed.store(executed.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
            }
            let Some(frame) = self.frames.last_mut() else {
                return Ok(Exit::Return(Value::None));
            };
            let op = frame.code().body().instructions[frame.ip];
            frame.ip += 1;
            let base = frame.locals_base;
            match op {
                Opcode::Nop => {}
                Opcode::PopTop => {
                    self.stack.pop();
                }
                Opcode::PrintExpr => {
                    let value = self.pop();
                    self.display_value(value)?;
                }
                Opcode::Copy(n) => {
                    let value = self.peek(n as usize).clone();
                    self.stack.push(value);
                }
                Opcode::Swap(n) => {
                    let top = self.stack.len() - 1;
                    self.stack.swap(top, top + 1 - n as usize);
                }
                Opcode::LoadConst(index) => {
                    let value = frame.code().body().constants[index as usize].clone();
                    self.stack.push(value);
                }
                Opcode::LoadFast(index) => {
                    let value = self.stack[base + index as usize].clone();
                    if let Value::Null = value {
                        return self.unbound_local(index);
                    }
                    self.stack.push(value);
                }
                Opcode::StoreFast(index) => {
                    let value = self.pop();
                    self.stack[base + index as usize] = value;
                }
                Opcode::DeleteFast(index) => {
                    if let Value::Null = self.stack[base + index as usize] {
                        return self.unbound_local(index);
                    }
                    self.stack[base + index as usize] = Value::Null;
                }
                Opcode::LoadDeref(index) => self.load_deref(index)?,
                Opcode::StoreDeref(index) => {
                    let value = self.pop();
                    let cell = self.frame_cell(index);
                    *cell.value.rw(&mut self.token) = value;
                }
                Opcode::DeleteDeref(index) => {
                    self.load_deref(index)?;
                    self.stack.pop();
                    let cell = self.frame_cell(index);
                    *cell.value.rw(&mut self.token) = Value::Null;
                }
                Opcode::LoadClosure(index) => {
                    let cell = self.frame_cell(index);
                    self.stack.push(Value::Cell(cell));
                }
                Opcode::LoadGlobal(index) => self.load_global(index)?,
                Opcode::StoreGlobal(index) => self.store_global(index)?,
                Opcode::DeleteGlobal(index) => self.delete_global(index)?,
                Opcode::LoadName(index) => self.load_name(index)?,
                Opcode::StoreName(index) => self.store_name(index)?,
                Opcode::DeleteName(index) => self.delete_name(index)?,
                Opcode::LoadAttr(index) => {
                    let object = self.pop();
                    let name = self.frame_name(index);
                    let value = self.get_attribute(&object, &name)?;
                    self.stack.push(value);
                }
                Opcode::StoreAttr(index) => {
                    let object = self.pop();
                    let value = self.pop();
                    let name = self.frame_name(index);
                    self.set_attribute(&object, &name, value)?;
                }
                Opcode::DeleteAttr(index) => {
                    let object = self.pop();
                    let name = self.frame_name(index);
                    self.delete_attribute(&object, &name)?;
                }
                Opcode::LoadMethod(index) => {
                    let object = self.pop();
                    let name = self.frame_name(index);
                    let (callable, receiver) = self.load_method(object, &name)?;
                    self.stack.push(callable);
                    self.stack.push(receiver);
                }
                Opcode::BinarySubscr => {
                    let key = self.pop();
                    let container = self.pop();
                    let value = self.get_item(&container, &key)?;
                    self.stack.push(value);
                }
                Opcode::StoreSubscr => {
                    let key = self.pop();
                    let container = self.pop();
                    let value = self.pop();
                    self.set_item(&container, key, value)?;
                }
                Opcode::DeleteSubscr => {
                    let key = self.pop();
                    let container = self.pop();
                    self.delete_item(&container, &key)?;
                }
                Opcode::BuildSlice(count) => self.build_slice(count),
                Opcode::BinaryOp { op, inplace } => {
                    if let Some(result) = self.small_int_op(op) {
                        let top = self.stack.len() - 2;
                        self.stack.truncate(top);
                        self.stack.push(result);
                        continue;
                    }
                    let right = self.pop();
                    let left = self.pop();
                    let result = self.binary_op(op, inplace, left, right)?;
                    self.stack.push(result);
                }
                Opcode::UnaryOp(op) => {
                    let operand = self.pop();
                    let result = self.unary_op(op, operand)?;
                    self.stack.push(result);
                }
                Opcode::CompareOp(op) => {
                    if let Some(result) = self.small_int_compare(op) {
                        let top = self.stack.len() - 2;
                        self.stack.truncate(top);
                        self.stack.push(Value::Bool(result));
                        continue;
                    }
                    let right = self.pop();
                    let left = self.pop();
                    let result = self.compare_op(op, &left, &right)?;
                    self.stack.push(result);
                }
                Opcode::Jump(target) => self.jump_to(target),
                Opcode::PopJumpIfFalse(target) => {
                    if !self.pop_truth()? {
                        self.jump_to(target);
                    }
                }
                Opcode::PopJumpIfTrue(target) => {
                    if self.pop_truth()? {
                        self.jump_to(target);
                    }
                }
                Opcode::JumpIfFalseOrPop(target) => {
                    let top = self.peek(1).clone();
                    if self.is_true(&top)? {
                        self.stack.pop();
                    } else {
                        self.jump_to(target);
                    }
                }
                Opcode::JumpIfTrueOrPop(target) => {
                    let top = self.peek(1).clone();
                    if self.is_true(&top)? {
                        self.jump_to(target);
                    } else {
                        self.stack.pop();
                    }
                }
                Opcode::GetIter => {
                    let iterable = self.pop();
                    let iterator = self.iter(&iterable)?;
                    self.stack.push(iterator);
                }
                Opcode::ForIter(target) => self.for_iter(target)?,
                Opcode::BuildTuple(count) => {
                    let items = self.pop_many(count as usize);
                    self.stack.push(Value::tuple(items));
                }
                Opcode::BuildList(count) => {
                    let items = self.pop_many(count as usize);
                    self.stack.push(Value::list(items));
                }
                Opcode::BuildSet(count) => {
                    let items = self.pop_many(count as usize);
                    let set = self.new_set(items)?;
                    self.stack.push(set);
                }
                Opcode::BuildMap(count) => {
                    let items = self.pop_many(2 * count as usize);
                    let dict = self.new_dict_from_pairs(items)?;
                    self.stack.push(dict);
                }
                Opcode::BuildString(count) => {
                    let parts = self.pop_many(count as usize);
                    let text: String = parts.iter().filter_map(|p| p.as_str()).collect();
                    self.stack.push(Value::str(text));
                }
                Opcode::ListAppend(depth) => {
                    let value = self.pop();
                    self.list_append(depth, value);
                }
                Opcode::ListExtend(depth) => {
                    let iterable = self.pop();
                    self.list_extend(depth, iterable)?;
                }
                Opcode::SetAdd(depth) => {
                    let value = self.pop();
                    let set = self.peek(depth as usize).clone();
                    self.set_add(&set, value)?;
                }
                Opcode::SetUpdate(depth) => {
                    let iterable = self.pop();
                    let set = self.peek(depth as usize).clone();
                    for item in self.collect(&iterable)? {
                        self.set_add(&set, item)?;
                    }
                }
                Opcode::MapAdd(depth) => {
                    let value = self.pop();
                    let key = self.pop();
                    let dict = self.peek(depth as usize).clone();
                    self.set_item(&dict, key, value)?;
                }
                Opcode::DictUpdate(depth) => {
                    let mapping = self.pop();
                    let dict = self.peek(depth as usize).clone();
                    self.dict_update(&dict, &mapping, false)?;
                }
                Opcode::DictMerge(depth) => {
                    let mapping = self.pop();
                    let dict = self.peek(depth as usize).clone();
                    self.dict_update(&dict, &mapping, true)?;
                }
                Opcode::ListToTuple => {
                    let list = self.pop();
                    let items = self.collect(&list)?;
                    self.stack.push(Value::tuple(items));
                }
                Opcode::UnpackSequence(count) => {
                    let sequence = self.pop();
                    self.unpack_sequence(&sequence, count as usize)?;
                }
                Opcode::UnpackEx { before, after } => {
                    let sequence = self.pop();
                    self.unpack_starred(&sequence, before as usize, after as usize)?;
                }
                Opcode::FormatValue {
                    conversion,
                    has_spec,
                } => {
                    let spec = if has_spec { Some(self.pop()) } else { None };
                    let value = self.pop();
                    let text = self.format_value(value, conversion, spec)?;
                    self.stack.push(text);
                }
                Opcode::Call(argc) => {
                    let outcome = self.call_from_stack(argc as usize)?;
                    self.finish_call(outcome);
                }
                Opcode::CallKw { argc, names } => {
                    let outcome = self.call_with_keywords(argc as usize, names)?;
                    self.finish_call(outcome);
                }
                Opcode::CallEx { has_kwargs } => {
                    let outcome = self.call_unpacked(has_kwargs)?;
                    self.finish_call(outcome);
                }
                Opcode::CallMethod(argc) => {
                    let outcome = self.call_method_from_stack(argc as usize)?;
                    self.finish_call(outcome);
                }
                Opcode::MakeFunction { code, flags } => self.make_function(code, flags)?,
                Opcode::ReturnValue => {
                    if let Some(value) = self.return_from_frame() {
                        return Ok(Exit::Return(value));
                    }
                }
                Opcode::YieldValue => return Ok(Exit::Yield(self.park_at_yield()?)),
                Opcode::LoadBuildClass => self.stack.push(super::classes::BUILD_CLASS.clone()),
                Opcode::BeforeWith => {
                    let manager = self.pop();
                    let (exit, entered) = self.enter_context(manager)?;
                    self.stack.push(exit);
                    self.stack.push(entered);
                }
                Opcode::WithExceptStart => {
                    let exit = self.peek(3).clone();
                    let exception = self.peek(1).clone();
                    let class = Value::Type(crate::objects::type_object::type_of(&exception));
                    let result = self.call(&exit, vec![class, exception, Value::None])?;
                    self.stack.push(result);
                }
                Opcode::GetYieldFromIter => {
                    let iterable = self.pop();
                    let iterator = match iterable {
                        Value::Generator(_) => iterable,
                        other => self.iter(&other)?,
                    };
                    self.stack.push(iterator);
                }
                Opcode::Send(target) => self.send_to_delegate(target)?,
                Opcode::RaiseVarargs(argc) => return Err(self.raise_varargs(argc)?),
                Opcode::Reraise => {
                    let exception = self.pop();
                    return Err(self.exception_from_value(exception)?);
                }
                Opcode::PushExcInfo => {
                    let exception = self.pop();
                    let previous = self
                        .handled
                        .take()
                        .map(Value::Exception)
                        .unwrap_or(Value::None);
                    if let Value::Exception(current) = &exception {
                        self.handled = Some(current.clone());
                    }
                    self.stack.push(previous);
                    self.stack.push(exception);
                }
                Opcode::PopExcept => {
                    self.handled = match self.pop() {
                        Value::Exception(previous) => Some(previous),
                        _ => None,
                    };
                }
                Opcode::CheckExcMatch => {
                    let class = self.pop();
                    let exception = self.peek(1).clone();
                    let matched = self.exception_matches(&exception, &class)?;
                    self.stack.push(Value::Bool(matched));
                }
                Opcode::LoadAssertionError => {
                    let class = TYPES.exception(ExceptionKind::AssertionError).clone();
                    self.stack.push(Value::Type(class));
                }
                Opcode::ImportName(index) => self.import_name(index)?,
                Opcode::ImportFrom(index) => self.import_from(index)?,
                Opcode::ImportStar => self.import_star()?,
            }
        }
    }

    /// The eval loop's fast path for `+ - *` and comparisons of two small
    /// ints on top of the stack: `None` sends everything else, overflow
    /// included, down the general path.
    #[inline(always)]
    fn small_int_op(&self, op: BinaryOperator) -> Option<Value> {
        let [Value::Int(a), Value::Int(b)] = &self.stack[self.stack.len() - 2..] else {
            return None;
        };
        let result = match op {
            BinaryOperator::Add => a.checked_add(*b),
            BinaryOperator::Subtract => a.checked_sub(*b),
            BinaryOperator::Multiply => a.checked_mul(*b),
            _ => None,
        };
        result.map(Value::Int)
    }

    #[inline(always)]
    fn small_int_compare(&self, op: Comparison) -> Option<bool> {
        let [Value::Int(a), Value::Int(b)] = &self.stack[self.stack.len() - 2..] else {
            return None;
        };
        super::ops::compare_primitive(op, *a, *b)
    }

    /// `with`: looks up `__exit__` and calls `__enter__`.
    fn enter_context(&mut self, manager: Value) -> PyResult<(Value, Value)> {
        if let Value::Lock(lock) = &manager {
            // The commonest manager in threaded code: no lookups.
            return crate::objects::lock::enter_context(self, lock);
        }
        let enter = self.get_attribute(&manager, &Value::str("__enter__"));
        let exit = self.get_attribute(&manager, &Value::str("__exit__"));
        let kind = crate::objects::type_object::type_name(&manager);
        let (enter, exit) = match (enter, exit) {
            (Ok(enter), Ok(exit)) => (enter, exit),
            (Err(_), _) => return crate::objects::exception::type_error(format!("'{kind}' object does not support the context manager protocol")),
            (_, Err(_)) => return crate::objects::exception::type_error(format!(
                "'{kind}' object does not support the context manager protocol (missed __exit__ method)"
            )),
        };
        let entered = self.call(&enter, vec![])?;
        Ok((exit, entered))
    }

    /// Pops the top and tests it, with the common case (a comparison's
    /// bool) inline.
    #[inline(always)]
    fn pop_truth(&mut self) -> PyResult<bool> {
        match self.pop() {
            Value::Bool(truth) => Ok(truth),
            other => self.is_true(&other),
        }
    }

    /// Moves the top frame's instruction pointer.
    #[inline(always)]
    pub(super) fn jump_to(&mut self, target: u32) {
        if let Some(frame) = self.frames.last_mut() {
            frame.ip = target as usize;
        }
    }

    /// Pushes a built-in's result; a pushed frame needs nothing more.
    #[inline(always)]
    fn finish_call(&mut self, outcome: CallOutcome) {
        if let CallOutcome::Returned(value) = outcome {
            self.stack.push(value);
        }
    }

    /// Pops the top frame after `ReturnValue`: its result goes to the caller's
    /// stack, or back to Rust (`Some`) when the frame was an entry frame.
    fn return_from_frame(&mut self) -> Option<Value> {
        let value = self.pop();
        let frame = self.frames.pop()?;
        self.stack.truncate(frame.return_to);
        if frame.is_entry {
            return Some(value);
        }
        self.stack.push(value);
        None
    }

    /// `ForIter`: a range iterator steps inline (no reference counting, no
    /// call); every other iterator goes through the `next` protocol.
    fn for_iter(&mut self, target: u32) -> PyResult<()> {
        if let Some(Value::Iterator(iterator)) = self.stack.last() {
            if let IteratorState::Range {
                next,
                step,
                remaining,
            } = iterator.state.rw(&mut self.token)
            {
                let value = (*remaining > 0).then_some(*next);
                if value.is_some() {
                    *remaining -= 1;
                    *next = next.wrapping_add(*step);
                }
                match value {
                    Some(value) => self.stack.push(Value::Int(value)),
                    None => {
                        self.stack.pop();
                        self.jump_to(target);
                    }
                }
                return Ok(());
            }
        }
        let iterator = self.peek(1).clone();
        match self.next(&iterator)? {
            Some(value) => self.stack.push(value),
            None => {
                self.stack.pop();
                self.jump_to(target);
            }
        }
        Ok(())
    }

    fn unbound_local<T>(&self, index: u32) -> PyResult<T> {
        let name = self
            .frames
            .last()
            .and_then(|f| f.code().varnames.get(index as usize).cloned())
            .unwrap_or_default();
        raise(
            ExceptionKind::UnboundLocalError,
            format!(
                "cannot access local variable '{name}' where it is not associated with a value"
            ),
        )
    }

    /// `raise`, `raise exc`, `raise exc from cause`.
    fn raise_varargs(&mut self, argc: u32) -> PyResult<PyException> {
        if argc == 0 {
            return match &self.handled {
                Some(current) => Ok(PyException(current.clone())),
                None => raise(
                    ExceptionKind::RuntimeError,
                    "No active exception to reraise",
                ),
            };
        }
        let cause = if argc == 2 { Some(self.pop()) } else { None };
        let exception = self.pop();
        let exception = self.exception_from_value(exception)?;
        if let Some(cause) = cause {
            let cause = match cause {
                Value::None => None,
                other => Some(
                    self.exception_from_value(other)
                        .map_err(|_| {
                            PyException::new(
                                ExceptionKind::TypeError,
                                "exception causes must derive from BaseException",
                            )
                        })?
                        .0,
                ),
            };
            let state = exception.0.state.rw(&mut self.token);
            state.cause = cause;
            state.suppress_context = true;
        }
        self.set_context(&exception);
        Ok(exception)
    }

    /// Records the exception being handled as the new one's `__context__`.
    fn set_context(&mut self, exception: &PyException) {
        let Some(handled) = self.handled.clone() else {
            return;
        };
        if Arc::ptr_eq(&handled, &exception.0) {
            return;
        }
        exception.0.state.rw(&mut self.token).context = Some(handled);
    }

    /// Finds a handler for `exception`, unwinding frames that have none.
    /// Returns `Err` once the entry frame has been left.
    pub(super) fn unwind(&mut self, exception: PyException) -> PyResult<()> {
        let fresh = exception.0.state.ro(&self.token).traceback.is_empty();
        if fresh && exception.0.state.ro(&self.token).context.is_none() {
            self.set_context(&exception);
        }
        loop {
            let Some(frame) = self.frames.last_mut() else {
                return Err(exception);
            };
            let failed_at = frame.ip.saturating_sub(1);
            let op = frame.code().body().instructions.get(failed_at).copied();
            let code = frame.code().clone();
            let reraised = matches!(op, Some(Opcode::Reraise) | Some(Opcode::RaiseVarargs(0)));
            if !reraised {
                let line = code.line_at(failed_at);
                let entry = TracebackEntry {
                    code: code.clone(),
                    line,
                };
                exception.0.state.rw(&mut self.token).traceback.push(entry);
            }
            if let Some(handler) = code.handler_for(failed_at) {
                let frame = self.frames.last_mut().ok_or_else(|| exception.clone())?;
                frame.ip = handler.handler as usize;
                let depth = frame.stack_base + handler.depth as usize;
                self.stack.truncate(depth);
                self.stack.push(exception.value());
                return Ok(());
            }
            let Some(frame) = self.frames.pop() else {
                return Err(exception);
            };
            let is_entry = frame.is_entry;
            self.drop_unwound_frame(frame, &exception);
            if is_entry {
                return Err(exception);
            }
        }
    }

    /// `CallKw`: the last names.len() arguments are keywords.
    fn call_with_keywords(&mut self, argc: usize, names: u32) -> PyResult<CallOutcome> {
        let names = match self
            .frames
            .last()
            .map(|f| f.code().body().constants[names as usize].clone())
        {
            Some(Value::Tuple(names)) => names,
            _ => return raise(ExceptionKind::SystemError, "bad keyword names"),
        };
        let keyword_count = names.items().len();
        let values = self.pop_many(keyword_count);
        let positional = self.pop_many(argc - keyword_count);
        let callable = self.pop();
        let keywords = names
            .items()
            .iter()
            .zip(values)
            .map(|(name, value)| (name.as_str().unwrap_or_default().to_string(), value))
            .collect();
        self.call_collected(
            callable,
            Args {
                positional: positional.into(),
                keywords,
            },
        )
    }

    /// `CallEx`: arguments come as a tuple and maybe a dict.
    fn call_unpacked(&mut self, has_kwargs: bool) -> PyResult<CallOutcome> {
        let keywords = if has_kwargs { self.pop() } else { Value::None };
        let positional = self.pop();
        let callable = self.pop();
        let positional = self.collect(&positional)?;
        let mut keyword_list = Vec::new();
        if let Value::Dict(dict) = &keywords {
            for entry in dict.data.ro(&self.token).entries() {
                let name = entry.key.as_str().unwrap_or_default().to_string();
                keyword_list.push((name, entry.value.clone()));
            }
        }
        self.call_collected(
            callable,
            Args {
                positional: positional.into(),
                keywords: keyword_list,
            },
        )
    }
}
