//! The compiler: AST to `CodeObject`s.
//!
//! `scope.rs` first decides where every name lives; then one `compile_*`
//! method per AST node kind emits instructions into a `CodeBuilder`
//! (`statements.rs`, `expressions.rs`, `targets.rs`). Each `def`, `lambda`
//! and comprehension becomes a code object of its own, stored as a constant
//! of the code around it. `dis.rs` prints the result like Python's `dis`.

mod builder;
mod classes;
mod code;
pub mod dis;
mod expressions;
mod opcode;
mod scope;
mod statements;
mod targets;

pub use code::{CodeBody, CodeFlags, CodeObject, EncodedBody, ExceptionTableEntry, SharedBytes};
pub use opcode::{BinaryOperator, Comparison, Conversion, Opcode, UnaryOperator};

use builder::{CodeBuilder, Label};
use pyl_grammar::ast::{Module, Span, Stmt};
use scope::{NameScope, ScopeTable};
use std::sync::Arc;

/// A compile-time error: a `SyntaxError` message and where it points.
#[derive(Debug)]
pub struct CompileError {
    pub message: String,
    pub span: Span,
}

/// Compiles a parsed module into the code object that runs it.
pub fn compile(
    module: &Module,
    source: &str,
    filename: &str,
) -> Result<Arc<CodeObject>, CompileError> {
    compile_module(module, source, filename, false)
}

/// Compiles one input of the interactive prompt: like `compile`, but the
/// value of each top-level expression statement is shown (`PrintExpr`).
pub fn compile_interactive(
    module: &Module,
    source: &str,
    filename: &str,
) -> Result<Arc<CodeObject>, CompileError> {
    compile_module(module, source, filename, true)
}

fn compile_module(
    module: &Module,
    source: &str,
    filename: &str,
    interactive: bool,
) -> Result<Arc<CodeObject>, CompileError> {
    let table = scope::analyze(module).map_err(|e| CompileError {
        message: e.message,
        span: e.span,
    })?;
    let module_scope = table.scope_of(module).ok_or_else(|| CompileError {
        message: "no module scope".into(),
        span: Span::default(),
    })?;
    let mut compiler = Compiler {
        table: &table,
        filename,
        line_starts: line_starts(source),
        interactive,
        units: vec![Unit::new(CodeBuilder::new(
            module_scope,
            "<module>",
            "<module>",
            1,
        ))],
    };
    // A module's docstring becomes its `__doc__` (`new_module` sets None).
    if let Some(doc) = statements::docstring(&module.body) {
        let doc = compiler.code().constant(crate::objects::Value::str(doc));
        compiler.emit(Opcode::LoadConst(doc));
        compiler.store_name("__doc__");
    }
    compiler.compile_body(&module.body)?;
    compiler.emit_return_none();
    let unit = compiler.units.pop().ok_or_else(|| CompileError {
        message: "compiler lost its module".into(),
        span: Span::default(),
    })?;
    let flags = CodeFlags {
        uses_namespace: true,
        ..CodeFlags::default()
    };
    Ok(Arc::new(unit.code.finish(filename, (0, 0, 0), flags)))
}

/// The byte offset at which each line starts.
fn line_starts(source: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// What `break`, `continue` and `return` must undo on their way out of a
/// construct (CPython's "frame blocks").
#[derive(Clone, Copy)]
enum FrameBlock<'a> {
    /// A `while` loop.
    WhileLoop { top: Label, end: Label },
    /// A `for` loop: its iterator is on the stack.
    ForLoop { top: Label, end: Label },
    /// A `try` with a `finally`: leaving runs the finally body.
    TryFinally { body: &'a [Stmt], handlers: usize },
    /// The body of an `except` clause: the saved exception is on the stack,
    /// and `as name` is cleared on the way out.
    ExceptHandler { name: Option<&'a str> },
    /// The exceptional path of a `finally`: saved and current exception on the stack.
    FinallyEnd,
    /// The body of a `with`: the manager's `__exit__` is on the stack; leaving
    /// calls it. `handlers` is the handler depth outside the `with`.
    With { handlers: usize },
}

/// One code object being compiled, with its open frame blocks.
struct Unit<'a> {
    code: CodeBuilder<'a>,
    blocks: Vec<FrameBlock<'a>>,
}

impl<'a> Unit<'a> {
    fn new(code: CodeBuilder<'a>) -> Unit<'a> {
        Unit {
            code,
            blocks: Vec::new(),
        }
    }
}

/// Compiles one module; `units` is the stack of code objects in progress.
struct Compiler<'a> {
    table: &'a ScopeTable,
    filename: &'a str,
    line_starts: Vec<usize>,
    /// Show the values of top-level expression statements (the REPL).
    interactive: bool,
    units: Vec<Unit<'a>>,
}

impl<'a> Compiler<'a> {
    fn unit(&mut self) -> &mut Unit<'a> {
        let last = self.units.len() - 1;
        &mut self.units[last]
    }

    fn code(&mut self) -> &mut CodeBuilder<'a> {
        &mut self.unit().code
    }

    fn emit(&mut self, op: Opcode) {
        self.code().emit(op);
    }

    fn emit_jump(&mut self, make: fn(u32) -> Opcode, label: Label) {
        self.code().emit_jump(make, label);
    }

    fn label(&mut self) -> Label {
        self.code().label()
    }

    fn place(&mut self, label: Label) {
        self.code().place(label);
    }

    /// The 1-based line of a byte offset.
    fn line_of(&self, offset: usize) -> u32 {
        match self.line_starts.binary_search(&offset) {
            Ok(index) => index as u32 + 1,
            Err(index) => index as u32,
        }
    }

    /// Makes later instructions carry the line where `span` starts.
    fn set_line(&mut self, span: Span) {
        let line = self.line_of(span.start);
        self.code().line = line;
    }

    fn error<T>(&self, message: impl Into<String>, span: Span) -> Result<T, CompileError> {
        Err(CompileError {
            message: message.into(),
            span,
        })
    }

    fn emit_return_none(&mut self) {
        let none = self.code().constant(crate::objects::Value::None);
        self.emit(Opcode::LoadConst(none));
        self.emit(Opcode::ReturnValue);
    }

    /// Emits the load of a variable, choosing the opcode from its scope.
    fn load_name(&mut self, name: &str) {
        let ops = [
            Opcode::LoadFast,
            Opcode::LoadDeref,
            Opcode::LoadGlobal,
            Opcode::LoadName,
        ];
        self.emit_name_access(name, ops);
    }

    /// Emits the store of a variable.
    fn store_name(&mut self, name: &str) {
        let ops = [
            Opcode::StoreFast,
            Opcode::StoreDeref,
            Opcode::StoreGlobal,
            Opcode::StoreName,
        ];
        self.emit_name_access(name, ops);
    }

    /// Emits the deletion of a variable.
    fn delete_name(&mut self, name: &str) {
        let ops = [
            Opcode::DeleteFast,
            Opcode::DeleteDeref,
            Opcode::DeleteGlobal,
            Opcode::DeleteName,
        ];
        self.emit_name_access(name, ops);
    }

    /// Emits one of four opcodes for a name, by where scope analysis put it:
    /// `[fast local, cell, global, namespace]`, each with its own operand.
    fn emit_name_access(&mut self, name: &str, ops: [fn(u32) -> Opcode; 4]) {
        let [fast, deref, global, namespace] = ops;
        let op = match self.code().scope.lookup(name) {
            NameScope::Local => fast(self.code().local(name)),
            NameScope::Cell | NameScope::Free => deref(self.code().cell(name)),
            NameScope::Global => global(self.code().name(name)),
            NameScope::Namespace => namespace(self.code().name(name)),
        };
        self.emit(op);
    }
}
