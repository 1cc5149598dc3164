//! `int`: arbitrary precision, stored inline as an i64 while it fits.
//!
//! Every operation first tries the i64 fast path with Rust's checked
//! arithmetic; on overflow it redoes the work with `num_bigint::BigInt`, and
//! every big result that fits in an i64 again is folded back (`normalize`),
//! so `Value::Int` and `Value::BigInt` never hold the same number.
//! Division and modulo floor, as Python's do; Rust's operators truncate.

use super::exception::{raise, value_error};
use super::type_object::ExceptionKind;
use super::{PyResult, Value};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use std::sync::Arc;

/// Python's hash modulus for numbers: 2**61 - 1.
pub const HASH_MODULUS: i64 = (1 << 61) - 1;

/// The `Value` for a big integer: inline when it fits in an i64.
pub fn normalize(value: BigInt) -> Value {
    match value.to_i64() {
        Some(small) => Value::Int(small),
        None => Value::BigInt(Arc::new(value)),
    }
}

/// The value of an int (or bool) as a `BigInt`, if it is one.
pub fn to_bigint(value: &Value) -> Option<BigInt> {
    match value.builtin_base() {
        Value::Int(i) => Some(BigInt::from(*i)),
        Value::Bool(b) => Some(BigInt::from(*b as i64)),
        Value::BigInt(b) => Some((**b).clone()),
        _ => None,
    }
}

/// `a + b`.
pub fn add(a: i64, b: i64) -> Value {
    match a.checked_add(b) {
        Some(sum) => Value::Int(sum),
        None => normalize(BigInt::from(a) + b),
    }
}

/// `a - b`.
pub fn subtract(a: i64, b: i64) -> Value {
    match a.checked_sub(b) {
        Some(difference) => Value::Int(difference),
        None => normalize(BigInt::from(a) - b),
    }
}

/// `a * b`.
pub fn multiply(a: i64, b: i64) -> Value {
    match a.checked_mul(b) {
        Some(product) => Value::Int(product),
        None => normalize(BigInt::from(a) * b),
    }
}

/// `a // b`, flooring.
pub fn floor_divide(a: i64, b: i64) -> PyResult<Value> {
    if b == 0 {
        return raise(
            ExceptionKind::ZeroDivisionError,
            "integer division or modulo by zero",
        );
    }
    match a.checked_div_euclid(b) {
        Some(_) => Ok(Value::Int(Integer::div_floor(&a, &b))),
        None => Ok(normalize(BigInt::from(a).div_floor(&BigInt::from(b)))),
    }
}

/// `a % b`, with the sign of `b`.
pub fn remainder(a: i64, b: i64) -> PyResult<Value> {
    if b == 0 {
        return raise(ExceptionKind::ZeroDivisionError, "integer modulo by zero");
    }
    match a.checked_rem(b) {
        Some(_) => Ok(Value::Int(a.mod_floor(&b))),
        None => Ok(Value::Int(0)),
    }
}

/// `a / b`: true division gives a float, correctly rounded even for big ints.
pub fn true_divide(a: &BigInt, b: &BigInt) -> PyResult<Value> {
    if b.is_zero() {
        return raise(ExceptionKind::ZeroDivisionError, "division by zero");
    }
    if let (Some(x), Some(y)) = (a.to_i64(), b.to_i64()) {
        if x.unsigned_abs() < (1 << 53) && y.unsigned_abs() < (1 << 53) {
            return Ok(Value::Float(x as f64 / y as f64));
        }
    }
    let (quotient, rest) = a.div_rem(b);
    let whole = quotient.to_f64().unwrap_or(f64::INFINITY);
    if whole.is_infinite() {
        return raise(
            ExceptionKind::OverflowError,
            "integer division result too large for a float",
        );
    }
    let fraction = rest.to_f64().unwrap_or(0.0) / b.to_f64().unwrap_or(f64::INFINITY);
    Ok(Value::Float(whole + fraction))
}

/// `base ** exponent` for ints; a negative exponent gives a float.
pub fn power(base: &BigInt, exponent: &BigInt) -> PyResult<Value> {
    if exponent.is_negative() {
        let base = to_f64(base)?;
        if base == 0.0 {
            return raise(
                ExceptionKind::ZeroDivisionError,
                "0.0 cannot be raised to a negative power",
            );
        }
        let exponent = exponent.to_f64().unwrap_or(f64::NEG_INFINITY);
        return Ok(Value::Float(base.powf(exponent)));
    }
    if base.is_one() || base.is_zero() || exponent.is_zero() {
        let result = if exponent.is_zero() {
            BigInt::one()
        } else {
            base.clone()
        };
        return Ok(normalize(result));
    }
    if *base == BigInt::from(-1) {
        let odd = exponent.is_odd();
        return Ok(Value::Int(if odd { -1 } else { 1 }));
    }
    match exponent.to_u32() {
        Some(e) if e <= 100_000_000 => Ok(normalize(base.pow(e))),
        _ => raise(ExceptionKind::MemoryError, ""),
    }
}

/// `pow(base, exponent, modulus)`.
pub fn power_modulo(base: &BigInt, exponent: &BigInt, modulus: &BigInt) -> PyResult<Value> {
    if modulus.is_zero() {
        return value_error("pow() 3rd argument cannot be 0");
    }
    let (base, exponent) = if exponent.is_negative() {
        match modular_inverse(base, modulus) {
            Some(inverse) => (inverse, -exponent),
            None => return value_error("base is not invertible for the given modulus"),
        }
    } else {
        (base.clone(), exponent.clone())
    };
    let result = base.modpow(&exponent, &modulus.abs());
    let result = if modulus.is_negative() && !result.is_zero() {
        result + modulus
    } else {
        result
    };
    Ok(normalize(result))
}

fn modular_inverse(value: &BigInt, modulus: &BigInt) -> Option<BigInt> {
    let extended = value.mod_floor(modulus).extended_gcd(modulus);
    if !extended.gcd.is_one() {
        return None;
    }
    Some(extended.x.mod_floor(modulus))
}

/// `a << shift` and `a >> shift`.
pub fn shift(a: &BigInt, shift: &BigInt, left: bool) -> PyResult<Value> {
    if shift.is_negative() {
        return value_error("negative shift count");
    }
    let Some(amount) = shift.to_usize() else {
        return if left {
            raise(ExceptionKind::OverflowError, "too many digits in integer")
        } else {
            Ok(Value::Int(if a.is_negative() { -1 } else { 0 }))
        };
    };
    if left {
        Ok(normalize(a << amount))
    } else {
        Ok(normalize(a >> amount))
    }
}

/// An int as a float, or OverflowError when it is too large.
pub fn to_f64(value: &BigInt) -> PyResult<f64> {
    match value.to_f64() {
        Some(f) if f.is_finite() => Ok(f),
        _ => raise(
            ExceptionKind::OverflowError,
            "int too large to convert to float",
        ),
    }
}

/// Python's `hash()` of an int: the value modulo 2**61 - 1, with -1 mapped to -2.
pub fn hash_bigint(value: &BigInt) -> i64 {
    let modulus = BigInt::from(HASH_MODULUS);
    let reduced = (value.abs() % &modulus).to_i64().unwrap_or(0);
    let hash = if value.is_negative() {
        -reduced
    } else {
        reduced
    };
    if hash == -1 {
        -2
    } else {
        hash
    }
}

/// `hash()` of a small int.
pub fn hash_i64(value: i64) -> i64 {
    if value.unsigned_abs() < HASH_MODULUS as u64 {
        return if value == -1 { -2 } else { value };
    }
    hash_bigint(&BigInt::from(value))
}

/// Parses `int(text, base)`, accepting what Python accepts: surrounding
/// whitespace, a sign, underscores between digits and, for base 0 or a
/// matching base, a `0x`/`0o`/`0b` prefix.
pub fn parse(text: &str, base: u32) -> Option<BigInt> {
    let trimmed = text.trim();
    let (negative, digits) = match trimmed.as_bytes().first() {
        Some(b'-') => (true, &trimmed[1..]),
        Some(b'+') => (false, &trimmed[1..]),
        _ => (false, trimmed),
    };
    let (base, digits) = strip_prefix(digits, base)?;
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
    {
        return None;
    }
    let cleaned: String = digits.chars().filter(|c| *c != '_').collect();
    let value = BigInt::parse_bytes(cleaned.as_bytes(), base)?;
    Some(if negative { -value } else { value })
}

/// Splits a `0x`-style prefix off, deciding the base when it is 0.
fn strip_prefix(digits: &str, base: u32) -> Option<(u32, &str)> {
    let lower = digits.get(..2).map(|p| p.to_ascii_lowercase());
    let prefixed = match lower.as_deref() {
        Some("0x") => Some(16),
        Some("0o") => Some(8),
        Some("0b") => Some(2),
        _ => None,
    };
    match (base, prefixed) {
        (0, Some(found)) => Some((found, digits[2..].trim_start_matches('_'))),
        (0, None) => {
            // Base 0 reads literals as Python source does: no leading zeros.
            let leading_zero =
                digits.starts_with('0') && !digits.trim_start_matches(['0', '_']).is_empty();
            if leading_zero {
                None
            } else {
                Some((10, digits))
            }
        }
        (b, Some(found)) if b == found => Some((b, digits[2..].trim_start_matches('_'))),
        (b, _) => Some((b, digits)),
    }
}

/// `bin()`, `oct()`, `hex()`: the digits in `radix` with Python's prefix.
pub fn to_radix(value: &BigInt, radix: u32, prefix: &str) -> String {
    let digits = value.abs().to_str_radix(radix);
    if value.is_negative() {
        format!("-{prefix}{digits}")
    } else {
        format!("{prefix}{digits}")
    }
}

/// CPython 3.11 refuses to turn ints of more than 4300 digits into text.
pub const MAX_STR_DIGITS: usize = 4300;

/// `str(int)` for a big int, with CPython's limit on digits.
pub fn bigint_to_string(value: &BigInt) -> PyResult<String> {
    let text = value.to_string();
    let digits = text.trim_start_matches('-').len();
    if digits > MAX_STR_DIGITS {
        return value_error(format!(
            "Exceeds the limit ({MAX_STR_DIGITS} digits) for integer string conversion; use sys.set_int_max_str_digits() to increase the limit"
        ));
    }
    Ok(text)
}

/// An int argument that must fit an i64 (`range`, `chr`, indices):
/// TypeError for a non-int, OverflowError when too large.
pub fn index_value(value: &Value) -> PyResult<i64> {
    match value.builtin_base() {
        Value::Int(i) => Ok(*i),
        Value::Bool(b) => Ok(*b as i64),
        Value::BigInt(_) => raise(
            ExceptionKind::OverflowError,
            "Python int too large to convert to C ssize_t",
        ),
        _ => super::exception::type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            super::type_object::type_name(value)
        )),
    }
}

/// The int a method was called on, as a `BigInt`.
fn receiver(value: &Value) -> PyResult<BigInt> {
    match to_bigint(value) {
        Some(number) => Ok(number),
        None => super::exception::type_error(format!(
            "descriptor for 'int' objects doesn't apply to a '{}' object",
            super::type_object::type_name(value)
        )),
    }
}

/// `n.bit_length()`: the bits needed for `abs(n)`.
fn bit_length(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let number = receiver(&super::method_args::no_arguments(args, "int.bit_length")?)?;
    Ok(Value::Int(number.bits() as i64))
}

/// `n.bit_count()`: the one bits of `abs(n)`.
fn bit_count(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let number = receiver(&super::method_args::no_arguments(args, "int.bit_count")?)?;
    let ones: u64 = number
        .magnitude()
        .iter_u64_digits()
        .map(|digit| digit.count_ones() as u64)
        .sum();
    Ok(Value::Int(ones as i64))
}

/// `n.conjugate()`: the number itself (a bool becomes an int).
fn conjugate(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let number = receiver(&super::method_args::no_arguments(args, "int.conjugate")?)?;
    Ok(normalize(number))
}

/// `n.as_integer_ratio()`: `(n, 1)`.
fn as_integer_ratio(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let number = receiver(&super::method_args::no_arguments(
        args,
        "int.as_integer_ratio",
    )?)?;
    Ok(Value::tuple(vec![normalize(number), Value::Int(1)]))
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("bit_length", bit_length),
    ("bit_count", bit_count),
    ("conjugate", conjugate),
    ("as_integer_ratio", as_integer_ratio),
    ("to_bytes", super::int_bytes::to_bytes),
];

/// The class methods of this type: the receiver is the class.
pub static CLASS_METHODS: &[(&str, super::function::NativeFn)] =
    &[("from_bytes", super::int_bytes::from_bytes)];
