//! `bytes`: an immutable sequence of bytes.

use std::hash::{Hash, Hasher};

/// A Python bytes object.
#[derive(Debug)]
pub struct PyBytes {
    data: Vec<u8>,
}

impl PyBytes {
    /// A bytes object holding `data`.
    pub fn new(data: Vec<u8>) -> PyBytes {
        PyBytes { data }
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data
    }

    /// The hash (equal bytes hash equally).
    pub fn hash(&self) -> i64 {
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.data.hash(&mut hasher);
        match hasher.finish() as i64 {
            -1 => -2,
            h => h,
        }
    }
}

/// Python's `repr()` of bytes: `b'...'` with escapes for non-printable bytes.
pub fn repr(data: &[u8]) -> String {
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') { '"' } else { '\'' };
    let mut out = String::from("b");
    out.push(quote);
    for &byte in data {
        match byte {
            b'\\' => out.push_str("\\\\"),
            b'\n' => out.push_str("\\n"),
            b'\r' => out.push_str("\\r"),
            b'\t' => out.push_str("\\t"),
            b if b as char == quote => {
                out.push('\\');
                out.push(quote);
            }
            0x20..=0x7e => out.push(byte as char),
            _ => out.push_str(&format!("\\x{byte:02x}")),
        }
    }
    out.push(quote);
    out
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[];
