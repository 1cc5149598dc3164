//! The builtins that consume iterables: `iter`, `next`, `sorted`,
//! `reversed`, `enumerate`, `zip`, `map`, `filter`, `sum`, `min`, `max`,
//! `all`, `any`, and the stable merge sort `sorted` and `list.sort` share.

use crate::compiler::{BinaryOperator, Comparison};
use crate::objects::exception::{type_error, value_error, PyException};
use crate::objects::function::Args;
use crate::objects::iterator::{IteratorState, PyIterator};
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

pub fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("iter", 1, 2)?;
    match args.get(1) {
        None => vm.iter(&args.positional[0]),
        Some(sentinel) => {
            let function = args.positional[0].clone();
            if !super::builtins::is_callable(vm, &function) {
                return type_error("iter(v, w): v must be callable");
            }
            let state = IteratorState::CallUntil {
                function,
                sentinel: sentinel.clone(),
            };
            Ok(PyIterator::new("callable_iterator", state))
        }
    }
}

pub fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("next", 1, 2)?;
    let iterator = &args.positional[0];
    if let (Value::Generator(generator), None) = (iterator, args.get(1)) {
        return crate::vm::generators::next_value(vm, generator);
    }
    let is_iterator = matches!(
        iterator,
        Value::Iterator(_) | Value::Generator(_) | Value::File(_)
    ) || vm.has_special(iterator, "__next__");
    if !is_iterator {
        return type_error(format!(
            "'{}' object is not an iterator",
            type_name(iterator)
        ));
    }
    match (vm.next(iterator)?, args.get(1)) {
        (Some(value), _) => Ok(value),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(PyException::with_args(ExceptionKind::StopIteration, vec![])),
    }
}

/// `sorted(iterable, key=None, reverse=False)`.
pub fn sorted(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let key = args.take_keyword("key");
    let reverse = args.take_keyword("reverse");
    args.reject_other_keywords("sort")?;
    if args.positional.len() != 1 {
        return type_error(format!(
            "sorted expected 1 argument, got {}",
            args.positional.len()
        ));
    }
    let mut items = vm.collect(&args.positional[0])?;
    let reverse = match reverse {
        Some(value) => vm.is_true(&value)?,
        None => false,
    };
    sort_values(vm, &mut items, key, reverse)?;
    Ok(Value::list(items))
}

/// Sorts `items` stably with `<` only, as Python's sort does; `key` maps
/// each item first; `reverse` keeps equal items in their original order.
pub fn sort_values(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    key: Option<Value>,
    reverse: bool,
) -> PyResult<()> {
    let keys = match key {
        Some(function) if !function.is_none() => {
            let mut keys = Vec::with_capacity(items.len());
            for item in items.iter() {
                keys.push(vm.call(&function, vec![item.clone()])?);
            }
            keys
        }
        _ => items.clone(),
    };
    let mut order: Vec<usize> = (0..items.len()).collect();
    if reverse {
        order.reverse();
    }
    let mut scratch = order.clone();
    merge_sort(vm, &keys, &mut order, &mut scratch)?;
    if reverse {
        order.reverse();
    }
    let sorted: Vec<Value> = order.iter().map(|&i| items[i].clone()).collect();
    *items = sorted;
    Ok(())
}

/// Top-down merge sort of the indices in `order` by `keys[i] < keys[j]`.
/// When `reverse` was asked, the caller reversed `order` before and after,
/// so `b < a` puts b first and equal keys keep their relative order.
fn merge_sort(
    vm: &mut Vm,
    keys: &[Value],
    order: &mut [usize],
    scratch: &mut [usize],
) -> PyResult<()> {
    let length = order.len();
    if length <= 1 {
        return Ok(());
    }
    let middle = length / 2;
    merge_sort(vm, keys, &mut order[..middle], &mut scratch[..middle])?;
    merge_sort(vm, keys, &mut order[middle..], &mut scratch[middle..])?;
    let (mut left, mut right, mut out) = (0, middle, 0);
    while left < middle && right < length {
        let right_first = less_than(vm, &keys[order[right]], &keys[order[left]])?;
        if right_first {
            scratch[out] = order[right];
            right += 1;
        } else {
            scratch[out] = order[left];
            left += 1;
        }
        out += 1;
    }
    scratch[out..out + middle - left].copy_from_slice(&order[left..middle]);
    out += middle - left;
    scratch[out..].copy_from_slice(&order[right..length]);
    order.copy_from_slice(scratch);
    Ok(())
}

/// `a < b` as a Rust bool.
pub fn less_than(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x < y);
    }
    let result = vm.compare_op(Comparison::Less, a, b)?;
    vm.is_true(&result)
}

/// `a > b`, as `max` asks it (the newcomer on the left, as CPython's).
fn greater_than(vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
    if let (Value::Int(x), Value::Int(y)) = (a, b) {
        return Ok(x > y);
    }
    let result = vm.compare_op(Comparison::Greater, a, b)?;
    vm.is_true(&result)
}

/// `reversed(sequence)`.
pub fn reversed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("reversed", 1, 1)?;
    let sequence = &args.positional[0];
    if let Some(iterator) = vm.call_special(sequence, "__reversed__", vec![])? {
        return Ok(iterator);
    }
    let state = match sequence.builtin_base() {
        Value::List(list) => {
            let remaining = list.items.ro(&vm.token).len();
            return Ok(PyIterator::new(
                "list_reverseiterator",
                IteratorState::ListReversed {
                    list: list.clone(),
                    remaining,
                },
            ));
        }
        Value::Range(range) => {
            // Walks back from the last element: nothing is materialised.
            return Ok(crate::objects::iterator::iterate_range(range, true));
        }
        Value::Tuple(_) | Value::Str(_) | Value::Bytes(_) => {
            let mut values = vm.collect(sequence)?;
            values.reverse();
            IteratorState::Values { values, index: 0 }
        }
        // A dict and its views run backwards over the keys (or values, or
        // items) as they are now.
        dict @ (Value::Dict(_) | Value::DictView(_)) => {
            let name = match dict {
                Value::DictView(view) => view.reversed_iterator_name(),
                _ => "dict_reversekeyiterator",
            };
            let mut values = vm.collect(dict)?;
            values.reverse();
            return Ok(PyIterator::new(
                name,
                IteratorState::Values { values, index: 0 },
            ));
        }
        other => return type_error(format!("'{}' object is not reversible", type_name(other))),
    };
    Ok(PyIterator::new("reversed", state))
}

/// `enumerate(iterable, start=0)`.
pub fn enumerate(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if let Some(start) = args.take_keyword("start") {
        args.positional.push(start);
    }
    args.reject_other_keywords("enumerate")?;
    args.expect_count("enumerate", 1, 2)?;
    let count = match args.get(1) {
        Some(start @ (Value::Int(_) | Value::BigInt(_))) => start.clone(),
        Some(start) => Value::Int(crate::objects::int::index_value(start)?),
        None => Value::Int(0),
    };
    let inner = vm.iter(&args.positional[0])?;
    Ok(PyIterator::new(
        "enumerate",
        IteratorState::Enumerate { inner, count },
    ))
}

/// `zip(*iterables, strict=False)`.
pub fn zip(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let strict = match args.take_keyword("strict") {
        Some(flag) => vm.is_true(&flag)?,
        None => false,
    };
    args.reject_other_keywords("zip")?;
    let mut inners = Vec::with_capacity(args.positional.len());
    for iterable in args.positional.iter() {
        inners.push(vm.iter(iterable)?);
    }
    Ok(PyIterator::new(
        "zip",
        IteratorState::Zip { inners, strict },
    ))
}

/// `map(function, *iterables)`.
pub fn map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect_no_keywords("map")?;
    if args.positional.len() < 2 {
        return type_error("map() must have at least two arguments.");
    }
    let function = args.positional[0].clone();
    let mut inners = Vec::new();
    for iterable in &args.positional[1..] {
        inners.push(vm.iter(iterable)?);
    }
    Ok(PyIterator::new(
        "map",
        IteratorState::Map { function, inners },
    ))
}

/// `filter(function_or_none, iterable)`.
pub fn filter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("filter", 2, 2)?;
    let inner = vm.iter(&args.positional[1])?;
    let function = args.positional[0].clone();
    Ok(PyIterator::new(
        "filter",
        IteratorState::Filter { function, inner },
    ))
}

/// `sum(iterable, start=0)`.
pub fn sum(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let start = args.take_keyword("start");
    let given = args.positional.len() + usize::from(start.is_some());
    if args.positional.is_empty() {
        return type_error("sum() takes at least 1 positional argument (0 given)");
    }
    if given > 2 {
        return type_error(format!("sum() takes at most 2 arguments ({given} given)"));
    }
    args.reject_other_keywords("sum")?;
    args.positional.extend(start);
    let mut total = args.get(1).cloned().unwrap_or(Value::Int(0));
    match &total {
        Value::Str(_) => return type_error("sum() can't sum strings [use ''.join(seq) instead]"),
        Value::Bytes(_) => return type_error("sum() can't sum bytes [use b''.join(seq) instead]"),
        _ => {}
    }
    let iterator = vm.iter(&args.positional[0])?;
    while let Some(item) = vm.next(&iterator)? {
        total = vm.binary_op(BinaryOperator::Add, false, total, item)?;
    }
    Ok(total)
}

/// `min(...)`.
pub fn min(vm: &mut Vm, args: Args) -> PyResult<Value> {
    extreme(vm, args, "min", false)
}

/// `max(...)`.
pub fn max(vm: &mut Vm, args: Args) -> PyResult<Value> {
    extreme(vm, args, "max", true)
}

/// `min`/`max` over one iterable or several arguments, with `key` and `default`.
fn extreme(vm: &mut Vm, mut args: Args, name: &str, largest: bool) -> PyResult<Value> {
    let key = args.take_keyword("key").filter(|k| !k.is_none());
    let default = args.take_keyword("default");
    args.reject_other_keywords(name)?;
    let candidates = match args.positional.len() {
        0 => return type_error(format!("{name} expected at least 1 argument, got 0")),
        1 => vm.collect(&args.positional[0])?,
        _ if default.is_some() => {
            return type_error(format!(
                "Cannot specify a default for {name}() with multiple positional arguments"
            ))
        }
        _ => args.positional.into_vec(),
    };
    let mut best: Option<(Value, Value)> = None;
    for candidate in candidates {
        let rank = match &key {
            Some(function) => vm.call(function, vec![candidate.clone()])?,
            None => candidate.clone(),
        };
        let better = match &best {
            None => true,
            Some((best_rank, _)) if largest => greater_than(vm, &rank, best_rank)?,
            Some((best_rank, _)) => less_than(vm, &rank, best_rank)?,
        };
        if better {
            best = Some((rank, candidate));
        }
    }
    match (best, default) {
        (Some((_, value)), _) => Ok(value),
        (None, Some(default)) => Ok(default),
        (None, None) => value_error(format!("{name}() arg is an empty sequence")),
    }
}

/// `all(iterable)`.
pub fn all(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("all", 1, 1)?;
    let iterator = vm.iter(&args.positional[0])?;
    while let Some(item) = vm.next(&iterator)? {
        if !vm.is_true(&item)? {
            return Ok(Value::Bool(false));
        }
    }
    Ok(Value::Bool(true))
}

/// `any(iterable)`.
pub fn any(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("any", 1, 1)?;
    let iterator = vm.iter(&args.positional[0])?;
    while let Some(item) = vm.next(&iterator)? {
        if vm.is_true(&item)? {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}
