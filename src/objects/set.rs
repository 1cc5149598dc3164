//! `set`: an unordered collection of distinct hashable values, on a table
//! laid out as CPython's (`set_table.rs`), so it iterates in CPython's order.
//! The set algebra follows `Objects/setobject.c` step by step for the same
//! reason: which set is walked and which is probed decides the result's order.

use super::exception::{raise, type_error};
use super::function::{Args, NativeFn};
use super::set_table::SetTable;
use super::type_object::{type_name, ExceptionKind};
use super::{PyResult, Value};
use crate::runtime::gil::new_cell;
use crate::vm::Vm;
use qcell::{QCell, QCellOwner};
use std::sync::Arc;

/// A Python set, or a frozenset (`frozen` then holds its hash and a copy of
/// its elements that needs no GIL token: a frozenset never changes, and
/// dicts compare keys without the token).
pub struct PySet {
    pub data: QCell<SetTable>,
    pub frozen: Option<Box<(i64, SetTable)>>,
}

impl PySet {
    /// An empty set.
    pub fn new() -> PySet {
        PySet::from_table(SetTable::default())
    }

    /// A set holding `table`.
    pub fn from_table(table: SetTable) -> PySet {
        PySet {
            data: new_cell(table),
            frozen: None,
        }
    }

    /// A frozenset holding `table`.
    pub fn frozen(table: SetTable) -> PySet {
        let frozen = Some(Box::new((table.frozenset_hash(), table.clone())));
        PySet {
            data: new_cell(table),
            frozen,
        }
    }

    /// True for a frozenset.
    pub fn is_frozen(&self) -> bool {
        self.frozen.is_some()
    }

    /// True when both sets hold the same elements.
    pub fn equals(&self, other: &PySet, owner: &QCellOwner) -> bool {
        let (a, b) = (self.data.ro(owner), other.data.ro(owner));
        a.len() == b.len()
            && a.hashed_keys()
                .iter()
                .all(|(hash, key)| b.contains_hashed(key, *hash))
    }

    /// The elements in table order.
    pub fn elements(&self, owner: &QCellOwner) -> Vec<Value> {
        self.data.ro(owner).keys().cloned().collect()
    }
}

/// Two frozensets with the same elements (for dict and set keys).
pub fn frozen_equal(a: &PySet, b: &PySet) -> bool {
    match (&a.frozen, &b.frozen) {
        (Some(a), Some(b)) => {
            a.0 == b.0
                && a.1.len() == b.1.len()
                && a.1
                    .hashed_keys()
                    .iter()
                    .all(|(hash, key)| b.1.contains_hashed(key, *hash))
        }
        _ => false,
    }
}

impl Default for PySet {
    fn default() -> Self {
        PySet::new()
    }
}

crate::objects::opaque_debug!(PySet, "set");

/// A set value made from a table.
fn set_value(table: SetTable) -> Value {
    Value::Set(Arc::new(PySet::from_table(table)))
}

/// The result of an operation on `set`: a frozenset when `set` is one.
fn same_kind(set: &PySet, table: SetTable) -> Value {
    if set.is_frozen() {
        Value::Set(Arc::new(PySet::frozen(table)))
    } else {
        set_value(table)
    }
}

/// A copy of a set's table (`set.copy`: CPython merges into an empty set).
pub fn copy_table(vm: &Vm, set: &PySet) -> SetTable {
    let mut table = SetTable::default();
    table.merge(set.data.ro(&vm.token));
    table
}

/// Adds the elements of any iterable to `table` (a set merges, unless
/// elements compared by Python code must be matched one by one).
fn update_table(vm: &mut Vm, table: &mut SetTable, iterable: &Value) -> PyResult<()> {
    if let Value::Set(other) = iterable {
        let other = other.data.ro(&vm.token);
        if !other.holds_python_keys() && !table.holds_python_keys() {
            table.merge(other);
            return Ok(());
        }
    }
    for item in vm.collect(iterable)? {
        add_to_table(vm, table, &item)?;
    }
    Ok(())
}

/// Adds `element` to `table`, unless an equal element is there.
fn add_to_table(vm: &mut Vm, table: &mut SetTable, element: &Value) -> PyResult<()> {
    let key = vm.table_key(table, element)?;
    table.add_with_hash(key.value, key.hash);
    Ok(())
}

/// True when `table` holds an element equal to `element`.
fn table_contains(vm: &mut Vm, table: &SetTable, element: &Value) -> PyResult<bool> {
    let key = vm.table_key(table, element)?;
    Ok(table.contains_hashed(&key.value, key.hash))
}

/// Removes the element equal to `element` from `table`, if there is one.
fn discard_from_table(vm: &mut Vm, table: &mut SetTable, element: &Value) -> PyResult<bool> {
    let key = vm.table_key(table, element)?;
    Ok(table.discard_hashed(&key.value, key.hash))
}

/// A set's table, or (for another iterable) a new table of its elements.
fn as_table(vm: &mut Vm, iterable: &Value) -> PyResult<SetTable> {
    let mut table = SetTable::default();
    update_table(vm, &mut table, iterable)?;
    Ok(table)
}

/// `a | b` and `union`.
pub fn union(vm: &mut Vm, set: &PySet, others: &[Value]) -> PyResult<Value> {
    let mut table = copy_table(vm, set);
    for other in others {
        update_table(vm, &mut table, other)?;
    }
    Ok(same_kind(set, table))
}

/// CPython's `set_intersection`: walk the smaller set, probe the larger.
fn intersect(vm: &mut Vm, set: &SetTable, other: &Value) -> PyResult<SetTable> {
    let other = as_table(vm, other)?;
    let (walked, probed) = if other.len() > set.len() {
        (set, &other)
    } else {
        (&other, set)
    };
    let mut result = SetTable::default();
    for (hash, key) in walked.hashed_keys() {
        if table_contains(vm, probed, &key)? {
            result.add_with_hash(key, hash);
        }
    }
    Ok(result)
}

/// `a & b` and `intersection`.
pub fn intersection(vm: &mut Vm, set: &PySet, others: &[Value]) -> PyResult<Value> {
    let mut table = copy_table(vm, set);
    for other in others {
        table = intersect(vm, &table, other)?;
    }
    Ok(same_kind(set, table))
}

/// CPython's `set_difference`: copy-and-remove when this set is much
/// larger, else walk this set keeping what the other lacks.
fn subtract(vm: &mut Vm, set: &SetTable, other: &Value) -> PyResult<SetTable> {
    let other = as_table(vm, other)?;
    if set.len() >> 2 > other.len() {
        let mut result = SetTable::default();
        result.merge(set);
        for key in other.keys() {
            discard_from_table(vm, &mut result, key)?;
        }
        return Ok(result);
    }
    let mut result = SetTable::default();
    for (hash, key) in set.hashed_keys() {
        if !table_contains(vm, &other, &key)? {
            result.add_with_hash(key, hash);
        }
    }
    Ok(result)
}

/// `a - b` and `difference`.
pub fn difference(vm: &mut Vm, set: &PySet, others: &[Value]) -> PyResult<Value> {
    let mut table = copy_table(vm, set);
    for other in others {
        table = subtract(vm, &table, other)?;
    }
    Ok(same_kind(set, table))
}

/// `a ^ b`: CPython copies the other set, then toggles this one's elements in it.
pub fn symmetric_difference(vm: &mut Vm, set: &PySet, other: &Value) -> PyResult<Value> {
    let mut result = as_table(vm, other)?;
    for (_, key) in set.data.ro(&vm.token).hashed_keys() {
        if !discard_from_table(vm, &mut result, &key)? {
            add_to_table(vm, &mut result, &key)?;
        }
    }
    Ok(same_kind(set, result))
}

/// `a <= b`: every element of `a` is in `b`.
pub fn is_subset(vm: &mut Vm, a: &PySet, b: &PySet) -> PyResult<bool> {
    let elements = a.elements(&vm.token);
    if elements.len() > b.data.ro(&vm.token).len() {
        return Ok(false);
    }
    for element in &elements {
        if !vm.set_contains(b, element)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The methods of sets.
pub static METHODS: &[(&str, NativeFn)] = &[
    ("add", add),
    ("remove", remove),
    ("discard", discard),
    ("pop", pop),
    ("clear", clear),
    ("copy", copy),
    ("update", update),
    ("union", union_method),
    ("intersection", intersection_method),
    ("difference", difference_method),
    ("symmetric_difference", symmetric_difference_method),
    ("intersection_update", intersection_update),
    ("difference_update", difference_update),
    ("symmetric_difference_update", symmetric_difference_update),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
];

/// The methods of frozensets: the ones that do not change the set.
pub static FROZEN_METHODS: &[(&str, NativeFn)] = &[
    ("copy", copy),
    ("union", union_method),
    ("intersection", intersection_method),
    ("difference", difference_method),
    ("symmetric_difference", symmetric_difference_method),
    ("issubset", issubset),
    ("issuperset", issuperset),
    ("isdisjoint", isdisjoint),
];

/// The set a method was called on, and the other arguments.
fn receiver(args: &Args, method: &str) -> PyResult<Arc<PySet>> {
    args.expect_no_keywords(&format!("set.{method}"))?;
    match args.positional.first() {
        Some(Value::Set(set)) => Ok(set.clone()),
        _ => type_error(format!(
            "descriptor '{method}' for 'set' objects doesn't apply to this object"
        )),
    }
}

/// The single argument of a one-argument set method.
fn one_argument<'a>(args: &'a Args, method: &str) -> PyResult<&'a Value> {
    match args.positional.len() {
        2 => Ok(&args.positional[1]),
        given => type_error(format!(
            "set.{method}() takes exactly one argument ({} given)",
            given.saturating_sub(1)
        )),
    }
}

fn add(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "add")?;
    let item = one_argument(&args, "add")?;
    vm.set_insert(&set, item)?;
    Ok(Value::None)
}

fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "remove")?;
    let item = one_argument(&args, "remove")?;
    if vm.set_discard(&set, item)? {
        Ok(Value::None)
    } else {
        Err(super::exception::PyException::with_args(
            ExceptionKind::KeyError,
            vec![item.clone()],
        ))
    }
}

fn discard(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "discard")?;
    let item = one_argument(&args, "discard")?;
    vm.set_discard(&set, item)?;
    Ok(Value::None)
}

fn pop(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "pop")?;
    args.expect_count("set.pop", 1, 1)?;
    match set.data.rw(&mut vm.token).pop() {
        Some(item) => Ok(item),
        None => raise(ExceptionKind::KeyError, "pop from an empty set"),
    }
}

fn clear(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "clear")?;
    set.data.rw(&mut vm.token).clear();
    Ok(Value::None)
}

fn copy(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "copy")?;
    if set.is_frozen() {
        return Ok(Value::Set(set));
    }
    Ok(set_value(copy_table(vm, &set)))
}

fn update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "update")?;
    let mut table = copy_table(vm, &set);
    for other in &args.positional[1..] {
        update_table(vm, &mut table, other)?;
    }
    *set.data.rw(&mut vm.token) = table;
    Ok(Value::None)
}

fn union_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "union")?;
    union(vm, &set, &args.positional[1..])
}

fn intersection_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "intersection")?;
    intersection(vm, &set, &args.positional[1..])
}

fn difference_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "difference")?;
    difference(vm, &set, &args.positional[1..])
}

fn symmetric_difference_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "symmetric_difference")?;
    let other = one_argument(&args, "symmetric_difference")?;
    symmetric_difference(vm, &set, other)
}

/// Replaces a set's elements with the result of an operation on it.
fn replace_with(vm: &mut Vm, set: &PySet, result: Value) -> Value {
    if let Value::Set(result) = result {
        let table = result.data.ro(&vm.token).clone();
        *set.data.rw(&mut vm.token) = table;
    }
    Value::None
}

fn intersection_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "intersection_update")?;
    let result = intersection(vm, &set, &args.positional[1..])?;
    Ok(replace_with(vm, &set, result))
}

fn difference_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "difference_update")?;
    let result = difference(vm, &set, &args.positional[1..])?;
    Ok(replace_with(vm, &set, result))
}

fn symmetric_difference_update(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "symmetric_difference_update")?;
    let other = one_argument(&args, "symmetric_difference_update")?;
    let result = symmetric_difference(vm, &set, other)?;
    Ok(replace_with(vm, &set, result))
}

/// The argument of a subset test as a set.
fn other_set(vm: &mut Vm, args: &Args, method: &str) -> PyResult<PySet> {
    let other = one_argument(args, method)?;
    Ok(PySet::from_table(as_table(vm, other)?))
}

fn issubset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "issubset")?;
    let other = other_set(vm, &args, "issubset")?;
    Ok(Value::Bool(is_subset(vm, &set, &other)?))
}

fn issuperset(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "issuperset")?;
    let other = other_set(vm, &args, "issuperset")?;
    Ok(Value::Bool(is_subset(vm, &other, &set)?))
}

fn isdisjoint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let set = receiver(&args, "isdisjoint")?;
    let other = other_set(vm, &args, "isdisjoint")?;
    let table = set.data.ro(&vm.token).clone();
    let common = intersect(vm, &table, &Value::Set(Arc::new(other)))?;
    Ok(Value::Bool(common.is_empty()))
}

/// `set | list` and the like are errors: set operators take sets only.
pub fn operand_error<T>(symbol: &str, left: &Value, right: &Value) -> PyResult<T> {
    type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        type_name(left),
        type_name(right)
    ))
}
