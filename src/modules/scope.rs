//! `locals()`, `globals()` and the scope half of `dir()` and `vars()`: the
//! names bound where the builtin was called.
//!
//! A native function runs without a frame of its own, so the innermost
//! frame is the caller's. At module level and in a class body its names
//! live in a dict (returned itself, as CPython does); in a function they
//! are fast locals and cells, copied into a new dict.

use crate::objects::dict::PyDict;
use crate::objects::function::Args;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::collections::BTreeSet;
use std::sync::Arc;

/// `locals()`: the caller's namespace, or a snapshot of its bound locals.
pub fn locals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("locals", 0, 0)?;
    Ok(local_namespace(vm))
}

/// `globals()`: the caller's module namespace.
pub fn globals(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("globals", 0, 0)?;
    Ok(match vm.frames.last() {
        Some(frame) => Value::Dict(frame.globals().clone()),
        None => Value::Dict(Arc::new(PyDict::new())),
    })
}

/// What `locals()` and `vars()` return.
pub fn local_namespace(vm: &mut Vm) -> Value {
    let Some(frame) = vm.frames.last() else {
        return Value::Dict(Arc::new(PyDict::new()));
    };
    if let Some(namespace) = &frame.namespace {
        return Value::Dict(namespace.clone());
    }
    let bound = bound_locals(vm);
    let snapshot = Arc::new(PyDict::new());
    for (name, value) in bound {
        vm.set_item_str(&snapshot, &name, value);
    }
    Value::Dict(snapshot)
}

/// The sorted names bound in the caller's scope, as `dir()` lists them.
pub fn local_names(vm: &Vm) -> BTreeSet<String> {
    let Some(frame) = vm.frames.last() else {
        return BTreeSet::new();
    };
    match &frame.namespace {
        Some(namespace) => namespace
            .data
            .ro(&vm.token)
            .entries()
            .filter_map(|entry| entry.key.as_str().map(str::to_string))
            .collect(),
        None => bound_locals(vm).into_iter().map(|(name, _)| name).collect(),
    }
}

/// The caller's bound fast locals, then its bound cell and free variables.
fn bound_locals(vm: &Vm) -> Vec<(String, Value)> {
    let mut bound = Vec::new();
    let Some(frame) = vm.frames.last() else {
        return bound;
    };
    let code = frame.code();
    let locals = &vm.stack[frame.locals_base..frame.stack_base];
    for (name, value) in code.varnames.iter().zip(locals) {
        if !matches!(value, Value::Null) {
            bound.push((name.clone(), value.clone()));
        }
    }
    let cell_names = code.cellvars.iter().chain(code.freevars.iter());
    for (name, cell) in cell_names.zip(&frame.cells) {
        let value = cell.value.ro(&vm.token);
        if !matches!(value, Value::Null) {
            bound.push((name.clone(), value.clone()));
        }
    }
    bound
}
