//! The codecs `str.encode` and `bytes.decode` know: UTF-8, ASCII and
//! Latin-1, with the error handlers `strict`, `ignore`, `replace` and
//! (for encoding) `backslashreplace`.
//!
//! As in CPython, the error handler's name is only checked when an error
//! happens, and a strict failure reports where, with the same wording:
//! `'utf-8' codec can't decode byte 0xff in position 0: invalid start byte`.

use crate::objects::exception::{raise, type_error, PyException};
use crate::objects::str::escape_code_point;
use crate::objects::type_object::type_name;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};

/// A supported encoding.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoding {
    Utf8,
    Ascii,
    Latin1,
}

impl Encoding {
    /// The encoding called `name` (case, `-` and `_` do not matter), or
    /// LookupError.
    fn lookup(name: &str) -> PyResult<Encoding> {
        let normalized = name.to_ascii_lowercase().replace('_', "-");
        match normalized.as_str() {
            "utf-8" | "utf8" | "u8" | "utf" => Ok(Encoding::Utf8),
            "ascii" | "us-ascii" | "646" => Ok(Encoding::Ascii),
            "latin-1" | "latin1" | "latin" | "iso-8859-1" | "iso8859-1" | "l1" => {
                Ok(Encoding::Latin1)
            }
            _ => raise(
                ExceptionKind::LookupError,
                format!("unknown encoding: {name}"),
            ),
        }
    }

    /// The codec's name in error messages.
    fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Ascii => "ascii",
            Encoding::Latin1 => "latin-1",
        }
    }
}

/// The `encoding` or `errors` argument of `encode`/`decode` (`function`),
/// or `default` when it was not passed.
pub fn argument(
    value: Option<&Value>,
    function: &str,
    name: &str,
    default: &str,
) -> PyResult<String> {
    match value {
        None => Ok(default.to_string()),
        Some(Value::Str(s)) => Ok(s.as_str().to_string()),
        Some(other) => type_error(format!(
            "{function}() argument '{name}' must be str, not {}",
            type_name(other)
        )),
    }
}

/// LookupError for an error handler pyl does not know.
fn unknown_handler<T>(errors: &str) -> PyResult<T> {
    raise(
        ExceptionKind::LookupError,
        format!("unknown error handler name '{errors}'"),
    )
}

/// `text.encode(encoding, errors)`.
pub fn encode(text: &str, encoding: &str, errors: &str) -> PyResult<Vec<u8>> {
    let limit: u32 = match Encoding::lookup(encoding)? {
        Encoding::Utf8 => return Ok(text.as_bytes().to_vec()),
        Encoding::Ascii => 0x80,
        Encoding::Latin1 => 0x100,
    };
    let characters: Vec<char> = text.chars().collect();
    let mut out = Vec::with_capacity(characters.len());
    for (position, &c) in characters.iter().enumerate() {
        if (c as u32) < limit {
            out.push(c as u32 as u8);
            continue;
        }
        match errors {
            "strict" => return encode_error(encoding, &characters, position, limit),
            "ignore" => {}
            "replace" => out.push(b'?'),
            "backslashreplace" => out.extend_from_slice(escape_code_point(c).as_bytes()),
            other => return unknown_handler(other),
        }
    }
    Ok(out)
}

/// UnicodeEncodeError for the run of unencodable characters at `start`.
fn encode_error<T>(encoding: &str, characters: &[char], start: usize, limit: u32) -> PyResult<T> {
    let codec = Encoding::lookup(encoding)?.name();
    let run = characters[start..]
        .iter()
        .take_while(|&&c| c as u32 >= limit)
        .count();
    let place = if run == 1 {
        format!(
            "character '{}' in position {start}",
            escape_code_point(characters[start])
        )
    } else {
        format!("characters in position {start}-{}", start + run - 1)
    };
    let message = format!("'{codec}' codec can't encode {place}: ordinal not in range({limit})");
    Err(PyException::new(ExceptionKind::UnicodeEncodeError, message))
}

/// `data.decode(encoding, errors)`.
pub fn decode(data: &[u8], encoding: &str, errors: &str) -> PyResult<String> {
    match Encoding::lookup(encoding)? {
        Encoding::Utf8 => decode_utf8(data, errors),
        Encoding::Latin1 => Ok(data.iter().map(|&b| b as char).collect()),
        Encoding::Ascii => {
            let mut out = String::with_capacity(data.len());
            for (position, &byte) in data.iter().enumerate() {
                if byte < 0x80 {
                    out.push(byte as char);
                    continue;
                }
                match errors {
                    "strict" => {
                        return decode_error("ascii", byte, position, "ordinal not in range(128)")
                    }
                    "ignore" => {}
                    "replace" => out.push('\u{FFFD}'),
                    other => return unknown_handler(other),
                }
            }
            Ok(out)
        }
    }
}

/// UTF-8 decoding; `replace` puts one U+FFFD per maximal bad sequence, as
/// both CPython and Rust's `from_utf8_lossy` do.
fn decode_utf8(data: &[u8], errors: &str) -> PyResult<String> {
    let mut out = String::with_capacity(data.len());
    let mut rest = data;
    let mut consumed = 0;
    loop {
        match std::str::from_utf8(rest) {
            Ok(text) => {
                out.push_str(text);
                return Ok(out);
            }
            Err(error) => {
                let valid = error.valid_up_to();
                out.push_str(std::str::from_utf8(&rest[..valid]).unwrap_or_default());
                let bad = error.error_len().unwrap_or(rest.len() - valid);
                match errors {
                    "strict" => return utf8_error(rest, valid, consumed, error.error_len()),
                    "ignore" => {}
                    "replace" => out.push('\u{FFFD}'),
                    other => return unknown_handler(other),
                }
                consumed += valid + bad;
                rest = &rest[valid + bad..];
            }
        }
    }
}

/// The UnicodeDecodeError CPython raises for bad UTF-8 at `rest[valid]`
/// (`consumed` bytes before `rest`); `length` is the bad sequence's length,
/// `None` when the data ended inside a character.
fn utf8_error<T>(rest: &[u8], valid: usize, consumed: usize, length: Option<usize>) -> PyResult<T> {
    let first = rest[valid];
    let position = consumed + valid;
    let is_start_byte = matches!(first, 0xC2..=0xF4);
    let (length, reason) = match length {
        _ if !is_start_byte => (1, "invalid start byte"),
        None => (rest.len() - valid, "unexpected end of data"),
        Some(length) => (length, "invalid continuation byte"),
    };
    if length == 1 {
        return decode_error("utf-8", first, position, reason);
    }
    let last = position + length - 1;
    let message =
        format!("'utf-8' codec can't decode bytes in position {position}-{last}: {reason}");
    Err(PyException::new(ExceptionKind::UnicodeDecodeError, message))
}

/// UnicodeDecodeError for the single byte `byte` at `position`.
fn decode_error<T>(codec: &str, byte: u8, position: usize, reason: &str) -> PyResult<T> {
    let message =
        format!("'{codec}' codec can't decode byte 0x{byte:02x} in position {position}: {reason}");
    Err(PyException::new(ExceptionKind::UnicodeDecodeError, message))
}
