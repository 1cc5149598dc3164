//! `str.format` and `str.format_map`: replacement fields in braces.
//!
//! A field is `{name!conversion:spec}`. The name is an argument (auto
//! numbered `{}`, an index `{0}` or a keyword `{x}`) followed by any number
//! of `.attribute` and `[key]` accessors; the conversion is `r`, `s` or
//! `a`; the spec is the format mini-language `format()` takes, and may
//! itself contain fields (`{:{width}}`), expanded one level deep only.
//! `{{` and `}}` stand for literal braces.

use super::receiver;
use crate::objects::exception::{raise, PyException};
use crate::objects::function::Args;
use crate::objects::method_args::{one_argument, MethodArgs};
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;

/// Where `{name}` fields look names up.
enum Names<'a> {
    /// `format(**kwargs)`.
    Keywords(&'a [(String, Value)]),
    /// `format_map(mapping)`: looked up with `mapping[name]`.
    Mapping(&'a Value),
}

/// How the fields seen so far were numbered; the two styles cannot mix.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Numbering {
    Unknown,
    /// `{}`: the next automatic index.
    Automatic(usize),
    /// `{0}`.
    Manual,
}

/// The state of one `format` call.
struct Formatter<'a> {
    positional: &'a [Value],
    names: Names<'a>,
    numbering: Numbering,
}

/// `ValueError(message)` for a malformed format string.
fn malformed<T>(message: &str) -> PyResult<T> {
    raise(ExceptionKind::ValueError, message)
}

/// `template.format(*args, **kwargs)`.
pub fn format(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let args = MethodArgs::new(args);
    let template = receiver(&args.receiver, "format")?;
    let names = Names::Keywords(&args.keywords);
    let mut formatter = Formatter {
        positional: &args.positional,
        names,
        numbering: Numbering::Unknown,
    };
    Ok(Value::str(formatter.render(vm, template.as_str(), 2)?))
}

/// `template.format_map(mapping)`.
pub fn format_map(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let (template, mapping) = one_argument(args, "str.format_map")?;
    let template = receiver(&template, "format_map")?;
    let names = Names::Mapping(&mapping);
    let mut formatter = Formatter {
        positional: &[],
        names,
        numbering: Numbering::Unknown,
    };
    Ok(Value::str(formatter.render(vm, template.as_str(), 2)?))
}

/// The index of the `}` closing the field that starts at `start` (just
/// after its `{`): braces nest, and a `[key]` may hold any character.
fn field_end(chars: &[char], start: usize) -> PyResult<usize> {
    let (mut depth, mut in_brackets, mut in_spec) = (1, false, false);
    for (index, &c) in chars.iter().enumerate().skip(start) {
        if in_brackets {
            in_brackets = c != ']';
            continue;
        }
        match c {
            '[' if !in_spec => in_brackets = true,
            ':' => in_spec = true,
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Ok(index);
                }
            }
            _ => {}
        }
    }
    malformed("expected '}' before end of string")
}

/// Splits a field into its name, conversion and spec, at the first `!` or
/// `:` outside a `[key]`.
fn split_field(field: &str) -> PyResult<(&str, Option<char>, &str)> {
    let mut in_brackets = false;
    let split = field.char_indices().find(|&(_, c)| {
        match c {
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ => {}
        }
        !in_brackets && (c == '!' || c == ':')
    });
    let Some((at, marker)) = split else {
        return Ok((field, None, ""));
    };
    let (name, rest) = (&field[..at], &field[at + 1..]);
    if marker == ':' {
        return Ok((name, None, rest));
    }
    let mut rest_chars = rest.chars();
    let Some(conversion) = rest_chars.next() else {
        return malformed("end of string while looking for conversion specifier");
    };
    let after = rest_chars.as_str();
    match after.strip_prefix(':') {
        Some(spec) => Ok((name, Some(conversion), spec)),
        None if after.is_empty() => Ok((name, Some(conversion), "")),
        None => malformed("expected ':' after conversion specifier"),
    }
}

impl Formatter<'_> {
    /// Expands every field of `template`; `depth` bounds nesting in specs.
    fn render(&mut self, vm: &mut Vm, template: &str, depth: u32) -> PyResult<String> {
        if depth == 0 {
            return malformed("Max string recursion exceeded");
        }
        let chars: Vec<char> = template.chars().collect();
        let mut out = String::with_capacity(template.len());
        let mut index = 0;
        while index < chars.len() {
            let c = chars[index];
            let doubled = chars.get(index + 1) == Some(&c);
            match c {
                '{' | '}' if doubled => {
                    out.push(c);
                    index += 2;
                }
                '}' => return malformed("Single '}' encountered in format string"),
                '{' if index + 1 == chars.len() => {
                    return malformed("Single '{' encountered in format string")
                }
                '{' => {
                    let end = field_end(&chars, index + 1)?;
                    let field: String = chars[index + 1..end].iter().collect();
                    out.push_str(&self.field(vm, &field, depth)?);
                    index = end + 1;
                }
                _ => {
                    out.push(c);
                    index += 1;
                }
            }
        }
        Ok(out)
    }

    /// The text of one replacement field (without its braces).
    fn field(&mut self, vm: &mut Vm, field: &str, depth: u32) -> PyResult<String> {
        let (name, conversion, spec) = split_field(field)?;
        let value = self.lookup(vm, name)?;
        let value = match conversion {
            None => value,
            Some('r') => Value::str(vm.repr(&value)?),
            Some('s') => Value::str(vm.str(&value)?),
            Some('a') => Value::str(crate::vm::ascii(&vm.repr(&value)?)),
            Some(other) => return malformed(&format!("Unknown conversion specifier {other}")),
        };
        let spec = if spec.contains('{') {
            self.render(vm, spec, depth - 1)?
        } else {
            spec.to_string()
        };
        vm.format(&value, &spec)
    }

    /// The value a field name designates: an argument, then accessors.
    fn lookup(&mut self, vm: &mut Vm, name: &str) -> PyResult<Value> {
        let first_end = name.find(['.', '[']).unwrap_or(name.len());
        let (first, mut rest) = name.split_at(first_end);
        let mut value = self.argument(vm, first)?;
        while !rest.is_empty() {
            if let Some(after_dot) = rest.strip_prefix('.') {
                let end = after_dot.find(['.', '[']).unwrap_or(after_dot.len());
                let attribute = &after_dot[..end];
                if attribute.is_empty() {
                    return malformed("Empty attribute in format string");
                }
                value = vm.get_attribute(&value, &Value::str(attribute))?;
                rest = &after_dot[end..];
            } else if let Some(after_bracket) = rest.strip_prefix('[') {
                let Some(end) = after_bracket.find(']') else {
                    return malformed("Missing ']' in format string");
                };
                let key = &after_bracket[..end];
                if key.is_empty() {
                    return malformed("Empty attribute in format string");
                }
                let key = match key.parse::<i64>() {
                    Ok(number) if key.bytes().all(|b| b.is_ascii_digit()) => Value::Int(number),
                    _ => Value::str(key),
                };
                value = vm.get_item(&value, &key)?;
                rest = &after_bracket[end + 1..];
            } else {
                return malformed("Only '.' or '[' may follow ']' in format field specifier");
            }
        }
        Ok(value)
    }

    /// The argument a field's first part names: `""` (automatic), digits
    /// (an index) or a keyword.
    fn argument(&mut self, vm: &mut Vm, first: &str) -> PyResult<Value> {
        let index = if first.is_empty() {
            self.automatic_index()?
        } else if first.bytes().all(|b| b.is_ascii_digit()) {
            self.manual_index(first)?
        } else {
            return self.named(vm, first);
        };
        if let Names::Mapping(_) = self.names {
            return malformed("Format string contains positional fields");
        }
        match self.positional.get(index) {
            Some(value) => Ok(value.clone()),
            None => raise(
                ExceptionKind::IndexError,
                format!("Replacement index {index} out of range for positional args tuple"),
            ),
        }
    }

    /// The next `{}` index.
    fn automatic_index(&mut self) -> PyResult<usize> {
        let next =
            match self.numbering {
                Numbering::Manual => return malformed(
                    "cannot switch from manual field specification to automatic field numbering",
                ),
                Numbering::Automatic(next) => next,
                Numbering::Unknown => 0,
            };
        self.numbering = Numbering::Automatic(next + 1);
        Ok(next)
    }

    /// The index written in a `{0}` field.
    fn manual_index(&mut self, digits: &str) -> PyResult<usize> {
        if let Numbering::Automatic(_) = self.numbering {
            return malformed(
                "cannot switch from automatic field numbering to manual field specification",
            );
        }
        self.numbering = Numbering::Manual;
        match digits.parse::<usize>() {
            Ok(index) => Ok(index),
            Err(_) => malformed("Too many decimal digits in format string"),
        }
    }

    /// A `{name}` field's value: KeyError when it is missing.
    fn named(&self, vm: &mut Vm, name: &str) -> PyResult<Value> {
        match &self.names {
            Names::Keywords(keywords) => match keywords.iter().find(|(key, _)| key == name) {
                Some((_, value)) => Ok(value.clone()),
                None => Err(PyException::with_args(
                    ExceptionKind::KeyError,
                    vec![Value::str(name)],
                )),
            },
            Names::Mapping(mapping) => {
                let mapping = (*mapping).clone();
                vm.get_item(&mapping, &Value::str(name))
            }
        }
    }
}
