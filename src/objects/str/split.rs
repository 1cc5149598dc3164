//! `str` methods that cut text apart or glue it together: `split`,
//! `rsplit`, `splitlines`, `join`, and the `strip` family.

use super::receiver;
use super::unicode::is_space;
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::method_args::{flag, integer, one_argument, positional, with_keywords};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// The parsed `(sep=None, maxsplit=-1)`: `None` separator means whitespace,
/// `None` limit means unlimited.
fn parse_split(args: Args, name: &str) -> PyResult<(Value, Option<String>, Option<usize>)> {
    let (text, slots) = with_keywords(args, name, &["sep", "maxsplit"])?;
    let separator = match &slots[0] {
        None | Some(Value::None) => None,
        Some(Value::Str(s)) if s.as_str().is_empty() => return value_error("empty separator"),
        Some(Value::Str(s)) => Some(s.as_str().to_string()),
        Some(other) => return type_error(format!("must be str or None, not {}", type_name(other))),
    };
    let limit = match &slots[1] {
        None => None,
        Some(value) => usize::try_from(integer(value)?).ok(),
    };
    Ok((text, separator, limit))
}

/// `s.split(sep=None, maxsplit=-1)`.
pub fn split(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, separator, limit) = parse_split(args, "split")?;
    let text = receiver(&text, "split")?;
    let text = text.as_str();
    let pieces: Vec<&str> = match (&separator, limit) {
        (None, _) => split_whitespace(text, limit.unwrap_or(usize::MAX)),
        (Some(sep), None) => text.split(sep.as_str()).collect(),
        (Some(sep), Some(limit)) => text.splitn(limit.saturating_add(1), sep.as_str()).collect(),
    };
    Ok(Value::list(pieces.into_iter().map(Value::str).collect()))
}

/// `s.rsplit(sep=None, maxsplit=-1)`: splits from the right.
pub fn rsplit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, separator, limit) = parse_split(args, "rsplit")?;
    let text = receiver(&text, "rsplit")?;
    let text = text.as_str();
    let mut pieces: Vec<&str> = match (&separator, limit) {
        (None, _) => rsplit_whitespace(text, limit.unwrap_or(usize::MAX)),
        (Some(sep), None) => text.rsplit(sep.as_str()).collect(),
        (Some(sep), Some(limit)) => text
            .rsplitn(limit.saturating_add(1), sep.as_str())
            .collect(),
    };
    pieces.reverse();
    Ok(Value::list(pieces.into_iter().map(Value::str).collect()))
}

/// Splits on runs of whitespace, dropping empty pieces; after `limit`
/// splits the rest (trailing whitespace included) is the last piece.
fn split_whitespace(text: &str, limit: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text.trim_start_matches(is_space);
    while !rest.is_empty() {
        if pieces.len() == limit {
            pieces.push(rest);
            break;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        pieces.push(&rest[..end]);
        rest = rest[end..].trim_start_matches(is_space);
    }
    pieces
}

/// The mirror of `split_whitespace`, pieces in right-to-left order.
fn rsplit_whitespace(text: &str, limit: usize) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = text.trim_end_matches(is_space);
    while !rest.is_empty() {
        if pieces.len() == limit {
            pieces.push(rest);
            break;
        }
        let start = rest
            .rfind(is_space)
            .map(|i| i + rest[i..].chars().next().map_or(1, char::len_utf8));
        let start = start.unwrap_or(0);
        pieces.push(&rest[start..]);
        rest = rest[..start].trim_end_matches(is_space);
    }
    pieces
}

/// The characters `splitlines` ends a line at (`\r\n` counts as one).
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\x0b'
            | '\x0c'
            | '\x1c'
            | '\x1d'
            | '\x1e'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// `s.splitlines(keepends=False)`.
pub fn splitlines(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, slots) = with_keywords(args, "splitlines", &["keepends"])?;
    let keep_ends = flag(slots[0].as_ref())?;
    let text = receiver(&text, "splitlines")?;
    let text = text.as_str();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut characters = text.char_indices().peekable();
    while let Some((offset, c)) = characters.next() {
        if !is_line_break(c) {
            continue;
        }
        let mut end = offset + c.len_utf8();
        if c == '\r' && characters.peek().map(|&(_, next)| next) == Some('\n') {
            characters.next();
            end += 1;
        }
        lines.push(Value::str(
            &text[start..if keep_ends { end } else { offset }],
        ));
        start = end;
    }
    if start < text.len() {
        lines.push(Value::str(&text[start..]));
    }
    Ok(Value::list(lines))
}

/// `sep.join(iterable)`: every item must be a str.
pub fn join(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (separator, iterable) = one_argument(args, "str.join")?;
    let separator = receiver(&separator, "join")?;
    let items = match iterable {
        Value::List(_) | Value::Tuple(_) => vm.collect(&iterable)?,
        _ => {
            let Ok(iterator) = vm.iter(&iterable) else {
                return type_error("can only join an iterable");
            };
            let mut items = Vec::new();
            while let Some(item) = vm.next(&iterator)? {
                items.push(item);
            }
            items
        }
    };
    let mut out = String::new();
    for (position, item) in items.iter().enumerate() {
        let Value::Str(text) = item.builtin_base() else {
            return type_error(format!(
                "sequence item {position}: expected str instance, {} found",
                type_name(item)
            ));
        };
        if position > 0 {
            out.push_str(separator.as_str());
        }
        out.push_str(text.as_str());
    }
    Ok(Value::str(out))
}

/// Which ends `strip` works on.
#[derive(Clone, Copy)]
enum Ends {
    Left,
    Right,
    Both,
}

/// `strip`, `lstrip`, `rstrip`: `chars` (default whitespace) off the ends.
fn strip_ends(args: Args, name: &str, ends: Ends) -> PyResult<Value> {
    let (text, arguments) = positional(args, &format!("str.{name}"), 0, 1)?;
    let text = receiver(&text, name)?;
    let characters: Option<Vec<char>> = match arguments.first() {
        None | Some(Value::None) => None,
        Some(Value::Str(s)) => Some(s.as_str().chars().collect()),
        Some(_) => return type_error(format!("{name} arg must be None or str")),
    };
    let strip_this = |c: char| match &characters {
        None => is_space(c),
        Some(set) => set.contains(&c),
    };
    let mut result = text.as_str();
    if matches!(ends, Ends::Left | Ends::Both) {
        result = result.trim_start_matches(strip_this);
    }
    if matches!(ends, Ends::Right | Ends::Both) {
        result = result.trim_end_matches(strip_this);
    }
    Ok(Value::str(result))
}

/// `s.strip([chars])`.
pub fn strip(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_ends(args, "strip", Ends::Both)
}

/// `s.lstrip([chars])`.
pub fn lstrip(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_ends(args, "lstrip", Ends::Left)
}

/// `s.rstrip([chars])`.
pub fn rstrip(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    strip_ends(args, "rstrip", Ends::Right)
}
