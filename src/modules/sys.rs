//! `sys`: the interpreter's own state, seen from a script.

use super::add_functions;
use crate::objects::exception::{raise, type_error, value_error, PyException};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{int, PyResult, Value};
use crate::vm::Vm;
use std::sync::atomic::Ordering;
use std::sync::Arc;

/// Makes the `sys` module.
pub fn make(vm: &mut Vm) -> PyResult<Arc<PyModule>> {
    let module = vm.new_module("sys");
    add_functions(
        vm,
        &module,
        &[
            ("exit", exit),
            ("getrecursionlimit", getrecursionlimit),
            ("setrecursionlimit", setrecursionlimit),
            ("getsizeof", getsizeof),
            ("intern", intern),
        ],
    );
    let argv = vm
        .interp
        .argv
        .iter()
        .map(|a| Value::str(a.clone()))
        .collect();
    let path = Value::list(vec![Value::str(
        vm.interp.script_directory.display().to_string(),
    )]);
    let entries = [
        ("argv", Value::list(argv)),
        ("path", path),
        ("modules", Value::Dict(vm.interp.modules.clone())),
        ("stdin", vm.interp.stdin.clone()),
        ("stdout", vm.interp.stdout.clone()),
        ("stderr", vm.interp.stderr.clone()),
        ("maxsize", Value::Int(i64::MAX)),
        (
            "version",
            Value::str(format!("3.11.0 (pyl {})", env!("CARGO_PKG_VERSION"))),
        ),
        ("platform", Value::str(std::env::consts::OS)),
        (
            "byteorder",
            Value::str(if cfg!(target_endian = "little") {
                "little"
            } else {
                "big"
            }),
        ),
        ("implementation_name", Value::str("pyl")),
    ];
    for (name, value) in entries {
        vm.set_item_str(&module.dict, name, value);
    }
    // `version_info` and `float_info`, tuples with named fields, read best
    // in Python.
    super::sys_gil::add(vm, &module);
    let source = include_str!("lib/sys_structs.pyl");
    let code = vm.library_code("sys", source)?;
    vm.run_module_code(code, &module)?;
    Ok(module)
}

/// `sys.stdout` or `sys.stderr` as the script last set it (the original
/// stream if `sys` was never imported, so never reassigned).
pub fn stream(vm: &Vm, name: &str) -> Value {
    let original = match name {
        "stderr" => &vm.interp.stderr,
        _ => &vm.interp.stdout,
    };
    let modules = vm.interp.modules.data.ro(&vm.token);
    let Some(Value::Module(sys)) = modules.get_str("sys") else {
        return original.clone();
    };
    let current = sys.dict.data.ro(&vm.token).get_str(name);
    current.unwrap_or_else(|| original.clone())
}

/// `sys.exit(status=None)`: raises SystemExit.
fn exit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("exit", 0, 1)?;
    Err(PyException::with_args(
        ExceptionKind::SystemExit,
        args.positional.into_vec(),
    ))
}

fn getrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys.getrecursionlimit", 0, 0)?;
    Ok(Value::Int(vm.recursion_limit() as i64))
}

/// `sys.setrecursionlimit(limit)`, with CPython's checks.
fn setrecursionlimit(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys.setrecursionlimit", 1, 1)?;
    let limit = match &args.positional[0] {
        Value::Float(_) => return type_error("'float' object cannot be interpreted as an integer"),
        value => int::index_value(value)?,
    };
    if limit < 1 {
        return value_error("recursion limit must be greater or equal than 1");
    }
    let depth = vm.frames.len() as i64;
    if limit <= depth {
        return raise(
            ExceptionKind::RecursionError,
            format!("cannot set the recursion limit to {limit} at the recursion depth {depth}: the limit is too low"),
        );
    }
    vm.interp
        .recursion_limit
        .store(limit as usize, Ordering::Relaxed);
    Ok(Value::None)
}

/// `sys.getsizeof(object)`: pyl's own sizes (16 bytes a value, plus heap).
fn getsizeof(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("getsizeof", 1, 2)?;
    let value = &args.positional[0];
    let heap = match value {
        Value::Str(s) => s.as_str().len(),
        Value::List(l) => l.items.ro(&vm.token).capacity() * 16,
        Value::Tuple(t) => t.items().len() * 16,
        _ => 0,
    };
    Ok(Value::Int(16 + heap as i64))
}

/// `sys.intern(string)`: pyl's strings are shared by reference already,
/// so the string itself is the interned one.
fn intern(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sys.intern", 1, 1)?;
    match &args.positional[0] {
        text @ Value::Str(_) => Ok(text.clone()),
        other => type_error(format!(
            "intern() argument must be str, not {}",
            crate::objects::type_object::type_name(other)
        )),
    }
}
