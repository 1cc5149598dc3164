//! The built-in iterators: over lists, tuples, strings, ranges and dicts,
//! and the lazy ones `enumerate`, `zip`, `map`, `filter` and `reversed` make.
//!
//! Each iterator's position lives in a GIL-owned cell. `next` returns
//! `Ok(None)` when the iterator is exhausted: the `StopIteration` that Python
//! code sees is made only where Python code asks (`next()` without default).

use super::dict::PyDict;
use super::exception::raise;
use super::list::PyList;
use super::set::PySet;
use super::str::PyStr;
use super::tuple::PyTuple;
use super::type_object::{named_class, ExceptionKind, TypeKind, TypeObject};
use super::{PyResult, Value};
use crate::runtime::gil::new_cell;
use crate::vm::Vm;
use qcell::QCell;
use std::sync::Arc;

/// Which parts of a dict an iterator or view yields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictPart {
    Keys,
    Values,
    Items,
}

/// Where an iterator stands.
#[derive(Debug)]
pub enum IteratorState {
    List {
        list: Arc<PyList>,
        index: usize,
    },
    ListReversed {
        list: Arc<PyList>,
        remaining: usize,
    },
    Tuple {
        tuple: Arc<PyTuple>,
        index: usize,
    },
    Str {
        text: Arc<PyStr>,
        offset: usize,
    },
    Bytes {
        data: Value,
        index: usize,
    },
    Range {
        next: i64,
        step: i64,
        remaining: usize,
    },
    Dict {
        dict: Arc<PyDict>,
        part: DictPart,
        slot: usize,
        version: u64,
    },
    /// A range beyond 64 bits: the next element, the step, how many are left.
    BigRange {
        next: num_bigint::BigInt,
        step: num_bigint::BigInt,
        remaining: num_bigint::BigInt,
    },
    /// A set's elements when iteration began, and its size then: a set
    /// that grows or shrinks meanwhile stops the iteration with an error.
    Set {
        set: Arc<PySet>,
        values: Vec<Value>,
        index: usize,
        size: usize,
    },
    /// A snapshot of values (reversed sequences of other kinds).
    Values {
        values: Vec<Value>,
        index: usize,
    },
    /// `enumerate(inner, start)`: `count` is the next index, an int.
    Enumerate {
        inner: Value,
        count: Value,
    },
    /// `zip(*inners, strict=...)`: strict checks all end together.
    Zip {
        inners: Vec<Value>,
        strict: bool,
    },
    Map {
        function: Value,
        inners: Vec<Value>,
    },
    Filter {
        function: Value,
        inner: Value,
    },
    /// `iter(obj)` of an object with `__getitem__` but no `__iter__`:
    /// `obj[0]`, `obj[1]` ... until IndexError (the old sequence protocol).
    Sequence {
        sequence: Value,
        index: i64,
    },
    /// `iter(function, sentinel)`: calls until the sentinel comes back.
    CallUntil {
        function: Value,
        sentinel: Value,
    },
    Exhausted,
}

/// A built-in iterator object.
pub struct PyIterator {
    pub name: &'static str,
    pub state: QCell<IteratorState>,
}

impl PyIterator {
    /// A new iterator value called `name` starting in `state`.
    pub fn new(name: &'static str, state: IteratorState) -> Value {
        Value::Iterator(Arc::new(PyIterator {
            name,
            state: new_cell(state),
        }))
    }

    /// The iterator's class (`list_iterator`, `enumerate` ...).
    pub fn class(&self) -> Arc<TypeObject> {
        named_class(self.name, TypeKind::Iterator)
    }
}

/// Advances `iterator` by one step.
pub fn next(vm: &mut Vm, iterator: &PyIterator) -> PyResult<Option<Value>> {
    if let Some(item) = next_over_list(vm, iterator) {
        return Ok(item);
    }
    match next_self_contained(iterator.state.rw(&mut vm.token)) {
        Some(item) => Ok(item),
        None => next_compound(vm, iterator),
    }
}

/// A step of a list iterator (forward or reversed), which reads the list
/// while the list may change; `None` for other iterators.
fn next_over_list(vm: &mut Vm, iterator: &PyIterator) -> Option<Option<Value>> {
    match iterator.state.ro(&vm.token) {
        IteratorState::List { list, index } => {
            let item = list.items.ro(&vm.token).get(*index).cloned();
            let state = iterator.state.rw(&mut vm.token);
            match (&item, state) {
                (Some(_), IteratorState::List { index, .. }) => *index += 1,
                (_, state) => *state = IteratorState::Exhausted,
            }
            Some(item)
        }
        IteratorState::ListReversed { list, remaining } => {
            let at = remaining.checked_sub(1);
            let item = at.and_then(|at| list.items.ro(&vm.token).get(at).cloned());
            if let IteratorState::ListReversed { remaining, .. } = iterator.state.rw(&mut vm.token)
            {
                *remaining = if item.is_some() { *remaining - 1 } else { 0 };
            }
            Some(item)
        }
        _ => None,
    }
}

/// A step of an iterator whose state holds all it needs (tuples, strings,
/// bytes, ranges, snapshots); `None` for the ones that need the VM.
fn next_self_contained(state: &mut IteratorState) -> Option<Option<Value>> {
    let item = match state {
        IteratorState::Tuple { tuple, index } => {
            let item = tuple.items().get(*index).cloned();
            *index += 1;
            item
        }
        IteratorState::Str { text, offset } => {
            let next_char = text.as_str()[*offset..].chars().next();
            next_char.map(|c| {
                *offset += c.len_utf8();
                Value::str(c)
            })
        }
        IteratorState::Bytes {
            data: Value::Bytes(data),
            index,
        } => {
            let item = data.as_bytes().get(*index).map(|b| Value::Int(*b as i64));
            *index += 1;
            item
        }
        IteratorState::Range {
            next,
            step,
            remaining,
        } if *remaining > 0 => {
            let value = *next;
            *remaining -= 1;
            *next = next.wrapping_add(*step);
            Some(Value::Int(value))
        }
        IteratorState::Range { .. } => None,
        IteratorState::BigRange {
            next,
            step,
            remaining,
        } if !num_traits::Zero::is_zero(remaining) => {
            let value = next.clone();
            *remaining -= 1;
            *next += &*step;
            Some(Value::from_bigint(value))
        }
        IteratorState::BigRange { .. } => None,
        IteratorState::Values { values, index } => {
            let item = values.get(*index).cloned();
            *index += 1;
            item
        }
        IteratorState::Exhausted | IteratorState::Bytes { .. } => None,
        _ => return None,
    };
    Some(item)
}

/// The iterators whose step needs the VM: dict walks and the lazy ones.
fn next_compound(vm: &mut Vm, iterator: &PyIterator) -> PyResult<Option<Value>> {
    let state = iterator.state.ro(&vm.token);
    match state {
        IteratorState::Dict { .. } => next_dict(vm, iterator),
        IteratorState::Set { .. } => next_set(vm, iterator),
        IteratorState::Enumerate { inner, count } => {
            let (inner, index) = (inner.clone(), count.clone());
            let Some(item) = vm.next(&inner)? else {
                return Ok(None);
            };
            let following = match &index {
                Value::Int(n) => super::int::add(*n, 1),
                Value::BigInt(n) => super::int::normalize(&**n + 1),
                other => other.clone(),
            };
            if let IteratorState::Enumerate { count, .. } = iterator.state.rw(&mut vm.token) {
                *count = following;
            }
            Ok(Some(Value::tuple(vec![index, item])))
        }
        IteratorState::Zip { inners, strict } => {
            let (inners, strict) = (inners.clone(), *strict);
            next_zip(vm, &inners, strict)
        }
        IteratorState::Map { function, inners } => {
            let (function, inners) = (function.clone(), inners.clone());
            let mut arguments = Vec::with_capacity(inners.len());
            for inner in &inners {
                match vm.next(inner)? {
                    Some(item) => arguments.push(item),
                    None => return Ok(None),
                }
            }
            vm.call(&function, arguments).map(Some)
        }
        IteratorState::CallUntil { function, sentinel } => {
            let (function, sentinel) = (function.clone(), sentinel.clone());
            let value = vm.call(&function, vec![])?;
            if vm.values_equal(&value, &sentinel)? {
                *iterator.state.rw(&mut vm.token) = IteratorState::Exhausted;
                return Ok(None);
            }
            Ok(Some(value))
        }
        IteratorState::Sequence { sequence, index } => {
            let (sequence, index) = (sequence.clone(), *index);
            next_in_sequence(vm, iterator, &sequence, index)
        }
        IteratorState::Filter { function, inner } => {
            let (function, inner) = (function.clone(), inner.clone());
            while let Some(item) = vm.next(&inner)? {
                let keep = if function.is_none() {
                    vm.is_true(&item)?
                } else {
                    let verdict = vm.call(&function, vec![item.clone()])?;
                    vm.is_true(&verdict)?
                };
                if keep {
                    return Ok(Some(item));
                }
            }
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// The next step of the sequence protocol: `sequence[index]`, or the end
/// at IndexError (or StopIteration).
fn next_in_sequence(
    vm: &mut Vm,
    iterator: &PyIterator,
    sequence: &Value,
    index: i64,
) -> PyResult<Option<Value>> {
    match vm.get_item(sequence, &Value::Int(index)) {
        Ok(item) => {
            if let IteratorState::Sequence { index, .. } = iterator.state.rw(&mut vm.token) {
                *index += 1;
            }
            Ok(Some(item))
        }
        Err(error)
            if error.is(ExceptionKind::IndexError) || error.is(ExceptionKind::StopIteration) =>
        {
            *iterator.state.rw(&mut vm.token) = IteratorState::Exhausted;
            Ok(None)
        }
        Err(error) => Err(error),
    }
}

/// A step of `zip`: one item from each inner iterator, or the end when
/// any is exhausted. A strict zip then checks that all of them are, with
/// CPython's messages (`zip() argument 2 is shorter than argument 1`).
fn next_zip(vm: &mut Vm, inners: &[Value], strict: bool) -> PyResult<Option<Value>> {
    let mut items = Vec::with_capacity(inners.len());
    for (position, inner) in inners.iter().enumerate() {
        match vm.next(inner)? {
            Some(item) => items.push(item),
            None if !strict => return Ok(None),
            None if position > 0 => return zip_mismatch(position, "shorter"),
            None => {
                for (other, inner) in inners.iter().enumerate().skip(1) {
                    if vm.next(inner)?.is_some() {
                        return zip_mismatch(other, "longer");
                    }
                }
                return Ok(None);
            }
        }
    }
    if inners.is_empty() {
        return Ok(None);
    }
    Ok(Some(Value::tuple(items)))
}

/// `ValueError: zip() argument 3 is longer than arguments 1-2`.
fn zip_mismatch<T>(position: usize, how: &str) -> PyResult<T> {
    let others = match position {
        1 => "argument 1".to_string(),
        _ => format!("arguments 1-{position}"),
    };
    raise(
        ExceptionKind::ValueError,
        format!("zip() argument {} is {how} than {others}", position + 1),
    )
}

/// `iter(range)` or, `backwards`, `reversed(range)`: a `range_iterator`
/// that computes each element (with `BigInt`s beyond 64 bits).
pub fn iterate_range(range: &super::range::PyRange, backwards: bool) -> Value {
    let state = match (&range.big, backwards) {
        (None, false) => IteratorState::Range {
            next: range.start,
            step: range.step,
            remaining: range.len(),
        },
        (None, true) => {
            let remaining = range.len();
            let last = range.start as i128 + (remaining as i128 - 1) * range.step as i128;
            IteratorState::Range {
                next: last as i64,
                step: range.step.wrapping_neg(),
                remaining,
            }
        }
        (Some(big), false) => IteratorState::BigRange {
            next: big.start.clone(),
            step: big.step.clone(),
            remaining: big.length.clone(),
        },
        (Some(big), true) => IteratorState::BigRange {
            next: &big.start + (&big.length - 1u8) * &big.step,
            step: -big.step.clone(),
            remaining: big.length.clone(),
        },
    };
    PyIterator::new("range_iterator", state)
}

/// `iter(set)`: a `set_iterator` over the elements as they are now.
pub fn iterate_set(vm: &Vm, set: &Arc<PySet>) -> Value {
    let values = set.elements(&vm.token);
    let size = values.len();
    let state = IteratorState::Set {
        set: set.clone(),
        values,
        index: 0,
        size,
    };
    PyIterator::new("set_iterator", state)
}

/// A step of a set iterator. As CPython's `setiter_iternext`, it checks the
/// size first at every step, and once it has failed it keeps failing.
fn next_set(vm: &mut Vm, iterator: &PyIterator) -> PyResult<Option<Value>> {
    let IteratorState::Set { set, size, .. } = iterator.state.ro(&vm.token) else {
        return Ok(None);
    };
    let changed = set.data.ro(&vm.token).len() != *size;
    let IteratorState::Set {
        values,
        index,
        size,
        ..
    } = iterator.state.rw(&mut vm.token)
    else {
        return Ok(None);
    };
    if changed {
        *size = usize::MAX;
        return raise(
            ExceptionKind::RuntimeError,
            "Set changed size during iteration",
        );
    }
    let item = values.get(*index).cloned();
    *index += 1;
    if item.is_none() {
        // Exhausted for good: later changes to the set no longer matter.
        *iterator.state.rw(&mut vm.token) = IteratorState::Exhausted;
    }
    Ok(item)
}

fn next_dict(vm: &mut Vm, iterator: &PyIterator) -> PyResult<Option<Value>> {
    let IteratorState::Dict {
        dict,
        part,
        slot,
        version,
    } = iterator.state.ro(&vm.token)
    else {
        return Ok(None);
    };
    let (dict, part, mut position, version) = (dict.clone(), *part, *slot, *version);
    let data = dict.data.ro(&vm.token);
    if data.version != version {
        *iterator.state.rw(&mut vm.token) = IteratorState::Exhausted;
        return raise(
            ExceptionKind::RuntimeError,
            "dictionary changed size during iteration",
        );
    }
    let found = loop {
        match data.slot(position) {
            None => break None,
            Some(None) => position += 1,
            Some(Some(entry)) => {
                position += 1;
                break Some(match part {
                    DictPart::Keys => entry.key.clone(),
                    DictPart::Values => entry.value.clone(),
                    DictPart::Items => Value::tuple(vec![entry.key.clone(), entry.value.clone()]),
                });
            }
        }
    };
    if let IteratorState::Dict { slot, .. } = iterator.state.rw(&mut vm.token) {
        *slot = position;
    }
    Ok(found)
}

/// A view on a dict: what `keys()`, `values()` and `items()` return.
#[derive(Debug)]
pub struct DictView {
    pub dict: Arc<PyDict>,
    pub part: DictPart,
}

impl DictView {
    /// The view's class name, as `repr` and `type()` show it.
    pub fn name(&self) -> &'static str {
        match self.part {
            DictPart::Keys => "dict_keys",
            DictPart::Values => "dict_values",
            DictPart::Items => "dict_items",
        }
    }

    /// The class name of `reversed(view)`.
    pub fn reversed_iterator_name(&self) -> &'static str {
        match self.part {
            DictPart::Keys => "dict_reversekeyiterator",
            DictPart::Values => "dict_reversevalueiterator",
            DictPart::Items => "dict_reverseitemiterator",
        }
    }

    /// An iterator over the view.
    pub fn iterate(&self, vm: &Vm) -> Value {
        let version = self.dict.data.ro(&vm.token).version;
        let name = match self.part {
            DictPart::Keys => "dict_keyiterator",
            DictPart::Values => "dict_valueiterator",
            DictPart::Items => "dict_itemiterator",
        };
        let state = IteratorState::Dict {
            dict: self.dict.clone(),
            part: self.part,
            slot: 0,
            version,
        };
        PyIterator::new(name, state)
    }
}

crate::objects::opaque_debug!(PyIterator, "iterator");
