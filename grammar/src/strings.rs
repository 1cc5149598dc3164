//! String literals: escape decoding and the joining of adjacent literals.
//!
//! The scanner only delimits a literal (`token.rs`); this file turns the
//! raw bodies of one or more adjacent literals (`"a" 'b'`, `b"x" rb"y"`,
//! `"a" f"{x}"`) into one constant or one `JoinedStr`, as CPython's parser
//! does. Messages copy CPython's, including its "(unicode error)" prefix.

use crate::ast::*;
use crate::error::SyntaxError;
use crate::fstring::{parse_fstring, Piece};
use crate::nodes::expr;
use crate::scan_errors::syntax_error;
use crate::token::StrToken;

/// Joins adjacent literals spanning `l..r` into one expression. (The
/// literals stay boxed as the tokens carry them, to keep `Token` small.)
#[allow(clippy::vec_box)]
pub(crate) fn concatenate(
    parts: Vec<Box<StrToken>>,
    l: usize,
    r: usize,
) -> Result<Expr, SyntaxError> {
    let bytes = parts.iter().filter(|part| part.is_bytes).count();
    if bytes > 0 && bytes < parts.len() {
        return Err(syntax_error(
            "cannot mix bytes and nonbytes literals",
            l,
            l + 1,
        ));
    }
    if bytes > 0 {
        let mut value = Vec::new();
        for part in &parts {
            value.extend(decode_bytes(part)?);
        }
        return Ok(expr(ExprKind::Constant(Constant::Bytes(value)), l, r));
    }
    if parts.iter().any(|part| part.is_fstring) {
        return joined_string(&parts, l, r);
    }
    let mut value = String::new();
    for part in &parts {
        value.push_str(&decode_text(&part.body, part.is_raw, part.body_start)?);
    }
    Ok(expr(ExprKind::Constant(Constant::Str(value)), l, r))
}

/// Literals of which at least one is an f-string: a `JoinedStr` whose
/// parts alternate between text constants and `FormattedValue`s.
fn joined_string(parts: &[Box<StrToken>], l: usize, r: usize) -> Result<Expr, SyntaxError> {
    let mut pieces = Vec::new();
    for part in parts {
        if part.is_fstring {
            parse_fstring(part, &mut pieces)?;
        } else {
            pieces.push(Piece::Text(decode_text(
                &part.body,
                part.is_raw,
                part.body_start,
            )?));
        }
    }
    Ok(expr(ExprKind::JoinedStr(join_pieces(pieces, l, r)), l, r))
}

/// Merges adjacent text pieces and drops empty ones, as CPython does.
pub(crate) fn join_pieces(pieces: Vec<Piece>, l: usize, r: usize) -> Vec<Expr> {
    let mut values = Vec::new();
    let mut text = String::new();
    for piece in pieces {
        match piece {
            Piece::Text(more) => text.push_str(&more),
            Piece::Field(field) => {
                if !text.is_empty() {
                    let constant = Constant::Str(std::mem::take(&mut text));
                    values.push(expr(ExprKind::Constant(constant), l, r));
                }
                values.push(field);
            }
        }
    }
    if !text.is_empty() {
        values.push(expr(ExprKind::Constant(Constant::Str(text)), l, r));
    }
    values
}

/// The characters of a str literal's body (or an f-string's text piece)
/// that starts at byte `start`: escapes decoded unless `raw`.
pub(crate) fn decode_text(body: &str, raw: bool, start: usize) -> Result<String, SyntaxError> {
    let body = normalize_newlines(body);
    if raw {
        return Ok(body);
    }
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some((_, escape)) = chars.next() else {
            out.push('\\');
            break;
        };
        match simple_escape(escape) {
            Some(Some(decoded)) => out.push(decoded),
            Some(None) => {} // a backslash-newline: the line continues
            None => out.push_str(&numeric_escape(i, escape, &mut chars, start)?),
        }
    }
    Ok(out)
}

/// The meaning of a one-character escape: `Some(Some(c))` for a character,
/// `Some(None)` for a line continuation, `None` for the longer escapes.
fn simple_escape(escape: char) -> Option<Option<char>> {
    let decoded = match escape {
        '\n' => return Some(None),
        '\\' | '\'' | '"' => escape,
        'a' => '\x07',
        'b' => '\x08',
        'f' => '\x0c',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        'v' => '\x0b',
        _ => return None,
    };
    Some(Some(decoded))
}

/// Decodes `\N{NAME}` (backslash at byte `i`): the character with that
/// Unicode name, looked up in the Unicode name table.
fn named_escape(
    i: usize,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    start: usize,
) -> Result<String, SyntaxError> {
    if chars.peek().map(|(_, c)| *c) != Some('{') {
        return Err(unicode_error(
            i,
            i + 1,
            "malformed \\N character escape",
            start,
        ));
    }
    chars.next();
    let mut name = String::new();
    let mut end = i + 2;
    loop {
        match chars.next() {
            Some((at, '}')) => {
                end = at;
                break;
            }
            Some((at, c)) => {
                name.push(c);
                end = at;
            }
            None => {
                return Err(unicode_error(
                    i,
                    end,
                    "malformed \\N character escape",
                    start,
                ))
            }
        }
    }
    match unicode_names2::character(&name) {
        Some(c) if !name.is_empty() => Ok(c.to_string()),
        _ => Err(unicode_error(
            i,
            end,
            "unknown Unicode character name",
            start,
        )),
    }
}

/// Decodes an octal, `\x`, `\u` or `\U` escape whose backslash is at byte
/// `i` of the body; an unknown escape stays as written (CPython only warns).
fn numeric_escape(
    i: usize,
    escape: char,
    chars: &mut std::iter::Peekable<std::str::CharIndices>,
    start: usize,
) -> Result<String, SyntaxError> {
    let (digits, radix, name) = match escape {
        '0'..='7' => (3, 8, ""),
        'x' => (2, 16, "\\xXX"),
        'u' => (4, 16, "\\uXXXX"),
        'U' => (8, 16, "\\UXXXXXXXX"),
        'N' => return named_escape(i, chars, start),
        other => return Ok(format!("\\{other}")),
    };
    let mut value = if radix == 8 {
        escape.to_digit(8).unwrap_or(0)
    } else {
        0
    };
    let mut count = usize::from(radix == 8);
    while count < digits {
        let Some(digit) = chars.peek().and_then(|(_, c)| c.to_digit(radix)) else {
            break;
        };
        chars.next();
        value = value * radix + digit;
        count += 1;
    }
    if radix == 16 && count < digits {
        let message = format!("truncated {name} escape");
        return Err(unicode_error(i, i + 1 + count, &message, start));
    }
    match char::from_u32(value) {
        Some(c) => Ok(c.to_string()),
        None if value > 0x10FFFF => Err(unicode_error(
            i,
            i + 1 + count,
            "illegal Unicode character",
            start,
        )),
        None => Err(unicode_error(
            i,
            i + 1 + count,
            "pyl strings cannot hold surrogate code points",
            start,
        )),
    }
}

/// CPython's "(unicode error)" message for a bad escape at `from..=to`.
fn unicode_error(from: usize, to: usize, reason: &str, start: usize) -> SyntaxError {
    let message = format!(
        "(unicode error) 'unicodeescape' codec can't decode bytes in position {from}-{to}: {reason}"
    );
    syntax_error(message, start + from, start + to + 1)
}

/// The bytes of a bytes literal.
fn decode_bytes(part: &StrToken) -> Result<Vec<u8>, SyntaxError> {
    if let Some(offset) = part.body.find(|c: char| !c.is_ascii()) {
        let at = part.body_start + offset;
        return Err(syntax_error(
            "bytes can only contain ASCII literal characters",
            at,
            at + 1,
        ));
    }
    let body = normalize_newlines(&part.body).into_bytes();
    if part.is_raw {
        return Ok(body);
    }
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' || i + 1 >= body.len() {
            out.push(body[i]);
            i += 1;
            continue;
        }
        i = decode_byte_escape(&body, i, &mut out, part.body_start)?;
    }
    Ok(out)
}

/// Decodes the bytes escape whose backslash is at `body[i]`; returns the
/// index after it.
fn decode_byte_escape(
    body: &[u8],
    i: usize,
    out: &mut Vec<u8>,
    start: usize,
) -> Result<usize, SyntaxError> {
    let escape = body[i + 1];
    if let Some(decoded) = simple_escape(escape as char) {
        out.extend(decoded.map(|c| c as u8));
        return Ok(i + 2);
    }
    match escape {
        b'0'..=b'7' => {
            let digits = body[i + 1..]
                .iter()
                .take(3)
                .take_while(|b| (b'0'..=b'7').contains(b))
                .count();
            let text = std::str::from_utf8(&body[i + 1..i + 1 + digits]).unwrap_or("0");
            // CPython keeps the low 8 bits of `\777`.
            out.push((u32::from_str_radix(text, 8).unwrap_or(0) & 0xFF) as u8);
            Ok(i + 1 + digits)
        }
        b'x' => {
            let hex = body
                .get(i + 2..i + 4)
                .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
            let hex = hex.and_then(|h| std::str::from_utf8(h).ok());
            match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                Some(value) => {
                    out.push(value);
                    Ok(i + 4)
                }
                None => {
                    let message = format!("(value error) invalid \\x escape at position {i}");
                    Err(syntax_error(message, start + i, start + i + 2))
                }
            }
        }
        _ => {
            out.push(b'\\');
            Ok(i + 1)
        }
    }
}

/// Python reads source with universal newlines: `\r\n` and `\r` are `\n`.
fn normalize_newlines(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_string()
    }
}
