//! Tree shapes: precedence, associativity and the node each construct
//! builds, written out in the compact form of `dump_module`.

use pyl_grammar::ast::{Constant, ExprKind, StmtKind};
use pyl_grammar::{dump_module, parse_expression, parse_module};

/// The dump of a one-line module.
fn dump(source: &str) -> String {
    let module = parse_module(source).unwrap_or_else(|e| panic!("{source:?}: {}", e.message));
    dump_module(&module, source).trim_end().to_string()
}

#[test]
fn power_binds_tighter_than_unary_minus_on_its_left() {
    assert_eq!(
        dump("-2**2"),
        "Expr@1:0(UnaryOp@1:0(USub, BinOp@1:1(Constant@1:1(2), Pow, Constant@1:4(2))))"
    );
    assert_eq!(
        dump("2**-1"),
        "Expr@1:0(BinOp@1:0(Constant@1:0(2), Pow, UnaryOp@1:3(USub, Constant@1:4(1))))"
    );
}

#[test]
fn power_is_right_associative_and_minus_left_associative() {
    assert_eq!(
        dump("a**b**c"),
        "Expr@1:0(BinOp@1:0(Name@1:0(a), Pow, BinOp@1:3(Name@1:3(b), Pow, Name@1:6(c))))"
    );
    assert_eq!(
        dump("a-b-c"),
        "Expr@1:0(BinOp@1:0(BinOp@1:0(Name@1:0(a), Sub, Name@1:2(b)), Sub, Name@1:4(c)))"
    );
}

#[test]
fn arithmetic_levels() {
    assert_eq!(
        dump("a+b*c"),
        "Expr@1:0(BinOp@1:0(Name@1:0(a), Add, BinOp@1:2(Name@1:2(b), Mult, Name@1:4(c))))"
    );
    assert_eq!(
        dump("a|b^c&d<<e"),
        "Expr@1:0(BinOp@1:0(Name@1:0(a), BitOr, BinOp@1:2(Name@1:2(b), BitXor, BinOp@1:4(Name@1:4(c), BitAnd, BinOp@1:6(Name@1:6(d), LShift, Name@1:9(e))))))"
    );
}

#[test]
fn boolean_operators_are_flat_and_not_binds_tighter() {
    assert_eq!(
        dump("a or b and not c or d"),
        "Expr@1:0(BoolOp@1:0(Or, [Name@1:0(a), BoolOp@1:5(And, [Name@1:5(b), UnaryOp@1:11(Not, Name@1:15(c))]), Name@1:20(d)]))"
    );
}

#[test]
fn comparisons_chain() {
    assert_eq!(
        dump("a < b is not c not in d"),
        "Expr@1:0(Compare@1:0(Name@1:0(a), [Lt, IsNot, NotIn], [Name@1:4(b), Name@1:13(c), Name@1:22(d)]))"
    );
}

#[test]
fn conditional_expression_and_lambda() {
    assert_eq!(
        dump("x = a if b else c if d else e"),
        "Assign@1:0([Name@1:0(x)], IfExp@1:4(Name@1:9(b), Name@1:4(a), IfExp@1:16(Name@1:21(d), Name@1:16(c), Name@1:28(e))))"
    );
    assert_eq!(
        dump("f = lambda a, *b, c=1, **d: a"),
        "Assign@1:0([Name@1:0(f)], Lambda@1:4(Params([], [a:_=_], b:_=_, [c:_=Constant@1:20(1)], d:_=_), Name@1:28(a)))"
    );
}

#[test]
fn assignments() {
    assert_eq!(
        dump("a = b = 1"),
        "Assign@1:0([Name@1:0(a), Name@1:4(b)], Constant@1:8(1))"
    );
    assert_eq!(
        dump("a, *b = c"),
        "Assign@1:0([Tuple@1:0([Name@1:0(a), Starred@1:3(Name@1:4(b))])], Name@1:8(c))"
    );
    assert_eq!(dump("x.y[0] += 1"), "AugAssign@1:0(Subscript@1:0(Attribute@1:0(Name@1:0(x), y), Constant@1:4(0)), Add, Constant@1:10(1))");
    assert_eq!(
        dump("x: int = 1"),
        "AnnAssign@1:0(Name@1:0(x), Name@1:3(int), Constant@1:9(1))"
    );
}

#[test]
fn subscripts_and_slices() {
    assert_eq!(
        dump("a[1:2, ::3]"),
        "Expr@1:0(Subscript@1:0(Name@1:0(a), Tuple@1:2([Slice@1:2(Constant@1:2(1), Constant@1:4(2), _), Slice@1:7(_, _, Constant@1:9(3))])))"
    );
}

#[test]
fn calls_with_every_kind_of_argument() {
    assert_eq!(
        dump("f(a, *b, c=1, **d)"),
        "Expr@1:0(Call@1:0(Name@1:0(f), [Name@1:2(a), Starred@1:5(Name@1:6(b))], [c=Constant@1:11(1), **=Name@1:16(d)]))"
    );
    assert_eq!(
        dump("f(x for x in y)"),
        "Expr@1:0(Call@1:0(Name@1:0(f), [GeneratorExp@1:1(Name@1:2(x), [for Name@1:8(x) in Name@1:13(y) if [] false])], []))"
    );
}

#[test]
fn displays_and_comprehensions() {
    assert_eq!(dump("{}"), "Expr@1:0(Dict@1:0([]))");
    assert_eq!(
        dump("{**a, 1: 2}"),
        "Expr@1:0(Dict@1:0([_: Name@1:3(a), Constant@1:6(1): Constant@1:9(2)]))"
    );
    assert_eq!(
        dump("{1, *a}"),
        "Expr@1:0(Set@1:0([Constant@1:1(1), Starred@1:4(Name@1:5(a))]))"
    );
    assert_eq!(dump("()"), "Expr@1:0(Tuple@1:0([]))");
    assert_eq!(dump("(1,)"), "Expr@1:0(Tuple@1:0([Constant@1:1(1)]))");
    assert_eq!(
        dump("[x for x in y if x for z in x]"),
        "Expr@1:0(ListComp@1:0(Name@1:1(x), [for Name@1:7(x) in Name@1:12(y) if [Name@1:17(x)] false, for Name@1:23(z) in Name@1:28(x) if [] false]))"
    );
}

#[test]
fn literals_are_decoded() {
    let value = |source: &str| match parse_expression(source).map(|e| e.kind) {
        Ok(ExprKind::Constant(constant)) => constant,
        other => panic!("{source}: {other:?}"),
    };
    assert_eq!(value("0xFF"), Constant::Int(255));
    assert_eq!(value("0o17"), Constant::Int(15));
    assert_eq!(value("0b101"), Constant::Int(5));
    assert_eq!(value("1_000"), Constant::Int(1000));
    assert_eq!(value("1e-3"), Constant::Float(1e-3));
    assert_eq!(value(".5"), Constant::Float(0.5));
    assert_eq!(value("1_000.0"), Constant::Float(1000.0));
    assert_eq!(value("2j"), Constant::Imaginary(2.0));
    assert_eq!(
        value("99999999999999999999"),
        Constant::BigInt {
            digits: "99999999999999999999".into(),
            radix: 10
        }
    );
    assert_eq!(
        value(r"'a\tb\x41\u00e9\U0001F600\101\d'"),
        Constant::Str("a\tbA\u{e9}\u{1F600}A\\d".into())
    );
    assert_eq!(value(r"r'\d\''"), Constant::Str(r"\d\'".into()));
    assert_eq!(value("'a' \"b\" '''c'''"), Constant::Str("abc".into()));
    assert_eq!(
        value(r"b'\x00\777' rb'\n'"),
        Constant::Bytes(vec![0, 0xFF, b'\\', b'n'])
    );
    assert_eq!(
        value("'line\\\ncontinued'"),
        Constant::Str("linecontinued".into())
    );
}

#[test]
fn fstrings_build_joined_strings() {
    assert_eq!(
        dump("f'a{x=}b{y:>{w}}' 'c'"),
        "Expr@1:0(JoinedStr([Constant(s'ax\\3d'), Formatted(Name@1:4(x), r, _), Constant(s'b'), Formatted(Name@1:9(y), _, JoinedStr([Constant(s'\\3e'), Formatted(Name@1:13(w), _, _)])), Constant(s'c')]))"
    );
    assert_eq!(
        dump("f'{{}}{x!s}'"),
        "Expr@1:0(JoinedStr([Constant(s'\\7b\\7d'), Formatted(Name@1:7(x), s, _)]))"
    );
}

#[test]
fn statements() {
    let source = "if a:\n    pass\nelif b:\n    pass\nelse:\n    x = 1\n";
    assert_eq!(dump(source), "If@1:0(Name@1:3(a), [Pass@2:4], [If@3:0(Name@3:5(b), [Pass@4:4], [Assign@6:4([Name@6:4(x)], Constant@6:8(1))])])");
    assert_eq!(
        dump("if x: a; b"),
        "If@1:0(Name@1:3(x), [Expr@1:6(Name@1:6(a)), Expr@1:9(Name@1:9(b))], [])"
    );
    assert_eq!(
        dump("from ..a.b import c as d"),
        "ImportFrom@1:0(a.b, [c as d], 2)"
    );
    assert_eq!(dump("from . import *"), "ImportFrom@1:0(, [* as _], 1)");
    assert_eq!(
        dump("with (a as b, c):\n    pass"),
        "With@1:0([Name@1:6(a) as Name@1:11(b), Name@1:14(c) as _], [Pass@2:4], false)"
    );
    assert_eq!(
        dump("with (a) as b:\n    pass"),
        "With@1:0([Name@1:6(a) as Name@1:12(b)], [Pass@2:4], false)"
    );
    let module =
        parse_module("@d\ndef f(a, /, b=1, *, c, **k) -> int:\n    return a\n").expect("def");
    let StmtKind::FunctionDef(function) = &module.body[0].kind else {
        panic!("not a def")
    };
    assert_eq!(
        (
            function.params.posonly.len(),
            function.params.args.len(),
            function.params.kwonly.len()
        ),
        (1, 1, 1)
    );
    assert_eq!(function.decorators.len(), 1);
    assert!(function.returns.is_some());
}

#[test]
fn windows_line_endings_and_tabs() {
    assert_eq!(
        dump("if x:\r\n\tpass\r\n"),
        "If@1:0(Name@1:3(x), [Pass@2:1], [])"
    );
    assert_eq!(dump("x = (1,\n     2)\ny = 3 \\\n  + 4"), "Assign@1:0([Name@1:0(x)], Tuple@1:4([Constant@1:5(1), Constant@2:5(2)]))\nAssign@3:0([Name@3:0(y)], BinOp@3:4(Constant@3:4(3), Add, Constant@4:4(4)))");
}
