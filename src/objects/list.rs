//! `list`: a mutable sequence whose items sit behind the GIL, and its
//! methods.
//!
//! A method that compares items or calls back into Python (`index`,
//! `remove`, `sort`) cannot keep the item vector borrowed meanwhile: it
//! works on a copy of the items (cheap: each is a 16-byte `Value`) and
//! writes back, re-reading the list afterwards in case the callback
//! changed it.

use super::compare::equal;
use super::exception::{raise, type_error, value_error};
use super::function::Args;
use super::method_args::{
    adjust_indices, flag, index_bound, integer, keywords_only, no_arguments, one_argument,
    positional,
};
use super::type_object::{type_name, ExceptionKind};
use super::{PyResult, Value};
use crate::runtime::gil::new_cell;
use crate::vm::Vm;
use qcell::QCell;
use std::sync::Arc;

/// A Python list.
pub struct PyList {
    pub items: QCell<Vec<Value>>,
}

impl PyList {
    /// A list of `items`.
    pub fn new(items: Vec<Value>) -> PyList {
        PyList {
            items: new_cell(items),
        }
    }
}

/// The `PyList` a method was called on.
fn receiver(value: &Value, method: &str) -> PyResult<Arc<PyList>> {
    // An instance of a subclass (`dict.keys(ordered)`) lends its built-in value.
    match value.builtin_base() {
        Value::List(list) => Ok(list.clone()),
        _ => type_error(format!(
            "descriptor '{method}' for 'list' objects doesn't apply to a '{}' object",
            type_name(value)
        )),
    }
}

/// `list.append(x)`.
fn append(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, item) = one_argument(args, "list.append")?;
    receiver(&list, "append")?
        .items
        .rw(&mut vm.token)
        .push(item);
    Ok(Value::None)
}

/// `list.extend(iterable)`: the items are gathered first, so
/// `a.extend(a)` doubles the list instead of running forever.
fn extend(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, iterable) = one_argument(args, "list.extend")?;
    let list = receiver(&list, "extend")?;
    let items = vm.collect(&iterable)?;
    list.items.rw(&mut vm.token).extend(items);
    Ok(Value::None)
}

/// `list.insert(index, x)`: the index is clamped into the list.
fn insert(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, mut arguments) = positional(args, "list.insert", 2, 2)?;
    let list = receiver(&list, "insert")?;
    let index = integer(&arguments[0])?;
    let item = arguments.remove(1);
    let items = list.items.rw(&mut vm.token);
    let length = items.len() as i64;
    let position = if index < 0 {
        (index + length).max(0)
    } else {
        index.min(length)
    };
    items.insert(position as usize, item);
    Ok(Value::None)
}

/// `list.pop([index])`: removes and returns an item (the last by default).
fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, arguments) = positional(args, "list.pop", 0, 1)?;
    let list = receiver(&list, "pop")?;
    let index = match arguments.first() {
        Some(value) => integer(value)?,
        None => -1,
    };
    let items = list.items.rw(&mut vm.token);
    if items.is_empty() {
        return raise(ExceptionKind::IndexError, "pop from empty list");
    }
    let length = items.len() as i64;
    let position = if index < 0 { index + length } else { index };
    if !(0..length).contains(&position) {
        return raise(ExceptionKind::IndexError, "pop index out of range");
    }
    Ok(items.remove(position as usize))
}

/// The position of the first item equal to `wanted` in `start..stop`.
fn position_of(
    vm: &Vm,
    items: &[Value],
    wanted: &Value,
    start: usize,
    stop: usize,
) -> Option<usize> {
    let stop = stop.min(items.len());
    (start..stop).find(|&i| items[i].is(wanted) || equal(&items[i], wanted, &vm.token))
}

/// `list.remove(x)`: removes the first item equal to `x`.
fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, wanted) = one_argument(args, "list.remove")?;
    let list = receiver(&list, "remove")?;
    let items = list.items.ro(&vm.token).clone();
    match position_of(vm, &items, &wanted, 0, items.len()) {
        Some(position) => {
            let items = list.items.rw(&mut vm.token);
            if position < items.len() {
                items.remove(position);
            }
            Ok(Value::None)
        }
        None => value_error("list.remove(x): x not in list"),
    }
}

/// `list.index(x[, start[, stop]])`.
fn index(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, arguments) = positional(args, "list.index", 1, 3)?;
    let list = receiver(&list, "index")?;
    let items = list.items.ro(&vm.token).clone();
    let (start, stop) = adjust_indices(
        index_bound(arguments.get(1))?,
        index_bound(arguments.get(2))?,
        items.len(),
    );
    match position_of(vm, &items, &arguments[0], start, stop) {
        Some(position) => Ok(Value::Int(position as i64)),
        None => {
            let shown = vm.repr(&arguments[0])?;
            value_error(format!("{shown} is not in list"))
        }
    }
}

/// `list.count(x)`.
fn count(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, wanted) = one_argument(args, "list.count")?;
    let items = receiver(&list, "count")?.items.ro(&vm.token).clone();
    let count = items
        .iter()
        .filter(|item| item.is(&wanted) || equal(item, &wanted, &vm.token))
        .count();
    Ok(Value::Int(count as i64))
}

/// `list.sort(*, key=None, reverse=False)`: stable, in place, returns None.
/// As in CPython the list looks empty while it is sorted, so a key
/// function that changes it is caught.
fn sort(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (list, slots) = keywords_only(args, "sort", &["key", "reverse"])?;
    let list = receiver(&list, "sort")?;
    let reverse = flag(slots[1].as_ref())?;
    let mut items = std::mem::take(list.items.rw(&mut vm.token));
    let original = items.clone();
    let sorted = crate::modules::sequences::sort_values(vm, &mut items, slots[0].clone(), reverse);
    let modified = !list.items.ro(&vm.token).is_empty();
    *list.items.rw(&mut vm.token) = if sorted.is_ok() { items } else { original };
    sorted?;
    if modified {
        return value_error("list modified during sort");
    }
    Ok(Value::None)
}

/// `list.reverse()`.
fn reverse(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let list = no_arguments(args, "list.reverse")?;
    receiver(&list, "reverse")?
        .items
        .rw(&mut vm.token)
        .reverse();
    Ok(Value::None)
}

/// `list.copy()`: a shallow copy.
fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let list = no_arguments(args, "list.copy")?;
    let items = receiver(&list, "copy")?.items.ro(&vm.token).clone();
    Ok(Value::list(items))
}

/// `list.clear()`.
fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let list = no_arguments(args, "list.clear")?;
    receiver(&list, "clear")?.items.rw(&mut vm.token).clear();
    Ok(Value::None)
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("append", append),
    ("extend", extend),
    ("insert", insert),
    ("pop", pop),
    ("remove", remove),
    ("index", index),
    ("count", count),
    ("sort", sort),
    ("reverse", reverse),
    ("copy", copy),
    ("clear", clear),
];

crate::objects::opaque_debug!(PyList, "list");
