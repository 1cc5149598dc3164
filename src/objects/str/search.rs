//! `str` methods that look for a substring: `find`, `index`, `count`,
//! `startswith`, `replace`, `partition`, `removeprefix` and their mirrors.
//!
//! Python indexes by code point, Rust by byte: a search runs on the UTF-8
//! window `s[start:end]` and converts the byte offset it finds back.

use super::{receiver, PyStr};
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::{
    adjust_indices, integer, one_argument, positional, positional_old_style, slice_bound,
    SLICE_INDEX_MESSAGE,
};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// The parsed `(sub[, start[, end]])` of the search methods.
struct Search {
    text: Arc<PyStr>,
    needle: Value,
    start: Option<i64>,
    end: Option<i64>,
}

/// Parses `sub[, start[, end]]` for the method `name`.
fn parse_search(args: Args, name: &str) -> PyResult<Search> {
    let qualified = format!("str.{name}");
    let (text, arguments) = positional_old_style(args, &qualified, 1, 3)?;
    let text = receiver(&text, name)?;
    let start = slice_bound(arguments.get(1), SLICE_INDEX_MESSAGE)?;
    let end = slice_bound(arguments.get(2), SLICE_INDEX_MESSAGE)?;
    let needle = arguments.into_iter().next().unwrap_or(Value::None);
    Ok(Search {
        text,
        needle,
        start,
        end,
    })
}

/// The text of `text[start:end]` and the code-point index it starts at;
/// `None` when `start` lies past `end` (nothing can match there).
fn window(text: &PyStr, start: Option<i64>, end: Option<i64>) -> Option<(&str, usize)> {
    let (start, end) = adjust_indices(start, end, text.char_count());
    if start > end {
        return None;
    }
    Some((text.substring(start, end), start))
}

/// The substring argument of `find` and friends.
fn needle_text(needle: &Value) -> PyResult<&str> {
    match needle {
        Value::Str(s) => Ok(s.as_str()),
        other => type_error(format!("must be str, not {}", type_name(other))),
    }
}

/// The code-point index of the first (or last) occurrence, or -1.
fn search(args: Args, name: &str, from_right: bool) -> PyResult<i64> {
    let search = parse_search(args, name)?;
    let needle = needle_text(&search.needle)?;
    let Some((haystack, base)) = window(&search.text, search.start, search.end) else {
        return Ok(-1);
    };
    let found = if from_right {
        haystack.rfind(needle)
    } else {
        haystack.find(needle)
    };
    Ok(match found {
        Some(offset) => (base + haystack[..offset].chars().count()) as i64,
        None => -1,
    })
}

/// `s.find(sub[, start[, end]])`: the lowest index of `sub`, or -1.
pub fn find(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(search(args, "find", false)?))
}

/// `s.rfind(sub[, start[, end]])`: the highest index of `sub`, or -1.
pub fn rfind(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    Ok(Value::Int(search(args, "rfind", true)?))
}

/// `s.index(sub[, start[, end]])`: like `find`, but ValueError when absent.
pub fn index(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match search(args, "index", false)? {
        -1 => value_error("substring not found"),
        found => Ok(Value::Int(found)),
    }
}

/// `s.rindex(sub[, start[, end]])`.
pub fn rindex(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match search(args, "rindex", true)? {
        -1 => value_error("substring not found"),
        found => Ok(Value::Int(found)),
    }
}

/// `s.count(sub[, start[, end]])`: non-overlapping occurrences; the empty
/// string occurs between every two characters and at both ends.
pub fn count(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let search = parse_search(args, "count")?;
    let needle = needle_text(&search.needle)?;
    let Some((haystack, _)) = window(&search.text, search.start, search.end) else {
        return Ok(Value::Int(0));
    };
    let count = if needle.is_empty() {
        haystack.chars().count() + 1
    } else {
        haystack.matches(needle).count()
    };
    Ok(Value::Int(count as i64))
}

/// `s.startswith(prefix[, start[, end]])`.
pub fn startswith(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    affix_match(args, "startswith", |haystack, prefix| {
        haystack.starts_with(prefix)
    })
}

/// `s.endswith(suffix[, start[, end]])`.
pub fn endswith(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    affix_match(args, "endswith", |haystack, suffix| {
        haystack.ends_with(suffix)
    })
}

/// `startswith`/`endswith`: the affix may be a tuple of alternatives.
fn affix_match(args: Args, name: &str, matches: fn(&str, &str) -> bool) -> PyResult<Value> {
    let search = parse_search(args, name)?;
    let candidates: Vec<Value> = match &search.needle {
        Value::Str(_) => vec![search.needle.clone()],
        Value::Tuple(tuple) => tuple.items().to_vec(),
        other => {
            return type_error(format!(
                "{name} first arg must be str or a tuple of str, not {}",
                type_name(other)
            ))
        }
    };
    let window = window(&search.text, search.start, search.end);
    for candidate in &candidates {
        let Value::Str(affix) = candidate else {
            return type_error(format!(
                "tuple for {name} must only contain str, not {}",
                type_name(candidate)
            ));
        };
        if let Some((haystack, _)) = window {
            if matches(haystack, affix.as_str()) {
                return Ok(Value::Bool(true));
            }
        }
    }
    Ok(Value::Bool(false))
}

/// Argument `position` of `replace`, which must be a str.
fn replace_argument(value: &Value, position: usize) -> PyResult<&str> {
    match value {
        Value::Str(s) => Ok(s.as_str()),
        other => type_error(format!(
            "replace() argument {position} must be str, not {}",
            type_name(other)
        )),
    }
}

/// `s.replace(old, new[, count])`: a negative count replaces every one.
pub fn replace(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, arguments) = positional(args, "str.replace", 2, 3)?;
    let text = receiver(&text, "replace")?;
    let old = replace_argument(&arguments[0], 1)?;
    let new = replace_argument(&arguments[1], 2)?;
    let count = match arguments.get(2) {
        Some(value) => integer(value)?,
        None => -1,
    };
    let result = if count < 0 {
        text.as_str().replace(old, new)
    } else {
        text.as_str().replacen(old, new, count as usize)
    };
    Ok(Value::str(result))
}

/// The separator argument of `partition`/`rpartition`.
fn separator(value: &Value) -> PyResult<&str> {
    match value {
        Value::Str(s) if s.as_str().is_empty() => value_error("empty separator"),
        Value::Str(s) => Ok(s.as_str()),
        other => type_error(format!("must be str, not {}", type_name(other))),
    }
}

/// `s.partition(sep)`: `(head, sep, tail)` around the first `sep`.
pub fn partition(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, sep) = one_argument(args, "str.partition")?;
    let text = receiver(&text, "partition")?;
    let sep_text = separator(&sep)?;
    Ok(match text.as_str().split_once(sep_text) {
        Some((head, tail)) => Value::tuple(vec![Value::str(head), sep.clone(), Value::str(tail)]),
        None => Value::tuple(vec![
            Value::Str(text.clone()),
            Value::str(""),
            Value::str(""),
        ]),
    })
}

/// `s.rpartition(sep)`: around the last `sep`.
pub fn rpartition(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, sep) = one_argument(args, "str.rpartition")?;
    let text = receiver(&text, "rpartition")?;
    let sep_text = separator(&sep)?;
    Ok(match text.as_str().rsplit_once(sep_text) {
        Some((head, tail)) => Value::tuple(vec![Value::str(head), sep.clone(), Value::str(tail)]),
        None => Value::tuple(vec![
            Value::str(""),
            Value::str(""),
            Value::Str(text.clone()),
        ]),
    })
}

/// The argument of `removeprefix`/`removesuffix`.
fn affix_argument<'a>(value: &'a Value, name: &str) -> PyResult<&'a str> {
    match value {
        Value::Str(s) => Ok(s.as_str()),
        other => type_error(format!(
            "{name}() argument must be str, not {}",
            type_name(other)
        )),
    }
}

/// `s.removeprefix(prefix)`.
pub fn removeprefix(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, prefix) = one_argument(args, "str.removeprefix")?;
    let text = receiver(&text, "removeprefix")?;
    let prefix = affix_argument(&prefix, "removeprefix")?;
    match text.as_str().strip_prefix(prefix) {
        Some(rest) if !prefix.is_empty() => Ok(Value::str(rest)),
        _ => Ok(Value::Str(text)),
    }
}

/// `s.removesuffix(suffix)`.
pub fn removesuffix(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, suffix) = one_argument(args, "str.removesuffix")?;
    let text = receiver(&text, "removesuffix")?;
    let suffix = affix_argument(&suffix, "removesuffix")?;
    match text.as_str().strip_suffix(suffix) {
        Some(rest) if !suffix.is_empty() => Ok(Value::str(rest)),
        _ => Ok(Value::Str(text)),
    }
}
