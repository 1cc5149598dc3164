//! `time`: clocks and `sleep`, which releases the GIL while it waits (and,
//! in the main thread, ends early for Ctrl-C).

use super::add_functions;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::runtime::gil::allow_threads_waiting;
use crate::runtime::signals;
use crate::vm::Vm;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// The zero point of `perf_counter` and `monotonic`.
static START: LazyLock<Instant> = LazyLock::new(Instant::now);

/// Makes the `time` module.
pub fn make(vm: &mut Vm) -> Arc<PyModule> {
    LazyLock::force(&START);
    let module = vm.new_module("time");
    add_functions(
        vm,
        &module,
        &[
            ("time", time),
            ("time_ns", time_ns),
            ("perf_counter", monotonic),
            ("perf_counter_ns", monotonic_ns),
            ("monotonic", monotonic),
            ("monotonic_ns", monotonic_ns),
            ("process_time", monotonic),
            ("sleep", sleep),
        ],
    );
    module
}

fn since_epoch() -> Duration {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default()
}

fn time(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("time.time", 0, 0)?;
    Ok(Value::Float(since_epoch().as_secs_f64()))
}

fn time_ns(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("time.time_ns", 0, 0)?;
    Ok(Value::from_bigint(since_epoch().as_nanos().into()))
}

fn monotonic(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("time.monotonic", 0, 0)?;
    Ok(Value::Float(START.elapsed().as_secs_f64()))
}

fn monotonic_ns(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("time.monotonic_ns", 0, 0)?;
    Ok(Value::from_bigint(START.elapsed().as_nanos().into()))
}

/// `time.sleep(seconds)`: the GIL is released for the whole wait.
fn sleep(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("time.sleep", 1, 1)?;
    let seconds = match &args.positional[0] {
        Value::Float(f) => *f,
        Value::Int(i) => *i as f64,
        Value::Bool(b) => *b as i64 as f64,
        other => {
            return type_error(format!(
                "'{}' object cannot be interpreted as an integer",
                type_name(other)
            ))
        }
    };
    if seconds.is_nan() {
        return value_error("Invalid value NaN (not a number)");
    }
    if seconds < 0.0 {
        return value_error("sleep length must be non-negative");
    }
    if seconds > 1e10 {
        return raise(ExceptionKind::OverflowError, "sleep length is too large");
    }
    let me = vm.thread_ident();
    let duration = Duration::from_secs_f64(seconds);
    let interrupted = allow_threads_waiting(&mut vm.token, || signals::sleep(me, duration));
    if interrupted {
        vm.keyboard_interrupt()?;
    }
    Ok(Value::None)
}
