//! Newlines in text files: where a line ends and what the script sees, for
//! each value of `open()`'s `newline` argument.
//!
//! `None` is "universal newlines": `\n`, `\r` and `\r\n` all end a line and
//! all read as `\n`. `''` splits the same way but returns the text as it
//! is. `'\n'`, `'\r'` and `'\r\n'` end lines only at that sequence. On
//! write, `'\r'` and `'\r\n'` replace each `\n`; the others write it as is
//! (`os.linesep` is `\n` on the systems pyl runs on).

use crate::objects::exception::{type_error, value_error};
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use std::borrow::Cow;

/// The `newline` argument of `open()`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Newline {
    Universal,
    Untranslated,
    Lf,
    Cr,
    CrLf,
}

impl Newline {
    /// Checks and converts `open()`'s `newline` argument.
    pub fn parse(value: Option<&Value>) -> PyResult<Newline> {
        let text = match value {
            None | Some(Value::None) => return Ok(Newline::Universal),
            Some(Value::Str(text)) => text.as_str(),
            Some(other) => {
                return type_error(format!(
                    "open() argument 'newline' must be str or None, not {}",
                    type_name(other)
                ))
            }
        };
        match text {
            "" => Ok(Newline::Untranslated),
            "\n" => Ok(Newline::Lf),
            "\r" => Ok(Newline::Cr),
            "\r\n" => Ok(Newline::CrLf),
            other => value_error(format!("illegal newline value: {other}")),
        }
    }

    /// The text to put in the file for `text` written by the script.
    pub fn for_write(self, text: &str) -> Cow<'_, str> {
        match self {
            Newline::Cr if text.contains('\n') => Cow::Owned(text.replace('\n', "\r")),
            Newline::CrLf if text.contains('\n') => Cow::Owned(text.replace('\n', "\r\n")),
            _ => Cow::Borrowed(text),
        }
    }

    /// What the script reads for `text` taken from the file.
    pub fn for_read(self, text: &str) -> Cow<'_, str> {
        if self == Newline::Universal && text.contains('\r') {
            Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
        } else {
            Cow::Borrowed(text)
        }
    }

    /// The byte length of the first line of `text`, its ending included.
    /// `None` when more text is needed to know (no ending yet, or a `\r`
    /// last that a `\n` may follow) unless `at_end`: then the rest is a line.
    pub fn line_end(self, text: &str, at_end: bool) -> Option<usize> {
        let bytes = text.as_bytes();
        let found = match self {
            Newline::Universal | Newline::Untranslated => universal_end(bytes)
                .filter(|end| at_end || *end < bytes.len() || bytes[end - 1] == b'\n'),
            Newline::Lf => bytes.iter().position(|b| *b == b'\n').map(|i| i + 1),
            Newline::Cr => bytes.iter().position(|b| *b == b'\r').map(|i| i + 1),
            Newline::CrLf => text.find("\r\n").map(|i| i + 2),
        };
        found.or(at_end.then_some(text.len()))
    }

    /// The byte length of the first `count` characters of `text` as the
    /// script counts them (`\r\n` is one under universal newlines); `None`
    /// when `text` is too short, or ends in a `\r` that may pair with a `\n`.
    pub fn char_end(self, text: &str, count: usize) -> Option<usize> {
        let mut seen = 0;
        let mut chars = text.char_indices().peekable();
        while let Some((index, letter)) = chars.next() {
            if seen == count {
                return Some(index);
            }
            seen += 1;
            if letter == '\r' && self == Newline::Universal {
                match chars.peek() {
                    Some((_, '\n')) => {
                        chars.next();
                    }
                    Some(_) => {}
                    None => return None,
                }
            }
        }
        (seen == count).then_some(text.len())
    }
}

/// Where the first universal line ending in `bytes` ends (`\r\n` counts as one).
fn universal_end(bytes: &[u8]) -> Option<usize> {
    let index = bytes.iter().position(|b| *b == b'\n' || *b == b'\r')?;
    let pair = bytes[index] == b'\r' && bytes.get(index + 1) == Some(&b'\n');
    Some(index + 1 + pair as usize)
}

#[cfg(test)]
mod tests {
    use super::Newline;

    #[test]
    fn universal_line_waits_for_a_possible_crlf() {
        assert_eq!(Newline::Universal.line_end("ab\r", false), None);
        assert_eq!(Newline::Universal.line_end("ab\r", true), Some(3));
        assert_eq!(Newline::Universal.line_end("ab\rc", false), Some(3));
        assert_eq!(Newline::Universal.line_end("ab\r\nc", false), Some(4));
        assert_eq!(Newline::Lf.line_end("a\rb", false), None);
    }

    #[test]
    fn crlf_is_one_character_under_universal_newlines() {
        assert_eq!(Newline::Universal.char_end("a\r\nb", 2), Some(3));
        assert_eq!(Newline::Untranslated.char_end("a\r\nb", 2), Some(2));
        assert_eq!(Newline::Universal.char_end("a\r", 2), None);
        assert_eq!(Newline::Universal.char_end("ab", 3), None);
    }
}
