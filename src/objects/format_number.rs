//! Ints and floats under a format spec: `format_int` and `format_float`,
//! the number half of the mini-language that `format_spec.rs` parses.
//!
//! Notes about the implementation: numbers are laid out the way CPython's
//! `Python/formatter_unicode.c` does it, as
//! `<left pad><sign><prefix><pad after sign><grouped digits><.><rest><right pad>`,
//! where at most one of the three pads is used. Zero padding (`010,`) is
//! special: the zeros go *inside* the digit grouping, so `format(1234,
//! "010,")` is `00,001,234`. A float's digits come from `float_repr.rs`
//! (CPython's `PyOS_double_to_string`); an int given a float type (`e f g %`)
//! is converted first, as CPython does.

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::{Signed, ToPrimitive};

use crate::objects::float_repr::{double_to_string, DoubleFlags};
use crate::objects::format_spec::{
    char_count, push_fill, unknown_code, Align, ErrorKind, FormatError, FormatSpec, Sign,
    CHAR_OUT_OF_RANGE, INT_TOO_LARGE_FOR_C_LONG, INT_TOO_LARGE_FOR_FLOAT,
};

/// `format(value, spec)` for an int (types `b c d o x X n`, none, and the
/// float types `e E f F g G %`, which convert the int to a float first).
pub fn format_int(value: &BigInt, spec: &FormatSpec) -> Result<String, String> {
    match spec.kind.unwrap_or('d') {
        'b' | 'c' | 'd' | 'o' | 'x' | 'X' | 'n' => format_int_digits(value, spec),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' | '%' => format_float(int_to_float(value)?, spec),
        other => Err(unknown_code(other, "int")),
    }
}

/// An int as a float, or CPython's `OverflowError` message when it is too big.
pub(super) fn int_to_float(value: &BigInt) -> Result<f64, String> {
    match value.to_f64() {
        Some(float) if float.is_finite() => Ok(float),
        _ => Err(INT_TOO_LARGE_FOR_FLOAT.to_string()),
    }
}

/// Port of `format_long_internal`: an int in base 2, 8, 10 or 16, or as a character.
fn format_int_digits(value: &BigInt, spec: &FormatSpec) -> Result<String, String> {
    if spec.precision.is_some() {
        return Err("Precision not allowed in integer format specifier".into());
    }
    if spec.no_negative_zero {
        return Err("Negative zero coercion (z) not allowed in integer format specifier".into());
    }
    let kind = spec.kind.unwrap_or('d');
    if kind == 'c' {
        return format_int_as_char(value, spec);
    }
    let (base, prefix) = match kind {
        'b' => (2, "0b"),
        'o' => (8, "0o"),
        'x' => (16, "0x"),
        'X' => (16, "0X"),
        _ => (10, ""),
    };
    let mut digits = value.abs().to_str_radix(base);
    if kind == 'X' {
        digits.make_ascii_uppercase();
    }
    let parts = NumberParts {
        negative: value.sign() == BigSign::Minus,
        prefix: if spec.alternate { prefix } else { "" },
        digits: &digits,
        has_decimal: false,
        remainder: "",
    };
    Ok(layout_number(&parts, spec, grouping_for(spec, kind)))
}

/// The `c` type: the int is a code point, laid out like a number's "remainder".
fn format_int_as_char(value: &BigInt, spec: &FormatSpec) -> Result<String, String> {
    if spec.sign != Sign::Default {
        return Err("Sign not allowed with integer format specifier 'c'".into());
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed with integer format specifier 'c'".into());
    }
    // CPython first reads the int as a C long, with its own overflow message.
    if value.to_i64().is_none() {
        return Err(INT_TOO_LARGE_FOR_C_LONG.to_string());
    }
    let character = char_from_int(value).map_err(|error| error.message)?;
    let text = character.to_string();
    let parts = NumberParts {
        negative: false,
        prefix: "",
        digits: "",
        has_decimal: false,
        remainder: &text,
    };
    Ok(layout_number(&parts, spec, Grouping::NONE))
}

/// The code point `value`, for `c` and `%c`.
pub(super) fn char_from_int(value: &BigInt) -> Result<char, FormatError> {
    let code = value.to_u32().filter(|&code| code <= 0x10FFFF);
    let Some(code) = code else {
        return Err(FormatError::new(
            ErrorKind::OverflowError,
            CHAR_OUT_OF_RANGE,
        ));
    };
    // Rust strings cannot hold lone surrogates, so pyl cannot either.
    char::from_u32(code).ok_or_else(|| {
        FormatError::new(
            ErrorKind::ValueError,
            format!("pyl strings cannot hold the surrogate U+{code:04X}"),
        )
    })
}

/// How digits are grouped: by 3 for decimal, by 4 with `_` on `b o x X`.
#[derive(Clone, Copy)]
struct Grouping {
    separator: Option<char>,
    size: usize,
}

impl Grouping {
    const NONE: Grouping = Grouping {
        separator: None,
        size: 0,
    };
}

fn grouping_for(spec: &FormatSpec, kind: char) -> Grouping {
    match (spec.grouping, kind) {
        // 'n' groups by the current locale; pyl always runs in the C locale, which does not group.
        (_, 'n') | (None, _) => Grouping::NONE,
        (Some('_'), 'b' | 'o' | 'x' | 'X') => Grouping {
            separator: Some('_'),
            size: 4,
        },
        (Some(separator), _) => Grouping {
            separator: Some(separator),
            size: 3,
        },
    }
}

/// A number split the way `fill_number` needs it: `-0x1234.5e+07` is
/// negative, prefix `0x`, digits `1234`, a decimal point, remainder `5e+07`.
struct NumberParts<'a> {
    negative: bool,
    prefix: &'a str,
    digits: &'a str,
    has_decimal: bool,
    remainder: &'a str,
}

/// Port of `calc_number_widths` plus `fill_number`: pad, sign and group a number.
fn layout_number(parts: &NumberParts, spec: &FormatSpec, grouping: Grouping) -> String {
    let sign = sign_char(spec.sign, parts.negative);
    let align = spec.align.unwrap_or(if spec.zero_pad {
        Align::AfterSign
    } else {
        Align::Right
    });
    let width = spec.width.unwrap_or(0) as i64;
    let fixed = sign.map_or(0, |_| 1)
        + char_count(parts.prefix)
        + usize::from(parts.has_decimal)
        + char_count(parts.remainder);
    let fixed = fixed as i64;
    // With `0` fill after the sign, the zeros are digits and get grouped too.
    let zero_digits = if spec.fill == '0' && align == Align::AfterSign {
        width - fixed
    } else {
        0
    };
    let grouped = if parts.digits.is_empty() {
        String::new()
    } else {
        group_digits(parts.digits, zero_digits, grouping)
    };
    let padding = (width - fixed - char_count(&grouped) as i64).max(0) as usize;
    let (left, middle, right) = match align {
        Align::Left => (0, 0, padding),
        Align::Right => (padding, 0, 0),
        Align::Center => (padding / 2, 0, padding - padding / 2),
        Align::AfterSign => (0, padding, 0),
    };
    let mut text = String::new();
    push_fill(&mut text, spec.fill, left);
    text.extend(sign);
    text.push_str(parts.prefix);
    push_fill(&mut text, spec.fill, middle);
    text.push_str(&grouped);
    if parts.has_decimal {
        text.push('.');
    }
    text.push_str(parts.remainder);
    push_fill(&mut text, spec.fill, right);
    text
}

/// The sign a number shows under the spec's sign option.
fn sign_char(sign: Sign, negative: bool) -> Option<char> {
    match (sign, negative) {
        (_, true) => Some('-'),
        (Sign::Plus, false) => Some('+'),
        (Sign::Space, false) => Some(' '),
        _ => None,
    }
}

/// Port of `_PyUnicode_InsertThousandsGrouping`: insert separators, and
/// left-pad with zeros (themselves grouped) until at least `min_width` long.
fn group_digits(digits: &str, min_width: i64, grouping: Grouping) -> String {
    if grouping.separator.is_none() {
        // No separators: just the zero padding, then the digits.
        let count = digits.chars().count() as i64;
        let mut padded = "0".repeat((min_width - count).max(0) as usize);
        padded.push_str(digits);
        return padded;
    }
    let digits: Vec<char> = digits.chars().collect();
    let mut remaining = digits.len() as i64;
    let mut min_width = min_width.max(0);
    // Groups are cut from the right, so they are collected backwards.
    let mut groups: Vec<String> = Vec::new();
    let mut take = |length: i64, remaining: &mut i64| {
        let zeros = (length - *remaining).max(0);
        let used = (*remaining).min(length).max(0);
        let end = *remaining as usize;
        let mut group = "0".repeat(zeros as usize);
        group.extend(&digits[end - used as usize..end]);
        groups.push(group);
        *remaining -= used;
        length
    };
    match grouping.separator {
        Some(_) => loop {
            let size = grouping.size as i64;
            let length = size.min(remaining.max(min_width).max(1));
            min_width -= take(length, &mut remaining);
            if remaining <= 0 && min_width <= 0 {
                break;
            }
            min_width -= 1; // room for the separator
        },
        None => {
            take(remaining.max(min_width).max(1), &mut remaining);
        }
    }
    groups.reverse();
    let separator = grouping.separator.map(String::from).unwrap_or_default();
    groups.join(&separator)
}

/// `format(value, spec)` for a float: types `e E f F g G n %`, or none,
/// which is `repr` when there is no precision and `g` (keeping a `.0`) when there is.
pub fn format_float(value: f64, spec: &FormatSpec) -> Result<String, String> {
    // No type behaves as repr, so 'r' stands for it below (an explicit 'r' is refused here).
    let kind = match spec.kind {
        None => 'r',
        Some(kind @ ('e' | 'E' | 'f' | 'F' | 'g' | 'G' | 'n' | '%')) => kind,
        Some(other) => return Err(unknown_code(other, "float")),
    };
    if spec
        .precision
        .is_some_and(|precision| precision > i32::MAX as usize)
    {
        return Err("precision too big".into());
    }
    let mut flags = DoubleFlags {
        alternate: spec.alternate,
        no_negative_zero: spec.no_negative_zero,
        ..DoubleFlags::default()
    };
    let (code, precision) = match (kind, spec.precision) {
        ('r', None) => ('r', 0),
        ('r', Some(precision)) => ('g', precision),
        ('n', precision) => ('g', precision.unwrap_or(6)),
        ('%', precision) => ('f', precision.unwrap_or(6)),
        (kind, precision) => (kind, precision.unwrap_or(6)),
    };
    flags.add_dot_0 = kind == 'r';
    let scaled = if kind == '%' { value * 100.0 } else { value };
    let mut text = double_to_string(scaled, code, precision, flags);
    if kind == '%' {
        text.push('%');
    }
    Ok(layout_float_text(&text, spec, grouping_for(spec, kind)))
}

/// Split `-1234.5e+07` into sign, integer digits, point and the rest, then lay it out.
fn layout_float_text(text: &str, spec: &FormatSpec, grouping: Grouping) -> String {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let digit_count = unsigned.bytes().take_while(u8::is_ascii_digit).count();
    let (digits, rest) = unsigned.split_at(digit_count);
    let (has_decimal, remainder) = match rest.strip_prefix('.') {
        Some(after) => (true, after),
        None => (false, rest),
    };
    let parts = NumberParts {
        negative,
        prefix: "",
        digits,
        has_decimal,
        remainder,
    };
    layout_number(&parts, spec, grouping)
}

#[cfg(test)]
mod tests {
    use crate::objects::format_spec::test_tables::{check, or_error};
    use crate::objects::format_spec::{format_float_with_spec, format_int_with_spec};
    use num_bigint::BigInt;

    #[test]
    fn format_int_matches_cpython() {
        check(INT_CASES, |&(value, spec, expected)| {
            let value: BigInt = value.parse().unwrap_or_default();
            (or_error(format_int_with_spec(&value, spec)), expected)
        });
    }

    #[test]
    fn format_float_matches_cpython() {
        check(FLOAT_CASES, |&(value, spec, expected)| {
            (or_error(format_float_with_spec(value, spec)), expected)
        });
    }

    /// `format(int, spec)` cases generated from CPython 3.11 (value, spec, result or "ERR message").
    const INT_CASES: &[(&str, &str, &str)] = &[
        ("-99999999999999999997", " ", "-99999999999999999997"),
        (
            "-99999999999999999997",
            "#b",
            "-0b1010110101111000111010111100010110101100011000011111111111111111101",
        ),
        ("-99999999999999999997", ".2e", "-1.00e+20"),
        ("-99999999999999999997", ".3f", "-100000000000000000000.000"),
        (
            "-99999999999999999997",
            "012_",
            "-99_999_999_999_999_999_997",
        ),
        ("-99999999999999999997", "=10", "-99999999999999999997"),
        (
            "-99999999999999999997",
            "_c",
            "ERR Cannot specify '_' with 'c'.",
        ),
        (
            "-99999999999999999997",
            "abc",
            "ERR Invalid format specifier 'abc' for object of type 'int'",
        ),
        (
            "-99999999999999999997",
            "b",
            "-1010110101111000111010111100010110101100011000011111111111111111101",
        ),
        ("-99999999999999999997", "e", "-1.000000e+20"),
        ("-99999999999999999997", "n", "-99999999999999999997"),
        (
            "-99999999999999999997",
            "s",
            "ERR Unknown format code 's' for object of type 'int'",
        ),
        ("-99999999999999999997", "é^9", "-99999999999999999997"),
        ("-1234567", "#_x", "-0x12_d687"),
        ("-1234567", "#b", "-0b100101101011010000111"),
        ("-1234567", "#g", "-1.23457e+06"),
        ("-1234567", "+", "-1234567"),
        ("-1234567", ",", "-1,234,567"),
        ("-1234567", ",x", "ERR Cannot specify ',' with 'x'."),
        ("-1234567", "5", "-1234567"),
        ("-1234567", "=10", "-  1234567"),
        ("-1234567", "_X", "-12_D687"),
        ("-1234567", "_c", "ERR Cannot specify '_' with 'c'."),
        ("-1234567", "f", "-1234567.000000"),
        (
            "-1234567",
            "s",
            "ERR Unknown format code 's' for object of type 'int'",
        ),
        ("-42", "#10o", "     -0o52"),
        ("-42", "#X", "-0X2A"),
        ("-42", "*^+12,", "****-42*****"),
        (
            "-42",
            "+c",
            "ERR Sign not allowed with integer format specifier 'c'",
        ),
        ("-42", ",x", "ERR Cannot specify ',' with 'x'."),
        ("-42", "0<8", "-4200000"),
        ("-42", "c", "ERR %c arg not in range(0x110000)"),
        (
            "-42",
            "s",
            "ERR Unknown format code 's' for object of type 'int'",
        ),
        ("-42", "é^9", "ééé-42ééé"),
        ("0", "#010x", "0x00000000"),
        ("0", "%", "0.000000%"),
        ("0", "+#x", "+0x0"),
        ("0", ".1%", "0.0%"),
        ("0", "010_x", "0_0000_0000"),
        ("0", "E", "0.000000E+00"),
        ("0", "F", "0.000000"),
        ("0", "_", "0"),
        ("0", "_n", "ERR Cannot specify '_' with 'n'."),
        (
            "0",
            "abc",
            "ERR Invalid format specifier 'abc' for object of type 'int'",
        ),
        ("0", "f", "0.000000"),
        ("7", " ", " 7"),
        ("7", "#10o", "       0o7"),
        ("7", "#b", "0b111"),
        (
            "7",
            "#c",
            "ERR Alternate form (#) not allowed with integer format specifier 'c'",
        ),
        ("7", ".3f", "7.000"),
        ("7", "0<8", "70000000"),
        ("7", "0=10,", "00,000,007"),
        (
            "7",
            "10.5.",
            "ERR Unknown format code '.' for object of type 'int'",
        ),
        ("7", "E", "7.000000E+00"),
        ("7", "G", "7"),
        ("7", "X", "7"),
        ("7", "_", "7"),
        ("7", "_X", "7"),
        ("7", "g", "7"),
        ("7", "x", "7"),
        ("65", "#010x", "0x00000041"),
        ("65", "#X", "0X41"),
        ("65", ",.2f", "65.00"),
        ("65", ",d", "65"),
        ("65", ",x", "ERR Cannot specify ',' with 'x'."),
        ("65", "-", "65"),
        ("65", "0=10,", "00,000,065"),
        ("65", "E", "6.500000E+01"),
        ("65", "G", "65"),
        ("65", "^5c", "  A  "),
        ("65", "_c", "ERR Cannot specify '_' with 'c'."),
        (
            "65",
            "abc",
            "ERR Invalid format specifier 'abc' for object of type 'int'",
        ),
        (
            "65",
            "r",
            "ERR Unknown format code 'r' for object of type 'int'",
        ),
        ("255", " ", " 255"),
        ("255", "#010x", "0x000000ff"),
        ("255", "+", "+255"),
        ("255", "010,", "00,000,255"),
        ("255", "05", "00255"),
        ("255", "0<8", "25500000"),
        (
            "255",
            "10.5.",
            "ERR Unknown format code '.' for object of type 'int'",
        ),
        ("255", "_c", "ERR Cannot specify '_' with 'c'."),
        ("255", "c", "ÿ"),
        ("255", "f", "255.000000"),
        ("255", "g", "255"),
        ("255", "o", "377"),
        (
            "255",
            "s",
            "ERR Unknown format code 's' for object of type 'int'",
        ),
        ("255", "x", "ff"),
        ("255", "é^9", "ééé255ééé"),
        ("1234567", "#10o", " 0o4553207"),
        ("1234567", "#X", "0X12D687"),
        ("1234567", ",d", "1,234,567"),
        ("1234567", "0=10,", "01,234,567"),
        ("1234567", "<5", "1234567"),
        ("1234567", "X", "12D687"),
        ("1234567", "_c", "ERR Cannot specify '_' with 'c'."),
        ("1234567", "c", "ERR %c arg not in range(0x110000)"),
        ("1234567", "n", "1234567"),
        ("100000000000000000000", "#g", "1.00000e+20"),
        ("100000000000000000000", "#x", "0x56bc75e2d63100000"),
        (
            "100000000000000000000",
            "*^+12,",
            "+100,000,000,000,000,000,000",
        ),
        ("100000000000000000000", ",", "100,000,000,000,000,000,000"),
        ("100000000000000000000", ",d", "100,000,000,000,000,000,000"),
        (
            "100000000000000000000",
            ",x",
            "ERR Cannot specify ',' with 'x'.",
        ),
        ("100000000000000000000", "-", "100000000000000000000"),
        (
            "100000000000000000000",
            ".2",
            "ERR Precision not allowed in integer format specifier",
        ),
        ("100000000000000000000", ".2e", "1.00e+20"),
        ("100000000000000000000", "0<8", "100000000000000000000"),
        ("100000000000000000000", "^7", "100000000000000000000"),
        (
            "100000000000000000000",
            "b",
            "1010110101111000111010111100010110101100011000100000000000000000000",
        ),
        ("100000000000000000000", "d", "100000000000000000000"),
    ];

    /// `format(float, spec)` cases generated from CPython 3.11.
    const FLOAT_CASES: &[(f64, &str, &str)] = &[
        (1.0, "F", "1.000000"),
        (f64::NAN, ",.3g", "nan"),
        (-0.0, "=+12", "-        0.0"),
        (
            0.1,
            "d",
            "ERR Unknown format code 'd' for object of type 'float'",
        ),
        (0.1, "010.3f", "000000.100"),
        (2.675, "n", "2.675"),
        (-1e-09, "_", "-1e-09"),
        (0.1, ".2f", "0.10"),
        (f64::INFINITY, "010", "0000000inf"),
        (f64::INFINITY, "%", "inf%"),
        (123.456, "+010.2e", "+01.23e+02"),
        (0.0, ".10e", "0.0000000000e+00"),
        (1.0, "z.1f", "1.0"),
        (f64::NAN, "+z.0f", "+nan"),
        (100.0, ",e", "1.000000e+02"),
        (0.0, "F", "0.000000"),
        (f64::NEG_INFINITY, ".3n", "-inf"),
        (f64::NAN, "F", "NAN"),
        (1234567.891, ".0", "1e+06"),
        (1234567.891, "#g", "1.23457e+06"),
        (0.0, "#.0e", "0.e+00"),
        (0.0, "e", "0.000000e+00"),
        (9.995, "_", "9.995"),
        (f64::INFINITY, "#.0e", "inf"),
        (f64::INFINITY, "n", "inf"),
        (0.30000000000000004, ".10e", "3.0000000000e-01"),
        (0.1, "-", "0.1"),
        (1e+16, "n", "1e+16"),
        (f64::NAN, "#.0e", "nan"),
        (
            1.0,
            "r",
            "ERR Unknown format code 'r' for object of type 'float'",
        ),
        (-1e-09, "0=20_.5f", "-0_000_000_000.00000"),
        (0.30000000000000004, "_", "0.30000000000000004"),
        (1.5e+300, "+010.2e", "+1.50e+300"),
        (-2.5, "*>12.3f", "******-2.500"),
        (9.995, "#.3g", "9.99"),
        (0.30000000000000004, ".20f", "0.30000000000000004441"),
        (0.1, "G", "0.1"),
        (0.30000000000000004, "#", "0.30000000000000004"),
        (9.995, " ", " 9.995"),
        (0.1, ".1g", "0.1"),
        (-1e-09, "+z.0f", "+0"),
        (1234567.891, ".0%", "123456789%"),
        (f64::INFINITY, ".0f", "inf"),
        (-0.0, "+z.0f", "+0"),
        (1e-05, "G", "1E-05"),
        (1e-05, ".10e", "1.0000000000e-05"),
        (-1e-09, ",.3g", "-1e-09"),
        (1.0, "%", "100.000000%"),
        (-1e-09, "E", "-1.000000E-09"),
        (f64::INFINITY, "#.0f", "inf"),
        (f64::INFINITY, "^12", "    inf     "),
        (5e-324, "-", "5e-324"),
        (-2.5, "g", "-2.5"),
        (1e+16, ".3", "1e+16"),
        (f64::INFINITY, "F", "INF"),
        (1.5e+300, "#.0e", "2.e+300"),
        (1.0, ".2f", "1.00"),
        (1e+16, "%", "1000000000000000000.000000%"),
        (0.0001234, ".0%", "0%"),
        (2.675, ".10e", "2.6750000000e+00"),
        (0.30000000000000004, ".2f", "0.30"),
        (-0.0, ".10e", "-0.0000000000e+00"),
        (100.0, "#g", "100.000"),
        (0.30000000000000004, "*>12.3f", "*******0.300"),
        (1.0, "#.3g", "1.00"),
        (
            1.5e+300,
            "r",
            "ERR Unknown format code 'r' for object of type 'float'",
        ),
        (
            0.30000000000000004,
            "d",
            "ERR Unknown format code 'd' for object of type 'float'",
        ),
        (
            -0.0,
            "c",
            "ERR Unknown format code 'c' for object of type 'float'",
        ),
        (f64::NAN, ".2f", "nan"),
        (-2.5, "010.3f", "-00002.500"),
        (9.995, "=+12", "+      9.995"),
        (f64::NEG_INFINITY, ".2f", "-inf"),
        (f64::NAN, "+", "+nan"),
        (0.0001234, "f", "0.000123"),
        (1.5e+300, "z.1e", "1.5e+300"),
        (1234567.891, "012,.2f", "1,234,567.89"),
        (f64::NAN, "z.1e", "nan"),
        (1.0, ".0g", "1"),
        (
            0.30000000000000004,
            "c",
            "ERR Unknown format code 'c' for object of type 'float'",
        ),
        (5e-324, "z.1f", "0.0"),
        (1e+16, "G", "1E+16"),
        (0.30000000000000004, "#.0e", "3.e-01"),
        (1.0, "#", "1.0"),
        (-2.5, "#.0f", "-2."),
        (f64::NEG_INFINITY, "#.0f", "-inf"),
        (123.456, "n", "123.456"),
        (2.675, "F", "2.675000"),
        (1e-05, ".20f", "0.00001000000000000000"),
        (f64::INFINITY, ".1g", "inf"),
        (
            100.0,
            "d",
            "ERR Unknown format code 'd' for object of type 'float'",
        ),
        (
            2.675,
            "s",
            "ERR Unknown format code 's' for object of type 'float'",
        ),
        (-2.5, "-", "-2.5"),
        (-2.5, ",n", "ERR Cannot specify ',' with 'n'."),
        (
            9.995,
            "c",
            "ERR Unknown format code 'c' for object of type 'float'",
        ),
        (f64::INFINITY, "<10", "inf       "),
        (0.1, "0=20_.5f", "00_000_000_000.10000"),
        (123.456, "e", "1.234560e+02"),
        (5e-324, "12,", "      5e-324"),
        (
            123.456,
            "c",
            "ERR Unknown format code 'c' for object of type 'float'",
        ),
        (f64::INFINITY, ".17", "inf"),
        (0.0001234, "-", "0.0001234"),
        (-2.5, ",", "-2.5"),
        (f64::NEG_INFINITY, ".20f", "-inf"),
        (0.0001234, "#", "0.0001234"),
        (1e+16, ".0", "1e+16"),
        (-2.5, "<10", "-2.5      "),
        (1e-05, "#", "1.e-05"),
        (f64::NEG_INFINITY, ".1g", "-inf"),
        (1e+16, ",n", "ERR Cannot specify ',' with 'n'."),
        (0.0001234, "n", "0.0001234"),
        (0.0001234, "010", "00.0001234"),
        (0.0001234, "z.1f", "0.0"),
        (5e-324, "_", "5e-324"),
        (9.995, "+010.2e", "+09.99e+00"),
        (f64::INFINITY, ",.3g", "inf"),
        (0.1, ".0", "0.1"),
        (0.0, ",", "0.0"),
        (0.1, "010", "00000000.1"),
        (5e-324, "010", "00005e-324"),
        (1e-05, "010.3f", "000000.000"),
        (0.30000000000000004, "12,", "0.30000000000000004"),
        (-2.5, ".3n", "-2.5"),
        (-2.5, ".0g", "-2"),
        (1.5e+300, "=+12", "+   1.5e+300"),
        (
            1.5e+300,
            "d",
            "ERR Unknown format code 'd' for object of type 'float'",
        ),
        (0.0001234, "F", "0.000123"),
        (-1e-09, "^12", "   -1e-09   "),
        (-1e-09, "z.1f", "0.0"),
        (0.0, "E", "0.000000E+00"),
        (0.30000000000000004, "f", "0.300000"),
        (2.675, ".0%", "268%"),
        (-0.0, "z.1e", "0.0e+00"),
        (-1e-09, ".17", "-1.0000000000000001e-09"),
        (1.0, "*>12.3f", "*******1.000"),
        (f64::NEG_INFINITY, "z", "-inf"),
        (f64::NEG_INFINITY, "<10", "-inf      "),
        (-0.0, "10", "      -0.0"),
        (1.5e+300, "g", "1.5e+300"),
        (-1e-09, ".0g", "-1e-09"),
        (1.0, "f", "1.000000"),
        (-0.0, " ", "-0.0"),
        (9.995, "^12", "   9.995    "),
        (1.0, "+010.2e", "+01.00e+00"),
        (-1e-09, "-", "-1e-09"),
        (100.0, "<10", "100.0     "),
        (
            f64::NAN,
            "d",
            "ERR Unknown format code 'd' for object of type 'float'",
        ),
        (2.675, ".17", "2.6749999999999998"),
        (1234567.891, "-", "1234567.891"),
    ];
}
