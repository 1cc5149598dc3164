//! One `compile_*` per statement kind.

use super::builder::{CodeBuilder, Handler, Label};
use super::{CodeFlags, CompileError, Compiler, FrameBlock, Opcode, Unit};
use crate::objects::Value;
use pyl_grammar::ast::*;
use std::sync::Arc;

type Compiled = Result<(), CompileError>;

impl<'a> Compiler<'a> {
    pub(super) fn compile_body(&mut self, body: &'a [Stmt]) -> Compiled {
        body.iter().try_for_each(|s| self.compile_statement(s))
    }

    fn compile_statement(&mut self, stmt: &'a Stmt) -> Compiled {
        self.set_line(stmt.span);
        match &stmt.kind {
            StmtKind::Expr(value) => {
                self.compile_expression(value)?;
                let at_prompt = self.interactive && self.units.len() == 1;
                self.emit(if at_prompt {
                    Opcode::PrintExpr
                } else {
                    Opcode::PopTop
                });
                Ok(())
            }
            StmtKind::Assign { targets, value } => self.compile_assign(targets, value),
            StmtKind::AugAssign { target, op, value } => {
                self.compile_aug_assign(target, *op, value)
            }
            StmtKind::AnnAssign { target, value, .. } => match value {
                Some(value) => self.compile_assign(std::slice::from_ref(target), value),
                None => Ok(()),
            },
            StmtKind::If { test, body, orelse } => self.compile_if(test, body, orelse),
            StmtKind::While { test, body, orelse } => self.compile_while(test, body, orelse),
            StmtKind::For {
                target,
                iter,
                body,
                orelse,
                is_async,
            } => {
                if *is_async {
                    return self.error("'async for' is not supported by pyl yet", stmt.span);
                }
                self.compile_for(target, iter, body, orelse)
            }
            StmtKind::Break => self.compile_break(stmt.span),
            StmtKind::Continue => self.compile_continue(stmt.span),
            StmtKind::Pass | StmtKind::Global(_) | StmtKind::Nonlocal(_) => Ok(()),
            StmtKind::FunctionDef(def) => self.compile_function_def(def, stmt.span),
            StmtKind::ClassDef(class) => self.compile_class_def(class, stmt.span),
            StmtKind::Return(value) => self.compile_return(value.as_ref(), stmt.span),
            StmtKind::Delete(targets) => targets.iter().try_for_each(|t| self.compile_delete(t)),
            StmtKind::Assert { test, msg } => self.compile_assert(test, msg.as_ref()),
            StmtKind::Raise { exc, cause } => self.compile_raise(exc.as_ref(), cause.as_ref()),
            StmtKind::Try {
                body,
                handlers,
                orelse,
                finalbody,
            } => self.compile_try(body, handlers, orelse, finalbody),
            StmtKind::Import(aliases) => aliases.iter().try_for_each(|a| self.compile_import(a)),
            StmtKind::ImportFrom {
                module,
                names,
                level,
            } => self.compile_import_from(module, names, *level, stmt.span),
            StmtKind::With {
                items,
                body,
                is_async,
            } => {
                if *is_async {
                    return self.error("'async with' is not supported by pyl yet", stmt.span);
                }
                self.compile_with(items, body)
            }
        }
    }

    // if t: a else: b  =>  <t>; PopJumpIfFalse else; <a>; Jump end; else: <b>; end:
    fn compile_if(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> Compiled {
        let otherwise = self.label();
        let end = self.label();
        self.compile_condition(test, false, otherwise)?;
        self.compile_body(body)?;
        if !orelse.is_empty() {
            self.emit_jump(Opcode::Jump, end);
        }
        self.place(otherwise);
        self.compile_body(orelse)?;
        self.place(end);
        Ok(())
    }

    // while t: b else: e  =>  top: <t>; PopJumpIfFalse else; <b>; Jump top; else: <e>; end:
    fn compile_while(&mut self, test: &'a Expr, body: &'a [Stmt], orelse: &'a [Stmt]) -> Compiled {
        let top = self.label();
        let otherwise = self.label();
        let end = self.label();
        self.place(top);
        self.compile_condition(test, false, otherwise)?;
        self.unit().blocks.push(FrameBlock::WhileLoop { top, end });
        self.compile_body(body)?;
        self.unit().blocks.pop();
        self.emit_jump(Opcode::Jump, top);
        self.place(otherwise);
        self.compile_body(orelse)?;
        self.place(end);
        Ok(())
    }

    // for x in i: b else: e  =>  <i>; GetIter; top: ForIter else; <store x>; <b>;
    //                            Jump top; else: <e>; end:
    fn compile_for(
        &mut self,
        target: &'a Expr,
        iter: &'a Expr,
        body: &'a [Stmt],
        orelse: &'a [Stmt],
    ) -> Compiled {
        let top = self.label();
        let otherwise = self.label();
        let end = self.label();
        self.compile_expression(iter)?;
        self.emit(Opcode::GetIter);
        self.place(top);
        self.emit_jump(Opcode::ForIter, otherwise);
        self.code().depth += 1;
        self.compile_store(target)?;
        self.unit().blocks.push(FrameBlock::ForLoop { top, end });
        self.compile_body(body)?;
        self.unit().blocks.pop();
        self.emit_jump(Opcode::Jump, top);
        self.code().depth -= 1;
        self.place(otherwise);
        self.compile_body(orelse)?;
        self.place(end);
        Ok(())
    }

    fn compile_break(&mut self, span: Span) -> Compiled {
        match self.unwind_to_loop(span, "'break' outside loop")? {
            FrameBlock::ForLoop { end, .. } => {
                self.emit(Opcode::PopTop);
                self.emit_jump(Opcode::Jump, end);
            }
            FrameBlock::WhileLoop { end, .. } => self.emit_jump(Opcode::Jump, end),
            _ => {}
        }
        Ok(())
    }

    fn compile_continue(&mut self, span: Span) -> Compiled {
        match self.unwind_to_loop(span, "'continue' not properly in loop")? {
            FrameBlock::ForLoop { top, .. } | FrameBlock::WhileLoop { top, .. } => {
                self.emit_jump(Opcode::Jump, top)
            }
            _ => {}
        }
        Ok(())
    }

    /// Undoes every block inside the innermost loop and returns that loop.
    fn unwind_to_loop(
        &mut self,
        span: Span,
        outside: &str,
    ) -> Result<FrameBlock<'a>, CompileError> {
        let blocks = self.unit().blocks.clone();
        for (index, block) in blocks.iter().enumerate().rev() {
            if matches!(
                block,
                FrameBlock::ForLoop { .. } | FrameBlock::WhileLoop { .. }
            ) {
                self.unwind_blocks(index + 1, false)?;
                return Ok(*block);
            }
        }
        self.error(outside, span)
    }

    /// Emits what leaving the open blocks from index `from` inward requires. With
    /// `keep_top`, the value on top of the stack (a return value) survives.
    fn unwind_blocks(&mut self, from: usize, keep_top: bool) -> Compiled {
        let blocks = self.unit().blocks.clone();
        for (index, block) in blocks.iter().enumerate().skip(from).rev() {
            let pop_under_top = |this: &mut Self, op: Opcode| {
                if keep_top {
                    this.emit(Opcode::Swap(2));
                }
                this.emit(op);
            };
            match *block {
                FrameBlock::WhileLoop { .. } => {}
                FrameBlock::With { handlers } => self.emit_with_exit(keep_top, handlers),
                FrameBlock::ForLoop { .. } => pop_under_top(self, Opcode::PopTop),
                FrameBlock::ExceptHandler { name } => {
                    pop_under_top(self, Opcode::PopExcept);
                    if let Some(name) = name {
                        self.clear_name(name);
                    }
                }
                FrameBlock::FinallyEnd => {
                    pop_under_top(self, Opcode::PopTop);
                    pop_under_top(self, Opcode::PopExcept);
                }
                FrameBlock::TryFinally { body, handlers } => {
                    // The finally body runs outside its own try, with the
                    // blocks and handlers that enclose the try still open.
                    let saved_blocks =
                        std::mem::replace(&mut self.unit().blocks, blocks[..index].to_vec());
                    let saved_handlers = self.code().handler_stack.clone();
                    self.code().handler_stack.truncate(handlers);
                    self.code().depth += keep_top as u32;
                    let result = self.compile_body(body);
                    self.code().depth -= keep_top as u32;
                    self.code().handler_stack = saved_handlers;
                    self.unit().blocks = saved_blocks;
                    result?;
                }
            }
        }
        Ok(())
    }
}

impl<'a> Compiler<'a> {
    // return v  =>  <v>; <unwind the open blocks, keeping v>; ReturnValue
    fn compile_return(&mut self, value: Option<&'a Expr>, span: Span) -> Compiled {
        if self.units.len() == 1 {
            return self.error("'return' outside function", span);
        }
        match value {
            Some(value) => self.compile_expression(value)?,
            None => {
                let none = self.code().constant(Value::None);
                self.emit(Opcode::LoadConst(none));
            }
        }
        self.unwind_blocks(0, true)?;
        self.emit(Opcode::ReturnValue);
        Ok(())
    }

    // raise e from c  =>  <e>; <c>; RaiseVarargs(2)
    fn compile_raise(&mut self, exc: Option<&'a Expr>, cause: Option<&'a Expr>) -> Compiled {
        let mut argc = 0;
        if let Some(exc) = exc {
            self.compile_expression(exc)?;
            argc += 1;
            if let Some(cause) = cause {
                self.compile_expression(cause)?;
                argc += 1;
            }
        }
        self.emit(Opcode::RaiseVarargs(argc));
        Ok(())
    }

    // assert t, m  =>  <t>; PopJumpIfTrue end; LoadAssertionError; [<m>; Call 1];
    //                  RaiseVarargs 1; end:
    fn compile_assert(&mut self, test: &'a Expr, msg: Option<&'a Expr>) -> Compiled {
        let end = self.label();
        self.compile_condition(test, true, end)?;
        self.emit(Opcode::LoadAssertionError);
        if let Some(msg) = msg {
            self.compile_expression(msg)?;
            self.emit(Opcode::Call(1));
        }
        self.emit(Opcode::RaiseVarargs(1));
        self.place(end);
        Ok(())
    }

    fn compile_try(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
        finalbody: &'a [Stmt],
    ) -> Compiled {
        if finalbody.is_empty() {
            return self.compile_try_except(body, handlers, orelse);
        }
        self.compile_try_finally(finalbody, |this| {
            if handlers.is_empty() {
                this.compile_body(body)
            } else {
                this.compile_try_except(body, handlers, orelse)
            }
        })
    }

    /// Pushes a handler for the code emitted next, at the current depth plus `extra`.
    pub(super) fn push_handler(&mut self, label: Label, extra: u32) {
        let depth = self.code().depth + extra;
        self.code().handler_stack.push(Handler { label, depth });
    }

    pub(super) fn pop_handler(&mut self) {
        self.code().handler_stack.pop();
    }

    // try: b finally: f  =>  [protected by fin] <b>; <f>; Jump end;
    //   fin: PushExcInfo; <f>; Reraise      [protected by cleanup]
    //   cleanup: Swap 2; PopExcept; Reraise
    //   end:
    fn compile_try_finally(
        &mut self,
        finalbody: &'a [Stmt],
        body: impl FnOnce(&mut Self) -> Compiled,
    ) -> Compiled {
        let fin = self.label();
        let cleanup = self.label();
        let end = self.label();
        let handlers = self.code().handler_stack.len();
        self.push_handler(fin, 0);
        self.unit().blocks.push(FrameBlock::TryFinally {
            body: finalbody,
            handlers,
        });
        body(self)?;
        self.unit().blocks.pop();
        self.pop_handler();
        self.compile_body(finalbody)?;
        self.emit_jump(Opcode::Jump, end);
        self.place(fin);
        self.push_handler(cleanup, 1);
        self.emit(Opcode::PushExcInfo);
        self.code().depth += 2;
        self.unit().blocks.push(FrameBlock::FinallyEnd);
        self.compile_body(finalbody)?;
        self.unit().blocks.pop();
        self.code().depth -= 2;
        self.emit(Opcode::Reraise);
        self.pop_handler();
        self.emit_cleanup(cleanup);
        self.place(end);
        Ok(())
    }

    /// The handler that restores the saved exception when an `except` or
    /// `finally` body itself raises.  ( previous exc -- )
    pub(super) fn emit_cleanup(&mut self, cleanup: Label) {
        self.place(cleanup);
        self.emit(Opcode::Swap(2));
        self.emit(Opcode::PopExcept);
        self.emit(Opcode::Reraise);
    }

    // try: b except T as e: h else: o  =>
    //   [protected by handler] <b>; <o>; Jump end
    //   handler: PushExcInfo                       [protected by cleanup]
    //     <T>; CheckExcMatch; PopJumpIfFalse next; <store e>; <h>; PopExcept;
    //     (e = None; del e); Jump end
    //   next: ... Reraise
    //   cleanup: Swap 2; PopExcept; Reraise
    //   end:
    fn compile_try_except(
        &mut self,
        body: &'a [Stmt],
        handlers: &'a [ExceptHandler],
        orelse: &'a [Stmt],
    ) -> Compiled {
        let handler = self.label();
        let cleanup = self.label();
        let end = self.label();
        self.push_handler(handler, 0);
        self.compile_body(body)?;
        self.pop_handler();
        self.compile_body(orelse)?;
        self.emit_jump(Opcode::Jump, end);
        self.place(handler);
        self.push_handler(cleanup, 1);
        self.emit(Opcode::PushExcInfo);
        for clause in handlers {
            self.compile_except_clause(clause, end)?;
        }
        self.emit(Opcode::Reraise);
        self.pop_handler();
        self.emit_cleanup(cleanup);
        self.place(end);
        Ok(())
    }

    /// One `except` clause, entered with ( previous exc ) on the stack.
    fn compile_except_clause(&mut self, clause: &'a ExceptHandler, end: Label) -> Compiled {
        self.set_line(clause.span);
        let next = self.label();
        if let Some(class) = &clause.type_ {
            self.compile_expression(class)?;
            self.emit(Opcode::CheckExcMatch);
            self.emit_jump(Opcode::PopJumpIfFalse, next);
        }
        match &clause.name {
            Some(name) => self.store_name(name),
            None => self.emit(Opcode::PopTop),
        }
        self.code().depth += 1;
        let name = clause.name.as_deref();
        let name_cleanup = self.label();
        if name.is_some() {
            self.push_handler(name_cleanup, 0);
        }
        self.unit().blocks.push(FrameBlock::ExceptHandler { name });
        self.compile_body(&clause.body)?;
        self.unit().blocks.pop();
        self.code().depth -= 1;
        self.emit(Opcode::PopExcept);
        if let Some(name) = name {
            self.pop_handler();
            self.clear_name(name);
            self.emit_jump(Opcode::Jump, end);
            // The body raised: clear the name and re-raise into the
            // clause's cleanup handler, which restores the saved exception.
            self.place(name_cleanup);
            self.clear_name(name);
            self.emit(Opcode::Reraise);
        } else {
            self.emit_jump(Opcode::Jump, end);
        }
        self.place(next);
        Ok(())
    }

    /// `name = None; del name`: an `except ... as name` target does not
    /// outlive its clause.
    fn clear_name(&mut self, name: &str) {
        let none = self.code().constant(Value::None);
        self.emit(Opcode::LoadConst(none));
        self.store_name(name);
        self.delete_name(name);
    }
}

impl<'a> Compiler<'a> {
    // import a.b.c as d  =>  LoadConst 0; LoadConst None; ImportName a.b.c;
    //                        (ImportFrom b; Swap 2; PopTop; ImportFrom c ...); store d
    fn compile_import(&mut self, alias: &'a Alias) -> Compiled {
        self.set_line(alias.span);
        let zero = self.code().constant(Value::Int(0));
        let none = self.code().constant(Value::None);
        self.emit(Opcode::LoadConst(zero));
        self.emit(Opcode::LoadConst(none));
        let module = self.code().name(&alias.name);
        self.emit(Opcode::ImportName(module));
        let mut parts = alias.name.split('.');
        let first = parts.next().unwrap_or(&alias.name);
        match &alias.asname {
            None => self.store_name(first),
            Some(asname) => {
                for part in parts {
                    let attribute = self.code().name(part);
                    self.emit(Opcode::ImportFrom(attribute));
                    self.emit(Opcode::Swap(2));
                    self.emit(Opcode::PopTop);
                }
                self.store_name(asname);
            }
        }
        Ok(())
    }

    // from m import a as b  =>  LoadConst level; LoadConst ('a',); ImportName m;
    //                           ImportFrom a; store b; PopTop
    fn compile_import_from(
        &mut self,
        module: &str,
        names: &'a [Alias],
        level: usize,
        span: Span,
    ) -> Compiled {
        let level = self.code().constant(Value::Int(level as i64));
        self.emit(Opcode::LoadConst(level));
        let fromlist = names.iter().map(|a| Value::str(a.name.clone())).collect();
        let fromlist = self.code().constant(Value::tuple(fromlist));
        self.emit(Opcode::LoadConst(fromlist));
        let module_name = self.code().name(module);
        self.emit(Opcode::ImportName(module_name));
        if names.len() == 1 && names[0].name == "*" {
            if self.units.len() > 1 {
                return self.error("import * only allowed at module level", span);
            }
            self.emit(Opcode::ImportStar);
            return Ok(());
        }
        for alias in names {
            let attribute = self.code().name(&alias.name);
            self.emit(Opcode::ImportFrom(attribute));
            self.store_name(alias.asname.as_deref().unwrap_or(&alias.name));
        }
        self.emit(Opcode::PopTop);
        Ok(())
    }

    // def f(a=d): b  =>  <decorators>; <d>; BuildTuple; MakeFunction; Call 1 per
    //                    decorator; store f
    fn compile_function_def(&mut self, def: &'a FunctionDef, span: Span) -> Compiled {
        if def.is_async {
            return self.error("'async def' is not supported by pyl yet", span);
        }
        for decorator in &def.decorators {
            self.compile_expression(decorator)?;
        }
        let qualname = self.child_qualname(&def.name);
        let line = self.line_of(span.start);
        let defaults = self.compile_defaults(&def.params)?;
        let shape = FunctionShape::of(&def.params);
        self.compile_function(def, &def.name, &qualname, shape, defaults, line, |this| {
            this.code().docstring = docstring(&def.body);
            this.compile_body(&def.body)?;
            this.emit_return_none();
            Ok(())
        })?;
        for _ in &def.decorators {
            self.emit(Opcode::Call(1));
        }
        self.store_name(&def.name);
        Ok(())
    }

    /// The qualified name of a function defined here: `outer.<locals>.name`.
    pub(super) fn child_qualname(&mut self, name: &str) -> String {
        if self.units.len() == 1 {
            return name.to_string();
        }
        if self.code().scope.kind == super::scope::ScopeKind::Class {
            return format!("{}.{name}", self.code().qualname);
        }
        format!("{}.<locals>.{name}", self.code().qualname)
    }

    /// Compiles a function's code object (its body emitted by `body`), then
    /// emits the `MakeFunction` that creates it at run time, defaults and
    /// closure included.
    pub(super) fn compile_function<T>(
        &mut self,
        node: &'a T,
        name: &str,
        qualname: &str,
        shape: FunctionShape,
        flags: u32,
        line: u32,
        body: impl FnOnce(&mut Self) -> Compiled,
    ) -> Compiled {
        let scope = self.table.scope_of(node).ok_or_else(|| CompileError {
            message: format!("no scope for {name}"),
            span: Span::default(),
        })?;
        self.units
            .push(Unit::new(CodeBuilder::new(scope, name, qualname, line)));
        let result = body(self);
        let unit = self.units.pop();
        result?;
        let Some(unit) = unit else { return Ok(()) };
        let counts = (shape.argcount, shape.posonly, shape.kwonly);
        let code_flags = CodeFlags {
            varargs: shape.varargs,
            varkeywords: shape.varkeywords,
            uses_namespace: false,
            generator: scope.is_generator,
        };
        let code = unit.code.finish(self.filename, counts, code_flags);
        self.emit_make_function(Arc::new(code), flags);
        Ok(())
    }

    /// Pushes the defaults tuple and keyword-defaults dict; returns the
    /// `MakeFunction` flags saying which were pushed.
    pub(super) fn compile_defaults(&mut self, params: &'a Parameters) -> Result<u32, CompileError> {
        let mut flags = 0;
        let positional: Vec<&Param> = params.posonly.iter().chain(params.args.iter()).collect();
        let defaults: Vec<&Expr> = positional
            .iter()
            .filter_map(|p| p.default.as_ref())
            .collect();
        if !defaults.is_empty() {
            for default in &defaults {
                self.compile_expression(default)?;
            }
            self.emit(Opcode::BuildTuple(defaults.len() as u32));
            flags |= 1;
        }
        let kwdefaults: Vec<&Param> = params
            .kwonly
            .iter()
            .filter(|p| p.default.is_some())
            .collect();
        if !kwdefaults.is_empty() {
            for param in &kwdefaults {
                let key = self.code().constant(Value::str(param.name.clone()));
                self.emit(Opcode::LoadConst(key));
                if let Some(default) = &param.default {
                    self.compile_expression(default)?;
                }
            }
            self.emit(Opcode::BuildMap(kwdefaults.len() as u32));
            flags |= 2;
        }
        Ok(flags)
    }

    /// Emits the closure tuple (if the code has free variables) and `MakeFunction`.
    pub(super) fn emit_make_function(&mut self, code: Arc<super::CodeObject>, mut flags: u32) {
        if !code.freevars.is_empty() {
            for name in &code.freevars {
                let cell = self.code().cell(name);
                self.emit(Opcode::LoadClosure(cell));
            }
            self.emit(Opcode::BuildTuple(code.freevars.len() as u32));
            flags |= 8;
        }
        let code = self.code().constant(Value::Code(code));
        self.emit(Opcode::MakeFunction { code, flags });
    }
}

/// The parameter counts a code object records.
#[derive(Clone, Copy, Default)]
pub(super) struct FunctionShape {
    pub argcount: u32,
    pub posonly: u32,
    pub kwonly: u32,
    pub varargs: bool,
    pub varkeywords: bool,
}

impl FunctionShape {
    /// The shape of a `def` or `lambda` parameter list.
    pub fn of(params: &Parameters) -> FunctionShape {
        FunctionShape {
            argcount: (params.posonly.len() + params.args.len()) as u32,
            posonly: params.posonly.len() as u32,
            kwonly: params.kwonly.len() as u32,
            varargs: params.vararg.is_some(),
            varkeywords: params.kwarg.is_some(),
        }
    }
}

/// The docstring of a body: its first statement, if that is a string literal.
pub(super) fn docstring(body: &[Stmt]) -> Option<String> {
    match body.first().map(|s| &s.kind) {
        Some(StmtKind::Expr(Expr {
            kind: ExprKind::Constant(Constant::Str(text)),
            ..
        })) => Some(text.clone()),
        _ => None,
    }
}
