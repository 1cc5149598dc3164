//! `json.loads`: JSON text to Python values, a port of the C scanner in
//! CPython's `Modules/_json.c` (`scan_once_unicode` and its helpers).
//!
//! The parser is recursive descent over the text's characters; positions
//! are character indices, because CPython's error messages count
//! characters: `Expecting value: line 1 column 5 (char 4)`. Each helper
//! takes the index where its value starts and returns the value and the
//! index just past it. The checks come in the C scanner's order, so a
//! malformed document fails with the message CPython gives it.

use crate::objects::exception::{raise, PyException};
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use num_bigint::BigInt;

/// The callables `loads` may be given to build values its own way.
#[derive(Default)]
pub struct Hooks {
    pub object_hook: Option<Value>,
    pub object_pairs_hook: Option<Value>,
    pub parse_float: Option<Value>,
    pub parse_int: Option<Value>,
    pub parse_constant: Option<Value>,
}

/// A document being decoded.
pub struct Decoder {
    text: Vec<char>,
    hooks: Hooks,
}

/// CPython's limit on the digits of an int read from text.
const MAX_INT_DIGITS: usize = 4300;

impl Decoder {
    /// A decoder for `text`.
    pub fn new(text: &str, hooks: Hooks) -> Decoder {
        Decoder {
            text: text.chars().collect(),
            hooks,
        }
    }

    /// The whole document: one value, surrounded by nothing but whitespace.
    pub fn decode(&self, vm: &mut Vm) -> PyResult<Value> {
        if self.text.first() == Some(&'\u{feff}') {
            return Err(self.error("Unexpected UTF-8 BOM (decode using utf-8-sig)", 0));
        }
        let (value, end) = self.scan_once(vm, self.skip_whitespace(0))?;
        let end = self.skip_whitespace(end);
        if end != self.text.len() {
            return Err(self.error("Extra data", end));
        }
        Ok(value)
    }

    /// The `JSONDecodeError` for `message` at `position`.
    fn error(&self, message: &str, position: usize) -> PyException {
        super::error::decode_error(message, &self.text, position)
    }

    fn skip_whitespace(&self, mut index: usize) -> usize {
        while matches!(self.text.get(index), Some(' ' | '\t' | '\n' | '\r')) {
            index += 1;
        }
        index
    }

    /// True when `word` is spelled at `index`.
    fn word_at(&self, index: usize, word: &str) -> bool {
        let mut chars = self.text[index.min(self.text.len())..].iter();
        word.chars().all(|c| chars.next() == Some(&c))
    }

    /// Any one value starting at `index`.
    fn scan_once(&self, vm: &mut Vm, index: usize) -> PyResult<(Value, usize)> {
        let Some(&first) = self.text.get(index) else {
            return Err(self.error("Expecting value", index));
        };
        match first {
            '"' => {
                let (text, end) = self.scan_string(index + 1)?;
                Ok((Value::str(text), end))
            }
            '{' => self.nested(vm, |decoder, vm| decoder.parse_object(vm, index + 1)),
            '[' => self.nested(vm, |decoder, vm| decoder.parse_array(vm, index + 1)),
            'n' if self.word_at(index, "null") => Ok((Value::None, index + 4)),
            't' if self.word_at(index, "true") => Ok((Value::Bool(true), index + 4)),
            'f' if self.word_at(index, "false") => Ok((Value::Bool(false), index + 5)),
            'N' if self.word_at(index, "NaN") => self.constant(vm, "NaN", f64::NAN, index + 3),
            'I' if self.word_at(index, "Infinity") => {
                self.constant(vm, "Infinity", f64::INFINITY, index + 8)
            }
            '-' if self.word_at(index, "-Infinity") => {
                self.constant(vm, "-Infinity", f64::NEG_INFINITY, index + 9)
            }
            _ => self.match_number(vm, index),
        }
    }

    /// Runs the parse of a container as one more level of Rust recursion,
    /// so a deeply nested document raises RecursionError instead of
    /// overflowing the stack.
    fn nested(
        &self,
        vm: &mut Vm,
        parse: impl FnOnce(&Decoder, &mut Vm) -> PyResult<(Value, usize)>,
    ) -> PyResult<(Value, usize)> {
        vm.enter_native()?;
        let result = parse(self, vm);
        vm.leave_native();
        result
    }

    /// `NaN`, `Infinity`, `-Infinity`: floats, or what `parse_constant` makes.
    fn constant(
        &self,
        vm: &mut Vm,
        name: &str,
        value: f64,
        end: usize,
    ) -> PyResult<(Value, usize)> {
        match &self.hooks.parse_constant {
            Some(hook) => Ok((vm.call(hook, vec![Value::str(name)])?, end)),
            None => Ok((Value::Float(value), end)),
        }
    }

    /// The object whose `{` is just before `index`.
    fn parse_object(&self, vm: &mut Vm, index: usize) -> PyResult<(Value, usize)> {
        let mut pairs: Vec<(Value, Value)> = Vec::new();
        let mut index = self.skip_whitespace(index);
        if self.text.get(index) != Some(&'}') {
            loop {
                if self.text.get(index) != Some(&'"') {
                    return Err(
                        self.error("Expecting property name enclosed in double quotes", index)
                    );
                }
                let (key, after_key) = self.scan_string(index + 1)?;
                index = self.skip_whitespace(after_key);
                if self.text.get(index) != Some(&':') {
                    return Err(self.error("Expecting ':' delimiter", index));
                }
                let (value, after_value) = self.scan_once(vm, self.skip_whitespace(index + 1))?;
                pairs.push((Value::str(key), value));
                index = self.skip_whitespace(after_value);
                if self.text.get(index) == Some(&'}') {
                    break;
                }
                if self.text.get(index) != Some(&',') {
                    return Err(self.error("Expecting ',' delimiter", index));
                }
                index = self.skip_whitespace(index + 1);
            }
        }
        Ok((self.build_object(vm, pairs)?, index + 1))
    }

    /// A dict of the pairs, or what `object_pairs_hook` / `object_hook` make.
    fn build_object(&self, vm: &mut Vm, pairs: Vec<(Value, Value)>) -> PyResult<Value> {
        if let Some(hook) = &self.hooks.object_pairs_hook {
            let tuples = pairs
                .into_iter()
                .map(|(key, value)| Value::tuple(vec![key, value]))
                .collect();
            return vm.call(hook, vec![Value::list(tuples)]);
        }
        let flat = pairs
            .into_iter()
            .flat_map(|(key, value)| [key, value])
            .collect();
        let dict = vm.new_dict_from_pairs(flat)?;
        match &self.hooks.object_hook {
            Some(hook) => vm.call(hook, vec![dict]),
            None => Ok(dict),
        }
    }

    /// The array whose `[` is just before `index`.
    fn parse_array(&self, vm: &mut Vm, index: usize) -> PyResult<(Value, usize)> {
        let mut items = Vec::new();
        let mut index = self.skip_whitespace(index);
        if self.text.get(index) != Some(&']') {
            loop {
                let (item, after) = self.scan_once(vm, index)?;
                items.push(item);
                index = self.skip_whitespace(after);
                if self.text.get(index) == Some(&']') {
                    break;
                }
                if self.text.get(index) != Some(&',') {
                    return Err(self.error("Expecting ',' delimiter", index));
                }
                index = self.skip_whitespace(index + 1);
            }
        }
        Ok((Value::list(items), index + 1))
    }

    /// The length of the run of ASCII digits starting at `index`.
    fn digits_at(&self, index: usize) -> usize {
        self.text[index.min(self.text.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    }

    /// A number at `start`: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?`.
    /// A `.` or `e` not followed by digits is left for the caller ("Extra data").
    fn match_number(&self, vm: &mut Vm, start: usize) -> PyResult<(Value, usize)> {
        let mut index = start;
        if self.text.get(index) == Some(&'-') {
            index += 1;
        }
        match self.text.get(index) {
            Some('0') => index += 1,
            Some('1'..='9') => index += self.digits_at(index),
            _ => return Err(self.error("Expecting value", start)),
        }
        let mut is_float = false;
        if self.text.get(index) == Some(&'.') && self.digits_at(index + 1) > 0 {
            is_float = true;
            index += 1 + self.digits_at(index + 1);
        }
        if matches!(self.text.get(index), Some('e' | 'E')) {
            let mut exponent = index + 1;
            if matches!(self.text.get(exponent), Some('-' | '+')) {
                exponent += 1;
            }
            let digits = self.digits_at(exponent);
            if digits > 0 {
                is_float = true;
                index = exponent + digits;
            }
        }
        let text: String = self.text[start..index].iter().collect();
        let value = if is_float {
            self.make_float(vm, text)?
        } else {
            self.make_int(vm, text)?
        };
        Ok((value, index))
    }

    fn make_float(&self, vm: &mut Vm, text: String) -> PyResult<Value> {
        match &self.hooks.parse_float {
            Some(hook) => vm.call(hook, vec![Value::str(text)]),
            // The grammar above is a subset of what Rust's parser reads.
            None => Ok(Value::Float(text.parse().unwrap_or(f64::NAN))),
        }
    }

    fn make_int(&self, vm: &mut Vm, text: String) -> PyResult<Value> {
        if let Some(hook) = &self.hooks.parse_int {
            return vm.call(hook, vec![Value::str(text)]);
        }
        if let Ok(small) = text.parse::<i64>() {
            return Ok(Value::Int(small));
        }
        let digits = text.trim_start_matches('-').len();
        if digits > MAX_INT_DIGITS {
            return raise(
                ExceptionKind::ValueError,
                format!("Exceeds the limit ({MAX_INT_DIGITS} digits) for integer string conversion: value has {digits} digits; use sys.set_int_max_str_digits() to increase the limit"),
            );
        }
        let big = BigInt::parse_bytes(text.as_bytes(), 10).unwrap_or_default();
        Ok(Value::from_bigint(big))
    }
}

/// The character a one-letter escape (`\n`, `\"` ...) stands for.
fn simple_escape(c: char) -> Option<char> {
    Some(match c {
        '"' => '"',
        '\\' => '\\',
        '/' => '/',
        'b' => '\u{8}',
        'f' => '\u{c}',
        'n' => '\n',
        'r' => '\r',
        't' => '\t',
        _ => return None,
    })
}

impl Decoder {
    /// The string whose opening quote is just before `index` (`scanstring`).
    fn scan_string(&self, index: usize) -> PyResult<(String, usize)> {
        let begin = index - 1;
        let mut out = String::new();
        let mut next = index;
        loop {
            let Some(&c) = self.text.get(next) else {
                return Err(self.error("Unterminated string starting at", begin));
            };
            next += 1;
            match c {
                '"' => return Ok((out, next)),
                '\\' => {}
                c if (c as u32) <= 0x1f => {
                    return Err(self.error("Invalid control character at", next - 1))
                }
                c => {
                    out.push(c);
                    continue;
                }
            }
            let Some(&escape) = self.text.get(next) else {
                return Err(self.error("Unterminated string starting at", begin));
            };
            if escape != 'u' {
                let Some(decoded) = simple_escape(escape) else {
                    return Err(self.error("Invalid \\escape", next - 1));
                };
                out.push(decoded);
                next += 1;
                continue;
            }
            let (decoded, end) = self.unicode_escape(next + 1)?;
            out.push(decoded);
            next = end;
        }
    }

    /// Four hex digits at `index`, or None.
    fn hex4(&self, index: usize) -> Option<u32> {
        let digits = self.text.get(index..index + 4)?;
        digits
            .iter()
            .try_fold(0u32, |total, c| Some(total * 16 + c.to_digit(16)?))
    }

    /// The character of a `\uXXXX` escape whose digits start at `index`,
    /// joining a surrogate pair `\ud83d\ude00` into one character.
    fn unicode_escape(&self, index: usize) -> PyResult<(char, usize)> {
        // As the C scanner, a \u escape must not be the document's last thing.
        if index + 4 >= self.text.len() {
            return Err(self.error("Invalid \\uXXXX escape", index - 1));
        }
        let Some(unit) = self.hex4(index) else {
            return Err(self.error("Invalid \\uXXXX escape", index - 1));
        };
        let mut end = index + 4;
        let mut code = unit;
        let is_high = (0xd800..0xdc00).contains(&unit);
        if is_high && end + 6 < self.text.len() && self.word_at(end, "\\u") {
            let Some(low) = self.hex4(end + 2) else {
                return Err(self.error("Invalid \\uXXXX escape", end + 1));
            };
            if (0xdc00..0xe000).contains(&low) {
                code = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
                end += 6;
            }
        }
        match char::from_u32(code) {
            Some(c) => Ok((c, end)),
            None => raise(
                ExceptionKind::NotImplementedError,
                format!("lone surrogate \\u{code:04x} in a JSON string: pyl's str cannot hold surrogates"),
            ),
        }
    }
}
