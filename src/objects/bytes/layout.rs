//! `bytes` methods that lay bytes out: `ljust`, `rjust`, `center`,
//! `zfill` and `expandtabs`.
//!
//! They follow the `str` versions in `str/layout.rs`, but widths count
//! bytes and the fill is one byte given as a bytes object of length 1.

use super::{check_receiver, new_value, receiver};
use crate::objects::exception::{raise, type_error};
use crate::objects::function::Args;
use crate::objects::method_args::{integer, one_argument, positional, with_keywords};
use crate::objects::type_object::type_name;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `(width[, fillbyte])` of `ljust`, `rjust` and `center`: the receiver's
/// bytes, the fill byte and how many fill bytes the result needs (0 when
/// the receiver is wide enough already).
fn parse_padding(args: Args, name: &str) -> PyResult<(Vec<u8>, u8, usize)> {
    let (data, arguments) = positional(args, &format!("bytes.{name}"), 1, 2)?;
    let width = integer(&arguments[0])?;
    let fill = match arguments.get(1) {
        None => b' ',
        Some(Value::Bytes(b)) if b.as_bytes().len() == 1 => b.as_bytes()[0],
        Some(other) => {
            return type_error(format!(
                "{name}() argument 2 must be a byte string of length 1, not {}",
                type_name(other)
            ))
        }
    };
    let data = receiver(&data, name)?.as_bytes().to_vec();
    let missing = usize::try_from(width)
        .unwrap_or(0)
        .saturating_sub(data.len());
    Ok((data, fill, missing))
}

/// An argument CPython reads as a C `int` (`expandtabs(tabsize)`,
/// `splitlines(keepends)`): beyond 32 bits is OverflowError.
pub(super) fn c_int(value: &Value) -> PyResult<i32> {
    let number = match value.builtin_base() {
        Value::BigInt(_) => None,
        _ => i32::try_from(integer(value)?).ok(),
    };
    match number {
        Some(number) => Ok(number),
        None => raise(
            ExceptionKind::OverflowError,
            "Python int too large to convert to C int",
        ),
    }
}

/// An empty buffer for `size` bytes; a size the machine cannot hold is
/// MemoryError, as in CPython, rather than an abort.
fn buffer(size: usize) -> PyResult<Vec<u8>> {
    let mut out = Vec::new();
    match out.try_reserve_exact(size) {
        Ok(()) => Ok(out),
        Err(_) => raise(ExceptionKind::MemoryError, ""),
    }
}

/// `left` fill bytes, `data`, then `right` fill bytes.
fn pad(data: &[u8], fill: u8, left: usize, right: usize) -> PyResult<Value> {
    let mut out = buffer(data.len() + left + right)?;
    out.extend(std::iter::repeat_n(fill, left));
    out.extend_from_slice(data);
    out.extend(std::iter::repeat_n(fill, right));
    Ok(new_value(out))
}

/// `b.ljust(width[, fillbyte])`.
pub fn ljust(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "ljust")?;
    let (data, fill, missing) = parse_padding(args, "ljust")?;
    pad(&data, fill, 0, missing)
}

/// `b.rjust(width[, fillbyte])`.
pub fn rjust(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "rjust")?;
    let (data, fill, missing) = parse_padding(args, "rjust")?;
    pad(&data, fill, missing, 0)
}

/// `b.center(width[, fillbyte])`: as `str.center`, the odd fill byte goes
/// on the left when the width is odd, on the right otherwise.
pub fn center(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "center")?;
    let (data, fill, missing) = parse_padding(args, "center")?;
    let width = missing + data.len();
    let left = missing / 2 + (missing & width & 1);
    pad(&data, fill, left, missing - left)
}

/// `b.zfill(width)`: ASCII zeros on the left, after any sign byte.
pub fn zfill(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "zfill")?;
    let (data, width) = one_argument(args, "bytes.zfill")?;
    let width = integer(&width)?;
    let data = receiver(&data, "zfill")?;
    let data = data.as_bytes();
    let missing = usize::try_from(width)
        .unwrap_or(0)
        .saturating_sub(data.len());
    let (sign, digits) = match data.split_first() {
        Some((&sign @ (b'+' | b'-'), rest)) => (Some(sign), rest),
        _ => (None, data),
    };
    let mut out = buffer(data.len() + missing)?;
    out.extend(sign);
    out.extend(std::iter::repeat_n(b'0', missing));
    out.extend_from_slice(digits);
    Ok(new_value(out))
}

/// `b.expandtabs(tabsize=8)`: each tab byte becomes spaces up to the next
/// multiple of `tabsize` (or vanishes when `tabsize <= 0`); `\n` and `\r`
/// restart the column count.
pub fn expandtabs(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "expandtabs")?;
    let (data, slots) = with_keywords(args, "expandtabs", &["tabsize"])?;
    let tab_size = match &slots[0] {
        Some(value) => i64::from(c_int(value)?),
        None => 8,
    };
    let data = receiver(&data, "expandtabs")?;
    let mut out = Vec::with_capacity(data.as_bytes().len());
    let mut column: i64 = 0;
    for &byte in data.as_bytes() {
        match byte {
            b'\t' if tab_size > 0 => {
                let spaces = tab_size - column % tab_size;
                out.try_reserve(spaces as usize)
                    .or_else(|_| raise(ExceptionKind::MemoryError, ""))?;
                out.extend(std::iter::repeat_n(b' ', spaces as usize));
                column += spaces;
            }
            b'\t' => {}
            b'\n' | b'\r' => {
                out.push(byte);
                column = 0;
            }
            _ => {
                out.push(byte);
                column += 1;
            }
        }
    }
    Ok(new_value(out))
}
