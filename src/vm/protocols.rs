//! The protocols every value takes part in: truth, length, iteration,
//! membership, `except` matching and hashing (`repr`, `str` and `format`
//! are in `text.rs`).

use super::generators::{Resume, Step};
use super::Vm;
use crate::objects::exception::type_error;
use crate::objects::iterator::{DictPart, IteratorState, PyIterator};
use crate::objects::type_object::{type_name, TypeKind};
use crate::objects::{PyResult, Value};

impl Vm {
    /// `bool(value)`.
    pub fn is_true(&mut self, value: &Value) -> PyResult<bool> {
        Ok(match value {
            Value::Bool(b) => *b,
            Value::None | Value::Null => false,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::BigInt(_) => true,
            Value::Str(s) => !s.as_str().is_empty(),
            Value::List(l) => !l.items.ro(&self.token).is_empty(),
            Value::Tuple(t) => !t.items().is_empty(),
            Value::Dict(d) => !d.data.ro(&self.token).is_empty(),
            Value::Set(s) => !s.data.ro(&self.token).is_empty(),
            Value::Bytes(b) => !b.as_bytes().is_empty(),
            Value::Range(r) => !r.is_empty(),
            Value::DictView(v) => !v.dict.data.ro(&self.token).is_empty(),
            Value::Instance(_) => return self.instance_truth(value),
            _ => true,
        })
    }

    /// `len(value)`.
    pub fn len(&mut self, value: &Value) -> PyResult<usize> {
        if let Some(length) = self.call_special(value, "__len__", vec![])? {
            return length_result(&length);
        }
        Ok(match value.builtin_base() {
            Value::Str(s) => s.char_count(),
            Value::List(l) => l.items.ro(&self.token).len(),
            Value::Tuple(t) => t.items().len(),
            Value::Dict(d) => d.data.ro(&self.token).len(),
            Value::Set(s) => s.data.ro(&self.token).len(),
            Value::Bytes(b) => b.as_bytes().len(),
            Value::Range(r) => r.checked_len()?,
            Value::DictView(v) => v.dict.data.ro(&self.token).len(),
            other => {
                return type_error(format!(
                    "object of type '{}' has no len()",
                    type_name(other)
                ))
            }
        })
    }

    /// `iter(value)`.
    pub fn iter(&mut self, value: &Value) -> PyResult<Value> {
        if let Some(iterator) = self.call_special(value, "__iter__", vec![])? {
            return self.checked_iterator(iterator);
        }
        if matches!(value, Value::Instance(_))
            && !value.has_builtin_base()
            && self.has_special(value, "__getitem__")
        {
            let state = IteratorState::Sequence {
                sequence: value.clone(),
                index: 0,
            };
            return Ok(PyIterator::new("iterator", state));
        }
        let value = value.builtin_base();
        let (name, state) = match value {
            Value::List(list) => (
                "list_iterator",
                IteratorState::List {
                    list: list.clone(),
                    index: 0,
                },
            ),
            Value::Tuple(tuple) => (
                "tuple_iterator",
                IteratorState::Tuple {
                    tuple: tuple.clone(),
                    index: 0,
                },
            ),
            Value::Str(text) => (
                "str_ascii_iterator",
                IteratorState::Str {
                    text: text.clone(),
                    offset: 0,
                },
            ),
            Value::Bytes(_) => (
                "bytes_iterator",
                IteratorState::Bytes {
                    data: value.clone(),
                    index: 0,
                },
            ),
            Value::Range(r) => return Ok(crate::objects::iterator::iterate_range(r, false)),
            Value::Dict(dict) => {
                let version = dict.data.ro(&self.token).version;
                let state = IteratorState::Dict {
                    dict: dict.clone(),
                    part: DictPart::Keys,
                    slot: 0,
                    version,
                };
                ("dict_keyiterator", state)
            }
            Value::DictView(view) => return Ok(view.iterate(self)),
            Value::Set(set) => return Ok(crate::objects::iterator::iterate_set(self, set)),
            Value::Iterator(_) | Value::Generator(_) => return Ok(value.clone()),
            Value::File(file) => return crate::objects::file::iter(self, file),
            other => return type_error(format!("'{}' object is not iterable", type_name(other))),
        };
        Ok(PyIterator::new(name, state))
    }

    /// What `__iter__` returned, which must be an iterator.
    fn checked_iterator(&mut self, iterator: Value) -> PyResult<Value> {
        let is_iterator = match &iterator {
            Value::Iterator(_) | Value::Generator(_) | Value::File(_) => true,
            Value::Instance(_) => self.has_special(&iterator, "__next__"),
            _ => false,
        };
        if !is_iterator {
            return type_error(format!(
                "iter() returned non-iterator of type '{}'",
                type_name(&iterator)
            ));
        }
        Ok(iterator)
    }

    /// `next(iterator)`, with exhaustion as `None`.
    pub fn next(&mut self, iterator: &Value) -> PyResult<Option<Value>> {
        match iterator {
            Value::Instance(_) => match self.call_special(iterator, "__next__", vec![]) {
                Ok(Some(value)) => Ok(Some(value)),
                Err(error)
                    if error.is(crate::objects::type_object::ExceptionKind::StopIteration) =>
                {
                    Ok(None)
                }
                Err(error) => Err(error),
                Ok(None) => type_error(format!(
                    "'{}' object is not an iterator",
                    type_name(iterator)
                )),
            },
            Value::Iterator(it) => {
                let it = it.clone();
                crate::objects::iterator::next(self, &it)
            }
            Value::File(file) => crate::objects::file::next_line(self, &file.clone()),
            Value::Generator(generator) => {
                let generator = generator.clone();
                match self.resume_generator(&generator, Resume::Send(Value::None))? {
                    Step::Yielded(value) => Ok(Some(value)),
                    Step::Returned(_) => Ok(None),
                }
            }
            other => type_error(format!("'{}' object is not an iterator", type_name(other))),
        }
    }

    /// Every element of an iterable, in order.
    pub fn collect(&mut self, iterable: &Value) -> PyResult<Vec<Value>> {
        match iterable {
            Value::List(list) => return Ok(list.items.ro(&self.token).clone()),
            Value::Tuple(tuple) => return Ok(tuple.items().to_vec()),
            _ => {}
        }
        let iterator = self.iter(iterable)?;
        let mut items = Vec::new();
        while let Some(item) = self.next(&iterator)? {
            items.push(item);
        }
        Ok(items)
    }

    /// `item in container`.
    pub fn contains(&mut self, container: &Value, item: &Value) -> PyResult<bool> {
        if let Some(result) = self.call_special(container, "__contains__", vec![item.clone()])? {
            return self.is_true(&result);
        }
        match container.builtin_base() {
            Value::Instance(_) => {
                let iterator = self.iter(container)?;
                while let Some(element) = self.next(&iterator)? {
                    if self.values_equal(&element, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            Value::Str(text) => match item {
                Value::Str(needle) => Ok(text.as_str().contains(needle.as_str())),
                other => type_error(format!(
                    "'in <string>' requires string as left operand, not {}",
                    type_name(other)
                )),
            },
            Value::Dict(dict) => Ok(self.dict_lookup(dict, item)?.is_some()),
            Value::Set(set) => self.set_contains(set, item),
            Value::Range(range)
                if matches!(item, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) =>
            {
                Ok(range.contains_value(item))
            }
            Value::Bytes(data) => match item {
                Value::Int(byte) => {
                    Ok(data.as_bytes().contains(&(*byte as u8)) && (0..256).contains(byte))
                }
                Value::Bytes(needle) => Ok(contains_subslice(data.as_bytes(), needle.as_bytes())),
                other => type_error(format!(
                    "a bytes-like object is required, not '{}'",
                    type_name(other)
                )),
            },
            Value::List(_)
            | Value::Tuple(_)
            | Value::Range(_)
            | Value::Iterator(_)
            | Value::Generator(_)
            | Value::DictView(_) => {
                let iterator = self.iter(container)?;
                while let Some(element) = self.next(&iterator)? {
                    if self.values_equal(&element, item)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            other => type_error(format!(
                "argument of type '{}' is not iterable",
                type_name(other)
            )),
        }
    }

    /// Whether an exception matches an `except` clause's class or tuple of classes.
    pub(super) fn exception_matches(&mut self, exception: &Value, class: &Value) -> PyResult<bool> {
        let Value::Exception(exception) = exception else {
            return Ok(false);
        };
        match class {
            Value::Type(class) if class.kind == TypeKind::Exception => {
                Ok(exception.class.is_subclass(class))
            }
            Value::Tuple(classes) => {
                for class in classes.items().to_vec() {
                    if self.exception_matches(&Value::Exception(exception.clone()), &class)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => {
                type_error("catching classes that do not inherit from BaseException is not allowed")
            }
        }
    }

    /// `hash(value)`: a tuple holding instances hashes them with their
    /// classes' `__hash__` too.
    pub fn hash(&mut self, value: &Value) -> PyResult<i64> {
        use crate::objects::compare::{compares_by_python, TupleHasher};
        match value {
            Value::Instance(instance) => self.instance_hash(value, &instance.class.clone()),
            Value::Tuple(tuple) if compares_by_python(value) => {
                let mut hasher = TupleHasher::new(tuple.items().len());
                for item in tuple.items() {
                    hasher.add(self.hash(item)?);
                }
                Ok(hasher.finish())
            }
            _ => crate::objects::compare::hash(value),
        }
    }

    /// `hash(instance)`: its class's `__hash__`; unhashable when the class
    /// defines `__eq__` without `__hash__` (as Python sets `__hash__ = None`);
    /// else by identity.
    fn instance_hash(
        &mut self,
        value: &Value,
        class: &crate::objects::type_object::TypeObject,
    ) -> PyResult<i64> {
        use super::classes::lookup_in_class;
        match lookup_in_class(&self.token, class, "__hash__") {
            Some(Value::None) => type_error(format!("unhashable type: '{}'", class.name)),
            Some(method) => match self.call(&method, vec![value.clone()])? {
                Value::Int(hash) => Ok(if hash == -1 { -2 } else { hash }),
                _ => type_error("__hash__ method should return an integer"),
            },
            None if lookup_in_class(&self.token, class, "__eq__").is_some() => {
                type_error(format!("unhashable type: '{}'", class.name))
            }
            None if value.has_builtin_base() => self.base_hash(value, &class.name),
            None => crate::objects::compare::hash(value),
        }
    }
}

fn contains_subslice(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// The result of `__len__`: a non-negative int.
fn length_result(length: &Value) -> PyResult<usize> {
    match length {
        Value::Int(n) if *n >= 0 => Ok(*n as usize),
        Value::Int(_) => crate::objects::exception::value_error("__len__() should return >= 0"),
        Value::Bool(b) => Ok(*b as usize),
        other => type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(other)
        )),
    }
}

impl Vm {
    /// `bool(instance)`: `__bool__`, else `__len__`, else true.
    fn instance_truth(&mut self, value: &Value) -> PyResult<bool> {
        if let Some(result) = self.call_special(value, "__bool__", vec![])? {
            return match result {
                Value::Bool(truth) => Ok(truth),
                other => type_error(format!(
                    "__bool__ should return bool, returned {}",
                    type_name(&other)
                )),
            };
        }
        if let Some(length) = self.call_special(value, "__len__", vec![])? {
            return Ok(length_result(&length)? > 0);
        }
        if value.has_builtin_base() {
            return self.is_true(&value.builtin_base().clone());
        }
        Ok(true)
    }
}
