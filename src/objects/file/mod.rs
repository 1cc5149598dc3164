//! File objects: the standard streams (`sys.stdout`, `sys.stderr`,
//! `sys.stdin`) and the files `open()` returns (`disk.rs`).
//!
//! Standard output is block-buffered when it is not a terminal, as in
//! CPython, so a script that prints a lot makes few system calls; it is
//! flushed at exit, on `flush()`, and before `input()` shows a prompt. A
//! disk file buffers too (see `disk.rs`); `flush_all` writes out every
//! file still open when the program ends.
//!
//! The methods (`methods.rs`) release the GIL around every blocking system
//! call, so other threads run while one waits on a disk or on input.

mod disk;
mod methods;
mod read;
mod text;

pub use disk::{parse_mode, DiskFile};
pub use methods::{next_line, METHODS};
pub use text::Newline;

use super::{PyResult, Value};
use crate::runtime::gil::{new_cell, GilToken};
use crate::vm::Vm;
use qcell::{QCell, QCellOwner};
use std::io::{BufRead, IsTerminal, Read, Write};
use std::sync::{Arc, LazyLock, Weak};

/// Which stream a file object is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    Stdin,
    Stdout,
    Stderr,
    /// A file `open()` made: its handle and buffers are in `PyFile::disk`.
    Disk,
}

/// An open file: a standard stream, or a file on disk.
pub struct PyFile {
    pub stream: Stream,
    /// The name `repr` and `f.name` show: `<stdout>`, or the path opened.
    pub name: String,
    /// Standard streams: output waiting to be written.
    pub buffer: QCell<Vec<u8>>,
    /// Flush after every write ending in a newline (a terminal).
    line_buffered: bool,
    /// The disk file's state; `None` for the standard streams.
    pub disk: Option<DiskFile>,
}

/// Every file `open()` made that may still be open, for `flush_all`.
static OPEN_FILES: LazyLock<QCell<Vec<Weak<PyFile>>>> = LazyLock::new(|| new_cell(Vec::new()));

impl PyFile {
    /// The object for one of the standard streams.
    pub fn standard(stream: Stream) -> Value {
        let (name, line_buffered) = match stream {
            Stream::Stdin => ("<stdin>", true),
            Stream::Stdout => ("<stdout>", std::io::stdout().is_terminal()),
            Stream::Stderr | Stream::Disk => ("<stderr>", true),
        };
        Value::File(Arc::new(PyFile {
            stream,
            name: name.to_string(),
            buffer: new_cell(Vec::new()),
            line_buffered,
            disk: None,
        }))
    }

    /// The object for a file `open()` opened, registered for `flush_all`.
    pub fn from_disk(token: &mut GilToken, name: String, disk: DiskFile) -> Value {
        let file = Arc::new(PyFile {
            stream: Stream::Disk,
            name,
            buffer: new_cell(Vec::new()),
            line_buffered: false,
            disk: Some(disk),
        });
        let open_files = OPEN_FILES.rw(token);
        open_files.retain(|weak| weak.strong_count() > 0);
        open_files.push(Arc::downgrade(&file));
        Value::File(file)
    }

    /// Appends text; the bytes reach the OS when the buffer fills, at a
    /// newline on a terminal, or on `flush`. Returns the bytes to write now.
    /// A disk file (`print(..., file=f)`) keeps them in its own buffer.
    pub fn write_buffered(&self, owner: &mut QCellOwner, text: &str) -> Option<Vec<u8>> {
        if let Some(disk) = &self.disk {
            let state = disk.state.rw(owner);
            if state.handle.is_some() {
                state
                    .pending
                    .extend_from_slice(disk.newline.for_write(text).as_bytes());
            }
            return None;
        }
        let buffer = self.buffer.rw(owner);
        buffer.extend_from_slice(text.as_bytes());
        let flush_now = self.stream == Stream::Stderr
            || (self.line_buffered && text.contains('\n'))
            || buffer.len() >= 8192;
        flush_now.then(|| std::mem::take(buffer))
    }

    /// Takes everything a standard stream buffered, to be written out.
    pub fn take_buffer(&self, owner: &mut QCellOwner) -> Vec<u8> {
        std::mem::take(self.buffer.rw(owner))
    }

    /// Writes bytes to a standard stream (call without holding the GIL).
    pub fn write_raw(stream: Stream, bytes: &[u8]) -> std::io::Result<()> {
        match stream {
            Stream::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)?;
                out.flush()
            }
            Stream::Stderr => std::io::stderr().write_all(bytes),
            Stream::Stdin | Stream::Disk => Ok(()),
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

    /// True once a disk file was closed (the standard streams stay open).
    pub fn is_closed(&self, owner: &QCellOwner) -> bool {
        self.disk.as_ref().is_some_and(|disk| disk.is_closed(owner))
    }

    /// The data attributes: `closed`, `name`, `mode`, `encoding`.
    pub fn attribute(&self, owner: &QCellOwner, name: &str) -> Option<Value> {
        let binary = self.disk.as_ref().is_some_and(|disk| disk.mode.binary);
        Some(match name {
            "closed" => Value::Bool(self.is_closed(owner)),
            "name" => Value::str(self.name.clone()),
            "mode" => Value::str(self.mode()),
            "encoding" if !binary => Value::str(match &self.disk {
                Some(disk) => disk.encoding.clone(),
                None => "utf-8".to_string(),
            }),
            _ => return None,
        })
    }

    /// What `f.mode` shows.
    fn mode(&self) -> String {
        match (&self.disk, self.stream) {
            (Some(disk), _) => disk.mode.shown.clone(),
            (None, Stream::Stdin) => "r".to_string(),
            (None, _) => "w".to_string(),
        }
    }

    /// The class name: `TextIOWrapper`, or for binary files the buffered
    /// class CPython picks by mode.
    pub fn class_name(&self) -> &'static str {
        match &self.disk {
            Some(disk) if disk.mode.binary => match (disk.mode.readable, disk.mode.writable) {
                (true, true) => "BufferedRandom",
                (true, false) => "BufferedReader",
                _ => "BufferedWriter",
            },
            _ => "TextIOWrapper",
        }
    }

    /// `repr(f)`: `<_io.TextIOWrapper name='a.txt' mode='r' encoding='UTF-8'>`.
    pub fn repr(&self) -> String {
        let name = super::str::repr(&self.name);
        let class = self.class_name();
        match &self.disk {
            Some(disk) if disk.mode.binary => format!("<_io.{class} name={name}>"),
            Some(disk) => format!(
                "<_io.{class} name={name} mode='{}' encoding='{}'>",
                disk.mode.shown, disk.encoding
            ),
            None => format!(
                "<_io.{class} name={name} mode='{}' encoding='utf-8'>",
                self.mode()
            ),
        }
    }
}

impl Drop for PyFile {
    /// A file dropped without `close()` still writes what it buffered, as
    /// CPython's file objects do when their last reference goes.
    fn drop(&mut self) {
        if let Some(disk) = &mut self.disk {
            disk.flush_on_drop();
        }
    }
}

/// Writes text to any file object (`print(..., file=f)`), releasing the
/// GIL while the OS writes.
pub fn write_text(vm: &mut Vm, file: &Arc<PyFile>, text: &str) -> PyResult<()> {
    methods::write_str(vm, file, text)
}

/// Flushes any file object.
pub fn flush(vm: &mut Vm, file: &Arc<PyFile>) -> PyResult<()> {
    methods::flush_file(vm, file)
}

/// `iter(f)`: a file is its own iterator (`for line in f`); ValueError
/// once closed.
pub fn iter(vm: &mut Vm, file: &Arc<PyFile>) -> PyResult<Value> {
    if file.is_closed(&vm.token) {
        return disk::closed_error();
    }
    Ok(Value::File(file.clone()))
}

/// Flushes every disk file still open: call once as the program ends, so
/// nothing a script wrote is lost. Failures are ignored, as CPython's
/// shutdown ignores them.
pub fn flush_all(vm: &mut Vm) {
    let files: Vec<Arc<PyFile>> = OPEN_FILES
        .ro(&vm.token)
        .iter()
        .filter_map(Weak::upgrade)
        .collect();
    for file in files {
        if let Some(disk) = &file.disk {
            if !disk.is_closed(&vm.token) {
                let _ = disk.flush(vm);
            }
        }
    }
}

crate::objects::opaque_debug!(PyFile, "file");
