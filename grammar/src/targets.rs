//! Assignment and deletion targets: checked after parsing, as in CPython.
//!
//! The grammar parses the left side of `=` (and the targets of `for`,
//! `with ... as`, `del` and comprehensions) as ordinary expressions; an LR
//! parser cannot know it is reading a target until it meets the `=`. These
//! functions then reject what cannot be assigned to, with CPython 3.11's
//! messages ("cannot assign to function call here. Maybe you meant '=='
//! instead of '='?", "cannot delete literal" ...).

use crate::ast::*;
use crate::error::SyntaxError;
use crate::nodes::stmt;
use crate::scan_errors::syntax_error;

/// What a target is for: it changes only the verb of the message.
#[derive(Clone, Copy, PartialEq)]
enum Action {
    Assign,
    Delete,
}

/// An error pointing at the whole of `node`.
fn error_on(node: &Expr, message: impl Into<String>) -> SyntaxError {
    syntax_error(message, node.span.start, node.span.end)
}

/// Python's name for the kind of `node`, as used in its error messages.
fn describe(node: &Expr) -> &'static str {
    match &node.kind {
        ExprKind::Name(_) => "name",
        ExprKind::Attribute { .. } => "attribute",
        ExprKind::Subscript { .. } => "subscript",
        ExprKind::Starred(_) => "starred",
        ExprKind::List(_) => "list",
        ExprKind::Tuple(_) => "tuple",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::Call { .. } => "function call",
        ExprKind::BoolOp { .. } | ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Yield(_) | ExprKind::YieldFrom(_) => "yield expression",
        ExprKind::Await(_) => "await expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::JoinedStr(_) | ExprKind::FormattedValue { .. } => "f-string expression",
        ExprKind::Constant(Constant::None) => "None",
        ExprKind::Constant(Constant::True) => "True",
        ExprKind::Constant(Constant::False) => "False",
        ExprKind::Constant(Constant::Ellipsis) => "ellipsis",
        ExprKind::Constant(_) => "literal",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::NamedExpr { .. } => "named expression",
        ExprKind::Slice { .. } => "slice",
    }
}

/// Finds the first part of `target` that cannot be assigned to (or
/// deleted) and says why.
fn check_target(target: &Expr, action: Action) -> Result<(), SyntaxError> {
    match &target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => Ok(()),
        ExprKind::Tuple(items) | ExprKind::List(items) => check_sequence(target, items, action),
        ExprKind::Starred(inner) if action == Action::Assign => check_target(inner, action),
        _ => {
            let verb = if action == Action::Assign {
                "assign to"
            } else {
                "delete"
            };
            Err(error_on(
                target,
                format!("cannot {verb} {}", describe(target)),
            ))
        }
    }
}

/// Checks each item of a tuple or list target; at most one may be starred.
fn check_sequence(whole: &Expr, items: &[Expr], action: Action) -> Result<(), SyntaxError> {
    for item in items {
        check_target(item, action)?;
    }
    let starred = items
        .iter()
        .filter(|item| matches!(item.kind, ExprKind::Starred(_)))
        .count();
    if action == Action::Assign && starred > 1 {
        return Err(error_on(
            whole,
            "multiple starred expressions in assignment",
        ));
    }
    Ok(())
}

/// Checks a target of `=`, `for`, `with ... as` or a comprehension.
fn check_assign_target(target: &Expr) -> Result<(), SyntaxError> {
    if let ExprKind::Starred(_) = target.kind {
        return Err(error_on(
            target,
            "starred assignment target must be in a list or tuple",
        ));
    }
    check_target(target, Action::Assign)
}

/// True for the targets CPython answers with "... here. Maybe you meant
/// '==' instead of '='?": single-`=` statements whose target is an operand
/// that a comparison could have been meant for.
fn suggests_comparison(target: &Expr) -> bool {
    match &target.kind {
        ExprKind::Constant(c) => !matches!(c, Constant::None | Constant::True | Constant::False),
        ExprKind::UnaryOp { op, .. } => *op != UnaryOp::Not,
        ExprKind::Call { .. }
        | ExprKind::BinOp { .. }
        | ExprKind::Await(_)
        | ExprKind::JoinedStr(_)
        | ExprKind::Dict { .. }
        | ExprKind::Set(_)
        | ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::NamedExpr { .. } => true,
        _ => false,
    }
}

/// An expression used as a statement: `f(x)`. A bare `*a` is an error.
pub(crate) fn expression_statement(value: Expr, l: usize, r: usize) -> Result<Stmt, SyntaxError> {
    if let ExprKind::Starred(_) = value.kind {
        return Err(error_on(&value, "can't use starred expression here"));
    }
    Ok(stmt(StmtKind::Expr(value), l, r))
}

/// `t1 = t2 = value`: `first` and `rest` are every expression between the
/// `=` signs; the last one is the value.
pub(crate) fn assign(
    first: Expr,
    rest: Vec<Expr>,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    let mut targets = vec![first];
    targets.extend(rest);
    let Some(value) = targets.pop() else {
        return Err(syntax_error("invalid syntax", l, r));
    };
    let single = targets.len() == 1;
    for target in &targets {
        if matches!(target.kind, ExprKind::Yield(_) | ExprKind::YieldFrom(_)) {
            return Err(error_on(
                target,
                "assignment to yield expression not possible",
            ));
        }
        if single && suggests_comparison(target) {
            let message = format!(
                "cannot assign to {} here. Maybe you meant '==' instead of '='?",
                describe(target)
            );
            return Err(error_on(target, message));
        }
        check_assign_target(target)?;
    }
    Ok(stmt(StmtKind::Assign { targets, value }, l, r))
}

/// `target op= value`.
pub(crate) fn aug_assign(
    target: Expr,
    op: BinOp,
    value: Expr,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    if !matches!(
        target.kind,
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. }
    ) {
        let message = format!(
            "'{}' is an illegal expression for augmented assignment",
            describe(&target)
        );
        return Err(error_on(&target, message));
    }
    Ok(stmt(StmtKind::AugAssign { target, op, value }, l, r))
}

/// `target: annotation [= value]`.
pub(crate) fn ann_assign(
    target: Expr,
    annotation: Expr,
    value: Option<Expr>,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    match &target.kind {
        ExprKind::Name(_) | ExprKind::Attribute { .. } | ExprKind::Subscript { .. } => {}
        ExprKind::Tuple(_) | ExprKind::List(_) => {
            let message = format!(
                "only single target (not {}) can be annotated",
                describe(&target)
            );
            return Err(error_on(&target, message));
        }
        _ => return Err(error_on(&target, "illegal target for annotation")),
    }
    Ok(stmt(
        StmtKind::AnnAssign {
            target,
            annotation,
            value,
        },
        l,
        r,
    ))
}

/// `del a, b[i]`.
pub(crate) fn delete(targets: Vec<Expr>) -> Result<StmtKind, SyntaxError> {
    for target in &targets {
        check_target(target, Action::Delete)?;
    }
    Ok(StmtKind::Delete(targets))
}

/// `[async] for target in iter: body else: orelse`.
pub(crate) fn for_statement(
    target: Expr,
    iter: Expr,
    body: Vec<Stmt>,
    orelse: Vec<Stmt>,
    is_async: bool,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    check_assign_target(&target)?;
    Ok(stmt(
        StmtKind::For {
            target,
            iter,
            body,
            orelse,
            is_async,
        },
        l,
        r,
    ))
}

/// `[async] with a as x, b: body`.
pub(crate) fn with_statement(
    items: Vec<(Expr, Option<Expr>)>,
    body: Vec<Stmt>,
    is_async: bool,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    let mut with_items = Vec::with_capacity(items.len());
    for (context, target) in items {
        if let Some(target) = &target {
            check_assign_target(target)?;
        }
        with_items.push(WithItem { context, target });
    }
    Ok(stmt(
        StmtKind::With {
            items: with_items,
            body,
            is_async,
        },
        l,
        r,
    ))
}

/// One `for target in iter if cond` clause of a comprehension.
pub(crate) fn comprehension(
    target: Expr,
    iter: Expr,
    ifs: Vec<Expr>,
    is_async: bool,
) -> Result<Comprehension, SyntaxError> {
    check_assign_target(&target)?;
    Ok(Comprehension {
        target,
        iter,
        ifs,
        is_async,
    })
}
