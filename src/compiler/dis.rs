//! `pyl --dis`: prints code objects in the style of Python's `dis` module.
//!
//! ```text
//!   2           0 LOAD_FAST                0 (n)
//!               1 LOAD_CONST               1 (2)
//!               2 COMPARE_OP               0 (<)
//!         >>    3 ...
//! ```
//! Columns: the source line where it changes, `>>` on jump targets, the
//! instruction index, the opcode name, its operand and what that means.

use super::{CodeObject, Opcode};
use crate::objects::Value;
use std::fmt::Write;

/// The disassembly of `code` and of every code object nested in it.
pub fn disassemble(code: &CodeObject, repr: &dyn Fn(&Value) -> String) -> String {
    let mut out = String::new();
    write_code(&mut out, code, repr);
    out
}

fn write_code(out: &mut String, code: &CodeObject, repr: &dyn Fn(&Value) -> String) {
    let _ = writeln!(
        out,
        "Disassembly of <code object {} at line {}>:",
        code.qualname, code.first_line
    );
    let body = code.body();
    let targets: Vec<u32> = body
        .instructions
        .iter()
        .filter_map(|op| op.target())
        .collect();
    let handlers: Vec<u32> = body.exception_table.iter().map(|e| e.handler).collect();
    let mut last_line = 0;
    for (index, op) in body.instructions.iter().enumerate() {
        let line = code.line_at(index);
        let line_column = if line != last_line {
            format!("{line:>3}")
        } else {
            "   ".into()
        };
        if line != last_line && index > 0 {
            out.push('\n');
        }
        last_line = line;
        let is_target = targets.contains(&(index as u32)) || handlers.contains(&(index as u32));
        let marker = if is_target { ">>" } else { "  " };
        let (name, operand) = describe(op, code, repr);
        let _ = writeln!(
            out,
            "{line_column}      {marker} {index:>5} {name:<24}{operand}"
        );
    }
    if !body.exception_table.is_empty() {
        let _ = writeln!(out, "ExceptionTable:");
        for entry in &body.exception_table {
            let _ = writeln!(
                out,
                "  {} to {} -> {} [{}]",
                entry.start,
                entry.end.saturating_sub(1),
                entry.handler,
                entry.depth
            );
        }
    }
    for constant in &body.constants {
        if let Value::Code(inner) = constant {
            out.push('\n');
            write_code(out, inner, repr);
        }
    }
}

/// The opcode's name in Python's spelling (`LOAD_CONST`) and its operand text.
fn describe(op: &Opcode, code: &CodeObject, repr: &dyn Fn(&Value) -> String) -> (String, String) {
    let debug = format!("{op:?}");
    let variant = debug.split(['(', ' ']).next().unwrap_or("").to_string();
    let name = screaming_snake_case(&variant);
    let body = code.body();
    let name_at = |i: u32| {
        body.names
            .get(i as usize)
            .and_then(|n| n.as_str().map(String::from))
            .unwrap_or_default()
    };
    let local = |i: u32| code.varnames.get(i as usize).cloned().unwrap_or_default();
    let cell = |i: u32| {
        let i = i as usize;
        code.cellvars
            .iter()
            .chain(code.freevars.iter())
            .nth(i)
            .cloned()
            .unwrap_or_default()
    };
    let with = |n: u32, meaning: String| format!("{n:>4} ({meaning})");
    let operand = match *op {
        Opcode::LoadConst(i) => with(
            i,
            body.constants.get(i as usize).map(repr).unwrap_or_default(),
        ),
        Opcode::LoadFast(i) | Opcode::StoreFast(i) | Opcode::DeleteFast(i) => with(i, local(i)),
        Opcode::LoadDeref(i)
        | Opcode::StoreDeref(i)
        | Opcode::DeleteDeref(i)
        | Opcode::LoadClosure(i) => with(i, cell(i)),
        Opcode::LoadGlobal(i)
        | Opcode::StoreGlobal(i)
        | Opcode::DeleteGlobal(i)
        | Opcode::LoadName(i)
        | Opcode::StoreName(i)
        | Opcode::DeleteName(i)
        | Opcode::LoadAttr(i)
        | Opcode::StoreAttr(i)
        | Opcode::DeleteAttr(i)
        | Opcode::LoadMethod(i)
        | Opcode::ImportName(i)
        | Opcode::ImportFrom(i) => with(i, name_at(i)),
        Opcode::BinaryOp { op, inplace } => {
            let symbol = op.symbol().split(' ').next().unwrap_or("");
            with(
                op as u32,
                if inplace {
                    format!("{symbol}=")
                } else {
                    symbol.to_string()
                },
            )
        }
        Opcode::CompareOp(c) => with(c as u32, c.symbol().to_string()),
        Opcode::UnaryOp(u) => format!("{:>4} ({u:?})", u as u32),
        Opcode::CallKw { argc, names } => with(
            argc,
            body.constants
                .get(names as usize)
                .map(repr)
                .unwrap_or_default(),
        ),
        Opcode::MakeFunction { code: i, flags } => with(
            flags,
            body.constants.get(i as usize).map(repr).unwrap_or_default(),
        ),
        Opcode::FormatValue {
            conversion,
            has_spec,
        } => format!(
            "{:>4} ({conversion:?}{})",
            has_spec as u32,
            if has_spec { ", with format" } else { "" }
        ),
        Opcode::UnpackEx { before, after } => format!(
            "{:>4} ({before} before, {after} after)",
            before | (after << 8)
        ),
        Opcode::CallEx { has_kwargs } => format!("{:>4}", has_kwargs as u32),
        _ => match op.target() {
            Some(target) => with(target, format!("to {target}")),
            None => plain_operand(&debug),
        },
    };
    (name, operand)
}

/// The number inside `Variant(3)`, right-aligned, or nothing.
fn plain_operand(debug: &str) -> String {
    match (debug.find('('), debug.rfind(')')) {
        (Some(open), Some(close)) if open < close => format!("{:>4}", &debug[open + 1..close]),
        _ => String::new(),
    }
}

/// `LoadConst` -> `LOAD_CONST`.
fn screaming_snake_case(name: &str) -> String {
    let mut out = String::new();
    for (index, ch) in name.chars().enumerate() {
        if ch.is_ascii_uppercase() && index > 0 {
            out.push('_');
        }
        out.push(ch.to_ascii_uppercase());
    }
    out
}
