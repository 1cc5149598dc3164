//! `_thread.lock` and `_thread.RLock` as Python sees them: `acquire` with
//! `blocking` and `timeout`, `release`, `locked`, `with`, and the private
//! RLock methods `threading.Condition` uses. The lock itself, its waits and
//! the deadlock check are in `runtime/locks.rs`.

use super::exception::{raise, type_error, value_error};
use super::function::{Args, BuiltinFunction, NativeFn};
use super::method_args::{integer, no_arguments, positional, with_keywords};
use super::type_object::ExceptionKind;
use super::{PyResult, Value};
use crate::runtime::locks::{LockKind, PyLock, WaitOutcome};
use crate::vm::Vm;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The largest timeout a wait accepts (`_thread.TIMEOUT_MAX`), CPython's.
pub const TIMEOUT_MAX: f64 = 9223372036.0;

/// The methods of both lock types.
pub static METHODS: &[(&str, NativeFn)] = &[
    ("acquire", acquire),
    ("release", release),
    ("locked", locked),
    ("__enter__", enter),
    ("__exit__", exit),
    ("_is_owned", is_owned),
    ("_release_save", release_save),
    ("_acquire_restore", acquire_restore),
    ("_recursion_count", recursion_count),
];

/// A new lock of `kind`, as a value.
pub fn new_lock(kind: LockKind) -> Value {
    Value::Lock(Arc::new(PyLock::new(kind)))
}

/// The class name `type()` shows.
pub fn class_name(lock: &PyLock) -> &'static str {
    match lock.kind {
        LockKind::Plain => "lock",
        LockKind::Reentrant => "RLock",
    }
}

/// `<locked _thread.lock object at 0x...>`.
pub fn repr(lock: &Arc<PyLock>) -> String {
    let address = Arc::as_ptr(lock) as usize;
    let state = if lock.locked() { "locked" } else { "unlocked" };
    match lock.kind {
        LockKind::Plain => format!("<{state} _thread.lock object at {address:#x}>"),
        LockKind::Reentrant => format!(
            "<{state} _thread.RLock object owner={} count={} at {address:#x}>",
            lock.owner(),
            lock.count()
        ),
    }
}

fn receiver(value: &Value) -> PyResult<Arc<PyLock>> {
    match value {
        Value::Lock(lock) => Ok(lock.clone()),
        other => type_error(format!(
            "descriptor requires a '_thread.lock' object but received a '{}'",
            super::type_object::type_name(other)
        )),
    }
}

/// `lock.acquire(blocking=True, timeout=-1)`.
fn acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (lock, slots) = with_keywords(args, "acquire", &["blocking", "timeout"])?;
    let lock = receiver(&lock)?;
    let blocking = match &slots[0] {
        Some(value) => integer(value)? != 0,
        None => true,
    };
    let timeout = wait_timeout(slots[1].as_ref(), blocking)?;
    let acquired = acquire_lock(vm, &lock, blocking, timeout)?;
    Ok(Value::Bool(acquired))
}

/// The `timeout` argument of a wait: `None` for -1 (wait forever), with
/// CPython's errors for the rest.
fn wait_timeout(value: Option<&Value>, blocking: bool) -> PyResult<Option<Duration>> {
    let seconds = match value {
        None => -1.0,
        Some(Value::Float(f)) => *f,
        Some(other) => integer(other)? as f64,
    };
    if !blocking && seconds != -1.0 {
        return value_error("can't specify a timeout for a non-blocking call");
    }
    if seconds < 0.0 && seconds != -1.0 {
        return value_error("timeout value must be positive");
    }
    if seconds > TIMEOUT_MAX {
        return raise(ExceptionKind::OverflowError, "timeout value is too large");
    }
    Ok((seconds >= 0.0).then(|| Duration::from_secs_f64(seconds)))
}

/// Acquires `lock` for the running thread: one try with the GIL held, then
/// (if `blocking`) a wait without it, up to `timeout`.
pub fn acquire_lock(
    vm: &mut Vm,
    lock: &Arc<PyLock>,
    blocking: bool,
    timeout: Option<Duration>,
) -> PyResult<bool> {
    let me = vm.thread_ident();
    if lock.try_acquire(me) {
        return Ok(true);
    }
    if !blocking || timeout == Some(Duration::ZERO) {
        return Ok(false);
    }
    let site = vm.blocking_site(class_name(lock));
    let deadline = timeout.map(|timeout| Instant::now() + timeout);
    loop {
        match lock.start_wait(me, timeout.is_some(), site.clone()) {
            Ok(true) => return Ok(true),
            Ok(false) => {}
            Err(_) => vm.report_deadlock(),
        }
        let waiting = lock.clone();
        let outcome = crate::runtime::gil::allow_threads_waiting(&mut vm.token, move || {
            waiting.wait(me, deadline)
        });
        match outcome {
            WaitOutcome::Acquired => return Ok(true),
            WaitOutcome::Released if lock.try_acquire(me) => return Ok(true),
            WaitOutcome::Released if deadline.is_some_and(|d| Instant::now() >= d) => {
                return Ok(false)
            }
            WaitOutcome::Released => {}
            WaitOutcome::TimedOut => return Ok(false),
            WaitOutcome::Interrupted => return vm.keyboard_interrupt().map(|_| false),
            WaitOutcome::Deadlock => vm.report_deadlock(),
        }
    }
}

/// `lock.release()`.
fn release(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(&no_arguments(args, "release")?)?;
    release_lock(vm, &lock)?;
    Ok(Value::None)
}

fn release_lock(vm: &mut Vm, lock: &PyLock) -> PyResult<()> {
    match lock.release(vm.thread_ident()) {
        Ok(()) => Ok(()),
        Err(message) => raise(ExceptionKind::RuntimeError, message),
    }
}

/// `lock.locked()`.
fn locked(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(&no_arguments(args, "locked")?)?;
    Ok(Value::Bool(lock.locked()))
}

/// `with lock:` enters by acquiring, waiting as long as it takes.
fn enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(&no_arguments(args, "__enter__")?)?;
    acquire_lock(vm, &lock, true, None).map(Value::Bool)
}

/// `with lock:` as the eval loop runs it: acquires, and returns the bound
/// `__exit__` with what `__enter__` returned.
pub fn enter_context(vm: &mut Vm, lock: &Arc<PyLock>) -> PyResult<(Value, Value)> {
    let entered = acquire_lock(vm, lock, true, None)?;
    let exit_method = Value::BuiltinFunction(Arc::new(BuiltinFunction {
        name: "__exit__",
        function: exit,
        receiver: Some(Value::Lock(lock.clone())),
    }));
    Ok((exit_method, Value::Bool(entered)))
}

/// `with lock:` leaves by releasing, whatever the block raised.
fn exit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(args.positional.first().unwrap_or(&Value::None))?;
    release_lock(vm, &lock)?;
    Ok(Value::None)
}

/// `rlock._is_owned()`: does the running thread hold it?
fn is_owned(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(&no_arguments(args, "_is_owned")?)?;
    Ok(Value::Bool(lock.owned_by(vm.thread_ident())))
}

/// `rlock._release_save()`: releases all levels, returns `(count, owner)`.
fn release_save(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(&no_arguments(args, "_release_save")?)?;
    let me = vm.thread_ident();
    match lock.release_all(me) {
        Ok(count) => Ok(Value::tuple(vec![
            Value::Int(count as i64),
            Value::Int(me as i64),
        ])),
        Err(message) => raise(ExceptionKind::RuntimeError, message),
    }
}

/// `rlock._acquire_restore((count, owner))`: takes it back at that count.
fn acquire_restore(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (lock, mut rest) = positional(args, "_acquire_restore", 1, 1)?;
    let lock = receiver(&lock)?;
    let count = match rest.pop() {
        Some(Value::Tuple(state)) if state.items().len() == 2 => integer(&state.items()[0])?,
        _ => return type_error("_acquire_restore() argument must be a (count, owner) tuple"),
    };
    acquire_lock(vm, &lock, true, None)?;
    lock.restore_count(count.max(1) as u64);
    Ok(Value::None)
}

/// `rlock._recursion_count()`: how many times the running thread holds it.
fn recursion_count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let lock = receiver(&no_arguments(args, "_recursion_count")?)?;
    let count = if lock.owned_by(vm.thread_ident()) {
        lock.count()
    } else {
        0
    };
    Ok(Value::Int(count as i64))
}
