//! Functions: ones written in Python (`Function`), ones written in Rust
//! (`BuiltinFunction`), and methods bound to their receiver (`BoundMethod`).

use super::dict::PyDict;
use super::exception::type_error;
use super::{PyResult, Value};
use crate::compiler::CodeObject;
use crate::vm::Vm;
use qcell::QCell;
use std::sync::Arc;

/// A closure cell: a variable shared between a function and the functions
/// nested in it.
pub struct Cell {
    pub value: QCell<Value>,
}

impl Cell {
    /// A cell holding `value` (`Value::Null` for an unset variable).
    pub fn new(value: Value) -> Cell {
        Cell {
            value: crate::runtime::gil::new_cell(value),
        }
    }
}

crate::objects::opaque_debug!(Cell, "cell");

/// A shared reference to a cell.
pub type CellRef = Arc<Cell>;

/// A function defined by `def` or `lambda`.
pub struct Function {
    pub code: Arc<CodeObject>,
    pub globals: Arc<PyDict>,
    /// Default values of the last positional parameters.
    pub defaults: Vec<Value>,
    /// Default values of keyword-only parameters, by name.
    pub kwdefaults: Vec<(String, Value)>,
    /// The cells of the free variables, in `code.freevars` order.
    pub closure: Vec<CellRef>,
    /// Attributes a script sets (`f.__wrapped__ = g`), made on first use.
    pub attributes: QCell<Option<Arc<PyDict>>>,
}

/// The positional arguments of a built-in call. Up to four live inline, so
/// the common call (`len(x)`, `list.append(v)`) allocates nothing.
pub type ArgList = smallvec::SmallVec<[Value; 4]>;

/// The arguments of a call to a built-in: positional ones, then keywords.
#[derive(Debug, Default)]
pub struct Args {
    pub positional: ArgList,
    pub keywords: Vec<(String, Value)>,
}

/// A Rust function callable from Python.
pub type NativeFn = fn(&mut Vm, Args) -> PyResult<Value>;

/// A built-in function or method, such as `len` or `list.append`.
#[derive(Debug)]
pub struct BuiltinFunction {
    pub name: &'static str,
    pub function: NativeFn,
    /// For a method taken from an object (`"a".upper`), that object: it is
    /// passed as the first argument.
    pub receiver: Option<Value>,
}

/// A Python function bound to the instance it was looked up on.
#[derive(Debug)]
pub struct BoundMethod {
    pub function: Value,
    pub receiver: Value,
}

impl Args {
    /// Positional arguments only.
    pub fn positional(positional: Vec<Value>) -> Args {
        Args {
            positional: ArgList::from_vec(positional),
            keywords: Vec::new(),
        }
    }

    /// Checks the positional count is within `min..=max` and that no keyword
    /// was passed, with CPython's messages.
    pub fn expect(&self, name: &str, min: usize, max: usize) -> PyResult<()> {
        self.expect_no_keywords(name)?;
        self.expect_count(name, min, max)
    }

    /// Checks the positional count is within `min..=max`.
    pub fn expect_count(&self, name: &str, min: usize, max: usize) -> PyResult<()> {
        let given = self.positional.len();
        if given >= min && given <= max {
            return Ok(());
        }
        if min == max {
            let plural = if min == 1 { "" } else { "s" };
            return match min {
                0 => type_error(format!("{name}() takes no arguments ({given} given)")),
                1 => type_error(format!(
                    "{name}() takes exactly one argument ({given} given)"
                )),
                _ => type_error(format!(
                    "{name} expected {min} argument{plural}, got {given}"
                )),
            };
        }
        if given < min {
            let plural = if min == 1 { "" } else { "s" };
            type_error(format!(
                "{name} expected at least {min} argument{plural}, got {given}"
            ))
        } else {
            let plural = if max == 1 { "" } else { "s" };
            type_error(format!(
                "{name} expected at most {max} argument{plural}, got {given}"
            ))
        }
    }

    /// Fails if any keyword argument was given.
    pub fn expect_no_keywords(&self, name: &str) -> PyResult<()> {
        if self.keywords.is_empty() {
            Ok(())
        } else {
            type_error(format!("{name}() takes no keyword arguments"))
        }
    }

    /// Removes and returns the keyword argument `name`, if given.
    pub fn take_keyword(&mut self, name: &str) -> Option<Value> {
        let index = self.keywords.iter().position(|(key, _)| key == name)?;
        Some(self.keywords.remove(index).1)
    }

    /// Fails on any keyword argument left after the known ones were taken,
    /// in the words of CPython's built-in functions.
    pub fn reject_other_keywords(&self, function: &str) -> PyResult<()> {
        match self.keywords.first() {
            None => Ok(()),
            Some((key, _)) => type_error(format!(
                "'{key}' is an invalid keyword argument for {function}()"
            )),
        }
    }

    /// Positional argument `index`, or `None` when it was not passed.
    pub fn get(&self, index: usize) -> Option<&Value> {
        self.positional.get(index)
    }
}

impl BuiltinFunction {
    /// A free-standing built-in function.
    pub fn new(name: &'static str, function: NativeFn) -> Value {
        Value::BuiltinFunction(Arc::new(BuiltinFunction {
            name,
            function,
            receiver: None,
        }))
    }
}

impl Function {
    /// A function of `code` whose globals are `globals`.
    pub fn new(
        code: Arc<CodeObject>,
        globals: Arc<PyDict>,
        defaults: Vec<Value>,
        kwdefaults: Vec<(String, Value)>,
        closure: Vec<CellRef>,
    ) -> Function {
        let attributes = crate::runtime::gil::new_cell(None);
        Function {
            code,
            globals,
            defaults,
            kwdefaults,
            closure,
            attributes,
        }
    }

    /// The function's name, as `__name__` gives it.
    pub fn name(&self) -> &str {
        &self.code.name
    }
}

crate::objects::opaque_debug!(Function, "function");
