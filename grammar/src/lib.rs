//! pyl's front end: source text to AST.
//!
//! The stages, in order:
//! * `token.rs`: the `logos` scanner (names, numbers, string delimiting).
//! * `lexer.rs`: the indentation layer, yielding NEWLINE / INDENT / DEDENT
//!   and the `(start, Token, end)` triples lalrpop wants.
//! * `pyl.lalrpop`: the grammar; its actions call `nodes.rs`, `targets.rs`,
//!   `arguments.rs`, and `strings.rs` / `fstring.rs` for literals.
//! * `parse.rs`: runs it all and words the errors as CPython does.
//!
//! `ast.rs` is the tree the compiler walks. This crate lives apart from
//! the interpreter so that editing the VM never recompiles the generated
//! parser.

mod arguments;
pub mod ast;
mod dump;
mod error;
mod fstring;
pub mod lexer;
mod nodes;
mod parse;
mod scan_errors;
mod strings;
mod targets;
pub mod token;

pub use dump::dump_module;
pub use error::{SyntaxError, SyntaxErrorKind};
pub use lexer::MAX_NESTING;
pub use parse::{parse_expression, parse_module};
