//! `str` methods about case and character classes: `upper`, `lower`,
//! `title`, `capitalize`, `swapcase`, `casefold`, and the `is...` tests.
//!
//! Rust's `to_uppercase`/`to_lowercase` apply Unicode's full mappings
//! (`'ß'.upper()` is `'SS'`, a final sigma lowers to `ς`), as Python's do.
//! Rust has no titlecase mapping, so `title` and `capitalize` use the
//! uppercase one, which differs only for a few digraphs such as `ǆ`.

use super::unicode::{is_alpha, is_cased, is_decimal, is_digit, is_numeric, is_space};
use super::{is_printable, receiver};
use crate::objects::function::Args;
use crate::objects::method_args::no_arguments;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// Applies `convert` to the text of a no-argument method's receiver.
fn convert(args: Args, name: &str, convert: fn(&str) -> String) -> PyResult<Value> {
    let text = no_arguments(args, &format!("str.{name}"))?;
    let text = receiver(&text, name)?;
    Ok(Value::str(convert(text.as_str())))
}

/// Applies a whole-string test to a no-argument method's receiver.
fn test(args: Args, name: &str, test: fn(&str) -> bool) -> PyResult<Value> {
    let text = no_arguments(args, &format!("str.{name}"))?;
    let text = receiver(&text, name)?;
    Ok(Value::Bool(test(text.as_str())))
}

/// True for a non-empty string whose every character passes `class`.
fn all_nonempty(text: &str, class: fn(char) -> bool) -> bool {
    !text.is_empty() && text.chars().all(class)
}

/// `s.upper()`.
pub fn upper(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    convert(args, "upper", str::to_uppercase)
}

/// `s.lower()`.
pub fn lower(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    convert(args, "lower", str::to_lowercase)
}

/// `s.casefold()`: lowercase, plus the folds that differ from it.
pub fn casefold(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    convert(args, "casefold", |text| {
        text.chars()
            .map(|c| match c {
                'ß' | 'ẞ' => "ss".to_string(),
                'ς' => "σ".to_string(),
                other => other.to_lowercase().collect(),
            })
            .collect()
    })
}

/// `s.swapcase()`.
pub fn swapcase(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    convert(args, "swapcase", |text| {
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            if c.is_uppercase() {
                out.extend(c.to_lowercase());
            } else if c.is_lowercase() {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
        }
        out
    })
}

/// `s.title()`: a cased character after an uncased one starts a word.
pub fn title(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    convert(args, "title", |text| {
        let mut out = String::with_capacity(text.len());
        let mut previous_is_cased = false;
        for c in text.chars() {
            if previous_is_cased {
                out.extend(c.to_lowercase());
            } else {
                out.extend(c.to_uppercase());
            }
            previous_is_cased = is_cased(c);
        }
        out
    })
}

/// `s.capitalize()`: the first character upper, the rest lower.
pub fn capitalize(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    convert(args, "capitalize", |text| {
        let mut characters = text.chars();
        let Some(first) = characters.next() else {
            return String::new();
        };
        first
            .to_uppercase()
            .chain(characters.as_str().to_lowercase().chars())
            .collect()
    })
}

/// `s.isdigit()`.
pub fn isdigit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isdigit", |text| all_nonempty(text, is_digit))
}

/// `s.isdecimal()`.
pub fn isdecimal(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isdecimal", |text| all_nonempty(text, is_decimal))
}

/// `s.isnumeric()`.
pub fn isnumeric(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isnumeric", |text| all_nonempty(text, is_numeric))
}

/// `s.isalpha()`.
pub fn isalpha(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isalpha", |text| all_nonempty(text, is_alpha))
}

/// `s.isalnum()`: every character is a letter or has a numeric value.
pub fn isalnum(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isalnum", |text| {
        all_nonempty(text, |c| is_alpha(c) || is_numeric(c))
    })
}

/// `s.isspace()`.
pub fn isspace(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isspace", |text| all_nonempty(text, is_space))
}

/// `s.isascii()`: true for the empty string too.
pub fn isascii(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isascii", |text| text.is_ascii())
}

/// `s.isprintable()`: true for the empty string too.
pub fn isprintable(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isprintable", |text| text.chars().all(is_printable))
}

/// `s.isupper()`: some cased character, and none lowercase.
pub fn isupper(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isupper", |text| {
        !text.chars().any(char::is_lowercase) && text.chars().any(char::is_uppercase)
    })
}

/// `s.islower()`: some cased character, and none uppercase.
pub fn islower(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "islower", |text| {
        !text.chars().any(char::is_uppercase) && text.chars().any(char::is_lowercase)
    })
}

/// `s.istitle()`: uppercase only at word starts, lowercase only inside
/// words, and at least one cased character.
pub fn istitle(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "istitle", |text| {
        let (mut previous_is_cased, mut cased) = (false, false);
        for c in text.chars() {
            if c.is_uppercase() {
                if previous_is_cased {
                    return false;
                }
                (previous_is_cased, cased) = (true, true);
            } else if c.is_lowercase() {
                if !previous_is_cased {
                    return false;
                }
                (previous_is_cased, cased) = (true, true);
            } else {
                previous_is_cased = false;
            }
        }
        cased
    })
}

/// `s.isidentifier()`: a letter or `_`, then letters, digits or `_`
/// (Unicode's XID classes, approximated by Rust's alphabetic/numeric).
pub fn isidentifier(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    test(args, "isidentifier", |text| {
        let mut characters = text.chars();
        match characters.next() {
            Some(first) if first == '_' || first.is_alphabetic() => {
                characters.all(|c| c == '_' || c.is_alphanumeric())
            }
            _ => false,
        }
    })
}
