//! `str`: immutable Unicode text.
//!
//! The text is stored as UTF-8. Python indexes strings by code point, so
//! `PyStr` also records the number of code points: when it equals the byte
//! length (pure ASCII, the common case) indexing and slicing are O(1) byte
//! operations; otherwise they walk the characters. The hash is computed
//! once and cached, since every dict lookup of a name needs it.
//!
//! The methods live in the files of `objects/str/`, one concept each:
//! searching, splitting and joining, case, layout and encoding, `format`,
//! `translate`.

mod case;
mod format;
mod layout;
mod search;
mod split;
mod translate;
mod unicode;

use super::exception::type_error;
use super::type_object::type_name;
use super::{PyResult, Value};
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, LazyLock, Mutex};

/// A Python string.
#[derive(Debug)]
pub struct PyStr {
    text: String,
    char_count: usize,
    /// -1 until computed (Python never uses -1 as a hash).
    hash: AtomicI64,
}

impl PyStr {
    /// A string holding `text`.
    pub fn new(text: String) -> PyStr {
        let char_count = if text.is_ascii() {
            text.len()
        } else {
            text.chars().count()
        };
        PyStr {
            text,
            char_count,
            hash: AtomicI64::new(-1),
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// `len(s)`: the number of code points.
    pub fn char_count(&self) -> usize {
        self.char_count
    }

    /// True when every character is ASCII (bytes and code points coincide).
    pub fn is_ascii(&self) -> bool {
        self.char_count == self.text.len()
    }

    /// The hash, computed on first use.
    pub fn hash(&self) -> i64 {
        let cached = self.hash.load(Ordering::Relaxed);
        if cached != -1 {
            return cached;
        }
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        self.text.hash(&mut hasher);
        let hash = match hasher.finish() as i64 {
            -1 => -2,
            h => h,
        };
        self.hash.store(hash, Ordering::Relaxed);
        hash
    }

    /// The character at code-point index `index` (already in range).
    pub fn char_at(&self, index: usize) -> Option<char> {
        if self.is_ascii() {
            self.text.as_bytes().get(index).map(|b| *b as char)
        } else {
            self.text.chars().nth(index)
        }
    }

    /// The code points `indices`, in order, as a new string.
    pub fn select(&self, indices: impl Iterator<Item = usize>) -> String {
        if self.is_ascii() {
            let bytes = self.text.as_bytes();
            indices.map(|i| bytes[i] as char).collect()
        } else {
            let chars: Vec<char> = self.text.chars().collect();
            indices.map(|i| chars[i]).collect()
        }
    }

    /// The byte offset of code point `index` (the length when past the end).
    pub fn byte_offset(&self, index: usize) -> usize {
        if self.is_ascii() {
            return index.min(self.text.len());
        }
        self.text
            .char_indices()
            .nth(index)
            .map(|(offset, _)| offset)
            .unwrap_or(self.text.len())
    }

    /// The code-point index of byte offset `offset` (a char boundary).
    pub fn char_index(&self, offset: usize) -> usize {
        if self.is_ascii() {
            offset
        } else {
            self.text
                .get(..offset)
                .map(|head| head.chars().count())
                .unwrap_or(self.char_count)
        }
    }

    /// The contiguous code points `start..end`.
    pub fn substring(&self, start: usize, end: usize) -> &str {
        if start >= end {
            return "";
        }
        if self.is_ascii() {
            return &self.text[start..end];
        }
        let mut offsets = self
            .text
            .char_indices()
            .map(|(offset, _)| offset)
            .chain([self.text.len()]);
        let begin = offsets.nth(start).unwrap_or(self.text.len());
        let finish = offsets.nth(end - start - 1).unwrap_or(self.text.len());
        &self.text[begin..finish]
    }
}

/// Interned strings: every identifier the compiler sees, shared.
static INTERNED: LazyLock<Mutex<HashMap<String, Arc<PyStr>>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// The one shared string object for `text`, as CPython interns identifiers:
/// a global name in one function and the same name in the module's dict are
/// then the same object, so a lookup compares pointers, not bytes.
pub fn intern(text: &str) -> Arc<PyStr> {
    let slot = (text.as_ptr() as usize >> 3) % RECENT_SLOTS;
    let recent = RECENT.with(|recent| match &recent.borrow()[slot] {
        Some((address, found)) if *address == text.as_ptr() as usize && found.as_str() == text => {
            Some(found.clone())
        }
        _ => None,
    });
    if let Some(found) = recent {
        return found;
    }
    let found = intern_shared(text);
    RECENT.with(|recent| recent.borrow_mut()[slot] = Some((text.as_ptr() as usize, found.clone())));
    found
}

/// How many names each thread's `RECENT` cache remembers.
const RECENT_SLOTS: usize = 512;

/// One remembered name: the address of the text asked for, and its string.
type RecentName = Option<(usize, Arc<PyStr>)>;

thread_local! {
    /// The names this thread interned lately, by the address of the text
    /// asked for. Attribute and special-method lookups ask again and again
    /// for the same names, held by code objects or written as literals, at
    /// the same addresses: this spares them the shared table's lock and
    /// hashing. An entry counts only if its text still matches, so a freed
    /// and reused address cannot return the wrong string.
    static RECENT: std::cell::RefCell<Vec<RecentName>> =
        std::cell::RefCell::new(vec![None; RECENT_SLOTS]);
}

/// `intern` through the table all threads share.
fn intern_shared(text: &str) -> Arc<PyStr> {
    let mut table = match INTERNED.lock() {
        Ok(table) => table,
        Err(poisoned) => poisoned.into_inner(),
    };
    if let Some(found) = table.get(text) {
        return found.clone();
    }
    let made = Arc::new(PyStr::new(text.to_string()));
    table.insert(text.to_string(), made.clone());
    made
}

/// Python's `repr()` of a string: quoted, with escapes.
pub fn repr(text: &str) -> String {
    let quote = if text.contains('\'') && !text.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(text.len() + 2);
    out.push(quote);
    for ch in text.chars() {
        match ch {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if is_printable(c) => out.push(c),
            c => out.push_str(&escape_code_point(c)),
        }
    }
    out.push(quote);
    out
}

/// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for a character `repr` must not show raw.
pub fn escape_code_point(c: char) -> String {
    let code = c as u32;
    if code < 0x100 {
        format!("\\x{code:02x}")
    } else if code < 0x10000 {
        format!("\\u{code:04x}")
    } else {
        format!("\\U{code:08x}")
    }
}

/// Whether `repr` shows a character as itself (an approximation of
/// Python's `str.isprintable` by Unicode category).
pub fn is_printable(c: char) -> bool {
    if c.is_ascii() {
        return (' '..='~').contains(&c);
    }
    let code = c as u32;
    !(c.is_control()
        || (0x2028..=0x2029).contains(&code)
        || (0xE000..=0xF8FF).contains(&code)
        || (0xD800..=0xDFFF).contains(&code)
        || code == 0xAD
        || (0x200B..=0x200F).contains(&code)
        || (0x202A..=0x202E).contains(&code)
        || (0x2060..=0x2064).contains(&code)
        || code == 0xFEFF
        || (0xFFF9..=0xFFFB).contains(&code)
        || c.is_whitespace() && code != 0x20)
}

/// The `PyStr` a method was called on (the dispatch guarantees a str, but a
/// wrong receiver is an error, not a crash).
fn receiver(value: &Value, method: &str) -> PyResult<Arc<PyStr>> {
    // An instance of a subclass (`dict.keys(ordered)`) lends its built-in value.
    match value.builtin_base() {
        Value::Str(text) => Ok(text.clone()),
        _ => type_error(format!(
            "descriptor '{method}' for 'str' objects doesn't apply to a '{}' object",
            type_name(value)
        )),
    }
}

/// The methods of this type, by name (receiver first among the arguments).
pub static METHODS: &[(&str, super::function::NativeFn)] = &[
    ("find", search::find),
    ("rfind", search::rfind),
    ("index", search::index),
    ("rindex", search::rindex),
    ("count", search::count),
    ("startswith", search::startswith),
    ("endswith", search::endswith),
    ("replace", search::replace),
    ("partition", search::partition),
    ("rpartition", search::rpartition),
    ("removeprefix", search::removeprefix),
    ("removesuffix", search::removesuffix),
    ("split", split::split),
    ("rsplit", split::rsplit),
    ("splitlines", split::splitlines),
    ("join", split::join),
    ("strip", split::strip),
    ("lstrip", split::lstrip),
    ("rstrip", split::rstrip),
    ("upper", case::upper),
    ("lower", case::lower),
    ("title", case::title),
    ("capitalize", case::capitalize),
    ("swapcase", case::swapcase),
    ("casefold", case::casefold),
    ("isdigit", case::isdigit),
    ("isdecimal", case::isdecimal),
    ("isnumeric", case::isnumeric),
    ("isalpha", case::isalpha),
    ("isalnum", case::isalnum),
    ("isspace", case::isspace),
    ("isupper", case::isupper),
    ("islower", case::islower),
    ("istitle", case::istitle),
    ("isidentifier", case::isidentifier),
    ("isascii", case::isascii),
    ("isprintable", case::isprintable),
    ("zfill", layout::zfill),
    ("ljust", layout::ljust),
    ("rjust", layout::rjust),
    ("center", layout::center),
    ("expandtabs", layout::expandtabs),
    ("encode", layout::encode),
    ("format", format::format),
    ("format_map", format::format_map),
    ("translate", translate::translate),
];

/// The static methods of `str`, reached through the class or an instance
/// (their first argument is then the class).
pub static CLASS_METHODS: &[(&str, super::function::NativeFn)] =
    &[("maketrans", translate::maketrans)];
