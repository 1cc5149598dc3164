//! f-strings: splitting `f"a{x!r:>{width}}b"` into text and fields.
//!
//! Python 3.11 lexes an f-string as one string token and parses its fields
//! afterwards (`Parser/string_parser.c`); pyl does the same. Each field's
//! expression text is handed back to the parser (`parse::parse_fstring_field`)
//! with its byte offset in the file, so the nodes inside get true spans.
//! A field is `{expr[=][!conversion][:spec]}`; the spec is itself text with
//! fields, nested at most one level. `{{` and `}}` stand for braces.

use crate::ast::*;
use crate::error::SyntaxError;
use crate::nodes::expr;
use crate::parse::parse_fstring_field;
use crate::scan_errors::syntax_error;
use crate::strings::{decode_text, join_pieces};
use crate::token::StrToken;

/// A part of an f-string: decoded text, or a `FormattedValue` field.
pub(crate) enum Piece {
    Text(String),
    Field(Expr),
}

/// Walks one f-string body. `base` is the body's offset in the file.
struct FString<'a> {
    body: &'a str,
    base: usize,
    raw: bool,
}

/// Appends the pieces of the f-string literal `token` to `pieces`.
pub(crate) fn parse_fstring(token: &StrToken, pieces: &mut Vec<Piece>) -> Result<(), SyntaxError> {
    let walker = FString {
        body: &token.body,
        base: token.body_start,
        raw: token.is_raw,
    };
    let end = walker.pieces(0, 0, pieces)?;
    if end < walker.body.len() {
        // Only a nested spec stops at a `}`; at the top level it is an error.
        return Err(walker.error("f-string: single '}' is not allowed", end));
    }
    Ok(())
}

impl FString<'_> {
    /// An error at byte `at` of the body.
    fn error(&self, message: &str, at: usize) -> SyntaxError {
        syntax_error(message, self.base + at, self.base + at + 1)
    }

    /// The byte at `at`, or 0 past the end.
    fn byte(&self, at: usize) -> u8 {
        self.body.as_bytes().get(at).copied().unwrap_or(0)
    }

    /// Reads text and fields from `at` until the end of the body or, in a
    /// format spec (`level` > 0), until the `}` that closes the field.
    /// Returns where it stopped.
    fn pieces(
        &self,
        mut at: usize,
        level: usize,
        pieces: &mut Vec<Piece>,
    ) -> Result<usize, SyntaxError> {
        let mut text_start = at;
        while at < self.body.len() {
            let c = self.byte(at);
            if c != b'{' && c != b'}' {
                at += 1;
                continue;
            }
            self.push_text(text_start, at, pieces)?;
            let doubled = level == 0 && self.byte(at + 1) == c;
            if doubled {
                pieces.push(Piece::Text((c as char).to_string()));
                at += 2;
            } else if c == b'{' {
                at = self.field(at, level, pieces)?;
            } else if level == 0 {
                return Err(self.error("f-string: single '}' is not allowed", at));
            } else {
                return Ok(at);
            }
            text_start = at;
        }
        self.push_text(text_start, at, pieces)?;
        Ok(at)
    }

    /// Decodes the text between fields.
    fn push_text(
        &self,
        from: usize,
        to: usize,
        pieces: &mut Vec<Piece>,
    ) -> Result<(), SyntaxError> {
        if from < to {
            pieces.push(Piece::Text(decode_text(
                &self.body[from..to],
                self.raw,
                self.base + from,
            )?));
        }
        Ok(())
    }

    /// Parses the field whose `{` is at `open`; returns the index after
    /// its `}`.
    fn field(
        &self,
        open: usize,
        level: usize,
        pieces: &mut Vec<Piece>,
    ) -> Result<usize, SyntaxError> {
        if level >= 2 {
            return Err(self.error("f-string: expressions nested too deeply", open));
        }
        let expr_start = open + 1;
        let mut at = self.expression_end(expr_start)?;
        let value = self.expression(expr_start, at)?;
        let mut debug = false;
        if self.byte(at) == b'=' {
            at += 1;
            while self.byte(at).is_ascii_whitespace() {
                at += 1;
            }
            // `{x = }` shows the expression's text as written.
            pieces.push(Piece::Text(self.body[expr_start..at].to_string()));
            debug = true;
        }
        let mut conversion = None;
        if self.byte(at) == b'!' {
            conversion = Some(self.conversion(at + 1)?);
            at += 2;
        }
        let mut format_spec = None;
        if self.byte(at) == b':' {
            let (spec, spec_end) = self.format_spec(at + 1, level)?;
            format_spec = Some(Box::new(spec));
            at = spec_end;
        }
        if self.byte(at) != b'}' {
            return Err(self.error("f-string: expecting '}'", at.min(self.body.len())));
        }
        // `{x=}` means `{x=!r}` unless a conversion or a spec is given.
        if debug && conversion.is_none() && format_spec.is_none() {
            conversion = Some('r');
        }
        let kind = ExprKind::FormattedValue {
            value: Box::new(value),
            conversion,
            format_spec,
        };
        pieces.push(Piece::Field(expr(
            kind,
            self.base + open,
            self.base + at + 1,
        )));
        Ok(at + 1)
    }

    /// The format spec starting at `start`, as a `JoinedStr`, and the
    /// index of the `}` that ends it.
    fn format_spec(&self, start: usize, level: usize) -> Result<(Expr, usize), SyntaxError> {
        let mut spec_pieces = Vec::new();
        let end = self.pieces(start, level + 1, &mut spec_pieces)?;
        let (l, r) = (self.base + start, self.base + end);
        Ok((
            expr(ExprKind::JoinedStr(join_pieces(spec_pieces, l, r)), l, r),
            end,
        ))
    }

    /// The conversion character at `at`: `r`, `s` or `a`.
    fn conversion(&self, at: usize) -> Result<char, SyntaxError> {
        match self.byte(at) {
            c @ (b'r' | b's' | b'a') => Ok(c as char),
            0 => Err(self.error("f-string: expecting '}'", at.min(self.body.len()))),
            _ => Err(self.error(
                "f-string: invalid conversion character: expected 's', 'r', or 'a'",
                at,
            )),
        }
    }

    /// Finds where the expression starting at `start` ends: at a `}`, `!`,
    /// `:` or `=` outside brackets and strings (but not inside `!=`, `==`,
    /// `<=`, `>=`). Follows CPython's `fstring_find_expr`.
    fn expression_end(&self, start: usize) -> Result<usize, SyntaxError> {
        let mut at = start;
        let mut depth = 0usize;
        let mut quote: Option<&[u8]> = None;
        let bytes = self.body.as_bytes();
        while at < bytes.len() {
            let c = bytes[at];
            if c == b'\\' {
                return Err(self.error("f-string expression part cannot include a backslash", at));
            }
            if let Some(q) = quote {
                if bytes[at..].starts_with(q) {
                    at += q.len();
                    quote = None;
                } else {
                    at += 1;
                }
                continue;
            }
            match c {
                b'\'' | b'"' => {
                    let triple = bytes[at..].starts_with(&[c, c, c]);
                    let len = if triple { 3 } else { 1 };
                    quote = Some(&bytes[at..at + len]);
                    at += len;
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b'#' => return Err(self.error("f-string expression part cannot include '#'", at)),
                b'!' | b'=' | b'<' | b'>' if depth == 0 && self.byte(at + 1) == b'=' => at += 1,
                b'}' | b'!' | b':' | b'=' if depth == 0 => return Ok(at),
                _ => {}
            }
            at += 1;
        }
        if quote.is_some() {
            return Err(self.error(
                "f-string: unterminated string",
                at.min(bytes.len().saturating_sub(1)),
            ));
        }
        Err(self.error("f-string: expecting '}'", bytes.len().saturating_sub(1)))
    }

    /// Parses the expression text `start..end` of a field.
    fn expression(&self, start: usize, end: usize) -> Result<Expr, SyntaxError> {
        let text = &self.body[start..end];
        if text.trim().is_empty() {
            let message = match self.byte(end) {
                c @ (b'!' | b':' | b'=') => {
                    format!("f-string: expression required before '{}'", c as char)
                }
                _ => "f-string: empty expression not allowed".to_string(),
            };
            return Err(self.error(&message, end));
        }
        parse_fstring_field(text, self.base + start)
    }
}
