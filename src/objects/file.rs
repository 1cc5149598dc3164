//! File objects: `sys.stdout`, `sys.stderr`, `sys.stdin` (and, later, the
//! files `open()` returns).
//!
//! Standard output is block-buffered when it is not a terminal, as in
//! CPython, so a script that prints a lot makes few system calls; it is
//! flushed at exit, on `flush()`, and before `input()` shows a prompt.

use super::Value;
use crate::runtime::gil::new_cell;
use qcell::QCell;
use std::io::{BufRead, IsTerminal, Write};
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
        Value::File(Arc::new(PyFile { stream, name, buffer: new_cell(Vec::new()), line_buffered }))
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
}

crate::objects::opaque_debug!(PyFile, "file");
