//! `_thread`: the native layer under `threading` and `queue` (both written
//! in pyl, `lib/threading.pyl` and `lib/queue.pyl`), with CPython's names:
//! `start_new_thread`, `allocate_lock`, `RLock`, `get_ident`,
//! `_set_sentinel` (the lock `join` waits on) ... and two that only pyl
//! has: `_set_name` (the runtime's reports name threads) and
//! `_print_exception` (what `threading.excepthook` prints).

use super::add_functions;
use crate::objects::exception::type_error;
use crate::objects::function::{ArgList, Args};
use crate::objects::lock::{new_lock, TIMEOUT_MAX};
use crate::objects::module::PyModule;
use crate::objects::type_object::{named_class, ExceptionKind, TypeKind, TYPES};
use crate::objects::{PyResult, Value};
use crate::runtime::gil::GIL;
use crate::runtime::locks::{LockKind, PyLock};
use crate::runtime::threads;
use crate::vm::Vm;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// A new thread's Rust stack: as deep as the main thread's, so the same
/// recursion limits hold (only what is touched is ever committed).
const THREAD_STACK_SIZE: usize = 512 * 1024 * 1024;

/// Makes the `_thread` module.
pub fn make(vm: &mut Vm) -> Arc<PyModule> {
    let module = vm.new_module("_thread");
    add_functions(
        vm,
        &module,
        &[
            ("start_new_thread", start_new_thread),
            ("allocate_lock", allocate_lock),
            ("RLock", allocate_rlock),
            ("get_ident", get_ident),
            ("get_native_id", get_native_id),
            ("_count", count),
            ("_set_sentinel", set_sentinel),
            ("_set_name", set_name),
            ("_print_exception", print_exception),
        ],
    );
    let lock_type = named_class("lock", TypeKind::Object);
    vm.set_item_str(&module.dict, "LockType", Value::Type(lock_type));
    vm.set_item_str(&module.dict, "TIMEOUT_MAX", Value::Float(TIMEOUT_MAX));
    let runtime_error = TYPES.exception(ExceptionKind::RuntimeError);
    vm.set_item_str(&module.dict, "error", Value::Type(runtime_error.clone()));
    module
}

/// `start_new_thread(function, args, kwargs={})`: runs the call on a new
/// OS thread and returns its ident.
fn start_new_thread(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("start_new_thread", 2, 3)?;
    let function = args.positional[0].clone();
    if !super::builtins::is_callable(vm, &function) {
        return type_error("first arg must be callable");
    }
    let Value::Tuple(positional) = &args.positional[1] else {
        return type_error("2nd arg must be a tuple");
    };
    let keywords = match args.positional.get(2) {
        None => Vec::new(),
        Some(Value::Dict(dict)) => keyword_pairs(vm, dict)?,
        Some(_) => return type_error("optional 3rd arg must be a dictionary"),
    };
    let call = Args {
        positional: ArgList::from_vec(positional.items().to_vec()),
        keywords,
    };
    let thread = threads::register(String::new());
    *thread.name.lock() = format!("Thread-{}", thread.ident - 1);
    GIL.admit(thread.ident);
    let ident = thread.ident;
    let interp = vm.interp.clone();
    let starting = thread.clone();
    let spawned = std::thread::Builder::new()
        .name(format!("pyl-thread-{ident}"))
        .stack_size(THREAD_STACK_SIZE)
        .spawn(move || Vm::run_thread(interp, starting, function, call));
    if spawned.is_err() {
        thread.alive.store(false, Ordering::Relaxed);
        return crate::objects::exception::raise(
            ExceptionKind::RuntimeError,
            "can't start new thread",
        );
    }
    Ok(Value::Int(ident as i64))
}

/// The keyword arguments of `start_new_thread`'s dict.
fn keyword_pairs(
    vm: &mut Vm,
    dict: &crate::objects::dict::PyDict,
) -> PyResult<Vec<(String, Value)>> {
    let pairs = dict.data.ro(&vm.token).pairs();
    pairs
        .into_iter()
        .map(|(key, value)| match key {
            Value::Str(name) => Ok((name.as_str().to_string(), value)),
            _ => type_error("keywords must be strings"),
        })
        .collect()
}

/// `allocate_lock()`: a new plain lock.
fn allocate_lock(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("allocate_lock", 0, 0)?;
    Ok(new_lock(LockKind::Plain))
}

/// `RLock()`: a new reentrant lock.
fn allocate_rlock(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("RLock", 0, 0)?;
    Ok(new_lock(LockKind::Reentrant))
}

/// `get_ident()`: the running thread's ident.
fn get_ident(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("get_ident", 0, 0)?;
    Ok(Value::Int(vm.thread_ident() as i64))
}

/// `get_native_id()`: the OS's id of the running thread.
fn get_native_id(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("get_native_id", 0, 0)?;
    Ok(Value::Int(
        vm.thread.native_id.load(Ordering::Relaxed) as i64
    ))
}

/// `_count()`: how many threads `start_new_thread` started are still running.
fn count(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("_count", 0, 0)?;
    let others = threads::alive().iter().filter(|t| !t.is_main()).count();
    Ok(Value::Int(others as i64))
}

/// `_set_sentinel()`: a held lock the runtime releases when the calling
/// thread has finished: `Thread.join` waits by acquiring it.
fn set_sentinel(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("_set_sentinel", 0, 0)?;
    let lock = Arc::new(PyLock::new(LockKind::Plain));
    lock.try_acquire(vm.thread_ident());
    vm.thread.sentinels.lock().push(lock.clone());
    Ok(Value::Lock(lock))
}

/// `_set_name(ident, name)` (pyl only): the name the GIL statistics and
/// the deadlock report give the thread.
fn set_name(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("_set_name", 2, 2)?;
    let ident = crate::objects::method_args::integer(&args.positional[0])?;
    let name = vm.str(&args.positional[1])?;
    if let Some(thread) = u64::try_from(ident).ok().and_then(threads::find) {
        *thread.name.lock() = name;
    }
    Ok(Value::None)
}

/// `_print_exception(exc)` (pyl only): writes the report of an uncaught
/// exception (traceback and last line) to `sys.stderr`.
fn print_exception(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("_print_exception", 1, 1)?;
    let Value::Exception(exception) = &args.positional[0] else {
        return type_error("_print_exception() argument must be an exception");
    };
    let text = vm.format_exception(exception);
    let stderr = super::sys::stream(vm, "stderr");
    crate::modules::builtins::write_text(vm, &stderr, &text)?;
    Ok(Value::None)
}
