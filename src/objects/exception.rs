//! Exceptions: the objects `raise` throws, and `PyException`, the error half
//! of every `PyResult`.
//!
//! An exception's traceback is built while it unwinds: each frame it leaves
//! appends one entry (innermost first), and printing walks them in reverse,
//! outermost first, as CPython's `Traceback (most recent call last):` does.

use super::dict::{DictData, PyDict};
use super::type_object::{type_name, ExceptionKind, TypeObject, TYPES};
use super::{PyResult, Value};
use crate::compiler::CodeObject;
use crate::runtime::gil::new_cell;
use crate::vm::Vm;
use qcell::QCell;
use std::sync::Arc;

/// One line of a traceback: the code that was running and its line.
#[derive(Clone, Debug)]
pub struct TracebackEntry {
    pub code: Arc<CodeObject>,
    pub line: u32,
}

/// The parts of an exception that change after it is made.
#[derive(Debug, Default)]
pub struct ExceptionState {
    /// Innermost frame first.
    pub traceback: Vec<TracebackEntry>,
    /// `raise ... from cause`.
    pub cause: Option<Arc<ExceptionObject>>,
    /// The exception being handled when this one was raised.
    pub context: Option<Arc<ExceptionObject>>,
    /// Set by `raise ... from`: print the cause, not the context.
    pub suppress_context: bool,
    /// `args` as `BaseException.__init__` last set them, when a subclass's
    /// `__init__` called it with other arguments than the constructor got.
    pub args: Option<Vec<Value>>,
    /// Generators abandoned by the frames this exception unwound: closed
    /// when it goes away, as CPython's traceback keeps those frames alive.
    pub held: super::generator::HeldByTraceback,
}

/// An exception instance.
pub struct ExceptionObject {
    pub class: Arc<TypeObject>,
    /// The constructor's arguments, as `e.args`.
    pub args: Vec<Value>,
    pub state: QCell<ExceptionState>,
    /// Attributes a script sets (`self.code = code` in a subclass).
    pub dict: Arc<super::dict::PyDict>,
}

/// A raised exception travelling up the Rust call stack.
#[derive(Clone, Debug)]
pub struct PyException(pub Arc<ExceptionObject>);

impl ExceptionObject {
    /// A new instance of `class` with `args`. An `OSError` takes its
    /// fields from them, as CPython's `OSError.__init__` does.
    pub fn new(class: Arc<TypeObject>, args: Vec<Value>) -> ExceptionObject {
        if class.is_subclass(TYPES.exception(ExceptionKind::OSError)) {
            return new_os_error(class, args);
        }
        ExceptionObject {
            class,
            args,
            state: new_cell(ExceptionState::default()),
            dict: Arc::new(super::dict::PyDict::new()),
        }
    }

    /// `e.args`: the constructor's arguments, or what `__init__` set.
    pub fn current_args(&self, owner: &qcell::QCellOwner) -> Vec<Value> {
        match &self.state.ro(owner).args {
            Some(args) => args.clone(),
            None => self.args.clone(),
        }
    }

    /// True when this exception is an instance of the built-in `kind`.
    pub fn is_instance_of(&self, kind: ExceptionKind) -> bool {
        self.class.is_subclass(TYPES.exception(kind))
    }
}

impl PyException {
    /// A built-in exception of `kind` whose single argument is `message`.
    pub fn new(kind: ExceptionKind, message: impl Into<String>) -> PyException {
        let class = TYPES.exception(kind).clone();
        PyException(Arc::new(ExceptionObject::new(
            class,
            vec![Value::str(message)],
        )))
    }

    /// A built-in exception of `kind` with the given arguments.
    pub fn with_args(kind: ExceptionKind, args: Vec<Value>) -> PyException {
        let class = TYPES.exception(kind).clone();
        PyException(Arc::new(ExceptionObject::new(class, args)))
    }

    /// The exception as a script sees it.
    pub fn value(&self) -> Value {
        Value::Exception(self.0.clone())
    }

    /// True when the exception is an instance of the built-in `kind`.
    pub fn is(&self, kind: ExceptionKind) -> bool {
        self.0.is_instance_of(kind)
    }
}

/// `Err(TypeError(message))`, the most common error of all.
pub fn type_error<T>(message: impl Into<String>) -> PyResult<T> {
    Err(PyException::new(ExceptionKind::TypeError, message))
}

/// `Err(ValueError(message))`.
pub fn value_error<T>(message: impl Into<String>) -> PyResult<T> {
    Err(PyException::new(ExceptionKind::ValueError, message))
}

/// `Err(kind(message))` for any built-in kind.
pub fn raise<T>(kind: ExceptionKind, message: impl Into<String>) -> PyResult<T> {
    Err(PyException::new(kind, message))
}

/// `TypeError: unsupported operand type(s) for +: 'int' and 'str'`.
pub fn unsupported_operands<T>(symbol: &str, left: &Value, right: &Value) -> PyResult<T> {
    type_error(format!(
        "unsupported operand type(s) for {symbol}: '{}' and '{}'",
        type_name(left),
        type_name(right)
    ))
}

/// The subclass `OSError(errno, ...)` makes for an errno (CPython's
/// `errnomap`, for the subclasses pyl has).
fn os_error_subclass(errno: &Value) -> Option<ExceptionKind> {
    let Value::Int(errno) = errno else {
        return None;
    };
    Some(match errno {
        1 | 13 => ExceptionKind::PermissionError,
        2 => ExceptionKind::FileNotFoundError,
        3 => ExceptionKind::ProcessLookupError,
        4 => ExceptionKind::InterruptedError,
        10 => ExceptionKind::ChildProcessError,
        17 => ExceptionKind::FileExistsError,
        20 => ExceptionKind::NotADirectoryError,
        21 => ExceptionKind::IsADirectoryError,
        32 | 108 => ExceptionKind::BrokenPipeError,
        110 => ExceptionKind::TimeoutError,
        _ => return None,
    })
}

/// An `OSError` (or subclass) instance. With 2 to 5 arguments they are
/// `errno, strerror[, filename[, winerror[, filename2]]]`: the fields are
/// set from them and `args` keeps only the first two; `OSError` itself
/// becomes the subclass its errno names. Otherwise every field is None.
fn new_os_error(mut class: Arc<TypeObject>, mut args: Vec<Value>) -> ExceptionObject {
    let mut fields = [Value::None, Value::None, Value::None, Value::None];
    if (2..=5).contains(&args.len()) {
        fields[0] = args[0].clone();
        fields[1] = args[1].clone();
        fields[2] = args.get(2).cloned().unwrap_or(Value::None);
        fields[3] = args.get(4).cloned().unwrap_or(Value::None);
        if args.len() > 2 {
            args.truncate(2);
        }
        if std::ptr::eq(&*class, &**TYPES.exception(ExceptionKind::OSError)) {
            if let Some(kind) = os_error_subclass(&args[0]) {
                class = TYPES.exception(kind).clone();
            }
        }
    }
    let mut dict = DictData::default();
    for (name, value) in OS_ERROR_FIELDS.iter().zip(fields) {
        let key = Value::str(*name);
        let hash = match &key {
            Value::Str(text) => text.hash(),
            _ => 0,
        };
        dict.insert_hashed(key, hash, value);
    }
    ExceptionObject {
        class,
        args,
        state: new_cell(ExceptionState::default()),
        dict: Arc::new(PyDict::from_data(dict)),
    }
}

/// The attributes an `OSError` keeps beside `args`.
const OS_ERROR_FIELDS: [&str; 4] = ["errno", "strerror", "filename", "filename2"];

/// `str()` of an `OSError` that has an errno and a strerror:
/// `[Errno 2] No such file or directory: 'x.txt'` (filenames as reprs);
/// `None` for one to print as any exception.
pub fn os_error_str(vm: &mut Vm, exception: &ExceptionObject) -> PyResult<Option<String>> {
    if !exception.is_instance_of(ExceptionKind::OSError) {
        return Ok(None);
    }
    let field = |vm: &Vm, name: &str| {
        let value = exception.dict.data.ro(&vm.token).get_str(name);
        value.filter(|value| !value.is_none())
    };
    let (errno, strerror) = (field(vm, "errno"), field(vm, "strerror"));
    let (filename, filename2) = (field(vm, "filename"), field(vm, "filename2"));
    let (Some(errno), Some(strerror)) = (errno, strerror) else {
        return Ok(None);
    };
    let mut text = format!("[Errno {}] {}", vm.str(&errno)?, vm.str(&strerror)?);
    if let Some(filename) = filename {
        text.push_str(&format!(": {}", vm.repr(&filename)?));
        if let Some(filename2) = filename2 {
            text.push_str(&format!(" -> {}", vm.repr(&filename2)?));
        }
    }
    Ok(Some(text))
}

crate::objects::opaque_debug!(ExceptionObject, "exception");
