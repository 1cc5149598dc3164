//! The special methods of built-in values, called by name: `"x".__len__()`,
//! `[1].__contains__(1)`, `int.__add__(1, 2)`, `(3).__radd__(1)`.
//!
//! pyl runs operators on built-in values directly (`Vm::binary_op`,
//! `compare_op`, `len` ...), with no method objects behind them. These
//! methods give scripts the names: each one runs the operator it stands
//! for. Called by name, a special method does not try the other operand's
//! reflected method, so where CPython's method would decline (an `int`
//! method given a `float`, a `str` compared with a `list`) it returns
//! `NotImplemented` instead of running the whole operator.

use super::Vm;
use crate::compiler::{BinaryOperator, Comparison, UnaryOperator};
use crate::objects::exception::{raise, type_error, PyException};
use crate::objects::function::{Args, NativeFn};
use crate::objects::type_object::{type_of, ExceptionKind, TypeKind};
use crate::objects::{PyResult, Value};

/// The special method `name` of built-in values of type `kind`, if that
/// type has it.
pub fn dunder_of(kind: TypeKind, name: &str) -> Option<&'static (&'static str, NativeFn)> {
    let entry = DUNDERS.iter().find(|(n, _)| *n == name)?;
    has_dunder(kind, name).then_some(entry)
}

/// Whether values of type `kind` have the special method `name`.
fn has_dunder(kind: TypeKind, name: &str) -> bool {
    use TypeKind::*;
    const COMMON: &[&str] = &[
        "__eq__", "__ne__", "__lt__", "__le__", "__gt__", "__ge__", "__repr__", "__str__",
        "__hash__",
    ];
    const NUMBER: &[&str] = &[
        "__add__",
        "__radd__",
        "__sub__",
        "__rsub__",
        "__mul__",
        "__rmul__",
        "__truediv__",
        "__rtruediv__",
        "__floordiv__",
        "__rfloordiv__",
        "__mod__",
        "__rmod__",
        "__pow__",
        "__rpow__",
        "__neg__",
        "__pos__",
        "__abs__",
        "__bool__",
        "__int__",
        "__float__",
    ];
    const INTEGER: &[&str] = &[
        "__and__",
        "__rand__",
        "__or__",
        "__ror__",
        "__xor__",
        "__rxor__",
        "__lshift__",
        "__rlshift__",
        "__rshift__",
        "__rrshift__",
        "__invert__",
        "__index__",
    ];
    const SIZED: &[&str] = &["__len__", "__contains__", "__iter__"];
    const SEQUENCE: &[&str] = &["__getitem__", "__add__", "__mul__", "__rmul__"];
    const MUTABLE: &[&str] = &["__setitem__", "__delitem__"];
    const SET: &[&str] = &[
        "__and__", "__rand__", "__or__", "__ror__", "__xor__", "__rxor__", "__sub__", "__rsub__",
    ];
    let groups: &[&[&str]] = match kind {
        Int | Bool => &[COMMON, NUMBER, INTEGER],
        Float => &[COMMON, NUMBER],
        Str | Bytes => &[COMMON, SIZED, SEQUENCE, &["__mod__", "__rmod__"]],
        Tuple => &[COMMON, SIZED, SEQUENCE],
        List => &[COMMON, SIZED, SEQUENCE, MUTABLE],
        Dict => &[
            COMMON,
            SIZED,
            MUTABLE,
            &["__getitem__", "__or__", "__ror__"],
        ],
        Set | FrozenSet => &[COMMON, SIZED, SET],
        Iterator => &[&["__iter__", "__next__"]],
        _ => return false,
    };
    groups.iter().any(|group| group.contains(&name))
}

/// Defines a `NativeFn` per binary special method: the operator, and
/// whether the receiver is its right operand (`__radd__`).
macro_rules! binary_dunders {
    ($($function:ident = $op:ident, $reflected:expr;)*) => {
        $(fn $function(vm: &mut Vm, args: Args) -> PyResult<Value> {
            binary(vm, args, BinaryOperator::$op, $reflected)
        })*
    };
}

binary_dunders! {
    add = Add, false; radd = Add, true; sub = Subtract, false; rsub = Subtract, true;
    mul = Multiply, false; rmul = Multiply, true; truediv = TrueDivide, false;
    rtruediv = TrueDivide, true; floordiv = FloorDivide, false; rfloordiv = FloorDivide, true;
    rem = Remainder, false; rrem = Remainder, true; pow = Power, false; rpow = Power, true;
    and = And, false; rand = And, true; or = Or, false; ror = Or, true;
    xor = Xor, false; rxor = Xor, true; lshift = LeftShift, false; rlshift = LeftShift, true;
    rshift = RightShift, false; rrshift = RightShift, true;
}

/// Defines a `NativeFn` per rich comparison.
macro_rules! comparison_dunders {
    ($($function:ident = $op:ident;)*) => {
        $(fn $function(vm: &mut Vm, args: Args) -> PyResult<Value> {
            compare(vm, args, Comparison::$op)
        })*
    };
}

comparison_dunders! {
    eq = Equal; ne = NotEqual; lt = Less; le = LessEqual; gt = Greater; ge = GreaterEqual;
}

/// The receiver and the `count` arguments after it, as CPython checks
/// the arguments of a slot wrapper.
fn receiver_and(args: Args, count: usize) -> PyResult<(Value, Vec<Value>)> {
    args.expect_no_keywords("special method")?;
    let mut positional = args.positional.into_iter();
    let Some(receiver) = positional.next() else {
        return type_error("descriptor needs an argument");
    };
    let rest: Vec<Value> = positional.collect();
    if rest.len() != count {
        let plural = if count == 1 { "" } else { "s" };
        return type_error(format!(
            "expected {count} argument{plural}, got {}",
            rest.len()
        ));
    }
    Ok((receiver, rest))
}

/// The one argument after the receiver.
fn receiver_and_one(args: Args) -> PyResult<(Value, Value)> {
    let (receiver, mut rest) = receiver_and(args, 1)?;
    Ok((receiver, rest.remove(0)))
}

/// Whether the receiver's own method handles `other`: numbers take only
/// numbers they can widen to their own type, sets only sets, dicts only
/// dicts; sequences leave the check to the operator, which raises
/// CPython's `TypeError` itself.
fn accepts(receiver: &Value, other: &Value) -> bool {
    let integer = |v: &Value| matches!(v, Value::Int(_) | Value::Bool(_) | Value::BigInt(_));
    match receiver {
        Value::Int(_) | Value::Bool(_) | Value::BigInt(_) => integer(other),
        Value::Float(_) => integer(other) || matches!(other, Value::Float(_)),
        Value::Set(_) => matches!(other, Value::Set(_)),
        Value::Dict(_) => matches!(other, Value::Dict(_)),
        _ => true,
    }
}

/// `a.__op__(b)` (or `b op a` for a reflected method).
fn binary(vm: &mut Vm, args: Args, op: BinaryOperator, reflected: bool) -> PyResult<Value> {
    let (receiver, other) = receiver_and_one(args)?;
    if !accepts(&receiver, &other) {
        return Ok(Value::NotImplemented);
    }
    if reflected {
        vm.binary_op(op, false, other, receiver)
    } else {
        vm.binary_op(op, false, receiver, other)
    }
}

/// `a.__lt__(b)` and friends: `NotImplemented` for operands of another type.
fn compare(vm: &mut Vm, args: Args, op: Comparison) -> PyResult<Value> {
    let (receiver, other) = receiver_and_one(args)?;
    let same_type = match (&receiver, &other) {
        (Value::Set(_), Value::Set(_)) => true,
        (Value::Dict(_), Value::Dict(_)) => matches!(op, Comparison::Equal | Comparison::NotEqual),
        (Value::Int(_) | Value::Bool(_) | Value::BigInt(_) | Value::Float(_), _) => {
            accepts(&receiver, &other)
        }
        _ => type_of(&receiver).kind == type_of(&other).kind,
    };
    if !same_type {
        return Ok(Value::NotImplemented);
    }
    vm.compare_op(op, &receiver, &other)
}

/// Defines a `NativeFn` per unary special method.
macro_rules! unary_dunders {
    ($($function:ident = $op:ident;)*) => {
        $(fn $function(vm: &mut Vm, args: Args) -> PyResult<Value> {
            let (receiver, _) = receiver_and(args, 0)?;
            vm.unary_op(UnaryOperator::$op, receiver)
        })*
    };
}

unary_dunders! { neg = Negative; pos = Positive; invert = Invert; }

/// `x.__abs__()`.
fn abs(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    let negative = vm.compare_op(Comparison::Less, &receiver, &Value::Int(0))?;
    match negative {
        Value::Bool(true) => vm.unary_op(UnaryOperator::Negative, receiver),
        _ => vm.unary_op(UnaryOperator::Positive, receiver),
    }
}

/// `x.__bool__()`.
fn bool(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    Ok(Value::Bool(vm.is_true(&receiver)?))
}

/// `x.__int__()` and `x.__index__()` of an int or bool, `x.__int__()` of a float.
fn int(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    match receiver {
        Value::Bool(b) => Ok(Value::Int(b as i64)),
        Value::Float(f) if f.is_nan() => {
            crate::objects::exception::value_error("cannot convert float NaN to integer")
        }
        Value::Float(f) if f.is_infinite() => raise(
            ExceptionKind::OverflowError,
            "cannot convert float infinity to integer",
        ),
        Value::Float(f) => Ok(crate::objects::float::to_int(f.trunc())),
        other => Ok(other),
    }
}

/// `x.__float__()`.
fn float(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    Ok(Value::Float(crate::vm::as_f64(&receiver)?))
}

/// `x.__len__()`.
fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    Ok(Value::Int(vm.len(&receiver)? as i64))
}

/// `x.__contains__(item)`.
fn contains(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, item) = receiver_and_one(args)?;
    Ok(Value::Bool(vm.contains(&receiver, &item)?))
}

/// `x.__iter__()`.
fn iter(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    vm.iter(&receiver)
}

/// `iterator.__next__()`: the next item, or `StopIteration`.
fn next(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    match vm.next(&receiver)? {
        Some(item) => Ok(item),
        None => Err(PyException::with_args(ExceptionKind::StopIteration, vec![])),
    }
}

/// `x.__getitem__(key)`.
fn getitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, key) = receiver_and_one(args)?;
    vm.get_item(&receiver, &key)
}

/// `x.__setitem__(key, value)`.
fn setitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, mut rest) = receiver_and(args, 2)?;
    let value = rest.pop().unwrap_or(Value::None);
    let key = rest.pop().unwrap_or(Value::None);
    vm.set_item(&receiver, key, value)?;
    Ok(Value::None)
}

/// `x.__delitem__(key)`.
fn delitem(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, key) = receiver_and_one(args)?;
    vm.delete_item(&receiver, &key)?;
    Ok(Value::None)
}

/// `x.__repr__()`.
fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    Ok(Value::str(vm.repr(&receiver)?))
}

/// `x.__str__()`.
fn str(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    Ok(Value::str(vm.str(&receiver)?))
}

/// `x.__hash__()` (a `TypeError` for the unhashable types).
fn hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, _) = receiver_and(args, 0)?;
    Ok(Value::Int(vm.hash(&receiver)?))
}

/// Every special method by name; `has_dunder` says which types have it.
static DUNDERS: &[(&str, NativeFn)] = &[
    ("__add__", add),
    ("__radd__", radd),
    ("__sub__", sub),
    ("__rsub__", rsub),
    ("__mul__", mul),
    ("__rmul__", rmul),
    ("__truediv__", truediv),
    ("__rtruediv__", rtruediv),
    ("__floordiv__", floordiv),
    ("__rfloordiv__", rfloordiv),
    ("__mod__", rem),
    ("__rmod__", rrem),
    ("__pow__", pow),
    ("__rpow__", rpow),
    ("__and__", and),
    ("__rand__", rand),
    ("__or__", or),
    ("__ror__", ror),
    ("__xor__", xor),
    ("__rxor__", rxor),
    ("__lshift__", lshift),
    ("__rlshift__", rlshift),
    ("__rshift__", rshift),
    ("__rrshift__", rrshift),
    ("__eq__", eq),
    ("__ne__", ne),
    ("__lt__", lt),
    ("__le__", le),
    ("__gt__", gt),
    ("__ge__", ge),
    ("__neg__", neg),
    ("__pos__", pos),
    ("__invert__", invert),
    ("__abs__", abs),
    ("__bool__", bool),
    ("__int__", int),
    ("__index__", int),
    ("__float__", float),
    ("__len__", len),
    ("__contains__", contains),
    ("__iter__", iter),
    ("__next__", next),
    ("__getitem__", getitem),
    ("__setitem__", setitem),
    ("__delitem__", delitem),
    ("__repr__", repr),
    ("__str__", str),
    ("__hash__", hash),
];
