//! `string`: the character-class constants, `capwords`, and `Template`.
//!
//! CPython's `Lib/string.py` is plain Python. The constants and `capwords`
//! are here; `Template` reads best in Python, so `lib/string_template.pyl`
//! runs in the module's namespace when it is made. (`Formatter` is not
//! there yet.)

use super::add_functions;
use super::parameters::Signature;
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use std::sync::Arc;

const ASCII_LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
const ASCII_UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const DIGITS: &str = "0123456789";
const PUNCTUATION: &str = r##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"##;
const WHITESPACE: &str = " \t\n\r\x0b\x0c";

/// Makes the `string` module.
pub fn make(vm: &mut Vm) -> PyResult<Arc<PyModule>> {
    let module = vm.new_module("string");
    add_functions(vm, &module, &[("capwords", capwords)]);
    let letters = format!("{ASCII_LOWERCASE}{ASCII_UPPERCASE}");
    let printable = format!("{DIGITS}{letters}{PUNCTUATION}{WHITESPACE}");
    let constants = [
        ("ascii_lowercase", ASCII_LOWERCASE.to_string()),
        ("ascii_uppercase", ASCII_UPPERCASE.to_string()),
        ("ascii_letters", letters),
        ("digits", DIGITS.to_string()),
        ("hexdigits", format!("{DIGITS}abcdefABCDEF")),
        ("octdigits", "01234567".to_string()),
        ("punctuation", PUNCTUATION.to_string()),
        ("whitespace", WHITESPACE.to_string()),
        ("printable", printable),
    ];
    for (name, text) in constants {
        vm.set_item_str(&module.dict, name, Value::str(text));
    }
    let source = include_str!("lib/string_template.pyl");
    let code = vm.library_code("string", source)?;
    vm.run_module_code(code, &module)?;
    Ok(module)
}

/// `capwords(s, sep=None)`: `(sep or ' ').join(map(str.capitalize, s.split(sep)))`.
/// It calls the str methods themselves, so splitting and capitalizing
/// follow `str` exactly.
fn capwords(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "capwords",
        positional: &["s", "sep"],
        required: 1,
        keyword_only: &[],
        method: false,
    };
    let mut slots = SIGNATURE.bind(args)?.into_iter();
    let text = slots.next().flatten().unwrap_or(Value::None);
    let separator = slots.next().flatten().unwrap_or(Value::None);
    let words = call_method(vm, &text, "split", vec![separator.clone()])?;
    let mut capitalized = Vec::new();
    for word in vm.collect(&words)? {
        capitalized.push(call_method(vm, &word, "capitalize", vec![])?);
    }
    let joiner = if vm.is_true(&separator)? {
        separator
    } else {
        Value::str(" ")
    };
    call_method(vm, &joiner, "join", vec![Value::list(capitalized)])
}

/// `receiver.name(*arguments)`.
fn call_method(
    vm: &mut Vm,
    receiver: &Value,
    name: &str,
    arguments: Vec<Value>,
) -> PyResult<Value> {
    let method = vm.get_attribute(receiver, &Value::str(name))?;
    vm.call(&method, arguments)
}
