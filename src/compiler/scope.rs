//! Scope analysis: decides, before any code is emitted, where each name of
//! each function lives.
//!
//! Python's rule: a name assigned anywhere in a function is local to it
//! (unless declared `global` or `nonlocal`); a name only read is found in the
//! nearest enclosing function that binds it (a *free* variable there, a
//! *cell* in the function that owns it), else among the globals. Class
//! bodies bind names in their own namespace but are skipped when nested
//! functions look outward. This pass walks the AST once, recording what each
//! scope binds and uses, then resolves every name.

use pyl_grammar::ast::*;
use std::collections::{HashMap, HashSet};

/// Where a name lives, which picks the load/store opcodes for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameScope {
    /// A fast local slot (`LoadFast`).
    Local,
    /// A local captured by a nested function (`LoadDeref`, a cellvar).
    Cell,
    /// A variable of an enclosing function (`LoadDeref`, a freevar).
    Free,
    /// A module global (`LoadGlobal`).
    Global,
    /// Module or class level: looked up by name at run time (`LoadName`).
    Namespace,
}

/// The kind of code a scope compiles to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Function,
    Class,
}

/// What the analysis found about one scope.
#[derive(Debug)]
pub struct Scope {
    pub kind: ScopeKind,
    pub names: HashMap<String, NameScope>,
    /// Parameter names in order (they come first among the locals).
    pub parameters: Vec<String>,
    /// Cell and free variables, in first-seen order.
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    /// The function contains `yield`: calling it makes a generator.
    pub is_generator: bool,
    /// The function is a comprehension's: `:=` inside it binds outside.
    is_comprehension: bool,
    bound: Vec<String>,
    used: Vec<String>,
    declared_global: HashSet<String>,
    declared_nonlocal: HashSet<String>,
    parent: Option<usize>,
}

/// A scope-analysis failure: a message and where it points.
#[derive(Debug)]
pub struct ScopeError {
    pub message: String,
    pub span: Span,
}

/// The scopes of a module, keyed by the address of the AST node that opens
/// each (the module, a `FunctionDef`, a lambda or comprehension `Expr`, a `ClassDef`).
#[derive(Debug, Default)]
pub struct ScopeTable {
    pub scopes: Vec<Scope>,
    by_node: HashMap<usize, usize>,
}

impl ScopeTable {
    /// The scope opened by `node`.
    pub fn scope_of<T>(&self, node: &T) -> Option<&Scope> {
        let index = self.by_node.get(&(node as *const T as usize))?;
        self.scopes.get(*index)
    }
}

impl Scope {
    fn new(kind: ScopeKind, parent: Option<usize>) -> Scope {
        Scope {
            kind,
            names: HashMap::new(),
            parameters: Vec::new(),
            cellvars: Vec::new(),
            freevars: Vec::new(),
            is_generator: false,
            is_comprehension: false,
            bound: Vec::new(),
            used: Vec::new(),
            declared_global: HashSet::new(),
            declared_nonlocal: HashSet::new(),
            parent,
        }
    }

    /// Where `name` lives in this scope.
    pub fn lookup(&self, name: &str) -> NameScope {
        match self.names.get(name) {
            Some(scope) => *scope,
            None if self.kind == ScopeKind::Function => NameScope::Global,
            None => NameScope::Namespace,
        }
    }
}

/// Analyses a whole module.
pub fn analyze(module: &Module) -> Result<ScopeTable, ScopeError> {
    let mut builder = Builder {
        table: ScopeTable::default(),
        current: 0,
    };
    builder.open(module, ScopeKind::Module, None);
    builder.statements(&module.body)?;
    builder.resolve()?;
    Ok(builder.table)
}

struct Builder {
    table: ScopeTable,
    current: usize,
}

impl Builder {
    fn open<T>(&mut self, node: &T, kind: ScopeKind, parent: Option<usize>) -> usize {
        let index = self.table.scopes.len();
        self.table.scopes.push(Scope::new(kind, parent));
        self.table.by_node.insert(node as *const T as usize, index);
        index
    }

    fn scope(&mut self) -> &mut Scope {
        &mut self.table.scopes[self.current]
    }

    fn bind(&mut self, name: &str) {
        let scope = self.scope();
        if !scope.bound.iter().any(|n| n == name) {
            scope.bound.push(name.to_string());
        }
    }

    fn use_name(&mut self, name: &str) {
        let scope = self.scope();
        if !scope.used.iter().any(|n| n == name) {
            scope.used.push(name.to_string());
        }
    }

    /// Runs `body` inside a new scope opened by `node`.
    fn nested<T>(
        &mut self,
        node: &T,
        kind: ScopeKind,
        body: impl FnOnce(&mut Builder) -> Result<(), ScopeError>,
    ) -> Result<(), ScopeError> {
        let outer = self.current;
        self.current = self.open(node, kind, Some(outer));
        let result = body(self);
        self.current = outer;
        result
    }

    fn statements(&mut self, body: &[Stmt]) -> Result<(), ScopeError> {
        body.iter().try_for_each(|s| self.statement(s))
    }

    fn statement(&mut self, stmt: &Stmt) -> Result<(), ScopeError> {
        match &stmt.kind {
            StmtKind::Expr(e) => self.expression(e),
            StmtKind::Assign { targets, value } => {
                targets.iter().try_for_each(|t| self.target(t))?;
                self.expression(value)
            }
            StmtKind::AugAssign { target, value, .. } => {
                self.target(target)?;
                self.expression(target)?;
                self.expression(value)
            }
            StmtKind::AnnAssign {
                target,
                annotation,
                value,
            } => {
                self.expression(annotation)?;
                value.iter().try_for_each(|v| self.expression(v))?;
                match value {
                    Some(_) => self.target(target),
                    None if matches!(target.kind, ExprKind::Name(_)) => self.target(target),
                    None => Ok(()),
                }
            }
            StmtKind::If { test, body, orelse } | StmtKind::While { test, body, orelse } => {
                self.expression(test)?;
                self.statements(body)?;
                self.statements(orelse)
            }
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                ..
            } => {
                self.expression(iter)?;
                self.target(target)?;
                self.statements(body)?;
                self.statements(orelse)
            }
            StmtKind::FunctionDef(def) => self.function_def(def),
            StmtKind::ClassDef(class) => self.class_def(class),
            StmtKind::Return(value) => value.iter().try_for_each(|v| self.expression(v)),
            StmtKind::Global(names) => self.declare(names, true, stmt.span),
            StmtKind::Nonlocal(names) => self.declare(names, false, stmt.span),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.target(t)),
            StmtKind::Assert { test, msg } => {
                self.expression(test)?;
                msg.iter().try_for_each(|m| self.expression(m))
            }
            StmtKind::Raise { exc, cause } => exc
                .iter()
                .chain(cause.iter())
                .try_for_each(|e| self.expression(e)),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => {
                self.statements(body)?;
                for handler in handlers {
                    handler.type_.iter().try_for_each(|t| self.expression(t))?;
                    if let Some(name) = &handler.name {
                        self.bind(name);
                    }
                    self.statements(&handler.body)?;
                }
                self.statements(orelse)?;
                self.statements(finalbody)
            }
            StmtKind::Import(aliases) => {
                for alias in aliases {
                    let first = alias.name.split('.').next().unwrap_or(&alias.name);
                    self.bind(alias.asname.as_deref().unwrap_or(first));
                }
                Ok(())
            }
            StmtKind::ImportFrom { names, .. } => {
                for alias in names.iter().filter(|a| a.name != "*") {
                    self.bind(alias.asname.as_deref().unwrap_or(&alias.name));
                }
                Ok(())
            }
            StmtKind::With { items, body, .. } => {
                for item in items {
                    self.expression(&item.context)?;
                    item.target.iter().try_for_each(|t| self.target(t))?;
                }
                self.statements(body)
            }
            StmtKind::Break | StmtKind::Continue | StmtKind::Pass => Ok(()),
        }
    }

    fn declare(&mut self, names: &[String], global: bool, span: Span) -> Result<(), ScopeError> {
        let keyword = if global { "global" } else { "nonlocal" };
        for name in names {
            let scope = self.scope();
            if scope.kind == ScopeKind::Module && !global {
                let message = "nonlocal declaration not allowed at module level".to_string();
                return Err(ScopeError { message, span });
            }
            if scope.bound.iter().any(|n| n == name) || scope.used.iter().any(|n| n == name) {
                let how = if scope.bound.iter().any(|n| n == name) {
                    "assigned to"
                } else {
                    "used"
                };
                let message = format!("name '{name}' is {how} before {keyword} declaration");
                return Err(ScopeError { message, span });
            }
            if global {
                scope.declared_global.insert(name.clone());
            } else {
                scope.declared_nonlocal.insert(name.clone());
            }
        }
        Ok(())
    }

    fn function_def(&mut self, def: &FunctionDef) -> Result<(), ScopeError> {
        def.decorators.iter().try_for_each(|d| self.expression(d))?;
        self.parameter_defaults(&def.params)?;
        def.returns.iter().try_for_each(|r| self.expression(r))?;
        self.bind(&def.name);
        self.nested(def, ScopeKind::Function, |inner| {
            inner.parameters(&def.params);
            inner.statements(&def.body)
        })
    }

    fn class_def(&mut self, class: &ClassDef) -> Result<(), ScopeError> {
        class
            .decorators
            .iter()
            .try_for_each(|d| self.expression(d))?;
        class.bases.iter().try_for_each(|b| self.expression(b))?;
        class
            .keywords
            .iter()
            .try_for_each(|k| self.expression(&k.value))?;
        self.bind(&class.name);
        self.nested(class, ScopeKind::Class, |inner| {
            inner.statements(&class.body)
        })
    }

    /// Defaults and annotations are evaluated in the enclosing scope.
    fn parameter_defaults(&mut self, params: &Parameters) -> Result<(), ScopeError> {
        for param in all_parameters(params) {
            param.default.iter().try_for_each(|d| self.expression(d))?;
            param
                .annotation
                .iter()
                .try_for_each(|a| self.expression(a))?;
        }
        Ok(())
    }

    fn parameters(&mut self, params: &Parameters) {
        for param in all_parameters(params) {
            self.scope().parameters.push(param.name.clone());
            self.bind(&param.name);
        }
    }

    fn target(&mut self, target: &Expr) -> Result<(), ScopeError> {
        match &target.kind {
            ExprKind::Name(name) => {
                self.bind(name);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                items.iter().try_for_each(|t| self.target(t))
            }
            ExprKind::Starred(inner) => self.target(inner),
            _ => self.expression(target),
        }
    }

    fn expression(&mut self, expr: &Expr) -> Result<(), ScopeError> {
        match &expr.kind {
            ExprKind::Name(name) => {
                self.use_name(name);
                Ok(())
            }
            ExprKind::Lambda { params, body } => {
                self.parameter_defaults(params)?;
                self.nested(expr, ScopeKind::Function, |inner| {
                    inner.parameters(params);
                    inner.expression(body)
                })
            }
            ExprKind::ListComp { elt, generators } | ExprKind::SetComp { elt, generators } => {
                self.comprehension(expr, generators, &[elt])
            }
            ExprKind::GeneratorExp { elt, generators } => {
                self.comprehension(expr, generators, &[elt])?;
                let key = expr as *const Expr as usize;
                if let Some(&index) = self.table.by_node.get(&key) {
                    self.table.scopes[index].is_generator = true;
                }
                Ok(())
            }
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.comprehension(expr, generators, &[key, value]),
            ExprKind::NamedExpr { target, value } => {
                self.expression(value)?;
                match &target.kind {
                    ExprKind::Name(name) if self.scope().is_comprehension => {
                        self.bind_outside_comprehension(name, expr.span)
                    }
                    _ => self.target(target),
                }
            }
            ExprKind::Yield(_) | ExprKind::YieldFrom(_) => {
                if self.scope().kind != ScopeKind::Function {
                    let message = "'yield' outside function".to_string();
                    return Err(ScopeError {
                        message,
                        span: expr.span,
                    });
                }
                self.scope().is_generator = true;
                let mut result = Ok(());
                for_each_child(expr, &mut |child| {
                    if result.is_ok() {
                        result = self.expression(child);
                    }
                });
                result
            }
            _ => {
                let mut result = Ok(());
                for_each_child(expr, &mut |child| {
                    if result.is_ok() {
                        result = self.expression(child);
                    }
                });
                result
            }
        }
    }

    /// A comprehension is a function of its own: the first iterable is
    /// evaluated outside and passed in as the hidden parameter `.0`.
    fn comprehension(
        &mut self,
        node: &Expr,
        generators: &[Comprehension],
        results: &[&Expr],
    ) -> Result<(), ScopeError> {
        if let Some(first) = generators.first() {
            self.expression(&first.iter)?;
        }
        self.nested(node, ScopeKind::Function, |inner| {
            inner.scope().is_comprehension = true;
            inner.scope().parameters.push(".0".to_string());
            inner.bind(".0");
            for (i, generator) in generators.iter().enumerate() {
                if i > 0 {
                    inner.expression(&generator.iter)?;
                }
                inner.target(&generator.target)?;
                generator.ifs.iter().try_for_each(|c| inner.expression(c))?;
            }
            results.iter().try_for_each(|r| inner.expression(r))
        })
    }

    /// `name := value` in a comprehension binds `name` in the nearest
    /// enclosing scope that is not a comprehension (PEP 572): a local of
    /// that function (so a nonlocal here), or a global of the module.
    fn bind_outside_comprehension(&mut self, name: &str, span: Span) -> Result<(), ScopeError> {
        let error = |message: String| Err(ScopeError { message, span });
        if self.scope().bound.iter().any(|n| n == name) {
            return error(format!(
                "assignment expression cannot rebind comprehension iteration variable '{name}'"
            ));
        }
        let mut owner = self.current;
        while self.table.scopes[owner].is_comprehension {
            owner = self.table.scopes[owner].parent.unwrap_or(0);
        }
        let kind = self.table.scopes[owner].kind;
        match kind {
            ScopeKind::Class => {
                return error(
                    "assignment expression within a comprehension cannot be used in a class body"
                        .to_string(),
                )
            }
            ScopeKind::Module => self.scope().declared_global.insert(name.to_string()),
            ScopeKind::Function => self.scope().declared_nonlocal.insert(name.to_string()),
        };
        let outer = std::mem::replace(&mut self.current, owner);
        self.bind(name);
        self.current = outer;
        self.scope().used.push(name.to_string());
        Ok(())
    }

    /// Second pass: settle every name of every scope, parents first.
    fn resolve(&mut self) -> Result<(), ScopeError> {
        for index in 0..self.table.scopes.len() {
            self.resolve_locals(index);
        }
        for index in 0..self.table.scopes.len() {
            self.resolve_references(index)?;
        }
        Ok(())
    }

    fn resolve_locals(&mut self, index: usize) {
        let scope = &mut self.table.scopes[index];
        let local = match scope.kind {
            ScopeKind::Function => NameScope::Local,
            _ => NameScope::Namespace,
        };
        for name in scope.declared_global.clone() {
            scope.names.insert(name, NameScope::Global);
        }
        for name in scope.bound.clone() {
            let taken =
                scope.declared_global.contains(&name) || scope.declared_nonlocal.contains(&name);
            if !taken {
                scope.names.insert(name, local);
            }
        }
    }

    fn resolve_references(&mut self, index: usize) -> Result<(), ScopeError> {
        let scope = &self.table.scopes[index];
        let nonlocals: Vec<String> = scope.declared_nonlocal.iter().cloned().collect();
        let mut wanted: Vec<String> = scope.used.clone();
        wanted.extend(scope.bound.iter().cloned());
        for name in nonlocals {
            if !self.capture(index, &name) {
                let message = format!("no binding for nonlocal '{name}' found");
                return Err(ScopeError {
                    message,
                    span: Span::default(),
                });
            }
        }
        let scope = &self.table.scopes[index];
        let wants_class = scope.kind == ScopeKind::Function
            && wanted
                .iter()
                .any(|name| name == "super" || name == "__class__");
        if wants_class {
            self.capture_class_cell(index);
        }
        for name in wanted {
            let scope = &self.table.scopes[index];
            if scope.names.contains_key(&name) || scope.kind == ScopeKind::Module {
                continue;
            }
            self.capture(index, &name);
        }
        Ok(())
    }

    /// A method that uses `super()` (or `__class__`) gets the class being
    /// defined through an implicit cell `__class__` of the class body.
    fn capture_class_cell(&mut self, index: usize) {
        let mut chain = vec![index];
        let mut cursor = self.table.scopes[index].parent;
        while let Some(outer) = cursor {
            if self.table.scopes[outer].kind == ScopeKind::Class {
                self.make_cell(outer, "__class__");
                chain.iter().for_each(|&i| self.make_free(i, "__class__"));
                return;
            }
            chain.push(outer);
            cursor = self.table.scopes[outer].parent;
        }
    }

    /// Makes `name` a free variable of scope `index` if an enclosing function
    /// binds it (marking it a cell there); returns whether one did.
    fn capture(&mut self, index: usize, name: &str) -> bool {
        let mut chain = vec![index];
        let mut cursor = self.table.scopes[index].parent;
        while let Some(outer) = cursor {
            let scope = &self.table.scopes[outer];
            if scope.kind == ScopeKind::Function {
                match scope.names.get(name) {
                    Some(NameScope::Local) | Some(NameScope::Cell) => {
                        self.make_cell(outer, name);
                        chain.iter().for_each(|&i| self.make_free(i, name));
                        return true;
                    }
                    Some(NameScope::Free) => {
                        chain.iter().for_each(|&i| self.make_free(i, name));
                        return true;
                    }
                    Some(NameScope::Global) => return false,
                    _ => chain.push(outer),
                }
            } else if scope.kind == ScopeKind::Class {
                chain.push(outer);
            }
            cursor = scope.parent;
        }
        false
    }

    fn make_cell(&mut self, index: usize, name: &str) {
        let scope = &mut self.table.scopes[index];
        scope.names.insert(name.to_string(), NameScope::Cell);
        if !scope.cellvars.iter().any(|n| n == name) {
            scope.cellvars.push(name.to_string());
        }
    }

    fn make_free(&mut self, index: usize, name: &str) {
        let scope = &mut self.table.scopes[index];
        if scope.kind == ScopeKind::Class && scope.names.contains_key(name) {
            return;
        }
        if scope.kind != ScopeKind::Class {
            scope.names.insert(name.to_string(), NameScope::Free);
        }
        if !scope.freevars.iter().any(|n| n == name) {
            scope.freevars.push(name.to_string());
        }
    }
}

/// Every parameter in declaration order: positional-only, positional,
/// keyword-only, then `*args` and `**kwargs` (the slot order of the frame).
pub fn all_parameters(params: &Parameters) -> impl Iterator<Item = &Param> {
    params
        .posonly
        .iter()
        .chain(params.args.iter())
        .chain(params.kwonly.iter())
        .chain(params.vararg.iter())
        .chain(params.kwarg.iter())
}

/// Calls `visit` on each direct sub-expression of `expr` that is evaluated in
/// the same scope (lambdas and comprehensions open their own and are handled
/// by the caller).
pub fn for_each_child<'a>(expr: &'a Expr, visit: &mut dyn FnMut(&'a Expr)) {
    match &expr.kind {
        ExprKind::Name(_) | ExprKind::Constant(_) => {}
        ExprKind::JoinedStr(parts) => parts.iter().for_each(|p| visit(p)),
        ExprKind::FormattedValue {
            value, format_spec, ..
        } => {
            visit(value);
            format_spec.iter().for_each(|s| visit(s));
        }
        ExprKind::BoolOp { values, .. } => values.iter().for_each(|v| visit(v)),
        ExprKind::BinOp { left, right, .. } => {
            visit(left);
            visit(right);
        }
        ExprKind::UnaryOp { operand, .. } => visit(operand),
        ExprKind::Compare {
            left, comparators, ..
        } => {
            visit(left);
            comparators.iter().for_each(|c| visit(c));
        }
        ExprKind::Call {
            func,
            args,
            keywords,
        } => {
            visit(func);
            args.iter().for_each(|a| visit(a));
            keywords.iter().for_each(|k| visit(&k.value));
        }
        ExprKind::Attribute { value, .. } => visit(value),
        ExprKind::Subscript { value, index } => {
            visit(value);
            visit(index);
        }
        ExprKind::Slice { lower, upper, step } => {
            lower
                .iter()
                .chain(upper.iter())
                .chain(step.iter())
                .for_each(|e| visit(e));
        }
        ExprKind::Starred(inner) | ExprKind::Await(inner) | ExprKind::YieldFrom(inner) => {
            visit(inner)
        }
        ExprKind::Yield(value) => value.iter().for_each(|v| visit(v)),
        ExprKind::List(items) | ExprKind::Tuple(items) | ExprKind::Set(items) => {
            items.iter().for_each(|i| visit(i))
        }
        ExprKind::Dict { keys, values } => {
            keys.iter().flatten().for_each(|k| visit(k));
            values.iter().for_each(|v| visit(v));
        }
        ExprKind::IfExp { test, body, orelse } => {
            visit(test);
            visit(body);
            visit(orelse);
        }
        ExprKind::NamedExpr { target, value } => {
            visit(target);
            visit(value);
        }
        ExprKind::Lambda { .. }
        | ExprKind::ListComp { .. }
        | ExprKind::SetComp { .. }
        | ExprKind::DictComp { .. }
        | ExprKind::GeneratorExp { .. } => {}
    }
}
