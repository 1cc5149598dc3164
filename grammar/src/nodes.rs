//! Small constructors the grammar's actions call to build AST nodes.
//!
//! Keeping these out of `pyl.lalrpop` keeps the grammar readable (one line
//! per rule) and lets rustc check them before lalrpop's generated code is
//! involved. Helpers that can fail return `Result<_, SyntaxError>`; the
//! grammar wraps the error with `user` for lalrpop.

use crate::ast::*;
use crate::error::SyntaxError;
use crate::scan_errors::syntax_error;
use crate::token::Token;
use lalrpop_util::ParseError;

/// What the single start symbol of the grammar produced: a module, or one
/// expression when the lexer started with `ExpressionMode`.
pub enum Top {
    Module(Module),
    Expression(Expr),
}

/// The most `elif` clauses one `if` may have: each one nests the next `If`
/// one level deeper in the tree.
const MAX_ELIFS: usize = 1000;

/// Wraps our error as lalrpop's "user" error.
pub(crate) fn user(error: SyntaxError) -> ParseError<usize, Token, SyntaxError> {
    ParseError::User { error }
}

/// A plain `SyntaxError` pointing at byte `at`.
pub(crate) fn error_at(message: &str, at: usize) -> SyntaxError {
    syntax_error(message, at, at + 1)
}

/// An expression node spanning `l..r`.
pub(crate) fn expr(kind: ExprKind, l: usize, r: usize) -> Expr {
    Expr {
        kind,
        span: Span::new(l, r),
    }
}

/// A statement node spanning `l..r`.
pub(crate) fn stmt(kind: StmtKind, l: usize, r: usize) -> Stmt {
    Stmt {
        kind,
        span: Span::new(l, r),
    }
}

/// `a op b`.
pub(crate) fn binop(left: Expr, op: BinOp, right: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::BinOp {
            left: Box::new(left),
            op,
            right: Box::new(right),
        },
        l,
        r,
    )
}

/// `op operand`.
pub(crate) fn unary(op: UnaryOp, operand: Expr, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::UnaryOp {
            op,
            operand: Box::new(operand),
        },
        l,
        r,
    )
}

/// `a or b or c`: one flat node, as in Python's `ast`.
pub(crate) fn bool_op(op: BoolOp, first: Expr, rest: Vec<Expr>, l: usize, r: usize) -> Expr {
    let mut values = vec![first];
    values.extend(rest);
    expr(ExprKind::BoolOp { op, values }, l, r)
}

/// `a < b <= c`: one chained comparison.
pub(crate) fn compare(left: Expr, rest: Vec<(CmpOp, Expr)>, l: usize, r: usize) -> Expr {
    let (ops, comparators) = rest.into_iter().unzip();
    expr(
        ExprKind::Compare {
            left: Box::new(left),
            ops,
            comparators,
        },
        l,
        r,
    )
}

/// The item itself if there is one and no comma, else a tuple.
pub(crate) fn tuple_or_single(mut items: Vec<Expr>, comma: bool, l: usize, r: usize) -> Expr {
    if items.len() == 1 && !comma {
        if let Some(item) = items.pop() {
            return item;
        }
    }
    expr(ExprKind::Tuple(items), l, r)
}

/// What goes between `[` and `]`: a lone `*a` is a one-item tuple.
pub(crate) fn subscript_index(items: Vec<Expr>, comma: bool, l: usize, r: usize) -> Expr {
    let starred = matches!(
        items.as_slice(),
        [Expr {
            kind: ExprKind::Starred(_),
            ..
        }]
    );
    tuple_or_single(items, comma || starred, l, r)
}

/// `( ... )`: a tuple if there is a comma, else the inner expression
/// (whose span stays its own, as in CPython). `(*a)` is an error.
pub(crate) fn parenthesized(
    items: Vec<Expr>,
    comma: bool,
    l: usize,
    r: usize,
) -> Result<Expr, SyntaxError> {
    let result = tuple_or_single(items, comma, l, r);
    if let ExprKind::Starred(_) = result.kind {
        return Err(syntax_error(
            "cannot use starred expression here",
            result.span.start,
            result.span.end,
        ));
    }
    Ok(result)
}

/// `name := value`.
pub(crate) fn named_expr(name: String, l: usize, name_end: usize, value: Expr, r: usize) -> Expr {
    let target = expr(ExprKind::Name(name), l, name_end);
    expr(
        ExprKind::NamedExpr {
            target: Box::new(target),
            value: Box::new(value),
        },
        l,
        r,
    )
}

/// `lower:upper:step` in a subscript.
pub(crate) fn slice(
    lower: Option<Expr>,
    upper: Option<Expr>,
    step: Option<Expr>,
    l: usize,
    r: usize,
) -> Expr {
    let kind = ExprKind::Slice {
        lower: lower.map(Box::new),
        upper: upper.map(Box::new),
        step: step.map(Box::new),
    };
    expr(kind, l, r)
}

/// `{k: v, **m}`.
pub(crate) fn dict(items: Vec<(Option<Expr>, Expr)>, l: usize, r: usize) -> Expr {
    let (keys, values) = items.into_iter().unzip();
    expr(ExprKind::Dict { keys, values }, l, r)
}

/// `(elt for ... )`.
pub(crate) fn generator(elt: Expr, generators: Vec<Comprehension>, l: usize, r: usize) -> Expr {
    expr(
        ExprKind::GeneratorExp {
            elt: Box::new(elt),
            generators,
        },
        l,
        r,
    )
}

/// Attaches decorators to the `def` or `class` statement they precede.
pub(crate) fn with_decorators(mut statement: Stmt, decorators: Vec<Expr>) -> Stmt {
    match &mut statement.kind {
        StmtKind::FunctionDef(function) => function.decorators = decorators,
        StmtKind::ClassDef(class) => class.decorators = decorators,
        _ => {}
    }
    statement
}

/// One `elif test: body` clause, before it is folded into nested `If`s.
pub struct ElifClause {
    pub start: usize,
    pub test: Expr,
    pub body: Vec<Stmt>,
    pub end: usize,
}

/// `if ... elif ... else ...`: each `elif` becomes an `If` alone in the
/// `orelse` of the one before it, as in Python's `ast`.
pub(crate) fn if_statement(
    l: usize,
    r: usize,
    test: Expr,
    body: Vec<Stmt>,
    elifs: Vec<ElifClause>,
    orelse: Option<Vec<Stmt>>,
) -> Result<Stmt, SyntaxError> {
    if elifs.len() > MAX_ELIFS {
        let message = "too many 'elif' clauses (pyl allows 1000)";
        return Err(error_at(message, elifs[MAX_ELIFS].start));
    }
    let mut orelse = orelse.unwrap_or_default();
    for clause in elifs.into_iter().rev() {
        let kind = StmtKind::If {
            test: clause.test,
            body: clause.body,
            orelse,
        };
        orelse = vec![stmt(kind, clause.start, r.max(clause.end))];
    }
    Ok(stmt(StmtKind::If { test, body, orelse }, l, r))
}

/// `try: ... except ...: ... else: ... finally: ...`.
pub(crate) fn try_statement(
    body: Vec<Stmt>,
    handlers: Vec<ExceptHandler>,
    orelse: Option<Vec<Stmt>>,
    finalbody: Option<Vec<Stmt>>,
    l: usize,
    r: usize,
) -> Stmt {
    let kind = StmtKind::Try {
        body,
        handlers,
        orelse: orelse.unwrap_or_default(),
        finalbody: finalbody.unwrap_or_default(),
    };
    stmt(kind, l, r)
}

/// What follows `from x import`.
pub enum ImportNames {
    /// `*`, at this span.
    Star(Span),
    /// `a as b, c` or `(a, b,)`.
    List(Vec<Alias>),
    /// `a, b,` with no parentheses: an error at the comma.
    TrailingComma(usize),
}

/// `from [dots]module import names`.
pub(crate) fn import_from(
    level: usize,
    module: Option<String>,
    names: ImportNames,
    import_at: usize,
) -> Result<StmtKind, SyntaxError> {
    if level == 0 && module.is_none() {
        return Err(error_at("invalid syntax", import_at));
    }
    let names = match names {
        ImportNames::Star(span) => vec![Alias {
            name: "*".to_string(),
            asname: None,
            span,
        }],
        ImportNames::List(names) => names,
        ImportNames::TrailingComma(at) => {
            let message = "trailing comma not allowed without surrounding parentheses";
            return Err(error_at(message, at));
        }
    };
    Ok(StmtKind::ImportFrom {
        module: module.unwrap_or_default(),
        names,
        level,
    })
}
