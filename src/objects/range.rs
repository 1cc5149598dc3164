//! `range`: an immutable arithmetic sequence, never materialised.

use super::exception::{type_error, value_error};
use super::function::{Args, NativeFn};
use super::method_args::one_argument;
use super::type_object::type_name;
use super::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

mod big;

pub use big::BigRange;
use num_bigint::BigInt;

/// A Python range. Bounds that fit an i64 are the fields; a range beyond
/// them keeps its bounds in `big` (and the fields then hold the empty
/// range 0, 0, 1, which no caller may read without checking `big`).
#[derive(Debug, Clone)]
pub struct PyRange {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
    pub big: Option<Box<BigRange>>,
}

impl PyRange {
    /// A range with bounds that fit an i64.
    pub fn new(start: i64, stop: i64, step: i64) -> PyRange {
        PyRange {
            start,
            stop,
            step,
            big: None,
        }
    }

    /// `len(range)` for a range whose length fits a usize (saturating
    /// otherwise: `checked_len` is the one that raises).
    pub fn len(&self) -> usize {
        if let Some(big) = &self.big {
            return num_traits::ToPrimitive::to_usize(&big.length).unwrap_or(usize::MAX);
        }
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

    /// `len(range)`, OverflowError when it does not fit an index.
    pub fn checked_len(&self) -> PyResult<usize> {
        match &self.big {
            Some(big) => big.checked_len(),
            None => Ok(self.len()),
        }
    }

    /// True for an empty range.
    pub fn is_empty(&self) -> bool {
        match &self.big {
            Some(big) => num_traits::Zero::is_zero(&big.length),
            None => self.len() == 0,
        }
    }

    /// The element at `index` (already in range) of an i64 range.
    pub fn at(&self, index: usize) -> i64 {
        self.start + self.step * index as i64
    }

    /// (start, stop, step, length), whatever the size of the bounds.
    pub fn bounds(&self) -> (BigInt, BigInt, BigInt, BigInt) {
        match &self.big {
            Some(big) => (
                big.start.clone(),
                big.stop.clone(),
                big.step.clone(),
                big.length.clone(),
            ),
            None => (
                self.start.into(),
                self.stop.into(),
                self.step.into(),
                self.len().into(),
            ),
        }
    }

    /// Ranges are equal when they hold the same elements.
    pub fn same_elements(&self, other: &PyRange) -> bool {
        if self.big.is_some() || other.big.is_some() {
            let (a, b) = (self.bounds(), other.bounds());
            let length = &a.3;
            let one = BigInt::from(1);
            return a.3 == b.3
                && (length == &BigInt::from(0) || (a.0 == b.0 && (length == &one || a.2 == b.2)));
        }
        let (a, b) = (self.len(), other.len());
        a == b && (a == 0 || (self.start == other.start && (a == 1 || self.step == other.step)))
    }

    /// Whether the int `value` is one of the elements.
    pub fn contains(&self, value: i64) -> bool {
        if let Some(big) = &self.big {
            return big.contains(&value.into());
        }
        let inside = if self.step > 0 {
            self.start <= value && value < self.stop
        } else {
            self.stop < value && value <= self.start
        };
        inside && (value as i128 - self.start as i128) % self.step as i128 == 0
    }

    /// `x in range` for any value: only ints and bools can be elements.
    pub fn contains_value(&self, value: &Value) -> bool {
        match (value, &self.big) {
            (Value::Int(number), _) => self.contains(*number),
            (Value::Bool(flag), _) => self.contains(*flag as i64),
            (Value::BigInt(number), Some(big)) => big.contains(number),
            _ => false,
        }
    }

    /// `r.start`, `r.stop` and `r.step` as ints.
    pub fn attribute(&self, name: &str) -> Option<Value> {
        let (start, stop, step, _) = self.bounds();
        let value = match name {
            "start" => start,
            "stop" => stop,
            "step" => step,
            _ => return None,
        };
        Some(Value::from_bigint(value))
    }

    /// What `hash(r)` hashes, as CPython's `range_hash`: `(len, start,
    /// step)`, with None for the parts that do not change the elements.
    pub fn hash_key(&self) -> [Value; 3] {
        let (start, _, step, length) = self.bounds();
        let one = BigInt::from(1);
        let (start, step) = match &length {
            zero if num_traits::Zero::is_zero(zero) => (Value::None, Value::None),
            single if single == &one => (Value::from_bigint(start), Value::None),
            _ => (Value::from_bigint(start), Value::from_bigint(step)),
        };
        [Value::from_bigint(length), start, step]
    }

    /// `repr(r)`: `range(0, 5)`, with the step only when it is not 1.
    pub fn repr(&self) -> String {
        let (start, stop, step, _) = self.bounds();
        if step == BigInt::from(1) {
            format!("range({start}, {stop})")
        } else {
            format!("range({start}, {stop}, {step})")
        }
    }

    /// `range(...)`: i64 bounds on the fast path, any size otherwise.
    pub fn make(arguments: &[Value]) -> PyResult<PyRange> {
        let mut small = [0i64; 3];
        for (slot, argument) in small.iter_mut().zip(arguments) {
            match argument {
                Value::Int(number) => *slot = *number,
                Value::Bool(flag) => *slot = *flag as i64,
                _ => return big::make_big(arguments),
            }
        }
        let (start, stop, step) = match arguments.len() {
            1 => (0, small[0], 1),
            2 => (small[0], small[1], 1),
            _ => (small[0], small[1], small[2]),
        };
        if step == 0 {
            return value_error("range() arg 3 must not be zero");
        }
        Ok(PyRange::new(start, stop, step))
    }
}

/// Where `wanted` sits in `range`: arithmetic for an int or bool (as
/// CPython's `range_index`), otherwise a search by `==`, element by element.
fn position(vm: &mut Vm, range: &PyRange, wanted: &Value) -> PyResult<Option<BigInt>> {
    let (start, _, step, length) = range.bounds();
    if let Some(number) = crate::objects::int::to_bigint(wanted) {
        let found = match (&range.big, wanted) {
            (_, Value::Int(_) | Value::Bool(_)) => range.contains_value(&Value::Int(
                num_traits::ToPrimitive::to_i64(&number).unwrap_or_default(),
            )),
            (Some(big), _) => big.contains(&number),
            (None, _) => false,
        };
        return Ok(found.then(|| (number - &start) / &step));
    }
    let mut index = BigInt::from(0);
    let mut element = start;
    while index < length {
        if vm.values_equal(&Value::from_bigint(element.clone()), wanted)? {
            return Ok(Some(index));
        }
        index += 1;
        element += &step;
    }
    Ok(None)
}

/// `r[key]` for a slice of any range or an index of a range beyond 64
/// bits, in `BigInt`s (CPython's `compute_slice`: the stop is the clamped
/// stop index, so `range(5)[::-2]` is `range(4, -1, -2)`).
pub fn big_item(range: &PyRange, key: &Value) -> PyResult<Value> {
    let view;
    let big = match &range.big {
        Some(big) => &**big,
        None => {
            let (start, stop, step, length) = range.bounds();
            view = BigRange {
                start,
                stop,
                step,
                length,
            };
            &view
        }
    };
    match key {
        Value::Slice(slice) => {
            let parts = [&slice.start, &slice.stop, &slice.step];
            Ok(Value::Range(Arc::new(big.slice(parts)?)))
        }
        other => match crate::objects::int::to_bigint(other) {
            Some(index) => big.item(&index),
            None => type_error(format!(
                "range indices must be integers or slices, not {}",
                type_name(other)
            )),
        },
    }
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
        Some(found) => Ok(Value::from_bigint(found)),
        None if matches!(wanted, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            value_error(format!("{} is not in range", vm.repr(&wanted)?))
        }
        None => value_error("sequence.index(x): x not in sequence"),
    }
}

/// The methods of ranges, by name (receiver first among the arguments).
pub static METHODS: &[(&str, NativeFn)] = &[("count", count), ("index", index)];
