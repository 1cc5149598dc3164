//! `float.fromhex`: a float from its hexadecimal form (`'0x1.8p1'` is 3.0),
//! the inverse of `float.hex`, rounded to nearest-even as CPython's
//! `float_fromhex` rounds it.
//!
//! The hex digits are read into one big integer `m` and a binary exponent
//! `e` (the value is `m * 2**e`, exactly); the rounding then keeps the bits
//! a double can hold, 53 of them, or fewer below the normal range.

use super::exception::{raise, value_error};
use super::function::Args;
use super::method_args::positional;
use super::type_object::{type_name, ExceptionKind};
use super::{PyResult, Value};
use crate::vm::Vm;
use num_bigint::BigInt;
use num_traits::{One, ToPrimitive, Zero};

/// `float.fromhex(string)`, a class method (its first argument is the class).
pub fn fromhex(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_class, arguments) = positional(args, "fromhex", 1, 1)?;
    let Value::Str(text) = arguments[0].builtin_base() else {
        return crate::objects::exception::type_error(format!(
            "bad argument type for built-in operation: '{}'",
            type_name(&arguments[0])
        ));
    };
    match parse(text.as_str().trim()) {
        Some(value) if value.is_infinite() && !is_infinity_word(text.as_str()) => raise(
            ExceptionKind::OverflowError,
            "hexadecimal value too large to represent as a float",
        ),
        Some(value) => Ok(Value::Float(value)),
        None => value_error("invalid hexadecimal floating-point string"),
    }
}

/// True when the text spells infinity itself (`'-inf'`), not a huge number.
fn is_infinity_word(text: &str) -> bool {
    let word = text
        .trim()
        .trim_start_matches(['+', '-'])
        .to_ascii_lowercase();
    word == "inf" || word == "infinity"
}

/// The float `text` stands for, `None` when it is not a hex float.
fn parse(text: &str) -> Option<f64> {
    let (negative, rest) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let sign = if negative { -1.0 } else { 1.0 };
    match rest.to_ascii_lowercase().as_str() {
        "inf" | "infinity" => return Some(sign * f64::INFINITY),
        "nan" => return Some(f64::NAN),
        _ => {}
    }
    let rest = rest
        .strip_prefix("0x")
        .or_else(|| rest.strip_prefix("0X"))
        .unwrap_or(rest);
    let (digits, exponent) = match rest.find(['p', 'P']) {
        Some(at) => (&rest[..at], parse_exponent(&rest[at + 1..])?),
        None => (rest, 0),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() && fraction.is_empty() {
        return None;
    }
    let mut mantissa = BigInt::zero();
    for c in whole.chars().chain(fraction.chars()) {
        mantissa = mantissa * 16u32 + c.to_digit(16)?;
    }
    let exponent = exponent.saturating_sub(4 * fraction.len() as i64);
    Some(sign * round_to_double(&mantissa, exponent))
}

/// The decimal exponent after `p`, with an optional sign; huge values
/// saturate (they overflow or underflow all the same).
fn parse_exponent(text: &str) -> Option<i64> {
    let digits = text.trim_start_matches(['+', '-']);
    if digits.is_empty()
        || !digits.bytes().all(|b| b.is_ascii_digit())
        || text.len() - digits.len() > 1
    {
        return None;
    }
    let magnitude = digits
        .parse::<i64>()
        .unwrap_or(i64::MAX / 2)
        .min(i64::MAX / 2);
    Some(if text.starts_with('-') {
        -magnitude
    } else {
        magnitude
    })
}

/// `mantissa * 2**exponent`, rounded half to even to a double (infinity
/// when it is too large).
fn round_to_double(mantissa: &BigInt, exponent: i64) -> f64 {
    if mantissa.is_zero() {
        return 0.0;
    }
    let top = mantissa.bits() as i64 + exponent;
    if top > 1024 {
        return f64::INFINITY;
    }
    // The weight of the last bit kept: 53 bits, or down to 2**-1074.
    let last_bit = (top - 53).max(-1074);
    let drop = last_bit - exponent;
    let kept = if drop <= 0 {
        mantissa << (-drop) as usize
    } else {
        let kept: BigInt = mantissa >> drop as usize;
        let remainder = mantissa - (&kept << drop as usize);
        let half = BigInt::one() << (drop - 1) as usize;
        let odd = (&kept & BigInt::one()).is_one();
        if remainder > half || (remainder == half && odd) {
            kept + 1u32
        } else {
            kept
        }
    };
    scale(kept.to_f64().unwrap_or(f64::INFINITY), last_bit)
}

/// `value * 2**power`, in steps that neither overflow nor underflow early.
fn scale(mut value: f64, mut power: i64) -> f64 {
    while power > 1000 {
        value *= 2f64.powi(1000);
        power -= 1000;
    }
    while power < -1000 {
        value *= 2f64.powi(-1000);
        power += 1000;
    }
    value * 2f64.powi(power as i32)
}
