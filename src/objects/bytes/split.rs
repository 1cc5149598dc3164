//! `bytes` methods that cut bytes in pieces from either end: `partition`,
//! `rpartition`, `rsplit`, `splitlines`, `removeprefix`, `removesuffix`.
//!
//! `split` itself is in `methods.rs`; `rsplit` differs from it only when
//! `maxsplit` stops the splitting, which then happens from the right.

use super::layout::c_int;
use super::methods::{bytes_like, find_subslice};
use super::{check_receiver, new_value, receiver};
use crate::objects::exception::value_error;
use crate::objects::function::Args;
use crate::objects::method_args::{integer, one_argument, with_keywords};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// The ASCII whitespace of `bytes.split()`: space, `\t\n\r\x0b\x0c`.
fn is_space(byte: &u8) -> bool {
    byte.is_ascii_whitespace() || *byte == 0x0b
}

/// `partition`/`rpartition`: the bytes before the separator, the separator
/// and the bytes after it, the first (or last) occurrence.
fn partition_at(args: Args, name: &str, from_right: bool) -> PyResult<Value> {
    let (data, separator) = one_argument(args, &format!("bytes.{name}"))?;
    let data = receiver(&data, name)?;
    let data = data.as_bytes();
    let wanted = bytes_like(&separator)?;
    if wanted.is_empty() {
        return value_error("empty separator");
    }
    let parts = match find_subslice(data, wanted, from_right) {
        Some(offset) => [
            new_value(data[..offset].to_vec()),
            separator.clone(),
            new_value(data[offset + wanted.len()..].to_vec()),
        ],
        None if from_right => [
            new_value(vec![]),
            new_value(vec![]),
            new_value(data.to_vec()),
        ],
        None => [
            new_value(data.to_vec()),
            new_value(vec![]),
            new_value(vec![]),
        ],
    };
    Ok(Value::tuple(parts.to_vec()))
}

/// `b.partition(sep)`.
pub fn partition(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "partition")?;
    partition_at(args, "partition", false)
}

/// `b.rpartition(sep)`.
pub fn rpartition(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "rpartition")?;
    partition_at(args, "rpartition", true)
}

/// `removeprefix`/`removesuffix`: the receiver without `affix` at that end.
fn remove_affix(args: Args, name: &str, at_start: bool) -> PyResult<Value> {
    let (data, affix) = one_argument(args, &format!("bytes.{name}"))?;
    let data = receiver(&data, name)?;
    let data = data.as_bytes();
    let affix = bytes_like(&affix)?;
    let rest = if at_start {
        data.strip_prefix(affix)
    } else {
        data.strip_suffix(affix)
    };
    Ok(new_value(rest.unwrap_or(data).to_vec()))
}

/// `b.removeprefix(prefix)`.
pub fn removeprefix(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "removeprefix")?;
    remove_affix(args, "removeprefix", true)
}

/// `b.removesuffix(suffix)`.
pub fn removesuffix(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "removesuffix")?;
    remove_affix(args, "removesuffix", false)
}

/// `b.rsplit(sep=None, maxsplit=-1)`: as `split`, but the `maxsplit`
/// splits are made from the right.
pub fn rsplit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "rsplit")?;
    let (data, slots) = with_keywords(args, "rsplit", &["sep", "maxsplit"])?;
    let data = receiver(&data, "rsplit")?;
    let limit = match &slots[1] {
        Some(value) => usize::try_from(integer(value)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let mut pieces = match &slots[0] {
        None | Some(Value::None) => rsplit_whitespace(data.as_bytes(), limit),
        Some(separator) => {
            let separator = bytes_like(separator)?;
            if separator.is_empty() {
                return value_error("empty separator");
            }
            rsplit_on(data.as_bytes(), separator, limit)
        }
    };
    pieces.reverse();
    Ok(Value::list(pieces.into_iter().map(new_value).collect()))
}

/// Splits at each `separator` from the right, at most `limit` times; the
/// pieces come last first.
fn rsplit_on(mut data: &[u8], separator: &[u8], limit: usize) -> Vec<Vec<u8>> {
    let mut pieces = Vec::new();
    while pieces.len() < limit {
        let Some(offset) = find_subslice(data, separator, true) else {
            break;
        };
        pieces.push(data[offset + separator.len()..].to_vec());
        data = &data[..offset];
    }
    pieces.push(data.to_vec());
    pieces
}

/// Splits on runs of ASCII whitespace from the right, at most `limit`
/// times; the last piece keeps its leading whitespace, as in CPython.
fn rsplit_whitespace(data: &[u8], limit: usize) -> Vec<Vec<u8>> {
    let mut pieces = Vec::new();
    let mut rest = trim_end(data);
    while !rest.is_empty() {
        if pieces.len() == limit {
            pieces.push(rest.to_vec());
            break;
        }
        let start = rest.iter().rposition(is_space).map_or(0, |i| i + 1);
        pieces.push(rest[start..].to_vec());
        rest = trim_end(&rest[..start]);
    }
    pieces
}

/// `data` without its trailing ASCII whitespace.
fn trim_end(data: &[u8]) -> &[u8] {
    let end = data.iter().rposition(|b| !is_space(b)).map_or(0, |i| i + 1);
    &data[..end]
}

/// `b.splitlines(keepends=False)`: split at `\n`, `\r` and `\r\n` only
/// (unlike `str.splitlines`, no other byte ends a line).
pub fn splitlines(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "splitlines")?;
    let (data, slots) = with_keywords(args, "splitlines", &["keepends"])?;
    let keep_ends = match &slots[0] {
        None => false,
        Some(value) => c_int(value)? != 0,
    };
    let data = receiver(&data, "splitlines")?;
    let mut lines = Vec::new();
    let mut rest = data.as_bytes();
    while !rest.is_empty() {
        let end = rest.iter().position(|b| matches!(b, b'\n' | b'\r'));
        let Some(end) = end else {
            lines.push(new_value(rest.to_vec()));
            break;
        };
        let ending = if rest[end..].starts_with(b"\r\n") {
            2
        } else {
            1
        };
        let kept = if keep_ends { end + ending } else { end };
        lines.push(new_value(rest[..kept].to_vec()));
        rest = &rest[end + ending..];
    }
    Ok(Value::list(lines))
}
