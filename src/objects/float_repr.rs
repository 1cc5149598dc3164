//! Turning a float into text, exactly as CPython's `PyOS_double_to_string`.
//!
//! Every float-to-text path in Python ends here: `repr(x)` and `str(x)`,
//! `format(x, ".3e")`, `f"{x:g}"` and `"%f" % x`. The work has two halves,
//! kept apart as CPython keeps them apart:
//!
//! 1. **Digits.** Ask for the decimal digits of `|x|` and where the decimal
//!    point falls (`x = 0.DIGITS × 10^decpt`). CPython calls David Gay's
//!    `_Py_dg_dtoa`; we get the same, correctly rounded, digits from Rust's
//!    own float formatting (`{:e}` gives the shortest digits that round-trip,
//!    `{:.*e}` and `{:.*}` round correctly to a given length).
//! 2. **Layout.** Place those digits, padding with zeros, choosing between
//!    `123.45` and `1.2345e+02`: a line-by-line port of CPython's
//!    `format_float_short` in `Python/pystrtod.c`.
//!
//! Notes about the implementation: a double's exact decimal expansion never
//! has more than 767 significant digits nor more than 1074 digits after the
//! point, so we never ask Rust for more than that and pad with zeros
//! instead; this keeps huge precisions like `"%.5000f"` cheap and inside
//! the limits of Rust's formatter.

/// The options `PyOS_double_to_string` takes as `Py_DTSF_*` flags.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DoubleFlags {
    /// Always write a sign: `+1.0` (`Py_DTSF_SIGN`).
    pub always_sign: bool,
    /// Write `1.0`, not `1`, for integral values without exponent (`Py_DTSF_ADD_DOT_0`).
    pub add_dot_0: bool,
    /// Keep the decimal point and trailing zeros: the `#` flag (`Py_DTSF_ALT`).
    pub alternate: bool,
    /// Write `0.0` for a negative number that rounds to zero: the `z` flag (`Py_DTSF_NO_NEG_0`).
    pub no_negative_zero: bool,
}

/// More significant digits than any double's exact decimal expansion has.
const MAX_SIGNIFICANT_DIGITS: usize = 800;
/// More digits after the point than any double's exact decimal expansion has.
const MAX_FRACTION_DIGITS: usize = 1100;

/// `repr(value)`, which is also `str(value)`: the shortest digits that read
/// back as the same float, e.g. `0.1`, `1e+16`, `1e-05`, `-0.0`, `inf`.
pub fn float_repr(value: f64) -> String {
    let flags = DoubleFlags {
        add_dot_0: true,
        ..DoubleFlags::default()
    };
    double_to_string(value, 'r', 0, flags)
}

/// CPython's `PyOS_double_to_string`: format `value` with `code` one of
/// `e E f F g G r` (any other code is treated as `r`) and `precision`
/// (digits after the point for `e`/`f`, significant digits for `g`,
/// ignored for `r`). Like CPython's C `int`, precision stops at `i32::MAX`.
pub fn double_to_string(value: f64, code: char, precision: usize, flags: DoubleFlags) -> String {
    let precision = precision.min(i32::MAX as usize);
    let upper = code.is_ascii_uppercase();
    let negative = value.is_sign_negative() && !value.is_nan();
    if !value.is_finite() {
        return non_finite(value, negative, upper, flags.always_sign);
    }
    let magnitude = value.abs();
    let (code, digits, precision) = match code.to_ascii_lowercase() {
        // 'e' asks for `precision` digits after the first one.
        'e' => (
            'e',
            significant_digits(magnitude, precision + 1),
            precision + 1,
        ),
        'f' => ('f', fixed_digits(magnitude, precision), precision),
        // A precision of 0 makes no sense for 'g'; CPython reads it as 1.
        'g' => (
            'g',
            significant_digits(magnitude, precision.max(1)),
            precision.max(1),
        ),
        _ => ('r', shortest_digits(magnitude), 0),
    };
    let is_zero = digits.digits.bytes().all(|digit| digit == b'0');
    let sign = if negative && !(flags.no_negative_zero && is_zero) {
        "-"
    } else if flags.always_sign {
        "+"
    } else {
        ""
    };
    let body = layout(&digits, code, precision, flags, upper);
    format!("{sign}{body}")
}

/// `inf` or `nan` with its sign; NaN never shows a minus sign in Python.
fn non_finite(value: f64, negative: bool, upper: bool, always_sign: bool) -> String {
    let sign = if negative {
        "-"
    } else if always_sign {
        "+"
    } else {
        ""
    };
    let word = match (value.is_nan(), upper) {
        (true, false) => "nan",
        (true, true) => "NAN",
        (false, false) => "inf",
        (false, true) => "INF",
    };
    format!("{sign}{word}")
}

/// Decimal digits without trailing zeros, and the position of the decimal
/// point: the value is `0.DIGITS × 10^decpt` (what `_Py_dg_dtoa` returns).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Digits {
    digits: String,
    decpt: i64,
}

/// dtoa mode 0: the shortest digits that round-trip.
fn shortest_digits(magnitude: f64) -> Digits {
    let shortest = from_exponent_form(&format!("{magnitude:e}"));
    break_tie_to_even(magnitude, shortest)
}

/// When the float lies exactly halfway between two shortest candidates
/// (`759681928273482.25` between `...82.2` and `...82.3`), Rust picks the
/// upper one but dtoa the one with an even last digit. Switch if needed.
fn break_tie_to_even(magnitude: f64, shortest: Digits) -> Digits {
    let count = shortest.digits.len();
    // Cheap filter first: a tie needs a '5' just past the last digit.
    let one_more = format!("{:.*e}", count, magnitude);
    if !one_more
        .split('e')
        .next()
        .is_some_and(|mantissa| mantissa.ends_with('5'))
    {
        return shortest;
    }
    let exact = significant_digits(magnitude, MAX_SIGNIFICANT_DIGITS);
    let last_place = shortest.decpt - count as i64;
    let exact_last_place = exact.decpt - exact.digits.len() as i64;
    if exact_last_place != last_place - 1 || !exact.digits.ends_with('5') {
        return shortest;
    }
    let lower = &exact.digits[..exact.digits.len() - 1];
    let lower_is_even = lower
        .bytes()
        .last()
        .is_some_and(|digit| (digit - b'0').is_multiple_of(2));
    let even = if lower_is_even {
        Digits {
            digits: lower.trim_end_matches('0').to_string(),
            decpt: exact.decpt,
        }
    } else {
        round_up_last_digit(lower, exact.decpt)
    };
    let reads_back = format!("0.{}e{}", even.digits, even.decpt).parse::<f64>() == Ok(magnitude);
    if reads_back && !even.digits.is_empty() {
        even
    } else {
        shortest
    }
}

/// Add one in the last place of `digits` (carrying), without trailing zeros.
fn round_up_last_digit(digits: &str, decpt: i64) -> Digits {
    let mut bytes = digits.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last != b'9' {
            bytes.push(last + 1);
            let digits = String::from_utf8_lossy(&bytes).into_owned();
            return Digits { digits, decpt };
        }
    }
    // All nines: 999 + 1 = 1000, one more place before the point.
    Digits {
        digits: "1".to_string(),
        decpt: decpt + 1,
    }
}

/// dtoa mode 2: `count` (at least 1) significant digits, correctly rounded.
fn significant_digits(magnitude: f64, count: usize) -> Digits {
    let asked = count.clamp(1, MAX_SIGNIFICANT_DIGITS);
    from_exponent_form(&format!("{:.*e}", asked - 1, magnitude))
}

/// dtoa mode 3: rounded to `places` digits after the decimal point.
/// A value that rounds to zero gives no digits at all (zero itself gives "0").
fn fixed_digits(magnitude: f64, places: usize) -> Digits {
    if magnitude == 0.0 {
        return Digits {
            digits: "0".to_string(),
            decpt: 1,
        };
    }
    let places = places.min(MAX_FRACTION_DIGITS);
    let text = format!("{magnitude:.places$}");
    let (whole, fraction) = text.split_once('.').unwrap_or((text.as_str(), ""));
    let all: String = whole.chars().chain(fraction.chars()).collect();
    let leading_zeros = all.len() - all.trim_start_matches('0').len();
    let decpt = whole.len() as i64 - leading_zeros as i64;
    let digits = all[leading_zeros..].trim_end_matches('0').to_string();
    if digits.is_empty() {
        return Digits {
            digits,
            decpt: -(places as i64),
        };
    }
    Digits { digits, decpt }
}

/// Read Rust's `d.ddde-5` form into digits and decimal point position.
fn from_exponent_form(text: &str) -> Digits {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let all: String = mantissa.chars().filter(|c| c.is_ascii_digit()).collect();
    let trimmed = all.trim_end_matches('0');
    if trimmed.is_empty() {
        // Zero: dtoa answers "0" with the point after it.
        return Digits {
            digits: "0".to_string(),
            decpt: 1,
        };
    }
    Digits {
        digits: trimmed.to_string(),
        decpt: exponent + 1,
    }
}

/// Port of `format_float_short`: lay `digits` out as fixed or exponent
/// notation for `code` (`e f g r`), without the sign.
fn layout(
    digits: &Digits,
    code: char,
    precision: usize,
    flags: DoubleFlags,
    upper: bool,
) -> String {
    let digits_len = digits.digits.len() as i64;
    let precision = i64::try_from(precision).unwrap_or(i64::MAX);
    let mut decpt = digits.decpt;
    // The output is the slice [start, end) of the digit string padded with
    // zeros on both sides forever; a decimal point sits at `decpt`.
    let (use_exponent, end) = choose_notation(code, decpt, digits_len, precision, flags);
    let mut exponent = 0;
    if use_exponent {
        exponent = decpt - 1;
        decpt = 1;
    }
    let start = if decpt <= 0 { decpt - 1 } else { 0 };
    let least_end = if !use_exponent && flags.add_dot_0 {
        decpt + 1
    } else {
        decpt
    };
    let end = end.max(least_end).max(digits_len);
    let mut text = place_point(&digits.digits, decpt, start, end);
    if text.ends_with('.') && !flags.alternate {
        text.pop();
    }
    if use_exponent {
        let letter = if upper { 'E' } else { 'e' };
        let sign = if exponent < 0 { '-' } else { '+' };
        text.push_str(&format!("{letter}{sign}{:02}", exponent.abs()));
    }
    text
}

/// Whether `code` writes an exponent for these digits, and where the
/// digits (padded with zeros) must reach at least.
fn choose_notation(
    code: char,
    decpt: i64,
    digits_len: i64,
    precision: i64,
    flags: DoubleFlags,
) -> (bool, i64) {
    match code {
        'e' => (true, precision),
        'f' => (false, decpt.saturating_add(precision)),
        'g' => {
            let limit = if flags.add_dot_0 {
                precision - 1
            } else {
                precision
            };
            // '#' keeps the trailing zeros up to the precision.
            let end = if flags.alternate {
                precision
            } else {
                digits_len
            };
            (decpt <= -4 || decpt > limit, end)
        }
        // repr switches to exponent form at 1e16, and below 1e-4.
        _ => (decpt <= -4 || decpt > 16, digits_len),
    }
}

/// Write the zero-padded slice `[start, end)` of `digits` with a decimal
/// point before position `decpt` (where `start < decpt <= end`).
fn place_point(digits: &str, decpt: i64, start: i64, end: i64) -> String {
    let mut text = String::new();
    for position in start..end {
        if position == decpt {
            text.push('.');
        }
        let digit = usize::try_from(position)
            .ok()
            .and_then(|index| digits.as_bytes().get(index));
        text.push(digit.map_or('0', |&byte| byte as char));
    }
    if decpt == end {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repr_matches_cpython() {
        let cases: &[(f64, &str)] = &[
            (0.1 + 0.2, "0.30000000000000004"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (1e-5, "1e-05"),
            (0.0001, "0.0001"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (0.0, "0.0"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (-f64::NAN, "nan"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e+308"),
            (2.5, "2.5"),
            (-1.5e-7, "-1.5e-07"),
            (1e100, "1e+100"),
            (123.456, "123.456"),
            (9999999999999998.0, "9999999999999998.0"),
            (0.000123, "0.000123"),
            // Exactly halfway between two shortest candidates: the even one wins.
            (759681928273482.0 + 0.25, "759681928273482.2"),
            (-1639697040543733.0 - 0.25, "-1639697040543733.2"),
            (1983903432641518.0 + 0.25, "1983903432641518.2"),
            (1983903432641518.0 + 0.75, "1983903432641518.8"),
        ];
        for &(value, expected) in cases {
            assert_eq!(float_repr(value), expected, "repr of {value:e}");
        }
    }

    #[test]
    fn double_to_string_modes() {
        let plain = DoubleFlags::default();
        let alt = DoubleFlags {
            alternate: true,
            ..plain
        };
        let cases: &[(f64, char, usize, DoubleFlags, &str)] = &[
            (0.5, 'f', 0, plain, "0"),
            (2.5, 'f', 0, plain, "2"),
            (1.5, 'f', 0, plain, "2"),
            (123.0, 'f', 0, alt, "123."),
            (1e300, 'g', 3, plain, "1e+300"),
            (2.5, 'e', 0, plain, "2e+00"),
            (0.0, 'e', 0, alt, "0.e+00"),
            (1.0, 'g', 6, alt, "1.00000"),
            (1e-9, 'E', 2, plain, "1.00E-09"),
            (f64::INFINITY, 'F', 2, plain, "INF"),
            (0.0001, 'f', 2, plain, "0.00"),
            (1e22, 'f', 1, plain, "10000000000000000000000.0"),
        ];
        for &(value, code, precision, flags, expected) in cases {
            assert_eq!(double_to_string(value, code, precision, flags), expected);
        }
    }

    #[test]
    fn huge_precision_pads_with_zeros() {
        let text = double_to_string(0.1, 'f', 5000, DoubleFlags::default());
        assert_eq!(text.len(), 5002);
        assert!(text.starts_with("0.1000000000000000055511151231257827"));
        assert!(text.ends_with("000"));
        let text = double_to_string(1e-320, 'e', 800, DoubleFlags::default());
        assert!(text.ends_with("00000e-321"));
    }
}
