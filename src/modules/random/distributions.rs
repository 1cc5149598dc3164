//! The float distributions of `Lib/random.py` (`gauss`, `normalvariate`,
//! `triangular` ...), each the same arithmetic on the same draws as CPython.

use super::{parameters_of, slot, with_state};
use crate::objects::exception::raise;
use crate::objects::function::{Args, NativeFn};
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::{as_f64, Vm};

/// `4 * exp(-0.5) / sqrt(2.0)`, `random.NV_MAGICCONST`.
fn nv_magic_constant() -> f64 {
    4.0 * (-0.5f64).exp() / 2.0f64.sqrt()
}

/// The distributions, for the module table.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("gauss", gauss),
    ("normalvariate", normalvariate),
    ("lognormvariate", lognormvariate),
    ("expovariate", expovariate),
    ("triangular", triangular),
];

/// One float argument, or its default when left out.
fn float_or(slots: &[Option<Value>], index: usize, default: f64) -> PyResult<f64> {
    match slots.get(index).cloned().flatten() {
        Some(value) => as_f64(&value),
        None => Ok(default),
    }
}

/// The next `random()`.
fn draw(vm: &mut Vm) -> f64 {
    with_state(vm, |state| state.twister.random())
}

/// `gauss(mu=0.0, sigma=1.0)`: Box-Muller, keeping the second deviate.
fn gauss(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.gauss", &["mu", "sigma"], 0, &[]).bind(args)?;
    let (mu, sigma) = (float_or(&slots, 0, 0.0)?, float_or(&slots, 1, 1.0)?);
    let z = with_state(vm, |state| match state.gauss_next.take() {
        Some(z) => z,
        None => {
            let x2pi = state.twister.random() * std::f64::consts::TAU;
            let g2rad = (-2.0 * (1.0 - state.twister.random()).ln()).sqrt();
            state.gauss_next = Some(x2pi.sin() * g2rad);
            x2pi.cos() * g2rad
        }
    });
    Ok(Value::Float(mu + z * sigma))
}

/// Kinderman and Monahan's ratio method, as `normalvariate`.
fn normal(vm: &mut Vm, mu: f64, sigma: f64) -> f64 {
    loop {
        let u1 = draw(vm);
        let u2 = 1.0 - draw(vm);
        let z = nv_magic_constant() * (u1 - 0.5) / u2;
        if z * z / 4.0 <= -u2.ln() {
            return mu + z * sigma;
        }
    }
}

/// `normalvariate(mu=0.0, sigma=1.0)`.
fn normalvariate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.normalvariate", &["mu", "sigma"], 0, &[]).bind(args)?;
    let (mu, sigma) = (float_or(&slots, 0, 0.0)?, float_or(&slots, 1, 1.0)?);
    Ok(Value::Float(normal(vm, mu, sigma)))
}

/// `lognormvariate(mu, sigma)`: `exp(normalvariate(mu, sigma))`.
fn lognormvariate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.lognormvariate", &["mu", "sigma"], 2, &[]).bind(args)?;
    let (mu, sigma) = (float_or(&slots, 0, 0.0)?, float_or(&slots, 1, 1.0)?);
    Ok(Value::Float(normal(vm, mu, sigma).exp()))
}

/// `expovariate(lambd)`: `-log(1.0 - random()) / lambd`.
fn expovariate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.expovariate", &["lambd"], 1, &[]).bind(args)?;
    let lambd = float_or(&slots, 0, 1.0)?;
    let numerator = -(1.0 - draw(vm)).ln();
    if lambd == 0.0 {
        return raise(ExceptionKind::ZeroDivisionError, "float division by zero");
    }
    Ok(Value::Float(numerator / lambd))
}

/// `triangular(low=0.0, high=1.0, mode=None)`.
fn triangular(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.triangular", &["low", "high", "mode"], 0, &[]).bind(args)?;
    let (mut low, mut high) = (float_or(&slots, 0, 0.0)?, float_or(&slots, 1, 1.0)?);
    let mode = slot(&slots, 2);
    let mut u = draw(vm);
    if high == low && !mode.is_none() {
        // `(mode - low) / (high - low)` divides by zero: CPython returns low as given.
        return Ok(slots[0].clone().unwrap_or(Value::Float(0.0)));
    }
    let mut c = if mode.is_none() {
        0.5
    } else {
        (as_f64(&mode)? - low) / (high - low)
    };
    if u > c {
        u = 1.0 - u;
        c = 1.0 - c;
        std::mem::swap(&mut low, &mut high);
    }
    Ok(Value::Float(low + (high - low) * (u * c).sqrt()))
}
