//! The ASCII case methods of `bytes`: `capitalize`, `swapcase`, `title`
//! and the predicates `isalnum`, `isascii`, `islower`, `isupper`,
//! `istitle`.
//!
//! Only the ASCII letters have a case in bytes: every other byte
//! (digits, punctuation, `\x80`-`\xff`) is left alone and counts as
//! "uncased", as CPython's `Python/bytes_methods.c` does.

use super::methods::{map_bytes, test_bytes};
use super::{check_receiver, receiver};
use crate::objects::function::Args;
use crate::objects::method_args::no_arguments;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `b.capitalize()`: the first byte upper case, the rest lower case.
pub fn capitalize(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "capitalize")?;
    map_bytes(args, "capitalize", |data| {
        let mut out = data.to_ascii_lowercase();
        if let Some(first) = out.first_mut() {
            first.make_ascii_uppercase();
        }
        out
    })
}

/// `b.swapcase()`: upper case letters lower, lower case letters upper.
pub fn swapcase(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "swapcase")?;
    map_bytes(args, "swapcase", |data| {
        data.iter()
            .map(|&byte| match byte {
                b'a'..=b'z' => byte.to_ascii_uppercase(),
                b'A'..=b'Z' => byte.to_ascii_lowercase(),
                _ => byte,
            })
            .collect()
    })
}

/// `b.title()`: a letter after a non-letter goes upper case, a letter
/// after a letter lower case.
pub fn title(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "title")?;
    map_bytes(args, "title", |data| {
        let mut previous_is_cased = false;
        data.iter()
            .map(|&byte| {
                let out = if previous_is_cased {
                    byte.to_ascii_lowercase()
                } else {
                    byte.to_ascii_uppercase()
                };
                previous_is_cased = byte.is_ascii_alphabetic();
                out
            })
            .collect()
    })
}

/// `b.isalnum()`: non-empty and all ASCII letters or digits.
pub fn isalnum(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "isalnum")?;
    test_bytes(args, "isalnum", u8::is_ascii_alphanumeric)
}

/// `b.isascii()`: every byte below 0x80 (true for `b''`).
pub fn isascii(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "isascii")?;
    test_whole(args, "isascii", <[u8]>::is_ascii)
}

/// `b.islower()`: some lower case letter and no upper case one.
pub fn islower(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "islower")?;
    test_whole(args, "islower", |data| {
        data.iter().any(u8::is_ascii_lowercase) && !data.iter().any(u8::is_ascii_uppercase)
    })
}

/// `b.isupper()`: some upper case letter and no lower case one.
pub fn isupper(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "isupper")?;
    test_whole(args, "isupper", |data| {
        data.iter().any(u8::is_ascii_uppercase) && !data.iter().any(u8::is_ascii_lowercase)
    })
}

/// `b.istitle()`: some letter, every upper case letter starts a word and
/// every lower case letter continues one (`b'Ab Cd'`, not `b'AB'`).
pub fn istitle(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    check_receiver(&args, "istitle")?;
    test_whole(args, "istitle", |data| {
        let mut cased = false;
        let mut previous_is_cased = false;
        for byte in data {
            if byte.is_ascii_uppercase() {
                if previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else if byte.is_ascii_lowercase() {
                if !previous_is_cased {
                    return false;
                }
                previous_is_cased = true;
                cased = true;
            } else {
                previous_is_cased = false;
            }
        }
        cased
    })
}

/// Applies `test` to the whole of a no-argument method's receiver.
fn test_whole(args: Args, name: &str, test: fn(&[u8]) -> bool) -> PyResult<Value> {
    let data = no_arguments(args, &format!("bytes.{name}"))?;
    let data = receiver(&data, name)?;
    Ok(Value::Bool(test(data.as_bytes())))
}
