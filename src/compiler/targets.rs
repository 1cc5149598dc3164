//! Assignment targets, augmented assignment, `del`, and calls.

use super::expressions::binary_operator;
use super::{CompileError, Compiler, Opcode};
use crate::objects::Value;
use pyl_grammar::ast::*;

type Compiled = Result<(), CompileError>;

impl<'a> Compiler<'a> {
    // a = b = v  =>  <v>; Copy 1; <store a>; <store b>
    pub(super) fn compile_assign(&mut self, targets: &'a [Expr], value: &'a Expr) -> Compiled {
        self.compile_expression(value)?;
        for (index, target) in targets.iter().enumerate() {
            if index + 1 < targets.len() {
                self.emit(Opcode::Copy(1));
            }
            self.compile_store(target)?;
        }
        Ok(())
    }

    /// Stores the value on top of the stack into `target`.
    pub(super) fn compile_store(&mut self, target: &'a Expr) -> Compiled {
        match &target.kind {
            ExprKind::Name(name) => {
                self.store_name(name);
                Ok(())
            }
            // o.x = v  =>  <v>; <o>; StoreAttr x
            ExprKind::Attribute { value, attr } => {
                self.compile_expression(value)?;
                let name = self.code().name(attr);
                self.emit(Opcode::StoreAttr(name));
                Ok(())
            }
            // c[k] = v  =>  <v>; <c>; <k>; StoreSubscr
            ExprKind::Subscript { value, index } => {
                self.compile_expression(value)?;
                self.compile_expression(index)?;
                self.emit(Opcode::StoreSubscr);
                Ok(())
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                self.compile_unpack(items, target.span)
            }
            ExprKind::Starred(_) => self.error(
                "starred assignment target must be in a list or tuple",
                target.span,
            ),
            _ => self.error(
                format!("cannot assign to {}", describe(target)),
                target.span,
            ),
        }
    }

    // a, *b, c = v  =>  <v>; UnpackEx(1, 1); <store a>; <store b>; <store c>
    fn compile_unpack(&mut self, items: &'a [Expr], span: Span) -> Compiled {
        let starred: Vec<usize> = items
            .iter()
            .enumerate()
            .filter(|(_, item)| matches!(item.kind, ExprKind::Starred(_)))
            .map(|(index, _)| index)
            .collect();
        match starred.as_slice() {
            [] => self.emit(Opcode::UnpackSequence(items.len() as u32)),
            [index] => {
                let after = (items.len() - index - 1) as u32;
                self.emit(Opcode::UnpackEx {
                    before: *index as u32,
                    after,
                });
            }
            _ => return self.error("multiple starred expressions in assignment", span),
        }
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => self.compile_store(inner)?,
                _ => self.compile_store(item)?,
            }
        }
        Ok(())
    }

    pub(super) fn compile_aug_assign(
        &mut self,
        target: &'a Expr,
        op: BinOp,
        value: &'a Expr,
    ) -> Compiled {
        let operation = Opcode::BinaryOp {
            op: binary_operator(op),
            inplace: true,
        };
        match &target.kind {
            // x += v  =>  <x>; <v>; BinaryOp +=; <store x>
            ExprKind::Name(name) => {
                self.load_name(name);
                self.compile_expression(value)?;
                self.emit(operation);
                self.store_name(name);
            }
            // o.x += v  =>  <o>; Copy 1; LoadAttr x; <v>; BinaryOp +=; Swap 2; StoreAttr x
            ExprKind::Attribute {
                value: object,
                attr,
            } => {
                self.compile_expression(object)?;
                self.emit(Opcode::Copy(1));
                let name = self.code().name(attr);
                self.emit(Opcode::LoadAttr(name));
                self.compile_expression(value)?;
                self.emit(operation);
                self.emit(Opcode::Swap(2));
                self.emit(Opcode::StoreAttr(name));
            }
            // c[k] += v  =>  <c>; <k>; Copy 2; Copy 2; BinarySubscr; <v>; BinaryOp +=;
            //               Swap 3; Swap 2; StoreSubscr
            ExprKind::Subscript {
                value: container,
                index,
            } => {
                self.compile_expression(container)?;
                self.compile_expression(index)?;
                self.emit(Opcode::Copy(2));
                self.emit(Opcode::Copy(2));
                self.emit(Opcode::BinarySubscr);
                self.compile_expression(value)?;
                self.emit(operation);
                self.emit(Opcode::Swap(3));
                self.emit(Opcode::Swap(2));
                self.emit(Opcode::StoreSubscr);
            }
            _ => {
                let message = format!(
                    "'{}' is an illegal expression for augmented assignment",
                    describe(target)
                );
                return self.error(message, target.span);
            }
        }
        Ok(())
    }

    pub(super) fn compile_delete(&mut self, target: &'a Expr) -> Compiled {
        match &target.kind {
            ExprKind::Name(name) => self.delete_name(name),
            ExprKind::Attribute { value, attr } => {
                self.compile_expression(value)?;
                let name = self.code().name(attr);
                self.emit(Opcode::DeleteAttr(name));
            }
            ExprKind::Subscript { value, index } => {
                self.compile_expression(value)?;
                self.compile_expression(index)?;
                self.emit(Opcode::DeleteSubscr);
            }
            ExprKind::Tuple(items) | ExprKind::List(items) => {
                return items.iter().try_for_each(|item| self.compile_delete(item));
            }
            _ => return self.error(format!("cannot delete {}", describe(target)), target.span),
        }
        Ok(())
    }

    /// Chooses the cheapest call sequence for the argument forms used.
    pub(super) fn compile_call(
        &mut self,
        func: &'a Expr,
        args: &'a [Expr],
        keywords: &'a [Keyword],
    ) -> Compiled {
        let has_star = args.iter().any(|a| matches!(a.kind, ExprKind::Starred(_)));
        let has_double_star = keywords.iter().any(|k| k.arg.is_none());
        if has_star || has_double_star {
            self.compile_expression(func)?;
            return self.compile_call_ex(args, keywords);
        }
        if let (ExprKind::Attribute { value, attr }, true) = (&func.kind, keywords.is_empty()) {
            // o.m(a)  =>  <o>; LoadMethod m; <a>; CallMethod 1
            self.compile_expression(value)?;
            let name = self.code().name(attr);
            self.emit(Opcode::LoadMethod(name));
            args.iter().try_for_each(|a| self.compile_expression(a))?;
            self.emit(Opcode::CallMethod(args.len() as u32));
            return Ok(());
        }
        // f(a, k=b)  =>  <f>; <a>; <b>; CallKw(2, ('k',))
        self.compile_expression(func)?;
        args.iter().try_for_each(|a| self.compile_expression(a))?;
        if keywords.is_empty() {
            self.emit(Opcode::Call(args.len() as u32));
            return Ok(());
        }
        let mut names = Vec::new();
        for keyword in keywords {
            self.compile_expression(&keyword.value)?;
            names.push(Value::str(keyword.arg.clone().unwrap_or_default()));
        }
        let names = self.code().constant(Value::tuple(names));
        let argc = (args.len() + keywords.len()) as u32;
        self.emit(Opcode::CallKw { argc, names });
        Ok(())
    }

    // f(*a, **k)  =>  <f>; BuildList 0; <a>; ListExtend 1; ListToTuple;
    //                BuildMap 0; <k>; DictMerge 1; CallEx(kwargs)
    fn compile_call_ex(&mut self, args: &'a [Expr], keywords: &'a [Keyword]) -> Compiled {
        self.emit(Opcode::BuildList(0));
        for arg in args {
            match &arg.kind {
                ExprKind::Starred(inner) => {
                    self.compile_expression(inner)?;
                    self.emit(Opcode::ListExtend(1));
                }
                _ => {
                    self.compile_expression(arg)?;
                    self.emit(Opcode::ListAppend(1));
                }
            }
        }
        self.emit(Opcode::ListToTuple);
        if keywords.is_empty() {
            self.emit(Opcode::CallEx { has_kwargs: false });
            return Ok(());
        }
        self.emit(Opcode::BuildMap(0));
        for keyword in keywords {
            match &keyword.arg {
                Some(name) => {
                    let key = self.code().constant(Value::str(name.clone()));
                    self.emit(Opcode::LoadConst(key));
                    self.compile_expression(&keyword.value)?;
                    self.emit(Opcode::BuildMap(1));
                }
                None => self.compile_expression(&keyword.value)?,
            }
            self.emit(Opcode::DictMerge(1));
        }
        self.emit(Opcode::CallEx { has_kwargs: true });
        Ok(())
    }
}

/// How CPython's messages name an expression that cannot be a target.
fn describe(expr: &Expr) -> &'static str {
    match &expr.kind {
        ExprKind::Call { .. } => "function call",
        ExprKind::Constant(Constant::None) | ExprKind::Constant(Constant::True) => "constant",
        ExprKind::Constant(Constant::False) | ExprKind::Constant(Constant::Ellipsis) => "constant",
        ExprKind::Constant(_) => "literal",
        ExprKind::BinOp { .. } | ExprKind::UnaryOp { .. } => "expression",
        ExprKind::BoolOp { .. } => "expression",
        ExprKind::Compare { .. } => "comparison",
        ExprKind::Lambda { .. } => "lambda",
        ExprKind::IfExp { .. } => "conditional expression",
        ExprKind::JoinedStr(_) => "f-string expression",
        ExprKind::ListComp { .. } => "list comprehension",
        ExprKind::DictComp { .. } => "dict comprehension",
        ExprKind::SetComp { .. } => "set comprehension",
        ExprKind::GeneratorExp { .. } => "generator expression",
        ExprKind::Dict { .. } => "dict literal",
        ExprKind::Set(_) => "set display",
        ExprKind::NamedExpr { .. } => "named expression",
        _ => "expression",
    }
}
