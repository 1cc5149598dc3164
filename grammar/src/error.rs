//! Syntax errors: what the lexer and parser report, in CPython's words.

use crate::ast::Span;

/// Which exception class the interpreter raises for the error.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyntaxErrorKind {
    /// `SyntaxError`.
    Syntax,
    /// `IndentationError` (a subclass of SyntaxError).
    Indentation,
    /// `TabError` (inconsistent use of tabs and spaces).
    Tab,
}

/// A syntax error: its class, CPython's message and where it points.
#[derive(Clone, Debug, PartialEq)]
pub struct SyntaxError {
    pub kind: SyntaxErrorKind,
    pub message: String,
    pub span: Span,
    /// True when the input ended while a construct was still open (an open
    /// bracket, a block header with no body, an unterminated triple-quoted
    /// string): the REPL reads another line instead of reporting it.
    pub unexpected_eof: bool,
}

impl SyntaxError {
    /// An error of `kind` with `message` at `span`.
    pub fn new(kind: SyntaxErrorKind, message: impl Into<String>, span: Span) -> SyntaxError {
        SyntaxError {
            kind,
            message: message.into(),
            span,
            unexpected_eof: false,
        }
    }

    /// The exception class name Python uses for this error.
    pub fn class_name(&self) -> &'static str {
        match self.kind {
            SyntaxErrorKind::Syntax => "SyntaxError",
            SyntaxErrorKind::Indentation => "IndentationError",
            SyntaxErrorKind::Tab => "TabError",
        }
    }
}
