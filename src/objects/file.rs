//! File objects: `sys.stdout`, `sys.stderr`, `sys.stdin` (and, later, the
//! files `open()` returns).
//!
//! Standard output is block-buffered when it is not a terminal, as in
//! CPython, so a script that prints a lot makes few system calls; it is
//! flushed at exit, on `flush()`, and before `input()` shows a prompt.
//!
//! The methods at the end (`write`, `readline` ...) release the GIL around
//! the blocking system call, so other threads run while one waits on input.

use super::exception::{raise, type_error, PyException};
use super::function::Args;
use super::method_args::{no_arguments, one_argument, positional};
use super::type_object::{type_name, ExceptionKind};
use super::{PyResult, Value};
use crate::modules::builtins;
use crate::runtime::gil::{allow_threads, new_cell};
use crate::vm::Vm;
use qcell::QCell;
use std::io::{BufRead, IsTerminal, Read, Write};
use std::sync::Arc;

/// Which stream a file object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdin,
    Stdout,
    Stderr,
}

/// An open text stream.
pub struct PyFile {
    pub stream: Stream,
    pub name: &'static str,
    pub buffer: QCell<Vec<u8>>,
    /// Flush after every write ending in a newline (a terminal).
    line_buffered: bool,
}

impl PyFile {
    /// The object for one of the standard streams.
    pub fn standard(stream: Stream) -> Value {
        let (name, line_buffered) = match stream {
            Stream::Stdin => ("<stdin>", true),
            Stream::Stdout => ("<stdout>", std::io::stdout().is_terminal()),
            Stream::Stderr => ("<stderr>", true),
        };
        Value::File(Arc::new(PyFile {
            stream,
            name,
            buffer: new_cell(Vec::new()),
            line_buffered,
        }))
    }

    /// Appends text; the bytes reach the OS when the buffer fills, at a
    /// newline on a terminal, or on `flush`. Returns the bytes to write now.
    pub fn write_buffered(&self, owner: &mut qcell::QCellOwner, text: &str) -> Option<Vec<u8>> {
        let buffer = self.buffer.rw(owner);
        buffer.extend_from_slice(text.as_bytes());
        let flush_now = self.stream == Stream::Stderr
            || (self.line_buffered && text.contains('\n'))
            || buffer.len() >= 8192;
        flush_now.then(|| std::mem::take(buffer))
    }

    /// Takes everything buffered, to be written out.
    pub fn take_buffer(&self, owner: &mut qcell::QCellOwner) -> Vec<u8> {
        std::mem::take(self.buffer.rw(owner))
    }

    /// Writes bytes to the stream itself (call without holding the GIL).
    pub fn write_raw(stream: Stream, bytes: &[u8]) -> std::io::Result<()> {
        match stream {
            Stream::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            Stream::Stderr => std::io::stderr().write_all(bytes),
            Stream::Stdin => Ok(()),
        }
    }

    /// Reads one line from standard input (call without holding the GIL);
    /// empty at end of file.
    pub fn read_line() -> std::io::Result<String> {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok(line)
    }

    /// Reads the rest of standard input (call without holding the GIL).
    pub fn read_all() -> std::io::Result<String> {
        let mut text = String::new();
        std::io::stdin().lock().read_to_string(&mut text)?;
        Ok(text)
    }
}

/// The `PyFile` a method was called on.
fn receiver(value: &Value) -> PyResult<Arc<PyFile>> {
    match value {
        Value::File(file) => Ok(file.clone()),
        other => type_error(format!(
            "descriptor for file objects doesn't apply to a '{}' object",
            type_name(other)
        )),
    }
}

/// The error for reading a file opened for writing, or the reverse
/// (CPython's `io.UnsupportedOperation`, an `OSError`).
fn unsupported<T>(what: &str) -> PyResult<T> {
    raise(ExceptionKind::OSError, what)
}

/// An I/O failure as `OSError`.
fn os_error(error: std::io::Error) -> PyException {
    PyException::new(ExceptionKind::OSError, error.to_string())
}

/// `file.write(text)`: returns the number of characters written.
fn write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, text) = one_argument(args, "TextIOWrapper.write")?;
    if receiver(&file)?.stream == Stream::Stdin {
        return unsupported("not writable");
    }
    let Value::Str(text) = text else {
        return type_error(format!(
            "write() argument must be str, not {}",
            type_name(&text)
        ));
    };
    builtins::write_text(vm, &file, text.as_str())?;
    Ok(Value::Int(text.char_count() as i64))
}

/// `file.flush()`.
fn flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = no_arguments(args, "TextIOWrapper.flush")?;
    receiver(&file)?;
    builtins::flush(vm, &file)?;
    Ok(Value::None)
}

/// `file.readline()`: one line with its newline; `''` at end of file.
fn readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, _size) = positional(args, "TextIOWrapper.readline", 0, 1)?;
    if receiver(&file)?.stream != Stream::Stdin {
        return unsupported("not readable");
    }
    let line = allow_threads(&mut vm.token, PyFile::read_line).map_err(os_error)?;
    Ok(Value::str(line))
}

/// `file.read()`: everything up to end of file.
fn read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, _size) = positional(args, "TextIOWrapper.read", 0, 1)?;
    if receiver(&file)?.stream != Stream::Stdin {
        return unsupported("not readable");
    }
    let text = allow_threads(&mut vm.token, PyFile::read_all).map_err(os_error)?;
    Ok(Value::str(text))
}

/// `file.isatty()`.
fn isatty(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.isatty")?)?;
    Ok(Value::Bool(match file.stream {
        Stream::Stdin => std::io::stdin().is_terminal(),
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    }))
}

/// `file.fileno()`: 0, 1 or 2.
fn fileno(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.fileno")?)?;
    Ok(Value::Int(match file.stream {
        Stream::Stdin => 0,
        Stream::Stdout => 1,
        Stream::Stderr => 2,
    }))
}

/// The methods of file objects, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("write", write),
    ("flush", flush),
    ("readline", readline),
    ("read", read),
    ("isatty", isatty),
    ("fileno", fileno),
];

crate::objects::opaque_debug!(PyFile, "file");
