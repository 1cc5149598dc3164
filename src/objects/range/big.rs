//! Ranges whose bounds do not fit an i64: `range(2 ** 70)`. The same
//! arithmetic as the i64 ranges in `range.rs`, on `BigInt`s, so such a
//! range is still never materialised. A range whose bounds all fit stays
//! an i64 range: this path costs only the ranges that need it.

use super::PyRange;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::int;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};

/// The bounds of a range beyond 64 bits, with its length worked out once.
#[derive(Debug, Clone)]
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
    pub length: BigInt,
}

/// How many elements `start, start + step, ...` has before `stop`.
pub fn length_of(start: &BigInt, stop: &BigInt, step: &BigInt) -> BigInt {
    let zero = BigInt::zero();
    if step.is_positive() && start < stop {
        (stop - start - 1u8).div_floor(step) + 1u8
    } else if step.is_negative() && start > stop {
        (start - stop - 1u8).div_floor(&-step) + 1u8
    } else {
        zero
    }
}

/// A range from bounds of any size: an i64 range when they all fit.
pub fn from_bounds(start: BigInt, stop: BigInt, step: BigInt) -> PyRange {
    if let (Some(small_start), Some(small_stop), Some(small_step)) =
        (start.to_i64(), stop.to_i64(), step.to_i64())
    {
        return PyRange::new(small_start, small_stop, small_step);
    }
    let length = length_of(&start, &stop, &step);
    PyRange {
        start: 0,
        stop: 0,
        step: 1,
        big: Some(Box::new(BigRange {
            start,
            stop,
            step,
            length,
        })),
    }
}

/// `range(...)`'s arguments as ints: TypeError for anything else, as
/// CPython's `range` asks for `__index__`.
pub fn bound(value: &Value) -> PyResult<BigInt> {
    match int::to_bigint(value) {
        Some(number) => Ok(number),
        None => type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(value)
        )),
    }
}

/// `range(stop)`, `range(start, stop[, step])` with bounds of any size.
pub fn make_big(arguments: &[Value]) -> PyResult<PyRange> {
    let numbers = arguments.iter().map(bound).collect::<PyResult<Vec<_>>>()?;
    let (start, stop, step) = match <[BigInt; 3]>::try_from(numbers) {
        Ok([start, stop, step]) => (start, stop, step),
        Err(numbers) => match <[BigInt; 2]>::try_from(numbers) {
            Ok([start, stop]) => (start, stop, BigInt::one()),
            Err(numbers) => (
                BigInt::zero(),
                numbers.into_iter().next().unwrap_or_default(),
                BigInt::one(),
            ),
        },
    };
    if step.is_zero() {
        return value_error("range() arg 3 must not be zero");
    }
    Ok(from_bounds(start, stop, step))
}

impl BigRange {
    /// Whether the int `value` is one of the elements.
    pub fn contains(&self, value: &BigInt) -> bool {
        let inside = if self.step.is_positive() {
            &self.start <= value && value < &self.stop
        } else {
            &self.stop < value && value <= &self.start
        };
        inside && (value - &self.start).mod_floor(&self.step).is_zero()
    }

    /// The element at `index`, counted from the end when negative:
    /// IndexError outside the range.
    pub fn item(&self, index: &BigInt) -> PyResult<Value> {
        let position = if index.is_negative() {
            index + &self.length
        } else {
            index.clone()
        };
        if position.is_negative() || position >= self.length {
            return raise(ExceptionKind::IndexError, "range object index out of range");
        }
        Ok(Value::from_bigint(&self.start + position * &self.step))
    }

    /// `r[start:stop:step]`: another range, as CPython's `compute_slice`.
    pub fn slice(&self, parts: [&Value; 3]) -> PyResult<PyRange> {
        let [start, stop, step] = parts.map(|part| match part {
            Value::None => Ok(None),
            other => bound(other).map(Some).map_err(|_| {
                crate::objects::exception::PyException::new(
                    ExceptionKind::TypeError,
                    "slice indices must be integers or None or have an __index__ method",
                )
            }),
        });
        let step = step?.unwrap_or_else(BigInt::one);
        if step.is_zero() {
            return value_error("slice step cannot be zero");
        }
        let (lower, upper) = if step.is_negative() {
            (-BigInt::one(), &self.length - 1u8)
        } else {
            (BigInt::zero(), self.length.clone())
        };
        let clamp = |part: Option<BigInt>, default: &BigInt| match part {
            None => default.clone(),
            Some(i) if i.is_negative() => (i + &self.length).max(lower.clone()),
            Some(i) => i.min(upper.clone()),
        };
        let backwards = step.is_negative();
        let first = clamp(start?, if backwards { &upper } else { &lower });
        let last = clamp(stop?, if backwards { &lower } else { &upper });
        let new_start = &self.start + first * &self.step;
        let new_stop = &self.start + last * &self.step;
        Ok(from_bounds(new_start, new_stop, &self.step * step))
    }

    /// `len(r)`: OverflowError past the size of an index, as CPython.
    pub fn checked_len(&self) -> PyResult<usize> {
        match self.length.to_isize() {
            Some(length) => Ok(length as usize),
            None => raise(
                ExceptionKind::OverflowError,
                "Python int too large to convert to C ssize_t",
            ),
        }
    }
}
