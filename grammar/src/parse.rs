//! Running the parser, and wording its failures as CPython does.
//!
//! lalrpop reports a failure as the token it could not accept plus the
//! tokens it would have accepted. CPython's messages carry more intent
//! ("expected ':'", "Perhaps you forgot a comma?"), so `explain` looks at
//! that token and the ones before it (kept by the lexer in `Recent`) to
//! choose the message CPython 3.11 would print for the common cases, and
//! falls back to "invalid syntax" pointing at the offending token.

use crate::ast::{Expr, ExprKind, Module, Span};
use crate::error::{SyntaxError, SyntaxErrorKind};
use crate::lexer::{Lexer, Recent};
use crate::nodes::Top;
use crate::scan_errors::syntax_error;
use crate::token::Token;
use lalrpop_util::{lalrpop_mod, ParseError};

lalrpop_mod!(
    #[allow(
        clippy::all,
        unused_parens,
        unused_imports,
        unused_variables,
        dead_code
    )]
    grammar,
    "/pyl.rs"
);

/// Parses a whole module. On failure the error carries CPython's message
/// and the byte span it points at.
pub fn parse_module(source: &str) -> Result<Module, SyntaxError> {
    check_null_bytes(source)?;
    match run(Lexer::new(source), source)? {
        Top::Module(module) => Ok(module),
        Top::Expression(_) => Err(syntax_error("invalid syntax", 0, 0)),
    }
}

/// Parses one expression, as `eval()` does (line breaks are ignored).
pub fn parse_expression(source: &str) -> Result<Expr, SyntaxError> {
    check_null_bytes(source)?;
    let expression = parse_one_expression(source, 0)?;
    if let ExprKind::Starred(_) = expression.kind {
        let span = expression.span;
        return Err(syntax_error(
            "can't use starred expression here",
            span.start,
            span.end,
        ));
    }
    Ok(expression)
}

/// Parses the expression of an f-string field, whose text starts at byte
/// `offset` of the file. Errors get CPython's "f-string: " prefix.
pub(crate) fn parse_fstring_field(text: &str, offset: usize) -> Result<Expr, SyntaxError> {
    let result = parse_one_expression(text, offset).and_then(|expression| match expression.kind {
        ExprKind::Starred(_) => {
            let span = expression.span;
            Err(syntax_error(
                "cannot use starred expression here",
                span.start,
                span.end,
            ))
        }
        _ => Ok(expression),
    });
    result.map_err(|mut error| {
        if !error.message.starts_with("f-string") {
            error.message = format!("f-string: {}", error.message);
        }
        error
    })
}

/// Parses `text` in expression mode, with spans shifted by `offset`.
fn parse_one_expression(text: &str, offset: usize) -> Result<Expr, SyntaxError> {
    match run(Lexer::for_expression(text, offset), text)? {
        Top::Expression(expression) => Ok(expression),
        Top::Module(_) => Err(syntax_error("invalid syntax", offset, offset)),
    }
}

/// Feeds the lexer to the generated parser.
fn run(mut lexer: Lexer, source: &str) -> Result<Top, SyntaxError> {
    let parser = grammar::TopParser::new();
    let result = parser.parse(lexer.by_ref());
    result.map_err(|error| explain(error, &lexer.recent, source))
}

/// CPython refuses source text containing a NUL byte.
fn check_null_bytes(source: &str) -> Result<(), SyntaxError> {
    match source.find('\0') {
        Some(at) => Err(syntax_error(
            "source code cannot contain null bytes",
            at,
            at + 1,
        )),
        None => Ok(()),
    }
}

/// Turns lalrpop's error into CPython's.
fn explain(
    error: ParseError<usize, Token, SyntaxError>,
    recent: &Recent,
    source: &str,
) -> SyntaxError {
    match error {
        ParseError::User { error } => error,
        ParseError::InvalidToken { location } => {
            syntax_error("invalid syntax", location, location + 1)
        }
        ParseError::UnrecognizedEof { location, .. } => {
            let at = location.min(source.trim_end().len());
            let mut error = syntax_error("invalid syntax", at, at);
            error.unexpected_eof = true;
            error
        }
        ParseError::UnrecognizedToken {
            token: (start, token, end),
            expected,
        } => unrecognized(start, &token, end, &expected, recent),
        ParseError::ExtraToken {
            token: (start, _, end),
        } => syntax_error("invalid syntax", start, end),
    }
}

/// The message for a token the grammar could not accept at `start..end`.
fn unrecognized(
    start: usize,
    token: &Token,
    end: usize,
    expected: &[String],
    recent: &Recent,
) -> SyntaxError {
    if *token == Token::Indent {
        return SyntaxError::new(
            SyntaxErrorKind::Indentation,
            "unexpected indent",
            Span::new(start, end + 1),
        );
    }
    if expected.iter().any(|e| e == "\"except\"") && expected.iter().any(|e| e == "\"finally\"") {
        return syntax_error("expected 'except' or 'finally' block", start, end);
    }
    let ends_expression = matches!(
        token,
        Token::Newline | Token::RPar | Token::RSqb | Token::RBrace | Token::Comma
    );
    if ends_expression && expected.iter().any(|e| e == "\"else\"") {
        return syntax_error(
            "expected 'else' after 'if' expression",
            start,
            end.max(start + 1),
        );
    }
    let in_header = recent.line_first.as_ref().is_some_and(starts_block);
    if *token == Token::Newline && in_header && expected.iter().any(|e| e == "\":\"") {
        return syntax_error("expected ':'", start, start + 1);
    }
    let previous = recent.previous.as_ref();
    if recent.line_len == 2 && previous == Some(&Token::Name("print".into())) && is_operand(token) {
        let message = "Missing parentheses in call to 'print'. Did you mean print(...)?";
        return syntax_error(message, start, end);
    }
    let glued_name_string =
        matches!(previous, Some(Token::Name(_))) && matches!(token, Token::String(_));
    if recent.depth_before_current > 0
        && previous.is_some_and(ends_operand)
        && starts_operand(token)
        && !glued_name_string
    {
        return syntax_error("invalid syntax. Perhaps you forgot a comma?", start, end);
    }
    syntax_error("invalid syntax", start, end.max(start + 1))
}

/// True for the first token of a compound statement's header.
fn starts_block(token: &Token) -> bool {
    use Token::*;
    matches!(
        token,
        If | Elif | Else | While | For | With | Try | Except | Finally | Def | Class | Async
    )
}

/// True for a token that is a whole operand: a name, literal or constant.
fn is_operand(token: &Token) -> bool {
    use Token::*;
    matches!(
        token,
        Name(_) | Number(_) | String(_) | None | True | False | Ellipsis
    )
}

/// True for a token that can end an operand.
fn ends_operand(token: &Token) -> bool {
    is_operand(token) || matches!(token, Token::RPar | Token::RSqb | Token::RBrace)
}

/// True for a token that can start an operand.
fn starts_operand(token: &Token) -> bool {
    use Token::*;
    is_operand(token) || matches!(token, LPar | LSqb | LBrace | Lambda | Not | Tilde)
}
