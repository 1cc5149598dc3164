//! The template of printf-style formatting: `parse_percent_template` splits
//! `"%-8s has %(count)d%%"` into literal text and `Conversion`s, each written
//! `%[(key)][flags][width][.precision][h|l|L]type`.
//!
//! Parsing never fails. An error inside a conversion ("incomplete format",
//! "width too big") is stored in it, because CPython raises it only when
//! formatting reaches that conversion, after the ones before it have taken
//! their arguments. `percent_format.rs` does the formatting.

use crate::objects::format_spec::{value_error, FormatError};

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
fn parse_counts(
    chars: &[char],
    position: &mut usize,
    conversion: &mut Conversion,
) -> Result<(), FormatError> {
    conversion.width = parse_count(chars, position, isize::MAX as usize, "width too big")?;
    if chars.get(*position) == Some(&'.') {
        *position += 1;
        let precision = parse_count(chars, position, i32::MAX as usize, "precision too big")?;
        conversion.precision = Some(precision.unwrap_or(Count::Fixed(0)));
    }
    Ok(())
}

fn parse_count(
    chars: &[char],
    position: &mut usize,
    limit: usize,
    too_big: &str,
) -> Result<Option<Count>, FormatError> {
    if chars.get(*position) == Some(&'*') {
        *position += 1;
        return Ok(Some(Count::Star));
    }
    let mut total: Option<usize> = None;
    while let Some(digit) = chars.get(*position).and_then(|c| c.to_digit(10)) {
        let next = total
            .unwrap_or(0)
            .checked_mul(10)
            .and_then(|n| n.checked_add(digit as usize));
        total = Some(
            next.filter(|&n| n <= limit)
                .ok_or_else(|| value_error(too_big))?,
        );
        *position += 1;
    }
    Ok(total.map(Count::Fixed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_percent_template_splits_pieces() {
        let pieces = parse_percent_template("a%%b%(x)-*.3ld%");
        assert_eq!(pieces.len(), 3);
        assert_eq!(pieces[0], PercentPiece::Literal("a%b".to_string()));
        let PercentPiece::Conversion(conversion) = &pieces[1] else {
            panic!("{:?}", pieces[1])
        };
        assert_eq!(conversion.key.as_deref(), Some("x"));
        assert!(conversion.flags.left_adjust);
        assert_eq!(
            (conversion.width, conversion.precision),
            (Some(Count::Star), Some(Count::Fixed(3)))
        );
        assert_eq!((conversion.kind.clone(), conversion.index), (Ok('d'), 13));
        let PercentPiece::Conversion(last) = &pieces[2] else {
            panic!("{:?}", pieces[2])
        };
        assert_eq!(
            last.kind.clone().map_err(|error| error.message),
            Err("incomplete format".to_string())
        );
    }
}
