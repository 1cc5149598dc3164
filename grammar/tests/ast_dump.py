"""Prints CPython's AST of a file in the compact form of pyl's `dump.rs`.

Usage: python3 ast_dump.py FILE. Used by `tests/cpython_trees.rs` to check
pyl's trees and spans against the oracle; see `src/dump.rs` for the format.
"""
import ast
import struct
import sys

OPS = {
    ast.Add: "Add", ast.Sub: "Sub", ast.Mult: "Mult", ast.MatMult: "MatMult",
    ast.Div: "Div", ast.FloorDiv: "FloorDiv", ast.Mod: "Mod", ast.Pow: "Pow",
    ast.LShift: "LShift", ast.RShift: "RShift", ast.BitOr: "BitOr",
    ast.BitXor: "BitXor", ast.BitAnd: "BitAnd", ast.And: "And", ast.Or: "Or",
    ast.Invert: "Invert", ast.Not: "Not", ast.UAdd: "UAdd", ast.USub: "USub",
    ast.Eq: "Eq", ast.NotEq: "NotEq", ast.Lt: "Lt", ast.LtE: "LtE", ast.Gt: "Gt",
    ast.GtE: "GtE", ast.Is: "Is", ast.IsNot: "IsNot", ast.In: "In", ast.NotIn: "NotIn",
}


def op(node):
    return OPS[type(node)]


def lst(items):
    return "[" + ", ".join(items) + "]"


def at(node):
    return f"@{node.lineno}:{node.col_offset}"


def opt(node):
    return "_" if node is None else expr(node)


def exprs(nodes):
    return lst(expr(n) for n in nodes)


def stmts(nodes):
    return lst(stmt(n) for n in nodes)


def escape(codes):
    return "".join(chr(c) if chr(c).isascii() and chr(c).isalnum() else f"\\{c:x}" for c in codes)


def constant(value):
    if value is None or value is True or value is False or value is ...:
        return {None: "None", True: "True", False: "False"}.get(value, "Ellipsis") if value is not ... else "Ellipsis"
    if isinstance(value, int):
        return str(value) if -2**63 <= value < 2**63 else "BigInt"
    if isinstance(value, float):
        return "f" + struct.pack(">d", value).hex()
    if isinstance(value, complex):
        return "j" + struct.pack(">d", value.imag).hex()
    if isinstance(value, str):
        return "s'" + escape(ord(c) for c in value) + "'"
    return "b'" + escape(value) + "'"


def params(a):
    pos = a.posonlyargs + a.args
    defaults = [None] * (len(pos) - len(a.defaults)) + list(a.defaults)
    def one(arg, default):
        return f"{arg.arg}:{opt(arg.annotation)}={opt(default)}"
    posonly = [one(x, d) for x, d in zip(pos, defaults)][: len(a.posonlyargs)]
    args = [one(x, d) for x, d in zip(pos, defaults)][len(a.posonlyargs):]
    vararg = one(a.vararg, None) if a.vararg else "_"
    kwonly = [one(x, d) for x, d in zip(a.kwonlyargs, a.kw_defaults)]
    kwarg = one(a.kwarg, None) if a.kwarg else "_"
    return f"Params({lst(posonly)}, {lst(args)}, {vararg}, {lst(kwonly)}, {kwarg})"


def keywords(kws):
    return lst(f"{k.arg or '**'}={expr(k.value)}" for k in kws)


def comps(gens):
    return lst(f"for {expr(g.target)} in {expr(g.iter)} if {exprs(g.ifs)} {str(bool(g.is_async)).lower()}" for g in gens)


def fpart(node):
    if isinstance(node, ast.FormattedValue):
        conv = "_" if node.conversion == -1 else chr(node.conversion)
        spec = "_" if node.format_spec is None else fpart(node.format_spec)
        return f"Formatted({expr(node.value)}, {conv}, {spec})"
    if isinstance(node, ast.JoinedStr):
        return "JoinedStr(" + lst(fpart(v) for v in node.values) + ")"
    return f"Constant({constant(node.value)})"


def expr(n):
    if isinstance(n, ast.JoinedStr):
        return fpart(n)
    name = type(n).__name__
    return f"{name}{at(n)}({children(n)})"


def children(n):
    if isinstance(n, ast.Name): return n.id
    if isinstance(n, ast.Constant): return constant(n.value)
    if isinstance(n, ast.BoolOp): return f"{op(n.op)}, {exprs(n.values)}"
    if isinstance(n, ast.BinOp): return f"{expr(n.left)}, {op(n.op)}, {expr(n.right)}"
    if isinstance(n, ast.UnaryOp): return f"{op(n.op)}, {expr(n.operand)}"
    if isinstance(n, ast.Compare): return f"{expr(n.left)}, {lst(op(o) for o in n.ops)}, {exprs(n.comparators)}"
    if isinstance(n, ast.Call): return f"{expr(n.func)}, {exprs(n.args)}, {keywords(n.keywords)}"
    if isinstance(n, ast.Attribute): return f"{expr(n.value)}, {n.attr}"
    if isinstance(n, ast.Subscript): return f"{expr(n.value)}, {expr(n.slice)}"
    if isinstance(n, ast.Slice): return f"{opt(n.lower)}, {opt(n.upper)}, {opt(n.step)}"
    if isinstance(n, (ast.Starred, ast.YieldFrom, ast.Await)): return expr(n.value)
    if isinstance(n, (ast.List, ast.Tuple, ast.Set)): return exprs(n.elts)
    if isinstance(n, ast.Dict): return lst(f"{opt(k)}: {expr(v)}" for k, v in zip(n.keys, n.values))
    if isinstance(n, ast.Lambda): return f"{params(n.args)}, {expr(n.body)}"
    if isinstance(n, ast.IfExp): return f"{expr(n.test)}, {expr(n.body)}, {expr(n.orelse)}"
    if isinstance(n, (ast.ListComp, ast.SetComp, ast.GeneratorExp)): return f"{expr(n.elt)}, {comps(n.generators)}"
    if isinstance(n, ast.DictComp): return f"{expr(n.key)}, {expr(n.value)}, {comps(n.generators)}"
    if isinstance(n, ast.Yield): return opt(n.value)
    if isinstance(n, ast.NamedExpr): return f"{expr(n.target)}, {expr(n.value)}"
    raise ValueError(type(n).__name__)


def alias(names):
    return lst(f"{a.name} as {a.asname or '_'}" for a in names)


def stmt(n):
    a = at(n)
    t = type(n).__name__
    is_async = t.startswith("Async")
    flag = str(is_async).lower()
    if isinstance(n, ast.Expr): return f"Expr{a}({expr(n.value)})"
    if isinstance(n, ast.Assign): return f"Assign{a}({exprs(n.targets)}, {expr(n.value)})"
    if isinstance(n, ast.AugAssign): return f"AugAssign{a}({expr(n.target)}, {op(n.op)}, {expr(n.value)})"
    if isinstance(n, ast.AnnAssign): return f"AnnAssign{a}({expr(n.target)}, {expr(n.annotation)}, {opt(n.value)})"
    if isinstance(n, ast.If): return f"If{a}({expr(n.test)}, {stmts(n.body)}, {stmts(n.orelse)})"
    if isinstance(n, ast.While): return f"While{a}({expr(n.test)}, {stmts(n.body)}, {stmts(n.orelse)})"
    if isinstance(n, (ast.For, ast.AsyncFor)):
        return f"For{a}({expr(n.target)}, {expr(n.iter)}, {stmts(n.body)}, {stmts(n.orelse)}, {flag})"
    if isinstance(n, (ast.Break, ast.Continue, ast.Pass)): return f"{t}{a}"
    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return f"FunctionDef{a}({n.name}, {params(n.args)}, {stmts(n.body)}, {exprs(n.decorator_list)}, {opt(n.returns)}, {flag})"
    if isinstance(n, ast.ClassDef):
        return f"ClassDef{a}({n.name}, {exprs(n.bases)}, {keywords(n.keywords)}, {stmts(n.body)}, {exprs(n.decorator_list)})"
    if isinstance(n, ast.Return): return f"Return{a}({opt(n.value)})"
    if isinstance(n, ast.Global): return f"Global{a}({', '.join(n.names)})"
    if isinstance(n, ast.Nonlocal): return f"Nonlocal{a}({', '.join(n.names)})"
    if isinstance(n, ast.Delete): return f"Delete{a}({exprs(n.targets)})"
    if isinstance(n, ast.Assert): return f"Assert{a}({expr(n.test)}, {opt(n.msg)})"
    if isinstance(n, ast.Raise): return f"Raise{a}({opt(n.exc)}, {opt(n.cause)})"
    if isinstance(n, ast.Try):
        handlers = lst(f"Except{at(h)}({opt(h.type)}, {h.name or '_'}, {stmts(h.body)})" for h in n.handlers)
        return f"Try{a}({stmts(n.body)}, {handlers}, {stmts(n.orelse)}, {stmts(n.finalbody)})"
    if isinstance(n, ast.Import): return f"Import{a}({alias(n.names)})"
    if isinstance(n, ast.ImportFrom): return f"ImportFrom{a}({n.module or ''}, {alias(n.names)}, {n.level})"
    if isinstance(n, (ast.With, ast.AsyncWith)):
        items = lst(f"{expr(i.context_expr)} as {opt(i.optional_vars)}" for i in n.items)
        return f"With{a}({items}, {stmts(n.body)}, {flag})"
    raise ValueError(t)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        tree = ast.parse(f.read())
    for node in tree.body:
        print(stmt(node))


main()
