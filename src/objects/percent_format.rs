//! printf-style formatting, `template % args`, driven exactly as CPython's
//! `PyUnicode_Format`: `format_percent` walks the pieces of the template
//! (parsed by `percent_template.rs`), takes each conversion's arguments from
//! the interpreter through the `PercentArgs` trait (the VM's side of it is
//! `vm/percent.rs`), and `format_percent_piece` formats one value.
//!
//! Notes about the implementation: which argument comes next follows
//! CPython's `argidx`/`arglen` bookkeeping (`ArgCursor`), so "not enough
//! arguments", "not all arguments converted" and "format requires a mapping"
//! are raised at the same moment as in CPython. Numbers reuse the helpers of
//! `format_number.rs` and `float_repr.rs`; padding is a port of
//! `unicode_format_arg_output`.

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::{Signed, ToPrimitive};

use crate::objects::float_repr::{double_to_string, DoubleFlags};
use crate::objects::format_number::{char_from_int, int_to_float};
use crate::objects::format_spec::{push_fill, type_error, value_error, ErrorKind, FormatError};
use crate::objects::percent_template::{
    parse_percent_template, Conversion, Count, PercentFlags, PercentPiece,
};

/// A conversion with `*` counts filled in: all `format_percent_piece` needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PercentSpec {
    /// The flags (a negative `*` width has already set `left_adjust`).
    pub flags: PercentFlags,
    /// The minimum width.
    pub width: Option<usize>,
    /// The precision.
    pub precision: Option<usize>,
    /// The conversion character.
    pub kind: char,
    /// Character index of the conversion character, for error messages.
    pub index: usize,
}

/// One argument for a conversion, as the interpreter hands it over.
#[derive(Clone, Debug, PartialEq)]
pub enum PercentArg<'a> {
    /// An int (or bool).
    Int(&'a BigInt),
    /// A float.
    Float(f64),
    /// A str: the argument itself, or its `str()`/`repr()`/`ascii()` as the conversion asked.
    Str(String),
    /// Any other object, by type name, for error messages.
    Other(String),
}

/// What the interpreter should hand over for an argument (see `PercentArgs::fetch`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgWant {
    /// `%s`: `PercentArg::Str(str(arg))`.
    Str,
    /// `%r`: `PercentArg::Str(repr(arg))`.
    Repr,
    /// `%a`: `PercentArg::Str(ascii(arg))`.
    Ascii,
    /// `%d %x %f` and the like: `Int`, `Float`, or else `Other(type name)` (a str is `Other("str")`).
    Number,
    /// `%c`: `Int`, `Str` (the str itself), or else `Other(type name)`.
    Char,
    /// A `*` width or precision: `Int`, or else `Other(type name)`.
    Count,
    /// An unknown conversion character: anything; the argument is only taken, then an error raised.
    Nothing,
}

impl ArgWant {
    fn for_kind(kind: char) -> ArgWant {
        match kind {
            's' => ArgWant::Str,
            'r' => ArgWant::Repr,
            'a' => ArgWant::Ascii,
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
                ArgWant::Number
            }
            'c' => ArgWant::Char,
            _ => ArgWant::Nothing,
        }
    }
}

/// The shape of the right operand of `template % args`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgsShape {
    /// A tuple of this many items: one per conversion.
    Tuple(usize),
    /// Not a tuple nor a str, but has `__getitem__` (a dict, and, as in CPython, a list):
    /// `%(key)s` looks keys up; a plain `%s` uses the whole operand.
    Mapping,
    /// Any other single object: one conversion uses it.
    Single,
}

/// Which argument to fetch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArgRef {
    /// Item `i` of the tuple operand.
    Item(usize),
    /// The operand itself, or, after `select_key`, the value found under that key.
    Current,
}

/// The interpreter's side of `template % args`.
pub trait PercentArgs {
    /// The interpreter's exception type.
    type Error: From<FormatError>;
    /// The operand's shape.
    fn shape(&self) -> ArgsShape;
    /// Look `key` up in the mapping operand; later `ArgRef::Current` fetches get that value.
    fn select_key(&mut self, key: &str) -> Result<(), Self::Error>;
    /// The argument `which`, converted as `want` says.
    fn fetch(&mut self, which: ArgRef, want: ArgWant) -> Result<PercentArg<'_>, Self::Error>;
}

/// `template % args`, driven exactly as CPython's `PyUnicode_Format`.
pub fn format_percent<A: PercentArgs>(template: &str, args: &mut A) -> Result<String, A::Error> {
    let mut cursor = ArgCursor::new(args.shape());
    let mut text = String::new();
    for piece in parse_percent_template(template) {
        match piece {
            PercentPiece::Literal(literal) => text.push_str(&literal),
            PercentPiece::IncompleteKey => {
                cursor.require_mapping()?;
                return Err(value_error("incomplete format key").into());
            }
            PercentPiece::Conversion(conversion) => {
                text.push_str(&convert_one(&conversion, args, &mut cursor)?);
            }
        }
    }
    cursor.finish()?;
    Ok(text)
}

/// Take one conversion's arguments (key, `*` counts, value) and format it.
fn convert_one<A: PercentArgs>(
    conversion: &Conversion,
    args: &mut A,
    cursor: &mut ArgCursor,
) -> Result<String, A::Error> {
    if let Some(key) = &conversion.key {
        cursor.require_mapping()?;
        args.select_key(key)?;
        cursor.select_key();
    }
    let mut flags = conversion.flags;
    let width = match conversion.width {
        Some(Count::Star) => {
            let width = fetch_count(args, cursor, "ssize_t")?;
            // A negative `*` width means "pad on the right".
            flags.left_adjust |= width < 0;
            Some(usize::try_from(width.unsigned_abs()).unwrap_or(usize::MAX))
        }
        Some(Count::Fixed(width)) => Some(width),
        None => None,
    };
    let precision = match conversion.precision {
        Some(Count::Star) => Some(fetch_count(args, cursor, "int")?.max(0) as usize),
        Some(Count::Fixed(precision)) => Some(precision),
        None => None,
    };
    let kind = conversion.kind.clone()?;
    let spec = PercentSpec {
        flags,
        width,
        precision,
        kind,
        index: conversion.index,
    };
    let which = cursor.next()?;
    let arg = args.fetch(which, ArgWant::for_kind(kind))?;
    Ok(format_percent_piece(&spec, arg)?)
}

/// A `*` count: an int that fits a C `ssize_t` (width) or `int` (precision).
fn fetch_count<A: PercentArgs>(
    args: &mut A,
    cursor: &mut ArgCursor,
    c_type: &str,
) -> Result<i64, A::Error> {
    let which = cursor.next()?;
    let fits = |n: &i64| c_type != "int" || i32::try_from(*n).is_ok();
    match args.fetch(which, ArgWant::Count)? {
        PercentArg::Int(value) => match value.to_i64().filter(fits) {
            Some(count) => Ok(count),
            None => Err(FormatError::new(
                ErrorKind::OverflowError,
                format!("Python int too large to convert to C {c_type}"),
            )
            .into()),
        },
        _ => Err(type_error("* wants int").into()),
    }
}

/// Which argument comes next: CPython's `argidx`/`arglen` bookkeeping.
struct ArgCursor {
    /// Next index to use; -2 means "the single operand, not yet used".
    next: i64,
    /// Number of arguments; -1 for a single operand (or a looked-up value).
    length: i64,
    is_mapping: bool,
}

impl ArgCursor {
    fn new(shape: ArgsShape) -> Self {
        match shape {
            ArgsShape::Tuple(length) => ArgCursor {
                next: 0,
                length: length as i64,
                is_mapping: false,
            },
            ArgsShape::Mapping => ArgCursor {
                next: -2,
                length: -1,
                is_mapping: true,
            },
            ArgsShape::Single => ArgCursor {
                next: -2,
                length: -1,
                is_mapping: false,
            },
        }
    }

    fn next(&mut self) -> Result<ArgRef, FormatError> {
        if self.next >= self.length {
            return Err(type_error("not enough arguments for format string"));
        }
        self.next += 1;
        if self.length < 0 {
            Ok(ArgRef::Current)
        } else {
            Ok(ArgRef::Item((self.next - 1) as usize))
        }
    }

    fn require_mapping(&self) -> Result<(), FormatError> {
        if self.is_mapping {
            Ok(())
        } else {
            Err(type_error("format requires a mapping"))
        }
    }

    /// After `%(key)`, the value found is the single current argument.
    fn select_key(&mut self) {
        self.next = -2;
        self.length = -1;
    }

    fn finish(&self) -> Result<(), FormatError> {
        if self.next < self.length && !self.is_mapping {
            return Err(type_error(
                "not all arguments converted during string formatting",
            ));
        }
        Ok(())
    }
}

/// Format one argument for a `%` conversion whose `*` counts are known.
pub fn format_percent_piece(spec: &PercentSpec, arg: PercentArg) -> Result<String, FormatError> {
    let (text, numeric) = match spec.kind {
        's' | 'r' | 'a' => (percent_text(arg), false),
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (percent_int(spec, arg)?, true),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let value = percent_float(arg)?;
            let flags = DoubleFlags {
                alternate: spec.flags.alternate,
                ..DoubleFlags::default()
            };
            (
                double_to_string(value, spec.kind, spec.precision.unwrap_or(6), flags),
                true,
            )
        }
        'c' => (percent_char(arg)?.to_string(), false),
        other => {
            let shown = if (31..=126).contains(&(other as u32)) {
                other
            } else {
                '?'
            };
            let message = format!(
                "unsupported format character '{shown}' (0x{:x}) at index {}",
                other as u32, spec.index
            );
            return Err(value_error(message));
        }
    };
    Ok(pad_percent(spec, &text, numeric))
}

/// The text for `%s %r %a`; the interpreter normally sends a `Str` already.
fn percent_text(arg: PercentArg) -> String {
    match arg {
        PercentArg::Int(value) => value.to_string(),
        PercentArg::Float(value) => crate::objects::float_repr::float_repr(value),
        PercentArg::Str(text) | PercentArg::Other(text) => text,
    }
}

/// Port of `_PyUnicode_FormatLong`: digits in the base, zero-filled to the precision.
fn percent_int(spec: &PercentSpec, arg: PercentArg) -> Result<String, FormatError> {
    let integer_only = matches!(spec.kind, 'o' | 'x' | 'X');
    let needed = if integer_only {
        "an integer"
    } else {
        "a real number"
    };
    let wrong_type = |type_name: &str| {
        type_error(format!(
            "%{} format: {needed} is required, not {type_name}",
            spec.kind
        ))
    };
    let truncated;
    let value = match arg {
        PercentArg::Int(value) => value,
        PercentArg::Float(_) if integer_only => return Err(wrong_type("float")),
        PercentArg::Float(value) => {
            truncated = float_to_int(value)?;
            &truncated
        }
        PercentArg::Str(_) => return Err(wrong_type("str")),
        PercentArg::Other(type_name) => return Err(wrong_type(&type_name)),
    };
    let (base, prefix) = match spec.kind {
        'o' => (8, "0o"),
        'x' | 'X' => (16, "0x"),
        _ => (10, ""),
    };
    let digits = value.abs().to_str_radix(base);
    let zeros = spec.precision.unwrap_or(0).saturating_sub(digits.len());
    let sign = if value.sign() == BigSign::Minus {
        "-"
    } else {
        ""
    };
    let prefix = if spec.flags.alternate { prefix } else { "" };
    let mut text = format!("{sign}{prefix}{}{digits}", "0".repeat(zeros));
    if spec.kind == 'X' {
        text.make_ascii_uppercase();
    }
    Ok(text)
}

/// `int(value)` for `%d` of a float: truncate toward zero.
fn float_to_int(value: f64) -> Result<BigInt, FormatError> {
    if value.is_nan() {
        return Err(value_error("cannot convert float NaN to integer"));
    }
    num_traits::FromPrimitive::from_f64(value.trunc()).ok_or_else(|| {
        FormatError::new(
            ErrorKind::OverflowError,
            "cannot convert float infinity to integer",
        )
    })
}

/// The float for `%e %f %g`: a float, or an int converted.
fn percent_float(arg: PercentArg) -> Result<f64, FormatError> {
    match arg {
        PercentArg::Float(value) => Ok(value),
        PercentArg::Int(value) => int_to_float(value)
            .map_err(|message| FormatError::new(ErrorKind::OverflowError, message)),
        PercentArg::Str(_) => Err(type_error("must be real number, not str")),
        PercentArg::Other(type_name) => {
            Err(type_error(format!("must be real number, not {type_name}")))
        }
    }
}

/// The character for `%c`: a one-character str or a code point.
fn percent_char(arg: PercentArg) -> Result<char, FormatError> {
    match arg {
        PercentArg::Int(value) => char_from_int(value),
        PercentArg::Str(text) => {
            let mut chars = text.chars();
            match (chars.next(), chars.next()) {
                (Some(only), None) => Ok(only),
                _ => Err(type_error("%c requires int or char")),
            }
        }
        _ => Err(type_error("%c requires int or char")),
    }
}

/// Remove a number's own sign from `body`, or make one from `+` or ` `.
fn take_sign(body: &mut Vec<char>, flags: PercentFlags) -> Option<char> {
    if matches!(body.first(), Some('-' | '+')) {
        Some(body.remove(0))
    } else if flags.plus {
        Some('+')
    } else if flags.space {
        Some(' ')
    } else {
        None
    }
}

/// Port of `unicode_format_arg_output`: truncate, sign, prefix and pad.
fn pad_percent(spec: &PercentSpec, text: &str, numeric: bool) -> String {
    let flags = spec.flags;
    let fill = if numeric && flags.zero { '0' } else { ' ' };
    let mut body: Vec<char> = text.chars().collect();
    if let (Some(precision), 's' | 'r' | 'a') = (spec.precision, spec.kind) {
        body.truncate(precision);
    }
    let sign = if numeric {
        take_sign(&mut body, flags)
    } else {
        None
    };
    let has_prefix = flags.alternate && matches!(spec.kind, 'x' | 'X' | 'o') && body.len() >= 2;
    let prefix: Vec<char> = if has_prefix {
        body.drain(..2).collect()
    } else {
        Vec::new()
    };
    let length = body.len();
    // The width left for the body once the sign and prefix are written.
    let width = spec
        .width
        .unwrap_or(0)
        .saturating_sub(usize::from(sign.is_some()) + prefix.len());
    let padding = width.saturating_sub(length);
    let mut out = String::new();
    if fill == '0' {
        out.extend(sign);
        out.extend(&prefix);
    }
    if !flags.left_adjust {
        push_fill(&mut out, fill, padding);
    }
    if fill == ' ' {
        out.extend(sign);
        out.extend(&prefix);
    }
    out.extend(&body);
    if flags.left_adjust {
        push_fill(&mut out, ' ', padding);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::format_spec::test_tables::check;

    /// One `%` argument in a test table.
    #[derive(Clone, Copy, Debug)]
    enum Arg {
        I(i64),
        Big(&'static str),
        F(f64),
        S(&'static str),
    }
    use Arg::{Big, F, I, S};

    /// A tuple (or mapping with keys `k0`, `k1`, ...) operand for `format_percent`.
    struct TestArgs {
        items: Vec<Arg>,
        ints: Vec<BigInt>,
        shape: ArgsShape,
        selected: Option<usize>,
    }

    impl TestArgs {
        fn new(items: &[Arg], shape: ArgsShape) -> Self {
            let ints = items
                .iter()
                .map(|item| match item {
                    I(value) => BigInt::from(*value),
                    Big(digits) => digits.parse().unwrap_or_default(),
                    _ => BigInt::default(),
                })
                .collect();
            TestArgs {
                items: items.to_vec(),
                ints,
                shape,
                selected: None,
            }
        }
    }

    struct TestError(String);

    impl From<FormatError> for TestError {
        fn from(error: FormatError) -> Self {
            TestError(format!("ERR {:?} {}", error.kind, error.message))
        }
    }

    impl PercentArgs for TestArgs {
        type Error = TestError;

        fn shape(&self) -> ArgsShape {
            self.shape
        }

        fn select_key(&mut self, key: &str) -> Result<(), TestError> {
            let index = key.strip_prefix('k').and_then(|digits| digits.parse().ok());
            match index.filter(|&index: &usize| index < self.items.len()) {
                Some(index) => {
                    self.selected = Some(index);
                    Ok(())
                }
                None => Err(TestError(format!("ERR KeyError {key}"))),
            }
        }

        fn fetch(&mut self, which: ArgRef, want: ArgWant) -> Result<PercentArg<'_>, TestError> {
            let index = match which {
                ArgRef::Item(index) => index,
                ArgRef::Current => self.selected.unwrap_or(0),
            };
            let as_text = matches!(want, ArgWant::Str | ArgWant::Repr | ArgWant::Ascii);
            Ok(match self.items[index] {
                I(_) | Big(_) if as_text => PercentArg::Str(self.ints[index].to_string()),
                I(_) | Big(_) => PercentArg::Int(&self.ints[index]),
                F(value) if as_text => {
                    PercentArg::Str(crate::objects::float_repr::float_repr(value))
                }
                F(value) => PercentArg::Float(value),
                S(text) if want == ArgWant::Repr => PercentArg::Str(format!("'{text}'")),
                S(text) if as_text || want == ArgWant::Char => PercentArg::Str(text.to_string()),
                S(_) => PercentArg::Other("str".to_string()),
            })
        }
    }

    fn percent(template: &str, items: &[Arg], shape: ArgsShape) -> String {
        let mut args = TestArgs::new(items, shape);
        format_percent(template, &mut args).unwrap_or_else(|error| error.0)
    }

    #[test]
    fn percent_matches_cpython() {
        check(PERCENT_CASES, |&(template, items, expected)| {
            (
                percent(template, items, ArgsShape::Tuple(items.len())),
                expected,
            )
        });
    }

    #[test]
    fn percent_with_mapping_and_single_operands() {
        let mapping = ArgsShape::Mapping;
        assert_eq!(
            percent("%(k0)s and %(k1)r", &[I(1), S("b")], mapping),
            "1 and 'b'"
        );
        assert_eq!(percent("%(k0)-5d|%%", &[I(3)], mapping), "3    |%");
        assert_eq!(
            percent("%(k0)s %s", &[I(1)], mapping),
            "ERR TypeError not enough arguments for format string"
        );
        assert_eq!(
            percent("%(k0", &[I(1)], mapping),
            "ERR ValueError incomplete format key"
        );
        assert_eq!(
            percent("%(k0", &[I(1)], ArgsShape::Single),
            "ERR TypeError format requires a mapping"
        );
        assert_eq!(percent("%(k9)s", &[I(1)], mapping), "ERR KeyError k9");
        assert_eq!(percent("abc", &[I(1)], mapping), "abc");
        assert_eq!(percent("%s", &[S("x")], ArgsShape::Single), "x");
        assert_eq!(
            percent("abc", &[I(5)], ArgsShape::Single),
            "ERR TypeError not all arguments converted during string formatting"
        );
    }

    /// `template % args` cases generated from CPython 3.11 ("ERR Kind message" on failure).
    const PERCENT_CASES: &[(&str, &[Arg], &str)] = &[
        ("%c", &[F(f64::INFINITY)], "ERR TypeError %c requires int or char"),
        ("%+d", &[F(1e+20)], "+100000000000000000000"),
        ("%-5d|", &[F(1e+20)], "100000000000000000000|"),
        ("%s%%", &[I(-42)], "-42%"),
        ("%#X", &[I(255)], "0XFF"),
        ("%5c", &[F(1e+20)], "ERR TypeError %c requires int or char"),
        ("%u", &[I(-42)], "-42"),
        ("%#8x", &[F(-2.5)], "ERR TypeError %x format: an integer is required, not float"),
        ("%x", &[F(3.75)], "ERR TypeError %x format: an integer is required, not float"),
        ("%#010o", &[F(f64::INFINITY)], "ERR TypeError %o format: an integer is required, not float"),
        ("%-5s|", &[I(7)], "7    |"),
        ("%05d", &[F(3.75)], "00003"),
        ("%-3c|", &[S("é")], "é  |"),
        ("%5c", &[I(7)], "    \u{7}"),
        ("%c", &[I(-42)], "ERR OverflowError %c arg not in range(0x110000)"),
        ("%i", &[Big("10000000000000000000000000")], "10000000000000000000000000"),
        ("%10.3f", &[F(-2.5)], "    -2.500"),
        ("%X", &[I(7)], "7"),
        ("%#o", &[I(7)], "0o7"),
        ("%f", &[F(3.75)], "3.750000"),
        ("%.1s", &[I(7)], "7"),
        ("%#x", &[S("é")], "ERR TypeError %x format: an integer is required, not str"),
        ("%G", &[F(-2.5)], "-2.5"),
        ("%i", &[S("ab")], "ERR TypeError %i format: a real number is required, not str"),
        ("%#X", &[S("ab")], "ERR TypeError %X format: an integer is required, not str"),
        ("%#x", &[I(0)], "0x0"),
        ("%.3d", &[S("é")], "ERR TypeError %d format: a real number is required, not str"),
        ("%r", &[F(-2.5)], "-2.5"),
        ("%5s", &[Big("10000000000000000000000000")], "10000000000000000000000000"),
        ("%E", &[S("é")], "ERR TypeError must be real number, not str"),
        ("%g", &[S("é")], "ERR TypeError must be real number, not str"),
        ("%k", &[F(-2.5)], "ERR ValueError unsupported format character 'k' (0x6b) at index 1"),
        ("%+d", &[F(3.75)], "+3"),
        ("%G", &[I(7)], "7"),
        ("%u", &[F(-2.5)], "-2"),
        ("%ld", &[I(-42)], "-42"),
        ("%#08x", &[F(3.75)], "ERR TypeError %x format: an integer is required, not float"),
        ("%-3c|", &[F(f64::INFINITY)], "ERR TypeError %c requires int or char"),
        ("%o", &[F(f64::INFINITY)], "ERR TypeError %o format: an integer is required, not float"),
        ("%+05d", &[F(1e+20)], "+100000000000000000000"),
        ("% d", &[I(-42)], "-42"),
        ("%#010o", &[I(7)], "0o00000007"),
        ("%-5d|", &[F(f64::INFINITY)], "ERR OverflowError cannot convert float infinity to integer"),
        ("%%", &[I(-42)], "ERR TypeError not all arguments converted during string formatting"),
        ("%-5d|", &[Big("10000000000000000000000000")], "10000000000000000000000000|"),
        ("%5c", &[F(-2.5)], "ERR TypeError %c requires int or char"),
        ("%f", &[I(-42)], "-42.000000"),
        ("%.2e", &[S("é")], "ERR TypeError must be real number, not str"),
        ("%5s", &[I(7)], "    7"),
        ("%#.0f", &[I(255)], "255."),
        ("%-3c|", &[I(7)], "\u{7}  |"),
        ("%c", &[F(1e+20)], "ERR TypeError %c requires int or char"),
        ("%#08x", &[F(1e+20)], "ERR TypeError %x format: an integer is required, not float"),
        ("%*.*f", &[I(6), I(6), I(7)], "7.000000"),
        ("%s%%", &[S("ab")], "ab%"),
        ("%10.3f", &[S("ab")], "ERR TypeError must be real number, not str"),
        ("% d", &[I(0)], " 0"),
        ("%d", &[I(-42)], "-42"),
        ("%.1f", &[I(7)], "7.0"),
        ("%*.*f", &[I(6), I(6), Big("10000000000000000000000000")], "10000000000000000905969664.000000"),
        ("%#g", &[I(255)], "255.000"),
        ("%5%", &[F(f64::INFINITY)], "ERR ValueError unsupported format character '%' (0x25) at index 2"),
        ("%g", &[F(-2.5)], "-2.5"),
        ("%5d", &[F(1e+20)], "100000000000000000000"),
        ("%#o", &[F(3.75)], "ERR TypeError %o format: an integer is required, not float"),
        ("%F", &[F(f64::INFINITY)], "INF"),
        ("%e", &[Big("10000000000000000000000000")], "1.000000e+25"),
        ("%e", &[I(0)], "0.000000e+00"),
        ("%%", &[F(3.75)], "ERR TypeError not all arguments converted during string formatting"),
        ("%x", &[I(255)], "ff"),
        ("%5d", &[S("é")], "ERR TypeError %d format: a real number is required, not str"),
        ("%05d", &[F(f64::INFINITY)], "ERR OverflowError cannot convert float infinity to integer"),
        ("%#8x", &[I(7)], "     0x7"),
        ("%+d", &[S("é")], "ERR TypeError %d format: a real number is required, not str"),
        ("%#8x", &[S("é")], "ERR TypeError %x format: an integer is required, not str"),
        ("%ld", &[F(3.75)], "3"),
        ("%+05d", &[I(0)], "+0000"),
        ("%%", &[F(f64::INFINITY)], "ERR TypeError not all arguments converted during string formatting"),
        ("%.2e", &[F(1e+20)], "1.00e+20"),
        ("%.3d", &[I(-42)], "-042"),
        ("%s %s", &[I(1)], "ERR TypeError not enough arguments for format string"),
        ("%s", &[I(1), I(2)], "ERR TypeError not all arguments converted during string formatting"),
        ("abc%", &[], "ERR ValueError incomplete format"),
        ("%(a)s", &[I(1)], "ERR TypeError format requires a mapping"),
        ("%(a", &[I(1)], "ERR TypeError format requires a mapping"),
        ("%*d", &[S("x"), I(1)], "ERR TypeError * wants int"),
        ("%c", &[F(1.5)], "ERR TypeError %c requires int or char"),
        ("%c", &[I(-1)], "ERR OverflowError %c arg not in range(0x110000)"),
        ("%c", &[S("ab")], "ERR TypeError %c requires int or char"),
        ("%x", &[F(1.5)], "ERR TypeError %x format: an integer is required, not float"),
        ("%d", &[S("1")], "ERR TypeError %d format: a real number is required, not str"),
        ("%f", &[S("x")], "ERR TypeError must be real number, not str"),
        ("%d", &[F(f64::NAN)], "ERR ValueError cannot convert float NaN to integer"),
        ("%d", &[F(f64::INFINITY)], "ERR OverflowError cannot convert float infinity to integer"),
        ("%y", &[I(1)], "ERR ValueError unsupported format character 'y' (0x79) at index 1"),
        ("%\u{1}", &[I(1)], "ERR ValueError unsupported format character '?' (0x1) at index 1"),
        ("%é", &[I(1)], "ERR ValueError unsupported format character '?' (0xe9) at index 1"),
        ("%5", &[I(1)], "ERR ValueError incomplete format"),
        ("%.*f", &[I(1000000000000), F(1.0)], "ERR OverflowError Python int too large to convert to C int"),
        ("%99999999999999999999d", &[I(1)], "ERR ValueError width too big"),
        ("%e", &[Big("10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000")], "ERR OverflowError int too large to convert to float"),
        ("%y", &[], "ERR TypeError not enough arguments for format string"),
        ("a%%b", &[], "a%b"),
        ("", &[], ""),
        ("%d", &[Big("10000000000000000000000000")], "10000000000000000000000000"),
        ("%.30x", &[I(-255)], "-0000000000000000000000000000ff"),
    ];
}
