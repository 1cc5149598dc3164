//! `bytes.translate`, the table maker `bytes.maketrans` and the
//! alternative constructor `bytes.fromhex`.
//!
//! A translation table for bytes is itself a bytes object of exactly 256
//! bytes: byte `b` becomes `table[b]`. `maketrans` and `fromhex` are
//! reached through the class (`bytes.fromhex('ff')`), so their first
//! argument is the class, not a bytes object.

use super::methods::bytes_like;
use super::{new_value, receiver};
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::{one_argument, positional, with_keywords};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `b.translate(table, /, delete=b'')`: drops the bytes in `delete`, then
/// maps the others through `table` (`None` keeps them as they are).
pub fn translate(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    // The table is positional-only, and CPython counts it apart.
    if args.positional.len() < 2 {
        let given = args.positional.len().saturating_sub(1);
        return type_error(format!(
            "translate() takes at least 1 positional argument ({given} given)"
        ));
    }
    let (data, slots) = with_keywords(args, "translate", &["", "delete"])?;
    let data = receiver(&data, "translate")?;
    let table = match &slots[0] {
        None | Some(Value::None) => None,
        Some(table) => Some(bytes_like(table)?),
    };
    if table.is_some_and(|table| table.len() != 256) {
        return value_error("translation table must be 256 characters long");
    }
    let delete = match &slots[1] {
        Some(delete) => bytes_like(delete)?,
        None => &[],
    };
    let out = data
        .as_bytes()
        .iter()
        .filter(|byte| !delete.contains(byte))
        .map(|&byte| table.map_or(byte, |table| table[byte as usize]))
        .collect();
    Ok(new_value(out))
}

/// `bytes.maketrans(from, to)`: the identity table with `from[i]` mapped
/// to `to[i]`.
pub fn maketrans(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_class, arguments) = positional(args, "bytes.maketrans", 2, 2)?;
    let from = bytes_like(&arguments[0])?;
    let to = bytes_like(&arguments[1])?;
    if from.len() != to.len() {
        return value_error("maketrans arguments must have same length");
    }
    let mut table: Vec<u8> = (0..=255).collect();
    for (&from, &to) in from.iter().zip(to) {
        table[from as usize] = to;
    }
    Ok(new_value(table))
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

fn hex_error<T>(position: usize) -> PyResult<T> {
    value_error(format!(
        "non-hexadecimal number found in fromhex() arg at position {position}"
    ))
}
