//! `CodeObject`: the compiled form of a module, function or comprehension.

use super::opcode::Opcode;
use crate::objects::Value;
use serde::{Deserialize, Serialize};
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Where control goes when an instruction in `start..end` raises: the
/// stack is cut back to `depth` values, the exception pushed, and execution
/// continues at `handler` (CPython 3.11's exception table).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExceptionTableEntry {
    pub start: u32,
    pub end: u32,
    pub handler: u32,
    pub depth: u32,
}

/// Facts about a code object that calls need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeFlags {
    /// Has a `*args` parameter (its slot follows the keyword-only ones).
    pub varargs: bool,
    /// Has a `**kwargs` parameter (its slot follows `*args`).
    pub varkeywords: bool,
    /// Runs with `LoadName`/`StoreName` on a namespace dict (module level).
    pub uses_namespace: bool,
    /// Contains `yield`: a call returns a generator instead of running it.
    pub generator: bool,
}

/// Compiled code: a header (its names, parameters and flags) and a body
/// (the instructions and the tables their operands index).
///
/// A code object compiled here has its body at once. One received from
/// another process (`runtime/wire_code.rs`) keeps its body encoded until
/// the first frame runs it, so a child that loads the parent's library
/// decodes only the functions it calls.
#[derive(Debug)]
pub struct CodeObject {
    /// The function's name (`<module>`, `<lambda>`, `<listcomp>` ...).
    pub name: String,
    /// The dotted name that `repr` shows (`outer.<locals>.inner`).
    pub qualname: String,
    pub filename: String,
    pub first_line: u32,
    /// Fast locals: the parameters first, in order, then the other locals.
    pub varnames: Vec<String>,
    /// Locals that nested functions capture.
    pub cellvars: Vec<String>,
    /// Variables captured from enclosing functions.
    pub freevars: Vec<String>,
    /// For each cellvar that is also a parameter, that parameter's index.
    pub cell_parameters: Vec<(u32, u32)>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: CodeFlags,
    /// The docstring: the body's first statement, when it is a string literal.
    pub docstring: Option<String>,
    /// The body, once it is known: see `body()`.
    pub decoded: OnceLock<CodeBody>,
    /// A received body's wire form, kept to be decoded when it first runs
    /// (and to be sent on as it is).
    pub encoded: Option<EncodedBody>,
}

/// Bytes that many code objects share: the buffer they arrived in.
pub type SharedBytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// A received body in its wire form: a stretch of the buffer it arrived
/// in. The bodies nested in it (a class's methods, a function's lambdas)
/// are stretches of the same buffer, so no body is copied to be kept.
#[derive(Clone)]
pub struct EncodedBody {
    buffer: SharedBytes,
    range: Range<usize>,
}

impl EncodedBody {
    /// All of `buffer`.
    pub fn whole(buffer: SharedBytes) -> EncodedBody {
        let range = 0..(*buffer).as_ref().len();
        EncodedBody { buffer, range }
    }

    /// The stretch of `buffer` that `bytes` is, if `bytes` lies in it.
    pub fn within(buffer: &SharedBytes, bytes: &[u8]) -> Option<EncodedBody> {
        let all = (**buffer).as_ref();
        let start = (bytes.as_ptr() as usize).checked_sub(all.as_ptr() as usize)?;
        let range = start..start + bytes.len();
        (range.end <= all.len()).then(|| EncodedBody {
            buffer: buffer.clone(),
            range,
        })
    }

    pub fn bytes(&self) -> &[u8] {
        &(*self.buffer).as_ref()[self.range.clone()]
    }

    /// The buffer the bytes are in.
    pub fn buffer(&self) -> &SharedBytes {
        &self.buffer
    }
}

impl std::fmt::Debug for EncodedBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "EncodedBody({} bytes)", self.range.len())
    }
}

/// What a code object runs.
#[derive(Debug)]
pub struct CodeBody {
    pub instructions: Vec<Opcode>,
    /// The source line of each instruction.
    pub lines: Vec<u32>,
    pub constants: Vec<Value>,
    /// Names of globals, attributes and imported modules.
    pub names: Vec<Value>,
    pub exception_table: Vec<ExceptionTableEntry>,
}

/// The body of a code object whose body is not decoded yet: nothing.
static NO_BODY: CodeBody = CodeBody {
    instructions: Vec::new(),
    lines: Vec::new(),
    constants: Vec::new(),
    names: Vec::new(),
    exception_table: Vec::new(),
};

impl CodeObject {
    /// The body. Every frame decodes its code's body before it runs
    /// (`Vm::decode_body`), so code that a frame runs always has it.
    #[inline(always)]
    pub fn body(&self) -> &CodeBody {
        self.decoded.get().unwrap_or(&NO_BODY)
    }

    /// The number of parameter slots: positional, keyword-only, `*args`, `**kwargs`.
    pub fn parameter_count(&self) -> usize {
        (self.argcount + self.kwonlyargcount) as usize
            + self.flags.varargs as usize
            + self.flags.varkeywords as usize
    }

    /// The line of the instruction at `index`.
    pub fn line_at(&self, index: usize) -> u32 {
        self.body()
            .lines
            .get(index)
            .copied()
            .unwrap_or(self.first_line)
    }

    /// The handler covering the instruction at `index`, if any.
    pub fn handler_for(&self, index: usize) -> Option<&ExceptionTableEntry> {
        let index = index as u32;
        self.body()
            .exception_table
            .iter()
            .find(|e| e.start <= index && index < e.end)
    }
}
