//! `range`: an immutable arithmetic sequence, never materialised.

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
