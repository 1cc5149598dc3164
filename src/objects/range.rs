//! `range`: an immutable arithmetic sequence, never materialised.

use super::exception::{type_error, value_error};
use super::function::{Args, NativeFn};
use super::method_args::one_argument;
use super::type_object::type_name;
use super::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// A Python range (bounds that fit in an i64).
#[derive(Debug, Clone, Copy)]
pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl PyRange {
    /// `len(range)`.
    pub fn len(&self) -> usize {
        let (start, stop, step) = (self.start as i128, self.stop as i128, self.step as i128);
        let count = if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        count as usize
    }

    /// True for an empty range.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The element at `index` (already in range).
    pub fn at(&self, index: usize) -> i64 {
        self.start + self.step * index as i64
    }

    /// Ranges are equal when they hold the same elements.
    pub fn same_elements(&self, other: &PyRange) -> bool {
        let (a, b) = (self.len(), other.len());
        a == b && (a == 0 || (self.start == other.start && (a == 1 || self.step == other.step)))
    }

    /// Whether `value` is one of the elements.
    pub fn contains(&self, value: i64) -> bool {
        let inside = if self.step > 0 {
            self.start <= value && value < self.stop
        } else {
            self.stop < value && value <= self.start
        };
        inside && (value as i128 - self.start as i128) % self.step as i128 == 0
    }
}

/// Where `wanted` sits in `range`: arithmetic for an int or bool (as
/// CPython's `range_index`), otherwise a search by `==`, element by element.
fn position(vm: &mut Vm, range: &PyRange, wanted: &Value) -> PyResult<Option<usize>> {
    let number = match wanted {
        Value::Int(number) => Some(*number),
        Value::Bool(flag) => Some(*flag as i64),
        Value::BigInt(_) => return Ok(None),
        _ => None,
    };
    if let Some(number) = number {
        let found = range.contains(number);
        let offset = (number as i128 - range.start as i128) / range.step as i128;
        return Ok(found.then_some(offset as usize));
    }
    for index in 0..range.len() {
        if vm.values_equal(&Value::Int(range.at(index)), wanted)? {
            return Ok(Some(index));
        }
    }
    Ok(None)
}

/// The range a method was called on.
fn receiver(value: &Value, method: &str) -> PyResult<Arc<PyRange>> {
    match value {
        Value::Range(range) => Ok(range.clone()),
        other => type_error(format!(
            "descriptor '{method}' for 'range' objects doesn't apply to a '{}' object",
            type_name(other)
        )),
    }
}

/// `r.count(x)`: 1 if `x` is an element, else 0.
fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (range, wanted) = one_argument(args, "range.count")?;
    let range = receiver(&range, "count")?;
    let found = position(vm, &range, &wanted)?;
    Ok(Value::Int(found.is_some() as i64))
}

/// `r.index(x)`: the position of `x`, or ValueError.
fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (range, wanted) = one_argument(args, "range.index")?;
    let range = receiver(&range, "index")?;
    match position(vm, &range, &wanted)? {
        Some(found) => Ok(Value::Int(found as i64)),
        None if matches!(wanted, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            value_error(format!("{} is not in range", vm.repr(&wanted)?))
        }
        None => value_error("sequence.index(x): x not in sequence"),
    }
}

/// The methods of ranges, by name (receiver first among the arguments).
pub static METHODS: &[(&str, NativeFn)] = &[("count", count), ("index", index)];
