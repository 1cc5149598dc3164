//! `json.JSONDecodeError`: a `ValueError` subclass that says where in the
//! document decoding failed (`msg`, `doc`, `pos`, `lineno`, `colno`).
//!
//! It is one class for the whole process, as CPython's `json.decoder`
//! module has one, so `except json.JSONDecodeError` matches what `loads`
//! raises. Its namespace is built once, like a class statement's, with
//! `__module__` set to `json.decoder` and a native `__init__` doing what
//! CPython's Python-written one does.

use super::super::parameters::Signature;
use crate::objects::dict::{DictData, PyDict};
use crate::objects::exception::{raise, type_error, ExceptionObject, PyException};
use crate::objects::function::{Args, BuiltinFunction};
use crate::objects::type_object::{type_name, ExceptionKind, TypeKind, TypeObject, TYPES};
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::{Arc, LazyLock};

/// The `json.JSONDecodeError` class.
pub static JSON_DECODE_ERROR: LazyLock<Arc<TypeObject>> = LazyLock::new(|| {
    let mut namespace = DictData::default();
    let entries = [
        ("__module__", Value::str("json.decoder")),
        ("__qualname__", Value::str("JSONDecodeError")),
        ("__doc__", Value::str(DOC)),
        ("__init__", BuiltinFunction::new("__init__", init)),
    ];
    for (name, value) in entries {
        insert(&mut namespace, name, value);
    }
    Arc::new(TypeObject {
        name: "JSONDecodeError".to_string(),
        base: Some(TYPES.exception(ExceptionKind::ValueError).clone()),
        kind: TypeKind::Exception,
        dict: Some(Arc::new(PyDict::from_data(namespace))),
    })
});

/// CPython's docstring of the class.
const DOC: &str = "Subclass of ValueError with the following additional properties:

msg: The unformatted error message
doc: The JSON document being parsed
pos: The start index of doc where parsing failed
lineno: The line corresponding to pos
colno: The column corresponding to pos

";

/// Adds a string-keyed entry to a dict not yet shared.
fn insert(data: &mut DictData, name: &str, value: Value) {
    let key = Value::str(name);
    let hash = match &key {
        Value::Str(text) => text.hash(),
        _ => 0,
    };
    data.insert_hashed(key, hash, value);
}

/// Where `position` falls in `doc`: (line, column), both from 1, as
/// `doc.count('\n', 0, pos) + 1` and `pos - doc.rfind('\n', 0, pos)`.
fn line_and_column(doc: &[char], position: i64) -> (i64, i64) {
    let end = usize::try_from(position).unwrap_or(0).min(doc.len());
    let before = &doc[..end];
    let line = before.iter().filter(|&&c| c == '\n').count() as i64 + 1;
    let column = match before.iter().rposition(|&c| c == '\n') {
        Some(newline) => position - newline as i64,
        None => position + 1,
    };
    (line, column)
}

/// The message `JSONDecodeError` carries as its argument, and the
/// attributes it sets, for `message` at `position` of `doc`.
fn located(message: &str, doc: &[char], position: i64) -> (Value, [(&'static str, Value); 5]) {
    let (line, column) = line_and_column(doc, position);
    let text = format!("{message}: line {line} column {column} (char {position})");
    let fields = [
        ("msg", Value::str(message)),
        ("doc", Value::str(doc.iter().collect::<String>())),
        ("pos", Value::Int(position)),
        ("lineno", Value::Int(line)),
        ("colno", Value::Int(column)),
    ];
    (Value::str(text), fields)
}

/// The exception `loads` raises for `message` at `position` of `doc`.
pub fn decode_error(message: &str, doc: &[char], position: usize) -> PyException {
    let (text, fields) = located(message, doc, position as i64);
    let mut attributes = DictData::default();
    for (name, value) in fields {
        insert(&mut attributes, name, value);
    }
    let mut exception = ExceptionObject::new(JSON_DECODE_ERROR.clone(), vec![text]);
    exception.dict = Arc::new(PyDict::from_data(attributes));
    PyException(Arc::new(exception))
}

/// `JSONDecodeError.__init__(self, msg, doc, pos)`, for a script that
/// makes one itself: the same argument and attributes `loads` gives.
fn init(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "JSONDecodeError.__init__",
        positional: &["msg", "doc", "pos"],
        required: 3,
        keyword_only: &[],
        method: true,
    };
    let receiver = match args.positional.is_empty() {
        true => Value::None,
        false => args.positional.remove(0),
    };
    let slots = SIGNATURE.bind(args)?;
    let [Some(message), Some(doc), Some(position)] = [&slots[0], &slots[1], &slots[2]] else {
        return Ok(Value::None);
    };
    let Value::Exception(exception) = &receiver else {
        return type_error("descriptor '__init__' requires a 'JSONDecodeError' object");
    };
    let Value::Str(doc) = doc else {
        return raise(
            ExceptionKind::AttributeError,
            format!("'{}' object has no attribute 'count'", type_name(doc)),
        );
    };
    let position = match position {
        Value::Int(_) | Value::Bool(_) => crate::objects::int::index_value(position)?,
        _ => {
            return type_error("slice indices must be integers or None or have an __index__ method")
        }
    };
    let message = vm.str(message)?;
    let text: Vec<char> = doc.as_str().chars().collect();
    let (located, fields) = located(&message, &text, position);
    exception.state.rw(&mut vm.token).args = Some(vec![located]);
    for (name, value) in fields {
        vm.set_item_str(&exception.dict, name, value);
    }
    Ok(Value::None)
}
