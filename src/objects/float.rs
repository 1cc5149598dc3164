//! `float`: IEEE doubles with Python's division, modulo, hashing and parsing.

use super::exception::raise;
use super::int::{normalize, HASH_MODULUS};
use super::type_object::ExceptionKind;
use super::{PyResult, Value};
use num_bigint::BigInt;
use num_traits::FromPrimitive;

/// `a / b`.
pub fn true_divide(a: f64, b: f64) -> PyResult<Value> {
    if b == 0.0 {
        return raise(ExceptionKind::ZeroDivisionError, "float division by zero");
    }
    Ok(Value::Float(a / b))
}

/// `a // b`, flooring as Python does.
pub fn floor_divide(a: f64, b: f64) -> PyResult<Value> {
    if b == 0.0 {
        return raise(
            ExceptionKind::ZeroDivisionError,
            "float floor division by zero",
        );
    }
    Ok(Value::Float(divmod(a, b).0))
}

/// `a % b`, with the sign of `b`.
pub fn remainder(a: f64, b: f64) -> PyResult<Value> {
    if b == 0.0 {
        return raise(ExceptionKind::ZeroDivisionError, "float modulo");
    }
    Ok(Value::Float(divmod(a, b).1))
}

/// Python's float `divmod`, following CPython's `float_divmod`.
pub fn divmod(a: f64, b: f64) -> (f64, f64) {
    let mut modulo = a % b;
    let mut division = (a - modulo) / b;
    if modulo != 0.0 {
        if (b < 0.0) != (modulo < 0.0) {
            modulo += b;
            division -= 1.0;
        }
    } else {
        modulo = 0.0f64.copysign(b);
    }
    let floored = if division != 0.0 {
        let mut floor = division.floor();
        if division - floor > 0.5 {
            floor += 1.0;
        }
        floor
    } else {
        0.0f64.copysign(a / b)
    };
    (floored, modulo)
}

/// `a ** b` for floats, with Python's errors.
pub fn power(a: f64, b: f64) -> PyResult<Value> {
    if a == 0.0 && b < 0.0 {
        return raise(
            ExceptionKind::ZeroDivisionError,
            "0.0 cannot be raised to a negative power",
        );
    }
    if a < 0.0 && b.fract() != 0.0 && b.is_finite() {
        return raise(
            ExceptionKind::ValueError,
            "complex numbers are not supported by pyl (negative number raised to a fractional power)",
        );
    }
    let result = a.powf(b);
    if result.is_infinite() && a.is_finite() && b.is_finite() {
        return raise(
            ExceptionKind::OverflowError,
            "(34, 'Numerical result out of range')",
        );
    }
    Ok(Value::Float(result))
}

/// Python's `hash()` of a float: equal to the hash of an equal int.
pub fn hash(value: f64) -> i64 {
    if value.is_nan() {
        return 0;
    }
    if value.is_infinite() {
        return if value > 0.0 { 314159 } else { -314159 };
    }
    if value.fract() == 0.0 {
        return match BigInt::from_f64(value) {
            Some(big) => super::int::hash_bigint(&big),
            None => 0,
        };
    }
    // CPython's algorithm: fold the mantissa into the modulus 28 bits at a time.
    let (mut mantissa, mut exponent) = frexp(value.abs());
    let mut hash: u64 = 0;
    let modulus = HASH_MODULUS as u64;
    while mantissa != 0.0 {
        hash = ((hash << 28) & modulus) | (hash >> (61 - 28));
        mantissa *= 268435456.0;
        exponent -= 28;
        let digit = mantissa as u64;
        mantissa -= digit as f64;
        hash += digit;
        if hash >= modulus {
            hash -= modulus;
        }
    }
    let exponent = if exponent >= 0 {
        exponent % 61
    } else {
        61 - 1 - ((-1 - exponent) % 61)
    };
    hash = ((hash << exponent) & modulus) | (hash >> (61 - exponent));
    let signed = if value < 0.0 {
        -(hash as i64)
    } else {
        hash as i64
    };
    if signed == -1 {
        -2
    } else {
        signed
    }
}

/// Splits `value` into a mantissa in [0.5, 1) and a power of two.
fn frexp(value: f64) -> (f64, i32) {
    if value == 0.0 {
        return (0.0, 0);
    }
    let bits = value.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    if exponent == 0 {
        let (mantissa, e) = frexp(value * 2f64.powi(64));
        return (mantissa, e - 64);
    }
    let mantissa = f64::from_bits((bits & !(0x7ff << 52)) | (1022 << 52));
    (mantissa, exponent - 1022)
}

/// Parses `float(text)`: decimal forms, `inf`, `nan`, underscores between digits.
pub fn parse(text: &str) -> Option<f64> {
    let trimmed = text.trim();
    let lower = trimmed.to_ascii_lowercase();
    let unsigned = lower.trim_start_matches(['+', '-']);
    let negative = lower.starts_with('-');
    let special = match unsigned {
        "inf" | "infinity" => Some(f64::INFINITY),
        "nan" => Some(f64::NAN),
        _ => None,
    };
    if let Some(value) = special {
        if lower.len() - unsigned.len() > 1 {
            return None;
        }
        return Some(if negative { -value } else { value });
    }
    if trimmed.contains("__") || trimmed.starts_with('_') || trimmed.ends_with('_') {
        return None;
    }
    let cleaned: String = trimmed.chars().filter(|c| *c != '_').collect();
    let valid = cleaned
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'));
    if !valid {
        return None;
    }
    cleaned.parse::<f64>().ok()
}

/// `round(x)` for a float: to the nearest int, halves to even.
pub fn round_to_int(value: f64) -> PyResult<Value> {
    if value.is_nan() {
        return raise(
            ExceptionKind::ValueError,
            "cannot convert float NaN to integer",
        );
    }
    if value.is_infinite() {
        return raise(
            ExceptionKind::OverflowError,
            "cannot convert float infinity to integer",
        );
    }
    let rounded = value.round_ties_even();
    Ok(to_int(rounded))
}

/// A finite, integral float as an int value.
pub fn to_int(value: f64) -> Value {
    if value.abs() < 9.2e18 {
        Value::Int(value as i64)
    } else {
        normalize(BigInt::from_f64(value).unwrap_or_default())
    }
}

/// `round(x, ndigits)` for a float, correctly rounded via its decimal text.
pub fn round_digits(value: f64, digits: i64) -> f64 {
    if !value.is_finite() || digits > 308 {
        return value;
    }
    if digits < -308 {
        return 0.0f64.copysign(value);
    }
    if digits >= 0 {
        // Formatting rounds correctly (half to even on the exact binary value).
        let text = format!("{:.*}", digits as usize, value);
        return text.parse().unwrap_or(value);
    }
    let scale = 10f64.powi((-digits) as i32);
    let scaled = value / scale;
    let rounded = scaled.round_ties_even();
    let result = rounded * scale;
    if result.is_finite() {
        result
    } else {
        value
    }
}

/// The float a method was called on.
fn receiver(value: &Value) -> PyResult<f64> {
    match value {
        Value::Float(f) => Ok(*f),
        other => super::exception::type_error(format!(
            "descriptor for 'float' objects doesn't apply to a '{}' object",
            super::type_object::type_name(other)
        )),
    }
}

/// `x.is_integer()`.
fn is_integer(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let value = receiver(&super::method_args::no_arguments(args, "float.is_integer")?)?;
    Ok(Value::Bool(value.is_finite() && value.fract() == 0.0))
}

/// `x.conjugate()`: the number itself.
fn conjugate(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let value = receiver(&super::method_args::no_arguments(args, "float.conjugate")?)?;
    Ok(Value::Float(value))
}

/// `x.as_integer_ratio()`: the exact fraction, in lowest terms. A double
/// is `mantissa * 2**exponent`; halving an even mantissa reduces it.
fn as_integer_ratio(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let value = receiver(&super::method_args::no_arguments(
        args,
        "float.as_integer_ratio",
    )?)?;
    if value.is_nan() {
        return raise(
            ExceptionKind::ValueError,
            "cannot convert NaN to integer ratio",
        );
    }
    if value.is_infinite() {
        return raise(
            ExceptionKind::OverflowError,
            "cannot convert Infinity to integer ratio",
        );
    }
    let bits = value.abs().to_bits();
    let (exponent_bits, fraction) = ((bits >> 52) as i64, bits & ((1 << 52) - 1));
    let (mut mantissa, mut exponent) = match (exponent_bits, fraction) {
        (0, 0) => (0, 0),
        (0, _) => (fraction, -1074),
        _ => (fraction | (1 << 52), exponent_bits - 1075),
    };
    while mantissa % 2 == 0 && exponent < 0 {
        mantissa /= 2;
        exponent += 1;
    }
    let sign = if value < 0.0 { -1 } else { 1 };
    let mut numerator = BigInt::from(mantissa) * sign;
    let mut denominator = BigInt::from(1);
    if exponent >= 0 {
        numerator <<= exponent as usize;
    } else {
        denominator <<= (-exponent) as usize;
    }
    Ok(Value::tuple(vec![
        normalize(numerator),
        normalize(denominator),
    ]))
}

/// `x.hex()`: `[-]0x1.<13 hex digits>p<exponent>`, or `0x0.` for
/// subnormals, as C's `%a` prints with every fraction digit.
fn hex(_vm: &mut crate::vm::Vm, args: super::function::Args) -> PyResult<Value> {
    let value = receiver(&super::method_args::no_arguments(args, "float.hex")?)?;
    if !value.is_finite() {
        let text = if value.is_nan() {
            "nan"
        } else if value > 0.0 {
            "inf"
        } else {
            "-inf"
        };
        return Ok(Value::str(text));
    }
    let sign = if value.is_sign_negative() { "-" } else { "" };
    let bits = value.to_bits();
    let (exponent_bits, fraction) = ((bits >> 52) & 0x7ff, bits & ((1 << 52) - 1));
    let text = match (exponent_bits, fraction) {
        (0, 0) => format!("{sign}0x0.0p+0"),
        (0, _) => format!("{sign}0x0.{fraction:013x}p-1022"),
        _ => format!(
            "{sign}0x1.{fraction:013x}p{:+}",
            exponent_bits as i64 - 1023
        ),
    };
    Ok(Value::str(text))
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("is_integer", is_integer),
    ("conjugate", conjugate),
    ("as_integer_ratio", as_integer_ratio),
    ("hex", hex),
];
