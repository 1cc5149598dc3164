//! `bytes`: an immutable sequence of bytes.
//!
//! Its methods are in `bytes/`: searching, splitting and stripping in
//! `methods.rs`, the splits from the right and `partition` in `split.rs`,
//! padding in `layout.rs`, the ASCII case methods in `case.rs`, `hex` and
//! `fromhex` in `hex.rs`, `translate` and `maketrans` in `translate.rs`;
//! `codecs.rs` holds the encodings `str.encode` and `bytes.decode` share.

mod case;
pub mod codecs;
mod hex;
mod layout;
mod methods;
mod split;
mod translate;

use super::exception::type_error;
use super::type_object::type_name;
use super::{PyResult, Value};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

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
    let quote = if data.contains(&b'\'') && !data.contains(&b'"') {
        '"'
    } else {
        '\''
    };
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

/// A new bytes value holding `data`.
pub fn new_value(data: Vec<u8>) -> Value {
    Value::Bytes(Arc::new(PyBytes::new(data)))
}

/// The `PyBytes` a method was called on.
fn receiver(value: &Value, method: &str) -> PyResult<Arc<PyBytes>> {
    // An instance of a subclass (`dict.keys(ordered)`) lends its built-in value.
    match value.builtin_base() {
        Value::Bytes(data) => Ok(data.clone()),
        _ => type_error(format!(
            "descriptor '{method}' for 'bytes' objects doesn't apply to a '{}' object",
            type_name(value)
        )),
    }
}

/// Checks, before any other argument, that a method was called on bytes,
/// as CPython's method descriptors do (`bytes.center('a')` is about the
/// 'str', not about the missing width).
fn check_receiver(args: &super::function::Args, method: &str) -> PyResult<()> {
    match args.positional.first() {
        Some(value) => receiver(value, method).map(|_| ()),
        None => type_error(format!("unbound method bytes.{method}() needs an argument")),
    }
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("decode", methods::decode),
    ("hex", hex::hex),
    ("find", methods::find),
    ("rfind", methods::rfind),
    ("index", methods::index),
    ("rindex", methods::rindex),
    ("count", methods::count),
    ("startswith", methods::startswith),
    ("endswith", methods::endswith),
    ("split", methods::split),
    ("strip", methods::strip),
    ("lstrip", methods::lstrip),
    ("rstrip", methods::rstrip),
    ("join", methods::join),
    ("replace", methods::replace),
    ("upper", methods::upper),
    ("lower", methods::lower),
    ("isdigit", methods::isdigit),
    ("isalpha", methods::isalpha),
    ("isspace", methods::isspace),
    ("isalnum", case::isalnum),
    ("isascii", case::isascii),
    ("islower", case::islower),
    ("isupper", case::isupper),
    ("istitle", case::istitle),
    ("capitalize", case::capitalize),
    ("swapcase", case::swapcase),
    ("title", case::title),
    ("center", layout::center),
    ("ljust", layout::ljust),
    ("rjust", layout::rjust),
    ("zfill", layout::zfill),
    ("expandtabs", layout::expandtabs),
    ("partition", split::partition),
    ("rpartition", split::rpartition),
    ("removeprefix", split::removeprefix),
    ("removesuffix", split::removesuffix),
    ("rsplit", split::rsplit),
    ("splitlines", split::splitlines),
    ("translate", translate::translate),
];

/// The methods reached through the class: `bytes.fromhex(...)`,
/// `bytes.maketrans(...)` (receiver: the class).
pub static CLASS_METHODS: &[(&str, super::function::NativeFn)] = &[
    ("fromhex", hex::fromhex),
    ("maketrans", translate::maketrans),
];
