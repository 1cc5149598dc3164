//! A compact one-line text form of the AST, like Python's `ast.dump`.
//!
//! Every statement and expression prints as `Kind@line:col(children)`, with
//! the line and byte column of its span's start. `tests/ast_dump.py`
//! prints CPython's own tree in the same form, so the two can be compared
//! on any Python file: that is how the parser's shapes and spans are tested
//! against the oracle. Positions inside f-strings are left out, because
//! CPython 3.11 does not compute them reliably.

use crate::ast::*;
use std::fmt::Write;

/// The dump of a whole module, one statement per line.
pub fn dump_module(module: &Module, source: &str) -> String {
    let dumper = Dumper {
        line_starts: line_starts(source),
    };
    let mut out = String::new();
    for statement in &module.body {
        let _ = writeln!(out, "{}", dumper.stmt(statement));
    }
    out
}

/// The byte offset where each line starts.
fn line_starts(source: &str) -> Vec<usize> {
    let mut starts = vec![0];
    starts.extend(source.match_indices('\n').map(|(i, _)| i + 1));
    starts
}

/// Knows where lines start, to print positions.
struct Dumper {
    line_starts: Vec<usize>,
}

impl Dumper {
    /// `@line:col` for byte offset `at`.
    fn position(&self, at: usize) -> String {
        let line = self.line_starts.partition_point(|start| *start <= at);
        let col = at - self.line_starts[line.saturating_sub(1)];
        format!("@{line}:{col}")
    }

    fn stmts(&self, body: &[Stmt]) -> String {
        list(body.iter().map(|s| self.stmt(s)))
    }

    fn exprs(&self, items: &[Expr]) -> String {
        list(items.iter().map(|e| self.expr(e)))
    }

    fn option(&self, item: Option<&Expr>) -> String {
        item.map_or_else(|| "_".to_string(), |e| self.expr(e))
    }

    fn stmt(&self, statement: &Stmt) -> String {
        let at = self.position(statement.span.start);
        let body = match &statement.kind {
            StmtKind::Expr(value) => format!("Expr{at}({})", self.expr(value)),
            StmtKind::Assign { targets, value } => {
                format!("Assign{at}({}, {})", self.exprs(targets), self.expr(value))
            }
            StmtKind::AugAssign { target, op, value } => {
                format!(
                    "AugAssign{at}({}, {op:?}, {})",
                    self.expr(target),
                    self.expr(value)
                )
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => format!(
                "AnnAssign{at}({}, {}, {})",
                self.expr(target),
                self.expr(annotation),
                self.option(value.as_ref())
            ),
            StmtKind::If { test, body, orelse } => {
                format!(
                    "If{at}({}, {}, {})",
                    self.expr(test),
                    self.stmts(body),
                    self.stmts(orelse)
                )
            }
            StmtKind::While { test, body, orelse } => {
                format!(
                    "While{at}({}, {}, {})",
                    self.expr(test),
                    self.stmts(body),
                    self.stmts(orelse)
                )
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => format!(
                "For{at}({}, {}, {}, {}, {is_async})",
                self.expr(target),
                self.expr(iter),
                self.stmts(body),
                self.stmts(orelse)
            ),
            StmtKind::Break => format!("Break{at}"),
            StmtKind::Continue => format!("Continue{at}"),
            StmtKind::Pass => format!("Pass{at}"),
            StmtKind::FunctionDef(function) => self.function(function, &at),
            StmtKind::ClassDef(class) => format!(
                "ClassDef{at}({}, {}, {}, {}, {})",
                class.name,
                self.exprs(&class.bases),
                self.keywords(&class.keywords),
                self.stmts(&class.body),
                self.exprs(&class.decorators)
            ),
            StmtKind::Return(value) => format!("Return{at}({})", self.option(value.as_ref())),
            StmtKind::Global(names) => format!("Global{at}({})", names.join(", ")),
            StmtKind::Nonlocal(names) => format!("Nonlocal{at}({})", names.join(", ")),
            StmtKind::Delete(targets) => format!("Delete{at}({})", self.exprs(targets)),
            StmtKind::Assert { test, msg } => format!(
                "Assert{at}({}, {})",
                self.expr(test),
                self.option(msg.as_ref())
            ),
            StmtKind::Raise { exc, cause } => {
                format!(
                    "Raise{at}({}, {})",
                    self.option(exc.as_ref()),
                    self.option(cause.as_ref())
                )
            }
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => format!(
                "Try{at}({}, {}, {}, {})",
                self.stmts(body),
                list(handlers.iter().map(|h| self.handler(h))),
                self.stmts(orelse),
                self.stmts(finalbody)
            ),
            StmtKind::Import(names) => format!("Import{at}({})", aliases(names)),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => {
                format!("ImportFrom{at}({module}, {}, {level})", aliases(names))
            }
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                let items = list(items.iter().map(|i| {
                    format!(
                        "{} as {}",
                        self.expr(&i.context),
                        self.option(i.target.as_ref())
                    )
                }));
                format!("With{at}({items}, {}, {is_async})", self.stmts(body))
            }
        };
        body
    }

    fn function(&self, function: &FunctionDef, at: &str) -> String {
        format!(
            "FunctionDef{at}({}, {}, {}, {}, {}, {})",
            function.name,
            self.params(&function.params),
            self.stmts(&function.body),
            self.exprs(&function.decorators),
            self.option(function.returns.as_ref()),
            function.is_async
        )
    }

    fn handler(&self, handler: &ExceptHandler) -> String {
        let at = self.position(handler.span.start);
        let name = handler.name.as_deref().unwrap_or("_");
        format!(
            "Except{at}({}, {name}, {})",
            self.option(handler.type_.as_ref()),
            self.stmts(&handler.body)
        )
    }

    fn params(&self, params: &Parameters) -> String {
        let one = |p: &Param| {
            format!(
                "{}:{}={}",
                p.name,
                self.option(p.annotation.as_ref()),
                self.option(p.default.as_ref())
            )
        };
        let many = |ps: &[Param]| list(ps.iter().map(one));
        let single = |p: &Option<Param>| p.as_ref().map_or_else(|| "_".to_string(), one);
        format!(
            "Params({}, {}, {}, {}, {})",
            many(&params.posonly),
            many(&params.args),
            single(&params.vararg),
            many(&params.kwonly),
            single(&params.kwarg)
        )
    }

    fn keywords(&self, keywords: &[Keyword]) -> String {
        list(keywords.iter().map(|k| {
            format!(
                "{}={}",
                k.arg.as_deref().unwrap_or("**"),
                self.expr(&k.value)
            )
        }))
    }

    fn comprehensions(&self, generators: &[Comprehension]) -> String {
        list(generators.iter().map(|g| {
            format!(
                "for {} in {} if {} {}",
                self.expr(&g.target),
                self.expr(&g.iter),
                self.exprs(&g.ifs),
                g.is_async
            )
        }))
    }

    fn expr(&self, node: &Expr) -> String {
        let at = self.position(node.span.start);
        match &node.kind {
            ExprKind::JoinedStr(values) => format!(
                "JoinedStr({})",
                list(values.iter().map(|v| self.fstring_part(v)))
            ),
            kind => format!("{}{at}({})", kind_name(kind), self.children(kind)),
        }
    }

    /// A piece of an f-string, printed without positions.
    fn fstring_part(&self, node: &Expr) -> String {
        match &node.kind {
            ExprKind::FormattedValue {
                value,
                conversion,
                format_spec,
            } => {
                let spec = format_spec
                    .as_deref()
                    .map_or_else(|| "_".to_string(), |s| self.fstring_part(s));
                format!(
                    "Formatted({}, {}, {spec})",
                    self.expr(value),
                    conversion.unwrap_or('_')
                )
            }
            ExprKind::JoinedStr(values) => format!(
                "JoinedStr({})",
                list(values.iter().map(|v| self.fstring_part(v)))
            ),
            kind => format!("{}({})", kind_name(kind), self.children(kind)),
        }
    }

    fn children(&self, kind: &ExprKind) -> String {
        let one = |e: &Expr| self.expr(e);
        let boxed = |e: &Option<Box<Expr>>| self.option(e.as_deref());
        match kind {
            ExprKind::Name(name) => name.clone(),
            ExprKind::Constant(constant) => constant_text(constant),
            ExprKind::JoinedStr(values) => self.exprs(values),
            ExprKind::FormattedValue { value, .. } => one(value),
            ExprKind::BoolOp { op, values } => format!("{op:?}, {}", self.exprs(values)),
            ExprKind::BinOp { left, op, right } => format!("{}, {op:?}, {}", one(left), one(right)),
            ExprKind::UnaryOp { op, operand } => format!("{op:?}, {}", one(operand)),
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => format!("{}, {ops:?}, {}", one(left), self.exprs(comparators)),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => {
                format!(
                    "{}, {}, {}",
                    one(func),
                    self.exprs(args),
                    self.keywords(keywords)
                )
            }
            ExprKind::Attribute { value, attr } => format!("{}, {attr}", one(value)),
            ExprKind::Subscript { value, index } => format!("{}, {}", one(value), one(index)),
            ExprKind::Slice { lower, upper, step } => {
                format!("{}, {}, {}", boxed(lower), boxed(upper), boxed(step))
            }
            ExprKind::Starred(value) | ExprKind::YieldFrom(value) | ExprKind::Await(value) => {
                one(value)
            }
            ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
                self.exprs(items)
            }
            ExprKind::Dict { keys, values } => {
                let pairs = keys
                    .iter()
                    .zip(values)
                    .map(|(k, v)| format!("{}: {}", self.option(k.as_ref()), one(v)));
                list(pairs)
            }
            ExprKind::Lambda { params, body } => format!("{}, {}", self.params(params), one(body)),
            ExprKind::IfExp { test, body, orelse } => {
                format!("{}, {}, {}", one(test), one(body), one(orelse))
            }
            ExprKind::ListComp { elt, generators }
            | ExprKind::SetComp { elt, generators }
            | ExprKind::GeneratorExp { elt, generators } => {
                format!("{}, {}", one(elt), self.comprehensions(generators))
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => {
                format!(
                    "{}, {}, {}",
                    one(key),
                    one(value),
                    self.comprehensions(generators)
                )
            }
            ExprKind::Yield(value) => boxed(value),
            ExprKind::NamedExpr { target, value } => format!("{}, {}", one(target), one(value)),
        }
    }
}

/// The node's name as in Python's `ast` module.
fn kind_name(kind: &ExprKind) -> &'static str {
    match kind {
        ExprKind::Name(_) => "Name",
        ExprKind::Constant(_) => "Constant",
        ExprKind::JoinedStr(_) => "JoinedStr",
        ExprKind::FormattedValue { .. } => "FormattedValue",
        ExprKind::BoolOp { .. } => "BoolOp",
        ExprKind::BinOp { .. } => "BinOp",
        ExprKind::UnaryOp { .. } => "UnaryOp",
        ExprKind::Compare { .. } => "Compare",
        ExprKind::Call { .. } => "Call",
        ExprKind::Attribute { .. } => "Attribute",
        ExprKind::Subscript { .. } => "Subscript",
        ExprKind::Slice { .. } => "Slice",
        ExprKind::Starred(_) => "Starred",
        ExprKind::List(_) => "List",
        ExprKind::Tuple(_) => "Tuple",
        ExprKind::Set(_) => "Set",
        ExprKind::Dict { .. } => "Dict",
        ExprKind::Lambda { .. } => "Lambda",
        ExprKind::IfExp { .. } => "IfExp",
        ExprKind::ListComp { .. } => "ListComp",
        ExprKind::SetComp { .. } => "SetComp",
        ExprKind::DictComp { .. } => "DictComp",
        ExprKind::GeneratorExp { .. } => "GeneratorExp",
        ExprKind::Yield(_) => "Yield",
        ExprKind::YieldFrom(_) => "YieldFrom",
        ExprKind::Await(_) => "Await",
        ExprKind::NamedExpr { .. } => "NamedExpr",
    }
}

/// A constant, printed so that Python can print the same text: floats by
/// their bits, text with everything but letters and digits escaped.
fn constant_text(constant: &Constant) -> String {
    match constant {
        Constant::None => "None".into(),
        Constant::True => "True".into(),
        Constant::False => "False".into(),
        Constant::Ellipsis => "Ellipsis".into(),
        Constant::Int(value) => value.to_string(),
        Constant::BigInt { .. } => "BigInt".into(),
        Constant::Float(value) => format!("f{:016x}", value.to_bits()),
        Constant::Imaginary(value) => format!("j{:016x}", value.to_bits()),
        Constant::Str(text) => format!("s'{}'", escape(text.chars().map(u32::from))),
        Constant::Bytes(bytes) => format!("b'{}'", escape(bytes.iter().map(|b| u32::from(*b)))),
    }
}

/// Letters and digits as they are, anything else as `\{hex}`.
fn escape(code_points: impl Iterator<Item = u32>) -> String {
    let mut out = String::new();
    for code in code_points {
        match char::from_u32(code).filter(char::is_ascii_alphanumeric) {
            Some(c) => out.push(c),
            None => {
                let _ = write!(out, "\\{code:x}");
            }
        }
    }
    out
}

/// `[a, b]`.
fn list(items: impl Iterator<Item = String>) -> String {
    format!("[{}]", items.collect::<Vec<_>>().join(", "))
}

/// Import aliases: `a.b as c`.
fn aliases(names: &[Alias]) -> String {
    list(
        names
            .iter()
            .map(|a| format!("{} as {}", a.name, a.asname.as_deref().unwrap_or("_"))),
    )
}
