//! `CodeBuilder`: the growing code object of one scope, with labels, the
//! line table and the exception table.
//!
//! Jumps are emitted to labels and patched once every label has a place.
//! Each instruction records the innermost `try` handler active when it was
//! emitted; runs of instructions with the same handler become the entries of
//! the exception table, so entering a `try` costs nothing at run time.

use super::code::{CodeBody, CodeFlags, CodeObject, ExceptionTableEntry};
use super::opcode::{ConstIdx, NameIdx, Opcode};
use super::scope::Scope;
use crate::objects::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A jump destination not yet placed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Label(pub u32);

/// An active `try` region: where exceptions go and the stack depth there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handler {
    pub label: Label,
    pub depth: u32,
}

/// A code object under construction.
pub struct CodeBuilder<'s> {
    pub scope: &'s Scope,
    pub name: String,
    pub qualname: String,
    pub first_line: u32,
    pub line: u32,
    pub instructions: Vec<Opcode>,
    lines: Vec<u32>,
    instruction_handlers: Vec<Option<Handler>>,
    pub handler_stack: Vec<Handler>,
    labels: Vec<Option<u32>>,
    constants: Vec<Value>,
    names: Vec<Value>,
    name_index: HashMap<String, NameIdx>,
    pub varnames: Vec<String>,
    /// Values that enclosing constructs keep on the stack here (loop
    /// iterators, saved exceptions): the depth a handler cuts back to.
    pub depth: u32,
    /// The docstring of the function being compiled, if it has one.
    pub docstring: Option<String>,
}

impl<'s> CodeBuilder<'s> {
    /// An empty code object for `scope`, starting at `first_line`.
    pub fn new(scope: &'s Scope, name: &str, qualname: &str, first_line: u32) -> CodeBuilder<'s> {
        let mut varnames = scope.parameters.clone();
        let mut locals: Vec<&String> = scope
            .names
            .iter()
            .filter(|(n, s)| **s == super::scope::NameScope::Local && !varnames.contains(n))
            .map(|(n, _)| n)
            .collect();
        locals.sort();
        varnames.extend(locals.into_iter().cloned());
        CodeBuilder {
            scope,
            name: name.to_string(),
            qualname: qualname.to_string(),
            first_line,
            line: first_line,
            instructions: Vec::new(),
            lines: Vec::new(),
            instruction_handlers: Vec::new(),
            handler_stack: Vec::new(),
            labels: Vec::new(),
            constants: Vec::new(),
            names: Vec::new(),
            name_index: HashMap::new(),
            varnames,
            depth: 0,
            docstring: None,
        }
    }

    /// Appends an instruction at the current line.
    pub fn emit(&mut self, op: Opcode) {
        self.instructions.push(op);
        self.lines.push(self.line);
        self.instruction_handlers
            .push(self.handler_stack.last().copied());
    }

    /// A fresh, unplaced label.
    pub fn label(&mut self) -> Label {
        self.labels.push(None);
        Label(self.labels.len() as u32 - 1)
    }

    /// Places `label` at the next instruction.
    pub fn place(&mut self, label: Label) {
        self.labels[label.0 as usize] = Some(self.instructions.len() as u32);
    }

    /// Emits a jump-like instruction to `label` (patched in `finish`).
    pub fn emit_jump(&mut self, make: fn(u32) -> Opcode, label: Label) {
        self.emit(make(label.0));
    }

    /// The index of `value` among the constants, adding it if new.
    pub fn constant(&mut self, value: Value) -> ConstIdx {
        let found = self.constants.iter().position(|c| same_constant(c, &value));
        let index = found.unwrap_or_else(|| {
            self.constants.push(value);
            self.constants.len() - 1
        });
        index as ConstIdx
    }

    /// The index of `name` among the names, adding it if new.
    pub fn name(&mut self, name: &str) -> NameIdx {
        if let Some(index) = self.name_index.get(name) {
            return *index;
        }
        let index = self.names.len() as NameIdx;
        self.names
            .push(Value::Str(crate::objects::str::intern(name)));
        self.name_index.insert(name.to_string(), index);
        index
    }

    /// The fast-local slot of `name`.
    pub fn local(&mut self, name: &str) -> u32 {
        match self.varnames.iter().position(|n| n == name) {
            Some(index) => index as u32,
            None => {
                self.varnames.push(name.to_string());
                self.varnames.len() as u32 - 1
            }
        }
    }

    /// The cell slot of `name`: cellvars first, then freevars.
    pub fn cell(&self, name: &str) -> u32 {
        let cells = &self.scope.cellvars;
        match cells.iter().position(|n| n == name) {
            Some(index) => index as u32,
            None => {
                let free = self
                    .scope
                    .freevars
                    .iter()
                    .position(|n| n == name)
                    .unwrap_or(0);
                (cells.len() + free) as u32
            }
        }
    }

    /// Patches the jumps and builds the finished code object.
    pub fn finish(
        mut self,
        filename: &str,
        argcounts: (u32, u32, u32),
        flags: CodeFlags,
    ) -> CodeObject {
        let places: Vec<u32> = self.labels.iter().map(|p| p.unwrap_or(0)).collect();
        for op in self.instructions.iter_mut() {
            if let Some(label) = op.target() {
                *op = op.with_target(places[label as usize]);
            }
        }
        let exception_table = self.exception_table(&places);
        let cell_parameters = self
            .scope
            .cellvars
            .iter()
            .enumerate()
            .filter_map(|(cell, name)| {
                let parameter = self.scope.parameters.iter().position(|p| p == name)?;
                Some((cell as u32, parameter as u32))
            })
            .collect();
        CodeObject {
            name: self.name,
            qualname: self.qualname,
            filename: filename.to_string(),
            first_line: self.first_line,
            varnames: self.varnames,
            cellvars: self.scope.cellvars.clone(),
            freevars: self.scope.freevars.clone(),
            cell_parameters,
            argcount: argcounts.0,
            posonlyargcount: argcounts.1,
            kwonlyargcount: argcounts.2,
            flags,
            docstring: self.docstring,
            decoded: OnceLock::from(CodeBody {
                instructions: self.instructions,
                lines: self.lines,
                constants: self.constants,
                names: self.names,
                exception_table,
            }),
            encoded: None,
        }
    }

    /// Coalesces the per-instruction handlers into table entries.
    fn exception_table(&self, places: &[u32]) -> Vec<ExceptionTableEntry> {
        let mut table: Vec<ExceptionTableEntry> = Vec::new();
        for (index, handler) in self.instruction_handlers.iter().enumerate() {
            let Some(handler) = handler else { continue };
            let target = places[handler.label.0 as usize];
            let index = index as u32;
            match table.last_mut() {
                Some(last)
                    if last.end == index
                        && last.handler == target
                        && last.depth == handler.depth =>
                {
                    last.end = index + 1;
                }
                _ => table.push(ExceptionTableEntry {
                    start: index,
                    end: index + 1,
                    handler: target,
                    depth: handler.depth,
                }),
            }
        }
        table
    }
}

/// Constants are shared only when they are the same value of the same type
/// (`1`, `1.0` and `True` are equal in Python but must stay distinct here).
fn same_constant(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Float(x), Value::Float(y)) => x.to_bits() == y.to_bits(),
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::None, Value::None) => true,
        (Value::Str(x), Value::Str(y)) => x.as_str() == y.as_str(),
        _ => false,
    }
}
