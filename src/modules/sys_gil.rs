//! The GIL as `sys` shows it: CPython's `getswitchinterval` and
//! `setswitchinterval`, and three functions only pyl has, so demos can
//! print what the lock did: `_gil_stats()`, `_get_gil_policy()` and
//! `_set_gil_policy(name)`.

use super::add_functions;
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::runtime::gil::{Policy, GIL};
use crate::runtime::gil_report::{self, Figures};
use crate::runtime::gil_stats::ThreadRecord;
use crate::vm::Vm;
use std::time::Duration;

/// Adds the GIL functions to `sys`.
pub fn add(vm: &mut Vm, sys: &PyModule) {
    add_functions(
        vm,
        sys,
        &[
            ("getswitchinterval", getswitchinterval),
            ("setswitchinterval", setswitchinterval),
            ("_gil_stats", gil_stats),
            ("_get_gil_policy", get_gil_policy),
            ("_set_gil_policy", set_gil_policy),
        ],
    );
}

/// `sys.getswitchinterval()`: seconds a waiter waits before it asks.
fn getswitchinterval(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys.getswitchinterval", 0, 0)?;
    Ok(Value::Float(GIL.state().switch_interval.as_secs_f64()))
}

/// `sys.setswitchinterval(seconds)`, kept to the microsecond as CPython does.
fn setswitchinterval(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys.setswitchinterval", 1, 1)?;
    let seconds = crate::vm::as_f64(&args.positional[0])?;
    if seconds.is_nan() || seconds <= 0.0 {
        return value_error("switch interval must be strictly positive");
    }
    let microseconds = (seconds * 1e6).min(u64::MAX as f64) as u64;
    GIL.state().switch_interval = Duration::from_micros(microseconds);
    Ok(Value::None)
}

/// `sys._get_gil_policy()`: the policy's name.
fn get_gil_policy(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys._get_gil_policy", 0, 0)?;
    Ok(Value::str(GIL.state().policy.name()))
}

/// `sys._set_gil_policy(name)`: switches policy from the next handoff on.
fn set_gil_policy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys._set_gil_policy", 1, 1)?;
    let name = match &args.positional[0] {
        Value::Str(name) => name.as_str().to_string(),
        other => {
            return type_error(format!(
                "_set_gil_policy() argument must be str, not {}",
                type_name(other)
            ))
        }
    };
    let policy = match Policy::from_name(&name) {
        Ok(policy) => policy,
        Err(message) => return value_error(message),
    };
    GIL.set_policy(policy, &vm.thread);
    Ok(Value::None)
}

/// `sys._gil_stats()`: `{"policy", "switch_interval", "threads": [...],
/// "total": {...}}`, the figures `--gil-stats` prints.
fn gil_stats(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys._gil_stats", 0, 0)?;
    let figures = gil_report::figures();
    let mut threads = Vec::new();
    for thread in &figures.threads {
        let mut entries = vec![
            ("name", Value::str(thread.name.clone())),
            ("ident", Value::Int(thread.ident as i64)),
        ];
        entries.extend(counters(thread.instructions, &thread.record));
        threads.push(dict_of(vm, entries));
    }
    let (instructions, sum) = gil_report::total(&figures);
    let total = dict_of(vm, counters(instructions, &sum));
    let summary = summary_entries(&figures, Value::list(threads), total);
    Ok(dict_of(vm, summary))
}

fn summary_entries(figures: &Figures, threads: Value, total: Value) -> Vec<(&'static str, Value)> {
    let every = figures
        .switch_every
        .map_or(Value::None, |every| Value::Int(every as i64));
    vec![
        ("policy", Value::str(figures.policy)),
        (
            "switch_interval",
            Value::Float(figures.switch_interval.as_secs_f64()),
        ),
        ("switch_every", every),
        (
            "most_running_at_once",
            Value::Int(figures.most_running as i64),
        ),
        ("threads", threads),
        ("total", total),
    ]
}

/// One thread's counters (or their sum) as dict entries.
fn counters(instructions: u64, record: &ThreadRecord) -> Vec<(&'static str, Value)> {
    let count = |n: u64| Value::Int(n as i64);
    vec![
        ("instructions", count(instructions)),
        ("held", Value::Float(record.held.as_secs_f64())),
        ("waiting", Value::Float(record.waiting.as_secs_f64())),
        ("acquisitions", count(record.acquisitions)),
        ("forced_switches", count(record.forced_switches)),
        ("voluntary_releases", count(record.voluntary_releases)),
        ("drop_requests", count(record.drop_requests)),
        (
            "most_after_drop_request",
            count(record.most_after_drop_request),
        ),
    ]
}

fn dict_of(vm: &mut Vm, entries: Vec<(&'static str, Value)>) -> Value {
    let dict = std::sync::Arc::new(crate::objects::dict::PyDict::new());
    for (key, value) in entries {
        vm.set_item_str(&dict, key, value);
    }
    Value::Dict(dict)
}
