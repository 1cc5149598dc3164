//! Every syntax error the front end reports, checked against the class and
//! message CPython 3.11 gives for the same source (verified by running
//! `compile(src, "x", "exec")` under python3 3.11).

use pyl_grammar::{parse_module, SyntaxErrorKind};
use SyntaxErrorKind::{Indentation, Syntax, Tab};

/// Asserts that `source` fails with `kind` and `message`.
fn fails(source: &str, kind: SyntaxErrorKind, message: &str) {
    match parse_module(source) {
        Ok(_) => panic!("{source:?} parsed, expected {message:?}"),
        Err(error) => {
            assert_eq!(error.message, message, "message for {source:?}");
            assert_eq!(error.kind, kind, "kind for {source:?}");
        }
    }
}

/// The 1-based line an error for `source` points at.
fn error_line(source: &str) -> usize {
    let error = parse_module(source).expect_err("should fail");
    source[..error.span.start].matches('\n').count() + 1
}

#[test]
fn indentation_errors() {
    fails(
        "if x:\npass",
        Indentation,
        "expected an indented block after 'if' statement on line 1",
    );
    fails(
        "if x:\n  a\nelif y:\nz",
        Indentation,
        "expected an indented block after 'elif' statement on line 3",
    );
    fails(
        "if x:\n  a\nelse:\nz",
        Indentation,
        "expected an indented block after 'else' statement on line 3",
    );
    fails(
        "while x:\nz",
        Indentation,
        "expected an indented block after 'while' statement on line 1",
    );
    fails(
        "for a in b:\nz",
        Indentation,
        "expected an indented block after 'for' statement on line 1",
    );
    fails(
        "with a:\nz",
        Indentation,
        "expected an indented block after 'with' statement on line 1",
    );
    fails(
        "try:\nz",
        Indentation,
        "expected an indented block after 'try' statement on line 1",
    );
    fails(
        "try:\n  a\nexcept:\nz",
        Indentation,
        "expected an indented block after 'except' statement on line 3",
    );
    fails(
        "try:\n  a\nfinally:\nz",
        Indentation,
        "expected an indented block after 'finally' statement on line 3",
    );
    fails(
        "def f():\nz",
        Indentation,
        "expected an indented block after function definition on line 1",
    );
    fails(
        "async def f():\nz",
        Indentation,
        "expected an indented block after function definition on line 1",
    );
    fails(
        "class A:\nz",
        Indentation,
        "expected an indented block after class definition on line 1",
    );
    fails("x = 1\n  y = 2", Indentation, "unexpected indent");
    fails(" x", Indentation, "unexpected indent");
    fails(
        "if x:\n  a\n b",
        Indentation,
        "unindent does not match any outer indentation level",
    );
    fails(
        "if x:\n\ta\n        b",
        Tab,
        "inconsistent use of tabs and spaces in indentation",
    );
}

#[test]
fn block_header_at_end_of_input_asks_for_more() {
    for source in ["if x:\n", "if x:", "def f():\n    # comment only\n"] {
        let error = parse_module(source).expect_err("no block");
        assert!(error.unexpected_eof, "{source:?}");
        assert_eq!(error.kind, Indentation);
    }
    assert_eq!(error_line("if x:\n"), 1);
}

#[test]
fn too_many_indentation_levels() {
    let deep: String = (0..101)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect::<String>()
        + &" ".repeat(101)
        + "pass\n";
    fails(&deep, Indentation, "too many levels of indentation");
    let fine: String = (0..99)
        .map(|i| format!("{}if x:\n", " ".repeat(i)))
        .collect::<String>()
        + &" ".repeat(99)
        + "pass\n";
    assert!(parse_module(&fine).is_ok());
}

#[test]
fn bracket_errors() {
    let error = parse_module("x = (1,\n").expect_err("open");
    assert_eq!(error.message, "'(' was never closed");
    assert!(error.unexpected_eof);
    fails("x = (1, [2,", Syntax, "'[' was never closed");
    fails(
        "x = (1]",
        Syntax,
        "closing parenthesis ']' does not match opening parenthesis '('",
    );
    fails(
        "x = (1,\n2]",
        Syntax,
        "closing parenthesis ']' does not match opening parenthesis '(' on line 1",
    );
    fails("x = )", Syntax, "unmatched ')'");
    fails(&"(".repeat(201), Syntax, "too many nested parentheses");
    assert!(parse_module(&format!("{}{}", "(".repeat(200), ")".repeat(200))).is_ok());
}

#[test]
fn string_errors() {
    fails(
        "x = 'abc\n",
        Syntax,
        "unterminated string literal (detected at line 1)",
    );
    let error = parse_module("x = '''abc\n\n").expect_err("open");
    assert_eq!(
        error.message,
        "unterminated triple-quoted string literal (detected at line 2)"
    );
    assert!(error.unexpected_eof);
    fails(
        "x = b'\u{e9}'",
        Syntax,
        "bytes can only contain ASCII literal characters",
    );
    fails(
        "x = 'a' b'b'",
        Syntax,
        "cannot mix bytes and nonbytes literals",
    );
    fails(
        r#"x = "\x4""#,
        Syntax,
        r"(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \xXX escape",
    );
    fails(
        r#"x = "\u12""#,
        Syntax,
        r"(unicode error) 'unicodeescape' codec can't decode bytes in position 0-3: truncated \uXXXX escape",
    );
    fails(
        r#"x = b"\x4""#,
        Syntax,
        r"(value error) invalid \x escape at position 0",
    );
}

#[test]
fn character_errors() {
    fails("x = '\0'", Syntax, "source code cannot contain null bytes");
    fails(
        "x = \u{20ac}",
        Syntax,
        "invalid character '\u{20ac}' (U+20AC)",
    );
    fails("x = a $ b", Syntax, "invalid syntax");
    fails(
        "x = \\ 1",
        Syntax,
        "unexpected character after line continuation character",
    );
    fails("x = 1 \\", Syntax, "unexpected EOF while parsing");
}

#[test]
fn number_errors() {
    fails("0777", Syntax, "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers");
    fails("1_", Syntax, "invalid decimal literal");
    fails("1abc", Syntax, "invalid decimal literal");
    fails("1.__class__", Syntax, "invalid decimal literal");
    fails("0x", Syntax, "invalid hexadecimal literal");
    fails("0b2", Syntax, "invalid digit '2' in binary literal");
    fails("0o8", Syntax, "invalid digit '8' in octal literal");
    assert!(parse_module("x = 1if y else 2").is_ok());
}

#[test]
fn assignment_target_errors() {
    let here =
        |what: &str| format!("cannot assign to {what} here. Maybe you meant '==' instead of '='?");
    fails("f() = 1", Syntax, &here("function call"));
    fails("1 = x", Syntax, &here("literal"));
    fails("x + 1 = 2", Syntax, &here("expression"));
    fails("f() = 1, 2", Syntax, &here("function call"));
    fails("[x for x in y] = 1", Syntax, &here("list comprehension"));
    fails("None = 1", Syntax, "cannot assign to None");
    fails("a < b = 1", Syntax, "cannot assign to comparison");
    fails("a and b = 1", Syntax, "cannot assign to expression");
    fails("[a, f()] = 1", Syntax, "cannot assign to function call");
    fails("(a, 1) = 2", Syntax, "cannot assign to literal");
    fails("a = f() = 1", Syntax, "cannot assign to function call");
    fails("x = 1 = 2", Syntax, "cannot assign to literal");
    fails("lambda: 1 = 1", Syntax, "cannot assign to lambda");
    fails(
        "a if b else c = 1",
        Syntax,
        "cannot assign to conditional expression",
    );
    fails(
        "(x for x in y) = 1",
        Syntax,
        "cannot assign to generator expression",
    );
    fails(
        "x = yield = 1",
        Syntax,
        "assignment to yield expression not possible",
    );
    fails(
        "*a = 1",
        Syntax,
        "starred assignment target must be in a list or tuple",
    );
    fails(
        "a, *b, *c = 1",
        Syntax,
        "multiple starred expressions in assignment",
    );
    fails(
        "f() += 1",
        Syntax,
        "'function call' is an illegal expression for augmented assignment",
    );
    fails(
        "a, b += 1",
        Syntax,
        "'tuple' is an illegal expression for augmented assignment",
    );
    fails(
        "a, b: int",
        Syntax,
        "only single target (not tuple) can be annotated",
    );
    fails(
        "[a]: int",
        Syntax,
        "only single target (not list) can be annotated",
    );
    fails("f(): int", Syntax, "illegal target for annotation");
    fails("del f()", Syntax, "cannot delete function call");
    fails("del 1", Syntax, "cannot delete literal");
    fails("del *a", Syntax, "cannot delete starred");
    fails("for 1 in x: pass", Syntax, "cannot assign to literal");
    fails("with a as 1: pass", Syntax, "cannot assign to literal");
    fails("[x for 1 in y]", Syntax, "cannot assign to literal");
    fails("*a", Syntax, "can't use starred expression here");
    fails("x = (*a)", Syntax, "cannot use starred expression here");
}

#[test]
fn parameter_and_argument_errors() {
    fails(
        "def f(x, x): pass",
        Syntax,
        "duplicate argument 'x' in function definition",
    );
    fails(
        "def f(a=1, b): pass",
        Syntax,
        "non-default argument follows default argument",
    );
    fails(
        "def f(*, **k): pass",
        Syntax,
        "named arguments must follow bare *",
    );
    fails(
        "def f(/, a): pass",
        Syntax,
        "at least one argument must precede /",
    );
    fails("def f(a, /, b, /): pass", Syntax, "/ may appear only once");
    fails(
        "def f(**k, a): pass",
        Syntax,
        "arguments cannot follow var-keyword argument",
    );
    fails(
        "def f(*a, *b): pass",
        Syntax,
        "* argument may appear only once",
    );
    fails(
        "f(a=1, b)",
        Syntax,
        "positional argument follows keyword argument",
    );
    fails(
        "f(**k, *a)",
        Syntax,
        "iterable argument unpacking follows keyword argument unpacking",
    );
    fails(
        "f(**k, a)",
        Syntax,
        "positional argument follows keyword argument unpacking",
    );
    fails(
        "f(a, x for x in y)",
        Syntax,
        "Generator expression must be parenthesized",
    );
    fails("f(a=1, a=2)", Syntax, "keyword argument repeated: a");
    fails(
        "from x import a,",
        Syntax,
        "trailing comma not allowed without surrounding parentheses",
    );
}

#[test]
fn generic_parse_errors() {
    fails("if x\n", Syntax, "expected ':'");
    fails("def f()\n", Syntax, "expected ':'");
    fails("for x in y\n", Syntax, "expected ':'");
    fails("if x y:\n", Syntax, "invalid syntax");
    fails("x = a b", Syntax, "invalid syntax");
    fails(
        "x = [a b]",
        Syntax,
        "invalid syntax. Perhaps you forgot a comma?",
    );
    fails(
        "print \"x\"",
        Syntax,
        "Missing parentheses in call to 'print'. Did you mean print(...)?",
    );
    fails("class = 1", Syntax, "invalid syntax");
    fails("x = 1 +", Syntax, "invalid syntax");
    fails(
        "try:\n  pass\nx = 1",
        Syntax,
        "expected 'except' or 'finally' block",
    );
    assert_eq!(error_line("try:\n  pass\nx = 1"), 3);
    assert_eq!(error_line("x = 1\ny = (1 2)\n"), 2);
}

#[test]
fn fstring_errors() {
    fails("f'{}'", Syntax, "f-string: empty expression not allowed");
    fails("f'{x'", Syntax, "f-string: expecting '}'");
    fails("f'}'", Syntax, "f-string: single '}' is not allowed");
    fails(
        "f'{x!}'",
        Syntax,
        "f-string: invalid conversion character: expected 's', 'r', or 'a'",
    );
    fails(
        "f'{x:{y:{z}}}'",
        Syntax,
        "f-string: expressions nested too deeply",
    );
    fails(
        "f'{a b}'",
        Syntax,
        "f-string: invalid syntax. Perhaps you forgot a comma?",
    );
    fails("f'{)}'", Syntax, "f-string: unmatched ')'");
    fails(
        r"f'{\n}'",
        Syntax,
        "f-string expression part cannot include a backslash",
    );
    fails(
        "f'{#}'",
        Syntax,
        "f-string expression part cannot include '#'",
    );
    fails(
        "f'{*a}'",
        Syntax,
        "f-string: cannot use starred expression here",
    );
    fails(
        "f'{:x}'",
        Syntax,
        "f-string: expression required before ':'",
    );
}

#[test]
fn features_outside_the_subset() {
    fails(
        "match x:\n    case 1: pass",
        Syntax,
        "'match' statements are not supported by pyl",
    );
    fails(
        "match (x):\n    case 1: pass",
        Syntax,
        "'match' statements are not supported by pyl",
    );
    fails(
        "type X = int",
        Syntax,
        "'type' statements are not supported by pyl",
    );
    fails(
        "try:\n pass\nexcept* E:\n pass",
        Syntax,
        "'except*' clauses are not supported by pyl",
    );
    // `match` and `type` stay ordinary names.
    assert!(parse_module("match = 1\nmatch(x)\ntype(x)\nmatch.x = type").is_ok());
}
