//! Reading a disk file: `read(size)` and `readline(size)` over the
//! read-ahead, fetching chunks from the OS until there is enough.
//!
//! A text file works on the decoded text (`DiskState::decoded`) and hands
//! out whole characters, with the newline rules of `text.rs`; a binary file
//! hands out bytes (`DiskState::undecoded`) and ends lines at `\n` only.

use super::disk::DiskFile;
use super::text::Newline;
use crate::objects::{bytes, PyResult, Value};
use crate::vm::Vm;

/// `f.read(size)`: `size` characters (text) or bytes (binary), fewer at
/// end of file; everything left when `size` is `None`.
pub fn read(vm: &mut Vm, disk: &DiskFile, size: Option<usize>) -> PyResult<Value> {
    disk.prepare_read(vm)?;
    let mut at_end = false;
    loop {
        let state = disk.state.ro(&vm.token);
        let end = if disk.mode.binary {
            let available = state.undecoded.len() - state.start;
            size.filter(|n| *n <= available)
                .or(at_end.then_some(available))
        } else {
            let text = &state.decoded[state.start..];
            let counted = size.and_then(|count| disk.newline.char_end(text, count));
            counted.or(at_end.then_some(text.len()))
        };
        if let Some(end) = end {
            return Ok(take(vm, disk, end));
        }
        // Without a size one call reads the whole rest of the file.
        at_end = disk.fill(vm, size.is_none())? == 0 || size.is_none();
    }
}

/// `f.readline(limit)`: the next line with its ending, at most `limit`
/// characters or bytes; empty at end of file.
pub fn readline(vm: &mut Vm, disk: &DiskFile, limit: Option<usize>) -> PyResult<Value> {
    disk.prepare_read(vm)?;
    let mut at_end = false;
    loop {
        let state = disk.state.ro(&vm.token);
        let (mut end, cut) = if disk.mode.binary {
            let unread = &state.undecoded[state.start..];
            let end = unread.iter().position(|b| *b == b'\n').map(|i| i + 1);
            let end = end.or(at_end.then_some(unread.len()));
            (end, limit.filter(|n| *n <= unread.len()))
        } else {
            let text = &state.decoded[state.start..];
            let end = disk.newline.line_end(text, at_end);
            (
                end,
                limit.and_then(|n| Newline::Untranslated.char_end(text, n)),
            )
        };
        if let Some(cut) = cut {
            end = Some(end.map_or(cut, |end| end.min(cut)));
        }
        if let Some(end) = end {
            return Ok(take(vm, disk, end));
        }
        at_end = disk.fill(vm, false)? == 0;
    }
}

/// Hands out the next `end` bytes of the read-ahead as str or bytes.
fn take(vm: &mut Vm, disk: &DiskFile, end: usize) -> Value {
    let state = disk.state.rw(&mut vm.token);
    let start = state.start;
    state.start += end;
    if disk.mode.binary {
        bytes::new_value(state.undecoded[start..start + end].to_vec())
    } else {
        let text = &state.decoded[start..start + end];
        Value::str(disk.newline.for_read(text).into_owned())
    }
}
