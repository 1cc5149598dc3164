//! The front end as the interpreter sees it: source bytes to a code object,
//! with syntax errors turned into Python `SyntaxError` exceptions.
//!
//! Lexer, AST and grammar live in the `pyl-grammar` crate (`grammar/`).

use crate::objects::dict::{DictData, PyDict};
use crate::objects::exception::{ExceptionObject, PyException};
use crate::objects::type_object::{ExceptionKind, TYPES};
use crate::objects::Value;
use pyl_grammar::ast::Span;
use std::sync::Arc;

pub use pyl_grammar::{parse_module, SyntaxError, SyntaxErrorKind};

/// Decodes a script's bytes as UTF-8, as CPython reads source files.
pub fn decode_source(bytes: &[u8], filename: &str) -> Result<String, PyException> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text).to_string()),
        Err(error) => {
            let at = error.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            let message = format!(
                "Non-UTF-8 code starting with '\\x{:02x}' in file {filename} on line {line}, but no encoding declared; see https://peps.python.org/pep-0263/ for details",
                bytes[at]
            );
            Err(syntax_exception(
                ExceptionKind::SyntaxError,
                message,
                filename,
                line,
                None,
            ))
        }
    }
}

/// A `SyntaxError` (or subclass) exception for an error at `span` of `source`.
pub fn error_at(
    kind: ExceptionKind,
    message: String,
    source: &str,
    filename: &str,
    span: Span,
) -> PyException {
    let start = span.start.min(source.len());
    let line_start = source[..start].rfind('\n').map(|i| i + 1).unwrap_or(0);
    let line = source[..line_start].matches('\n').count() + 1;
    let line_end = source[line_start..]
        .find('\n')
        .map(|i| line_start + i)
        .unwrap_or(source.len());
    let text = source[line_start..line_end].to_string();
    let column = source[line_start..start].chars().count() + 1;
    syntax_exception(kind, message, filename, line, Some((text, column)))
}

/// Converts a parser error into its Python exception.
pub fn from_parse_error(error: &SyntaxError, source: &str, filename: &str) -> PyException {
    let kind = match error.kind {
        SyntaxErrorKind::Syntax => ExceptionKind::SyntaxError,
        SyntaxErrorKind::Indentation => ExceptionKind::IndentationError,
        SyntaxErrorKind::Tab => ExceptionKind::TabError,
    };
    error_at(kind, error.message.clone(), source, filename, error.span)
}

/// Builds the exception: args are `(message, (filename, line, column, text))`
/// as CPython's are, so the report can show the line and a caret; the
/// same facts are its `msg`, `filename`, `lineno`, `offset`, `text`.
fn syntax_exception(
    kind: ExceptionKind,
    message: String,
    filename: &str,
    line: usize,
    text: Option<(String, usize)>,
) -> PyException {
    let (text, column) = match text {
        Some((text, column)) => (Value::str(text), Value::Int(column as i64)),
        None => (Value::None, Value::None),
    };
    let details = Value::tuple(vec![
        Value::str(filename),
        Value::Int(line as i64),
        column,
        text,
    ]);
    let mut attributes = DictData::default();
    let mut set = |name: &str, value: Value| {
        let key = Value::Str(crate::objects::str::intern(name));
        let hash = crate::objects::compare::hash(&key).unwrap_or(0);
        attributes.insert_hashed(key, hash, value);
    };
    set("msg", Value::str(message.clone()));
    if let Value::Tuple(fields) = &details {
        for (name, value) in ["filename", "lineno", "offset"].iter().zip(fields.items()) {
            set(name, value.clone());
        }
        // CPython's `text` is the whole line, newline included.
        let text = match fields.items().get(3) {
            Some(Value::Str(line)) => {
                Value::str(format!("{}\n", line.as_str().trim_end_matches('\n')))
            }
            _ => Value::None,
        };
        set("text", text);
    }
    let mut exception = ExceptionObject::new(
        TYPES.exception(kind).clone(),
        vec![Value::str(message), details],
    );
    exception.dict = Arc::new(PyDict::from_data(attributes));
    PyException(Arc::new(exception))
}

/// The `File ..., line N` block CPython prints above a syntax error's last line.
pub fn location_block(exception: &ExceptionObject) -> Option<String> {
    if !exception.is_instance_of(ExceptionKind::SyntaxError) || exception.args.len() != 2 {
        return None;
    }
    let Value::Tuple(details) = &exception.args[1] else {
        return None;
    };
    let [filename, line, column, text] = details.items() else {
        return None;
    };
    let mut out = format!(
        "  File \"{}\", line {}\n",
        filename.as_str().unwrap_or("?"),
        display_int(line)
    );
    if let (Some(text), Value::Int(column)) = (text.as_str(), column) {
        let trimmed = text.trim_start();
        let indent = text.chars().count() - trimmed.chars().count();
        let caret = (*column as usize).saturating_sub(1).saturating_sub(indent);
        out.push_str(&format!("    {}\n", trimmed.trim_end()));
        out.push_str(&format!("    {}^\n", " ".repeat(caret)));
    }
    Some(out)
}

fn display_int(value: &Value) -> String {
    match value {
        Value::Int(i) => i.to_string(),
        _ => "?".into(),
    }
}
