//! `json.dumps`: Python values to JSON text, formatted exactly as CPython's
//! `Lib/json/encoder.py` (and its C twin in `Modules/_json.c`) formats them.
//!
//! One recursive `encode` walks the value and appends to a `String`. With
//! `indent`, each nested level starts a new line indented one step deeper;
//! an empty list or dict stays `[]`/`{}` either way. Containers being
//! encoded are remembered by identity, so a list that contains itself is
//! "Circular reference detected", not an endless loop.

use crate::objects::dict::PyDict;
use crate::objects::exception::{type_error, value_error};
use crate::objects::float_repr::float_repr;
use crate::objects::int;
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// The options of `dumps` that shape the output.
pub struct Encoder {
    pub skip_keys: bool,
    pub ensure_ascii: bool,
    pub check_circular: bool,
    pub allow_nan: bool,
    /// The text of one indentation step; `None` writes everything on one line.
    pub indent: Option<String>,
    pub item_separator: String,
    pub key_separator: String,
    /// Called on a value JSON has no form for; its result is encoded instead.
    pub default: Option<Value>,
    pub sort_keys: bool,
    /// Identities of the containers being encoded, outermost first.
    pub markers: Vec<usize>,
}

impl Encoder {
    /// Appends the JSON text of `value` at nesting `level`.
    pub fn encode(
        &mut self,
        vm: &mut Vm,
        value: &Value,
        level: usize,
        out: &mut String,
    ) -> PyResult<()> {
        match value.builtin_base() {
            Value::None => out.push_str("null"),
            Value::Bool(true) => out.push_str("true"),
            Value::Bool(false) => out.push_str("false"),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::BigInt(big) => out.push_str(&int::bigint_to_string(big)?),
            Value::Float(f) => out.push_str(&self.float_text(*f)?),
            Value::Str(text) => write_string(text.as_str(), self.ensure_ascii, out),
            Value::List(_) | Value::Tuple(_) => {
                let items = vm.collect(value)?;
                self.nested(vm, value, out, |encoder, vm, out| {
                    encoder.write_list(vm, &items, level, out)
                })?
            }
            Value::Dict(dict) => {
                let entries = dict_entries(vm, dict);
                self.nested(vm, value, out, |encoder, vm, out| {
                    encoder.write_dict(vm, entries, level, out)
                })?
            }
            other => self.encode_other(vm, other, level, out)?,
        }
        Ok(())
    }

    /// A value JSON has no form for: encoded as what `default` turns it into.
    fn encode_other(
        &mut self,
        vm: &mut Vm,
        value: &Value,
        level: usize,
        out: &mut String,
    ) -> PyResult<()> {
        let Some(default) = self.default.clone() else {
            return type_error(format!(
                "Object of type {} is not JSON serializable",
                type_name(value)
            ));
        };
        self.nested(vm, value, out, |encoder, vm, out| {
            let replacement = vm.call(&default, vec![value.clone()])?;
            encoder.encode(vm, &replacement, level, out)
        })
    }

    /// Runs `body` with `value` marked as in progress (the circular check)
    /// and one more level of Rust recursion counted.
    fn nested(
        &mut self,
        vm: &mut Vm,
        value: &Value,
        out: &mut String,
        body: impl FnOnce(&mut Encoder, &mut Vm, &mut String) -> PyResult<()>,
    ) -> PyResult<()> {
        let identity = value.identity();
        if self.check_circular {
            if self.markers.contains(&identity) {
                return value_error("Circular reference detected");
            }
            self.markers.push(identity);
        }
        vm.enter_native()?;
        let result = body(self, vm, out);
        vm.leave_native();
        if self.check_circular {
            self.markers.pop();
        }
        result
    }

    /// `NaN`, `Infinity` and `-Infinity` are JavaScript's words, not JSON's:
    /// written unless `allow_nan=False`.
    fn float_text(&self, value: f64) -> PyResult<String> {
        let text = if value.is_nan() {
            "NaN"
        } else if value == f64::INFINITY {
            "Infinity"
        } else if value == f64::NEG_INFINITY {
            "-Infinity"
        } else {
            return Ok(float_repr(value));
        };
        if self.allow_nan {
            return Ok(text.to_string());
        }
        // CPython's C encoder (no indent) and its Python one word this differently.
        match self.indent {
            None => value_error("Out of range float values are not JSON compliant"),
            Some(_) => value_error(format!(
                "Out of range float values are not JSON compliant: {}",
                float_repr(value)
            )),
        }
    }

    /// The newline and indentation before an item at `level`, or nothing.
    fn newline(&self, level: usize, out: &mut String) {
        if let Some(step) = &self.indent {
            out.push('\n');
            for _ in 0..level {
                out.push_str(step);
            }
        }
    }

    fn write_list(
        &mut self,
        vm: &mut Vm,
        items: &[Value],
        level: usize,
        out: &mut String,
    ) -> PyResult<()> {
        if items.is_empty() {
            out.push_str("[]");
            return Ok(());
        }
        out.push('[');
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push_str(&self.item_separator);
            }
            self.newline(level + 1, out);
            self.encode(vm, item, level + 1, out)?;
        }
        self.newline(level, out);
        out.push(']');
        Ok(())
    }

    fn write_dict(
        &mut self,
        vm: &mut Vm,
        mut entries: Vec<(Value, Value)>,
        level: usize,
        out: &mut String,
    ) -> PyResult<()> {
        if entries.is_empty() {
            out.push_str("{}");
            return Ok(());
        }
        if self.sort_keys {
            entries = sorted_entries(vm, entries)?;
        }
        out.push('{');
        let mut first = true;
        for (key, value) in entries {
            let Some(key) = self.key_text(&key)? else {
                continue;
            };
            if !first {
                out.push_str(&self.item_separator);
            }
            first = false;
            self.newline(level + 1, out);
            write_string(&key, self.ensure_ascii, out);
            out.push_str(&self.key_separator);
            self.encode(vm, &value, level + 1, out)?;
        }
        self.newline(level, out);
        out.push('}');
        Ok(())
    }

    /// A dict key as JSON's string key; `None` to skip it (`skipkeys=True`).
    fn key_text(&self, key: &Value) -> PyResult<Option<String>> {
        Ok(Some(match key {
            Value::Str(text) => text.as_str().to_string(),
            Value::Float(f) => self.float_text(*f)?,
            Value::Bool(true) => "true".to_string(),
            Value::Bool(false) => "false".to_string(),
            Value::None => "null".to_string(),
            Value::Int(i) => i.to_string(),
            Value::BigInt(big) => int::bigint_to_string(big)?,
            _ if self.skip_keys => return Ok(None),
            other => {
                return type_error(format!(
                    "keys must be str, int, float, bool or None, not {}",
                    type_name(other)
                ))
            }
        }))
    }
}

/// A dict's entries, copied so no borrow of it is held while encoding.
fn dict_entries(vm: &Vm, dict: &PyDict) -> Vec<(Value, Value)> {
    dict.data.ro(&vm.token).pairs()
}

/// `sorted(d.items())`, by the builtin itself, so mixed key types fail with
/// its message (`'<' not supported between instances of 'int' and 'str'`).
fn sorted_entries(vm: &mut Vm, entries: Vec<(Value, Value)>) -> PyResult<Vec<(Value, Value)>> {
    let pairs = entries
        .into_iter()
        .map(|(key, value)| Value::tuple(vec![key, value]))
        .collect();
    let sorted = vm.interp.builtins.data.ro(&vm.token).get_str("sorted");
    let Some(sorted) = sorted else {
        return type_error("sorted() is missing from builtins");
    };
    let result = vm.call(&sorted, vec![Value::list(pairs)])?;
    let mut entries = Vec::new();
    for pair in vm.collect(&result)? {
        if let Value::Tuple(pair) = pair {
            if let [key, value] = pair.items() {
                entries.push((key.clone(), value.clone()));
            }
        }
    }
    Ok(entries)
}

/// A JSON string literal. Quotes, backslashes and control characters are
/// always escaped; with `ensure_ascii` so is everything outside printable
/// ASCII, as `\uXXXX` (lowercase hex, a surrogate pair above U+FFFF).
pub fn write_string(text: &str, ensure_ascii: bool, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c if ensure_ascii && !(' '..='~').contains(&c) => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
}
