//! `slice`: the `start:stop:step` object, and how a slice picks indices.

use super::exception::value_error;
use super::{PyResult, Value};

/// A Python slice object; its parts are any values (usually ints or None).
#[derive(Debug)]
pub struct PySlice {
    pub start: Value,
    pub stop: Value,
    pub step: Value,
}

/// A slice resolved against a sequence length: CPython's `PySlice_AdjustIndices`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliceIndices {
    pub start: i64,
    pub stop: i64,
    pub step: i64,
}

impl SliceIndices {
    /// Resolves `start:stop:step` (already ints or None) for a sequence of `length`.
    pub fn new(
        start: Option<i64>,
        stop: Option<i64>,
        step: Option<i64>,
        length: usize,
    ) -> PyResult<SliceIndices> {
        let step = step.unwrap_or(1);
        if step == 0 {
            return value_error("slice step cannot be zero");
        }
        let length = length as i64;
        let (lower, upper) = if step < 0 {
            (-1, length - 1)
        } else {
            (0, length)
        };
        let clamp = |bound: Option<i64>, default: i64| match bound {
            None => default,
            Some(i) if i < 0 => (i + length).max(lower),
            Some(i) => i.min(upper),
        };
        let start = clamp(start, if step < 0 { upper } else { lower });
        let stop = clamp(stop, if step < 0 { lower } else { upper });
        Ok(SliceIndices { start, stop, step })
    }

    /// The selected indices, in order.
    pub fn indices(&self) -> impl Iterator<Item = usize> {
        let SliceIndices { start, stop, step } = *self;
        let count = if step > 0 && start < stop {
            (stop - start - 1) / step + 1
        } else if step < 0 && start > stop {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        };
        (0..count).map(move |k| (start + k * step) as usize)
    }

    /// How many indices the slice selects.
    pub fn count(&self) -> usize {
        self.indices().count()
    }
}
