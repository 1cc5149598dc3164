//! `json`: `dumps` (in `encode.rs`) and `loads` (in `decode.rs`), with
//! CPython's formatting and error messages.
//!
//! A decoding error is a `json.JSONDecodeError` (`error.rs`), a subclass
//! of `ValueError` that keeps the document and the position. `dump` and
//! `load`, which only add a file's `write`/`read`, are written in pyl
//! (`lib/json_files.pyl`).

mod decode;
mod encode;
mod error;

use super::add_functions;
use super::parameters::Signature;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{int, PyResult, Value};
use crate::vm::Vm;
use decode::{Decoder, Hooks};
use encode::Encoder;
use std::sync::Arc;

/// Makes the `json` module.
pub fn make(vm: &mut Vm) -> PyResult<Arc<PyModule>> {
    let module = vm.new_module("json");
    add_functions(vm, &module, &[("dumps", dumps), ("loads", loads)]);
    let decode_error = Value::Type(error::JSON_DECODE_ERROR.clone());
    vm.set_item_str(&module.dict, "JSONDecodeError", decode_error);
    let source = include_str!("../lib/json_files.pyl");
    let code = vm.library_code("json", source)?;
    vm.run_module_code(code, &module)?;
    Ok(module)
}

/// The keyword-only parameters of `dumps`, in CPython's order.
const DUMPS_KEYWORDS: &[&str] = &[
    "skipkeys",
    "ensure_ascii",
    "check_circular",
    "allow_nan",
    "cls",
    "indent",
    "separators",
    "default",
    "sort_keys",
];

/// `dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True,
/// allow_nan=True, cls=None, indent=None, separators=None, default=None,
/// sort_keys=False)`.
fn dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "dumps",
        positional: &["obj"],
        required: 1,
        keyword_only: DUMPS_KEYWORDS,
        method: false,
    };
    // Unknown keywords go to the encoder class in CPython, which rejects them.
    if let Some((key, _)) = args
        .keywords
        .iter()
        .find(|(key, _)| key != "obj" && !DUMPS_KEYWORDS.contains(&key.as_str()))
    {
        return type_error(format!(
            "JSONEncoder.__init__() got an unexpected keyword argument '{key}'"
        ));
    }
    let slots = SIGNATURE.bind(args)?;
    let mut encoder = encoder_for(vm, &slots)?;
    let value = slots[0].clone().unwrap_or(Value::None);
    let mut out = String::new();
    encoder.encode(vm, &value, 0, &mut out)?;
    Ok(Value::str(out))
}

/// The encoder `dumps`'s keyword arguments (slots 1.. in `DUMPS_KEYWORDS`
/// order) describe.
fn encoder_for(vm: &mut Vm, slots: &[Option<Value>]) -> PyResult<Encoder> {
    let option = |name: &str| {
        let index = 1 + DUMPS_KEYWORDS.iter().position(|k| *k == name)?;
        slots[index].clone().filter(|value| !value.is_none())
    };
    if option("cls").is_some() {
        return raise(
            ExceptionKind::NotImplementedError,
            "json.dumps(cls=...) needs classes, which pyl does not have yet",
        );
    }
    let indent = indent_text(option("indent"))?;
    let (item_separator, key_separator) = separators(vm, option("separators"), &indent)?;
    Ok(Encoder {
        skip_keys: flag(vm, option("skipkeys"), false)?,
        ensure_ascii: flag(vm, option("ensure_ascii"), true)?,
        check_circular: flag(vm, option("check_circular"), true)?,
        allow_nan: flag(vm, option("allow_nan"), true)?,
        indent,
        item_separator,
        key_separator,
        default: option("default"),
        sort_keys: flag(vm, option("sort_keys"), false)?,
        markers: Vec::new(),
    })
}

/// A true-or-false option, by Python truth.
fn flag(vm: &mut Vm, value: Option<Value>, default: bool) -> PyResult<bool> {
    match value {
        Some(value) => vm.is_true(&value),
        None => Ok(default),
    }
}

/// `indent`: a str is the step itself, an int that many spaces.
fn indent_text(indent: Option<Value>) -> PyResult<Option<String>> {
    Ok(match indent {
        None => None,
        Some(Value::Str(text)) => Some(text.as_str().to_string()),
        Some(value @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_))) => {
            Some(" ".repeat(int::index_value(&value)?.max(0) as usize))
        }
        Some(other) => {
            return type_error(format!(
                "can't multiply sequence by non-int of type '{}'",
                type_name(&other)
            ))
        }
    })
}

/// `(item_separator, key_separator)`: as given, else `(', ', ': ')`, or
/// `(',', ': ')` with an indent (which ends each line instead).
fn separators(
    vm: &mut Vm,
    given: Option<Value>,
    indent: &Option<String>,
) -> PyResult<(String, String)> {
    let Some(given) = given else {
        let item = if indent.is_some() { "," } else { ", " };
        return Ok((item.to_string(), ": ".to_string()));
    };
    let parts = vm.collect(&given)?;
    let [item, key] = parts.as_slice() else {
        return match parts.len() {
            0 | 1 => value_error(format!(
                "not enough values to unpack (expected 2, got {})",
                parts.len()
            )),
            _ => value_error("too many values to unpack (expected 2)"),
        };
    };
    match (item, key) {
        (Value::Str(item), Value::Str(key)) => {
            Ok((item.as_str().to_string(), key.as_str().to_string()))
        }
        _ => type_error("json separators must be strings"),
    }
}

/// `loads(s, *, cls=None, object_hook=None, parse_float=None, parse_int=None,
/// parse_constant=None, object_pairs_hook=None)`.
fn loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "loads",
        positional: &["s"],
        required: 1,
        keyword_only: &[
            "cls",
            "object_hook",
            "parse_float",
            "parse_int",
            "parse_constant",
            "object_pairs_hook",
        ],
        method: false,
    };
    let slots = SIGNATURE.bind(args)?;
    let hook = |index: usize| slots[index].clone().filter(|v| !v.is_none());
    if hook(1).is_some() {
        return raise(
            ExceptionKind::NotImplementedError,
            "json.loads(cls=...) needs classes, which pyl does not have yet",
        );
    }
    let hooks = Hooks {
        object_hook: hook(2),
        parse_float: hook(3),
        parse_int: hook(4),
        parse_constant: hook(5),
        object_pairs_hook: hook(6),
    };
    let text = document_text(slots[0].as_ref().unwrap_or(&Value::None))?;
    Decoder::new(&text, hooks).decode(vm)
}

/// The text to decode: a str, or bytes in UTF-8 (a byte-order mark dropped).
fn document_text(value: &Value) -> PyResult<String> {
    match value {
        Value::Str(text) => Ok(text.as_str().to_string()),
        Value::Bytes(bytes) => {
            let data = bytes.as_bytes();
            let data = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
            match std::str::from_utf8(data) {
                Ok(text) => Ok(text.to_string()),
                Err(error) => raise(
                    ExceptionKind::UnicodeDecodeError,
                    format!(
                        "'utf-8' codec can't decode byte 0x{:02x} in position {}: invalid start byte",
                        data.get(error.valid_up_to()).copied().unwrap_or(0),
                        error.valid_up_to()
                    ),
                ),
            }
        }
        other => type_error(format!(
            "the JSON object must be str, bytes or bytearray, not {}",
            type_name(other)
        )),
    }
}
