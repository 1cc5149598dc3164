//! Calling a built-in class: `int("12")`, `list(range(3))`, `dict(a=1)` ...

use crate::objects::bytes::PyBytes;
use crate::objects::dict::PyDict;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::function::Args;
use crate::objects::range::PyRange;
use crate::objects::slice::PySlice;
use crate::objects::type_object::{type_name, type_of, ExceptionKind, TypeKind, TypeObject};
use crate::objects::{float, int, PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

/// Calls the built-in class `class` with `args`.
pub fn construct(vm: &mut Vm, class: &Arc<TypeObject>, args: Args) -> PyResult<Value> {
    match class.kind {
        TypeKind::Int => make_int(vm, args),
        TypeKind::Float => make_float(vm, args),
        TypeKind::Str => make_str(vm, args),
        TypeKind::Bool => {
            args.expect("bool", 0, 1)?;
            match args.get(0) {
                Some(value) => Ok(Value::Bool(vm.is_true(value)?)),
                None => Ok(Value::Bool(false)),
            }
        }
        TypeKind::List => {
            args.expect("list", 0, 1)?;
            let items = match args.get(0) {
                Some(iterable) => vm.collect(iterable)?,
                None => Vec::new(),
            };
            Ok(Value::list(items))
        }
        TypeKind::Tuple => {
            args.expect("tuple", 0, 1)?;
            match args.get(0) {
                Some(Value::Tuple(t)) => Ok(Value::Tuple(t.clone())),
                Some(value) if matches!(value.builtin_base(), Value::Tuple(_)) => {
                    Ok(value.builtin_base().clone())
                }
                Some(iterable) => Ok(Value::tuple(vm.collect(iterable)?)),
                None => Ok(Value::tuple(Vec::new())),
            }
        }
        TypeKind::Set => {
            args.expect("set", 0, 1)?;
            let items = match args.get(0) {
                Some(iterable) => vm.collect(iterable)?,
                None => Vec::new(),
            };
            vm.new_set(items)
        }
        TypeKind::FrozenSet => {
            args.expect("frozenset", 0, 1)?;
            let mut table = crate::objects::set_table::SetTable::default();
            if let Some(iterable) = args.get(0) {
                for item in vm.collect(iterable)? {
                    let key = vm.table_key(&table, &item)?;
                    table.add_with_hash(key.value, key.hash);
                }
            }
            Ok(Value::Set(Arc::new(crate::objects::set::PySet::frozen(
                table,
            ))))
        }
        TypeKind::Dict => make_dict(vm, args),
        TypeKind::Range => make_range(args),
        TypeKind::Slice => make_slice(args),
        TypeKind::Bytes => make_bytes(vm, args),
        TypeKind::Type if args.positional.len() == 3 => make_class(vm, args),
        TypeKind::Method => crate::modules::classes::make_method(vm, args),
        TypeKind::Type => {
            args.expect("type", 1, 1)?;
            Ok(Value::Type(type_of(&args.positional[0])))
        }
        TypeKind::Object if class.dict.is_none() => {
            if !args.positional.is_empty() || !args.keywords.is_empty() {
                return type_error("object() takes no arguments");
            }
            let instance = crate::objects::instance::Instance::new(class.clone());
            Ok(Value::Instance(Arc::new(instance)))
        }
        _ => type_error(format!("cannot create '{}' instances", class.name)),
    }
}

/// `int(x=0)` and `int(text, base)`.
fn make_int(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    if let Some(base) = args.take_keyword("base") {
        args.positional.push(base);
    }
    args.reject_other_keywords("int")?;
    args.expect_count("int", 0, 2)?;
    let Some(value) = args.get(0).cloned() else {
        return Ok(Value::Int(0));
    };
    if let Some(base) = args.get(1) {
        let base = int::index_value(base)?;
        if base != 0 && !(2..=36).contains(&base) {
            return value_error("int() base must be >= 2 and <= 36, or 0");
        }
        return match value.builtin_base() {
            Value::Str(text) => parse_int(vm, text.as_str(), base as u32, &value),
            Value::Bytes(data) => parse_int(
                vm,
                &String::from_utf8_lossy(data.as_bytes()),
                base as u32,
                &value,
            ),
            _ => type_error("int() can't convert non-string with explicit base"),
        };
    }
    match value.builtin_base() {
        Value::Int(_) | Value::BigInt(_) => Ok(value.builtin_base().clone()),
        Value::Bool(b) => Ok(Value::Int(*b as i64)),
        Value::Float(f) if f.is_nan() => value_error("cannot convert float NaN to integer"),
        Value::Float(f) if f.is_infinite() => raise(
            ExceptionKind::OverflowError,
            "cannot convert float infinity to integer",
        ),
        Value::Float(f) => Ok(float::to_int(f.trunc())),
        Value::Str(text) => parse_int(vm, text.as_str(), 10, &value),
        Value::Bytes(data) => parse_int(vm, &String::from_utf8_lossy(data.as_bytes()), 10, &value),
        _ => int_from_special(vm, &value),
    }
}

/// `int(instance)`: its `__int__`, else its `__index__`.
fn int_from_special(vm: &mut Vm, value: &Value) -> PyResult<Value> {
    for method in ["__int__", "__index__"] {
        if let Some(number) = number_from_special(vm, value, method, "int")? {
            return Ok(number);
        }
    }
    type_error(format!(
        "int() argument must be a string, a bytes-like object or a real number, not '{}'",
        type_name(value)
    ))
}

fn parse_int(vm: &mut Vm, text: &str, base: u32, original: &Value) -> PyResult<Value> {
    match int::parse(text, base) {
        Some(number) => Ok(Value::from_bigint(number)),
        None => value_error(format!(
            "invalid literal for int() with base {base}: {}",
            vm.repr(original)?
        )),
    }
}

/// What an instance's `__int__`, `__index__` or `__float__` returns, checked
/// to be of the type the conversion promises (`None` without the method).
fn number_from_special(
    vm: &mut Vm,
    value: &Value,
    method: &str,
    wanted: &str,
) -> PyResult<Option<Value>> {
    let Some(result) = vm.call_special(value, method, vec![])? else {
        return Ok(None);
    };
    let fits = match wanted {
        "float" => matches!(result.builtin_base(), Value::Float(_)),
        _ => matches!(
            result.builtin_base(),
            Value::Int(_) | Value::BigInt(_) | Value::Bool(_)
        ),
    };
    if !fits {
        // CPython names the class only in `__float__`'s message.
        let owner = match wanted {
            "float" => format!("{}.", type_name(value)),
            _ => String::new(),
        };
        return type_error(format!(
            "{owner}{method} returned non-{wanted} (type {})",
            type_name(&result)
        ));
    }
    Ok(Some(match result.builtin_base() {
        Value::Bool(b) => Value::Int(*b as i64),
        base => base.clone(),
    }))
}

/// `float(x=0.0)`.
fn make_float(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("float", 0, 1)?;
    let Some(value) = args.get(0) else {
        return Ok(Value::Float(0.0));
    };
    match value.builtin_base() {
        Value::Float(f) => Ok(Value::Float(*f)),
        base @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            Ok(Value::Float(crate::vm::as_f64(base)?))
        }
        Value::Str(text) => match float::parse(text.as_str()) {
            Some(f) => Ok(Value::Float(f)),
            None => value_error(format!(
                "could not convert string to float: {}",
                vm.repr(value)?
            )),
        },
        _ => float_from_special(vm, value),
    }
}

/// `float(instance)`: its `__float__`, else its `__index__`.
fn float_from_special(vm: &mut Vm, value: &Value) -> PyResult<Value> {
    if let Some(number) = number_from_special(vm, value, "__float__", "float")? {
        return Ok(number);
    }
    if let Some(number) = number_from_special(vm, value, "__index__", "int")? {
        return Ok(Value::Float(crate::vm::as_f64(&number)?));
    }
    type_error(format!(
        "float() argument must be a string or a real number, not '{}'",
        type_name(value)
    ))
}

/// `str(object='')` and `str(bytes, encoding)`.
fn make_str(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let encoding = args.take_keyword("encoding");
    args.reject_other_keywords("str")?;
    args.expect_count("str", 0, 3)?;
    let Some(value) = args.get(0).cloned() else {
        return Ok(Value::str(""));
    };
    if encoding.is_some() || args.positional.len() > 1 {
        return match &value {
            Value::Bytes(data) => match String::from_utf8(data.as_bytes().to_vec()) {
                Ok(text) => Ok(Value::str(text)),
                Err(_) => raise(
                    ExceptionKind::UnicodeDecodeError,
                    "'utf-8' codec can't decode bytes",
                ),
            },
            _ => type_error(format!(
                "decoding to str: need a bytes-like object, {} found",
                type_name(&value)
            )),
        };
    }
    Ok(Value::str(vm.str(&value)?))
}

/// `dict(mapping_or_pairs, **keywords)`.
fn make_dict(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect_count("dict", 0, 1)?;
    let dict = PyDict::new();
    match args.get(0).map(Value::builtin_base) {
        Some(Value::Dict(source)) => {
            let data = source.data.ro(&vm.token).clone();
            *dict.data.rw(&mut vm.token) = data;
        }
        Some(iterable) => {
            for (index, pair) in vm.collect(iterable)?.into_iter().enumerate() {
                let items = vm.collect(&pair).map_err(|_| {
                    crate::objects::exception::PyException::new(
                        ExceptionKind::TypeError,
                        format!("cannot convert dictionary update sequence element #{index} to a sequence"),
                    )
                })?;
                if items.len() != 2 {
                    return value_error(format!(
                        "dictionary update sequence element #{index} has length {}; 2 is required",
                        items.len()
                    ));
                }
                let mut items = items.into_iter();
                if let (Some(key), Some(value)) = (items.next(), items.next()) {
                    vm.dict_insert(&dict, key, value)?;
                }
            }
        }
        None => {}
    }
    for (name, value) in args.keywords {
        vm.dict_insert(&dict, Value::str(name), value)?;
    }
    Ok(Value::Dict(Arc::new(dict)))
}

/// `range(stop)`, `range(start, stop[, step])`.
fn make_range(args: Args) -> PyResult<Value> {
    args.expect("range", 1, 3)?;
    Ok(Value::Range(Arc::new(PyRange::make(&args.positional)?)))
}

/// `slice(stop)`, `slice(start, stop[, step])`.
fn make_slice(args: Args) -> PyResult<Value> {
    args.expect("slice", 1, 3)?;
    let p = &args.positional;
    let (start, stop, step) = match p.len() {
        1 => (Value::None, p[0].clone(), Value::None),
        2 => (p[0].clone(), p[1].clone(), Value::None),
        _ => (p[0].clone(), p[1].clone(), p[2].clone()),
    };
    Ok(Value::Slice(Arc::new(PySlice { start, stop, step })))
}

/// `bytes(text, encoding)`, `bytes(n)`, `bytes(iterable_of_ints)`.
fn make_bytes(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let encoding = args.take_keyword("encoding");
    args.reject_other_keywords("bytes")?;
    args.expect_count("bytes", 0, 3)?;
    let data = match (
        args.get(0).cloned(),
        encoding.or_else(|| args.get(1).cloned()),
    ) {
        (None, _) => Vec::new(),
        (Some(Value::Str(text)), Some(_)) => text.as_str().as_bytes().to_vec(),
        (Some(Value::Str(_)), None) => return type_error("string argument without an encoding"),
        (Some(Value::Int(n)), _) if n < 0 => return value_error("negative count"),
        (Some(Value::Int(n)), _) => vec![0; n as usize],
        (Some(iterable), _) => {
            let mut data = Vec::new();
            for item in vm.collect(&iterable)? {
                let byte = int::index_value(&item)?;
                if !(0..256).contains(&byte) {
                    return value_error("bytes must be in range(0, 256)");
                }
                data.push(byte as u8);
            }
            data
        }
    };
    Ok(Value::Bytes(Arc::new(PyBytes::new(data))))
}

/// `type(name, bases, namespace)`: a class made without a `class` statement.
fn make_class(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [Value::Str(name), Value::Tuple(bases), Value::Dict(namespace)] = &args.positional[..]
    else {
        return type_error("type() argument 1 must be str, argument 2 a tuple, argument 3 a dict");
    };
    let base = crate::vm::classes::class_base(bases.items())?;
    let copy = namespace.data.ro(&vm.token).clone();
    let dict = Arc::new(PyDict::from_data(copy));
    if dict.data.ro(&vm.token).get_str("__module__").is_none() {
        vm.set_item_str(&dict, "__module__", Value::str("__main__"));
    }
    let kind = if base.kind == TypeKind::Exception {
        TypeKind::Exception
    } else {
        TypeKind::Object
    };
    let class = Arc::new(TypeObject {
        name: name.as_str().to_string(),
        base: Some(base),
        kind,
        dict: Some(dict),
    });
    crate::modules::classes::set_names(vm, &class)?;
    crate::vm::classes::init_subclass(vm, &class, Vec::new())?;
    Ok(Value::Type(class))
}
