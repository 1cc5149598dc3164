//! The disk side of the files `open()` returns: the parsed mode, the OS
//! handle, and the two buffers between the script and the OS.
//!
//! Notes about the implementation
//! ------------------------------
//! As CPython's `BufferedRandom`, a file keeps two buffers, both in its GIL
//! cell (`DiskState`): `pending`, bytes written but not yet given to the OS
//! (written out at 8 KiB, on `flush`, `seek`, `tell`, a read, `close`, when
//! the object dies, and at exit through `flush_all`), and the read-ahead,
//! bytes fetched from the OS in 8 KiB chunks and not yet returned. A text
//! file decodes each chunk as it arrives (an incomplete UTF-8 sequence at the
//! end of a chunk waits in `undecoded` for the next one), so a bad byte
//! raises `UnicodeDecodeError` on the read that fetches it, with the position
//! CPython gives: counted from the start of the chunk.
//!
//! The OS handle is an `Arc<std::fs::File>`: `&File` implements `Read`,
//! `Write` and `Seek`, so a clone of the `Arc` does the system call with the
//! GIL released (`allow_threads`) while the buffers stay behind the lock.

use super::text::Newline;
use crate::modules::os::os_error;
use crate::objects::bytes::codecs;
use crate::objects::dict::{DictData, PyDict};
use crate::objects::exception::{value_error, ExceptionObject, PyException};
use crate::objects::type_object::{ExceptionKind, TypeKind, TypeObject, TYPES};
use crate::objects::{PyResult, Value};
use crate::runtime::gil::{allow_threads, new_cell};
use crate::vm::Vm;
use qcell::QCell;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::{Arc, LazyLock};

/// How many bytes one read asks the OS for, and how many writes may wait.
const CHUNK: usize = 8192;

/// What `open()`'s mode string asked for.
pub struct Mode {
    /// What `f.mode` shows: the argument for text, FileIO's form for binary.
    pub shown: String,
    pub readable: bool,
    pub writable: bool,
    pub binary: bool,
    /// False when none of r, w, x, a was given (checked after the others).
    pub kind_given: bool,
    options: std::fs::OpenOptions,
}

/// Parses a mode string with CPython's checks, in CPython's order; the
/// checks that depend on `encoding` and `newline` are left to `open`.
pub fn parse_mode(mode: &str) -> PyResult<Mode> {
    let mut seen = String::new();
    for letter in mode.chars() {
        if !"rwxabt+".contains(letter) || seen.contains(letter) {
            return value_error(format!("invalid mode: '{mode}'"));
        }
        seen.push(letter);
    }
    let has = |letter| seen.contains(letter);
    if has('t') && has('b') {
        return value_error("can't have text and binary mode at once");
    }
    let kinds = ['r', 'w', 'x', 'a'].iter().filter(|k| has(**k)).count();
    if kinds > 1 {
        return value_error("must have exactly one of create/read/write/append mode");
    }
    let update = has('+');
    let writes = has('w') || has('x') || has('a');
    let mut options = std::fs::OpenOptions::new();
    options
        .read(has('r') || update)
        .write(writes || update)
        .append(has('a'))
        .truncate(has('w'))
        .create(has('w') || has('a'))
        .create_new(has('x'));
    Ok(Mode {
        shown: if has('b') {
            binary_name(&seen)
        } else {
            mode.to_string()
        },
        readable: has('r') || update,
        writable: writes || update,
        binary: has('b'),
        kind_given: kinds == 1,
        options,
    })
}

/// The mode a binary file reports (`FileIO.mode`): `w+b` shows as `rb+`.
fn binary_name(letters: &str) -> String {
    let update = if letters.contains('+') { "+" } else { "" };
    let base = match () {
        _ if letters.contains('x') => "xb",
        _ if letters.contains('a') => "ab",
        _ if !update.is_empty() || letters.contains('r') => "rb",
        _ => "wb",
    };
    format!("{base}{update}")
}

/// The part of a file object that only files on disk have.
pub struct DiskFile {
    pub mode: Mode,
    /// Newline handling of a text file (`Newline::Universal` for binary ones).
    pub newline: Newline,
    /// What `f.encoding` shows (`UTF-8` when `open` was given none).
    pub encoding: String,
    pub state: QCell<DiskState>,
}

/// The mutable part of a disk file, behind the GIL.
#[derive(Default)]
pub struct DiskState {
    /// `None` once the file is closed.
    pub handle: Option<Arc<File>>,
    /// Written bytes not yet given to the OS.
    pub pending: Vec<u8>,
    /// Binary files: bytes read ahead. Text files: the start of a UTF-8
    /// sequence that the next chunk completes.
    pub undecoded: Vec<u8>,
    /// Text files: decoded text read ahead.
    pub decoded: String,
    /// How much of `undecoded` (binary) or `decoded` (text) is already returned.
    pub start: usize,
}

impl DiskState {
    /// How many bytes read from the OS have not been returned yet.
    pub fn unread(&self, binary: bool) -> usize {
        if binary {
            self.undecoded.len() - self.start
        } else {
            self.decoded.len() - self.start + self.undecoded.len()
        }
    }

    /// Forgets the read-ahead (before a seek or a write).
    fn discard_read_ahead(&mut self) {
        self.undecoded.clear();
        self.decoded.clear();
        self.start = 0;
    }

    /// Drops the part of the read-ahead already returned.
    fn compact(&mut self, binary: bool) {
        if binary {
            self.undecoded.drain(..self.start);
        } else {
            self.decoded.drain(..self.start);
        }
        self.start = 0;
    }
}

/// `ValueError: I/O operation on closed file.`
pub fn closed_error<T>() -> PyResult<T> {
    value_error("I/O operation on closed file.")
}

/// `io.UnsupportedOperation`, raised for `read` on a file opened for
/// writing and the like. CPython's class derives from both `OSError` and
/// `ValueError`; pyl has single inheritance, so it derives from `OSError`.
pub static UNSUPPORTED_OPERATION: LazyLock<Arc<TypeObject>> = LazyLock::new(|| {
    let mut namespace = DictData::default();
    let entries = [
        ("__module__", Value::str("io")),
        ("__qualname__", Value::str("UnsupportedOperation")),
        ("__doc__", Value::None),
    ];
    for (name, value) in entries {
        let key = Value::str(name);
        let hash = match &key {
            Value::Str(text) => text.hash(),
            _ => 0,
        };
        namespace.insert_hashed(key, hash, value);
    }
    Arc::new(TypeObject {
        name: "UnsupportedOperation".to_string(),
        base: Some(TYPES.exception(ExceptionKind::OSError).clone()),
        kind: TypeKind::Exception,
        dict: Some(Arc::new(PyDict::from_data(namespace))),
    })
});

/// `io.UnsupportedOperation: not readable`.
pub fn unsupported<T>(what: &str) -> PyResult<T> {
    let class = UNSUPPORTED_OPERATION.clone();
    let exception = ExceptionObject::new(class, vec![Value::str(what)]);
    Err(PyException(Arc::new(exception)))
}

impl DiskFile {
    /// Opens `path` (the OS call runs without the GIL).
    pub fn open(
        vm: &mut Vm,
        path: &str,
        mode: Mode,
        newline: Newline,
        encoding: String,
    ) -> PyResult<DiskFile> {
        let opened = allow_threads(&mut vm.token, || {
            let file = mode.options.open(path)?;
            // open(2) lets a directory be opened for reading; CPython refuses.
            if file.metadata()?.is_dir() {
                return Err(std::io::Error::from_raw_os_error(21));
            }
            Ok(file)
        });
        let handle = opened.map_err(|error| os_error(&error, Some(path)))?;
        let state = DiskState {
            handle: Some(Arc::new(handle)),
            ..DiskState::default()
        };
        Ok(DiskFile {
            mode,
            newline,
            encoding,
            state: new_cell(state),
        })
    }

    /// The OS handle, or the closed-file error.
    pub fn handle(&self, vm: &Vm) -> PyResult<Arc<File>> {
        match &self.state.ro(&vm.token).handle {
            Some(handle) => Ok(handle.clone()),
            None => closed_error(),
        }
    }

    /// True once `close` ran.
    pub fn is_closed(&self, owner: &qcell::QCellOwner) -> bool {
        self.state.ro(owner).handle.is_none()
    }

    /// Gives the pending bytes to the OS.
    pub fn flush(&self, vm: &mut Vm) -> PyResult<()> {
        let handle = self.handle(vm)?;
        let bytes = std::mem::take(&mut self.state.rw(&mut vm.token).pending);
        if bytes.is_empty() {
            return Ok(());
        }
        allow_threads(&mut vm.token, || (&*handle).write_all(&bytes))
            .map_err(|error| os_error(&error, None))
    }

    /// Buffers bytes to write. A binary file first steps the OS back over
    /// its read-ahead, so the bytes land where the script is; a text file
    /// does not, as CPython's `TextIOWrapper` (its chunk was consumed).
    pub fn write(&self, vm: &mut Vm, bytes: &[u8]) -> PyResult<()> {
        let handle = self.handle(vm)?;
        if !self.mode.writable {
            return unsupported("not writable");
        }
        let unread = self.state.ro(&vm.token).unread(self.mode.binary);
        if unread > 0 && self.mode.binary {
            let back = SeekFrom::Current(-(unread as i64));
            allow_threads(&mut vm.token, || (&*handle).seek(back))
                .map_err(|error| os_error(&error, None))?;
        }
        let state = self.state.rw(&mut vm.token);
        state.discard_read_ahead();
        state.pending.extend_from_slice(bytes);
        if state.pending.len() >= CHUNK {
            self.flush(vm)?;
        }
        Ok(())
    }

    /// Checks a read may happen, and writes out what is pending first.
    pub fn prepare_read(&self, vm: &mut Vm) -> PyResult<()> {
        self.handle(vm)?;
        if !self.mode.readable {
            return unsupported("not readable");
        }
        self.flush(vm)
    }

    /// Reads the next chunk into the read-ahead; how many bytes came (0 at
    /// end of file). `to_end` reads everything left instead of one chunk.
    pub fn fill(&self, vm: &mut Vm, to_end: bool) -> PyResult<usize> {
        let handle = self.handle(vm)?;
        let chunk = allow_threads(&mut vm.token, || {
            let mut chunk = Vec::new();
            if to_end {
                (&*handle).read_to_end(&mut chunk)?;
            } else {
                (&*handle).take(CHUNK as u64).read_to_end(&mut chunk)?;
            }
            Ok(chunk)
        });
        let chunk = chunk.map_err(|error: std::io::Error| os_error(&error, None))?;
        let state = self.state.rw(&mut vm.token);
        state.compact(self.mode.binary);
        state.undecoded.extend_from_slice(&chunk);
        if !self.mode.binary {
            decode(state, chunk.is_empty())?;
        }
        Ok(chunk.len())
    }

    /// Moves to `position`, returning the new offset from the start.
    pub fn seek(&self, vm: &mut Vm, mut position: SeekFrom) -> PyResult<u64> {
        self.flush(vm)?;
        let handle = self.handle(vm)?;
        let state = self.state.rw(&mut vm.token);
        // The OS is ahead of the script by the read-ahead.
        if let SeekFrom::Current(offset) = position {
            position = SeekFrom::Current(offset - state.unread(self.mode.binary) as i64);
        }
        state.discard_read_ahead();
        allow_threads(&mut vm.token, || (&*handle).seek(position))
            .map_err(|error| os_error(&error, None))
    }

    /// Where the script is: the OS offset, less what was read ahead.
    pub fn tell(&self, vm: &mut Vm) -> PyResult<u64> {
        self.flush(vm)?;
        let handle = self.handle(vm)?;
        let offset = allow_threads(&mut vm.token, || (&*handle).stream_position())
            .map_err(|error| os_error(&error, None))?;
        let unread = self.state.ro(&vm.token).unread(self.mode.binary) as u64;
        Ok(offset.saturating_sub(unread))
    }

    /// Flushes and lets go of the handle; closing twice does nothing. The
    /// file counts as closed even when the flush fails, as in CPython.
    pub fn close(&self, vm: &mut Vm) -> PyResult<()> {
        if self.is_closed(&vm.token) {
            return Ok(());
        }
        let flushed = self.flush(vm);
        let state = self.state.rw(&mut vm.token);
        state.handle = None;
        state.discard_read_ahead();
        flushed
    }

    /// Writes out what is pending when the object dies without `close`
    /// (no GIL token here: `get_mut` proves nobody else can see the file).
    pub fn flush_on_drop(&mut self) {
        let state = self.state.get_mut();
        if let Some(handle) = &state.handle {
            let _ = (&**handle).write_all(&state.pending);
        }
    }
}

/// Moves the complete UTF-8 text at the front of `undecoded` into
/// `decoded`. Bad bytes, or a sequence cut off by the end of the file
/// (`at_end`), raise CPython's `UnicodeDecodeError`.
fn decode(state: &mut DiskState, at_end: bool) -> PyResult<()> {
    let valid = match std::str::from_utf8(&state.undecoded) {
        Ok(text) => {
            state.decoded.push_str(text);
            state.undecoded.clear();
            return Ok(());
        }
        Err(error) if error.error_len().is_none() && !at_end => error.valid_up_to(),
        Err(_) => return Err(decode_error(&state.undecoded)),
    };
    let text = std::str::from_utf8(&state.undecoded[..valid]).unwrap_or_default();
    state.decoded.push_str(text);
    state.undecoded.drain(..valid);
    Ok(())
}

/// The `UnicodeDecodeError` for bytes known to be bad UTF-8.
fn decode_error(bytes: &[u8]) -> PyException {
    match codecs::decode(bytes, "utf-8", "strict") {
        Err(error) => error,
        Ok(_) => PyException::new(ExceptionKind::UnicodeDecodeError, "invalid utf-8"),
    }
}
