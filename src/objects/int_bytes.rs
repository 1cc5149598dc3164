//! `int.to_bytes` and `int.from_bytes`: an int as a fixed number of bytes,
//! in either byte order, two's complement when signed.

use super::exception::{raise, type_error, value_error};
use super::function::Args;
use super::method_args::{flag, integer, with_keywords};
use super::type_object::{type_name, ExceptionKind};
use super::{int, PyResult, Value};
use crate::vm::Vm;
use num_bigint::{BigInt, Sign};

/// Big- or little-endian, from the `byteorder` argument ('big' by default).
fn big_endian(byteorder: Option<&Value>) -> PyResult<bool> {
    match byteorder {
        None => Ok(true),
        Some(Value::Str(order)) if order.as_str() == "big" => Ok(true),
        Some(Value::Str(order)) if order.as_str() == "little" => Ok(false),
        Some(Value::Str(_)) => value_error("byteorder must be either 'little' or 'big'"),
        Some(other) => type_error(format!(
            "to_bytes() argument 'byteorder' must be str, not {}",
            type_name(other)
        )),
    }
}

/// `n.to_bytes(length=1, byteorder='big', *, signed=False)`.
pub fn to_bytes(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (receiver, slots) = with_keywords(args, "to_bytes", &["length", "byteorder", "signed"])?;
    let length = match &slots[0] {
        Some(length) => integer(length)?,
        None => 1,
    };
    if length < 0 {
        return value_error("length argument must be non-negative");
    }
    let big = big_endian(slots[1].as_ref())?;
    let signed = flag(slots[2].as_ref())?;
    let value = int::to_bigint(&receiver).unwrap_or_default();
    if !signed && value.sign() == Sign::Minus {
        return raise(
            ExceptionKind::OverflowError,
            "can't convert negative int to unsigned",
        );
    }
    let mut bytes = value.to_signed_bytes_le();
    let fill = if value.sign() == Sign::Minus { 0xff } else { 0 };
    // An unsigned value may use the top bit: drop the sign byte it needs.
    if !signed && bytes.len() > 1 && bytes.last() == Some(&0) {
        bytes.pop();
    }
    if !signed && value.sign() == Sign::NoSign {
        bytes.clear();
    }
    if bytes.len() > length as usize {
        return raise(ExceptionKind::OverflowError, "int too big to convert");
    }
    bytes.resize(length as usize, fill);
    if big {
        bytes.reverse();
    }
    Ok(Value::Bytes(std::sync::Arc::new(
        super::bytes::PyBytes::new(bytes),
    )))
}

/// `int.from_bytes(bytes, byteorder='big', *, signed=False)`; the receiver
/// is the class.
pub fn from_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (_class, slots) = with_keywords(args, "from_bytes", &["bytes", "byteorder", "signed"])?;
    let Some(source) = &slots[0] else {
        return type_error("from_bytes() missing required argument 'bytes' (pos 1)");
    };
    let mut bytes = match source {
        Value::Bytes(data) => data.as_bytes().to_vec(),
        Value::Str(_) => return type_error("cannot convert 'str' object to bytes"),
        iterable => byte_values(vm, iterable)?,
    };
    if big_endian(slots[1].as_ref())? {
        bytes.reverse();
    }
    let value = if flag(slots[2].as_ref())? {
        BigInt::from_signed_bytes_le(&bytes)
    } else {
        BigInt::from_bytes_le(Sign::Plus, &bytes)
    };
    Ok(int::normalize(value))
}

/// The ints of an iterable given as bytes, each in `range(256)`.
fn byte_values(vm: &mut Vm, iterable: &Value) -> PyResult<Vec<u8>> {
    let mut bytes = Vec::new();
    for item in vm.collect(iterable)? {
        match integer(&item)? {
            byte @ 0..=255 => bytes.push(byte as u8),
            _ => return value_error("bytes must be in range(0, 256)"),
        }
    }
    Ok(bytes)
}
