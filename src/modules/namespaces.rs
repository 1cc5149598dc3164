//! `globals()` and `locals()`: the running frame's names as dicts.
//!
//! At module level and in a class body a frame's names live in a dict
//! already, and these return it. A function's locals live in stack slots
//! and cells, so `locals()` there returns a new dict of the bound ones, a
//! snapshot as in CPython 3.11: storing into it changes no variable.

use crate::objects::dict::PyDict;
use crate::objects::function::{Args, NativeFn};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// The builtins of this file, for `builtins::install`.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[("globals", globals), ("locals", locals)];

/// `globals()`: the dict of the running function's module.
fn globals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("globals", 0, 0)?;
    Ok(match vm.frames.last() {
        Some(frame) => Value::Dict(frame.function.globals.clone()),
        None => Value::Dict(Arc::new(PyDict::new())),
    })
}

/// `locals()`: the running frame's local names and their values.
fn locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("locals", 0, 0)?;
    Ok(current_locals(vm))
}

/// The running frame's locals: its namespace dict, or a snapshot of its
/// bound fast locals and cells (`vars()` with no argument uses it too).
pub fn current_locals(vm: &mut Vm) -> Value {
    let Some(frame) = vm.frames.last() else {
        return Value::Dict(Arc::new(PyDict::new()));
    };
    if let Some(namespace) = &frame.namespace {
        return Value::Dict(namespace.clone());
    }
    let code = frame.code().clone();
    let mut bound: Vec<(String, Value)> = code
        .varnames
        .iter()
        .zip(&vm.stack[frame.locals_base..frame.stack_base])
        .filter(|(_, value)| !matches!(value, Value::Null))
        .map(|(name, value)| (name.clone(), value.clone()))
        .collect();
    let cell_names = code.cellvars.iter().chain(code.freevars.iter());
    for (name, cell) in cell_names.zip(&frame.cells) {
        let value = cell.value.ro(&vm.token).clone();
        if !matches!(value, Value::Null) && !bound.iter().any(|(n, _)| n == name) {
            bound.push((name.clone(), value));
        }
    }
    let dict = Arc::new(PyDict::new());
    for (name, value) in bound {
        vm.set_item_str(&dict, &name, value);
    }
    Value::Dict(dict)
}
