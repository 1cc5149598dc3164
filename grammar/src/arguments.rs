//! Parameter lists (`def f(a, /, b=1, *args, c, **kw)`) and call arguments
//! (`f(x, *xs, key=v, **kw)`).
//!
//! Both are parsed as flat comma lists of items and put in order here. That
//! keeps the grammar free of the conflicts a rule-per-section grammar gets,
//! and puts every ordering rule in one readable place, with CPython 3.11's
//! message for each ("non-default argument follows default argument",
//! "positional argument follows keyword argument" ...).

use crate::ast::*;
use crate::error::SyntaxError;
use crate::nodes::{expr, stmt};
use crate::scan_errors::syntax_error;
use std::collections::HashSet;

/// One item of a parameter list, as the grammar reads it.
pub enum ParamItem {
    /// `name[: annotation][= default]`.
    Plain(Param),
    /// The `/` ending the positional-only parameters, at this byte.
    Slash(usize),
    /// `*args`, or a bare `*` (then `None`), at this byte.
    Star(usize, Option<Param>),
    /// `**kwargs`.
    DoubleStar(Param),
}

/// One item of a call's argument list, as the grammar reads it.
pub enum ArgItem {
    /// `x` or `*xs`.
    Positional(Expr),
    /// `x for x in y` without its own parentheses: only valid alone.
    Generator(Expr),
    /// `key=value` or `**mapping`.
    Keyword(Keyword),
}

/// A parameter from its name and annotation, its default and its span.
pub(crate) fn param(
    named: (String, Option<Expr>),
    default: Option<Expr>,
    l: usize,
    r: usize,
) -> Param {
    let (name, annotation) = named;
    Param {
        name,
        annotation,
        default,
        span: Span::new(l, r),
    }
}

/// An error at byte `at`.
fn error_at(message: &str, at: usize) -> SyntaxError {
    syntax_error(message, at, at + 1)
}

/// What has been seen so far while ordering a parameter list.
#[derive(Default)]
struct ParamState {
    params: Parameters,
    slash: bool,
    star: Option<usize>,
    double_star: bool,
    default: bool,
}

impl ParamState {
    /// Files one item into its section, rejecting it if it is out of order.
    fn add(&mut self, item: ParamItem) -> Result<(), SyntaxError> {
        match item {
            ParamItem::Plain(param) => self.add_plain(param)?,
            ParamItem::Slash(at) => {
                if self.slash {
                    return Err(error_at("/ may appear only once", at));
                }
                if self.star.is_some() {
                    return Err(error_at("/ must be ahead of *", at));
                }
                if self.params.args.is_empty() {
                    return Err(error_at("at least one argument must precede /", at));
                }
                self.slash = true;
                self.params.posonly = std::mem::take(&mut self.params.args);
            }
            ParamItem::Star(at, vararg) => {
                if self.star.is_some() {
                    return Err(error_at("* argument may appear only once", at));
                }
                self.star = Some(at);
                self.params.vararg = vararg;
            }
            ParamItem::DoubleStar(kwarg) => {
                self.double_star = true;
                self.params.kwarg = Some(kwarg);
            }
        }
        Ok(())
    }

    /// A plain parameter: keyword-only after `*`, else positional.
    fn add_plain(&mut self, param: Param) -> Result<(), SyntaxError> {
        if self.star.is_some() {
            self.params.kwonly.push(param);
            return Ok(());
        }
        if param.default.is_none() && self.default {
            return Err(syntax_error(
                "non-default argument follows default argument",
                param.span.start,
                param.span.end,
            ));
        }
        self.default |= param.default.is_some();
        self.params.args.push(param);
        Ok(())
    }
}

/// The start byte of a parameter-list item, for error messages.
fn item_start(item: &ParamItem) -> usize {
    match item {
        ParamItem::Plain(param) | ParamItem::DoubleStar(param) => param.span.start,
        ParamItem::Slash(at) | ParamItem::Star(at, _) => *at,
    }
}

/// Orders a flat parameter list into `Parameters`, checking Python's rules.
fn build_params(items: Vec<ParamItem>) -> Result<Parameters, SyntaxError> {
    let mut state = ParamState::default();
    for item in items {
        if state.double_star {
            return Err(error_at(
                "arguments cannot follow var-keyword argument",
                item_start(&item),
            ));
        }
        state.add(item)?;
    }
    if let Some(at) = state.star {
        if state.params.vararg.is_none() && state.params.kwonly.is_empty() {
            return Err(error_at("named arguments must follow bare *", at));
        }
    }
    check_duplicates(&state.params)?;
    Ok(state.params)
}

/// Rejects `def f(x, x)`.
fn check_duplicates(params: &Parameters) -> Result<(), SyntaxError> {
    let all = params
        .posonly
        .iter()
        .chain(&params.args)
        .chain(&params.vararg)
        .chain(&params.kwonly)
        .chain(&params.kwarg);
    let mut seen = HashSet::new();
    for param in all {
        if !seen.insert(param.name.as_str()) {
            let message = format!("duplicate argument '{}' in function definition", param.name);
            return Err(syntax_error(message, param.span.start, param.span.end));
        }
    }
    Ok(())
}

/// `[async] def name(params) -> returns: body` (decorators come later).
pub(crate) fn build_function(
    name: String,
    params: Vec<ParamItem>,
    returns: Option<Expr>,
    body: Vec<Stmt>,
    is_async: bool,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    let params = build_params(params)?;
    let function = FunctionDef {
        name,
        params,
        body,
        decorators: Vec::new(),
        returns,
        is_async,
    };
    Ok(stmt(StmtKind::FunctionDef(Box::new(function)), l, r))
}

/// `lambda params: body`.
pub(crate) fn build_lambda(
    params: Vec<ParamItem>,
    body: Expr,
    l: usize,
    r: usize,
) -> Result<Expr, SyntaxError> {
    let params = Box::new(build_params(params)?);
    Ok(expr(
        ExprKind::Lambda {
            params,
            body: Box::new(body),
        },
        l,
        r,
    ))
}

/// `class name(bases, keywords): body`.
pub(crate) fn build_class(
    name: String,
    args: Vec<ArgItem>,
    body: Vec<Stmt>,
    l: usize,
    r: usize,
) -> Result<Stmt, SyntaxError> {
    if let Some(ArgItem::Generator(generator)) = args.first() {
        return Err(syntax_error(
            "invalid syntax",
            generator.span.start,
            generator.span.end,
        ));
    }
    let (bases, keywords) = order_arguments(args)?;
    let class = ClassDef {
        name,
        bases,
        keywords,
        body,
        decorators: Vec::new(),
    };
    Ok(stmt(StmtKind::ClassDef(Box::new(class)), l, r))
}

/// `func(args)`; `open` is where the `(` stands.
pub(crate) fn build_call(
    func: Expr,
    mut args: Vec<ArgItem>,
    open: usize,
    l: usize,
    r: usize,
) -> Result<Expr, SyntaxError> {
    if let [ArgItem::Generator(generator)] = args.as_mut_slice() {
        // `f(x for x in y)`: the call's parentheses are the generator's.
        generator.span = Span::new(open, r);
    }
    let (args, keywords) = order_arguments(args)?;
    Ok(expr(
        ExprKind::Call {
            func: Box::new(func),
            args,
            keywords,
        },
        l,
        r,
    ))
}

/// Splits call arguments into positional ones and keywords, checking
/// that they come in an order Python accepts.
fn order_arguments(items: Vec<ArgItem>) -> Result<(Vec<Expr>, Vec<Keyword>), SyntaxError> {
    let alone = items.len() == 1;
    let (mut args, mut keywords) = (Vec::new(), Vec::<Keyword>::new());
    let (mut seen_keyword, mut seen_double_star) = (false, false);
    for item in items {
        match item {
            ArgItem::Positional(arg) => {
                let starred = matches!(arg.kind, ExprKind::Starred(_));
                let message = match (starred, seen_keyword, seen_double_star) {
                    (true, _, true) => {
                        "iterable argument unpacking follows keyword argument unpacking"
                    }
                    (false, _, true) => "positional argument follows keyword argument unpacking",
                    (false, true, false) => "positional argument follows keyword argument",
                    _ => "",
                };
                if !message.is_empty() {
                    return Err(syntax_error(message, arg.span.start, arg.span.end));
                }
                args.push(arg);
            }
            ArgItem::Generator(generator) if alone => args.push(generator),
            ArgItem::Generator(generator) => {
                let message = "Generator expression must be parenthesized";
                return Err(syntax_error(
                    message,
                    generator.span.start,
                    generator.span.end,
                ));
            }
            ArgItem::Keyword(keyword) => {
                check_repeated(&keywords, &keyword)?;
                seen_double_star |= keyword.arg.is_none();
                seen_keyword |= keyword.arg.is_some();
                keywords.push(keyword);
            }
        }
    }
    Ok((args, keywords))
}

/// Rejects `f(a=1, a=2)`.
fn check_repeated(keywords: &[Keyword], keyword: &Keyword) -> Result<(), SyntaxError> {
    let Some(name) = &keyword.arg else {
        return Ok(());
    };
    if keywords.iter().any(|k| k.arg.as_ref() == Some(name)) {
        let message = format!("keyword argument repeated: {name}");
        return Err(syntax_error(message, keyword.span.start, keyword.span.end));
    }
    Ok(())
}
