//! `math`: the float functions of C's libm with Python's errors, and the
//! exact integer ones (`factorial`, `gcd`, `isqrt`, `comb` ...).

use super::add_functions;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::function::{Args, NativeFn};
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{int, PyResult, Value};
use crate::vm::{as_f64, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, Signed, Zero};
use std::sync::Arc;

/// A float function of one argument: its result, or `None` for a domain error.
macro_rules! float_functions {
    ($($name:ident => $body:expr,)*) => {
        $(
            fn $name(_vm: &mut Vm, args: Args) -> PyResult<Value> {
                args.expect(stringify!($name), 1, 1)?;
                let x = number(&args.positional[0])?;
                let compute: fn(f64) -> Option<f64> = $body;
                finish(compute(x), x)
            }
        )*
        const FLOAT_FUNCTIONS: &[(&str, NativeFn)] = &[$((stringify!($name), $name),)*];
    };
}

float_functions! {
    sqrt => |x| (x >= 0.0 || x.is_nan()).then(|| x.sqrt()),
    exp => |x| Some(x.exp()),
    log2 => |x| (x > 0.0 || x.is_nan()).then(|| x.log2()),
    log10 => |x| (x > 0.0 || x.is_nan()).then(|| x.log10()),
    sin => |x| (!x.is_infinite()).then(|| x.sin()),
    cos => |x| (!x.is_infinite()).then(|| x.cos()),
    tan => |x| (!x.is_infinite()).then(|| x.tan()),
    asin => |x| (x.abs() <= 1.0 || x.is_nan()).then(|| x.asin()),
    acos => |x| (x.abs() <= 1.0 || x.is_nan()).then(|| x.acos()),
    atan => |x| Some(x.atan()),
    sinh => |x| Some(x.sinh()),
    cosh => |x| Some(x.cosh()),
    tanh => |x| Some(x.tanh()),
    fabs => |x| Some(x.abs()),
    degrees => |x| Some(x.to_degrees()),
    radians => |x| Some(x.to_radians()),
    exp2 => |x| Some(x.exp2()),
    expm1 => |x| Some(x.exp_m1()),
    log1p => |x| (x > -1.0 || x.is_nan()).then(|| x.ln_1p()),
}

/// Makes the `math` module.
pub fn make(vm: &mut Vm) -> Arc<PyModule> {
    let module = vm.new_module("math");
    add_functions(vm, &module, FLOAT_FUNCTIONS);
    add_functions(
        vm,
        &module,
        &[
            ("floor", floor),
            ("ceil", ceil),
            ("trunc", trunc),
            ("log", log),
            ("pow", pow),
            ("atan2", atan2),
            ("hypot", hypot),
            ("copysign", copysign),
            ("fmod", fmod),
            ("isnan", isnan),
            ("isinf", isinf),
            ("isfinite", isfinite),
            ("factorial", factorial),
            ("gcd", gcd),
            ("isqrt", isqrt),
            ("comb", comb),
            ("perm", perm),
            ("fsum", fsum),
            ("prod", prod),
            ("isclose", isclose),
            ("modf", modf),
            ("frexp", frexp),
            ("ldexp", ldexp),
            ("lcm", lcm),
            ("remainder", remainder),
            ("nextafter", nextafter),
            ("ulp", ulp),
            ("dist", dist),
        ],
    );
    let constants = [
        ("pi", std::f64::consts::PI),
        ("e", std::f64::consts::E),
        ("tau", std::f64::consts::TAU),
        ("inf", f64::INFINITY),
        ("nan", f64::NAN),
    ];
    for (name, value) in constants {
        vm.set_item_str(&module.dict, name, Value::Float(value));
    }
    module
}

/// A real-number argument as a float.
fn number(value: &Value) -> PyResult<f64> {
    match value.builtin_base() {
        base @ (Value::Float(_) | Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            as_f64(base)
        }
        _ => type_error(format!("must be real number, not {}", type_name(value))),
    }
}

/// Python's errors for a float result: domain and range.
fn finish(result: Option<f64>, input: f64) -> PyResult<Value> {
    match result {
        None => value_error("math domain error"),
        Some(r) if r.is_infinite() && input.is_finite() => {
            raise(ExceptionKind::OverflowError, "math range error")
        }
        Some(r) => Ok(Value::Float(r)),
    }
}

/// An exact integer argument.
fn integer(value: &Value) -> PyResult<BigInt> {
    match int::to_bigint(value) {
        Some(number) => Ok(number),
        None => type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(value)
        )),
    }
}

/// `floor`, `ceil` and `trunc` give ints, exactly.
fn rounding(args: &Args, name: &str, round: fn(f64) -> f64) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    match args.positional[0].builtin_base() {
        Value::Float(f) if f.is_nan() => value_error("cannot convert float NaN to integer"),
        Value::Float(f) if f.is_infinite() => raise(
            ExceptionKind::OverflowError,
            "cannot convert float infinity to integer",
        ),
        Value::Float(f) => Ok(crate::objects::float::to_int(round(*f))),
        value @ (Value::Int(_) | Value::BigInt(_)) => Ok(value.clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        _ => type_error(format!(
            "must be real number, not {}",
            type_name(&args.positional[0])
        )),
    }
}

fn floor(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(&args, "floor", f64::floor)
}

fn ceil(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(&args, "ceil", f64::ceil)
}

fn trunc(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    rounding(&args, "trunc", f64::trunc)
}

/// `log(x[, base])`.
fn log(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("log", 1, 2)?;
    let natural = |value: &Value| -> PyResult<f64> {
        if let Value::BigInt(big) = value {
            if big.is_positive() {
                // Too big for a float: log of the digits, scaled.
                let bits = big.bits();
                let shifted = &**big >> (bits.saturating_sub(60) as usize);
                return Ok(as_f64(&Value::from_bigint(shifted))?.ln()
                    + bits.saturating_sub(60) as f64 * std::f64::consts::LN_2);
            }
        }
        let x = number(value)?;
        if x <= 0.0 {
            return value_error("math domain error");
        }
        Ok(x.ln())
    };
    let x = natural(&args.positional[0])?;
    match args.get(1) {
        None => Ok(Value::Float(x)),
        Some(base) => {
            let base = natural(base)?;
            if base == 0.0 {
                return raise(ExceptionKind::ZeroDivisionError, "float division by zero");
            }
            Ok(Value::Float(x / base))
        }
    }
}

/// A float function of two arguments.
fn binary(args: &Args, name: &str, compute: fn(f64, f64) -> Option<f64>) -> PyResult<Value> {
    args.expect(name, 2, 2)?;
    let x = number(&args.positional[0])?;
    let y = number(&args.positional[1])?;
    finish(
        compute(x, y),
        if x.is_finite() && y.is_finite() {
            0.0
        } else {
            f64::INFINITY
        },
    )
}

fn pow(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(&args, "pow", |x, y| {
        if x == 0.0 && y < 0.0 || x < 0.0 && y.fract() != 0.0 && y.is_finite() {
            None
        } else {
            Some(x.powf(y))
        }
    })
}

fn atan2(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(&args, "atan2", |y, x| Some(y.atan2(x)))
}

fn hypot(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut total = 0.0f64;
    for value in &args.positional {
        let x = number(value)?;
        total = total.hypot(x);
    }
    Ok(Value::Float(total))
}

fn copysign(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(&args, "copysign", |x, y| Some(x.copysign(y)))
}

fn fmod(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(&args, "fmod", |x, y| {
        (y != 0.0 && !x.is_infinite()).then(|| x % y)
    })
}

/// `isnan`, `isinf`, `isfinite`.
fn predicate(args: &Args, name: &str, test: fn(f64) -> bool) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    Ok(Value::Bool(test(number(&args.positional[0])?)))
}

fn isnan(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    predicate(&args, "isnan", f64::is_nan)
}

fn isinf(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    predicate(&args, "isinf", f64::is_infinite)
}

fn isfinite(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    predicate(&args, "isfinite", f64::is_finite)
}

/// `factorial(n)`, exact.
fn factorial(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("factorial", 1, 1)?;
    let n = integer(&args.positional[0])?;
    if n.is_negative() {
        return value_error("factorial() not defined for negative values");
    }
    let n = int::index_value(&Value::from_bigint(n))?;
    let mut result = BigInt::one();
    for k in 2..=n {
        result *= k;
    }
    Ok(Value::from_bigint(result))
}

/// `gcd(*integers)`.
fn gcd(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut result = BigInt::zero();
    for value in &args.positional {
        result = result.gcd(&integer(value)?);
    }
    Ok(Value::from_bigint(result))
}

/// `isqrt(n)`: the integer square root.
fn isqrt(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("isqrt", 1, 1)?;
    let n = integer(&args.positional[0])?;
    if n.is_negative() {
        return value_error("isqrt() argument must be nonnegative");
    }
    Ok(Value::from_bigint(n.sqrt()))
}

/// `comb(n, k)` and `perm(n, k)`: the falling product, divided for comb.
fn choose(args: &Args, name: &str, combinations: bool) -> PyResult<Value> {
    args.expect(name, 1, 2)?;
    let n = integer(&args.positional[0])?;
    let k = match args.get(1) {
        Some(k) => integer(k)?,
        None => n.clone(),
    };
    if n.is_negative() {
        return value_error("n must be a non-negative integer");
    }
    if k.is_negative() {
        return value_error("k must be a non-negative integer");
    }
    if k > n {
        return Ok(Value::Int(0));
    }
    let steps = int::index_value(&Value::from_bigint(k))?;
    let (mut numerator, mut denominator) = (BigInt::one(), BigInt::one());
    for i in 0..steps {
        numerator *= &n - i;
        denominator *= i + 1;
    }
    Ok(Value::from_bigint(if combinations {
        numerator / denominator
    } else {
        numerator
    }))
}

fn comb(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    choose(&args, "comb", true)
}

fn perm(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    choose(&args, "perm", false)
}

/// `fsum(iterable)`: an exactly rounded sum (Shewchuk's algorithm, as CPython).
fn fsum(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("fsum", 1, 1)?;
    let mut partials: Vec<f64> = Vec::new();
    for value in vm.collect(&args.positional[0])? {
        let mut x = number(&value)?;
        let mut kept = 0;
        for index in 0..partials.len() {
            let mut y = partials[index];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let high = x + y;
            let low = y - (high - x);
            if low != 0.0 {
                partials[kept] = low;
                kept += 1;
            }
            x = high;
        }
        partials.truncate(kept);
        partials.push(x);
    }
    Ok(Value::Float(partials.iter().sum()))
}

/// `prod(iterable, start=1)`.
fn prod(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let start = args.take_keyword("start").unwrap_or(Value::Int(1));
    args.expect("prod", 1, 1)?;
    let mut total = start;
    for value in vm.collect(&args.positional[0])? {
        total = vm.binary_op(
            crate::compiler::BinaryOperator::Multiply,
            false,
            total,
            value,
        )?;
    }
    Ok(total)
}

/// `isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)`.
fn isclose(_vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let relative = args
        .take_keyword("rel_tol")
        .map(|v| number(&v))
        .transpose()?
        .unwrap_or(1e-9);
    let absolute = args
        .take_keyword("abs_tol")
        .map(|v| number(&v))
        .transpose()?
        .unwrap_or(0.0);
    args.reject_other_keywords("isclose")?;
    args.expect_count("isclose", 2, 2)?;
    let (a, b) = (number(&args.positional[0])?, number(&args.positional[1])?);
    if relative < 0.0 || absolute < 0.0 {
        return value_error("tolerances must be non-negative");
    }
    if a == b {
        return Ok(Value::Bool(true));
    }
    if a.is_infinite() || b.is_infinite() {
        return Ok(Value::Bool(false));
    }
    let difference = (a - b).abs();
    let close = difference <= (relative * b).abs()
        || difference <= (relative * a).abs()
        || difference <= absolute;
    Ok(Value::Bool(close))
}

/// `modf(x)`: the fractional and integer parts, both with x's sign.
fn modf(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("modf", 1, 1)?;
    let x = number(&args.positional[0])?;
    let whole = if x.is_infinite() { x } else { x.trunc() };
    let fraction = if x.is_infinite() {
        0.0f64.copysign(x)
    } else {
        x - whole
    };
    Ok(Value::tuple(vec![
        Value::Float(fraction),
        Value::Float(whole),
    ]))
}

/// `frexp(x)`: mantissa in [0.5, 1) and exponent with x == m * 2**e.
fn frexp(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("frexp", 1, 1)?;
    let x = number(&args.positional[0])?;
    if x == 0.0 || !x.is_finite() {
        return Ok(Value::tuple(vec![Value::Float(x), Value::Int(0)]));
    }
    let mut exponent = x.abs().log2().floor() as i64 + 1;
    let mut mantissa = x / 2f64.powi(exponent as i32);
    if mantissa.abs() >= 1.0 {
        mantissa /= 2.0;
        exponent += 1;
    }
    Ok(Value::tuple(vec![
        Value::Float(mantissa),
        Value::Int(exponent),
    ]))
}

/// `ldexp(x, i)`: x * 2**i.
fn ldexp(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("ldexp", 2, 2)?;
    let x = number(&args.positional[0])?;
    let exponent = int::index_value(&args.positional[1])?.clamp(-2000, 2000);
    finish(Some(x * 2f64.powi(exponent as i32)), x)
}

/// `lcm(*integers)`: the least common multiple, never negative.
fn lcm(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let mut result = BigInt::one();
    for value in &args.positional {
        result = result.lcm(&integer(value)?);
    }
    Ok(Value::from_bigint(result))
}

/// `remainder(x, y)`: IEEE 754's remainder, `x - n*y` with `n` the
/// integer nearest `x/y` (halves to even), computed exactly as CPython's
/// `m_remainder`.
fn remainder(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    binary(&args, "remainder", |x, y| {
        if x.is_nan() {
            return Some(x);
        }
        if y.is_nan() {
            return Some(y);
        }
        if x.is_infinite() || y == 0.0 {
            return None;
        }
        if y.is_infinite() {
            return Some(x);
        }
        let (absolute_x, absolute_y) = (x.abs(), y.abs());
        let modulo = absolute_x % absolute_y;
        let complement = absolute_y - modulo;
        let result = if modulo < complement {
            modulo
        } else if modulo > complement {
            -complement
        } else {
            modulo - 2.0 * ((0.5 * (absolute_x - modulo)) % absolute_y)
        };
        Some(1.0f64.copysign(x) * result)
    })
}

/// The float next to `x` in the direction of `toward`.
fn next_float(x: f64, toward: f64) -> f64 {
    if x.is_nan() || toward.is_nan() {
        return x + toward;
    }
    if x == toward {
        return toward;
    }
    if x == 0.0 {
        return f64::from_bits(1).copysign(toward);
    }
    let bits = x.to_bits();
    let away_from_zero = (toward > x) == (x > 0.0);
    f64::from_bits(if away_from_zero { bits + 1 } else { bits - 1 })
}

/// `nextafter(x, y)`.
fn nextafter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("nextafter", 2, 2)?;
    let x = number(&args.positional[0])?;
    let toward = number(&args.positional[1])?;
    Ok(Value::Float(next_float(x, toward)))
}

/// `ulp(x)`: the gap between `|x|` and the next float away from zero (or
/// the one below, for the largest float).
fn ulp(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("ulp", 1, 1)?;
    let x = number(&args.positional[0])?.abs();
    if !x.is_finite() {
        return Ok(Value::Float(x));
    }
    let above = next_float(x, f64::INFINITY);
    Ok(Value::Float(if above.is_infinite() {
        x - next_float(x, f64::NEG_INFINITY)
    } else {
        above - x
    }))
}

/// `dist(p, q)`: the Euclidean distance between two points.
fn dist(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("dist", 2, 2)?;
    let p = vm.collect(&args.positional[0])?;
    let q = vm.collect(&args.positional[1])?;
    if p.len() != q.len() {
        return value_error("both points must have the same number of dimensions");
    }
    let mut total = 0.0f64;
    for (a, b) in p.iter().zip(&q) {
        total = total.hypot(number(a)? - number(b)?);
    }
    Ok(Value::Float(total))
}
