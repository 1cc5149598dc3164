//! `class` statements and `with` statements: the two constructs that run
//! a body inside something the VM sets up (a namespace, a context manager).

use super::builder::CodeBuilder;
use super::statements::docstring;
use super::{CodeFlags, CompileError, Compiler, FrameBlock, Opcode, Unit};
use crate::objects::Value;
use pyl_grammar::ast::*;
use std::sync::Arc;

type Compiled = Result<(), CompileError>;

impl<'a> Compiler<'a> {
    // class C(B): body  =>  <decorators>; LoadBuildClass; MakeFunction <body>;
    //                      LoadConst 'C'; <B>; Call 3; Call 1 per decorator; store C
    pub(super) fn compile_class_def(&mut self, class: &'a ClassDef, span: Span) -> Compiled {
        for decorator in &class.decorators {
            self.compile_expression(decorator)?;
        }
        self.emit(Opcode::LoadBuildClass);
        let qualname = self.child_qualname(&class.name);
        let code = self.compile_class_body(class, &qualname, span)?;
        self.emit_make_function(Arc::new(code), 0);
        let name = self.code().constant(Value::str(class.name.clone()));
        self.emit(Opcode::LoadConst(name));
        for base in &class.bases {
            self.compile_expression(base)?;
        }
        let argc = 2 + class.bases.len() as u32;
        if class.keywords.is_empty() {
            self.emit(Opcode::Call(argc));
        } else {
            let mut names = Vec::new();
            for keyword in &class.keywords {
                self.compile_expression(&keyword.value)?;
                names.push(Value::str(keyword.arg.clone().unwrap_or_default()));
            }
            let names = self.code().constant(Value::tuple(names));
            let argc = argc + class.keywords.len() as u32;
            self.emit(Opcode::CallKw { argc, names });
        }
        for _ in &class.decorators {
            self.emit(Opcode::Call(1));
        }
        self.store_name(&class.name);
        Ok(())
    }

    /// The class body's code: it runs in the class namespace, records
    /// `__module__`, `__qualname__` and any docstring, and returns the
    /// `__class__` cell (for `super()`) when a method needs it.
    fn compile_class_body(
        &mut self,
        class: &'a ClassDef,
        qualname: &str,
        span: Span,
    ) -> Result<super::CodeObject, CompileError> {
        let scope = self.table.scope_of(class).ok_or_else(|| CompileError {
            message: format!("no scope for class {}", class.name),
            span,
        })?;
        let line = self.line_of(span.start);
        self.units.push(Unit::new(CodeBuilder::new(
            scope,
            &class.name,
            qualname,
            line,
        )));
        self.load_name("__name__");
        self.store_name("__module__");
        let qualname_constant = self.code().constant(Value::str(qualname));
        self.emit(Opcode::LoadConst(qualname_constant));
        self.store_name("__qualname__");
        // A docstring becomes `__doc__`; without one, `__build_class__`
        // sets it to None (so `locals()` in the body does not show it).
        if let Some(doc) = docstring(&class.body) {
            let doc = self.code().constant(Value::str(doc));
            self.emit(Opcode::LoadConst(doc));
            self.store_name("__doc__");
        }
        let result = self.compile_body(&class.body);
        if scope.cellvars.iter().any(|name| name == "__class__") {
            let cell = self.code().cell("__class__");
            self.emit(Opcode::LoadClosure(cell));
            self.emit(Opcode::ReturnValue);
        } else {
            self.emit_return_none();
        }
        let unit = self.units.pop();
        result?;
        let Some(unit) = unit else {
            return Err(CompileError {
                message: "compiler lost a class body".into(),
                span,
            });
        };
        let flags = CodeFlags {
            uses_namespace: true,
            ..CodeFlags::default()
        };
        Ok(unit.code.finish(self.filename, (0, 0, 0), flags))
    }

    /// `with a as x, b: body` is `with a as x: with b: body`.
    pub(super) fn compile_with(&mut self, items: &'a [WithItem], body: &'a [Stmt]) -> Compiled {
        let Some((item, rest)) = items.split_first() else {
            return self.compile_body(body);
        };
        self.compile_with_item(item, |this| this.compile_with(rest, body))
    }

    // with m as x: b  =>  <m>; BeforeWith; [protected by handler] <store x>; <b>;
    //     LoadConst None x3; Call 3; PopTop; Jump end
    //   handler: PushExcInfo; WithExceptStart; PopJumpIfTrue suppress; Reraise
    //   suppress: PopTop; PopExcept; PopTop; Jump end
    //   cleanup: Swap 2; PopExcept; Reraise
    //   end:
    fn compile_with_item(
        &mut self,
        item: &'a WithItem,
        body: impl FnOnce(&mut Self) -> Compiled,
    ) -> Compiled {
        let handler = self.label();
        let cleanup = self.label();
        let suppress = self.label();
        let end = self.label();
        self.compile_expression(&item.context)?;
        self.emit(Opcode::BeforeWith);
        let handlers = self.code().handler_stack.len();
        self.code().depth += 1;
        self.push_handler(handler, 0);
        match &item.target {
            Some(target) => self.compile_store(target)?,
            None => self.emit(Opcode::PopTop),
        }
        self.unit().blocks.push(FrameBlock::With { handlers });
        body(self)?;
        self.unit().blocks.pop();
        self.pop_handler();
        self.code().depth -= 1;
        self.emit_with_exit(false, handlers);
        self.emit_jump(Opcode::Jump, end);
        self.place(handler);
        self.push_handler(cleanup, 2);
        self.emit(Opcode::PushExcInfo);
        self.emit(Opcode::WithExceptStart);
        self.emit_jump(Opcode::PopJumpIfTrue, suppress);
        self.emit(Opcode::Reraise);
        self.place(suppress);
        self.emit(Opcode::PopTop);
        self.emit(Opcode::PopExcept);
        self.emit(Opcode::PopTop);
        self.emit_jump(Opcode::Jump, end);
        self.pop_handler();
        self.emit_cleanup(cleanup);
        self.place(end);
        Ok(())
    }

    /// Calls `__exit__(None, None, None)`, the exit function being on top
    /// (or, with `keep_top`, just under a return value). It runs outside the
    /// `with`'s own handler: an error in `__exit__` is not handled by it.
    pub(super) fn emit_with_exit(&mut self, keep_top: bool, handlers: usize) {
        let saved = self.code().handler_stack.clone();
        self.code().handler_stack.truncate(handlers);
        if keep_top {
            self.emit(Opcode::Swap(2));
        }
        let none = self.code().constant(Value::None);
        for _ in 0..3 {
            self.emit(Opcode::LoadConst(none));
        }
        self.emit(Opcode::Call(3));
        self.emit(Opcode::PopTop);
        self.code().handler_stack = saved;
    }
}
