//! The abstract syntax tree: what the parser builds and the compiler walks.
//!
//! The node names follow Python's own `ast` module (`BinOp`, `Compare`,
//! `FunctionDef`, `ExceptHandler` ...), so `python3 -c "import ast;
//! print(ast.dump(ast.parse(src)))"` shows the same tree a student finds here.
//! Every statement and expression carries the byte span of its source text;
//! line numbers are computed from spans only when they are needed.

/// A half-open byte range `start..end` in the source text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }
}

/// A whole source file: a list of statements.
#[derive(Clone, Debug, Default)]
pub struct Module {
    pub body: Vec<Stmt>,
}

/// One statement and where it stands in the source.
#[derive(Clone, Debug)]
pub struct Stmt {
    pub kind: StmtKind,
    pub span: Span,
}

/// The statement forms of the subset.
#[derive(Clone, Debug)]
pub enum StmtKind {
    /// An expression evaluated for its effect: `f(x)`.
    Expr(Expr),
    /// `a = b = value`: every target, left to right, receives `value`.
    Assign {
        targets: Vec<Expr>,
        value: Expr,
    },
    /// `target op= value`, with `op` the binary operator (`+=` is `Add`).
    AugAssign {
        target: Expr,
        op: BinOp,
        value: Expr,
    },
    /// `target: annotation [= value]`; the annotation is parsed and ignored.
    AnnAssign {
        target: Expr,
        annotation: Expr,
        value: Option<Expr>,
    },
    /// `if test: body else: orelse`; an `elif` is an `If` alone in `orelse`.
    If {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `while test: body else: orelse`.
    While {
        test: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
    },
    /// `[async] for target in iter: body else: orelse`.
    For {
        target: Expr,
        iter: Expr,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        is_async: bool,
    },
    Break,
    Continue,
    Pass,
    /// `def` or `async def`.
    FunctionDef(Box<FunctionDef>),
    /// `class Name(bases, keywords): body`.
    ClassDef(Box<ClassDef>),
    /// `return [value]`.
    Return(Option<Expr>),
    /// `global a, b`.
    Global(Vec<String>),
    /// `nonlocal a, b`.
    Nonlocal(Vec<String>),
    /// `del a, b[i], c.x`.
    Delete(Vec<Expr>),
    /// `assert test[, msg]`.
    Assert {
        test: Expr,
        msg: Option<Expr>,
    },
    /// `raise [exc [from cause]]`.
    Raise {
        exc: Option<Expr>,
        cause: Option<Expr>,
    },
    /// `try: body except...: handlers else: orelse finally: finalbody`.
    Try {
        body: Vec<Stmt>,
        handlers: Vec<ExceptHandler>,
        orelse: Vec<Stmt>,
        finalbody: Vec<Stmt>,
    },
    /// `import a.b.c [as d], e`.
    Import(Vec<Alias>),
    /// `from [.]*module import a [as b], c` (`module` is "" for `from . import x`,
    /// `names` holds one alias named `*` for a star import).
    ImportFrom {
        module: String,
        names: Vec<Alias>,
        level: usize,
    },
    /// `[async] with a as x, b: body`.
    With {
        items: Vec<WithItem>,
        body: Vec<Stmt>,
        is_async: bool,
    },
}

/// A `def` statement or an `async def`.
#[derive(Clone, Debug)]
pub struct FunctionDef {
    pub name: String,
    pub params: Parameters,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
    /// The `-> annotation`, parsed and ignored.
    pub returns: Option<Expr>,
    pub is_async: bool,
}

/// A `class` statement.
#[derive(Clone, Debug)]
pub struct ClassDef {
    pub name: String,
    pub bases: Vec<Expr>,
    pub keywords: Vec<Keyword>,
    pub body: Vec<Stmt>,
    pub decorators: Vec<Expr>,
}

/// The parameter list of a `def` or a `lambda`, in Python's order:
/// `def f(posonly, /, args, *vararg, kwonly, **kwarg)`.
#[derive(Clone, Debug, Default)]
pub struct Parameters {
    pub posonly: Vec<Param>,
    pub args: Vec<Param>,
    pub vararg: Option<Param>,
    pub kwonly: Vec<Param>,
    pub kwarg: Option<Param>,
}

/// One parameter: its name, optional annotation (ignored) and default value.
#[derive(Clone, Debug)]
pub struct Param {
    pub name: String,
    pub annotation: Option<Expr>,
    pub default: Option<Expr>,
    pub span: Span,
}

/// One `except [type [as name]]: body` clause.
#[derive(Clone, Debug)]
pub struct ExceptHandler {
    pub type_: Option<Expr>,
    pub name: Option<String>,
    pub body: Vec<Stmt>,
    pub span: Span,
}

/// One `context [as target]` item of a `with` statement.
#[derive(Clone, Debug)]
pub struct WithItem {
    pub context: Expr,
    pub target: Option<Expr>,
}

/// `name [as asname]` in an import; `name` may be dotted (`os.path`).
#[derive(Clone, Debug)]
pub struct Alias {
    pub name: String,
    pub asname: Option<String>,
    pub span: Span,
}

/// A keyword argument `arg=value` in a call or class header;
/// `arg` is `None` for a `**mapping` unpacking.
#[derive(Clone, Debug)]
pub struct Keyword {
    pub arg: Option<String>,
    pub value: Expr,
    pub span: Span,
}

/// One expression and where it stands in the source.
#[derive(Clone, Debug)]
pub struct Expr {
    pub kind: ExprKind,
    pub span: Span,
}

/// The expression forms of the subset.
#[derive(Clone, Debug)]
pub enum ExprKind {
    /// A variable reference or assignment target: `x`.
    Name(String),
    /// A literal: `1`, `"s"`, `None`, `...`.
    Constant(Constant),
    /// An f-string: its parts are `Constant(Str)` and `FormattedValue`.
    JoinedStr(Vec<Expr>),
    /// One `{value!conversion:format_spec}` field of an f-string;
    /// `format_spec` is itself a `JoinedStr` (specs may nest fields).
    FormattedValue {
        value: Box<Expr>,
        conversion: Option<char>,
        format_spec: Option<Box<Expr>>,
    },
    /// `a and b and c` / `a or b`.
    BoolOp {
        op: BoolOp,
        values: Vec<Expr>,
    },
    /// `left op right`.
    BinOp {
        left: Box<Expr>,
        op: BinOp,
        right: Box<Expr>,
    },
    /// `op operand`.
    UnaryOp {
        op: UnaryOp,
        operand: Box<Expr>,
    },
    /// `left op1 c1 op2 c2 ...`: a chained comparison.
    Compare {
        left: Box<Expr>,
        ops: Vec<CmpOp>,
        comparators: Vec<Expr>,
    },
    /// `func(args, keywords)`; `args` may hold `Starred` for `*iterable`.
    Call {
        func: Box<Expr>,
        args: Vec<Expr>,
        keywords: Vec<Keyword>,
    },
    /// `value.attr`.
    Attribute {
        value: Box<Expr>,
        attr: String,
    },
    /// `value[index]`; `index` is a `Slice`, a `Tuple` or any expression.
    Subscript {
        value: Box<Expr>,
        index: Box<Expr>,
    },
    /// `lower:upper:step` inside a subscript.
    Slice {
        lower: Option<Box<Expr>>,
        upper: Option<Box<Expr>>,
        step: Option<Box<Expr>>,
    },
    /// `*value` in a call, a display or an assignment target.
    Starred(Box<Expr>),
    List(Vec<Expr>),
    Tuple(Vec<Expr>),
    Set(Vec<Expr>),
    /// `{k: v, **m}`: a `None` key stands for a `**m` unpacking.
    Dict {
        keys: Vec<Option<Expr>>,
        values: Vec<Expr>,
    },
    /// `lambda params: body`.
    Lambda {
        params: Box<Parameters>,
        body: Box<Expr>,
    },
    /// `body if test else orelse`.
    IfExp {
        test: Box<Expr>,
        body: Box<Expr>,
        orelse: Box<Expr>,
    },
    ListComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    SetComp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    DictComp {
        key: Box<Expr>,
        value: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    GeneratorExp {
        elt: Box<Expr>,
        generators: Vec<Comprehension>,
    },
    /// `yield [value]`.
    Yield(Option<Box<Expr>>),
    /// `yield from value`.
    YieldFrom(Box<Expr>),
    /// `await value`.
    Await(Box<Expr>),
    /// `target := value`.
    NamedExpr {
        target: Box<Expr>,
        value: Box<Expr>,
    },
}

/// One `[async] for target in iter if cond...` clause of a comprehension.
#[derive(Clone, Debug)]
pub struct Comprehension {
    pub target: Expr,
    pub iter: Expr,
    pub ifs: Vec<Expr>,
    pub is_async: bool,
}

/// A literal value, already decoded (escapes applied, underscores removed).
#[derive(Clone, Debug, PartialEq)]
pub enum Constant {
    None,
    True,
    False,
    Ellipsis,
    /// An integer literal that fits in an i64.
    Int(i64),
    /// An integer literal too big for an i64: its digits (no underscores,
    /// no prefix) in the given radix, for the compiler to turn into a big int.
    BigInt {
        digits: String,
        radix: u32,
    },
    Float(f64),
    /// An imaginary literal `2j` (parsed so the error can name it).
    Imaginary(f64),
    Str(String),
    Bytes(Vec<u8>),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BoolOp {
    And,
    Or,
}

/// The binary operators, also used for augmented assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add,
    Sub,
    Mult,
    MatMult,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitOr,
    BitXor,
    BitAnd,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnaryOp {
    Invert,
    Not,
    UAdd,
    USub,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    Is,
    IsNot,
    In,
    NotIn,
}
