//! What a value looks like as text: `repr()`, `str()`, `format()` and
//! `ascii()`, through a class's `__repr__`/`__str__`/`__format__` when it
//! has them, else as the built-in type shows itself; and what the
//! interactive prompt prints for an expression's value.

use super::Vm;
use crate::compiler::Conversion;
use crate::objects::exception::{type_error, ExceptionObject};
use crate::objects::float_repr::float_repr;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{bytes, int, str as pystr, PyResult, Value};

impl Vm {
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
            Value::Lock(lock) => crate::objects::lock::repr(lock),
            Value::Handle(handle) => {
                format!("<{} object at {:#x}>", handle.type_name(), value.identity())
            }
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
                let pairs: Vec<(Value, Value)> = dict.data.ro(&self.token).pairs();
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

    /// What the interactive prompt does with an expression's value (CPython's
    /// `sys.displayhook`): print its repr unless it is None, and bind `_`.
    pub(super) fn display_value(&mut self, value: Value) -> PyResult<()> {
        if value.is_none() {
            return Ok(());
        }
        let text = self.repr(&value)?;
        let stdout = crate::modules::sys::stream(self, "stdout");
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
