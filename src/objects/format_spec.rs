//! Python's format-spec mini-language: what `format(x, spec)`, `f"{x:spec}"`
//! and `str.format` do with the text after the colon.
//!
//! A spec reads `[[fill]align][sign][z][#][0][width][,|_][.precision][type]`.
//! `parse_format_spec` turns it into a `FormatSpec`; `format_int`,
//! `format_float` and `format_str` then render one value. The second half
//! of the file is printf-style `template % args`: `parse_percent_template`
//! splits the template, `format_percent` drives it against the interpreter's
//! arguments (through the `PercentArgs` trait), and `format_percent_piece`
//! formats one value.
//!
//! Notes about the implementation: numbers are laid out the way CPython's
//! `Python/formatter_unicode.c` does it, as
//! `<left pad><sign><prefix><pad after sign><grouped digits><.><rest><right pad>`,
//! where at most one of the three pads is used. Zero padding (`010,`) is
//! special: the zeros go *inside* the digit grouping, so `format(1234,
//! "010,")` is `00,001,234`. Every error message is CPython 3.11's own.

use num_bigint::{BigInt, Sign as BigSign};
use num_traits::{Signed, ToPrimitive};

use crate::objects::float_repr::{double_to_string, DoubleFlags};

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
    fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        FormatError { kind, message: message.into() }
    }
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
    if [INT_TOO_LARGE_FOR_FLOAT, CHAR_OUT_OF_RANGE, INT_TOO_LARGE_FOR_C_LONG].contains(&message) {
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
            return Err(SpecError::Message("Format specifier missing precision".into()));
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
        let next = total.unwrap_or(0).checked_mul(10).and_then(|n| n.checked_add(digit as usize));
        match next {
            Some(n) if n <= isize::MAX as usize => total = Some(n),
            _ => return Err(SpecError::Message("Too many decimal digits in format string".into())),
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
    let Some(separator) = grouping else { return Ok(()) };
    match kind {
        None | Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => Ok(()),
        Some('b' | 'o' | 'x' | 'X') if separator == '_' => Ok(()),
        Some(kind) => Err(format!("Cannot specify '{separator}' with {}.", quoted_code(kind))),
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

fn unknown_code(kind: char, type_name: &str) -> String {
    format!("Unknown format code {} for object of type '{type_name}'", quoted_code(kind))
}

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
fn int_to_float(value: &BigInt) -> Result<f64, String> {
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
    let parts = NumberParts { negative: false, prefix: "", digits: "", has_decimal: false, remainder: &text };
    Ok(layout_number(&parts, spec, Grouping::NONE))
}

/// The code point `value`, for `c` and `%c`.
fn char_from_int(value: &BigInt) -> Result<char, FormatError> {
    let code = value.to_u32().filter(|&code| code <= 0x10FFFF);
    let Some(code) = code else {
        return Err(FormatError::new(ErrorKind::OverflowError, CHAR_OUT_OF_RANGE));
    };
    // Rust strings cannot hold lone surrogates, so pyl cannot either.
    char::from_u32(code).ok_or_else(|| {
        FormatError::new(ErrorKind::ValueError, format!("pyl strings cannot hold the surrogate U+{code:04X}"))
    })
}

/// How digits are grouped: by 3 for decimal, by 4 with `_` on `b o x X`.
#[derive(Clone, Copy)]
struct Grouping {
    separator: Option<char>,
    size: usize,
}

impl Grouping {
    const NONE: Grouping = Grouping { separator: None, size: 0 };
}

fn grouping_for(spec: &FormatSpec, kind: char) -> Grouping {
    match (spec.grouping, kind) {
        // 'n' groups by the current locale; pyl always runs in the C locale, which does not group.
        (_, 'n') | (None, _) => Grouping::NONE,
        (Some('_'), 'b' | 'o' | 'x' | 'X') => Grouping { separator: Some('_'), size: 4 },
        (Some(separator), _) => Grouping { separator: Some(separator), size: 3 },
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
    let align = spec.align.unwrap_or(if spec.zero_pad { Align::AfterSign } else { Align::Right });
    let width = spec.width.unwrap_or(0) as i64;
    let fixed = sign.map_or(0, |_| 1)
        + char_count(parts.prefix)
        + usize::from(parts.has_decimal)
        + char_count(parts.remainder);
    let fixed = fixed as i64;
    // With `0` fill after the sign, the zeros are digits and get grouped too.
    let zero_digits = if spec.fill == '0' && align == Align::AfterSign { width - fixed } else { 0 };
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

fn char_count(text: &str) -> usize {
    text.chars().count()
}

fn push_fill(text: &mut String, fill: char, count: usize) {
    text.extend(std::iter::repeat_n(fill, count));
}

/// Port of `_PyUnicode_InsertThousandsGrouping`: insert separators, and
/// left-pad with zeros (themselves grouped) until at least `min_width` long.
fn group_digits(digits: &str, min_width: i64, grouping: Grouping) -> String {
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
    if spec.precision.is_some_and(|precision| precision > i32::MAX as usize) {
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
    let parts = NumberParts { negative, prefix: "", digits, has_decimal, remainder };
    layout_number(&parts, spec, grouping)
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
        Sign::Plus | Sign::Minus => return Err("Sign not allowed in string format specifier".into()),
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
            value.char_indices().nth(precision).map_or(value, |(end, _)| &value[..end])
        }
        _ => value,
    };
    Ok(pad_text(kept, length, spec.width.unwrap_or(0), align, spec.fill))
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

// ---------------------------------------------------------------------------
// printf-style formatting: `template % args`
// ---------------------------------------------------------------------------

/// The flags of a `%` conversion: `-`, `+`, space, `#` and `0`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PercentFlags {
    /// `-`: pad on the right.
    pub left_adjust: bool,
    /// `+`: always write a sign on numbers.
    pub plus: bool,
    /// ` `: a space before positive numbers.
    pub space: bool,
    /// `#`: `0x`/`0o` prefixes; `e f g` keep their decimal point.
    pub alternate: bool,
    /// `0`: pad numbers with zeros after the sign.
    pub zero: bool,
}

/// A width or precision in a `%` conversion: written out, or `*` (taken from the arguments).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Count {
    /// A number written in the template.
    Fixed(usize),
    /// `*`: the next argument, which must be an int.
    Star,
}

/// One `%` conversion as written, such as `%(name)-8.3s` or `%*d`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conversion {
    /// The mapping key of `%(key)s`.
    pub key: Option<String>,
    /// The flags.
    pub flags: PercentFlags,
    /// The minimum width.
    pub width: Option<Count>,
    /// The precision.
    pub precision: Option<Count>,
    /// The conversion character, or the error CPython raises once the key
    /// and `*` arguments are taken ("incomplete format", "width too big").
    pub kind: Result<char, FormatError>,
    /// Character index of the conversion character in the template.
    pub index: usize,
}

/// A piece of a `%` template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PercentPiece {
    /// Text copied as it is (`%%` already turned into `%`).
    Literal(String),
    /// A conversion that consumes arguments.
    Conversion(Conversion),
    /// `%(key` with no closing parenthesis: "incomplete format key", raised
    /// after the check that the arguments are a mapping.
    IncompleteKey,
}

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
            'd' | 'i' | 'u' | 'o' | 'x' | 'X' | 'e' | 'E' | 'f' | 'F' | 'g' | 'G' => ArgWant::Number,
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
    let spec = PercentSpec { flags, width, precision, kind, index: conversion.index };
    let which = cursor.next()?;
    let arg = args.fetch(which, ArgWant::for_kind(kind))?;
    Ok(format_percent_piece(&spec, arg)?)
}

/// A `*` count: an int that fits a C `ssize_t` (width) or `int` (precision).
fn fetch_count<A: PercentArgs>(args: &mut A, cursor: &mut ArgCursor, c_type: &str) -> Result<i64, A::Error> {
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
            ArgsShape::Tuple(length) => ArgCursor { next: 0, length: length as i64, is_mapping: false },
            ArgsShape::Mapping => ArgCursor { next: -2, length: -1, is_mapping: true },
            ArgsShape::Single => ArgCursor { next: -2, length: -1, is_mapping: false },
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
            return Err(type_error("not all arguments converted during string formatting"));
        }
        Ok(())
    }
}

fn type_error(message: impl Into<String>) -> FormatError {
    FormatError::new(ErrorKind::TypeError, message)
}

fn value_error(message: impl Into<String>) -> FormatError {
    FormatError::new(ErrorKind::ValueError, message)
}

/// Split a `%` template into literal text and conversions. Errors inside a
/// conversion are kept in it, to be raised when formatting reaches it.
pub fn parse_percent_template(template: &str) -> Vec<PercentPiece> {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces = Vec::new();
    let mut literal = String::new();
    let mut position = 0;
    while position < chars.len() {
        let c = chars[position];
        position += 1;
        if c != '%' {
            literal.push(c);
        } else if chars.get(position) == Some(&'%') {
            literal.push('%');
            position += 1;
        } else {
            if !literal.is_empty() {
                pieces.push(PercentPiece::Literal(std::mem::take(&mut literal)));
            }
            let piece = parse_conversion(&chars, &mut position);
            let stop = piece == PercentPiece::IncompleteKey;
            pieces.push(piece);
            if stop {
                return pieces;
            }
        }
    }
    if !literal.is_empty() {
        pieces.push(PercentPiece::Literal(literal));
    }
    pieces
}

/// Parse one conversion after its `%`: `[(key)][flags][width][.precision][h|l|L]type`.
fn parse_conversion(chars: &[char], position: &mut usize) -> PercentPiece {
    let mut conversion = Conversion {
        key: None,
        flags: PercentFlags::default(),
        width: None,
        precision: None,
        kind: Err(value_error("incomplete format")),
        index: chars.len(),
    };
    if chars.get(*position) == Some(&'(') {
        match parse_key(chars, position) {
            Some(key) => conversion.key = Some(key),
            None => return PercentPiece::IncompleteKey,
        }
    }
    conversion.flags = parse_flags(chars, position);
    match parse_counts(chars, position, &mut conversion) {
        Err(error) => conversion.kind = Err(error),
        Ok(()) => {
            // C length modifiers mean nothing in Python and are skipped.
            if matches!(chars.get(*position), Some('h' | 'l' | 'L')) {
                *position += 1;
            }
            if let Some(&kind) = chars.get(*position) {
                conversion.kind = Ok(kind);
                conversion.index = *position;
                *position += 1;
            }
        }
    }
    PercentPiece::Conversion(conversion)
}

/// The flags `-+ #0`, in any order and number.
fn parse_flags(chars: &[char], position: &mut usize) -> PercentFlags {
    let mut flags = PercentFlags::default();
    while let Some(&flag) = chars.get(*position) {
        match flag {
            '-' => flags.left_adjust = true,
            '+' => flags.plus = true,
            ' ' => flags.space = true,
            '#' => flags.alternate = true,
            '0' => flags.zero = true,
            _ => break,
        }
        *position += 1;
    }
    flags
}

/// The key of `%(key)`, allowing balanced parentheses inside; `None` if unclosed.
fn parse_key(chars: &[char], position: &mut usize) -> Option<String> {
    let start = *position + 1;
    let mut depth = 0;
    for (offset, &c) in chars[*position..].iter().enumerate() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            let end = *position + offset;
            *position = end + 1;
            return Some(chars[start..end].iter().collect());
        }
    }
    None
}

/// Width and precision, each written out or `*`.
fn parse_counts(chars: &[char], position: &mut usize, conversion: &mut Conversion) -> Result<(), FormatError> {
    conversion.width = parse_count(chars, position, isize::MAX as usize, "width too big")?;
    if chars.get(*position) == Some(&'.') {
        *position += 1;
        let precision = parse_count(chars, position, i32::MAX as usize, "precision too big")?;
        conversion.precision = Some(precision.unwrap_or(Count::Fixed(0)));
    }
    Ok(())
}

fn parse_count(chars: &[char], position: &mut usize, limit: usize, too_big: &str) -> Result<Option<Count>, FormatError> {
    if chars.get(*position) == Some(&'*') {
        *position += 1;
        return Ok(Some(Count::Star));
    }
    let mut total: Option<usize> = None;
    while let Some(digit) = chars.get(*position).and_then(|c| c.to_digit(10)) {
        let next = total.unwrap_or(0).checked_mul(10).and_then(|n| n.checked_add(digit as usize));
        total = Some(next.filter(|&n| n <= limit).ok_or_else(|| value_error(too_big))?);
        *position += 1;
    }
    Ok(total.map(Count::Fixed))
}

/// Format one argument for a `%` conversion whose `*` counts are known.
pub fn format_percent_piece(spec: &PercentSpec, arg: PercentArg) -> Result<String, FormatError> {
    let (text, numeric) = match spec.kind {
        's' | 'r' | 'a' => (percent_text(arg), false),
        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => (percent_int(spec, arg)?, true),
        'e' | 'E' | 'f' | 'F' | 'g' | 'G' => {
            let value = percent_float(arg)?;
            let flags = DoubleFlags { alternate: spec.flags.alternate, ..DoubleFlags::default() };
            (double_to_string(value, spec.kind, spec.precision.unwrap_or(6), flags), true)
        }
        'c' => (percent_char(arg)?.to_string(), false),
        other => {
            let shown = if (31..=126).contains(&(other as u32)) { other } else { '?' };
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
    let needed = if integer_only { "an integer" } else { "a real number" };
    let wrong_type = |type_name: &str| type_error(format!("%{} format: {needed} is required, not {type_name}", spec.kind));
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
    let sign = if value.sign() == BigSign::Minus { "-" } else { "" };
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
        FormatError::new(ErrorKind::OverflowError, "cannot convert float infinity to integer")
    })
}

/// The float for `%e %f %g`: a float, or an int converted.
fn percent_float(arg: PercentArg) -> Result<f64, FormatError> {
    match arg {
        PercentArg::Float(value) => Ok(value),
        PercentArg::Int(value) => {
            int_to_float(value).map_err(|message| FormatError::new(ErrorKind::OverflowError, message))
        }
        PercentArg::Str(_) => Err(type_error("must be real number, not str")),
        PercentArg::Other(type_name) => Err(type_error(format!("must be real number, not {type_name}"))),
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
    let sign = if numeric { take_sign(&mut body, flags) } else { None };
    let has_prefix = flags.alternate && matches!(spec.kind, 'x' | 'X' | 'o') && body.len() >= 2;
    let prefix: Vec<char> = if has_prefix { body.drain(..2).collect() } else { Vec::new() };
    let length = body.len();
    // The width left for the body once the sign and prefix are written.
    let width = spec.width.unwrap_or(0).saturating_sub(usize::from(sign.is_some()) + prefix.len());
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
            TestArgs { items: items.to_vec(), ints, shape, selected: None }
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
                F(value) if as_text => PercentArg::Str(crate::objects::float_repr::float_repr(value)),
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

    fn or_error(result: Result<String, String>) -> String {
        result.unwrap_or_else(|message| format!("ERR {message}"))
    }

    /// Run a table, listing every mismatch rather than stopping at the first.
    fn check<T: std::fmt::Debug>(cases: &[T], run: impl Fn(&T) -> (String, &str)) {
        let failures: Vec<String> = cases
            .iter()
            .filter_map(|case| {
                let (got, expected) = run(case);
                (got != expected).then(|| format!("{case:?}: got {got:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{} mismatches:\n{}", failures.len(), failures.join("\n"));
    }

    #[test]
    fn format_int_matches_cpython() {
        check(INT_CASES, |&(value, spec, expected)| {
            let value: BigInt = value.parse().unwrap_or_default();
            (or_error(format_int_with_spec(&value, spec)), expected)
        });
    }

    #[test]
    fn format_float_matches_cpython() {
        check(FLOAT_CASES, |&(value, spec, expected)| (or_error(format_float_with_spec(value, spec)), expected));
    }

    #[test]
    fn format_str_matches_cpython() {
        check(STR_CASES, |&(value, spec, expected)| (or_error(format_str_with_spec(value, spec)), expected));
    }

    #[test]
    fn percent_matches_cpython() {
        check(PERCENT_CASES, |&(template, items, expected)| {
            (percent(template, items, ArgsShape::Tuple(items.len())), expected)
        });
    }

    #[test]
    fn percent_with_mapping_and_single_operands() {
        let mapping = ArgsShape::Mapping;
        assert_eq!(percent("%(k0)s and %(k1)r", &[I(1), S("b")], mapping), "1 and 'b'");
        assert_eq!(percent("%(k0)-5d|%%", &[I(3)], mapping), "3    |%");
        assert_eq!(percent("%(k0)s %s", &[I(1)], mapping), "ERR TypeError not enough arguments for format string");
        assert_eq!(percent("%(k0", &[I(1)], mapping), "ERR ValueError incomplete format key");
        assert_eq!(percent("%(k0", &[I(1)], ArgsShape::Single), "ERR TypeError format requires a mapping");
        assert_eq!(percent("%(k9)s", &[I(1)], mapping), "ERR KeyError k9");
        assert_eq!(percent("abc", &[I(1)], mapping), "abc");
        assert_eq!(percent("%s", &[S("x")], ArgsShape::Single), "x");
        assert_eq!(percent("abc", &[I(5)], ArgsShape::Single), "ERR TypeError not all arguments converted during string formatting");
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
        assert_eq!(parse_format_spec("abc"), Err("Invalid format specifier".to_string()));
    }

    #[test]
    fn parse_percent_template_splits_pieces() {
        let pieces = parse_percent_template("a%%b%(x)-*.3ld%");
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], PercentPiece::Literal("a%b".to_string()));
        let PercentPiece::Conversion(conversion) = &pieces[1] else { panic!("{:?}", pieces[1]) };
        assert_eq!(conversion.key.as_deref(), Some("x"));
        assert!(conversion.flags.left_adjust);
        assert_eq!((conversion.width, conversion.precision), (Some(Count::Star), Some(Count::Fixed(3))));
        assert_eq!((conversion.kind.clone(), conversion.index), (Ok('d'), 13));
        let PercentPiece::Conversion(last) = &pieces[2] else { panic!("{:?}", pieces[2]) };
        assert_eq!(last.kind.clone().map_err(|error| error.message), Err("incomplete format".to_string()));
    }

    #[test]
    fn error_kinds() {
        assert_eq!(format_error_kind(INT_TOO_LARGE_FOR_FLOAT), ErrorKind::OverflowError);
        assert_eq!(format_error_kind("Invalid format specifier"), ErrorKind::ValueError);
        let huge: BigInt = "1".repeat(400).parse().unwrap_or_default();
        assert_eq!(format_int_with_spec(&huge, "f"), Err(INT_TOO_LARGE_FOR_FLOAT.to_string()));
    }

    /// `format(int, spec)` cases generated from CPython 3.11 (value, spec, result or "ERR message").
    const INT_CASES: &[(&str, &str, &str)] = &[
        ("-99999999999999999997", " ", "-99999999999999999997"),
        ("-99999999999999999997", "#b", "-0b1010110101111000111010111100010110101100011000011111111111111111101"),
        ("-99999999999999999997", ".2e", "-1.00e+20"),
        ("-99999999999999999997", ".3f", "-100000000000000000000.000"),
        ("-99999999999999999997", "012_", "-99_999_999_999_999_999_997"),
        ("-99999999999999999997", "=10", "-99999999999999999997"),
        ("-99999999999999999997", "_c", "ERR Cannot specify '_' with 'c'."),
        ("-99999999999999999997", "abc", "ERR Invalid format specifier 'abc' for object of type 'int'"),
        ("-99999999999999999997", "b", "-1010110101111000111010111100010110101100011000011111111111111111101"),
        ("-99999999999999999997", "e", "-1.000000e+20"),
        ("-99999999999999999997", "n", "-99999999999999999997"),
        ("-99999999999999999997", "s", "ERR Unknown format code 's' for object of type 'int'"),
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
        ("-1234567", "s", "ERR Unknown format code 's' for object of type 'int'"),
        ("-42", "#10o", "     -0o52"),
        ("-42", "#X", "-0X2A"),
        ("-42", "*^+12,", "****-42*****"),
        ("-42", "+c", "ERR Sign not allowed with integer format specifier 'c'"),
        ("-42", ",x", "ERR Cannot specify ',' with 'x'."),
        ("-42", "0<8", "-4200000"),
        ("-42", "c", "ERR %c arg not in range(0x110000)"),
        ("-42", "s", "ERR Unknown format code 's' for object of type 'int'"),
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
        ("0", "abc", "ERR Invalid format specifier 'abc' for object of type 'int'"),
        ("0", "f", "0.000000"),
        ("7", " ", " 7"),
        ("7", "#10o", "       0o7"),
        ("7", "#b", "0b111"),
        ("7", "#c", "ERR Alternate form (#) not allowed with integer format specifier 'c'"),
        ("7", ".3f", "7.000"),
        ("7", "0<8", "70000000"),
        ("7", "0=10,", "00,000,007"),
        ("7", "10.5.", "ERR Unknown format code '.' for object of type 'int'"),
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
        ("65", "abc", "ERR Invalid format specifier 'abc' for object of type 'int'"),
        ("65", "r", "ERR Unknown format code 'r' for object of type 'int'"),
        ("255", " ", " 255"),
        ("255", "#010x", "0x000000ff"),
        ("255", "+", "+255"),
        ("255", "010,", "00,000,255"),
        ("255", "05", "00255"),
        ("255", "0<8", "25500000"),
        ("255", "10.5.", "ERR Unknown format code '.' for object of type 'int'"),
        ("255", "_c", "ERR Cannot specify '_' with 'c'."),
        ("255", "c", "ÿ"),
        ("255", "f", "255.000000"),
        ("255", "g", "255"),
        ("255", "o", "377"),
        ("255", "s", "ERR Unknown format code 's' for object of type 'int'"),
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
        ("100000000000000000000", "*^+12,", "+100,000,000,000,000,000,000"),
        ("100000000000000000000", ",", "100,000,000,000,000,000,000"),
        ("100000000000000000000", ",d", "100,000,000,000,000,000,000"),
        ("100000000000000000000", ",x", "ERR Cannot specify ',' with 'x'."),
        ("100000000000000000000", "-", "100000000000000000000"),
        ("100000000000000000000", ".2", "ERR Precision not allowed in integer format specifier"),
        ("100000000000000000000", ".2e", "1.00e+20"),
        ("100000000000000000000", "0<8", "100000000000000000000"),
        ("100000000000000000000", "^7", "100000000000000000000"),
        ("100000000000000000000", "b", "1010110101111000111010111100010110101100011000100000000000000000000"),
        ("100000000000000000000", "d", "100000000000000000000"),
    ];

    /// `format(float, spec)` cases generated from CPython 3.11.
    const FLOAT_CASES: &[(f64, &str, &str)] = &[
        (1.0, "F", "1.000000"),
        (f64::NAN, ",.3g", "nan"),
        (-0.0, "=+12", "-        0.0"),
        (0.1, "d", "ERR Unknown format code 'd' for object of type 'float'"),
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
        (1.0, "r", "ERR Unknown format code 'r' for object of type 'float'"),
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
        (1.5e+300, "r", "ERR Unknown format code 'r' for object of type 'float'"),
        (0.30000000000000004, "d", "ERR Unknown format code 'd' for object of type 'float'"),
        (-0.0, "c", "ERR Unknown format code 'c' for object of type 'float'"),
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
        (0.30000000000000004, "c", "ERR Unknown format code 'c' for object of type 'float'"),
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
        (100.0, "d", "ERR Unknown format code 'd' for object of type 'float'"),
        (2.675, "s", "ERR Unknown format code 's' for object of type 'float'"),
        (-2.5, "-", "-2.5"),
        (-2.5, ",n", "ERR Cannot specify ',' with 'n'."),
        (9.995, "c", "ERR Unknown format code 'c' for object of type 'float'"),
        (f64::INFINITY, "<10", "inf       "),
        (0.1, "0=20_.5f", "00_000_000_000.10000"),
        (123.456, "e", "1.234560e+02"),
        (5e-324, "12,", "      5e-324"),
        (123.456, "c", "ERR Unknown format code 'c' for object of type 'float'"),
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
        (1.5e+300, "d", "ERR Unknown format code 'd' for object of type 'float'"),
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
        (f64::NAN, "d", "ERR Unknown format code 'd' for object of type 'float'"),
        (2.675, ".17", "2.6749999999999998"),
        (1234567.891, "-", "1234567.891"),
    ];

    /// `format(str, spec)` cases generated from CPython 3.11.
    const STR_CASES: &[(&str, &str, &str)] = &[
        ("héllo", "#", "ERR Alternate form (#) not allowed in string format specifier"),
        ("", "", ""),
        ("", "+", "ERR Sign not allowed in string format specifier"),
        ("", "8.1", "        "),
        ("", "10.5.", "ERR Unknown format code '.' for object of type 'str'"),
        ("héllo", ".2", "hé"),
        ("日本語", "z", "ERR Negative zero coercion (z) not allowed in string format specifier"),
        ("", ">6", "      "),
        ("héllo", "5", "héllo"),
        ("日本語", ">6", "   日本語"),
        ("日本語", "+", "ERR Sign not allowed in string format specifier"),
        ("héllo", ".2s", "hé"),
        ("", "-", "ERR Sign not allowed in string format specifier"),
        ("abc", "<6", "abc   "),
        ("日本語", "s", "日本語"),
        ("héllo", "z", "ERR Negative zero coercion (z) not allowed in string format specifier"),
        ("héllo", "", "héllo"),
        ("abc", " ", "ERR Space not allowed in string format specifier"),
        ("", "x", "ERR Unknown format code 'x' for object of type 'str'"),
        ("héllo", "-", "ERR Sign not allowed in string format specifier"),
        ("", "5", "     "),
        ("", ".2s", ""),
        ("abc", ",", "ERR Cannot specify ',' with 's'."),
        ("abc", "8.1", "a       "),
        ("", "#", "ERR Alternate form (#) not allowed in string format specifier"),
        ("abc", ">6", "   abc"),
        ("日本語", "", "日本語"),
        ("abc", "#", "ERR Alternate form (#) not allowed in string format specifier"),
        ("héllo", "=5", "ERR '=' alignment not allowed in string format specifier"),
        ("", "z", "ERR Negative zero coercion (z) not allowed in string format specifier"),
        ("日本語", "*^8", "**日本語***"),
        ("héllo", ",", "ERR Cannot specify ',' with 's'."),
        ("héllo", "s", "héllo"),
        ("abc", ".2s", "ab"),
        ("héllo", "<6", "héllo "),
        ("abc", "_s", "ERR Cannot specify '_' with 's'."),
        ("abc", "*^8", "**abc***"),
        ("", "<6", "      "),
        ("", "*^8", "********"),
        ("日本語", "-", "ERR Sign not allowed in string format specifier"),
    ];

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
