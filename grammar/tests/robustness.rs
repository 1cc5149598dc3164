//! No input may panic the front end or overflow its stack: deep nesting,
//! byte soup and every prefix of a real script must parse or fail cleanly.
//! These run on the default 2 MiB test-thread stack on purpose.

use pyl_grammar::{parse_expression, parse_module};

/// Parses `source` and reports whether it parsed (the point is to return).
fn survives(source: &str) -> bool {
    parse_module(source).is_ok()
}

#[test]
fn deep_brackets_are_an_error_not_a_crash() {
    assert!(!survives(&"(".repeat(10_000)));
    assert!(!survives(&"[".repeat(10_000)));
    assert!(!survives(&format!(
        "x = {}1{}",
        "(".repeat(300),
        ")".repeat(300)
    )));
}

#[test]
fn deep_operator_chains_are_capped() {
    let cases = [
        format!("{}1", "-".repeat(100_000)),
        format!("{}1", "not ".repeat(100_000)),
        format!("{}1", "~".repeat(100_000)),
        vec!["1"; 100_000].join("+"),
        vec!["2"; 100_000].join("**"),
        format!("a{}", ".b".repeat(100_000)),
        format!("f{}", "()".repeat(100_000)),
        format!("a{}", "[0]".repeat(100_000)),
        format!("x = {}0", "lambda: ".repeat(100_000)),
        format!("x = {}0", "lambda a=".repeat(100_000)),
        format!("x = {}0", "1 if 2 else ".repeat(100_000)),
    ];
    for source in &cases {
        let error = parse_module(source).expect_err("too deep");
        assert!(
            error.message.starts_with("too many nested"),
            "{}: {}",
            &source[..20],
            error.message
        );
    }
    // A long but flat statement is fine, and so is CPython-sized nesting.
    assert!(survives(&format!(
        "x = [{}]",
        vec!["-1"; 50_000].join(", ")
    )));
    assert!(survives(&format!("{}1", "-".repeat(900))));
}

#[test]
fn deep_ast_is_dropped_without_overflow() {
    let source = format!("{}1", "-".repeat(pyl_grammar::MAX_NESTING));
    let module = parse_module(&source).expect("within the limit");
    drop(module);
}

#[test]
fn many_elifs_are_capped() {
    let mut source = String::from("if x:\n    pass\n");
    source.push_str(&"elif x:\n    pass\n".repeat(5_000));
    assert!(!survives(&source));
    let mut fine = String::from("if x:\n    pass\n");
    fine.push_str(&"elif x:\n    pass\n".repeat(500));
    assert!(survives(&fine));
}

/// A small deterministic generator, so failures reproduce.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn byte_soup_never_panics() {
    let alphabet: Vec<char> =
        " \t\n\\'\"#()[]{}:;,.=+-*/%@<>!&|^~0123456789abcdefjxobrRuUfFBN_\u{e9}\u{20ac}\u{0}\r"
            .chars()
            .chain("if else def class lambda yield await for in not and or is".chars())
            .collect();
    let mut random = Xorshift(0x2545_f491_4f6c_dd1d);
    for _ in 0..3_000 {
        let len = (random.next() % 80) as usize;
        let source: String = (0..len)
            .map(|_| alphabet[(random.next() % alphabet.len() as u64) as usize])
            .collect();
        let _ = parse_module(&source);
        let _ = parse_expression(&source);
    }
}

#[test]
fn token_soup_never_panics() {
    let words = [
        "x", "1", "'s'", "f'{x}'", "(", ")", "[", "]", "{", "}", ":", ",", "=", "+", "*", "**",
        "\n", "    ", "if ", "else", "elif ", "for ", " in ", "def ", "class ", "lambda ",
        "yield ", "await ", "with ", " as ", "try", "except", "finally", "return ", "import ",
        "from ", ".", "...", ";", "->", ":=", "not ", "async ", "@", "del ", "global ", "\t",
        "\\\n", "#c\n", "'''", "b'x'",
    ];
    let mut random = Xorshift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..5_000 {
        let len = (random.next() % 30) as usize;
        let source: String = (0..len)
            .map(|_| words[(random.next() % words.len() as u64) as usize])
            .collect();
        let _ = parse_module(&source);
    }
}

const SCRIPT: &str = r#"
import threading, queue as q
from .pkg import (a as b, c,)

@decorator(arg=1)
class Worker(threading.Thread, metaclass=Meta):
    """A worker."""
    count: int = 0

    def __init__(self, n, /, *args, key=None, **kw) -> None:
        super().__init__(*args, **kw)
        self.n, self.key = n, key

    async def run(self):
        async with lock as held:
            total = sum(i * i for i in range(self.n) if i % 2)
        try:
            value = {k: v for k, v in zip("ab", [1, 2])}
        except (KeyError, ValueError) as error:
            raise RuntimeError(f"bad {error!r:>10} {self.n=}") from error
        else:
            pass
        finally:
            del value
        while (n := self.n) > 0:
            self.n -= 1
            if n == 3: continue
            elif n < 0: break
        else:
            return [*range(3), *(x for x in "abc")], lambda x=1, *y, **z: x
        yield from other()
        x = yield
        return -2 ** -1 if not a and b or c else ~d @ e
"#;

#[test]
fn realistic_script_parses_and_every_prefix_returns() {
    assert!(
        parse_module(SCRIPT).is_ok(),
        "{:?}",
        parse_module(SCRIPT).err()
    );
    for (end, _) in SCRIPT.char_indices() {
        let _ = parse_module(&SCRIPT[..end]);
    }
}
