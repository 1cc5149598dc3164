//! `choice`, `shuffle`, `sample` and `choices`: `Lib/random.py`'s code over
//! sequences, ported so each makes the same draws as CPython's.
//!
//! Items are read and written through the VM's `seq[i]` (`get_item`,
//! `set_item`), as the Python code does, so any sequence works and a
//! tuple given to `shuffle` fails with CPython's own message.

use super::parameters_of;
use super::{slot, with_state};
use crate::compiler::BinaryOperator;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::function::Args;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{int, PyResult, Value};
use crate::vm::{as_f64, Vm};
use std::collections::HashSet;

/// A uniform index in [0, n), for n > 0.
fn index_below(vm: &mut Vm, n: usize) -> usize {
    with_state(vm, |state| state.twister.below_u64(n as u64) as usize)
}

/// `seq[index]`.
fn item(vm: &mut Vm, sequence: &Value, index: usize) -> PyResult<Value> {
    vm.get_item(sequence, &Value::Int(index as i64))
}

/// `choice(seq)`: one item, uniformly.
pub fn choice(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.choice", &["seq"], 1, &[]).bind(args)?;
    let sequence = slot(&slots, 0);
    let n = vm.len(&sequence)?;
    if n == 0 {
        return raise(
            ExceptionKind::IndexError,
            "Cannot choose from an empty sequence",
        );
    }
    let index = index_below(vm, n);
    item(vm, &sequence, index)
}

/// `shuffle(x)`: Fisher-Yates in place, from the end, as CPython.
pub fn shuffle(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.shuffle", &["x"], 1, &[]).bind(args)?;
    let sequence = slot(&slots, 0);
    let n = vm.len(&sequence)?;
    for i in (1..n).rev() {
        let j = index_below(vm, i + 1);
        let (at_i, at_j) = (item(vm, &sequence, i)?, item(vm, &sequence, j)?);
        vm.set_item(&sequence, Value::Int(i as i64), at_j)?;
        vm.set_item(&sequence, Value::Int(j as i64), at_i)?;
    }
    Ok(Value::None)
}

/// `sample(population, k, *, counts=None)`: k distinct positions.
pub fn sample(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of("Random.sample", &["population", "k"], 2, &["counts"]).bind(args)?;
    let population = slot(&slots, 0);
    if !matches!(
        population,
        Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(_) | Value::Bytes(_)
    ) {
        return type_error("Population must be a sequence.  For dicts or sets, use sorted(d).");
    }
    let k = int::index_value(&slot(&slots, 1))?;
    let counts = slot(&slots, 2);
    if !counts.is_none() {
        return type_error("sample() with counts is not supported by pyl yet");
    }
    let n = vm.len(&population)?;
    if k < 0 || k as usize > n {
        return value_error("Sample larger than population or is negative");
    }
    let positions = if n <= set_size(k as usize) {
        sample_from_pool(vm, n, k as usize)
    } else {
        sample_by_rejection(vm, n, k as usize)
    };
    let mut result = Vec::with_capacity(positions.len());
    for index in positions {
        result.push(item(vm, &population, index)?);
    }
    Ok(Value::list(result))
}

/// CPython's estimate of when a set of k picks costs more than a copy of
/// the population: `21 + 4 ** ceil(log(k * 3, 4))` for k > 5.
fn set_size(k: usize) -> usize {
    if k <= 5 {
        return 21;
    }
    let exponent = (((k * 3) as f64).ln() / 4f64.ln()).ceil();
    21usize.saturating_add(4f64.powf(exponent).min(usize::MAX as f64) as usize)
}

/// Partial Fisher-Yates over a list of positions.
fn sample_from_pool(vm: &mut Vm, n: usize, k: usize) -> Vec<usize> {
    let mut pool: Vec<usize> = (0..n).collect();
    let mut picked = Vec::with_capacity(k);
    for i in 0..k {
        let j = index_below(vm, n - i);
        picked.push(pool[j]);
        pool[j] = pool[n - i - 1];
    }
    picked
}

/// Draws positions, redrawing any already taken.
fn sample_by_rejection(vm: &mut Vm, n: usize, k: usize) -> Vec<usize> {
    let mut selected = HashSet::with_capacity(k);
    let mut picked = Vec::with_capacity(k);
    for _ in 0..k {
        let mut j = index_below(vm, n);
        while selected.contains(&j) {
            j = index_below(vm, n);
        }
        selected.insert(j);
        picked.push(j);
    }
    picked
}

/// `choices(population, weights=None, *, cum_weights=None, k=1)`.
pub fn choices(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = parameters_of(
        "Random.choices",
        &["population", "weights"],
        1,
        &["cum_weights", "k"],
    )
    .bind(args)?;
    let population = slot(&slots, 0);
    let (weights, cumulative) = (slot(&slots, 1), slot(&slots, 2));
    let k = match slots.get(3).cloned().flatten() {
        Some(k) => int::index_value(&k)?.max(0) as usize,
        None => 1,
    };
    let n = vm.len(&population)?;
    if cumulative.is_none() && weights.is_none() {
        let mut result = Vec::with_capacity(k);
        for _ in 0..k {
            let r = with_state(vm, |state| state.twister.random());
            result.push(item(vm, &population, (r * n as f64).floor() as usize)?);
        }
        return Ok(Value::list(result));
    }
    let bounds = cumulative_weights(vm, &weights, &cumulative)?;
    weighted_choices(vm, &population, n, &bounds, k)
}

/// The running totals of `weights`, or `cum_weights` as given.
fn cumulative_weights(vm: &mut Vm, weights: &Value, cumulative: &Value) -> PyResult<Vec<f64>> {
    if !cumulative.is_none() {
        if !weights.is_none() {
            return type_error("Cannot specify both weights and cumulative weights");
        }
        return vm.collect(cumulative)?.iter().map(as_f64).collect();
    }
    if let Value::Int(k) = weights {
        return type_error(format!(
            "The number of choices must be a keyword argument: k={k}"
        ));
    }
    let mut total: Option<Value> = None;
    let mut bounds = Vec::new();
    for weight in vm.collect(weights)? {
        let sum = match total {
            Some(total) => vm.binary_op(BinaryOperator::Add, false, total, weight)?,
            None => weight,
        };
        bounds.push(as_f64(&sum)?);
        total = Some(sum);
    }
    Ok(bounds)
}

/// Picks by bisecting the cumulative weights with `random() * total`.
fn weighted_choices(
    vm: &mut Vm,
    population: &Value,
    n: usize,
    bounds: &[f64],
    k: usize,
) -> PyResult<Value> {
    if bounds.len() != n {
        return value_error("The number of weights does not match the population");
    }
    let Some(&total) = bounds.last() else {
        return raise(ExceptionKind::IndexError, "list index out of range");
    };
    if total <= 0.0 {
        return value_error("Total of weights must be greater than zero");
    }
    if !total.is_finite() {
        return value_error("Total of weights must be finite");
    }
    let mut result = Vec::with_capacity(k);
    for _ in 0..k {
        let x = with_state(vm, |state| state.twister.random()) * total;
        // bisect_right(bounds, x, 0, n - 1)
        let index = bounds[..n - 1].partition_point(|&bound| bound <= x);
        result.push(item(vm, population, index)?);
    }
    Ok(Value::list(result))
}
