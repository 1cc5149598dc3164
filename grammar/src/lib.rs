//! pyl's front end: source text to AST.
//!
//! `token.rs` is the logos tokenizer, `lexer.rs` adds the NEWLINE / INDENT /
//! DEDENT layer and yields the `(start, Token, end)` triples lalrpop wants,
//! `pyl.lalrpop` is the grammar, and `ast.rs` the tree it builds. This crate
//! lives apart from the interpreter so that editing the VM never recompiles
//! the generated parser.

pub mod ast;
mod error;

pub use error::{SyntaxError, SyntaxErrorKind};

/// Parses a whole module. On failure the error carries CPython's message
/// and the byte span it points at.
pub fn parse_module(source: &str) -> Result<ast::Module, SyntaxError> {
    let _ = source;
    Err(SyntaxError::new(SyntaxErrorKind::Syntax, "parser not built yet", ast::Span::new(0, 0)))
}
