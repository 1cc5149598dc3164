//! `bytes.translate` and its table maker `bytes.maketrans`.
//!
//! A translation table for bytes is itself a bytes object of exactly 256
//! bytes: byte `b` becomes `table[b]`. `maketrans` is reached through the
//! class (`bytes.maketrans(b'a', b'b')`), so its first argument is the
//! class, not a bytes object.

use super::methods::bytes_like;
use super::{check_receiver, new_value, receiver};
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::{positional, with_keywords};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `b.translate(table, /, delete=b'')`: drops the bytes in `delete`, then
/// maps the others through `table` (`None` keeps them as they are).
pub fn translate(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "translate")?;
    // The table is positional-only, and CPython counts it apart.
    if args.positional.len() < 2 {
        let given = args.positional.len().saturating_sub(1);
        return type_error(format!(
            "translate() takes at least 1 positional argument ({given} given)"
        ));
    }
    // No keyword is named "", so only a positional argument fills the
    // table's slot: `table=` is an invalid keyword, as in CPython.
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
