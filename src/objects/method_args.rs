//! Argument checking for the methods of the built-in types.
//!
//! A built-in method receives its receiver as the first positional
//! argument. CPython parses method arguments in several ways, and each way
//! words its errors differently (`str.upper() takes no arguments (1 given)`,
//! `insert expected 2 arguments, got 1`, `find() takes at least 1 argument
//! (0 given)`); scripts see those messages, so each parser here reproduces
//! one of them. The counts in the messages never include the receiver.

use super::exception::type_error;
use super::function::Args;
use super::{int, PyResult, Value};

/// A method call's arguments with the receiver split off.
pub struct MethodArgs {
    pub receiver: Value,
    pub positional: crate::objects::function::ArgList,
    pub keywords: Vec<(String, Value)>,
}

impl MethodArgs {
    /// Splits the receiver off a built-in method's arguments.
    pub fn new(args: Args) -> MethodArgs {
        let mut positional = args.positional;
        let receiver = if positional.is_empty() {
            Value::None
        } else {
            positional.remove(0)
        };
        MethodArgs {
            receiver,
            positional,
            keywords: args.keywords,
        }
    }

    /// Refuses keywords, as every positional-only method does:
    /// `str.join() takes no keyword arguments`.
    fn no_keywords(&self, qualified: &str) -> PyResult<()> {
        if self.keywords.is_empty() {
            Ok(())
        } else {
            type_error(format!("{qualified}() takes no keyword arguments"))
        }
    }
}

/// A method without parameters (`str.upper`): returns the receiver.
pub fn no_arguments(args: Args, qualified: &str) -> PyResult<Value> {
    let args = MethodArgs::new(args);
    args.no_keywords(qualified)?;
    if !args.positional.is_empty() {
        return type_error(format!(
            "{qualified}() takes no arguments ({} given)",
            args.positional.len()
        ));
    }
    Ok(args.receiver)
}

/// A method of exactly one argument (`list.append`): the receiver and it.
pub fn one_argument(args: Args, qualified: &str) -> PyResult<(Value, Value)> {
    let mut args = MethodArgs::new(args);
    args.no_keywords(qualified)?;
    if args.positional.len() != 1 {
        let given = args.positional.len();
        return type_error(format!(
            "{qualified}() takes exactly one argument ({given} given)"
        ));
    }
    let argument = args.positional.remove(0);
    Ok((args.receiver, argument))
}

/// A positional-only method of `min..=max` arguments, checked as Argument
/// Clinic does: `insert expected 2 arguments, got 1`.
pub fn positional(
    args: Args,
    qualified: &str,
    min: usize,
    max: usize,
) -> PyResult<(Value, crate::objects::function::ArgList)> {
    let args = MethodArgs::new(args);
    args.no_keywords(qualified)?;
    let name = short_name(qualified);
    let given = args.positional.len();
    check_count(given, min, max, |bound, n| match bound {
        Bound::Exactly => format!("{name} expected {n} argument{}, got {given}", plural(n)),
        Bound::AtLeast => format!(
            "{name} expected at least {n} argument{}, got {given}",
            plural(n)
        ),
        Bound::AtMost => format!(
            "{name} expected at most {n} argument{}, got {given}",
            plural(n)
        ),
    })?;
    Ok((args.receiver, args.positional))
}

/// A positional-only method parsed the older way (`str.find`):
/// `find() takes at least 1 argument (0 given)`.
pub fn positional_old_style(
    args: Args,
    qualified: &str,
    min: usize,
    max: usize,
) -> PyResult<(Value, crate::objects::function::ArgList)> {
    let args = MethodArgs::new(args);
    args.no_keywords(qualified)?;
    let name = short_name(qualified);
    let given = args.positional.len();
    check_count(given, min, max, |bound, n| {
        // This older parser has no "exactly": too few is "at least", too many "at most".
        let how = match bound {
            Bound::AtMost => "at most",
            Bound::Exactly if given > n => "at most",
            _ => "at least",
        };
        format!(
            "{name}() takes {how} {n} argument{} ({given} given)",
            plural(n)
        )
    })?;
    Ok((args.receiver, args.positional))
}

/// A method whose parameters may also be passed by keyword
/// (`split(sep=None, maxsplit=-1)`): one slot per name, `None` when absent.
pub fn with_keywords(
    args: Args,
    name: &str,
    names: &[&str],
) -> PyResult<(Value, Vec<Option<Value>>)> {
    let args = MethodArgs::new(args);
    let max = names.len();
    let given = args.positional.len() + args.keywords.len();
    let plural = if max == 1 { "" } else { "s" };
    if given > max {
        let kind = if args.positional.is_empty() {
            " keyword"
        } else {
            ""
        };
        return type_error(format!(
            "{name}() takes at most {max}{kind} argument{plural} ({given} given)"
        ));
    }
    let mut slots: Vec<Option<Value>> = vec![None; max];
    for (slot, value) in slots.iter_mut().zip(args.positional) {
        *slot = Some(value);
    }
    for (key, value) in args.keywords {
        let Some(index) = names.iter().position(|n| *n == key) else {
            return type_error(format!(
                "'{key}' is an invalid keyword argument for {name}()"
            ));
        };
        if slots[index].is_some() {
            let position = index + 1;
            return type_error(format!(
                "argument for {name}() given by name ('{key}') and position ({position})"
            ));
        }
        slots[index] = Some(value);
    }
    Ok((args.receiver, slots))
}

/// A method whose parameters are keyword-only (`list.sort(*, key, reverse)`).
pub fn keywords_only(
    args: Args,
    name: &str,
    names: &[&str],
) -> PyResult<(Value, Vec<Option<Value>>)> {
    if args.positional.len() > 1 {
        return type_error(format!("{name}() takes no positional arguments"));
    }
    with_keywords(args, name, names)
}

/// A special method's arguments as its slot wrapper checks them
/// (`object.__eq__(self, other)`, `list.__getitem__(self, index)`): the
/// receiver, then exactly `count` more (`expected 1 argument, got 0`).
/// `qualified` (`object.__eq__`) names the method for the other errors.
pub fn slot_arguments(args: Args, qualified: &str, count: usize) -> PyResult<(Value, Vec<Value>)> {
    args.expect_no_keywords(qualified)?;
    let mut positional = args.positional.into_iter();
    let Some(receiver) = positional.next() else {
        let message = match qualified.split_once('.') {
            Some((owner, name)) => {
                format!("descriptor '{name}' of '{owner}' object needs an argument")
            }
            None => format!("descriptor '{qualified}' needs an argument"),
        };
        return type_error(message);
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

/// "list.insert" -> "insert": Argument Clinic's range messages use the bare name.
fn short_name(qualified: &str) -> &str {
    qualified.rsplit('.').next().unwrap_or(qualified)
}

/// An integer argument (`'str' object cannot be interpreted as an integer`).
pub fn integer(value: &Value) -> PyResult<i64> {
    int::index_value(value)
}

/// A boolean flag passed as an int, as `sort(reverse=...)` and
/// `splitlines(keepends=...)` take it.
pub fn flag(value: Option<&Value>) -> PyResult<bool> {
    match value {
        None => Ok(false),
        Some(value) => Ok(integer(value)? != 0),
    }
}

/// A slice bound of `find`/`index`/`count` (`None` means absent); big ints
/// clamp, as CPython's `_PyEval_SliceIndex` does.
pub fn slice_bound(value: Option<&Value>, message: &str) -> PyResult<Option<i64>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(Value::Int(i)) => Ok(Some(*i)),
        Some(Value::Bool(b)) => Ok(Some(*b as i64)),
        Some(Value::BigInt(big)) => {
            use num_traits::Signed;
            Ok(Some(if big.is_negative() {
                i64::MIN
            } else {
                i64::MAX
            }))
        }
        Some(_) => type_error(message.to_string()),
    }
}

/// A `start`/`stop` of `list.index` and `tuple.index`, where `None` is
/// not accepted.
pub fn index_bound(value: Option<&Value>) -> PyResult<Option<i64>> {
    const MESSAGE: &str = "slice indices must be integers or have an __index__ method";
    match value {
        Some(Value::None) => type_error(MESSAGE),
        other => slice_bound(other, MESSAGE),
    }
}

/// The message for a bad `start`/`end` of the string search methods.
pub const SLICE_INDEX_MESSAGE: &str =
    "slice indices must be integers or None or have an __index__ method";

/// `start:end` of a sequence of `length`, as the search methods read them:
/// negative bounds count from the end, `end` is clamped to the length, and
/// `start` may stay past `end`, which means "nothing to search"
/// (`"a".find("", 5)` is -1).
pub fn adjust_indices(start: Option<i64>, end: Option<i64>, length: usize) -> (usize, usize) {
    let length = length as i64;
    let from_end = |index: i64| {
        if index < 0 {
            index.saturating_add(length).max(0)
        } else {
            index
        }
    };
    let start = start.map(from_end).unwrap_or(0);
    let end = end.map(from_end).unwrap_or(length).min(length);
    (start as usize, end as usize)
}

/// Which limit an argument count broke.
enum Bound {
    Exactly,
    AtLeast,
    AtMost,
}

/// Checks `min <= given <= max`; `message` words the error for the limit
/// broken (each argument parser of CPython words it its own way).
fn check_count(
    given: usize,
    min: usize,
    max: usize,
    message: impl Fn(Bound, usize) -> String,
) -> PyResult<()> {
    let broken = if min == max && given != min {
        Some((Bound::Exactly, min))
    } else if given < min {
        Some((Bound::AtLeast, min))
    } else if given > max {
        Some((Bound::AtMost, max))
    } else {
        None
    };
    match broken {
        Some((bound, n)) => type_error(message(bound, n)),
        None => Ok(()),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
