//! One `compile_*` per expression kind.

use super::builder::Label;
use super::statements::FunctionShape;
use super::{
    BinaryOperator, Comparison, CompileError, Compiler, Conversion, Opcode, UnaryOperator,
};
use crate::objects::Value;
use num_bigint::BigInt;
use pyl_grammar::ast::*;
use std::sync::Arc;

type Compiled = Result<(), CompileError>;

impl<'a> Compiler<'a> {
    pub(super) fn compile_expression(&mut self, expr: &'a Expr) -> Compiled {
        match &expr.kind {
            ExprKind::Name(name) => {
                self.load_name(name);
                Ok(())
            }
            ExprKind::Constant(constant) => self.compile_constant(constant, expr.span),
            ExprKind::JoinedStr(parts) => self.compile_joined_str(parts),
            ExprKind::FormattedValue { .. } => self.compile_joined_str(std::slice::from_ref(expr)),
            ExprKind::BoolOp { op, values } => self.compile_bool_op(*op, values),
            ExprKind::BinOp { left, op, right } => {
                self.compile_expression(left)?;
                self.compile_expression(right)?;
                self.emit(Opcode::BinaryOp {
                    op: binary_operator(*op),
                    inplace: false,
                });
                Ok(())
            }
            ExprKind::UnaryOp { op, operand } => {
                self.compile_expression(operand)?;
                self.emit(Opcode::UnaryOp(unary_operator(*op)));
                Ok(())
            }
            ExprKind::Compare {
                left,
                ops,
                comparators,
            } => self.compile_compare(left, ops, comparators),
            ExprKind::Call {
                func,
                args,
                keywords,
            } => self.compile_call(func, args, keywords),
            ExprKind::Attribute { value, attr } => {
                self.compile_expression(value)?;
                let name = self.code().name(attr);
                self.emit(Opcode::LoadAttr(name));
                Ok(())
            }
            ExprKind::Subscript { value, index } => {
                self.compile_expression(value)?;
                self.compile_expression(index)?;
                self.emit(Opcode::BinarySubscr);
                Ok(())
            }
            ExprKind::Slice { lower, upper, step } => self.compile_slice(lower, upper, step),
            ExprKind::Starred(_) => self.error("can't use starred expression here", expr.span),
            ExprKind::List(items) => self.compile_sequence(items, Opcode::BuildList, false),
            ExprKind::Tuple(items) => self.compile_sequence(items, Opcode::BuildTuple, true),
            ExprKind::Set(items) => self.compile_set(items),
            ExprKind::Dict { keys, values } => self.compile_dict(keys, values),
            ExprKind::Lambda { params, body } => self.compile_lambda(expr, params, body),
            ExprKind::IfExp { test, body, orelse } => {
                self.compile_if_expression(test, body, orelse)
            }
            ExprKind::ListComp { elt, generators } => self.compile_comprehension(
                expr,
                "<listcomp>",
                Opcode::BuildList(0),
                generators,
                |this, depth| {
                    this.compile_expression(elt)?;
                    this.emit(Opcode::ListAppend(depth));
                    Ok(())
                },
            ),
            ExprKind::SetComp { elt, generators } => self.compile_comprehension(
                expr,
                "<setcomp>",
                Opcode::BuildSet(0),
                generators,
                |this, depth| {
                    this.compile_expression(elt)?;
                    this.emit(Opcode::SetAdd(depth));
                    Ok(())
                },
            ),
            ExprKind::DictComp {
                key,
                value,
                generators,
            } => self.compile_comprehension(
                expr,
                "<dictcomp>",
                Opcode::BuildMap(0),
                generators,
                |this, depth| {
                    this.compile_expression(key)?;
                    this.compile_expression(value)?;
                    this.emit(Opcode::MapAdd(depth));
                    Ok(())
                },
            ),
            ExprKind::GeneratorExp { elt, generators } => {
                self.compile_comprehension(expr, "<genexpr>", Opcode::Nop, generators, |this, _| {
                    this.compile_expression(elt)?;
                    this.emit(Opcode::YieldValue);
                    this.emit(Opcode::PopTop);
                    Ok(())
                })
            }
            ExprKind::Yield(value) => {
                self.compile_optional(value.as_deref())?;
                self.emit(Opcode::YieldValue);
                Ok(())
            }
            ExprKind::YieldFrom(iterable) => self.compile_yield_from(iterable),
            ExprKind::Await(_) => self.error("'await' is not supported by pyl yet", expr.span),
            ExprKind::NamedExpr { target, value } => {
                self.compile_expression(value)?;
                self.emit(Opcode::Copy(1));
                self.compile_store(target)
            }
        }
    }

    fn compile_constant(&mut self, constant: &Constant, span: Span) -> Compiled {
        let value = match constant {
            Constant::None => Value::None,
            Constant::True => Value::Bool(true),
            Constant::False => Value::Bool(false),
            Constant::Ellipsis => Value::Ellipsis,
            Constant::Int(i) => Value::Int(*i),
            Constant::BigInt { digits, radix: 10 }
                if digits.len() > crate::objects::int::MAX_STR_DIGITS =>
            {
                return self.error(
                    format!(
                        "Exceeds the limit ({} digits) for integer string conversion: value has {} digits; use sys.set_int_max_str_digits() to increase the limit - Consider hexadecimal for huge integer literals to avoid decimal conversion limits.",
                        crate::objects::int::MAX_STR_DIGITS,
                        digits.len()
                    ),
                    span,
                );
            }
            Constant::BigInt { digits, radix } => {
                match BigInt::parse_bytes(digits.as_bytes(), *radix) {
                    Some(big) => Value::from_bigint(big),
                    None => return self.error("invalid integer literal", span),
                }
            }
            Constant::Float(f) => Value::Float(*f),
            Constant::Imaginary(_) => {
                return self.error("complex numbers are not supported by pyl", span)
            }
            Constant::Str(s) => Value::str(s.clone()),
            Constant::Bytes(b) => {
                Value::Bytes(Arc::new(crate::objects::bytes::PyBytes::new(b.clone())))
            }
        };
        let index = self.code().constant(value);
        self.emit(Opcode::LoadConst(index));
        Ok(())
    }

    // f"a{x!r:>4}"  =>  LoadConst 'a'; <x>; LoadConst '>4'; FormatValue(repr, spec); BuildString 2
    fn compile_joined_str(&mut self, parts: &'a [Expr]) -> Compiled {
        for part in parts {
            match &part.kind {
                ExprKind::FormattedValue {
                    value,
                    conversion,
                    format_spec,
                } => {
                    self.compile_expression(value)?;
                    if let Some(spec) = format_spec {
                        self.compile_expression(spec)?;
                    }
                    let conversion = match conversion {
                        Some('r') => Conversion::Repr,
                        Some('s') => Conversion::Str,
                        Some('a') => Conversion::Ascii,
                        _ => Conversion::None,
                    };
                    self.emit(Opcode::FormatValue {
                        conversion,
                        has_spec: format_spec.is_some(),
                    });
                }
                _ => self.compile_expression(part)?,
            }
        }
        // A lone part is already a str; none or several are joined.
        if parts.len() != 1 {
            self.emit(Opcode::BuildString(parts.len() as u32));
        }
        Ok(())
    }

    // a and b  =>  <a>; JumpIfFalseOrPop end; <b>; end:
    fn compile_bool_op(&mut self, op: BoolOp, values: &'a [Expr]) -> Compiled {
        let end = self.label();
        let jump = match op {
            BoolOp::And => Opcode::JumpIfFalseOrPop,
            BoolOp::Or => Opcode::JumpIfTrueOrPop,
        };
        for (index, value) in values.iter().enumerate() {
            self.compile_expression(value)?;
            if index + 1 < values.len() {
                self.emit_jump(jump, end);
            }
        }
        self.place(end);
        Ok(())
    }

    // a < b < c  =>  <a>; <b>; Swap 2; Copy 2; CompareOp <; JumpIfFalseOrPop cleanup;
    //               <c>; CompareOp <; Jump end; cleanup: Swap 2; PopTop; end:
    fn compile_compare(
        &mut self,
        left: &'a Expr,
        ops: &[CmpOp],
        comparators: &'a [Expr],
    ) -> Compiled {
        self.compile_expression(left)?;
        if ops.len() == 1 {
            self.compile_expression(&comparators[0])?;
            self.emit(Opcode::CompareOp(comparison(ops[0])));
            return Ok(());
        }
        let cleanup = self.label();
        let end = self.label();
        let last = ops.len() - 1;
        for (index, (op, comparator)) in ops.iter().zip(comparators).enumerate() {
            self.compile_expression(comparator)?;
            if index < last {
                self.emit(Opcode::Swap(2));
                self.emit(Opcode::Copy(2));
                self.emit(Opcode::CompareOp(comparison(*op)));
                self.emit_jump(Opcode::JumpIfFalseOrPop, cleanup);
            } else {
                self.emit(Opcode::CompareOp(comparison(*op)));
            }
        }
        self.emit_jump(Opcode::Jump, end);
        self.place(cleanup);
        self.emit(Opcode::Swap(2));
        self.emit(Opcode::PopTop);
        self.place(end);
        Ok(())
    }

    /// Compiles `test` and jumps to `target` when its truth equals `when`,
    /// short-circuiting `not`, `and` and `or` without building bools.
    pub(super) fn compile_condition(
        &mut self,
        test: &'a Expr,
        when: bool,
        target: Label,
    ) -> Compiled {
        match &test.kind {
            ExprKind::UnaryOp {
                op: UnaryOp::Not,
                operand,
            } => self.compile_condition(operand, !when, target),
            ExprKind::BoolOp { op, values } => {
                let is_and = *op == BoolOp::And;
                let last = values.len() - 1;
                let skip = self.label();
                for (index, value) in values.iter().enumerate() {
                    if index == last {
                        self.compile_condition(value, when, target)?;
                    } else if is_and == when {
                        // a and b, jump if true: a false settles it (skip).
                        self.compile_condition(value, !when, skip)?;
                    } else {
                        self.compile_condition(value, when, target)?;
                    }
                }
                self.place(skip);
                Ok(())
            }
            _ => {
                self.compile_expression(test)?;
                let jump = if when {
                    Opcode::PopJumpIfTrue
                } else {
                    Opcode::PopJumpIfFalse
                };
                self.emit_jump(jump, target);
                Ok(())
            }
        }
    }

    // b if t else o  =>  <t>; PopJumpIfFalse other; <b>; Jump end; other: <o>; end:
    fn compile_if_expression(
        &mut self,
        test: &'a Expr,
        body: &'a Expr,
        orelse: &'a Expr,
    ) -> Compiled {
        let other = self.label();
        let end = self.label();
        self.compile_condition(test, false, other)?;
        self.compile_expression(body)?;
        self.emit_jump(Opcode::Jump, end);
        self.place(other);
        self.compile_expression(orelse)?;
        self.place(end);
        Ok(())
    }

    fn compile_slice(
        &mut self,
        lower: &'a Option<Box<Expr>>,
        upper: &'a Option<Box<Expr>>,
        step: &'a Option<Box<Expr>>,
    ) -> Compiled {
        for part in [lower, upper] {
            self.compile_optional(part.as_deref())?;
        }
        if step.is_some() {
            self.compile_optional(step.as_deref())?;
            self.emit(Opcode::BuildSlice(3));
        } else {
            self.emit(Opcode::BuildSlice(2));
        }
        Ok(())
    }

    fn compile_optional(&mut self, expr: Option<&'a Expr>) -> Compiled {
        match expr {
            Some(expr) => self.compile_expression(expr),
            None => {
                let none = self.code().constant(Value::None);
                self.emit(Opcode::LoadConst(none));
                Ok(())
            }
        }
    }

    // [a, *b, c]  =>  BuildList 0; <a>; ListAppend 1; <b>; ListExtend 1; <c>; ListAppend 1
    // (without stars: <a>; <b>; BuildList 2)
    fn compile_sequence(
        &mut self,
        items: &'a [Expr],
        build: fn(u32) -> Opcode,
        tuple: bool,
    ) -> Compiled {
        if !items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
            for item in items {
                self.compile_expression(item)?;
            }
            self.emit(build(items.len() as u32));
            return Ok(());
        }
        self.emit(Opcode::BuildList(0));
        self.compile_starred_items(items, Opcode::ListAppend, Opcode::ListExtend)?;
        if tuple {
            self.emit(Opcode::ListToTuple);
        }
        Ok(())
    }

    fn compile_starred_items(
        &mut self,
        items: &'a [Expr],
        add: fn(u32) -> Opcode,
        extend: fn(u32) -> Opcode,
    ) -> Compiled {
        for item in items {
            match &item.kind {
                ExprKind::Starred(inner) => {
                    self.compile_expression(inner)?;
                    self.emit(extend(1));
                }
                _ => {
                    self.compile_expression(item)?;
                    self.emit(add(1));
                }
            }
        }
        Ok(())
    }

    fn compile_set(&mut self, items: &'a [Expr]) -> Compiled {
        if !items.iter().any(|i| matches!(i.kind, ExprKind::Starred(_))) {
            for item in items {
                self.compile_expression(item)?;
            }
            self.emit(Opcode::BuildSet(items.len() as u32));
            return Ok(());
        }
        self.emit(Opcode::BuildSet(0));
        self.compile_starred_items(items, Opcode::SetAdd, Opcode::SetUpdate)
    }

    // {k: v, **m}  =>  <k>; <v>; BuildMap 1; <m>; DictUpdate 1
    fn compile_dict(&mut self, keys: &'a [Option<Expr>], values: &'a [Expr]) -> Compiled {
        let mut pending = 0;
        let mut built = false;
        for (key, value) in keys.iter().zip(values) {
            match key {
                Some(key) => {
                    self.compile_expression(key)?;
                    self.compile_expression(value)?;
                    pending += 1;
                }
                None => {
                    self.flush_dict_items(&mut pending, &mut built);
                    if !built {
                        self.emit(Opcode::BuildMap(0));
                        built = true;
                    }
                    self.compile_expression(value)?;
                    self.emit(Opcode::DictUpdate(1));
                }
            }
        }
        if pending > 0 || !built {
            self.flush_dict_items(&mut pending, &mut built);
        }
        Ok(())
    }

    /// Builds a dict of the `pending` key/value pairs on the stack and merges
    /// it into the one being built, if any.
    fn flush_dict_items(&mut self, pending: &mut u32, built: &mut bool) {
        if *pending == 0 && *built {
            return;
        }
        self.emit(Opcode::BuildMap(*pending));
        if *built {
            self.emit(Opcode::DictUpdate(1));
        }
        *built = true;
        *pending = 0;
    }

    fn compile_lambda(
        &mut self,
        node: &'a Expr,
        params: &'a Parameters,
        body: &'a Expr,
    ) -> Compiled {
        let qualname = self.child_qualname("<lambda>");
        let line = self.line_of(node.span.start);
        let defaults = self.compile_defaults(params)?;
        let shape = FunctionShape::of(params);
        self.compile_function(node, "<lambda>", &qualname, shape, defaults, line, |this| {
            this.compile_expression(body)?;
            this.emit(Opcode::ReturnValue);
            Ok(())
        })
    }

    // yield from x  =>  <x>; GetYieldFromIter; LoadConst None;
    //                  top: Send end; YieldValue; Jump top; end:
    fn compile_yield_from(&mut self, iterable: &'a Expr) -> Compiled {
        let top = self.label();
        let end = self.label();
        self.compile_expression(iterable)?;
        self.emit(Opcode::GetYieldFromIter);
        let none = self.code().constant(Value::None);
        self.emit(Opcode::LoadConst(none));
        self.place(top);
        self.emit_jump(Opcode::Send, end);
        self.emit(Opcode::YieldValue);
        self.emit_jump(Opcode::Jump, top);
        self.place(end);
        Ok(())
    }

    // [e for x in it if c]  =>  a function of `.0`:
    //   BuildList 0; LoadFast .0; top: ForIter end; <store x>; <c>; PopJumpIfFalse top;
    //   <e>; ListAppend 2; Jump top; end: ReturnValue
    // called as: MakeFunction; <it>; GetIter; Call 1
    fn compile_comprehension(
        &mut self,
        node: &'a Expr,
        name: &str,
        build: Opcode,
        generators: &'a [Comprehension],
        element: impl Fn(&mut Self, u32) -> Compiled,
    ) -> Compiled {
        if generators.iter().any(|g| g.is_async) {
            return self.error(
                "asynchronous comprehensions are not supported by pyl yet",
                node.span,
            );
        }
        let qualname = self.child_qualname(name);
        let line = self.line_of(node.span.start);
        let shape = FunctionShape {
            argcount: 1,
            ..FunctionShape::default()
        };
        self.compile_function(node, name, &qualname, shape, 0, line, |this| {
            // A generator expression builds nothing: it yields each element.
            let builds = build != Opcode::Nop;
            if builds {
                this.emit(build);
            }
            this.compile_generators(generators, 0, &element)?;
            if !builds {
                let none = this.code().constant(Value::None);
                this.emit(Opcode::LoadConst(none));
            }
            this.emit(Opcode::ReturnValue);
            Ok(())
        })?;
        self.compile_expression(&generators[0].iter)?;
        self.emit(Opcode::GetIter);
        self.emit(Opcode::Call(1));
        Ok(())
    }

    fn compile_generators(
        &mut self,
        generators: &'a [Comprehension],
        index: usize,
        element: &impl Fn(&mut Self, u32) -> Compiled,
    ) -> Compiled {
        let Some(generator) = generators.get(index) else {
            return element(self, index as u32 + 1);
        };
        let top = self.label();
        let end = self.label();
        if index == 0 {
            let source = self.code().local(".0");
            self.emit(Opcode::LoadFast(source));
        } else {
            self.compile_expression(&generator.iter)?;
            self.emit(Opcode::GetIter);
        }
        self.place(top);
        self.emit_jump(Opcode::ForIter, end);
        self.compile_store(&generator.target)?;
        for condition in &generator.ifs {
            self.compile_condition(condition, false, top)?;
        }
        self.compile_generators(generators, index + 1, element)?;
        self.emit_jump(Opcode::Jump, top);
        self.place(end);
        Ok(())
    }
}

/// The opcode operator for an AST binary operator.
pub(super) fn binary_operator(op: BinOp) -> BinaryOperator {
    match op {
        BinOp::Add => BinaryOperator::Add,
        BinOp::Sub => BinaryOperator::Subtract,
        BinOp::Mult => BinaryOperator::Multiply,
        BinOp::MatMult => BinaryOperator::MatrixMultiply,
        BinOp::Div => BinaryOperator::TrueDivide,
        BinOp::FloorDiv => BinaryOperator::FloorDivide,
        BinOp::Mod => BinaryOperator::Remainder,
        BinOp::Pow => BinaryOperator::Power,
        BinOp::LShift => BinaryOperator::LeftShift,
        BinOp::RShift => BinaryOperator::RightShift,
        BinOp::BitOr => BinaryOperator::Or,
        BinOp::BitXor => BinaryOperator::Xor,
        BinOp::BitAnd => BinaryOperator::And,
    }
}

fn unary_operator(op: UnaryOp) -> UnaryOperator {
    match op {
        UnaryOp::Invert => UnaryOperator::Invert,
        UnaryOp::Not => UnaryOperator::Not,
        UnaryOp::UAdd => UnaryOperator::Positive,
        UnaryOp::USub => UnaryOperator::Negative,
    }
}

fn comparison(op: CmpOp) -> Comparison {
    match op {
        CmpOp::Eq => Comparison::Equal,
        CmpOp::NotEq => Comparison::NotEqual,
        CmpOp::Lt => Comparison::Less,
        CmpOp::LtE => Comparison::LessEqual,
        CmpOp::Gt => Comparison::Greater,
        CmpOp::GtE => Comparison::GreaterEqual,
        CmpOp::Is => Comparison::Is,
        CmpOp::IsNot => Comparison::IsNot,
        CmpOp::In => Comparison::In,
        CmpOp::NotIn => Comparison::NotIn,
    }
}
