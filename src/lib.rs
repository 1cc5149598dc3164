//! pyl: a Python-subset interpreter with a real global interpreter lock.
//!
//! The pipeline, one folder per stage:
//! ```text
//! let ast = syntax::parse_module(source)?;          // grammar/ : logos + lalrpop
//! let code = compiler::compile(&ast, source, path)?; // compiler/: scopes, opcodes
//! vm.run_module_code(code, &main_module)?;           // vm/      : frames, eval loop
//! ```
//! `objects/` holds the built-in types, `runtime/` the GIL, and `modules/`
//! what scripts import. `cli.rs` is the command line.

pub mod cli;
pub mod compiler;
pub mod modules;
pub mod objects;
pub mod repl;
pub mod runtime;
pub mod syntax;
pub mod vm;

use objects::exception::PyException;
use objects::type_object::ExceptionKind;
use std::sync::Arc;

/// Source bytes to a code object: decode, parse, compile. Errors come back
/// as Python `SyntaxError` exceptions.
pub fn compile_source(
    vm: &mut vm::Vm,
    bytes: &[u8],
    filename: &str,
) -> Result<Arc<compiler::CodeObject>, PyException> {
    let source = syntax::decode_source(bytes, filename)?;
    vm.register_source(filename, &source);
    let module = syntax::parse_module(&source)
        .map_err(|e| syntax::from_parse_error(&e, &source, filename))?;
    compiler::compile(&module, &source, filename).map_err(|e| {
        syntax::error_at(
            ExceptionKind::SyntaxError,
            e.message,
            &source,
            filename,
            e.span,
        )
    })
}

/// One input of the interactive prompt to a code object (file `<stdin>`,
/// whose lines tracebacks do not quote, as at Python's prompt).
pub fn compile_interactive(source: &str) -> Result<Arc<compiler::CodeObject>, PyException> {
    let filename = "<stdin>";
    let module =
        syntax::parse_module(source).map_err(|e| syntax::from_parse_error(&e, source, filename))?;
    compiler::compile_interactive(&module, source, filename).map_err(|e| {
        syntax::error_at(
            ExceptionKind::SyntaxError,
            e.message,
            source,
            filename,
            e.span,
        )
    })
}
