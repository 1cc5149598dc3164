//! `tuple`: an immutable sequence, and its two methods.

use super::compare::equal;
use super::exception::{type_error, value_error};
use super::function::Args;
use super::method_args::{adjust_indices, index_bound, one_argument, positional};
use super::type_object::type_name;
use super::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// A Python tuple.
#[derive(Debug)]
pub struct PyTuple {
    items: Box<[Value]>,
}

impl PyTuple {
    /// A tuple of `items`.
    pub fn new(items: Vec<Value>) -> PyTuple {
        PyTuple {
            items: items.into_boxed_slice(),
        }
    }

    /// The elements.
    pub fn items(&self) -> &[Value] {
        &self.items
    }
}

/// The `PyTuple` a method was called on.
fn receiver(value: &Value, method: &str) -> PyResult<Arc<PyTuple>> {
    // An instance of a subclass (`dict.keys(ordered)`) lends its built-in value.
    match value.builtin_base() {
        Value::Tuple(tuple) => Ok(tuple.clone()),
        _ => type_error(format!(
            "descriptor '{method}' for 'tuple' objects doesn't apply to a '{}' object",
            type_name(value)
        )),
    }
}

/// `t.index(x[, start[, stop]])`.
fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (tuple, arguments) = positional(args, "tuple.index", 1, 3)?;
    let tuple = receiver(&tuple, "index")?;
    let items = tuple.items();
    let (start, stop) = adjust_indices(
        index_bound(arguments.get(1))?,
        index_bound(arguments.get(2))?,
        items.len(),
    );
    let wanted = &arguments[0];
    match (start..stop).find(|&i| items[i].is(wanted) || equal(&items[i], wanted, &vm.token)) {
        Some(position) => Ok(Value::Int(position as i64)),
        None => value_error("tuple.index(x): x not in tuple"),
    }
}

/// `t.count(x)`.
fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (tuple, wanted) = one_argument(args, "tuple.count")?;
    let tuple = receiver(&tuple, "count")?;
    let count = tuple
        .items()
        .iter()
        .filter(|item| item.is(&wanted) || equal(item, &wanted, &vm.token))
        .count();
    Ok(Value::Int(count as i64))
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[("index", index), ("count", count)];
