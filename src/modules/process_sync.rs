//! `_process`'s semaphores and shared memory: what `multiprocessing`'s
//! Lock, RLock, Semaphore, Event, Condition (`SemLock` in CPython's
//! `_multiprocessing`) and `Value`/`Array` are made of.
//!
//! A shared value is stored as a C type of ctypes' typecodes (`'i'` a
//! 4-byte int, `'d'` an 8-byte double ...), little-endian, at
//! `index * size`: a value too big for its type wraps, as ctypes does.

use super::process::{block_timeout, blocking, new_handle, semaphore, shared_memory};
use crate::objects::exception::{raise, type_error};
use crate::objects::function::Args;
use crate::objects::handle::OsObject;
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::runtime::process::os_error;
use crate::runtime::semaphore::Semaphore;
use crate::runtime::shared_memory::SharedMemory;
use crate::vm::Vm;
use num_traits::ToPrimitive;
use std::sync::Arc;

/// Adds the semaphore and shared-memory functions to `_process`.
pub fn add_functions(vm: &mut Vm, module: &PyModule) {
    super::add_functions(
        vm,
        module,
        &[
            ("semaphore", new_semaphore),
            ("sem_acquire", sem_acquire),
            ("sem_release", sem_release),
            ("sem_value", sem_value),
            ("shared_memory", new_shared_memory),
            ("shared_get", shared_get),
            ("shared_set", shared_set),
            ("typecode_size", typecode_size),
        ],
    );
}

/// `semaphore(value)`: a new semaphore holding `value` tokens.
fn new_semaphore(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("semaphore", 1, 1)?;
    let value = match &args.positional[0] {
        Value::Int(value) if *value >= 0 && *value <= u32::MAX as i64 => *value as u32,
        Value::Int(_) => return raise(ExceptionKind::ValueError, "invalid value"),
        other => return type_error(format!("an integer is required, not {}", type_name(other))),
    };
    let semaphore = Semaphore::new(value).map_err(os_error)?;
    Ok(new_handle(OsObject::Semaphore(Arc::new(semaphore))))
}

/// `sem_acquire(handle, block=True, timeout=None)`: whether a token was taken.
fn sem_acquire(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sem_acquire", 1, 3)?;
    let semaphore = semaphore(&args.positional[0])?;
    let block = match args.positional.get(1) {
        Some(flag) => vm.is_true(flag)?,
        None => true,
    };
    let timeout = block_timeout(block, args.positional.get(2))?;
    let taken = blocking(vm, timeout, false, |slice| {
        Ok(semaphore.acquire(slice)?.then_some(()))
    })?;
    Ok(Value::Bool(taken.is_some()))
}

/// `sem_release(handle)`: gives a token back.
fn sem_release(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sem_release", 1, 1)?;
    semaphore(&args.positional[0])?
        .release()
        .map_err(os_error)?;
    Ok(Value::None)
}

/// `sem_value(handle)`: how many tokens it holds now.
fn sem_value(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("sem_value", 1, 1)?;
    let value = semaphore(&args.positional[0])?.value().map_err(os_error)?;
    Ok(Value::Int(value as i64))
}

/// `shared_memory(size)`: `size` zeroed bytes that children can share.
fn new_shared_memory(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("shared_memory", 1, 1)?;
    let size = match &args.positional[0] {
        Value::Int(size) if *size >= 0 => *size as usize,
        _ => return raise(ExceptionKind::ValueError, "size must be a non-negative int"),
    };
    let memory = SharedMemory::new(size.max(1)).map_err(os_error)?;
    Ok(new_handle(OsObject::SharedMemory(Arc::new(memory))))
}

/// The C type of a ctypes typecode.
#[derive(Clone, Copy)]
enum CType {
    Signed(usize),
    Unsigned(usize),
    Float32,
    Float64,
    Char,
}

fn ctype(code: &Value) -> PyResult<CType> {
    let text = code.as_str().unwrap_or_default();
    Ok(match text {
        "b" => CType::Signed(1),
        "B" => CType::Unsigned(1),
        "h" => CType::Signed(2),
        "H" => CType::Unsigned(2),
        "i" => CType::Signed(4),
        "I" => CType::Unsigned(4),
        "l" | "q" => CType::Signed(8),
        "L" | "Q" => CType::Unsigned(8),
        "f" => CType::Float32,
        "d" => CType::Float64,
        "c" => CType::Char,
        _ => return type_error(format!("unsupported typecode {text:?}")),
    })
}

impl CType {
    fn size(self) -> usize {
        match self {
            CType::Signed(size) | CType::Unsigned(size) => size,
            CType::Float32 => 4,
            CType::Float64 => 8,
            CType::Char => 1,
        }
    }
}

/// `typecode_size(code)`: the bytes one item of that type takes.
fn typecode_size(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("typecode_size", 1, 1)?;
    Ok(Value::Int(ctype(&args.positional[0])?.size() as i64))
}

/// The offset of item `index` of type `ctype`, checked against the memory.
fn offset(memory: &SharedMemory, index: &Value, ctype: CType) -> PyResult<usize> {
    let size = ctype.size();
    match index {
        Value::Int(index) if *index >= 0 && (*index as usize + 1) * size <= memory.size() => {
            Ok(*index as usize * size)
        }
        _ => raise(ExceptionKind::IndexError, "invalid index"),
    }
}

/// `shared_get(handle, index, typecode)`: item `index`.
fn shared_get(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("shared_get", 3, 3)?;
    let memory = shared_memory(&args.positional[0])?;
    let ctype = ctype(&args.positional[2])?;
    let offset = offset(&memory, &args.positional[1], ctype)?;
    let mut bytes = [0u8; 8];
    memory
        .read(offset, &mut bytes[..ctype.size()])
        .map_err(os_error)?;
    Ok(match ctype {
        CType::Signed(size) => {
            let shift = 64 - 8 * size as u32;
            Value::Int((i64::from_le_bytes(bytes) << shift) >> shift)
        }
        CType::Unsigned(_) => Value::from_bigint(u64::from_le_bytes(bytes).into()),
        CType::Float32 => {
            Value::Float(f32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as f64)
        }
        CType::Float64 => Value::Float(f64::from_le_bytes(bytes)),
        CType::Char => crate::objects::bytes::new_value(vec![bytes[0]]),
    })
}

/// `shared_set(handle, index, typecode, value)`: stores item `index`.
fn shared_set(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("shared_set", 4, 4)?;
    let memory = shared_memory(&args.positional[0])?;
    let ctype = ctype(&args.positional[2])?;
    let offset = offset(&memory, &args.positional[1], ctype)?;
    let bytes = ctype_bytes(ctype, &args.positional[3])?;
    memory
        .write(offset, &bytes[..ctype.size()])
        .map_err(os_error)?;
    Ok(Value::None)
}

/// The little-endian bytes of `value` as `ctype` (ints wrap, as ctypes').
fn ctype_bytes(ctype: CType, value: &Value) -> PyResult<[u8; 8]> {
    let wrong = || type_error(format!("wrong type: {}", type_name(value)));
    Ok(match (ctype, value) {
        (CType::Signed(_) | CType::Unsigned(_), Value::Int(number)) => number.to_le_bytes(),
        (CType::Signed(_) | CType::Unsigned(_), Value::Bool(flag)) => (*flag as i64).to_le_bytes(),
        (CType::Signed(_) | CType::Unsigned(_), Value::BigInt(number)) => {
            let low = number.iter_u64_digits().next().unwrap_or(0);
            let low = if number.sign() == num_bigint::Sign::Minus {
                low.wrapping_neg()
            } else {
                low
            };
            low.to_le_bytes()
        }
        (CType::Float32, Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            let number = crate::vm::as_f64(value)? as f32;
            let mut bytes = [0u8; 8];
            bytes[..4].copy_from_slice(&number.to_le_bytes());
            bytes
        }
        (CType::Float64, Value::Int(_) | Value::Float(_) | Value::Bool(_)) => {
            crate::vm::as_f64(value)?.to_le_bytes()
        }
        (CType::Float32 | CType::Float64, Value::BigInt(number)) => {
            number.to_f64().unwrap_or(f64::INFINITY).to_le_bytes()
        }
        (CType::Char, Value::Bytes(bytes)) if bytes.as_bytes().len() == 1 => {
            [bytes.as_bytes()[0], 0, 0, 0, 0, 0, 0, 0]
        }
        _ => return wrong(),
    })
}
