//! `str.maketrans` and `str.translate`: mapping code points to others.
//!
//! `maketrans` builds the dict `translate` reads (code point to code
//! point, string or `None`). `translate` looks each character up with
//! `table[ord(c)]`, as CPython does, so any mapping works; a character the
//! table lacks (a `LookupError`) is kept.

use super::receiver;
use crate::objects::dict::PyDict;
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::positional;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// `str.maketrans(x[, y[, z]])`, a static method: called through the
/// class, its first argument is the class, which it ignores.
pub fn maketrans(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_class, arguments) = positional(args, "maketrans", 1, 3)?;
    let table = PyDict::new();
    if arguments.len() == 1 {
        let Value::Dict(mapping) = arguments[0].builtin_base() else {
            return type_error("if you give only one argument to maketrans it must be a dict");
        };
        let entries: Vec<(Value, Value)> = mapping.data.ro(&vm.token).pairs();
        for (key, value) in entries {
            let key = match key.builtin_base() {
                Value::Str(text) if text.char_count() == 1 => code_point(text.as_str()),
                Value::Str(_) => {
                    return value_error("string keys in translate table must be of length 1")
                }
                Value::Int(_) | Value::BigInt(_) | Value::Bool(_) => key.clone(),
                _ => return type_error("keys in translate table must be strings or integers"),
            };
            vm.dict_insert(&table, key, value)?;
        }
        return Ok(Value::Dict(Arc::new(table)));
    }
    let from = string_argument(&arguments[0], 1)?;
    let to = string_argument(&arguments[1], 2)?;
    if from.chars().count() != to.chars().count() {
        return value_error("the first two maketrans arguments must have equal length");
    }
    for (source, target) in from.chars().zip(to.chars()) {
        vm.dict_insert(&table, int_of(source), int_of(target))?;
    }
    if let Some(deleted) = arguments.get(2) {
        for source in string_argument(deleted, 3)?.chars() {
            vm.dict_insert(&table, int_of(source), Value::None)?;
        }
    }
    Ok(Value::Dict(Arc::new(table)))
}

/// An argument of `maketrans` that must be a str.
fn string_argument(value: &Value, position: usize) -> PyResult<String> {
    match value.builtin_base() {
        Value::Str(text) => Ok(text.as_str().to_string()),
        other => type_error(format!(
            "maketrans() argument {position} must be str, not {}",
            type_name(other)
        )),
    }
}

/// `ord(c)` of a character.
fn int_of(c: char) -> Value {
    Value::Int(c as i64)
}

/// `ord(text)` of a one-character string.
fn code_point(text: &str) -> Value {
    int_of(text.chars().next().unwrap_or('\0'))
}

/// `s.translate(table)`.
pub fn translate(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, arguments) = positional(args, "str.translate", 1, 1)?;
    let text = receiver(&text, "translate")?;
    let table = &arguments[0];
    let mut result = String::with_capacity(text.as_str().len());
    for c in text.as_str().chars() {
        let replacement = match vm.get_item(table, &int_of(c)) {
            Ok(replacement) => replacement,
            Err(error) if error.is(ExceptionKind::LookupError) => {
                result.push(c);
                continue;
            }
            Err(error) => return Err(error),
        };
        push_replacement(&mut result, &replacement)?;
    }
    Ok(Value::str(result))
}

/// Appends what the table maps a character to: a code point, a string,
/// or nothing for `None`.
fn push_replacement(result: &mut String, replacement: &Value) -> PyResult<()> {
    match replacement.builtin_base() {
        Value::None => {}
        Value::Str(text) => result.push_str(text.as_str()),
        Value::Int(n) => match u32::try_from(*n).ok().and_then(char::from_u32) {
            Some(c) => result.push(c),
            None => return value_error("character mapping must be in range(0x110000)"),
        },
        Value::Bool(b) => result.push(char::from(*b as u8)),
        _ => return type_error("character mapping must return integer, None or str"),
    }
    Ok(())
}
