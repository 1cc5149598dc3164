//! The methods of file objects, for the standard streams and disk files
//! alike: `read`, `readline`, `write`, `close`, `seek`, `__enter__` ...
//!
//! Each checks its arguments with CPython's messages, then hands a disk
//! file to `disk.rs`/`read.rs` and a standard stream to the `PyFile`
//! functions in `mod.rs`. Every blocking call releases the GIL.

use super::disk::{closed_error, unsupported, DiskFile};
use super::{read, PyFile, Stream};
use crate::modules::os::os_error;
use crate::objects::exception::{type_error, value_error, PyException};
use crate::objects::function::{Args, NativeFn};
use crate::objects::method_args::{integer, no_arguments, one_argument, positional};
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::runtime::gil::allow_threads;
use crate::vm::Vm;
use std::io::{IsTerminal, SeekFrom};
use std::os::unix::io::AsRawFd;
use std::sync::Arc;

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

/// An I/O failure of a standard stream as `OSError`.
fn stream_error(error: std::io::Error) -> PyException {
    os_error(&error, None)
}

/// Writes a str to any file: a standard stream buffers it, a text file
/// encodes it with its newline rule, a binary file refuses it.
pub fn write_str(vm: &mut Vm, file: &PyFile, text: &str) -> PyResult<()> {
    let Some(disk) = &file.disk else {
        if let Some(bytes) = file.write_buffered(&mut vm.token, text) {
            let stream = file.stream;
            allow_threads(&mut vm.token, || PyFile::write_raw(stream, &bytes))
                .map_err(stream_error)?;
        }
        return Ok(());
    };
    if disk.mode.binary {
        return type_error("a bytes-like object is required, not 'str'");
    }
    disk.write(vm, disk.newline.for_write(text).as_bytes())
}

/// Writes out what any file buffered.
pub fn flush_file(vm: &mut Vm, file: &PyFile) -> PyResult<()> {
    if let Some(disk) = &file.disk {
        return disk.flush(vm);
    }
    let bytes = file.take_buffer(&mut vm.token);
    if bytes.is_empty() {
        return Ok(());
    }
    let stream = file.stream;
    allow_threads(&mut vm.token, || PyFile::write_raw(stream, &bytes)).map_err(stream_error)
}

/// Writes one item of `write`/`writelines`; returns the count `write` reports.
fn write_value(vm: &mut Vm, file: &PyFile, value: &Value) -> PyResult<usize> {
    if file.stream == Stream::Stdin {
        return unsupported("not writable");
    }
    match (&file.disk, value) {
        (Some(disk), Value::Bytes(data)) if disk.mode.binary => {
            disk.write(vm, data.as_bytes())?;
            Ok(data.as_bytes().len())
        }
        (Some(disk), other) if disk.mode.binary => type_error(format!(
            "a bytes-like object is required, not '{}'",
            type_name(other)
        )),
        (_, Value::Str(text)) => {
            write_str(vm, file, text.as_str())?;
            Ok(text.char_count())
        }
        (_, other) => type_error(format!(
            "write() argument must be str, not {}",
            type_name(other)
        )),
    }
}

/// `f.write(data)`: the number of characters (or bytes) written.
fn write(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, data) = one_argument(args, "TextIOWrapper.write")?;
    let count = write_value(vm, &*receiver(&file)?, &data)?;
    Ok(Value::Int(count as i64))
}

/// `f.writelines(lines)`: writes each item; no newlines are added.
fn writelines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, lines) = one_argument(args, "TextIOWrapper.writelines")?;
    let file = receiver(&file)?;
    open_disk(vm, &file)?;
    for line in vm.collect(&lines)? {
        write_value(vm, &file, &line)?;
    }
    Ok(Value::None)
}

/// `f.flush()`.
fn flush(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.flush")?)?;
    flush_file(vm, &file)?;
    Ok(Value::None)
}

/// The disk part of a file, checked to be open; `None` for a standard stream.
fn open_disk<'a>(vm: &Vm, file: &'a PyFile) -> PyResult<Option<&'a DiskFile>> {
    match &file.disk {
        Some(disk) if disk.is_closed(&vm.token) => closed_error(),
        disk => Ok(disk.as_ref()),
    }
}

/// The optional size argument of `read`: an int or None; negative means all.
fn size_argument(value: Option<&Value>, none_allowed: bool) -> PyResult<Option<usize>> {
    let size = match value {
        None => -1,
        Some(Value::None) if none_allowed => -1,
        Some(value @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => integer(value)?,
        Some(value) if none_allowed => {
            return type_error(format!(
                "argument should be integer or None, not '{}'",
                type_name(value)
            ))
        }
        Some(value) => integer(value)?,
    };
    Ok(usize::try_from(size).ok())
}

/// `f.read(size=-1)`: up to `size` characters or bytes, all when negative.
fn read(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, arguments) = positional(args, "TextIOWrapper.read", 0, 1)?;
    let file = receiver(&file)?;
    let size = size_argument(arguments.first(), true)?;
    match &file.disk {
        Some(disk) => read::read(vm, disk, size),
        None if file.stream != Stream::Stdin => unsupported("not readable"),
        None => {
            let text = allow_threads(&mut vm.token, PyFile::read_all).map_err(stream_error)?;
            Ok(Value::str(text))
        }
    }
}

/// `f.readline(size=-1)`: one line with its ending; empty at end of file.
fn readline(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, arguments) = positional(args, "TextIOWrapper.readline", 0, 1)?;
    let file = receiver(&file)?;
    let binary = file.disk.as_ref().is_some_and(|disk| disk.mode.binary);
    let limit = size_argument(arguments.first(), binary)?;
    read_line(vm, &file, limit)
}

/// One line of any file.
fn read_line(vm: &mut Vm, file: &PyFile, limit: Option<usize>) -> PyResult<Value> {
    match &file.disk {
        Some(disk) => read::readline(vm, disk, limit),
        None if file.stream != Stream::Stdin => unsupported("not readable"),
        None => {
            let line = allow_threads(&mut vm.token, PyFile::read_line).map_err(stream_error)?;
            Ok(Value::str(line))
        }
    }
}

/// The next line for `for line in f`; `None` at end of file.
pub fn next_line(vm: &mut Vm, file: &PyFile) -> PyResult<Option<Value>> {
    open_disk(vm, file)?;
    let line = read_line(vm, file, None)?;
    let empty = match &line {
        Value::Str(text) => text.as_str().is_empty(),
        Value::Bytes(data) => data.as_bytes().is_empty(),
        _ => false,
    };
    Ok((!empty).then_some(line))
}

/// `f.readlines(hint=-1)`: the remaining lines, stopping once `hint`
/// characters were read when it is positive.
fn readlines(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, arguments) = positional(args, "TextIOWrapper.readlines", 0, 1)?;
    let file = receiver(&file)?;
    let hint = size_argument(arguments.first(), true)?.filter(|hint| *hint > 0);
    open_disk(vm, &file)?;
    let mut lines = Vec::new();
    let mut total = 0;
    while let Some(line) = next_line(vm, &file)? {
        total += vm.len(&line)?;
        lines.push(line);
        if hint.is_some_and(|hint| total >= hint) {
            break;
        }
    }
    Ok(Value::list(lines))
}

/// `f.close()`: flushes and closes; closing again does nothing. Closing a
/// standard stream only flushes it.
fn close(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.close")?)?;
    match &file.disk {
        Some(disk) => disk.close(vm)?,
        None => flush_file(vm, &file)?,
    }
    Ok(Value::None)
}

/// `f.__enter__()`: the file itself, for `with open(...) as f`.
fn enter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = no_arguments(args, "TextIOWrapper.__enter__")?;
    open_disk(vm, &*receiver(&file)?)?;
    Ok(file)
}

/// `f.__exit__(*exc_info)`: closes the file. It returns None, as CPython's
/// does, so an exception leaving the `with` block is not swallowed.
fn exit(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    args.positional.truncate(1);
    args.keywords.clear();
    close(vm, args)
}

/// `f.__iter__()`: the file is its own iterator.
fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    enter(vm, args)
}

/// `f.__next__()`: the next line, or StopIteration at end of file.
fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.__next__")?)?;
    match next_line(vm, &file)? {
        Some(line) => Ok(line),
        None => Err(PyException::with_args(
            ExceptionKind::StopIteration,
            Vec::new(),
        )),
    }
}

/// `f.seek(offset, whence=0)`: moves, returning the new position. A text
/// file, as in CPython, only moves relative to its start or by zero.
fn seek(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (file, arguments) = positional(args, "TextIOWrapper.seek", 1, 2)?;
    let file = receiver(&file)?;
    let Some(disk) = open_disk(vm, &file)? else {
        return unsupported("underlying stream is not seekable");
    };
    let offset = integer(&arguments[0])?;
    let whence = arguments.get(1).map(integer).transpose()?.unwrap_or(0);
    let text = !disk.mode.binary;
    let position = match whence {
        0 if text && offset < 0 => return value_error(format!("negative seek position {offset}")),
        0 => SeekFrom::Start(offset as u64),
        1 | 2 if text && offset != 0 => {
            let relative = if whence == 1 { "cur" } else { "end" };
            return unsupported(&format!("can't do nonzero {relative}-relative seeks"));
        }
        1 => SeekFrom::Current(offset),
        2 => SeekFrom::End(offset),
        _ => return value_error(format!("invalid whence ({whence}, should be 0, 1 or 2)")),
    };
    // A negative absolute offset reaches the OS, which refuses it (EINVAL).
    if matches!(position, SeekFrom::Start(_)) && offset < 0 {
        return Err(os_error(&std::io::Error::from_raw_os_error(22), None));
    }
    Ok(Value::Int(disk.seek(vm, position)? as i64))
}

/// `f.tell()`: the current position, in bytes from the start.
fn tell(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.tell")?)?;
    match open_disk(vm, &file)? {
        Some(disk) => Ok(Value::Int(disk.tell(vm)? as i64)),
        None => unsupported("underlying stream is not seekable"),
    }
}

/// `f.isatty()`.
fn isatty(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.isatty")?)?;
    Ok(Value::Bool(match (&file.disk, file.stream) {
        (Some(disk), _) => disk
            .handle(vm)
            .map_err(|_| closed_without_period())?
            .is_terminal(),
        (None, Stream::Stdin) => std::io::stdin().is_terminal(),
        (None, Stream::Stdout) => std::io::stdout().is_terminal(),
        (None, _) => std::io::stderr().is_terminal(),
    }))
}

/// `f.fileno()`: the OS's descriptor (0, 1 and 2 for the standard streams).
fn fileno(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.fileno")?)?;
    Ok(Value::Int(match (&file.disk, file.stream) {
        (Some(disk), _) => disk
            .handle(vm)
            .map_err(|_| closed_without_period())?
            .as_raw_fd() as i64,
        (None, Stream::Stdin) => 0,
        (None, Stream::Stdout) => 1,
        (None, _) => 2,
    }))
}

/// `f.seekable()`: true for a regular file (a disk file, or a standard
/// stream redirected to one), false for a terminal or a pipe.
fn seekable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, "TextIOWrapper.seekable")?)?;
    let descriptor = match (&file.disk, file.stream) {
        (Some(disk), _) => {
            let handle = disk.handle(vm).map_err(|_| closed_without_period())?;
            return Ok(Value::Bool(handle.metadata().is_ok_and(|m| m.is_file())));
        }
        (None, Stream::Stdin) => 0,
        (None, Stream::Stdout) => 1,
        (None, _) => 2,
    };
    let metadata = std::fs::metadata(format!("/proc/self/fd/{descriptor}"));
    Ok(Value::Bool(metadata.is_ok_and(|m| m.is_file())))
}

/// `f.readable()` and `f.writable()` share this.
fn can(vm: &mut Vm, args: Args, name: &str, writing: bool) -> PyResult<Value> {
    let file = receiver(&no_arguments(args, name)?)?;
    Ok(Value::Bool(match &file.disk {
        Some(disk) if disk.is_closed(&vm.token) => return Err(closed_without_period()),
        Some(disk) if writing => disk.mode.writable,
        Some(disk) => disk.mode.readable,
        None => (file.stream == Stream::Stdin) != writing,
    }))
}

fn readable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    can(vm, args, "TextIOWrapper.readable", false)
}

fn writable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    can(vm, args, "TextIOWrapper.writable", true)
}

/// The closed-file error of `fileno`, `isatty`, `readable` (CPython's C
/// code words it without the period).
fn closed_without_period() -> PyException {
    PyException::new(ExceptionKind::ValueError, "I/O operation on closed file")
}

/// The methods of file objects, by name (receiver first among the arguments).
pub static METHODS: &[(&str, NativeFn)] = &[
    ("write", write),
    ("writelines", writelines),
    ("flush", flush),
    ("read", read),
    ("readline", readline),
    ("readlines", readlines),
    ("close", close),
    ("seek", seek),
    ("tell", tell),
    ("isatty", isatty),
    ("fileno", fileno),
    ("readable", readable),
    ("writable", writable),
    ("seekable", seekable),
    ("__enter__", enter),
    ("__exit__", exit),
    ("__iter__", iter),
    ("__next__", next),
];
