//! The protocols every value takes part in: truth, length, iteration,
//! membership, `repr`/`str` and formatting.

use super::generators::{Resume, Step};
use super::Vm;
use crate::compiler::Conversion;
use crate::objects::exception::{type_error, ExceptionObject};
use crate::objects::float_repr::float_repr;
use crate::objects::iterator::{DictPart, IteratorState, PyIterator};
use crate::objects::type_object::{type_name, ExceptionKind, TypeKind};
use crate::objects::{bytes, int, str as pystr, PyResult, Value};

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

    /// `repr(value)`.
    pub fn repr(&mut self, value: &Value) -> PyResult<String> {
        match self.call_special(value, "__repr__", vec![])? {
            Some(result) => string_result(result, "__repr__"),
            None => self.builtin_repr(value),
        }
    }

    /// `repr(value)` as the built-in type (or `object`) defines it.
    pub fn builtin_repr(&mut self, value: &Value) -> PyResult<String> {
        if value.has_builtin_base() {
            return self.base_repr(value);
        }
        Ok(match value {
            Value::Null => "<NULL>".into(),
            Value::None => "None".into(),
            Value::Ellipsis => "Ellipsis".into(),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(b) => int::bigint_to_string(b)?,
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => pystr::repr(s.as_str()),
            Value::Bytes(b) => bytes::repr(b.as_bytes()),
            Value::List(_)
            | Value::Tuple(_)
            | Value::Dict(_)
            | Value::Set(_)
            | Value::DictView(_) => return self.repr_container(value),
            Value::Range(r) => r.repr(),
            Value::Slice(s) => {
                let parts = [s.start.clone(), s.stop.clone(), s.step.clone()];
                let texts: PyResult<Vec<String>> = parts.iter().map(|p| self.repr(p)).collect();
                format!("slice({})", texts?.join(", "))
            }
            Value::Function(f) => {
                format!("<function {} at {:#x}>", f.code.qualname, value.identity())
            }
            Value::NativeMethod((name, _)) => format!("<method '{name}'>"),
            Value::BuiltinFunction(b) => match &b.receiver {
                Some(receiver) => format!(
                    "<built-in method {} of {} object at {:#x}>",
                    b.name,
                    type_name(receiver),
                    receiver.identity()
                ),
                None => format!("<built-in function {}>", b.name),
            },
            Value::BoundMethod(m) => {
                let receiver = self.repr(&m.receiver)?;
                let name = match &m.function {
                    Value::Function(f) => f.code.qualname.clone(),
                    // A callable object bound as a method: its `__qualname__`.
                    other => match self.get_attribute(other, &Value::str("__qualname__")) {
                        Ok(Value::Str(name)) => name.as_str().to_string(),
                        _ => "?".into(),
                    },
                };
                format!("<bound method {name} of {receiver}>")
            }
            Value::Type(class) => format!("<class '{}'>", self.qualified_name(class)),
            Value::Exception(e) => self.repr_exception(e)?,
            Value::Module(m) => match m.name.as_str() {
                "sys" | "math" | "time" | "builtins" => format!("<module '{}' (built-in)>", m.name),
                _ => format!("<module '{}'>", m.name),
            },
            Value::Iterator(it) => format!("<{} object at {:#x}>", it.name, value.identity()),
            Value::Generator(g) => format!(
                "<generator object {} at {:#x}>",
                g.qualname,
                value.identity()
            ),
            Value::Code(c) => format!(
                "<code object {} at {:#x}, line {}>",
                c.name,
                value.identity(),
                c.first_line
            ),
            Value::Cell(_) => format!("<cell at {:#x}>", value.identity()),
            Value::Instance(instance) => format!(
                "<{} object at {:#x}>",
                self.qualified_name(&instance.class),
                value.identity()
            ),
            Value::Descriptor(_) => {
                format!("<{} object at {:#x}>", type_name(value), value.identity())
            }
            Value::Super(lookup) => format!(
                "<super: <class '{}'>, <{} object>>",
                lookup.class.name,
                type_name(&lookup.receiver)
            ),
            Value::NotImplemented => "NotImplemented".into(),
            Value::File(f) => f.repr(),
        })
    }

    /// `repr` of a list, tuple, dict or set; `[...]` for one that contains itself.
    fn repr_container(&mut self, value: &Value) -> PyResult<String> {
        let identity = value.identity();
        if self.repr_in_progress.contains(&identity) {
            return Ok(match value {
                Value::List(_) => "[...]",
                Value::Dict(_) => "{...}",
                _ => "(...)",
            }
            .into());
        }
        self.enter_native()?;
        self.repr_in_progress.push(identity);
        let result = self.repr_container_items(value);
        self.repr_in_progress.pop();
        self.leave_native();
        result
    }

    fn repr_container_items(&mut self, value: &Value) -> PyResult<String> {
        let join = |vm: &mut Vm, items: &[Value]| -> PyResult<String> {
            let texts: PyResult<Vec<String>> = items.iter().map(|item| vm.repr(item)).collect();
            Ok(texts?.join(", "))
        };
        Ok(match value {
            Value::List(list) => {
                let items = list.items.ro(&self.token).clone();
                format!("[{}]", join(self, &items)?)
            }
            Value::Tuple(tuple) if tuple.items().len() == 1 => {
                format!("({},)", self.repr(&tuple.items()[0])?)
            }
            Value::Tuple(tuple) => format!("({})", join(self, tuple.items())?),
            Value::Set(set) => {
                let items = set.elements(&self.token);
                let inner = if items.is_empty() {
                    String::new()
                } else {
                    format!("{{{}}}", join(self, &items)?)
                };
                match (set.is_frozen(), items.is_empty()) {
                    (true, _) => format!("frozenset({inner})"),
                    (false, true) => "set()".into(),
                    (false, false) => inner,
                }
            }
            Value::Dict(dict) => {
                let pairs: Vec<(Value, Value)> = dict
                    .data
                    .ro(&self.token)
                    .entries()
                    .map(|e| (e.key.clone(), e.value.clone()))
                    .collect();
                let mut texts = Vec::with_capacity(pairs.len());
                for (key, value) in &pairs {
                    texts.push(format!("{}: {}", self.repr(key)?, self.repr(value)?));
                }
                format!("{{{}}}", texts.join(", "))
            }
            Value::DictView(view) => {
                let iterator = view.iterate(self);
                let items = self.collect(&iterator)?;
                format!("{}([{}])", view.name(), join(self, &items)?)
            }
            _ => String::new(),
        })
    }

    fn repr_exception(&mut self, exception: &ExceptionObject) -> PyResult<String> {
        let args = exception.current_args(&self.token);
        let inner = match args.len() {
            1 => self.repr(&args[0])?,
            _ => {
                let texts: PyResult<Vec<String>> = args.iter().map(|a| self.repr(a)).collect();
                texts?.join(", ")
            }
        };
        Ok(format!("{}({inner})", exception.class.name))
    }

    /// `str(value)`.
    pub fn str(&mut self, value: &Value) -> PyResult<String> {
        match self.call_special(value, "__str__", vec![])? {
            Some(result) => string_result(result, "__str__"),
            None if matches!(value.builtin_base(), Value::Str(_)) => self.builtin_str(value),
            None if matches!(value, Value::Instance(_)) => self.repr(value),
            None => self.builtin_str(value),
        }
    }

    /// `str(value)` as the built-in type defines it.
    pub fn builtin_str(&mut self, value: &Value) -> PyResult<String> {
        match value.builtin_base() {
            Value::Str(s) => Ok(s.as_str().to_string()),
            Value::Exception(e) => self.exception_str(e),
            _ => self.repr(value),
        }
    }

    /// `str(exception)`: the message, as CPython shows it after `Type: `.
    pub fn exception_str(&mut self, exception: &ExceptionObject) -> PyResult<String> {
        if let Some(text) = crate::objects::exception::os_error_str(self, exception)? {
            return Ok(text);
        }
        let args = exception.current_args(&self.token);
        if crate::syntax::location_block(exception).is_some() {
            return self.str(&args[0]);
        }
        match args.len() {
            0 => Ok(String::new()),
            1 if exception.class.name == "KeyError" => self.repr(&args[0]),
            1 => self.str(&args[0]),
            _ => self.repr(&Value::tuple(args)),
        }
    }

    /// `FormatValue`: `f"{value!conversion:spec}"`.
    pub(super) fn format_value(
        &mut self,
        value: Value,
        conversion: Conversion,
        spec: Option<Value>,
    ) -> PyResult<Value> {
        let value = match conversion {
            Conversion::None => value,
            Conversion::Str => Value::str(self.str(&value)?),
            Conversion::Repr => Value::str(self.repr(&value)?),
            Conversion::Ascii => Value::str(ascii(&self.repr(&value)?)),
        };
        let spec = match &spec {
            Some(Value::Str(s)) => s.as_str().to_string(),
            _ => String::new(),
        };
        if spec.is_empty() {
            if let Value::Str(_) = value {
                return Ok(value);
            }
        }
        Ok(Value::str(self.format(&value, &spec)?))
    }

    /// `format(value, spec)` for the built-in types.
    pub fn format(&mut self, value: &Value, spec: &str) -> PyResult<String> {
        use crate::objects::format_spec as fs;
        if !spec.is_empty() && value.has_builtin_base() {
            return self.format(&value.builtin_base().clone(), spec);
        }
        let result = match value {
            Value::Bool(_) if spec.is_empty() => return self.str(value),
            Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => {
                let number = int::to_bigint(value).unwrap_or_default();
                fs::format_int_with_spec(&number, spec)
            }
            Value::Float(f) => fs::format_float_with_spec(*f, spec),
            Value::Str(s) => fs::format_str_with_spec(s.as_str(), spec),
            other if spec.is_empty() => return self.str(other),
            other => {
                return type_error(format!(
                    "unsupported format string passed to {}.__format__",
                    type_name(other)
                ))
            }
        };
        result.map_err(|message| {
            let kind = match fs::format_error_kind(&message) {
                fs::ErrorKind::OverflowError => ExceptionKind::OverflowError,
                fs::ErrorKind::TypeError => ExceptionKind::TypeError,
                _ => ExceptionKind::ValueError,
            };
            crate::objects::exception::PyException::new(kind, message)
        })
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

    /// What the interactive prompt does with an expression's value (CPython's
    /// `sys.displayhook`): print its repr unless it is None, and bind `_`.
    pub(super) fn display_value(&mut self, value: Value) -> PyResult<()> {
        if value.is_none() {
            return Ok(());
        }
        let text = self.repr(&value)?;
        let stdout = self.interp.stdout.clone();
        crate::modules::builtins::write_text(self, &stdout, &format!("{text}\n"))?;
        let builtins = self.interp.builtins.clone();
        self.set_item_str(&builtins, "_", value);
        Ok(())
    }

    /// A class's name as `repr` shows it: with its module (`__main__.Point`)
    /// for a class made by a `class` statement, bare for a built-in one.
    fn qualified_name(&self, class: &crate::objects::type_object::TypeObject) -> String {
        let Some(dict) = &class.dict else {
            return class.name.clone();
        };
        match dict.data.ro(&self.token).get_str("__module__") {
            Some(Value::Str(module)) if module.as_str() != "builtins" => {
                format!("{}.{}", module.as_str(), class.name)
            }
            _ => class.name.clone(),
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

/// `ascii()`: a repr with every non-ASCII character escaped.
pub fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii() {
                c.to_string()
            } else {
                pystr::escape_code_point(c)
            }
        })
        .collect()
}

fn contains_subslice(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// The result of `__str__`/`__repr__`, which must be a str.
fn string_result(result: Value, method: &str) -> PyResult<String> {
    match result {
        Value::Str(text) => Ok(text.as_str().to_string()),
        other => type_error(format!(
            "{method} returned non-string (type {})",
            type_name(&other)
        )),
    }
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
