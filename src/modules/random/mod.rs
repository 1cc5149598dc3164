//! `random`: CPython's module-level generator, draw for draw.
//!
//! CPython's `random` functions are the methods of one hidden
//! `random.Random` instance, a Mersenne Twister (`mersenne.rs`) with Python
//! code on top (`Lib/random.py`). pyl keeps that one generator in a
//! GIL-guarded cell and ports the Python code line by line, so that after
//! `random.seed(42)` every function makes the same 32-bit draws in the same
//! order as CPython and prints the same numbers. Functions over sequences
//! (`choice`, `shuffle`, `sample`, `choices`) are in `sequences.rs`, the
//! float distributions (`gauss`, `triangular` ...) in `distributions.rs`,
//! `getstate`/`setstate` and the `Random` class in `state.rs`.

mod distributions;
mod mersenne;
mod sequences;
mod sha512;
mod state;

use super::add_functions;
use super::parameters::Signature;
use crate::compiler::BinaryOperator;
use crate::objects::exception::{raise, type_error, value_error};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{int, PyResult, Value};
use crate::runtime::gil::new_cell;
use crate::vm::Vm;
use mersenne::MersenneTwister;
use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed};
use qcell::QCell;
use std::sync::{Arc, LazyLock};

/// What the hidden `Random` instance holds.
pub struct RandomState {
    twister: MersenneTwister,
    /// The second normal deviate `gauss` made last time, kept for the next call.
    gauss_next: Option<f64>,
}

/// The module's generator, seeded from the OS on first use as CPython
/// seeds it at import. Only the GIL holder may draw from it.
static STATE: LazyLock<QCell<RandomState>> = LazyLock::new(|| {
    new_cell(RandomState {
        twister: MersenneTwister::from_key(&os_seed_key()),
        gauss_next: None,
    })
});

/// Runs `draw` on the generator (the GIL's token opens its cell).
fn with_state<T>(vm: &mut Vm, draw: impl FnOnce(&mut RandomState) -> T) -> T {
    draw(STATE.rw(&mut vm.token))
}

/// Makes the `random` module: the native functions, then the `Random`
/// class written in pyl on top of them.
pub fn make(vm: &mut Vm) -> PyResult<Arc<PyModule>> {
    let module = vm.new_module("random");
    add_functions(
        vm,
        &module,
        &[
            ("seed", seed),
            ("random", random),
            ("getrandbits", getrandbits),
            ("randrange", randrange),
            ("randint", randint),
            ("uniform", uniform),
            ("choice", sequences::choice),
            ("shuffle", sequences::shuffle),
            ("sample", sequences::sample),
            ("choices", sequences::choices),
            ("getstate", state::getstate),
            ("setstate", state::setstate),
        ],
    );
    add_functions(vm, &module, distributions::FUNCTIONS);
    state::add_random_class(vm, &module)?;
    Ok(module)
}

/// 624 words from the OS's random source, as `random_seed_urandom`; the
/// clock and the process id when there is none (`random_seed_time_pid`).
fn os_seed_key() -> Vec<u32> {
    use std::io::Read;
    let mut bytes = [0u8; 624 * 4];
    let read = std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut bytes));
    if read.is_ok() {
        return bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    vec![
        now.as_secs() as u32,
        (now.as_secs() >> 32) as u32,
        now.subsec_nanos(),
        std::process::id(),
    ]
}

/// `seed(a=None, version=2)`: None from the OS, an int by its absolute
/// value, a float or bool by its hash, a str or bytes through SHA-512.
fn seed(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "Random.seed",
        positional: &["a", "version"],
        required: 0,
        keyword_only: &[],
        method: true,
    };
    let mut slots = SIGNATURE.bind(args)?.into_iter();
    let a = slots.next().flatten().unwrap_or(Value::None);
    let version = slots.next().flatten().unwrap_or(Value::Int(2));
    let key = match seed_int(&a, &version)? {
        Some(n) => mersenne::key_of(&n),
        None => os_seed_key(),
    };
    with_state(vm, |state| {
        state.twister = MersenneTwister::from_key(&key);
        state.gauss_next = None;
    });
    Ok(Value::None)
}

/// The int `Random.seed` hands to the C generator, or `None` for "from the OS".
fn seed_int(a: &Value, version: &Value) -> PyResult<Option<BigInt>> {
    let version_1 = matches!(version, Value::Int(1));
    let version_2 = matches!(version, Value::Int(2));
    let text: Option<&[u8]> = match a {
        Value::Str(s) => Some(s.as_str().as_bytes()),
        Value::Bytes(b) => Some(b.as_bytes()),
        _ => None,
    };
    Ok(Some(match (a, text) {
        (Value::Str(s), Some(_)) if version_1 => BigInt::from(version_1_hash(s.as_str())),
        (_, Some(bytes)) if version_2 => {
            let mut whole = bytes.to_vec();
            whole.extend_from_slice(&sha512::digest(bytes));
            BigInt::from_bytes_be(Sign::Plus, &whole)
        }
        (Value::None, _) => return Ok(None),
        (Value::Int(_) | Value::BigInt(_), _) => int::to_bigint(a).unwrap_or_default(),
        // The C code hashes anything that is not exactly an int, as a size_t.
        (Value::Bool(_) | Value::Float(_) | Value::Str(_) | Value::Bytes(_), _) => {
            BigInt::from(crate::objects::compare::hash(a)? as u64)
        }
        _ => {
            return type_error(
                "The only supported seed types are: None,\nint, float, str, bytes, and bytearray.",
            )
        }
    }))
}

/// The string hash of Python 2 that `seed(text, version=1)` reproduces.
fn version_1_hash(text: &str) -> i64 {
    let mut x: u64 = text.chars().next().map_or(0, |c| (c as u64) << 7);
    for c in text.chars() {
        x = 1_000_003u64.wrapping_mul(x) ^ c as u64;
    }
    x ^= text.chars().count() as u64;
    if x as i64 == -1 {
        -2
    } else {
        x as i64
    }
}

/// `random()`: the next float in [0.0, 1.0).
fn random(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("Random.random", 0, 0)?;
    Ok(Value::Float(with_state(vm, |state| state.twister.random())))
}

/// `getrandbits(k)`: an int with k random bits.
fn getrandbits(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("Random.getrandbits", 1, 1)?;
    let k = int::index_value(&args.positional[0])?;
    if k < 0 {
        return value_error("number of bits must be non-negative");
    }
    if k > i32::MAX as i64 {
        return raise(
            ExceptionKind::OverflowError,
            "Python int too large to convert to C int",
        );
    }
    let bits = with_state(vm, |state| state.twister.bits(k as u64));
    Ok(Value::from_bigint(BigInt::from(bits)))
}

/// A uniform int in [0, n) for n > 0 (`Random._randbelow`).
pub(super) fn randbelow(vm: &mut Vm, n: &BigInt) -> BigInt {
    with_state(vm, |state| state.twister.below(n))
}

/// `randrange(start, stop=None, step=1)`, as `Lib/random.py` checks it.
fn randrange(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "Random.randrange",
        positional: &["start", "stop", "step"],
        required: 1,
        keyword_only: &[],
        method: true,
    };
    let mut slots = SIGNATURE.bind(args)?.into_iter();
    let start = slots.next().flatten().unwrap_or(Value::None);
    let stop = slots.next().flatten().filter(|stop| !stop.is_none());
    let step = slots.next().flatten();
    range_draw(vm, &start, stop.as_ref(), step.as_ref())
}

/// The body of `randrange`, shared with `randint`.
fn range_draw(
    vm: &mut Vm,
    start: &Value,
    stop: Option<&Value>,
    step: Option<&Value>,
) -> PyResult<Value> {
    let start = range_integer(start, "arg 1")?;
    let Some(stop) = stop else {
        if step.is_some_and(|step| !matches!(step, Value::Int(1))) {
            return type_error("Missing a non-None stop argument");
        }
        if start.is_positive() {
            return Ok(Value::from_bigint(randbelow(vm, &start)));
        }
        return value_error("empty range for randrange()");
    };
    let stop = range_integer(stop, "stop")?;
    let width = &stop - &start;
    let step = match step {
        Some(step) => range_integer(step, "step")?,
        None => BigInt::one(),
    };
    if step.is_one() {
        if width.is_positive() {
            return Ok(Value::from_bigint(start + randbelow(vm, &width)));
        }
        return value_error(format!(
            "empty range for randrange() ({start}, {stop}, {width})"
        ));
    }
    let n = step_count(&width, &step)?;
    Ok(Value::from_bigint(start + step * randbelow(vm, &n)))
}

/// How many values `range(start, start + width, step)` holds, for a step
/// other than 1; an error when there are none.
fn step_count(width: &BigInt, step: &BigInt) -> PyResult<BigInt> {
    use num_integer::Integer;
    let n: BigInt = if step.is_positive() {
        (width + step - 1u32).div_floor(step)
    } else if step.is_negative() {
        (width + step + 1u32).div_floor(step)
    } else {
        return value_error("zero step for randrange()");
    };
    if !n.is_positive() {
        return value_error("empty range for randrange()");
    }
    Ok(n)
}

/// An int argument of `randrange`: an int, or (deprecated in CPython, which
/// warns on stderr) a float with an integral value.
fn range_integer(value: &Value, which: &str) -> PyResult<BigInt> {
    if let Some(n) = int::to_bigint(value) {
        return Ok(n);
    }
    match value {
        Value::Float(f) if f.is_nan() => value_error("cannot convert float NaN to integer"),
        Value::Float(f) if f.is_infinite() => raise(
            ExceptionKind::OverflowError,
            "cannot convert float infinity to integer",
        ),
        Value::Float(f) if f.fract() == 0.0 => {
            Ok(int::to_bigint(&crate::objects::float::to_int(*f)).unwrap_or_default())
        }
        Value::Float(_) | Value::Str(_) => {
            value_error(format!("non-integer {which} for randrange()"))
        }
        other => type_error(format!(
            "int() argument must be a string, a bytes-like object or a real number, not '{}'",
            type_name(other)
        )),
    }
}

/// `randint(a, b)`: `randrange(a, b + 1)`.
fn randint(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "Random.randint",
        positional: &["a", "b"],
        required: 2,
        keyword_only: &[],
        method: true,
    };
    let slots = SIGNATURE.bind(args)?;
    let (a, b) = (slot(&slots, 0), slot(&slots, 1));
    let stop = vm.binary_op(BinaryOperator::Add, false, b, Value::Int(1))?;
    range_draw(vm, &a, Some(&stop), None)
}

/// `uniform(a, b)`: `a + (b - a) * random()`, with Python's arithmetic.
fn uniform(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "Random.uniform",
        positional: &["a", "b"],
        required: 2,
        keyword_only: &[],
        method: true,
    };
    let slots = SIGNATURE.bind(args)?;
    let (a, b) = (slot(&slots, 0), slot(&slots, 1));
    let width = vm.binary_op(BinaryOperator::Subtract, false, b, a.clone())?;
    let r = Value::Float(with_state(vm, |state| state.twister.random()));
    let scaled = vm.binary_op(BinaryOperator::Multiply, false, width, r)?;
    vm.binary_op(BinaryOperator::Add, false, a, scaled)
}

/// A bound parameter, `None` when it was left to its default.
pub(super) fn slot(slots: &[Option<Value>], index: usize) -> Value {
    slots.get(index).cloned().flatten().unwrap_or(Value::None)
}

/// The signature of a `Random` method written in Python.
pub(super) fn parameters_of(
    name: &'static str,
    positional: &'static [&'static str],
    required: usize,
    keyword_only: &'static [&'static str],
) -> Signature {
    Signature {
        name,
        positional,
        required,
        keyword_only,
        method: true,
    }
}
