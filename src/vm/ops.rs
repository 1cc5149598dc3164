//! Operators: `+ - * / // % ** << >> & | ^ @`, unary `- + ~ not`, and
//! comparisons, for the built-in types.
//!
//! Ints and floats take the fast paths at the top; everything else goes
//! through the type pairs Python defines (`str + str`, `list * int` ...).
//! A pair with no meaning raises CPython's `unsupported operand type(s)`.

use super::builtin_bases::name_operands;
use super::dunders::is_user_object;
use super::Vm;
use crate::compiler::{BinaryOperator, Comparison, UnaryOperator};
use crate::objects::compare::{compare_numbers, equal, is_number};
use crate::objects::dict::PyDict;
use crate::objects::exception::{raise, type_error, unsupported_operands};
use crate::objects::set::PySet;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{float, int, PyResult, Value};
use num_bigint::BigInt;
use num_traits::Zero;
use std::cmp::Ordering;
use std::sync::Arc;

/// `a op b` for two ints or two floats, by value; None for `is` and `in`,
/// which the general path answers (a float's `is` is identity, not value).
#[inline(always)]
pub(super) fn compare_primitive<T: PartialOrd>(op: Comparison, a: T, b: T) -> Option<bool> {
    Some(match op {
        Comparison::Less => a < b,
        Comparison::LessEqual => a <= b,
        Comparison::Equal => a == b,
        Comparison::NotEqual => a != b,
        Comparison::Greater => a > b,
        Comparison::GreaterEqual => a >= b,
        _ => return None,
    })
}

impl Vm {
    /// `left op right`; `inplace` for `op=` (lists extend in place).
    pub fn binary_op(
        &mut self,
        op: BinaryOperator,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Value> {
        use BinaryOperator::*;
        if let (Value::Int(a), Value::Int(b)) = (&left, &right) {
            let (a, b) = (*a, *b);
            match op {
                Add => return Ok(int::add(a, b)),
                Subtract => return Ok(int::subtract(a, b)),
                Multiply => return Ok(int::multiply(a, b)),
                FloorDivide => return int::floor_divide(a, b),
                Remainder => return int::remainder(a, b),
                _ => {}
            }
        }
        if let (Value::Float(a), Value::Float(b)) = (&left, &right) {
            match op {
                Add => return Ok(Value::Float(a + b)),
                Subtract => return Ok(Value::Float(a - b)),
                Multiply => return Ok(Value::Float(a * b)),
                _ => {}
            }
        }
        if is_number(&left) && is_number(&right) {
            return numeric_op(op, &left, &right);
        }
        if inplace && op == Add {
            if let Value::List(list) = &left {
                let items = self.collect(&right)?;
                list.items.rw(&mut self.token).extend(items);
                return Ok(left);
            }
        }
        if is_user_object(&left) || is_user_object(&right) {
            if let Some(result) = self.binary_special(op, inplace, &left, &right)? {
                return Ok(result);
            }
            if left.has_builtin_base() || right.has_builtin_base() {
                return self.base_binary_op(op, inplace, left, right);
            }
        }
        if is_set_like_view(&left) || is_set_like_view(&right) {
            if let Some(result) = self.view_set_op(op, &left, &right)? {
                return Ok(result);
            }
        }
        if let (true, Multiply, Value::List(list)) = (inplace, op, &left) {
            // `items *= n` repeats the list in place: aliases see it.
            if let Value::List(repeated) = self.sequence_op(op, &left, &right)? {
                let items = repeated.items.ro(&self.token).clone();
                *list.items.rw(&mut self.token) = items;
            }
            return Ok(left);
        }
        if let (Value::Set(a), Value::Set(_)) = (&left, &right) {
            return self.set_op(op, inplace, a, &left, &right);
        }
        if let (BinaryOperator::Or, Value::Dict(a), Value::Dict(b)) = (op, &left, &right) {
            return self.dict_union(inplace, a, b, &left);
        }
        self.sequence_op(op, &left, &right)
    }

    /// `left op right` where an operand is an instance of a class derived
    /// from a built-in type that does not define the operator: the built-in
    /// values' operator. An in-place one that changed the left value in
    /// place (`l += [1]`, `s |= t`) gives back the instance itself.
    fn base_binary_op(
        &mut self,
        op: BinaryOperator,
        inplace: bool,
        left: Value,
        right: Value,
    ) -> PyResult<Value> {
        let base = left.builtin_base().clone();
        let right_base = right.builtin_base().clone();
        let result = self
            .binary_op(op, inplace, base.clone(), right_base)
            .map_err(|error| name_operands(error, &self.token, &[&left, &right]))?;
        if inplace && left.has_builtin_base() && result.is(&base) {
            return Ok(left);
        }
        Ok(result)
    }

    /// `+`, `*` and `%` on strings, bytes, lists and tuples.
    fn sequence_op(&mut self, op: BinaryOperator, left: &Value, right: &Value) -> PyResult<Value> {
        use BinaryOperator::*;
        match (op, left, right) {
            (Add, Value::Str(a), Value::Str(b)) => {
                let mut text = String::with_capacity(a.as_str().len() + b.as_str().len());
                text.push_str(a.as_str());
                text.push_str(b.as_str());
                Ok(Value::str(text))
            }
            (Add, Value::Str(_), _) => type_error(format!(
                "can only concatenate str (not \"{}\") to str",
                type_name(right)
            )),
            (Add, Value::List(a), Value::List(b)) => {
                let mut items = a.items.ro(&self.token).clone();
                items.extend(b.items.ro(&self.token).iter().cloned());
                Ok(Value::list(items))
            }
            (Add, Value::List(_), _) => type_error(format!(
                "can only concatenate list (not \"{}\") to list",
                type_name(right)
            )),
            (Add, Value::Tuple(a), Value::Tuple(b)) => Ok(Value::tuple(
                a.items().iter().chain(b.items()).cloned().collect(),
            )),
            (Add, Value::Tuple(_), _) => type_error(format!(
                "can only concatenate tuple (not \"{}\") to tuple",
                type_name(right)
            )),
            (Add, Value::Bytes(a), Value::Bytes(b)) => {
                let data = [a.as_bytes(), b.as_bytes()].concat();
                Ok(Value::Bytes(Arc::new(crate::objects::bytes::PyBytes::new(
                    data,
                ))))
            }
            (Add, Value::Bytes(_), _) => {
                type_error(format!("can't concat {} to bytes", type_name(right)))
            }
            (Multiply, a, b) if is_repeatable(a) || is_repeatable(b) => {
                let (sequence, count) = if is_repeatable(a) { (a, b) } else { (b, a) };
                if is_index(count) {
                    self.repeat(sequence, count)
                } else {
                    type_error(format!(
                        "can't multiply sequence by non-int of type '{}'",
                        type_name(count)
                    ))
                }
            }
            (Remainder, Value::Str(template), arguments) => {
                let text = self.percent_format(template.as_str(), arguments)?;
                Ok(Value::str(text))
            }
            _ => unsupported_operands(op.symbol(), left, right),
        }
    }

    /// `| & - ^` with a keys or items view of a dict on either side: both
    /// operands become sets first, so the result is a set (as CPython's
    /// `dictviews_and` and friends make it). `None` for other operators.
    fn view_set_op(
        &mut self,
        op: BinaryOperator,
        left: &Value,
        right: &Value,
    ) -> PyResult<Option<Value>> {
        use BinaryOperator::*;
        if !matches!(op, Or | And | Subtract | Xor) {
            return Ok(None);
        }
        let left_items = self.collect(left)?;
        let left_set = self.new_set(left_items)?;
        let right_items = self.collect(right)?;
        let right_set = self.new_set(right_items)?;
        let Value::Set(set) = &left_set else {
            return Ok(None);
        };
        self.set_op(op, false, &set.clone(), &left_set, &right_set)
            .map(Some)
    }

    /// `| & - ^` on two sets; the in-place forms change the left set.
    fn set_op(
        &mut self,
        op: BinaryOperator,
        inplace: bool,
        set: &Arc<PySet>,
        left: &Value,
        right: &Value,
    ) -> PyResult<Value> {
        use crate::objects::set;
        let others = std::slice::from_ref(right);
        let result = match op {
            BinaryOperator::Or => set::union(self, set, others)?,
            BinaryOperator::And => set::intersection(self, set, others)?,
            BinaryOperator::Subtract => set::difference(self, set, others)?,
            BinaryOperator::Xor => set::symmetric_difference(self, set, right)?,
            _ => return unsupported_operands(op.symbol(), left, right),
        };
        match (inplace && !set.is_frozen(), result) {
            (true, Value::Set(result)) => {
                let table = result.data.ro(&self.token).clone();
                *set.data.rw(&mut self.token) = table;
                Ok(left.clone())
            }
            (_, result) => Ok(result),
        }
    }

    /// `a | b` on dicts: a new dict of `a`'s entries updated with `b`'s;
    /// `a |= b` updates `a` itself.
    fn dict_union(
        &mut self,
        inplace: bool,
        a: &PyDict,
        b: &PyDict,
        left: &Value,
    ) -> PyResult<Value> {
        let entries: Vec<_> = b.data.ro(&self.token).entries().cloned().collect();
        let target = if inplace {
            left.clone()
        } else {
            let copy = a.data.ro(&self.token).clone();
            Value::Dict(Arc::new(PyDict::from_data(copy)))
        };
        for entry in entries {
            self.set_item(&target, entry.key, entry.value)?;
        }
        Ok(target)
    }

    /// `sequence * count`.
    fn repeat(&mut self, sequence: &Value, count: &Value) -> PyResult<Value> {
        let count = match count {
            Value::Int(n) => (*n).max(0) as usize,
            Value::Bool(b) => *b as usize,
            _ => {
                return raise(
                    ExceptionKind::OverflowError,
                    "cannot fit 'int' into an index-sized integer",
                )
            }
        };
        let length = self.len(sequence)?;
        if length.saturating_mul(count) > 1 << 34 {
            return raise(ExceptionKind::MemoryError, "");
        }
        Ok(match sequence {
            Value::Str(s) => Value::str(s.as_str().repeat(count)),
            Value::Bytes(b) => Value::Bytes(Arc::new(crate::objects::bytes::PyBytes::new(
                b.as_bytes().repeat(count),
            ))),
            Value::Tuple(t) => Value::tuple(repeat_values(t.items(), count)),
            Value::List(l) => Value::list(repeat_values(l.items.ro(&self.token), count)),
            _ => Value::None,
        })
    }

    /// Unary `-`, `+`, `~` and `not`.
    pub fn unary_op(&mut self, op: UnaryOperator, operand: Value) -> PyResult<Value> {
        if is_user_object(&operand) {
            if let Some(result) = self.unary_special(op, &operand)? {
                return Ok(result);
            }
            if operand.has_builtin_base() && op != UnaryOperator::Not {
                let base = operand.builtin_base().clone();
                return self
                    .unary_op(op, base)
                    .map_err(|error| name_operands(error, &self.token, &[&operand]));
            }
        }
        match (op, &operand) {
            (UnaryOperator::Not, _) => Ok(Value::Bool(!self.is_true(&operand)?)),
            (UnaryOperator::Negative, Value::Int(i)) => Ok(match i.checked_neg() {
                Some(n) => Value::Int(n),
                None => Value::from_bigint(-BigInt::from(*i)),
            }),
            (UnaryOperator::Negative, Value::Float(f)) => Ok(Value::Float(-f)),
            (UnaryOperator::Positive, Value::Float(f)) => Ok(Value::Float(*f)),
            (_, Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
                let value = int::to_bigint(&operand).unwrap_or_default();
                Ok(Value::from_bigint(match op {
                    UnaryOperator::Negative => -value,
                    UnaryOperator::Invert => -value - 1,
                    _ => value,
                }))
            }
            _ => {
                let symbol = match op {
                    UnaryOperator::Negative => "unary -",
                    UnaryOperator::Positive => "unary +",
                    _ => "unary ~",
                };
                type_error(format!(
                    "bad operand type for {symbol}: '{}'",
                    type_name(&operand)
                ))
            }
        }
    }

    /// A comparison, `is`, or `in` test, giving a bool.
    pub fn compare_op(&mut self, op: Comparison, left: &Value, right: &Value) -> PyResult<Value> {
        use Comparison::*;
        if let (Value::Int(a), Value::Int(b)) = (left, right) {
            if let Some(result) = compare_primitive(op, a, b) {
                return Ok(Value::Bool(result));
            }
        }
        // Floats compare by value, never by identity: `nan == nan` is False
        // even for one and the same NaN, as in CPython.
        if let (Value::Float(a), Value::Float(b)) = (left, right) {
            if let Some(result) = compare_primitive(op, a, b) {
                return Ok(Value::Bool(result));
            }
        }
        if is_user_object(left) || is_user_object(right) {
            if let Some(result) = self.compare_special(op, left, right)? {
                return Ok(result);
            }
        }
        let result = match op {
            Equal => self.values_equal(left, right)?,
            NotEqual => !self.values_equal(left, right)?,
            Is => left.is(right),
            IsNot => !left.is(right),
            In | NotIn => return self.contains_op(op, left, right),
            _ => {
                let ordering = self.order(op, left, right)?;
                match op {
                    Less => ordering == Some(Ordering::Less),
                    LessEqual => matches!(ordering, Some(Ordering::Less | Ordering::Equal)),
                    Greater => ordering == Some(Ordering::Greater),
                    _ => matches!(ordering, Some(Ordering::Greater | Ordering::Equal)),
                }
            }
        };
        Ok(Value::Bool(result))
    }

    fn contains_op(&mut self, op: Comparison, item: &Value, container: &Value) -> PyResult<Value> {
        let found = self.contains(container, item)?;
        Ok(Value::Bool(if op == Comparison::In {
            found
        } else {
            !found
        }))
    }

    /// Orders two values for `<` and friends; `None` when unordered (NaN).
    /// Sequences compare element by element, as Python's do.
    pub fn order(
        &mut self,
        op: Comparison,
        left: &Value,
        right: &Value,
    ) -> PyResult<Option<Ordering>> {
        if is_number(left) && is_number(right) {
            return Ok(compare_numbers(left, right));
        }
        match (left, right) {
            (Value::Str(a), Value::Str(b)) => Ok(Some(a.as_str().cmp(b.as_str()))),
            (Value::Bytes(a), Value::Bytes(b)) => Ok(Some(a.as_bytes().cmp(b.as_bytes()))),
            (Value::Tuple(a), Value::Tuple(b)) => self.order_sequences(op, a.items(), b.items()),
            (Value::Set(a), Value::Set(b)) => self.order_sets(op, a, b),
            (Value::List(a), Value::List(b)) => {
                let a = a.items.ro(&self.token).clone();
                let b = b.items.ro(&self.token).clone();
                self.order_sequences(op, &a, &b)
            }
            _ => type_error(format!(
                "'{}' not supported between instances of '{}' and '{}'",
                op.symbol(),
                type_name(left),
                type_name(right)
            )),
        }
    }

    /// Sets are ordered by inclusion: `a < b` is "proper subset". The
    /// answer is given as the ordering that makes the asked test true or false.
    fn order_sets(&mut self, op: Comparison, a: &PySet, b: &PySet) -> PyResult<Option<Ordering>> {
        use crate::objects::set::is_subset;
        let (sub, sup) = (is_subset(self, a, b)?, is_subset(self, b, a)?);
        let holds = match op {
            Comparison::Less => sub && !sup,
            Comparison::LessEqual => sub,
            Comparison::Greater => sup && !sub,
            _ => sup,
        };
        let wanted = match op {
            Comparison::Less => Ordering::Less,
            Comparison::Greater => Ordering::Greater,
            _ => Ordering::Equal,
        };
        Ok(holds.then_some(wanted))
    }

    fn order_sequences(
        &mut self,
        op: Comparison,
        a: &[Value],
        b: &[Value],
    ) -> PyResult<Option<Ordering>> {
        for (x, y) in a.iter().zip(b) {
            if x.is(y) || equal(x, y, &self.token) {
                continue;
            }
            return self.order(op, x, y);
        }
        Ok(Some(a.len().cmp(&b.len())))
    }
}

/// Arithmetic on two numbers at least one of which is not a small int.
fn numeric_op(op: BinaryOperator, left: &Value, right: &Value) -> PyResult<Value> {
    use BinaryOperator::*;
    if matches!(left, Value::Float(_)) || matches!(right, Value::Float(_)) {
        if matches!(op, LeftShift | RightShift | And | Or | Xor | MatrixMultiply) {
            return unsupported_operands(op.symbol(), left, right);
        }
        let a = as_f64(left)?;
        let b = as_f64(right)?;
        return match op {
            Add => Ok(Value::Float(a + b)),
            Subtract => Ok(Value::Float(a - b)),
            Multiply => Ok(Value::Float(a * b)),
            TrueDivide => float::true_divide(a, b),
            FloorDivide => float::floor_divide(a, b),
            Remainder => float::remainder(a, b),
            _ => float::power(a, b),
        };
    }
    let a = int::to_bigint(left).unwrap_or_default();
    let b = int::to_bigint(right).unwrap_or_default();
    match op {
        Add => Ok(Value::from_bigint(a + b)),
        Subtract => Ok(Value::from_bigint(a - b)),
        Multiply => Ok(Value::from_bigint(a * b)),
        TrueDivide => int::true_divide(&a, &b),
        FloorDivide if b.is_zero() => raise(
            ExceptionKind::ZeroDivisionError,
            "integer division or modulo by zero",
        ),
        Remainder if b.is_zero() => {
            raise(ExceptionKind::ZeroDivisionError, "integer modulo by zero")
        }
        FloorDivide => Ok(Value::from_bigint(num_integer::Integer::div_floor(&a, &b))),
        Remainder => Ok(Value::from_bigint(num_integer::Integer::mod_floor(&a, &b))),
        Power => int::power(&a, &b),
        LeftShift => int::shift(&a, &b, true),
        RightShift => int::shift(&a, &b, false),
        And => Ok(Value::from_bigint(a & b)),
        Or => Ok(Value::from_bigint(a | b)),
        Xor => Ok(Value::from_bigint(a ^ b)),
        MatrixMultiply => unsupported_operands(op.symbol(), left, right),
    }
}

/// A number as a float (OverflowError for an int too large).
pub fn as_f64(value: &Value) -> PyResult<f64> {
    match value.builtin_base() {
        Value::Float(f) => Ok(*f),
        Value::Int(i) => Ok(*i as f64),
        Value::Bool(b) => Ok(*b as i64 as f64),
        Value::BigInt(b) => int::to_f64(b),
        _ => type_error(format!("must be real number, not {}", type_name(value))),
    }
}

fn is_repeatable(value: &Value) -> bool {
    matches!(
        value,
        Value::Str(_) | Value::List(_) | Value::Tuple(_) | Value::Bytes(_)
    )
}

fn is_index(value: &Value) -> bool {
    matches!(value, Value::Int(_) | Value::Bool(_) | Value::BigInt(_))
}

/// `items * count` for values (which are not `Copy`).
fn repeat_values(items: &[Value], count: usize) -> Vec<Value> {
    let mut out = Vec::with_capacity(items.len() * count);
    for _ in 0..count {
        out.extend_from_slice(items);
    }
    out
}

/// A dict's keys or items view, which combines with `| & - ^` as a set.
pub(super) fn is_set_like_view(value: &Value) -> bool {
    use crate::objects::iterator::DictPart;
    matches!(value, Value::DictView(view) if !matches!(view.part, DictPart::Values))
}
