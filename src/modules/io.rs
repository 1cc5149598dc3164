//! The builtin `open()` (CPython's `io.open`): checks its arguments as
//! CPython does, then opens the file through `objects/file`.
//!
//! Only UTF-8 text is supported (`encoding` may name UTF-8 in any of its
//! spellings, or `locale`, which is UTF-8 on the systems pyl runs on), and
//! `buffering`, `errors`, `closefd` and `opener` are accepted but must keep
//! their defaults' meaning.

use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::file::{parse_mode, DiskFile, Newline, PyFile};
use crate::objects::function::Args;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// `open()`'s parameters, in order.
const PARAMETERS: [&str; 8] = [
    "file",
    "mode",
    "buffering",
    "encoding",
    "errors",
    "newline",
    "closefd",
    "opener",
];

/// `open(file, mode='r', buffering=-1, encoding=None, errors=None,
/// newline=None, closefd=True, opener=None)`.
pub fn open(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let slots = bind(args)?;
    let [file, mode, _buffering, encoding, errors, newline, _closefd, _opener] = slots;
    let path = match file {
        Some(Value::Str(path)) => path.as_str().to_string(),
        Some(other) => {
            return type_error(format!(
                "expected str, bytes or os.PathLike object, not {}",
                type_name(&other)
            ))
        }
        None => return type_error("open() missing required argument 'file' (pos 1)"),
    };
    let mode = match &mode {
        None => "r",
        Some(Value::Str(mode)) => mode.as_str(),
        Some(other) => return type_error(argument_error("mode", "str", other)),
    };
    let mode = parse_mode(mode)?;
    let encoding = optional_str(encoding.as_ref(), "encoding")?;
    let errors = optional_str(errors.as_ref(), "errors")?;
    if mode.binary {
        binary_checks(&encoding, &errors, &newline)?;
    }
    if !mode.kind_given {
        return value_error(
            "Must have exactly one of create/read/write/append mode and at most one plus",
        );
    }
    let newline = Newline::parse(newline.as_ref())?;
    let encoding = check_encoding(encoding)?;
    check_errors(errors)?;
    let disk = DiskFile::open(vm, &path, mode, newline, encoding)?;
    Ok(PyFile::from_disk(&mut vm.token, path, disk))
}

/// The arguments by parameter, with CPython's messages for a C function.
fn bind(args: Args) -> PyResult<[Option<Value>; 8]> {
    let given = args.positional.len();
    if given > PARAMETERS.len() {
        return type_error(format!("open() takes at most 8 arguments ({given} given)"));
    }
    let mut slots: [Option<Value>; 8] = Default::default();
    for (slot, value) in slots.iter_mut().zip(args.positional) {
        *slot = Some(value);
    }
    for (key, value) in args.keywords {
        let Some(index) = PARAMETERS.iter().position(|name| *name == key) else {
            return type_error(format!("open() got an unexpected keyword argument '{key}'"));
        };
        if slots[index].is_some() {
            return type_error(format!(
                "argument for open() given by name ('{key}') and position ({})",
                index + 1
            ));
        }
        slots[index] = Some(value);
    }
    Ok(slots)
}

/// `open() argument 'mode' must be str, not int`.
fn argument_error(name: &str, expected: &str, value: &Value) -> String {
    format!(
        "open() argument '{name}' must be {expected}, not {}",
        type_name(value)
    )
}

/// An argument that must be a str or None.
fn optional_str(value: Option<&Value>, name: &str) -> PyResult<Option<String>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(Value::Str(text)) => Ok(Some(text.as_str().to_string())),
        Some(other) => type_error(argument_error(name, "str or None", other)),
    }
}

/// What a binary mode refuses, in CPython's order.
fn binary_checks(
    encoding: &Option<String>,
    errors: &Option<String>,
    newline: &Option<Value>,
) -> PyResult<()> {
    if encoding.is_some() {
        return value_error("binary mode doesn't take an encoding argument");
    }
    if errors.is_some() {
        return value_error("binary mode doesn't take an errors argument");
    }
    if newline.as_ref().is_some_and(|value| !value.is_none()) {
        return value_error("binary mode doesn't take a newline argument");
    }
    Ok(())
}

/// The encoding `f.encoding` shows: `UTF-8` by default, else as given.
/// Encodings other than UTF-8 are not supported.
fn check_encoding(encoding: Option<String>) -> PyResult<String> {
    let Some(encoding) = encoding else {
        return Ok("UTF-8".to_string());
    };
    let normalized = encoding.to_ascii_lowercase().replace('_', "-");
    match normalized.as_str() {
        "utf-8" | "utf8" | "u8" | "utf" | "locale" => Ok(encoding),
        "ascii" | "us-ascii" | "latin-1" | "latin1" | "iso-8859-1" => value_error(format!(
            "pyl reads and writes files only as UTF-8, not '{encoding}'"
        )),
        _ => raise(
            ExceptionKind::LookupError,
            format!("unknown encoding: {encoding}"),
        ),
    }
}

/// Only the default error handler, `strict`, is supported.
fn check_errors(errors: Option<String>) -> PyResult<()> {
    match errors.as_deref() {
        None | Some("strict") => Ok(()),
        Some(other) => raise(
            ExceptionKind::LookupError,
            format!("unknown error handler name '{other}'"),
        ),
    }
}
