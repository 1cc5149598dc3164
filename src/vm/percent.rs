//! `template % arguments`: the interpreter's side of printf-style
//! formatting. `objects/percent_template.rs` parses the template,
//! `objects/percent_format.rs` formats each value; this file hands the
//! formatter the arguments it asks for.

use super::Vm;
use crate::objects::exception::PyException;
use crate::objects::format_spec::{ErrorKind, FormatError};
use crate::objects::percent_format::{
    format_percent, ArgRef, ArgWant, ArgsShape, PercentArg, PercentArgs,
};
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{int, PyResult, Value};
use num_bigint::BigInt;

impl From<FormatError> for PyException {
    fn from(error: FormatError) -> PyException {
        let kind = match error.kind {
            ErrorKind::ValueError => ExceptionKind::ValueError,
            ErrorKind::TypeError => ExceptionKind::TypeError,
            ErrorKind::OverflowError => ExceptionKind::OverflowError,
        };
        PyException::new(kind, error.message)
    }
}

/// The right operand of `%`, as the formatter walks it.
struct Operand<'vm> {
    vm: &'vm mut Vm,
    operand: Value,
    /// The value a `%(key)` selected from a mapping operand.
    selected: Option<Value>,
    /// Storage for the int a fetch lends out.
    number: BigInt,
}

impl PercentArgs for Operand<'_> {
    type Error = PyException;

    fn shape(&self) -> ArgsShape {
        match &self.operand {
            Value::Tuple(items) => ArgsShape::Tuple(items.items().len()),
            Value::Dict(_) | Value::List(_) => ArgsShape::Mapping,
            _ => ArgsShape::Single,
        }
    }

    fn select_key(&mut self, key: &str) -> PyResult<()> {
        let value = self.vm.get_item(&self.operand.clone(), &Value::str(key))?;
        self.selected = Some(value);
        Ok(())
    }

    fn fetch(&mut self, which: ArgRef, want: ArgWant) -> PyResult<PercentArg<'_>> {
        let value = match (which, &self.operand) {
            (ArgRef::Item(i), Value::Tuple(items)) => {
                items.items().get(i).cloned().unwrap_or(Value::None)
            }
            _ => self
                .selected
                .clone()
                .unwrap_or_else(|| self.operand.clone()),
        };
        Ok(match want {
            ArgWant::Str => PercentArg::Str(self.vm.str(&value)?),
            ArgWant::Repr => PercentArg::Str(self.vm.repr(&value)?),
            ArgWant::Ascii => PercentArg::Str(super::ascii(&self.vm.repr(&value)?)),
            ArgWant::Char if matches!(value, Value::Str(_)) => {
                PercentArg::Str(self.vm.str(&value)?)
            }
            ArgWant::Nothing => PercentArg::Other(type_name(&value)),
            _ => match value.builtin_base() {
                Value::Float(f) if want == ArgWant::Number => PercentArg::Float(*f),
                base @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
                    self.number = int::to_bigint(base).unwrap_or_default();
                    PercentArg::Int(&self.number)
                }
                _ => PercentArg::Other(type_name(&value)),
            },
        })
    }
}

impl Vm {
    /// `template % arguments` for a str template.
    pub(super) fn percent_format(&mut self, template: &str, arguments: &Value) -> PyResult<String> {
        let mut operand = Operand {
            vm: self,
            operand: arguments.clone(),
            selected: None,
            number: BigInt::default(),
        };
        format_percent(template, &mut operand)
    }
}
