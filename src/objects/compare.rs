//! Hashing, equality and ordering of the built-in types.
//!
//! Hashable built-in values are immutable all the way down (a tuple holding
//! a list is unhashable), so hashing and key equality need no access to the
//! heap at all: a dict can use them while it holds its own table open.
//! (Instances, whose `__hash__` and `__eq__` are Python code, hash here by
//! identity; the VM settles them before a table is opened: `vm/keys.rs`.)
//! General equality reads lists and dicts, so it takes the GIL owner.

use super::exception::type_error;
use super::type_object::type_name;
use super::{float, int, PyResult, Value};
use num_bigint::BigInt;
use num_traits::ToPrimitive;
use qcell::QCellOwner;
use std::cmp::Ordering;

/// Python's `hash(value)`; TypeError for the mutable containers.
pub fn hash(value: &Value) -> PyResult<i64> {
    Ok(match value {
        Value::Int(i) => int::hash_i64(*i),
        Value::Bool(b) => *b as i64,
        Value::Float(f) => float::hash(*f),
        Value::Str(s) => s.hash(),
        Value::BigInt(b) => int::hash_bigint(b),
        Value::None => 0x5f3759df,
        Value::Tuple(t) => hash_tuple(t.items())?,
        Value::Bytes(b) => b.hash(),
        Value::Set(set) if set.is_frozen() => set.frozen.as_ref().map(|f| f.0).unwrap_or(0),
        Value::List(_) | Value::Dict(_) | Value::Set(_) | Value::Slice(_) => {
            return type_error(format!("unhashable type: '{}'", type_name(value)))
        }
        Value::Range(r) => hash_tuple(&r.hash_key())?,
        other => (other.identity() >> 4) as i64,
    })
}

/// CPython's tuple hash of the items' own hashes.
fn hash_tuple(items: &[Value]) -> PyResult<i64> {
    let mut hasher = TupleHasher::new(items.len());
    for item in items {
        hasher.add(hash(item)?);
    }
    Ok(hasher.finish())
}

/// CPython's tuple hash (the xxHash-based one of 3.8+), fed one item's hash
/// at a time, so the VM can feed it hashes that ran `__hash__`.
pub struct TupleHasher {
    accumulator: u64,
    length: usize,
}

impl TupleHasher {
    const PRIME1: u64 = 11400714785074694791;
    const PRIME2: u64 = 14029467366897019727;
    const PRIME5: u64 = 2870177450012600261;

    /// A hasher for a tuple of `length` items.
    pub fn new(length: usize) -> TupleHasher {
        TupleHasher {
            accumulator: Self::PRIME5,
            length,
        }
    }

    /// Mixes in the next item's hash.
    pub fn add(&mut self, item_hash: i64) {
        let lane = item_hash as u64;
        self.accumulator = self
            .accumulator
            .wrapping_add(lane.wrapping_mul(Self::PRIME2));
        self.accumulator = self.accumulator.rotate_left(31);
        self.accumulator = self.accumulator.wrapping_mul(Self::PRIME1);
    }

    /// The tuple's hash.
    pub fn finish(self) -> i64 {
        let length = self.length as u64;
        let accumulator = self
            .accumulator
            .wrapping_add(length ^ (Self::PRIME5 ^ 3527539));
        if accumulator == u64::MAX {
            return 1546275796;
        }
        accumulator as i64
    }
}

/// True when comparing `key` with another key may run Python code: an
/// instance (its class may define `__eq__` and `__hash__`) or a tuple
/// holding one. The tables cannot run Python code themselves, so the VM
/// matches such keys before it opens them (`vm/keys.rs`).
pub fn compares_by_python(key: &Value) -> bool {
    match key {
        Value::Instance(_) => true,
        Value::Tuple(tuple) => tuple.items().iter().any(compares_by_python),
        _ => false,
    }
}

/// Key equality for dicts and sets: identity, then `==` of hashable values
/// (which never needs to read the heap).
#[inline]
pub fn keys_equal(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        // Names are interned: the same object, found without reading bytes.
        (Str(x), Str(y)) => std::sync::Arc::ptr_eq(x, y) || x.as_str() == y.as_str(),
        (Int(x), Int(y)) => x == y,
        _ if a.is(b) => true,
        (Tuple(x), Tuple(y)) => {
            x.items().len() == y.items().len()
                && x.items()
                    .iter()
                    .zip(y.items())
                    .all(|(p, q)| keys_equal(p, q))
        }
        (Bytes(x), Bytes(y)) => x.as_bytes() == y.as_bytes(),
        (Range(x), Range(y)) => x.same_elements(y),
        (Set(x), Set(y)) => super::set::frozen_equal(x, y),
        _ if is_number(a) && is_number(b) => compare_numbers(a, b) == Some(Ordering::Equal),
        _ => false,
    }
}

/// `a == b` for built-in values (objects without `__eq__` compare by identity).
pub fn equal(a: &Value, b: &Value, owner: &QCellOwner) -> bool {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => x == y,
        (Float(x), Float(y)) => x == y,
        (Str(x), Str(y)) => x.as_str() == y.as_str(),
        (Int(_) | Bool(_) | BigInt(_) | Float(_), Int(_) | Bool(_) | BigInt(_) | Float(_)) => {
            compare_numbers(a, b) == Some(Ordering::Equal)
        }
        (None, None) | (Ellipsis, Ellipsis) => true,
        (Bytes(x), Bytes(y)) => x.as_bytes() == y.as_bytes(),
        (Tuple(x), Tuple(y)) => sequences_equal(x.items(), y.items(), owner),
        (List(x), List(y)) => {
            std::sync::Arc::ptr_eq(x, y)
                || sequences_equal(x.items.ro(owner), y.items.ro(owner), owner)
        }
        (Dict(x), Dict(y)) => std::sync::Arc::ptr_eq(x, y) || dicts_equal(x, y, owner),
        (Set(x), Set(y)) => std::sync::Arc::ptr_eq(x, y) || x.equals(y, owner),
        (Range(x), Range(y)) => x.same_elements(y),
        (Slice(x), Slice(y)) => {
            equal(&x.start, &y.start, owner)
                && equal(&x.stop, &y.stop, owner)
                && equal(&x.step, &y.step, owner)
        }
        _ => a.is(b),
    }
}

fn sequences_equal(a: &[Value], b: &[Value], owner: &QCellOwner) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.is(y) || equal(x, y, owner))
}

fn dicts_equal(a: &super::dict::PyDict, b: &super::dict::PyDict, owner: &QCellOwner) -> bool {
    let (a, b) = (a.data.ro(owner), b.data.ro(owner));
    a.len() == b.len()
        && a.entries()
            .all(|entry| match b.get_hashed(&entry.key, entry.hash) {
                Some(other) => other.is(&entry.value) || equal(&entry.value, &other, owner),
                None => false,
            })
}

/// Orders two numbers exactly (an int and a float compare by value, not by
/// converting the int to a float). `None` when either is NaN.
pub fn compare_numbers(a: &Value, b: &Value) -> Option<Ordering> {
    use Value::*;
    match (a, b) {
        (Int(x), Int(y)) => Some(x.cmp(y)),
        (Float(x), Float(y)) => x.partial_cmp(y),
        (Float(x), _) => compare_float_int(*x, &int::to_bigint(b)?),
        (_, Float(y)) => compare_float_int(*y, &int::to_bigint(a)?).map(Ordering::reverse),
        _ => Some(int::to_bigint(a)?.cmp(&int::to_bigint(b)?)),
    }
}

fn compare_float_int(x: f64, y: &BigInt) -> Option<Ordering> {
    if x.is_nan() {
        return None;
    }
    if x.is_infinite() {
        return Some(if x > 0.0 {
            Ordering::Greater
        } else {
            Ordering::Less
        });
    }
    if let Some(small) = y.to_i64() {
        if small.unsigned_abs() < (1 << 53) {
            return x.partial_cmp(&(small as f64));
        }
    }
    let whole = x.floor();
    let whole_big = num_bigint::BigInt::from(whole as i128);
    let whole_big = if whole.abs() < 1.7e38 {
        whole_big
    } else {
        num_traits::FromPrimitive::from_f64(whole)?
    };
    match whole_big.cmp(y) {
        Ordering::Equal if x > whole => Some(Ordering::Greater),
        other => Some(other),
    }
}

/// True for the values `compare_numbers` understands.
pub fn is_number(value: &Value) -> bool {
    matches!(
        value,
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Float(_)
    )
}
