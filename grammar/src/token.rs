//! The tokens of pyl source, recognised by a `logos`-generated scanner.
//!
//! This is the first stage of the front end: it turns bytes into words
//! (names, numbers, strings, operators) and knows nothing about lines or
//! indentation. `lexer.rs` wraps it and adds NEWLINE / INDENT / DEDENT.
//! The variant names follow CPython's `token` module (`LPar`, `DoubleStar`,
//! `RArrow` ...). String literals are only *delimited* here: `scan_string`
//! finds the closing quote, and `strings.rs` decodes the body later, once
//! the parser knows which literals are concatenated.

use crate::ast::Constant;
use logos::Logos;

/// Why the scanner could not produce a token.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LexError {
    /// A character that starts no token; `lexer.rs` names it.
    #[default]
    Invalid,
    /// A string literal with no closing quote; `detected_at` is the byte
    /// offset where the scanner gave up (the line CPython's message names).
    UnterminatedString { triple: bool, detected_at: usize },
}

/// A string literal as written: its prefix flags and its raw body.
#[derive(Clone, Debug, PartialEq)]
pub struct StrToken {
    /// `b` prefix: a bytes literal.
    pub is_bytes: bool,
    /// `r` prefix: backslashes are kept as written.
    pub is_raw: bool,
    /// `f` prefix: `{...}` fields are parsed as expressions.
    pub is_fstring: bool,
    /// The text between the quotes, escapes not yet decoded.
    pub body: String,
    /// Byte offset of `body` in the source, to give nested nodes spans.
    pub body_start: usize,
}

/// One token of pyl source.
#[derive(Logos, Clone, Debug, PartialEq)]
#[logos(error = LexError)]
#[logos(skip r"[ \t\x0C]+")]
#[logos(skip(r"#[^\r\n]*", allow_greedy = true))]
#[logos(skip r"\\(\r\n|\n|\r)")]
pub enum Token {
    // Keywords.
    #[token("False")]
    False,
    #[token("None")]
    None,
    #[token("True")]
    True,
    #[token("and")]
    And,
    #[token("as")]
    As,
    #[token("assert")]
    Assert,
    #[token("async")]
    Async,
    #[token("await")]
    Await,
    #[token("break")]
    Break,
    #[token("class")]
    Class,
    #[token("continue")]
    Continue,
    #[token("def")]
    Def,
    #[token("del")]
    Del,
    #[token("elif")]
    Elif,
    #[token("else")]
    Else,
    #[token("except")]
    Except,
    #[token("finally")]
    Finally,
    #[token("for")]
    For,
    #[token("from")]
    From,
    #[token("global")]
    Global,
    #[token("if")]
    If,
    #[token("import")]
    Import,
    #[token("in")]
    In,
    #[token("is")]
    Is,
    #[token("lambda")]
    Lambda,
    #[token("nonlocal")]
    Nonlocal,
    #[token("not")]
    Not,
    #[token("or")]
    Or,
    #[token("pass")]
    Pass,
    #[token("raise")]
    Raise,
    #[token("return")]
    Return,
    #[token("try")]
    Try,
    #[token("while")]
    While,
    #[token("with")]
    With,
    #[token("yield")]
    Yield,

    // Operators and delimiters.
    #[token("+")]
    Plus,
    #[token("-")]
    Minus,
    #[token("*")]
    Star,
    #[token("**")]
    DoubleStar,
    #[token("/")]
    Slash,
    #[token("//")]
    DoubleSlash,
    #[token("%")]
    Percent,
    #[token("@")]
    At,
    #[token("<<")]
    LeftShift,
    #[token(">>")]
    RightShift,
    #[token("&")]
    Amper,
    #[token("|")]
    VBar,
    #[token("^")]
    Circumflex,
    #[token("~")]
    Tilde,
    #[token(":=")]
    ColonEqual,
    #[token("<")]
    Less,
    #[token(">")]
    Greater,
    #[token("<=")]
    LessEqual,
    #[token(">=")]
    GreaterEqual,
    #[token("==")]
    EqEqual,
    #[token("!=")]
    NotEqual,
    #[token("(")]
    LPar,
    #[token(")")]
    RPar,
    #[token("[")]
    LSqb,
    #[token("]")]
    RSqb,
    #[token("{")]
    LBrace,
    #[token("}")]
    RBrace,
    #[token(",")]
    Comma,
    #[token(":")]
    Colon,
    #[token(".")]
    Dot,
    #[token(";")]
    Semi,
    #[token("=")]
    Equal,
    #[token("->")]
    RArrow,
    #[token("...")]
    Ellipsis,
    #[token("+=")]
    PlusEqual,
    #[token("-=")]
    MinEqual,
    #[token("*=")]
    StarEqual,
    #[token("/=")]
    SlashEqual,
    #[token("//=")]
    DoubleSlashEqual,
    #[token("%=")]
    PercentEqual,
    #[token("@=")]
    AtEqual,
    #[token("&=")]
    AmperEqual,
    #[token("|=")]
    VBarEqual,
    #[token("^=")]
    CircumflexEqual,
    #[token("<<=")]
    LeftShiftEqual,
    #[token(">>=")]
    RightShiftEqual,
    #[token("**=")]
    DoubleStarEqual,

    /// An identifier. Non-ASCII letters are accepted here and checked by
    /// `lexer.rs`, which keeps the generated scanner small.
    #[regex(r"[A-Za-z_\u{80}-\u{10FFFF}][A-Za-z0-9_\u{80}-\u{10FFFF}]*", |lex| lex.slice().to_string())]
    Name(String),
    /// An int, float or imaginary literal, already converted.
    #[regex(r"[0-9](_?[0-9])*", |lex| int_constant(lex.slice(), 10))]
    #[regex(r"0[xX](_?[0-9a-fA-F])+", |lex| int_constant(&lex.slice()[2..], 16))]
    #[regex(r"0[oO](_?[0-7])+", |lex| int_constant(&lex.slice()[2..], 8))]
    #[regex(r"0[bB](_?[01])+", |lex| int_constant(&lex.slice()[2..], 2))]
    #[regex(
        r"[0-9](_?[0-9])*\.([0-9](_?[0-9])*)?([eE][+-]?[0-9](_?[0-9])*)?",
        float_constant
    )]
    #[regex(r"\.[0-9](_?[0-9])*([eE][+-]?[0-9](_?[0-9])*)?", float_constant)]
    #[regex(r"[0-9](_?[0-9])*[eE][+-]?[0-9](_?[0-9])*", float_constant)]
    #[regex(r"([0-9](_?[0-9])*(\.([0-9](_?[0-9])*)?)?|\.[0-9](_?[0-9])*)([eE][+-]?[0-9](_?[0-9])*)?[jJ]", imaginary_constant)]
    Number(Constant),
    /// A string or bytes literal of any prefix and quoting.
    #[regex(r#"([rRuUfFbB]|[rR][bBfF]|[bBfF][rR])?["']"#, scan_string)]
    String(Box<StrToken>),
    /// A line break as written; `lexer.rs` turns it into NEWLINE or drops it.
    #[regex(r"\r\n|\n|\r")]
    Newline,

    // Tokens made by `lexer.rs`, never by the scanner.
    /// One more level of indentation.
    Indent,
    /// One level of indentation less.
    Dedent,
    /// Put first by `parse_expression`: the input is one expression.
    ExpressionMode,
    /// The `(` of `with (a as b, c):`, told apart from a parenthesised
    /// expression by looking ahead for `):` (see `lexer.rs`).
    WithItemsLPar,
}

/// Converts the digits of an int literal (prefix removed) to a constant:
/// an `Int` if it fits in an i64, a `BigInt` otherwise.
fn int_constant(digits: &str, radix: u32) -> Constant {
    let digits: String = digits.chars().filter(|c| *c != '_').collect();
    match i64::from_str_radix(&digits, radix) {
        Ok(value) => Constant::Int(value),
        Err(_) => {
            // Too big for an i64 (the regex guarantees only valid digits).
            let trimmed = digits.trim_start_matches('0');
            Constant::BigInt {
                digits: trimmed.to_string(),
                radix,
            }
        }
    }
}

/// Parses a float literal; Rust's `f64` parser accepts Python's forms
/// (`1.`, `.5`, `1e-3`) once the underscores are gone.
fn float_constant(lex: &mut logos::Lexer<Token>) -> Constant {
    Constant::Float(parse_float(lex.slice()))
}

/// Parses an imaginary literal such as `2j` or `1.5e3J`.
fn imaginary_constant(lex: &mut logos::Lexer<Token>) -> Constant {
    let text = lex.slice();
    Constant::Imaginary(parse_float(&text[..text.len() - 1]))
}

/// The float value of decimal digits with optional `.`, exponent and `_`.
fn parse_float(text: &str) -> f64 {
    let cleaned: String = text.chars().filter(|c| *c != '_').collect();
    // The regexes only match valid float syntax, so this cannot fail;
    // NaN is a harmless fallback rather than a panic.
    cleaned.parse().unwrap_or(f64::NAN)
}

/// Finds the end of a string literal whose prefix and first quote were just
/// matched, and moves the scanner past it.
fn scan_string(lex: &mut logos::Lexer<Token>) -> Result<Box<StrToken>, LexError> {
    let opening = lex.slice();
    let quote = opening.as_bytes()[opening.len() - 1];
    let prefix = opening[..opening.len() - 1].to_ascii_lowercase();
    let rest = lex.remainder().as_bytes();
    let triple = rest.len() >= 2 && rest[0] == quote && rest[1] == quote;
    let body_offset = if triple { 2 } else { 0 };
    let body_start = lex.span().end + body_offset;
    let body_len = find_closing_quote(&rest[body_offset..], quote, triple).ok_or(
        LexError::UnterminatedString {
            triple,
            detected_at: unterminated_at(lex, triple),
        },
    )?;
    let close_len = if triple { 3 } else { 1 };
    let body = lex.remainder()[body_offset..body_offset + body_len].to_string();
    lex.bump(body_offset + body_len + close_len);
    Ok(Box::new(StrToken {
        is_bytes: prefix.contains('b'),
        is_raw: prefix.contains('r'),
        is_fstring: prefix.contains('f'),
        body,
        body_start,
    }))
}

/// The length of a string body up to (not including) its closing quote, or
/// `None` if the string never ends. A backslash always protects the next
/// byte, even in raw strings (`r'\''` is a one-quote string, as in CPython).
fn find_closing_quote(body: &[u8], quote: u8, triple: bool) -> Option<usize> {
    let mut i = 0;
    while i < body.len() {
        match body[i] {
            b'\\' => i += escape_len(body, i),
            b'\n' | b'\r' if !triple => return None,
            c if c == quote => {
                if !triple || body[i..].starts_with(&[quote, quote, quote]) {
                    return Some(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    None
}

/// Where CPython says it noticed an unterminated string: the end of the
/// line for a single-quoted one (backslash-newline continues it), the end
/// of the file for a triple-quoted one.
fn unterminated_at(lex: &logos::Lexer<Token>, triple: bool) -> usize {
    let rest = lex.remainder().as_bytes();
    let start = lex.span().end;
    if triple {
        return start + rest.len();
    }
    let mut i = 0;
    while i < rest.len() {
        match rest[i] {
            b'\\' => i += escape_len(rest, i),
            b'\n' | b'\r' => return start + i,
            _ => i += 1,
        }
    }
    start + rest.len()
}

/// How many bytes a backslash at `text[i]` and the byte it protects take:
/// three for a backslash before a Windows `\r\n` line break, else two.
fn escape_len(text: &[u8], i: usize) -> usize {
    if text[i + 1..].starts_with(b"\r\n") {
        3
    } else {
        2
    }
}
