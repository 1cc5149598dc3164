//! `getstate`/`setstate`, and the `Random` class built on them.
//!
//! CPython's `random.getstate()` is `(3, words, gauss_next)`: the 624 words
//! of the Mersenne Twister plus the index of the next one, as a tuple of
//! 625 ints. pyl keeps one generator (the module's); a `Random` instance,
//! written in pyl (`random_class.pyl`), keeps its own state tuple and runs
//! each method with that state swapped in, so instances draw independently
//! and the same numbers as CPython's.

use super::mersenne::MersenneTwister;
use super::with_state;
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// The version of the state format, as CPython's `Random.VERSION`.
const VERSION: i64 = 3;

/// The pyl source of the `Random` class, run in the module's namespace.
const CLASS_SOURCE: &str = include_str!("random_class.pyl");

/// Defines `Random` in the module, from `random_class.pyl`.
pub fn add_random_class(vm: &mut Vm, module: &Arc<PyModule>) -> PyResult<()> {
    let code = vm.library_code("random", CLASS_SOURCE)?;
    vm.run_module_code(code, module)?;
    Ok(())
}

/// `getstate()`: `(3, (624 words..., index), gauss_next)`.
pub fn getstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("Random.getstate", 0, 0)?;
    let (words, gauss_next) = with_state(vm, |state| {
        let (words, index) = state.twister.words();
        let mut all: Vec<Value> = words.iter().map(|w| Value::Int(*w as i64)).collect();
        all.push(Value::Int(index as i64));
        (all, state.gauss_next)
    });
    let gauss_next = gauss_next.map_or(Value::None, Value::Float);
    Ok(Value::tuple(vec![
        Value::Int(VERSION),
        Value::tuple(words),
        gauss_next,
    ]))
}

/// `setstate(state)`: resumes the generator from what `getstate` gave.
pub fn setstate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("Random.setstate", 1, 1)?;
    let Value::Tuple(state) = &args.positional[0] else {
        return type_error("state vector must be a tuple");
    };
    let [version, words, gauss_next] = state.items() else {
        return value_error("state vector is the wrong size");
    };
    if !matches!(version, Value::Int(VERSION)) {
        return value_error(format!(
            "state with version {} passed to Random.setstate() of version {VERSION}",
            vm.repr(version)?
        ));
    }
    let Value::Tuple(words) = words else {
        return type_error("state vector must be a tuple");
    };
    let (twister, gauss_next) = (twister_from(words.items())?, gauss_of(gauss_next)?);
    with_state(vm, |state| {
        state.twister = twister;
        state.gauss_next = gauss_next;
    });
    Ok(Value::None)
}

/// The generator the 625 ints of a state describe.
fn twister_from(items: &[Value]) -> PyResult<MersenneTwister> {
    let Some((index, words)) = items.split_last() else {
        return value_error("state vector is the wrong size");
    };
    let mut numbers = Vec::with_capacity(words.len());
    for word in words {
        match word {
            Value::Int(n) if (0..=u32::MAX as i64).contains(n) => numbers.push(*n as u32),
            Value::Int(_) | Value::BigInt(_) => {
                return crate::objects::exception::raise(
                    crate::objects::type_object::ExceptionKind::OverflowError,
                    "Python int too large to convert to C unsigned long",
                )
            }
            other => {
                return type_error(format!(
                    "'{}' object cannot be interpreted as an integer",
                    type_name(other)
                ))
            }
        }
    }
    let index = match index {
        Value::Int(n) if *n >= 0 => *n as usize,
        _ => return value_error("invalid state"),
    };
    if numbers.len() != 624 {
        return value_error("state vector is the wrong size");
    }
    MersenneTwister::from_words(&numbers, index).map_or_else(|| value_error("invalid state"), Ok)
}

/// The saved second normal deviate of `gauss`: a float or None.
fn gauss_of(value: &Value) -> PyResult<Option<f64>> {
    match value {
        Value::None => Ok(None),
        other => crate::vm::as_f64(other).map(Some),
    }
}
