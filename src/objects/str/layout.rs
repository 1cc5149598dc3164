//! `str` methods that lay text out or turn it into bytes: `zfill`,
//! `ljust`, `rjust`, `center`, `expandtabs`, `encode`.
//!
//! Widths count code points, as `len()` does.

use super::receiver;
use crate::objects::bytes::codecs;
use crate::objects::bytes::PyBytes;
use crate::objects::exception::type_error;
use crate::objects::function::Args;
use crate::objects::method_args::{integer, one_argument, positional, with_keywords};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// `(width[, fillchar])` of `ljust`, `rjust` and `center`, and how many
/// fill characters the result needs (`None` when the text is wide enough).
fn parse_padding(args: Args, name: &str) -> PyResult<(Value, char, Option<usize>)> {
    let (text, arguments) = positional(args, &format!("str.{name}"), 1, 2)?;
    let width = integer(&arguments[0])?;
    let fill = match arguments.get(1) {
        None => ' ',
        Some(Value::Str(s)) if s.char_count() == 1 => s.char_at(0).unwrap_or(' '),
        Some(Value::Str(_)) => {
            return type_error("The fill character must be exactly one character long")
        }
        Some(other) => {
            return type_error(format!(
                "The fill character must be a unicode character, not {}",
                type_name(other)
            ))
        }
    };
    let length = receiver(&text, name)?.char_count() as i64;
    let missing = (width > length).then(|| (width - length) as usize);
    Ok((text, fill, missing))
}

/// Builds `left` fills, the text, then `right` fills.
fn pad(text: &Value, fill: char, left: usize, right: usize) -> Value {
    let body = text.as_str().unwrap_or_default();
    let mut out = String::with_capacity(body.len() + left + right);
    out.extend(std::iter::repeat_n(fill, left));
    out.push_str(body);
    out.extend(std::iter::repeat_n(fill, right));
    Value::str(out)
}

/// `s.ljust(width[, fillchar])`.
pub fn ljust(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match parse_padding(args, "ljust")? {
        (text, fill, Some(missing)) => Ok(pad(&text, fill, 0, missing)),
        (text, _, None) => Ok(text),
    }
}

/// `s.rjust(width[, fillchar])`.
pub fn rjust(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    match parse_padding(args, "rjust")? {
        (text, fill, Some(missing)) => Ok(pad(&text, fill, missing, 0)),
        (text, _, None) => Ok(text),
    }
}

/// `s.center(width[, fillchar])`: CPython puts the odd fill character on
/// the left when the width is odd, on the right otherwise.
pub fn center(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, fill, missing) = parse_padding(args, "center")?;
    let Some(missing) = missing else {
        return Ok(text);
    };
    let width = missing + text.as_str().map_or(0, |t| t.chars().count());
    let left = missing / 2 + (missing & width & 1);
    Ok(pad(&text, fill, left, missing - left))
}

/// `s.zfill(width)`: zeros on the left, after any sign.
pub fn zfill(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, width) = one_argument(args, "str.zfill")?;
    let width = integer(&width)?;
    let text = receiver(&text, "zfill")?;
    let length = text.char_count() as i64;
    if width <= length {
        return Ok(Value::Str(text));
    }
    let body = text.as_str();
    let (sign, digits) = match body.chars().next() {
        Some(c @ ('+' | '-')) => (Some(c), &body[1..]),
        _ => (None, body),
    };
    let mut out: String = sign.into_iter().collect();
    out.extend(std::iter::repeat_n('0', (width - length) as usize));
    out.push_str(digits);
    Ok(Value::str(out))
}

/// `s.expandtabs(tabsize=8)`: each tab becomes spaces up to the next
/// multiple of `tabsize`; newlines restart the column count.
pub fn expandtabs(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, slots) = with_keywords(args, "expandtabs", &["tabsize"])?;
    let tab_size = match &slots[0] {
        Some(value) => integer(value)?,
        None => 8,
    };
    let text = receiver(&text, "expandtabs")?;
    let mut out = String::with_capacity(text.as_str().len());
    let mut column: i64 = 0;
    for c in text.as_str().chars() {
        match c {
            '\t' if tab_size > 0 => {
                let spaces = tab_size - column % tab_size;
                out.extend(std::iter::repeat_n(' ', spaces as usize));
                column += spaces;
            }
            '\t' => {}
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            _ => {
                out.push(c);
                column += 1;
            }
        }
    }
    Ok(Value::str(out))
}

/// `s.encode(encoding='utf-8', errors='strict')`.
pub fn encode(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (text, slots) = with_keywords(args, "encode", &["encoding", "errors"])?;
    let encoding = codecs::argument(slots[0].as_ref(), "encode", "encoding", "utf-8")?;
    let errors = codecs::argument(slots[1].as_ref(), "encode", "errors", "strict")?;
    let text = receiver(&text, "encode")?;
    let data = codecs::encode(text.as_str(), &encoding, &errors)?;
    Ok(Value::Bytes(Arc::new(PyBytes::new(data))))
}
