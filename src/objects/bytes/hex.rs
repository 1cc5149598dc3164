//! Bytes as hex text and back: `b.hex(sep, bytes_per_sep)` and the class
//! method `bytes.fromhex(string)`.
//!
//! `fromhex` is reached through the class (`bytes.fromhex('ff')`), so its
//! first argument is the class, not a bytes object.

use super::layout::c_int;
use super::{check_receiver, new_value, receiver};
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::{one_argument, with_keywords};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `b.hex(sep=<none>, bytes_per_sep=1)`: two hex digits a byte, with `sep`
/// between groups counted from the right (from the left when negative).
pub fn hex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "hex")?;
    let (data, slots) = with_keywords(args, "hex", &["sep", "bytes_per_sep"])?;
    let data = receiver(&data, "hex")?;
    // CPython converts bytes_per_sep before it looks at sep.
    let group = match &slots[1] {
        Some(value) => c_int(value)?,
        None => 1,
    };
    let digits: Vec<String> = data.as_bytes().iter().map(|b| format!("{b:02x}")).collect();
    let separator = match &slots[0] {
        None => return Ok(Value::str(digits.concat())),
        Some(separator) => separator_char(vm, separator)?,
    };
    let size = group.unsigned_abs().max(1) as usize;
    let groups: Vec<String> = if group == 0 {
        vec![digits.concat()]
    } else if group < 0 {
        digits.chunks(size).map(|chunk| chunk.concat()).collect()
    } else {
        let mut groups: Vec<String> = digits.rchunks(size).map(|chunk| chunk.concat()).collect();
        groups.reverse();
        groups
    };
    Ok(Value::str(groups.join(separator.to_string().as_str())))
}

/// The `sep` of `hex`: one ASCII character given as str or bytes, checked
/// in CPython's order (its length first, so `None` has no len()).
fn separator_char(vm: &mut Vm, separator: &Value) -> PyResult<char> {
    if vm.len(separator)? != 1 {
        return value_error("sep must be length 1.");
    }
    let found = match separator.builtin_base() {
        Value::Str(text) => text.char_at(0),
        Value::Bytes(data) => data.as_bytes().first().map(|&b| b as char),
        _ => return type_error("sep must be str or bytes."),
    };
    match found {
        Some(c) if c.is_ascii() => Ok(c),
        _ => value_error("sep must be ASCII."),
    }
}

/// `bytes.fromhex(string)`: two hex digits a byte, ASCII whitespace
/// allowed between the pairs. A subclass gets an instance of itself, made
/// by calling it on the bytes, as CPython does.
pub fn fromhex(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (class, string) = one_argument(args, "bytes.fromhex")?;
    let Value::Str(text) = string.builtin_base() else {
        return type_error(format!(
            "fromhex() argument must be str, not {}",
            type_name(&string)
        ));
    };
    let data = new_value(parse_hex(text.as_str())?);
    match &class {
        Value::Type(_) => vm.call(&class, vec![data]),
        _ => Ok(data),
    }
}

/// The bytes spelt by `text`, or the ValueError naming the position (in
/// characters) of the first character that is not where it should be.
fn parse_hex(text: &str) -> PyResult<Vec<u8>> {
    // CPython rejects any non-ASCII text at its first non-ASCII character.
    if let Some(position) = text.chars().position(|c| !c.is_ascii()) {
        return hex_error(position);
    }
    let digits = text.as_bytes();
    let mut out = Vec::with_capacity(digits.len() / 2);
    let mut position = 0;
    while position < digits.len() {
        if digits[position].is_ascii_whitespace() || digits[position] == 0x0b {
            position += 1;
            continue;
        }
        let high = hex_digit(digits, position)?;
        let low = hex_digit(digits, position + 1)?;
        out.push(high << 4 | low);
        position += 2;
    }
    Ok(out)
}

/// The value of the hex digit at `position` (past the end counts as not
/// a digit).
fn hex_digit(digits: &[u8], position: usize) -> PyResult<u8> {
    match digits.get(position).and_then(|&d| (d as char).to_digit(16)) {
        Some(value) => Ok(value as u8),
        None => hex_error(position),
    }
}

/// fromhex's ValueError for the character at `position`.
fn hex_error<T>(position: usize) -> PyResult<T> {
    value_error(format!(
        "non-hexadecimal number found in fromhex() arg at position {position}"
    ))
}
