//! Python's format-spec mini-language: what `format(x, spec)`, `f"{x:spec}"`
//! and `str.format` do with the text after the colon.
//!
//! A spec reads `[[fill]align][sign][z][#][0][width][,|_][.precision][type]`.
//! `parse_format_spec` turns it into a `FormatSpec`; `format_str` (here) and
//! `format_int`/`format_float` (in `format_number.rs`, re-exported here) then
//! render one value, and `format_*_with_spec` do both steps at once.
//! `FormatError` is shared with printf-style formatting (`percent_format.rs`).
//!
//! Notes about the implementation: the parser is a port of CPython's
//! `parse_internal_render_format_spec` (`Python/formatter_unicode.c`), and
//! every error message is CPython 3.11's own; the renderers return a bare
//! message and `format_error_kind` says which exception it becomes.

use num_bigint::BigInt;

pub use crate::objects::format_number::{format_float, format_int};

/// Where padding goes: `<` left, `>` right, `^` centre, `=` after the sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// `<`: text first, padding after.
    Left,
    /// `>`: padding first, text after.
    Right,
    /// `^`: padding split around the text (the extra one on the right).
    Center,
    /// `=`: padding between the sign (and `0x` prefix) and the digits.
    AfterSign,
}

/// The sign option of a spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sign {
    /// No sign option given: only negative numbers get a `-`.
    Default,
    /// `-`: the same output as `Default`, but strings reject it.
    Minus,
    /// `+`: always write a sign.
    Plus,
    /// ` `: a space where a positive number's sign would go.
    Space,
}

/// A parsed format spec, `[[fill]align][sign][z][#][0][width][,|_][.precision][type]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatSpec {
    /// Padding character: given before an align, or `0` from the `0` flag, else a space.
    pub fill: char,
    /// The align option, `None` when the spec does not give one.
    pub align: Option<Align>,
    /// The sign option.
    pub sign: Sign,
    /// `z`: write `0.0` for a negative float that rounds to zero (Python 3.11).
    pub no_negative_zero: bool,
    /// `#`: `0x` prefixes, or a decimal point that is always kept.
    pub alternate: bool,
    /// The `0` flag before the width: numbers then default to `=` alignment.
    pub zero_pad: bool,
    /// Minimum width in characters.
    pub width: Option<usize>,
    /// Digit group separator, `,` or `_`.
    pub grouping: Option<char>,
    /// Digits after the point (`e f %`), significant digits (`g`), or maximum length (`s`).
    pub precision: Option<usize>,
    /// The presentation type, such as `d`, `x`, `f` or `s`.
    pub kind: Option<char>,
}

/// Which Python exception a formatting error becomes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// `ValueError`: a bad spec or template.
    ValueError,
    /// `TypeError`: an argument of the wrong type, or the wrong number of them.
    TypeError,
    /// `OverflowError`: a number too big for what was asked of it.
    OverflowError,
}

/// A formatting failure: the exception to raise and CPython's message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The exception class.
    pub kind: ErrorKind,
    /// The exception's message, word for word as CPython writes it.
    pub message: String,
}

impl FormatError {
    /// A failure raising `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        FormatError {
            kind,
            message: message.into(),
        }
    }
}

/// A `FormatError` that raises `TypeError`.
pub(super) fn type_error(message: impl Into<String>) -> FormatError {
    FormatError::new(ErrorKind::TypeError, message)
}

/// A `FormatError` that raises `ValueError`.
pub(super) fn value_error(message: impl Into<String>) -> FormatError {
    FormatError::new(ErrorKind::ValueError, message)
}

/// Message of the `OverflowError` from a float type applied to a huge int.
pub const INT_TOO_LARGE_FOR_FLOAT: &str = "int too large to convert to float";
/// Message of the `OverflowError` from `c` or `%c` given an int past U+10FFFF.
pub const CHAR_OUT_OF_RANGE: &str = "%c arg not in range(0x110000)";

/// Message of the `OverflowError` from the `c` type given an int past 64 bits.
pub const INT_TOO_LARGE_FOR_C_LONG: &str = "Python int too large to convert to C long";

/// The exception for a message from `format_int`/`format_float`/`format_str`:
/// `OverflowError` for the three overflow messages above, else `ValueError`.
pub fn format_error_kind(message: &str) -> ErrorKind {
    if [
        INT_TOO_LARGE_FOR_FLOAT,
        CHAR_OUT_OF_RANGE,
        INT_TOO_LARGE_FOR_C_LONG,
    ]
    .contains(&message)
    {
        ErrorKind::OverflowError
    } else {
        ErrorKind::ValueError
    }
}

/// Parse a spec; the "Invalid format specifier" message omits the type
/// name (use `parse_format_spec_for` to get CPython's exact wording).
pub fn parse_format_spec(spec: &str) -> Result<FormatSpec, String> {
    parse_spec(spec).map_err(|error| match error {
        SpecError::TrailingText => "Invalid format specifier".to_string(),
        SpecError::Message(message) => message,
    })
}

/// Parse a spec for a value of type `type_name` (which CPython names in
/// the "Invalid format specifier '...' for object of type '...'" message).
pub fn parse_format_spec_for(spec: &str, type_name: &str) -> Result<FormatSpec, String> {
    parse_spec(spec).map_err(|error| match error {
        SpecError::TrailingText => {
            format!("Invalid format specifier '{spec}' for object of type '{type_name}'")
        }
        SpecError::Message(message) => message,
    })
}

/// `format(value, spec)` for an int, from the spec text ("" gives `str(value)`).
pub fn format_int_with_spec(value: &BigInt, spec: &str) -> Result<String, String> {
    format_int(value, &parse_format_spec_for(spec, "int")?)
}

/// `format(value, spec)` for a float, from the spec text ("" gives `str(value)`).
pub fn format_float_with_spec(value: f64, spec: &str) -> Result<String, String> {
    format_float(value, &parse_format_spec_for(spec, "float")?)
}

/// `format(value, spec)` for a str, from the spec text ("" gives `value`).
pub fn format_str_with_spec(value: &str, spec: &str) -> Result<String, String> {
    format_str(value, &parse_format_spec_for(spec, "str")?)
}

/// Why parsing failed; the trailing-text message needs the value's type.
enum SpecError {
    TrailingText,
    Message(String),
}

/// The parser proper: a port of `parse_internal_render_format_spec`.
fn parse_spec(spec: &str) -> Result<FormatSpec, SpecError> {
    let chars: Vec<char> = spec.chars().collect();
    let mut position = 0;
    let mut result = FormatSpec {
        fill: ' ',
        align: None,
        sign: Sign::Default,
        no_negative_zero: false,
        alternate: false,
        zero_pad: false,
        width: None,
        grouping: None,
        precision: None,
        kind: None,
    };
    let fill_given = parse_fill_and_align(&chars, &mut position, &mut result);
    result.sign = match chars.get(position) {
        Some('+') => Sign::Plus,
        Some('-') => Sign::Minus,
        Some(' ') => Sign::Space,
        _ => Sign::Default,
    };
    if result.sign != Sign::Default {
        position += 1;
    }
    result.no_negative_zero = eat(&chars, &mut position, 'z');
    result.alternate = eat(&chars, &mut position, '#');
    if !fill_given && eat(&chars, &mut position, '0') {
        result.fill = '0';
        result.zero_pad = true;
    }
    result.width = read_count(&chars, &mut position)?;
    result.grouping = read_grouping(&chars, &mut position)?;
    if eat(&chars, &mut position, '.') {
        result.precision = read_count(&chars, &mut position)?;
        if result.precision.is_none() {
            return Err(SpecError::Message(
                "Format specifier missing precision".into(),
            ));
        }
    }
    match &chars[position..] {
        [] => {}
        [kind] => result.kind = Some(*kind),
        _ => return Err(SpecError::TrailingText),
    }
    check_grouping(result.grouping, result.kind).map_err(SpecError::Message)?;
    Ok(result)
}

/// `[[fill]align]`: a fill character is only recognised when an align
/// follows it. Returns whether a fill was given.
fn parse_fill_and_align(chars: &[char], position: &mut usize, spec: &mut FormatSpec) -> bool {
    if let (Some(&fill), Some(align)) = (chars.first(), chars.get(1).and_then(|&c| align_of(c))) {
        spec.fill = fill;
        spec.align = Some(align);
        *position = 2;
        return true;
    }
    if let Some(align) = chars.first().and_then(|&c| align_of(c)) {
        spec.align = Some(align);
        *position = 1;
    }
    false
}

fn align_of(c: char) -> Option<Align> {
    match c {
        '<' => Some(Align::Left),
        '>' => Some(Align::Right),
        '^' => Some(Align::Center),
        '=' => Some(Align::AfterSign),
        _ => None,
    }
}

/// Step past `wanted` if it is the next character.
fn eat(chars: &[char], position: &mut usize, wanted: char) -> bool {
    let found = chars.get(*position) == Some(&wanted);
    if found {
        *position += 1;
    }
    found
}

/// Read a run of decimal digits, as CPython's `get_integer`.
fn read_count(chars: &[char], position: &mut usize) -> Result<Option<usize>, SpecError> {
    let mut total: Option<usize> = None;
    while let Some(digit) = chars.get(*position).and_then(|c| c.to_digit(10)) {
        let next = total
            .unwrap_or(0)
            .checked_mul(10)
            .and_then(|n| n.checked_add(digit as usize));
        match next {
            Some(n) if n <= isize::MAX as usize => total = Some(n),
            _ => {
                return Err(SpecError::Message(
                    "Too many decimal digits in format string".into(),
                ))
            }
        }
        *position += 1;
    }
    Ok(total)
}

/// Read `,` or `_`; giving both is an error.
fn read_grouping(chars: &[char], position: &mut usize) -> Result<Option<char>, SpecError> {
    let both = || SpecError::Message("Cannot specify both ',' and '_'.".into());
    let mut grouping = None;
    if eat(chars, position, ',') {
        grouping = Some(',');
    }
    if eat(chars, position, '_') {
        if grouping.is_some() {
            return Err(both());
        }
        grouping = Some('_');
    }
    if grouping == Some('_') && chars.get(*position) == Some(&',') {
        return Err(both());
    }
    Ok(grouping)
}

/// Grouping is allowed with decimal types, and `_` with `b o x X` too (PEP 378, 515).
fn check_grouping(grouping: Option<char>, kind: Option<char>) -> Result<(), String> {
    let Some(separator) = grouping else {
        return Ok(());
    };
    match kind {
        None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => Ok(()),
        Some('b' | 'o' | 'x' | 'X') if separator == '_' => Ok(()),
        Some(kind) => Err(format!(
            "Cannot specify '{separator}' with {}.",
            quoted_code(kind)
        )),
    }
}

/// A type code as CPython quotes it in messages: `'z'`, or `'\x1'` when unprintable.
fn quoted_code(kind: char) -> String {
    if (kind as u32) > 32 && (kind as u32) < 128 {
        format!("'{kind}'")
    } else {
        format!("'\\x{:x}'", kind as u32)
    }
}

/// CPython's message for a type code that `type_name` does not support.
pub(super) fn unknown_code(kind: char, type_name: &str) -> String {
    format!(
        "Unknown format code {} for object of type '{type_name}'",
        quoted_code(kind)
    )
}

/// `format(value, spec)` for a str: type `s` or none; precision truncates;
/// left-aligned unless the spec says otherwise.
pub fn format_str(value: &str, spec: &FormatSpec) -> Result<String, String> {
    match spec.kind {
        None => check_grouping(spec.grouping, Some('s'))?,
        Some('s') => {}
        Some(other) => return Err(unknown_code(other, "str")),
    }
    match spec.sign {
        Sign::Default => {}
        Sign::Space => return Err("Space not allowed in string format specifier".into()),
        Sign::Plus | Sign::Minus => {
            return Err("Sign not allowed in string format specifier".into())
        }
    }
    if spec.no_negative_zero {
        return Err("Negative zero coercion (z) not allowed in string format specifier".into());
    }
    if spec.alternate {
        return Err("Alternate form (#) not allowed in string format specifier".into());
    }
    let align = spec.align.unwrap_or(Align::Left);
    if align == Align::AfterSign {
        return Err("'=' alignment not allowed in string format specifier".into());
    }
    let mut length = char_count(value);
    let kept = match spec.precision {
        Some(precision) if precision < length => {
            length = precision;
            value
                .char_indices()
                .nth(precision)
                .map_or(value, |(end, _)| &value[..end])
        }
        _ => value,
    };
    Ok(pad_text(
        kept,
        length,
        spec.width.unwrap_or(0),
        align,
        spec.fill,
    ))
}

/// Pad `text` (`length` characters long) to `width` as `calc_padding` does.
fn pad_text(text: &str, length: usize, width: usize, align: Align, fill: char) -> String {
    let padding = width.saturating_sub(length);
    let left = match align {
        Align::Right => padding,
        Align::Center => padding / 2,
        _ => 0,
    };
    let mut padded = String::with_capacity(text.len() + padding);
    push_fill(&mut padded, fill, left);
    padded.push_str(text);
    push_fill(&mut padded, fill, padding - left);
    padded
}

/// The length of `text` in characters, as Python counts a str's length.
pub(super) fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// Append `count` copies of the fill character.
pub(super) fn push_fill(text: &mut String, fill: char, count: usize) {
    text.extend(std::iter::repeat_n(fill, count));
}

/// Helpers shared by the CPython-generated test tables of the formatting files.
#[cfg(test)]
pub(super) mod test_tables {
    /// A result as the tables write it: the text, or "ERR " and the message.
    pub fn or_error(result: Result<String, String>) -> String {
        result.unwrap_or_else(|message| format!("ERR {message}"))
    }

    /// Run a table, listing every mismatch rather than stopping at the first.
    pub fn check<T: std::fmt::Debug>(cases: &[T], run: impl Fn(&T) -> (String, &str)) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|case| {
                let (got, expected) = run(case);
                (got != expected).then(|| format!("{case:?}: got {got:?}"))
            })
            .collect();
        assert!(
            failures.is_empty(),
            "{} mismatches:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::test_tables::{check, or_error};
    use super::*;

    #[test]
    fn format_str_matches_cpython() {
        check(STR_CASES, |&(value, spec, expected)| {
            (or_error(format_str_with_spec(value, spec)), expected)
        });
    }

    #[test]
    fn parse_format_spec_reads_every_field() {
        let spec = parse_format_spec("*^+z#012,.3f");
        let expected = FormatSpec {
            fill: '*',
            align: Some(Align::Center),
            sign: Sign::Plus,
            no_negative_zero: true,
            alternate: true,
            zero_pad: false,
            width: Some(12),
            grouping: Some(','),
            precision: Some(3),
            kind: Some('f'),
        };
        assert_eq!(spec, Ok(expected));
        let zero = parse_format_spec("010").unwrap_or_else(|message| panic!("{message}"));
        assert!(zero.zero_pad && zero.fill == '0' && zero.align.is_none());
        assert_eq!(
            parse_format_spec("abc"),
            Err("Invalid format specifier".to_string())
        );
    }

    #[test]
    fn error_kinds() {
        assert_eq!(
            format_error_kind(INT_TOO_LARGE_FOR_FLOAT),
            ErrorKind::OverflowError
        );
        assert_eq!(
            format_error_kind("Invalid format specifier"),
            ErrorKind::ValueError
        );
        let huge: BigInt = "1".repeat(400).parse().unwrap_or_default();
        assert_eq!(
            format_int_with_spec(&huge, "f"),
            Err(INT_TOO_LARGE_FOR_FLOAT.to_string())
        );
    }

    /// `format(str, spec)` cases generated from CPython 3.11.
    const STR_CASES: &[(&str, &str, &str)] = &[
        (
            "héllo",
            "#",
            "ERR Alternate form (#) not allowed in string format specifier",
        ),
        ("", "", ""),
        ("", "+", "ERR Sign not allowed in string format specifier"),
        ("", "8.1", "        "),
        (
            "",
            "10.5.",
            "ERR Unknown format code '.' for object of type 'str'",
        ),
        ("héllo", ".2", "hé"),
        (
            "日本語",
            "z",
            "ERR Negative zero coercion (z) not allowed in string format specifier",
        ),
        ("", ">6", "      "),
        ("héllo", "5", "héllo"),
        ("日本語", ">6", "   日本語"),
        (
            "日本語",
            "+",
            "ERR Sign not allowed in string format specifier",
        ),
        ("héllo", ".2s", "hé"),
        ("", "-", "ERR Sign not allowed in string format specifier"),
        ("abc", "<6", "abc   "),
        ("日本語", "s", "日本語"),
        (
            "héllo",
            "z",
            "ERR Negative zero coercion (z) not allowed in string format specifier",
        ),
        ("héllo", "", "héllo"),
        (
            "abc",
            " ",
            "ERR Space not allowed in string format specifier",
        ),
        (
            "",
            "x",
            "ERR Unknown format code 'x' for object of type 'str'",
        ),
        (
            "héllo",
            "-",
            "ERR Sign not allowed in string format specifier",
        ),
        ("", "5", "     "),
        ("", ".2s", ""),
        ("abc", ",", "ERR Cannot specify ',' with 's'."),
        ("abc", "8.1", "a       "),
        (
            "",
            "#",
            "ERR Alternate form (#) not allowed in string format specifier",
        ),
        ("abc", ">6", "   abc"),
        ("日本語", "", "日本語"),
        (
            "abc",
            "#",
            "ERR Alternate form (#) not allowed in string format specifier",
        ),
        (
            "héllo",
            "=5",
            "ERR '=' alignment not allowed in string format specifier",
        ),
        (
            "",
            "z",
            "ERR Negative zero coercion (z) not allowed in string format specifier",
        ),
        ("日本語", "*^8", "**日本語***"),
        ("héllo", ",", "ERR Cannot specify ',' with 's'."),
        ("héllo", "s", "héllo"),
        ("abc", ".2s", "ab"),
        ("héllo", "<6", "héllo "),
        ("abc", "_s", "ERR Cannot specify '_' with 's'."),
        ("abc", "*^8", "**abc***"),
        ("", "<6", "      "),
        ("", "*^8", "********"),
        (
            "日本語",
            "-",
            "ERR Sign not allowed in string format specifier",
        ),
    ];
}
