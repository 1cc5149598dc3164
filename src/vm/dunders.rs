//! Operators on instances of user classes: `a + b` tries `a.__add__(b)`,
//! then the reflected `b.__radd__(a)`; comparisons try `a.__lt__(b)`, then
//! `b.__gt__(a)`. A method that returns `NotImplemented` passes the turn,
//! as in CPython's `binary_op1` and `do_richcompare`. An instance of a class
//! derived from a built-in type that defines neither compares as the
//! built-in value it carries.

use super::builtin_bases::name_operands;
use super::ops::is_set_like_view;
use super::Vm;
use crate::compiler::{BinaryOperator, Comparison, UnaryOperator};
use crate::objects::set::PySet;
use crate::objects::{PyResult, Value};

/// True for the values whose operators are defined in Python.
pub fn is_user_object(value: &Value) -> bool {
    match value {
        Value::Instance(_) => true,
        Value::Exception(exception) => exception.class.dict.is_some(),
        _ => false,
    }
}

/// True when `value` carries a built-in value whose type changes itself for
/// `op=` (`list +=`, `set |=`, `dict |=`): that inherited in-place method
/// comes before the class's own `__add__`, as in CPython.
fn has_builtin_inplace(value: &Value, op: BinaryOperator) -> bool {
    use BinaryOperator::*;
    match value.builtin_base() {
        Value::Instance(_) => false,
        Value::List(_) => op == Add,
        Value::Set(set) => !set.is_frozen() && matches!(op, Or | And | Subtract | Xor),
        Value::Dict(_) => op == Or,
        _ => false,
    }
}

/// The special methods of a binary operator: (normal, reflected, in-place).
fn binary_names(op: BinaryOperator) -> (&'static str, &'static str, &'static str) {
    use BinaryOperator::*;
    match op {
        Add => ("__add__", "__radd__", "__iadd__"),
        Subtract => ("__sub__", "__rsub__", "__isub__"),
        Multiply => ("__mul__", "__rmul__", "__imul__"),
        MatrixMultiply => ("__matmul__", "__rmatmul__", "__imatmul__"),
        TrueDivide => ("__truediv__", "__rtruediv__", "__itruediv__"),
        FloorDivide => ("__floordiv__", "__rfloordiv__", "__ifloordiv__"),
        Remainder => ("__mod__", "__rmod__", "__imod__"),
        Power => ("__pow__", "__rpow__", "__ipow__"),
        LeftShift => ("__lshift__", "__rlshift__", "__ilshift__"),
        RightShift => ("__rshift__", "__rrshift__", "__irshift__"),
        And => ("__and__", "__rand__", "__iand__"),
        Or => ("__or__", "__ror__", "__ior__"),
        Xor => ("__xor__", "__rxor__", "__ixor__"),
    }
}

/// A comparison's method and the one to try on the right operand.
fn comparison_names(op: Comparison) -> Option<(&'static str, &'static str)> {
    use Comparison::*;
    Some(match op {
        Less => ("__lt__", "__gt__"),
        LessEqual => ("__le__", "__ge__"),
        Equal => ("__eq__", "__eq__"),
        NotEqual => ("__ne__", "__ne__"),
        Greater => ("__gt__", "__lt__"),
        GreaterEqual => ("__ge__", "__le__"),
        _ => return None,
    })
}

impl Vm {
    /// Calls a special method, treating `NotImplemented` as "not defined".
    fn try_special(
        &mut self,
        object: &Value,
        name: &str,
        argument: &Value,
    ) -> PyResult<Option<Value>> {
        match self.call_special(object, name, vec![argument.clone()])? {
            Some(Value::NotImplemented) | None => Ok(None),
            Some(result) => Ok(Some(result)),
        }
    }

    /// `left op right` through the operands' special methods; `None` when
    /// neither defines it (the caller raises `unsupported operand type(s)`).
    pub(super) fn binary_special(
        &mut self,
        op: BinaryOperator,
        inplace: bool,
        left: &Value,
        right: &Value,
    ) -> PyResult<Option<Value>> {
        let (normal, reflected, in_place) = binary_names(op);
        if inplace {
            if let Some(result) = self.try_special(left, in_place, right)? {
                return Ok(Some(result));
            }
            if has_builtin_inplace(left, op) {
                return Ok(None);
            }
        }
        if let Some(result) = self.try_special(left, normal, right)? {
            return Ok(Some(result));
        }
        self.try_special(right, reflected, left)
    }

    /// A comparison involving a user object. `==` and `!=` fall back to
    /// identity; the orderings have no fallback.
    pub(super) fn compare_special(
        &mut self,
        op: Comparison,
        left: &Value,
        right: &Value,
    ) -> PyResult<Option<Value>> {
        let Some((normal, reflected)) = comparison_names(op) else {
            return Ok(None);
        };
        if let Some(result) = self.try_special(left, normal, right)? {
            return Ok(Some(result));
        }
        if let Some(result) = self.try_special(right, reflected, left)? {
            return Ok(Some(result));
        }
        if left.has_builtin_base() || right.has_builtin_base() {
            let (base, right_base) = (left.builtin_base().clone(), right.builtin_base().clone());
            return self
                .compare_op(op, &base, &right_base)
                .map(Some)
                .map_err(|error| name_operands(error, &self.token, &[left, right]));
        }
        Ok(match op {
            Comparison::Equal => Some(Value::Bool(left.is(right))),
            Comparison::NotEqual => match self.try_special(left, "__eq__", right)? {
                Some(equal) => Some(Value::Bool(!self.is_true(&equal)?)),
                None => Some(Value::Bool(!left.is(right))),
            },
            _ => None,
        })
    }

    /// `-x`, `+x`, `~x` on a user object.
    pub(super) fn unary_special(
        &mut self,
        op: UnaryOperator,
        operand: &Value,
    ) -> PyResult<Option<Value>> {
        let name = match op {
            UnaryOperator::Negative => "__neg__",
            UnaryOperator::Positive => "__pos__",
            UnaryOperator::Invert => "__invert__",
            UnaryOperator::Not => return Ok(None),
        };
        self.call_special(operand, name, vec![])
    }

    /// `a == b` as a Rust bool, for containers comparing their elements.
    pub fn values_equal(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if a.is(b) {
            return Ok(true);
        }
        if is_user_object(a) || is_user_object(b) {
            let result = self
                .compare_special(Comparison::Equal, a, b)?
                .unwrap_or(Value::Bool(false));
            return self.is_true(&result);
        }
        match (a, b) {
            (Value::List(x), Value::List(y)) => {
                let (x, y) = (
                    x.items.ro(&self.token).clone(),
                    y.items.ro(&self.token).clone(),
                );
                self.sequences_equal(&x, &y)
            }
            (Value::Tuple(x), Value::Tuple(y)) => self.sequences_equal(x.items(), y.items()),
            (Value::Dict(x), Value::Dict(y)) => self.dicts_equal(x, y),
            (Value::Set(x), Value::Set(y)) if self.holds_python_keys(x, y) => self.sets_equal(x, y),
            (Value::DictView(_) | Value::Set(_), Value::DictView(_) | Value::Set(_))
                if is_set_like_view(a) || is_set_like_view(b) =>
            {
                // A keys or items view equals a set (or view) of the same elements.
                let (a, b) = (self.collect(a)?, self.collect(b)?);
                let (a, b) = (self.new_set(a)?, self.new_set(b)?);
                self.values_equal(&a, &b)
            }
            _ => Ok(crate::objects::compare::equal(a, b, &self.token)),
        }
    }

    /// True when either set holds elements compared by Python code.
    fn holds_python_keys(&self, a: &PySet, b: &PySet) -> bool {
        a.data.ro(&self.token).holds_python_keys() || b.data.ro(&self.token).holds_python_keys()
    }

    /// Element-wise `==`, so lists of instances use their `__eq__`.
    fn sequences_equal(&mut self, a: &[Value], b: &[Value]) -> PyResult<bool> {
        if a.len() != b.len() {
            return Ok(false);
        }
        for (x, y) in a.iter().zip(b) {
            if !self.values_equal(x, y)? {
                return Ok(false);
            }
        }
        Ok(true)
    }
}
