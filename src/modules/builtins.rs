//! The `builtins` namespace: the functions and classes every script sees.
//!
//! Type constructors (`int(x)`, `list(it)` ...) are in `constructors.rs`;
//! the functions over iterables (`sorted`, `min`, `zip` ...) in `sequences.rs`.

use super::{constructors, sequences};
use crate::objects::exception::{raise, type_error, PyException};
use crate::objects::file::{PyFile, Stream};
use crate::objects::function::{Args, BuiltinFunction, NativeFn};
use crate::objects::type_object::{type_name, ExceptionKind, TypeObject, TYPES};
use crate::objects::{int, PyResult, Value};
use crate::runtime::gil::allow_threads;
use crate::vm::Vm;
use num_bigint::BigInt;

pub use constructors::construct;

const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("print", print),
    ("input", input),
    ("open", super::io::open),
    ("len", len),
    ("repr", repr),
    ("ascii", ascii),
    ("format", format),
    ("abs", abs),
    ("chr", chr),
    ("ord", ord),
    ("hex", hex),
    ("bin", bin),
    ("oct", oct),
    ("divmod", divmod),
    ("pow", pow),
    ("round", round),
    ("hash", hash),
    ("id", id),
    ("callable", callable),
    ("isinstance", isinstance),
    ("issubclass", issubclass),
    ("getattr", getattr),
    ("setattr", setattr),
    ("hasattr", hasattr),
    ("delattr", delattr),
    ("vars", vars),
    ("dir", super::dir::dir),
    ("locals", super::scope::locals),
    ("globals", super::scope::globals),
    ("iter", sequences::iter),
    ("next", sequences::next),
    ("sorted", sequences::sorted),
    ("reversed", sequences::reversed),
    ("enumerate", sequences::enumerate),
    ("zip", sequences::zip),
    ("map", sequences::map),
    ("filter", sequences::filter),
    ("sum", sequences::sum),
    ("min", sequences::min),
    ("max", sequences::max),
    ("all", sequences::all),
    ("any", sequences::any),
    ("exit", exit),
    ("quit", exit),
];

/// Fills the builtins dict and creates the standard streams.
pub fn install(vm: &mut Vm) {
    let builtins = vm.interp.builtins.clone();
    for (name, function) in FUNCTIONS.iter().chain(super::classes::FUNCTIONS) {
        vm.set_item_str(&builtins, name, BuiltinFunction::new(name, *function));
    }
    vm.set_item_str(&builtins, "NotImplemented", Value::NotImplemented);
    let types = &*TYPES;
    let classes = [
        &types.object,
        &types.type_,
        &types.bool_,
        &types.int,
        &types.float,
        &types.str_,
        &types.bytes,
        &types.tuple,
        &types.list,
        &types.dict,
        &types.set,
        &types.frozenset,
        &types.range,
        &types.slice,
    ];
    for class in classes {
        vm.set_item_str(&builtins, &class.name.clone(), Value::Type(class.clone()));
    }
    for class in &types.exceptions {
        vm.set_item_str(&builtins, &class.name.clone(), Value::Type(class.clone()));
    }
    vm.set_item_str(&builtins, "Ellipsis", Value::Ellipsis);
    vm.set_item_str(&builtins, "__name__", Value::str("builtins"));
}

/// Writes text to a file object, releasing the GIL while the OS writes.
pub fn write_text(vm: &mut Vm, file: &Value, text: &str) -> PyResult<()> {
    let Value::File(file) = file else {
        // Any object with a `write` method will do, as in CPython.
        let write = vm.get_attribute(file, &Value::str("write"))?;
        vm.call(&write, vec![Value::str(text)])?;
        return Ok(());
    };
    crate::objects::file::write_text(vm, file, text)
}

/// Flushes a file object's buffer.
pub fn flush(vm: &mut Vm, file: &Value) -> PyResult<()> {
    let Value::File(file) = file else {
        let flush = vm.get_attribute(file, &Value::str("flush"))?;
        vm.call(&flush, Vec::new())?;
        return Ok(());
    };
    crate::objects::file::flush(vm, file)
}

/// A keyword argument that must be a str or None; `default` when absent or None.
fn optional_str_keyword(args: &mut Args, name: &str, default: &str) -> PyResult<String> {
    match args.take_keyword(name) {
        None | Some(Value::None) => Ok(default.to_string()),
        Some(Value::Str(s)) => Ok(s.as_str().to_string()),
        Some(other) => type_error(format!(
            "{name} must be None or a string, not {}",
            type_name(&other)
        )),
    }
}

/// `print(*objects, sep=' ', end='\n', file=sys.stdout, flush=False)`.
fn print(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let sep = optional_str_keyword(&mut args, "sep", " ")?;
    let end = optional_str_keyword(&mut args, "end", "\n")?;
    let file = match args.take_keyword("file") {
        None | Some(Value::None) => super::sys::stream(vm, "stdout"),
        Some(file) => file,
    };
    // `sys.stdout = None` (as under pythonw) silences print.
    if file.is_none() {
        return Ok(Value::None);
    }
    let flush_after = match args.take_keyword("flush") {
        Some(value) => vm.is_true(&value)?,
        None => false,
    };
    if let Some((name, _)) = args.keywords.first() {
        return type_error(format!(
            "'{name}' is an invalid keyword argument for print()"
        ));
    }
    let mut pieces = Vec::new();
    for (index, value) in args.positional.iter().enumerate() {
        if index > 0 {
            pieces.push(sep.clone());
        }
        pieces.push(vm.str(value)?);
    }
    pieces.push(end);
    if let Value::File(_) = file {
        write_text(vm, &file, &pieces.concat())?;
    } else {
        // A file-like object sees each piece, as CPython writes them.
        for piece in pieces {
            write_text(vm, &file, &piece)?;
        }
    }
    if flush_after {
        flush(vm, &file)?;
    }
    Ok(Value::None)
}

/// `input(prompt='')`: the GIL is released while waiting for the line.
fn input(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("input", 0, 1)?;
    let stdout = super::sys::stream(vm, "stdout");
    if let Some(prompt) = args.get(0) {
        let prompt = vm.str(prompt)?;
        write_text(vm, &stdout, &prompt)?;
    }
    flush(vm, &stdout)?;
    let line = allow_threads(&mut vm.token, PyFile::read_line)
        .map_err(|error| super::os::os_error(&error, None))?;
    if line.is_empty() {
        return raise(ExceptionKind::EOFError, "EOF when reading a line");
    }
    let line = line.strip_suffix('\n').unwrap_or(&line);
    Ok(Value::str(line.strip_suffix('\r').unwrap_or(line)))
}

/// `exit(code=None)` and `quit()`: leave the program (or the prompt).
fn exit(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("exit", 0, 1)?;
    Err(PyException::with_args(
        ExceptionKind::SystemExit,
        args.positional.into_vec(),
    ))
}

fn len(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("len", 1, 1)?;
    Ok(Value::Int(vm.len(&args.positional[0])? as i64))
}

fn repr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("repr", 1, 1)?;
    Ok(Value::str(vm.repr(&args.positional[0])?))
}

fn ascii(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("ascii", 1, 1)?;
    let text = vm.repr(&args.positional[0])?;
    Ok(Value::str(crate::vm::ascii(&text)))
}

fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("format", 1, 2)?;
    let spec = match args.get(1) {
        None => String::new(),
        Some(Value::Str(s)) => s.as_str().to_string(),
        Some(other) => {
            return type_error(format!(
                "format() argument 2 must be str, not {}",
                type_name(other)
            ))
        }
    };
    Ok(Value::str(vm.format(&args.positional[0], &spec)?))
}

fn abs(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("abs", 1, 1)?;
    match args.positional[0].builtin_base() {
        Value::Float(f) => Ok(Value::Float(f.abs())),
        value @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)) => {
            let number = int::to_bigint(value).unwrap_or_default();
            Ok(Value::from_bigint(num_traits::Signed::abs(&number)))
        }
        _ => type_error(format!(
            "bad operand type for abs(): '{}'",
            type_name(&args.positional[0])
        )),
    }
}

fn chr(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("chr", 1, 1)?;
    let code = int::index_value(&args.positional[0])?;
    match u32::try_from(code).ok().and_then(char::from_u32) {
        Some(c) => Ok(Value::str(c)),
        None if (0..0x110000).contains(&code) => raise(
            ExceptionKind::ValueError,
            "pyl strings cannot hold lone surrogates",
        ),
        None => raise(
            ExceptionKind::ValueError,
            "chr() arg not in range(0x110000)",
        ),
    }
}

fn ord(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("ord", 1, 1)?;
    match &args.positional[0] {
        Value::Str(s) if s.char_count() == 1 => {
            Ok(Value::Int(s.char_at(0).unwrap_or_default() as i64))
        }
        Value::Str(s) => type_error(format!(
            "ord() expected a character, but string of length {} found",
            s.char_count()
        )),
        Value::Bytes(b) if b.as_bytes().len() == 1 => Ok(Value::Int(b.as_bytes()[0] as i64)),
        other => type_error(format!(
            "ord() expected string of length 1, but {} found",
            type_name(other)
        )),
    }
}

/// `hex`, `bin` and `oct` share this: an int's digits with a prefix.
fn radix(args: &Args, name: &str, base: u32, prefix: &str) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    let value = &args.positional[0];
    match int::to_bigint(value) {
        Some(number) => Ok(Value::str(int::to_radix(&number, base, prefix))),
        None => type_error(format!(
            "'{}' object cannot be interpreted as an integer",
            type_name(value)
        )),
    }
}

fn hex(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(&args, "hex", 16, "0x")
}

fn bin(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(&args, "bin", 2, "0b")
}

fn oct(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    radix(&args, "oct", 8, "0o")
}

fn divmod(vm: &mut Vm, args: Args) -> PyResult<Value> {
    use crate::compiler::BinaryOperator::{FloorDivide, Remainder};
    args.expect("divmod", 2, 2)?;
    let (a, b) = (args.positional[0].clone(), args.positional[1].clone());
    if let (Value::Float(_), _) | (_, Value::Float(_)) = (&a, &b) {
        let x = crate::vm::as_f64(&a)?;
        let y = crate::vm::as_f64(&b)?;
        if y == 0.0 {
            return raise(ExceptionKind::ZeroDivisionError, "float divmod()");
        }
        let (quotient, remainder) = crate::objects::float::divmod(x, y);
        return Ok(Value::tuple(vec![
            Value::Float(quotient),
            Value::Float(remainder),
        ]));
    }
    let quotient = vm
        .binary_op(FloorDivide, false, a.clone(), b.clone())
        .map_err(|e| rename_operator(e, "//", "divmod()"))?;
    let remainder = vm.binary_op(Remainder, false, a, b)?;
    Ok(Value::tuple(vec![quotient, remainder]))
}

/// Rewrites "unsupported operand type(s) for //" as "... for divmod()".
fn rename_operator(error: PyException, symbol: &str, name: &str) -> PyException {
    let message = error
        .0
        .args
        .first()
        .and_then(|m| m.as_str())
        .unwrap_or_default()
        .to_string();
    if error.is(ExceptionKind::TypeError) && message.contains(&format!("for {symbol}:")) {
        return PyException::new(
            ExceptionKind::TypeError,
            message.replace(&format!("for {symbol}:"), &format!("for {name}:")),
        );
    }
    error
}

/// `pow(base, exp, mod=None)`.
fn pow(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [base, exponent, modulus] = clinic_arguments("pow", args, ["base", "exp", "mod"], 2)?;
    let (Some(base), Some(exponent)) = (base, exponent) else {
        return Ok(Value::None);
    };
    match &modulus {
        None | Some(Value::None) => vm
            .binary_op(
                crate::compiler::BinaryOperator::Power,
                false,
                base,
                exponent,
            )
            .map_err(|e| rename_operator(e, "** or pow()", "** or pow()")),
        Some(modulus) => {
            let all = [&base, &exponent, modulus].map(int::to_bigint);
            match all {
                [Some(b), Some(e), Some(m)] => int::power_modulo(&b, &e, &m),
                _ => type_error("pow() 3rd argument not allowed unless all arguments are integers"),
            }
        }
    }
}

/// Binds the arguments of a built-in function whose parameters may also
/// be named (CPython's Argument Clinic): `required` of them must be given.
fn clinic_arguments<const N: usize>(
    function: &str,
    mut args: Args,
    names: [&str; N],
    required: usize,
) -> PyResult<[Option<Value>; N]> {
    let given = args.positional.len() + args.keywords.len();
    if given > N {
        return type_error(format!(
            "{function}() takes at most {N} arguments ({given} given)"
        ));
    }
    let positional = args.positional.len();
    let mut slots: [Option<Value>; N] = std::array::from_fn(|i| args.positional.get(i).cloned());
    for (slot, name) in slots.iter_mut().zip(names).skip(positional) {
        *slot = args.take_keyword(name);
    }
    if let Some(index) = slots[..required].iter().position(Option::is_none) {
        return type_error(format!(
            "{function}() missing required argument '{}' (pos {})",
            names[index],
            index + 1
        ));
    }
    if let Some((name, _)) = args.keywords.first() {
        return match names.iter().position(|known| known == name) {
            Some(index) => type_error(format!(
                "argument for {function}() given by name ('{name}') and position ({})",
                index + 1
            )),
            None => type_error(format!(
                "'{name}' is an invalid keyword argument for {function}()"
            )),
        };
    }
    Ok(slots)
}

/// `round(number, ndigits=None)`.
fn round(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let [number, digits] = clinic_arguments("round", args, ["number", "ndigits"], 1)?;
    let digits = match digits {
        None | Some(Value::None) => None,
        Some(value) => Some(int::index_value(&value)?),
    };
    let number = number.unwrap_or(Value::None);
    match (number.builtin_base(), digits) {
        (Value::Float(f), None) => crate::objects::float::round_to_int(*f),
        (Value::Float(f), Some(n)) => Ok(Value::Float(crate::objects::float::round_digits(*f, n))),
        (value @ (Value::Int(_) | Value::Bool(_) | Value::BigInt(_)), digits) => {
            let number = int::to_bigint(value).unwrap_or_default();
            Ok(Value::from_bigint(round_int(number, digits.unwrap_or(0))))
        }
        _ => type_error(format!(
            "type {} doesn't define __round__ method",
            type_name(&number)
        )),
    }
}

/// `round(n, -k)` for an int: to a multiple of 10**k, halves to even.
fn round_int(number: BigInt, digits: i64) -> BigInt {
    use num_integer::Integer;
    if digits >= 0 {
        return number;
    }
    let scale = num_traits::pow(BigInt::from(10), (-digits).min(10_000) as usize);
    let (quotient, remainder) = number.div_mod_floor(&scale);
    let twice: BigInt = &remainder * 2;
    let rounded = match twice.cmp(&scale) {
        std::cmp::Ordering::Less => quotient,
        std::cmp::Ordering::Greater => quotient + 1,
        std::cmp::Ordering::Equal if quotient.is_odd() => quotient + 1,
        std::cmp::Ordering::Equal => quotient,
    };
    rounded * scale
}

fn hash(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("hash", 1, 1)?;
    Ok(Value::Int(vm.hash(&args.positional[0])?))
}

fn id(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("id", 1, 1)?;
    Ok(Value::Int(args.positional[0].identity() as i64))
}

fn callable(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("callable", 1, 1)?;
    Ok(Value::Bool(is_callable(vm, &args.positional[0])))
}

/// True when calling `value` can work: `callable(value)`.
pub fn is_callable(vm: &Vm, value: &Value) -> bool {
    let function_like = matches!(
        value,
        Value::Function(_)
            | Value::BuiltinFunction(_)
            | Value::NativeMethod(_)
            | Value::BoundMethod(_)
            | Value::Type(_)
    );
    function_like || vm.has_special(value, "__call__")
}

/// True when `class` derives from one of the classes `spec` names (a
/// class or nested tuples of them), checked in order as CPython does, so
/// a bad entry after a match goes unnoticed.
fn derives_from(class: &TypeObject, spec: &Value, function: &str) -> PyResult<bool> {
    match spec {
        Value::Type(other) => Ok(class.is_subclass(other)),
        Value::Tuple(items) => {
            for item in items.items() {
                if derives_from(class, item, function)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        _ if function == "issubclass" => {
            type_error("issubclass() arg 2 must be a class, a tuple of classes, or a union")
        }
        _ => type_error(format!(
            "{function}() arg 2 must be a type, a tuple of types, or a union"
        )),
    }
}

fn isinstance(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("isinstance", 2, 2)?;
    let class = crate::objects::type_object::type_of(&args.positional[0]);
    derives_from(&class, &args.positional[1], "isinstance").map(Value::Bool)
}

fn issubclass(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("issubclass", 2, 2)?;
    let Value::Type(class) = &args.positional[0] else {
        return type_error("issubclass() arg 1 must be a class");
    };
    derives_from(class, &args.positional[1], "issubclass").map(Value::Bool)
}

/// The attribute-name argument of `getattr` and friends (and of
/// `object.__setattr__`), which must be a str.
pub fn attribute_name(value: &Value) -> PyResult<Value> {
    match value {
        Value::Str(_) => Ok(value.clone()),
        other => type_error(format!(
            "attribute name must be string, not '{}'",
            type_name(other)
        )),
    }
}

fn getattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("getattr", 2, 3)?;
    let name = attribute_name(&args.positional[1])?;
    match vm.get_attribute(&args.positional[0], &name) {
        Err(error) if error.is(ExceptionKind::AttributeError) && args.positional.len() == 3 => {
            Ok(args.positional[2].clone())
        }
        other => other,
    }
}

fn setattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("setattr", 3, 3)?;
    let name = attribute_name(&args.positional[1])?;
    vm.set_attribute(&args.positional[0], &name, args.positional[2].clone())?;
    Ok(Value::None)
}

fn hasattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("hasattr", 2, 2)?;
    let name = attribute_name(&args.positional[1])?;
    match vm.get_attribute(&args.positional[0], &name) {
        Ok(_) => Ok(Value::Bool(true)),
        Err(error) if error.is(ExceptionKind::AttributeError) => Ok(Value::Bool(false)),
        Err(error) => Err(error),
    }
}

/// The standard stream objects, made once at start-up.
pub fn standard_streams() -> (Value, Value, Value) {
    (
        PyFile::standard(Stream::Stdin),
        PyFile::standard(Stream::Stdout),
        PyFile::standard(Stream::Stderr),
    )
}

/// `delattr(object, name)`.
fn delattr(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("delattr", 2, 2)?;
    let name = attribute_name(&args.positional[1])?;
    vm.delete_attribute(&args.positional[0], &name)?;
    Ok(Value::None)
}

/// `vars(object)`: an instance's or module's attribute dict; `vars()`
/// is `locals()`.
fn vars(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("vars", 0, 1)?;
    let Some(object) = args.positional.first() else {
        return Ok(super::scope::local_namespace(vm));
    };
    match object {
        Value::Module(module) => Ok(Value::Dict(module.dict.clone())),
        Value::Exception(exception) => Ok(Value::Dict(exception.dict.clone())),
        Value::Type(class) if class.dict.is_some() => {
            Ok(class.dict.clone().map(Value::Dict).unwrap_or(Value::None))
        }
        other => vm
            .get_attribute(other, &Value::str("__dict__"))
            .map_err(|_| {
                PyException::new(
                    ExceptionKind::TypeError,
                    "vars() argument must have __dict__ attribute",
                )
            }),
    }
}
