//! Binding a built-in's arguments to named parameters, for the functions
//! CPython writes in Python (`random.randint`, `json.dumps`,
//! `os.path.join` ...): they accept keywords and fail with the messages of
//! a Python function, `Random.randint() missing 1 required positional
//! argument: 'b'`, which `Args::expect` (C-style messages) does not give.

use crate::objects::exception::type_error;
use crate::objects::function::Args;
use crate::objects::{PyResult, Value};

/// The parameter list of a library function written in Python.
pub struct Signature {
    /// The name messages use: `Random.randint`, `dumps`.
    pub name: &'static str,
    /// Positional-or-keyword parameters, in order (`self` left out).
    pub positional: &'static [&'static str],
    /// How many of `positional`, from the front, have no default.
    pub required: usize,
    /// Keyword-only parameters; all of them have defaults.
    pub keyword_only: &'static [&'static str],
    /// True for a method: Python counts its `self` in "takes 3 positional
    /// arguments but 4 were given".
    pub method: bool,
}

impl Signature {
    /// One slot per parameter (positional ones first, then keyword-only),
    /// `None` where the caller left a default. Errors come in CPython's
    /// order: keyword problems, then too many positionals, then missing ones.
    pub fn bind(&self, args: Args) -> PyResult<Vec<Option<Value>>> {
        let given = args.positional.len();
        let mut slots: Vec<Option<Value>> =
            vec![None; self.positional.len() + self.keyword_only.len()];
        for (slot, value) in slots.iter_mut().zip(args.positional) {
            *slot = Some(value);
        }
        for (key, value) in args.keywords {
            let names = self.positional.iter().chain(self.keyword_only);
            match names.clone().position(|name| *name == key) {
                None => {
                    return type_error(format!(
                        "{}() got an unexpected keyword argument '{key}'",
                        self.name
                    ))
                }
                Some(index) if slots[index].is_some() => {
                    return type_error(format!(
                        "{}() got multiple values for argument '{key}'",
                        self.name
                    ))
                }
                Some(index) => slots[index] = Some(value),
            }
        }
        if given > self.positional.len() {
            return type_error(self.too_many(given));
        }
        let missing: Vec<&str> = self.positional[..self.required]
            .iter()
            .zip(&slots)
            .filter(|(_, slot)| slot.is_none())
            .map(|(name, _)| *name)
            .collect();
        if !missing.is_empty() {
            return type_error(self.missing(&missing));
        }
        Ok(slots)
    }

    /// `f() takes 2 positional arguments but 3 were given`.
    fn too_many(&self, given: usize) -> String {
        let extra = self.method as usize;
        let (low, high) = (self.required + extra, self.positional.len() + extra);
        let takes = if low == high {
            let plural = if high == 1 { "" } else { "s" };
            format!("{high} positional argument{plural}")
        } else {
            format!("from {low} to {high} positional arguments")
        };
        let given = given + extra;
        let verb = if given == 1 { "was" } else { "were" };
        format!("{}() takes {takes} but {given} {verb} given", self.name)
    }

    /// `f() missing 2 required positional arguments: 'a' and 'b'`.
    fn missing(&self, names: &[&str]) -> String {
        let quoted: Vec<String> = names.iter().map(|name| format!("'{name}'")).collect();
        let listed = match quoted.as_slice() {
            [one] => one.clone(),
            [first, second] => format!("{first} and {second}"),
            [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
            [] => String::new(),
        };
        let plural = if names.len() == 1 { "" } else { "s" };
        format!(
            "{}() missing {} required positional argument{plural}: {listed}",
            self.name,
            names.len()
        )
    }
}
