//! The methods of `bytes`: `decode`, searching, splitting,
//! stripping, `join`, `replace` and the ASCII case methods.
//!
//! They mirror the `str` methods of the same names, but work on bytes:
//! "whitespace" and "letters" are ASCII only, and indices are byte offsets.

use super::{check_receiver, codecs, new_value, receiver};
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::{
    adjust_indices, integer, no_arguments, one_argument, positional, positional_old_style,
    slice_bound, with_keywords, SLICE_INDEX_MESSAGE,
};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `b.decode(encoding='utf-8', errors='strict')`.
pub fn decode(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "decode")?;
    let (data, slots) = with_keywords(args, "decode", &["encoding", "errors"])?;
    let encoding = codecs::argument(slots[0].as_ref(), "decode", "encoding", "utf-8")?;
    let errors = codecs::argument(slots[1].as_ref(), "decode", "errors", "strict")?;
    let data = receiver(&data, "decode")?;
    Ok(Value::str(codecs::decode(
        data.as_bytes(),
        &encoding,
        &errors,
    )?))
}

/// A bytes argument: `a bytes-like object is required, not 'str'`.
pub(super) fn bytes_like(value: &Value) -> PyResult<&[u8]> {
    match value {
        Value::Bytes(b) => Ok(b.as_bytes()),
        other => type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(other)
        )),
    }
}

/// What `find` and `count` look for: a bytes object or one byte as an int.
fn needle(value: &Value) -> PyResult<Vec<u8>> {
    match value {
        Value::Bytes(b) => Ok(b.as_bytes().to_vec()),
        Value::Int(i) if (0..256).contains(i) => Ok(vec![*i as u8]),
        Value::Int(_) | Value::BigInt(_) => value_error("byte must be in range(0, 256)"),
        other => type_error(format!(
            "argument should be integer or bytes-like object, not '{}'",
            type_name(other)
        )),
    }
}

/// The offset of the first (or last) `needle` in `haystack`.
pub(super) fn find_subslice(haystack: &[u8], needle: &[u8], from_right: bool) -> Option<usize> {
    if needle.is_empty() {
        return Some(if from_right { haystack.len() } else { 0 });
    }
    let mut windows = haystack.windows(needle.len());
    if from_right {
        windows.rposition(|w| w == needle)
    } else {
        windows.position(|w| w == needle)
    }
}

/// The bytes `[start:end]` a search looks at and the offset they start
/// at; `None` when `start` lies past `end`.
type Window = Option<(Vec<u8>, usize)>;

/// `(sub[, start[, end]])` of the search methods: the receiver's window
/// and the needle.
fn parse_search(args: Args, name: &str) -> PyResult<(Window, Vec<u8>)> {
    let (data, arguments) = positional_old_style(args, &format!("bytes.{name}"), 1, 3)?;
    let data = receiver(&data, name)?;
    let wanted = needle(&arguments[0])?;
    let start = slice_bound(arguments.get(1), SLICE_INDEX_MESSAGE)?;
    let end = slice_bound(arguments.get(2), SLICE_INDEX_MESSAGE)?;
    let (start, end) = adjust_indices(start, end, data.as_bytes().len());
    let window = (start <= end).then(|| (data.as_bytes()[start..end].to_vec(), start));
    Ok((window, wanted))
}

/// The offset of `sub` in the window, or -1.
fn search(args: Args, name: &str, from_right: bool) -> PyResult<i64> {
    let (window, wanted) = parse_search(args, name)?;
    let Some((haystack, base)) = window else {
        return Ok(-1);
    };
    Ok(find_subslice(&haystack, &wanted, from_right).map_or(-1, |offset| (base + offset) as i64))
}

/// `b.find(sub[, start[, end]])`.
pub fn find(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "find")?;
    Ok(Value::Int(search(args, "find", false)?))
}

/// `b.rfind(sub[, start[, end]])`.
pub fn rfind(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "rfind")?;
    Ok(Value::Int(search(args, "rfind", true)?))
}

/// `b.index(sub[, start[, end]])`.
pub fn index(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "index")?;
    match search(args, "index", false)? {
        -1 => value_error("subsection not found"),
        found => Ok(Value::Int(found)),
    }
}

/// `b.rindex(sub[, start[, end]])`.
pub fn rindex(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "rindex")?;
    match search(args, "rindex", true)? {
        -1 => value_error("subsection not found"),
        found => Ok(Value::Int(found)),
    }
}

/// `b.count(sub[, start[, end]])`: non-overlapping occurrences.
pub fn count(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "count")?;
    let (window, wanted) = parse_search(args, "count")?;
    let Some((mut haystack, _)) = window else {
        return Ok(Value::Int(0));
    };
    if wanted.is_empty() {
        return Ok(Value::Int(haystack.len() as i64 + 1));
    }
    let mut count = 0;
    while let Some(offset) = find_subslice(&haystack, &wanted, false) {
        count += 1;
        haystack.drain(..offset + wanted.len());
    }
    Ok(Value::Int(count))
}

/// `startswith`/`endswith`, the affix a bytes object or a tuple of them.
fn affix_match(args: Args, name: &str, matches: fn(&[u8], &[u8]) -> bool) -> PyResult<Value> {
    let (data, arguments) = positional_old_style(args, &format!("bytes.{name}"), 1, 3)?;
    let data = receiver(&data, name)?;
    let candidates = match &arguments[0] {
        Value::Bytes(_) => vec![arguments[0].clone()],
        Value::Tuple(tuple) => tuple.items().to_vec(),
        other => {
            return type_error(format!(
                "{name} first arg must be bytes or a tuple of bytes, not {}",
                type_name(other)
            ))
        }
    };
    let start = slice_bound(arguments.get(1), SLICE_INDEX_MESSAGE)?;
    let end = slice_bound(arguments.get(2), SLICE_INDEX_MESSAGE)?;
    let (start, end) = adjust_indices(start, end, data.as_bytes().len());
    for candidate in &candidates {
        let affix = bytes_like(candidate)?;
        if start <= end && matches(&data.as_bytes()[start..end], affix) {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// `b.startswith(prefix[, start[, end]])`.
pub fn startswith(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "startswith")?;
    affix_match(args, "startswith", |data, prefix| data.starts_with(prefix))
}

/// `b.endswith(suffix[, start[, end]])`.
pub fn endswith(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "endswith")?;
    affix_match(args, "endswith", |data, suffix| data.ends_with(suffix))
}

/// `b.split(sep=None, maxsplit=-1)`.
pub fn split(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "split")?;
    let (data, slots) = with_keywords(args, "split", &["sep", "maxsplit"])?;
    let data = receiver(&data, "split")?;
    let limit = match &slots[1] {
        Some(value) => usize::try_from(integer(value)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let pieces = match &slots[0] {
        None | Some(Value::None) => split_whitespace(data.as_bytes(), limit),
        Some(separator) => {
            let separator = bytes_like(separator)?;
            if separator.is_empty() {
                return value_error("empty separator");
            }
            split_on(data.as_bytes(), separator, limit)
        }
    };
    Ok(Value::list(pieces.into_iter().map(new_value).collect()))
}

/// Splits at each `separator`, at most `limit` times.
fn split_on(mut data: &[u8], separator: &[u8], limit: usize) -> Vec<Vec<u8>> {
    let mut pieces = Vec::new();
    while pieces.len() < limit {
        let Some(offset) = find_subslice(data, separator, false) else {
            break;
        };
        pieces.push(data[..offset].to_vec());
        data = &data[offset + separator.len()..];
    }
    pieces.push(data.to_vec());
    pieces
}

/// Splits on runs of ASCII whitespace, as `str.split()` does on text.
fn split_whitespace(data: &[u8], limit: usize) -> Vec<Vec<u8>> {
    let is_space = |b: &u8| b.is_ascii_whitespace() || *b == 0x0b;
    let mut pieces = Vec::new();
    let mut rest = skip_while(data, is_space);
    while !rest.is_empty() {
        if pieces.len() == limit {
            pieces.push(rest.to_vec());
            break;
        }
        let end = rest.iter().position(is_space).unwrap_or(rest.len());
        pieces.push(rest[..end].to_vec());
        rest = skip_while(&rest[end..], is_space);
    }
    pieces
}

fn skip_while(data: &[u8], test: impl Fn(&u8) -> bool) -> &[u8] {
    let start = data.iter().position(|b| !test(b)).unwrap_or(data.len());
    &data[start..]
}

/// `strip`, `lstrip`, `rstrip` with optional bytes to remove.
fn strip_ends(args: Args, name: &str, left: bool, right: bool) -> PyResult<Value> {
    let (data, arguments) = positional(args, &format!("bytes.{name}"), 0, 1)?;
    let data = receiver(&data, name)?;
    let remove: Vec<u8> = match arguments.first() {
        None | Some(Value::None) => b" \t\n\r\x0b\x0c".to_vec(),
        Some(other) => bytes_like(other)?.to_vec(),
    };
    let mut slice = data.as_bytes();
    if left {
        slice = skip_while(slice, |b| remove.contains(b));
    }
    if right {
        let end = slice
            .iter()
            .rposition(|b| !remove.contains(b))
            .map_or(0, |i| i + 1);
        slice = &slice[..end];
    }
    Ok(new_value(slice.to_vec()))
}

/// `b.strip([bytes])`.
pub fn strip(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "strip")?;
    strip_ends(args, "strip", true, true)
}

/// `b.lstrip([bytes])`.
pub fn lstrip(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "lstrip")?;
    strip_ends(args, "lstrip", true, false)
}

/// `b.rstrip([bytes])`.
pub fn rstrip(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "rstrip")?;
    strip_ends(args, "rstrip", false, true)
}

/// `sep.join(iterable_of_bytes)`.
pub fn join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "join")?;
    let (separator, iterable) = one_argument(args, "bytes.join")?;
    let separator = receiver(&separator, "join")?;
    let Ok(iterator) = vm.iter(&iterable) else {
        return type_error("can only join an iterable");
    };
    let mut out = Vec::new();
    let mut position = 0;
    while let Some(item) = vm.next(&iterator)? {
        let Value::Bytes(piece) = &item else {
            return type_error(format!(
                "sequence item {position}: expected a bytes-like object, {} found",
                type_name(&item)
            ));
        };
        if position > 0 {
            out.extend_from_slice(separator.as_bytes());
        }
        out.extend_from_slice(piece.as_bytes());
        position += 1;
    }
    Ok(new_value(out))
}

/// `b.replace(old, new[, count])`.
pub fn replace(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "replace")?;
    let (data, arguments) = positional(args, "bytes.replace", 2, 3)?;
    let data = receiver(&data, "replace")?;
    let old = bytes_like(&arguments[0])?;
    let new = bytes_like(&arguments[1])?;
    let limit = match arguments.get(2) {
        Some(value) => usize::try_from(integer(value)?).unwrap_or(usize::MAX),
        None => usize::MAX,
    };
    let mut out = Vec::with_capacity(data.as_bytes().len());
    let mut rest = data.as_bytes();
    let mut done = 0;
    while done < limit {
        let Some(offset) = find_subslice(rest, old, false) else {
            break;
        };
        out.extend_from_slice(&rest[..offset]);
        out.extend_from_slice(new);
        done += 1;
        if old.is_empty() {
            // An empty pattern matches before every byte: step over one.
            let Some((&first, tail)) = rest.split_first() else {
                return Ok(new_value(out));
            };
            out.push(first);
            rest = tail;
        } else {
            rest = &rest[offset + old.len()..];
        }
    }
    out.extend_from_slice(rest);
    Ok(new_value(out))
}

/// Applies `convert` to a no-argument method's receiver.
pub(super) fn map_bytes(args: Args, name: &str, convert: fn(&[u8]) -> Vec<u8>) -> PyResult<Value> {
    let data = no_arguments(args, &format!("bytes.{name}"))?;
    let data = receiver(&data, name)?;
    Ok(new_value(convert(data.as_bytes())))
}

/// `b.upper()`: ASCII letters only.
pub fn upper(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "upper")?;
    map_bytes(args, "upper", <[u8]>::to_ascii_uppercase)
}

/// `b.lower()`: ASCII letters only.
pub fn lower(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "lower")?;
    map_bytes(args, "lower", <[u8]>::to_ascii_lowercase)
}

/// Tests that every byte of a non-empty receiver passes `class`.
pub(super) fn test_bytes(args: Args, name: &str, class: fn(&u8) -> bool) -> PyResult<Value> {
    let data = no_arguments(args, &format!("bytes.{name}"))?;
    let data = receiver(&data, name)?;
    Ok(Value::Bool(
        !data.as_bytes().is_empty() && data.as_bytes().iter().all(class),
    ))
}

/// `b.isdigit()`.
pub fn isdigit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "isdigit")?;
    test_bytes(args, "isdigit", u8::is_ascii_digit)
}

/// `b.isalpha()`.
pub fn isalpha(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "isalpha")?;
    test_bytes(args, "isalpha", u8::is_ascii_alphabetic)
}

/// `b.isspace()`.
pub fn isspace(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "isspace")?;
    test_bytes(args, "isspace", |b| b.is_ascii_whitespace() || *b == 0x0b)
}
