//! Checks on single tokens, and CPython's words when a token is bad.
//!
//! The `logos` scanner is deliberately permissive (it lexes `0777` as a
//! number and `€` as part of a name) so that its generated code stays small.
//! The indentation layer runs each token past these checks, which reject
//! what CPython's tokenizer rejects and phrase the error the same way.

use crate::ast::Span;
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::token::LexError;

/// A plain `SyntaxError` with `message` at `start..end`.
pub(crate) fn syntax_error(message: impl Into<String>, start: usize, end: usize) -> SyntaxError {
    SyntaxError::new(SyntaxErrorKind::Syntax, message, Span::new(start, end))
}

/// The 1-based line number of byte `offset` in `source`.
pub(crate) fn line_of(source: &str, offset: usize) -> usize {
    let end = offset.min(source.len());
    let bytes = &source.as_bytes()[..end];
    let mut line = 1;
    for (i, byte) in bytes.iter().enumerate() {
        // "\r\n" counts once: only its "\n" ends the line.
        if *byte == b'\n' || (*byte == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

/// The error for a scanner failure at `start..end` (positions in `source`;
/// `base` is added to build spans for nested f-string expressions).
pub(crate) fn lex_error(source: &str, error: LexError, start: usize, base: usize) -> SyntaxError {
    match error {
        LexError::UnterminatedString {
            triple,
            detected_at,
        } => {
            // At the end of input CPython names the last line, not the
            // empty one after a final line break.
            let at_end = detected_at >= source.len() && source.ends_with(['\n', '\r']);
            let line = line_of(
                source,
                if at_end {
                    source.len() - 1
                } else {
                    detected_at
                },
            );
            let kind = if triple {
                "triple-quoted string literal"
            } else {
                "string literal"
            };
            let message = format!("unterminated {kind} (detected at line {line})");
            let mut error = syntax_error(message, base + start, base + start + 1);
            error.unexpected_eof = triple;
            error
        }
        LexError::Invalid => invalid_character(source, start, base),
    }
}

/// The error for a character that starts no token.
fn invalid_character(source: &str, start: usize, base: usize) -> SyntaxError {
    let Some(c) = source[start..].chars().next() else {
        return syntax_error("invalid syntax", base + start, base + start);
    };
    let end = base + start + c.len_utf8();
    if c == '\\' {
        let rest = source[start + 1..].trim_start_matches([' ', '\t', '\x0c']);
        let message = if rest.is_empty() {
            "unexpected EOF while parsing"
        } else {
            "unexpected character after line continuation character"
        };
        let mut error = syntax_error(message, base + start, end);
        error.unexpected_eof = rest.is_empty();
        return error;
    }
    syntax_error(character_message(c), base + start, end)
}

/// CPython's complaint about a character that cannot appear in code.
fn character_message(c: char) -> String {
    if c.is_ascii_graphic() {
        "invalid syntax".to_string()
    } else if c.is_control() || c.is_whitespace() {
        format!("invalid non-printable character U+{:04X}", c as u32)
    } else {
        format!("invalid character '{c}' (U+{:04X})", c as u32)
    }
}

/// Rejects a name with a non-ASCII character that is not a letter or digit
/// (the scanner accepts any non-ASCII character in names).
pub(crate) fn check_name(name: &str, start: usize) -> Result<(), SyntaxError> {
    if name.is_ascii() {
        return Ok(());
    }
    for (i, c) in name.char_indices() {
        let ok = c == '_' || c.is_alphabetic() || (i > 0 && c.is_alphanumeric());
        if !ok {
            return Err(syntax_error(
                character_message(c),
                start + i,
                start + i + c.len_utf8(),
            ));
        }
    }
    Ok(())
}

/// Keywords CPython still lets touch a number (`1if x else 2`).
const KEYWORDS_AFTER_NUMBER: [&str; 8] = ["and", "else", "for", "if", "in", "is", "not", "or"];

/// Rejects a number literal CPython's tokenizer rejects: leading zeros
/// (`0777`) or letters and digits glued to it (`1abc`, `0x`, `0b2`).
/// `start..end` is its place in `source`.
pub(crate) fn check_number(source: &str, start: usize, end: usize) -> Result<(), SyntaxError> {
    let text = &source[start..end];
    let next = source[end..].chars().next();
    let glued = next.is_some_and(|c| c == '_' || c.is_alphanumeric());
    let allowed_keyword = KEYWORDS_AFTER_NUMBER
        .iter()
        .any(|k| source[end..].starts_with(k));
    let leading_zero = text.len() > 1 && text.starts_with('0') && is_decimal_digits(text);
    if leading_zero && text.chars().any(|c| c != '0' && c != '_') {
        let message = "leading zeros in decimal integer literals are not permitted; \
                       use an 0o prefix for octal integers";
        return Err(syntax_error(message, start, end));
    }
    if !glued || allowed_keyword {
        return Ok(());
    }
    Err(syntax_error(
        glued_message(text, &source[end..]),
        start,
        end,
    ))
}

/// True if `text` is only decimal digits and underscores.
fn is_decimal_digits(text: &str) -> bool {
    text.chars().all(|c| c.is_ascii_digit() || c == '_')
}

/// The message for a number followed by letters or digits.
fn glued_message(text: &str, after: &str) -> String {
    let lower = text.to_ascii_lowercase();
    let after_lower = after.to_ascii_lowercase();
    let radix_name = |letter: char| match letter {
        'x' => "hexadecimal",
        'o' => "octal",
        _ => "binary",
    };
    // `0x`, `0o2`, `0b2`: the prefix stands alone because no digit fits.
    if lower == "0" && after_lower.starts_with(['x', 'o', 'b']) {
        let letter = after_lower.chars().next().unwrap_or('x');
        let digit = after[1..].chars().next().filter(|c| c.is_ascii_digit());
        return match digit {
            Some(d) if letter != 'x' => {
                format!("invalid digit '{d}' in {} literal", radix_name(letter))
            }
            _ => format!("invalid {} literal", radix_name(letter)),
        };
    }
    if lower.starts_with("0x") || lower.starts_with("0o") || lower.starts_with("0b") {
        let letter = lower.chars().nth(1).unwrap_or('x');
        let digit = after.chars().next().filter(|c| c.is_ascii_digit());
        return match digit {
            Some(d) => format!("invalid digit '{d}' in {} literal", radix_name(letter)),
            None => format!("invalid {} literal", radix_name(letter)),
        };
    }
    if lower.ends_with('j') {
        return "invalid imaginary literal".to_string();
    }
    "invalid decimal literal".to_string()
}
