//! Subscripts and slices, unpacking, and the instructions that build
//! containers (`BuildSet`, `BuildMap`, `ListAppend`, `DictUpdate` ...).

use super::Vm;
use crate::objects::dict::PyDict;
use crate::objects::exception::{raise, type_error, value_error, PyException};
use crate::objects::function::{CellRef, Function};
use crate::objects::set::PySet;
use crate::objects::slice::{PySlice, SliceIndices};
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use std::sync::Arc;

/// What a subscript selects: one index or a slice.
enum Selector {
    Index(usize),
    Slice(SliceIndices),
}

impl Vm {
    /// `container[key]`.
    pub fn get_item(&mut self, container: &Value, key: &Value) -> PyResult<Value> {
        if let Some(value) = self.call_special(container, "__getitem__", vec![key.clone()])? {
            return Ok(value);
        }
        if container.has_builtin_base() {
            return self.base_get_item(container, key);
        }
        let index = self.sequence_index(container, key)?;
        let key = index.as_ref().unwrap_or(key);
        match container {
            Value::List(list) => {
                let length = list.items.ro(&self.token).len();
                let items = list.items.ro(&self.token);
                match select(key, length, "list")? {
                    Selector::Index(i) => Ok(items[i].clone()),
                    Selector::Slice(s) => {
                        Ok(Value::list(s.indices().map(|i| items[i].clone()).collect()))
                    }
                }
            }
            Value::Tuple(tuple) => match select(key, tuple.items().len(), "tuple")? {
                Selector::Index(i) => Ok(tuple.items()[i].clone()),
                Selector::Slice(s) => Ok(Value::tuple(
                    s.indices().map(|i| tuple.items()[i].clone()).collect(),
                )),
            },
            Value::Str(text) => match select(key, text.char_count(), "string")? {
                Selector::Index(i) => Ok(Value::str(text.char_at(i).unwrap_or_default())),
                Selector::Slice(s) if s.step == 1 => {
                    let end = (s.stop.max(s.start)) as usize;
                    Ok(Value::str(text.substring(s.start as usize, end)))
                }
                Selector::Slice(s) => Ok(Value::str(text.select(s.indices()))),
            },
            Value::Bytes(data) => match select(key, data.as_bytes().len(), "index")? {
                Selector::Index(i) => Ok(Value::Int(data.as_bytes()[i] as i64)),
                Selector::Slice(s) => {
                    let bytes = s.indices().map(|i| data.as_bytes()[i]).collect();
                    Ok(Value::Bytes(Arc::new(crate::objects::bytes::PyBytes::new(
                        bytes,
                    ))))
                }
            },
            Value::Range(range) if range.big.is_some() || matches!(key, Value::Slice(_)) => {
                crate::objects::range::big_item(range, key)
            }
            Value::Range(range) => match select(key, range.len(), "range object")? {
                Selector::Index(i) => Ok(Value::Int(range.at(i))),
                Selector::Slice(_) => crate::objects::range::big_item(range, key),
            },
            Value::Dict(dict) => match self.dict_lookup(dict, key)? {
                Some(value) => Ok(value),
                None => Err(PyException::with_args(
                    ExceptionKind::KeyError,
                    vec![key.clone()],
                )),
            },
            other => type_error(format!(
                "'{}' object is not subscriptable",
                type_name(other)
            )),
        }
    }

    /// `container[key] = value`.
    pub fn set_item(&mut self, container: &Value, key: Value, value: Value) -> PyResult<()> {
        if self.has_special(container, "__setitem__") {
            self.call_special(container, "__setitem__", vec![key, value])?;
            return Ok(());
        }
        let key = self.sequence_index(container, &key)?.unwrap_or(key);
        match container.builtin_base() {
            Value::List(list) => {
                let length = list.items.ro(&self.token).len();
                match select(&key, length, "list assignment")? {
                    Selector::Index(i) => {
                        list.items.rw(&mut self.token)[i] = value;
                        Ok(())
                    }
                    Selector::Slice(s) => {
                        let message = match s.step {
                            1 => "can only assign an iterable",
                            _ => "must assign iterable to extended slice",
                        };
                        let replacement = self
                            .collect(&value)
                            .map_err(|_| PyException::new(ExceptionKind::TypeError, message))?;
                        self.assign_slice(list, s, replacement)
                    }
                }
            }
            Value::Dict(dict) => self.dict_insert(dict, key, value),
            _ => type_error(format!(
                "'{}' object does not support item assignment",
                type_name(container)
            )),
        }
    }

    /// The int an object with `__index__` stands for as a sequence's index;
    /// None for any other key (a dict's key is hashed as it is).
    fn sequence_index(&mut self, container: &Value, key: &Value) -> PyResult<Option<Value>> {
        let is_user_index = matches!(key, Value::Instance(_)) && !key.has_builtin_base();
        if !is_user_index || matches!(container.builtin_base(), Value::Dict(_)) {
            return Ok(None);
        }
        match self.call_special(key, "__index__", vec![])? {
            Some(index @ (Value::Int(_) | Value::BigInt(_))) => Ok(Some(index)),
            Some(other) => type_error(format!(
                "__index__ returned non-int (type {})",
                type_name(&other)
            )),
            None => Ok(None),
        }
    }

    /// `list[a:b:c] = items`.
    fn assign_slice(
        &mut self,
        list: &crate::objects::list::PyList,
        s: SliceIndices,
        replacement: Vec<Value>,
    ) -> PyResult<()> {
        let items = list.items.rw(&mut self.token);
        if s.step == 1 {
            let start = s.start as usize;
            let stop = (s.stop.max(s.start)) as usize;
            items.splice(start..stop, replacement);
            return Ok(());
        }
        let indices: Vec<usize> = s.indices().collect();
        if indices.len() != replacement.len() {
            return value_error(format!(
                "attempt to assign sequence of size {} to extended slice of size {}",
                replacement.len(),
                indices.len()
            ));
        }
        for (index, value) in indices.into_iter().zip(replacement) {
            items[index] = value;
        }
        Ok(())
    }

    /// `del container[key]`.
    pub fn delete_item(&mut self, container: &Value, key: &Value) -> PyResult<()> {
        if self
            .call_special(container, "__delitem__", vec![key.clone()])?
            .is_some()
        {
            return Ok(());
        }
        let index = self.sequence_index(container, key)?;
        let key = index.as_ref().unwrap_or(key);
        match container.builtin_base() {
            Value::List(list) => {
                let length = list.items.ro(&self.token).len();
                let selector = select(key, length, "list assignment")?;
                let items = list.items.rw(&mut self.token);
                match selector {
                    Selector::Index(i) => {
                        items.remove(i);
                    }
                    Selector::Slice(s) => {
                        let mut doomed: Vec<usize> = s.indices().collect();
                        doomed.sort_unstable();
                        for index in doomed.into_iter().rev() {
                            items.remove(index);
                        }
                    }
                }
                Ok(())
            }
            Value::Dict(dict) => match self.dict_remove(dict, key)? {
                Some(_) => Ok(()),
                None => Err(PyException::with_args(
                    ExceptionKind::KeyError,
                    vec![key.clone()],
                )),
            },
            _ => type_error(format!(
                "'{}' object doesn't support item deletion",
                type_name(container)
            )),
        }
    }

    /// `BuildSlice`: ( start stop [step] -- slice ).
    pub(super) fn build_slice(&mut self, count: u32) {
        let step = if count == 3 { self.pop() } else { Value::None };
        let stop = self.pop();
        let start = self.pop();
        self.stack
            .push(Value::Slice(Arc::new(PySlice { start, stop, step })));
    }

    /// `UnpackSequence`: pushes exactly `count` items, the first on top.
    pub(super) fn unpack_sequence(&mut self, sequence: &Value, count: usize) -> PyResult<()> {
        let items = self.collect_unpackable(sequence)?;
        if items.len() != count {
            return if items.len() > count {
                value_error(format!("too many values to unpack (expected {count})"))
            } else {
                value_error(format!(
                    "not enough values to unpack (expected {count}, got {})",
                    items.len()
                ))
            };
        }
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }

    /// `UnpackEx`: `before` items, a list of the middle ones, `after` items.
    pub(super) fn unpack_starred(
        &mut self,
        sequence: &Value,
        before: usize,
        after: usize,
    ) -> PyResult<()> {
        let mut items = self.collect_unpackable(sequence)?;
        if items.len() < before + after {
            return value_error(format!(
                "not enough values to unpack (expected at least {}, got {})",
                before + after,
                items.len()
            ));
        }
        let tail = items.split_off(items.len() - after);
        let middle = items.split_off(before);
        self.stack.extend(tail.into_iter().rev());
        self.stack.push(Value::list(middle));
        self.stack.extend(items.into_iter().rev());
        Ok(())
    }

    fn collect_unpackable(&mut self, sequence: &Value) -> PyResult<Vec<Value>> {
        match self.iter(sequence) {
            Ok(_) => self.collect(sequence),
            Err(_) => type_error(format!(
                "cannot unpack non-iterable {} object",
                type_name(sequence)
            )),
        }
    }

    /// A new set of `items`.
    pub fn new_set(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let set = PySet::new();
        for item in items {
            self.set_insert(&set, &item)?;
        }
        Ok(Value::Set(Arc::new(set)))
    }

    /// A new dict from alternating keys and values.
    pub fn new_dict_from_pairs(&mut self, items: Vec<Value>) -> PyResult<Value> {
        let dict = PyDict::new();
        let mut items = items.into_iter();
        while let (Some(key), Some(value)) = (items.next(), items.next()) {
            self.dict_insert(&dict, key, value)?;
        }
        Ok(Value::Dict(Arc::new(dict)))
    }

    /// `ListAppend(depth)`.
    pub(super) fn list_append(&mut self, depth: u32, value: Value) {
        if let Value::List(list) = &self.stack[self.stack.len() - depth as usize] {
            let list = list.clone();
            list.items.rw(&mut self.token).push(value);
        }
    }

    /// `ListExtend(depth)`.
    pub(super) fn list_extend(&mut self, depth: u32, iterable: Value) -> PyResult<()> {
        let items = self.collect(&iterable).map_err(|error| {
            if error.is(ExceptionKind::TypeError) && self.iter(&iterable).is_err() {
                PyException::new(
                    ExceptionKind::TypeError,
                    format!(
                        "Value after * must be an iterable, not {}",
                        type_name(&iterable)
                    ),
                )
            } else {
                error
            }
        })?;
        if let Value::List(list) = &self.stack[self.stack.len() - depth as usize] {
            let list = list.clone();
            list.items.rw(&mut self.token).extend(items);
        }
        Ok(())
    }

    /// Adds `value` to a set.
    pub fn set_add(&mut self, set: &Value, value: Value) -> PyResult<()> {
        if let Value::Set(set) = set {
            self.set_insert(set, &value)?;
        }
        Ok(())
    }

    /// `DictUpdate` / `DictMerge`: copies a mapping's entries into `dict`;
    /// merging (for `f(**m)`) rejects a key already present.
    pub(super) fn dict_update(
        &mut self,
        dict: &Value,
        mapping: &Value,
        merge: bool,
    ) -> PyResult<()> {
        let Value::Dict(target) = dict else {
            return Ok(());
        };
        let Value::Dict(source) = mapping.builtin_base() else {
            return if merge {
                type_error(format!(
                    "argument after ** must be a mapping, not {}",
                    type_name(mapping)
                ))
            } else {
                type_error(format!("'{}' object is not a mapping", type_name(mapping)))
            };
        };
        let entries: Vec<_> = source.data.ro(&self.token).entries().cloned().collect();
        for entry in entries {
            let key = self.dict_key(target, &entry.key)?;
            let data = target.data.rw(&mut self.token);
            if merge && data.get_hashed(&key.value, key.hash).is_some() {
                let key = entry.key.as_str().unwrap_or("?").to_string();
                return type_error(format!("got multiple values for keyword argument '{key}'"));
            }
            data.insert_hashed(key.value, key.hash, entry.value);
        }
        Ok(())
    }

    /// `MakeFunction`: pops closure, keyword defaults and defaults as flagged.
    pub(super) fn make_function(&mut self, code_index: u32, flags: u32) -> PyResult<()> {
        let closure = if flags & 8 != 0 {
            self.pop_closure()
        } else {
            Vec::new()
        };
        let kwdefaults = if flags & 2 != 0 {
            self.pop_keyword_defaults()
        } else {
            Vec::new()
        };
        let defaults = if flags & 1 != 0 {
            let tuple = self.pop();
            self.collect(&tuple)?
        } else {
            Vec::new()
        };
        let Some(frame) = self.frames.last() else {
            return Ok(());
        };
        let Value::Code(code) = frame.code().body().constants[code_index as usize].clone() else {
            return raise(
                ExceptionKind::SystemError,
                "MakeFunction without a code object",
            );
        };
        let globals = frame.globals().clone();
        let function = Function::new(code, globals, defaults, kwdefaults, closure);
        self.stack.push(Value::Function(Arc::new(function)));
        Ok(())
    }

    /// The tuple of cells `LoadClosure` pushed for `MakeFunction`.
    fn pop_closure(&mut self) -> Vec<CellRef> {
        let Value::Tuple(cells) = self.pop() else {
            return Vec::new();
        };
        let cell = |value: &Value| match value {
            Value::Cell(cell) => Some(cell.clone()),
            _ => None,
        };
        cells.items().iter().filter_map(cell).collect()
    }

    /// The dict of keyword-only defaults `MakeFunction` gets, as pairs.
    fn pop_keyword_defaults(&mut self) -> Vec<(String, Value)> {
        let Value::Dict(defaults) = self.pop() else {
            return Vec::new();
        };
        let data = defaults.data.ro(&self.token);
        let pair = |e: &crate::objects::dict::Entry| {
            (
                e.key.as_str().unwrap_or_default().to_string(),
                e.value.clone(),
            )
        };
        data.entries().map(pair).collect()
    }
}

/// Resolves a subscript against a sequence of `length`, with the CPython
/// messages for `what` ("list", "tuple", "string" ...).
fn select(key: &Value, length: usize, what: &str) -> PyResult<Selector> {
    let index = match key.builtin_base() {
        Value::Int(i) => *i,
        Value::Bool(b) => *b as i64,
        Value::BigInt(_) => {
            return raise(
                ExceptionKind::IndexError,
                "cannot fit 'int' into an index-sized integer",
            )
        }
        Value::Slice(slice) => {
            let part = |v: &Value| -> PyResult<Option<i64>> {
                match v.builtin_base() {
                    Value::None => Ok(None),
                    Value::Int(i) => Ok(Some(*i)),
                    Value::Bool(b) => Ok(Some(*b as i64)),
                    Value::BigInt(b) => Ok(Some(if num_traits::Signed::is_negative(&**b) {
                        i64::MIN
                    } else {
                        i64::MAX
                    })),
                    _ => type_error(
                        "slice indices must be integers or None or have an __index__ method",
                    ),
                }
            };
            let indices = SliceIndices::new(
                part(&slice.start)?,
                part(&slice.stop)?,
                part(&slice.step)?,
                length,
            )?;
            return Ok(Selector::Slice(indices));
        }
        _ => return index_type_error(what, key),
    };
    let adjusted = if index < 0 {
        index + length as i64
    } else {
        index
    };
    if adjusted < 0 || adjusted >= length as i64 {
        return raise(
            ExceptionKind::IndexError,
            format!("{what} index out of range"),
        );
    }
    Ok(Selector::Index(adjusted as usize))
}

fn index_type_error<T>(what: &str, key: &Value) -> PyResult<T> {
    let name = type_name(key);
    match what {
        "string" => type_error(format!("string indices must be integers, not '{name}'")),
        "list assignment" => type_error(format!(
            "list indices must be integers or slices, not {name}"
        )),
        "index" => type_error(format!(
            "byte indices must be integers or slices, not {name}"
        )),
        "range object" => type_error(format!(
            "range indices must be integers or slices, not {name}"
        )),
        _ => type_error(format!(
            "{what} indices must be integers or slices, not {name}"
        )),
    }
}
