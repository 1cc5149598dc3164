//! Code objects on the wire: what lets a function cross by value.
//!
//! A `CodeObject` is instructions plus the tables their operands index.
//! The opcodes derive serde's traits themselves (`compiler/opcode.rs`);
//! the constants are values, so they cross as `Wire`s, nested code objects
//! (a lambda inside the function) among them.

use super::wire::{Encoder, Wire};
use super::wire_decode::Decoder;
use crate::compiler::{CodeFlags, CodeObject, ExceptionTableEntry, Opcode};
use crate::objects::exception::raise;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A code object as it travels.
#[derive(Serialize, Deserialize, Debug)]
pub struct WireCode {
    pub name: String,
    pub qualname: String,
    pub filename: String,
    pub first_line: u32,
    pub instructions: Vec<Opcode>,
    pub lines: Vec<u32>,
    pub constants: Vec<Wire>,
    pub names: Vec<String>,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub cell_parameters: Vec<(u32, u32)>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: CodeFlags,
    pub exception_table: Vec<ExceptionTableEntry>,
    pub docstring: Option<String>,
}

/// The wire form of `code`.
pub fn code_to_wire(vm: &mut Vm, encoder: &mut Encoder, code: &CodeObject) -> PyResult<WireCode> {
    let names = code
        .names
        .iter()
        .map(|name| name.as_str().unwrap_or_default().to_string())
        .collect();
    Ok(WireCode {
        name: code.name.clone(),
        qualname: code.qualname.clone(),
        filename: code.filename.clone(),
        first_line: code.first_line,
        instructions: code.instructions.clone(),
        lines: code.lines.clone(),
        constants: encoder.all(vm, &code.constants)?,
        names,
        varnames: code.varnames.clone(),
        cellvars: code.cellvars.clone(),
        freevars: code.freevars.clone(),
        cell_parameters: code.cell_parameters.clone(),
        argcount: code.argcount,
        posonlyargcount: code.posonlyargcount,
        kwonlyargcount: code.kwonlyargcount,
        flags: code.flags,
        exception_table: code.exception_table.clone(),
        docstring: code.docstring.clone(),
    })
}

/// Rebuilds a code object, after checking that its operands stay inside
/// its tables: the bytes came from another process and the eval loop
/// indexes with them unchecked.
pub fn code_from_wire(vm: &mut Vm, decoder: &Decoder, wire: WireCode) -> PyResult<Arc<CodeObject>> {
    let mut constants = Vec::with_capacity(wire.constants.len());
    for constant in wire.constants {
        constants.push(decoder.from_wire(vm, constant)?);
    }
    let code = CodeObject {
        name: wire.name,
        qualname: wire.qualname,
        filename: wire.filename,
        first_line: wire.first_line,
        instructions: wire.instructions,
        lines: wire.lines,
        constants,
        names: wire
            .names
            .iter()
            .map(|name| Value::Str(crate::objects::str::intern(name)))
            .collect(),
        varnames: wire.varnames,
        cellvars: wire.cellvars,
        freevars: wire.freevars,
        cell_parameters: wire.cell_parameters,
        argcount: wire.argcount,
        posonlyargcount: wire.posonlyargcount,
        kwonlyargcount: wire.kwonlyargcount,
        flags: wire.flags,
        exception_table: wire.exception_table,
        docstring: wire.docstring,
    };
    check_operands(&code)?;
    Ok(Arc::new(code))
}

/// Refuses a code object whose instructions name a constant, name, local,
/// cell or jump target it does not have, or whose exception table or cell
/// parameters point outside it. (The stack depth is not checked.)
fn check_operands(code: &CodeObject) -> PyResult<()> {
    let cells = code.cellvars.len() + code.freevars.len();
    let locals = code.varnames.len();
    let fits = |index: u32, length: usize| (index as usize) < length;
    let size = code.instructions.len();
    for opcode in &code.instructions {
        let valid = match *opcode {
            Opcode::LoadFast(index) | Opcode::StoreFast(index) | Opcode::DeleteFast(index) => {
                fits(index, locals)
            }
            Opcode::LoadDeref(index)
            | Opcode::StoreDeref(index)
            | Opcode::DeleteDeref(index)
            | Opcode::LoadClosure(index) => fits(index, cells),
            _ => {
                opcode
                    .target()
                    .is_none_or(|target| (target as usize) <= size)
                    && opcode
                        .name_operand()
                        .is_none_or(|index| fits(index, code.names.len()))
                    && opcode
                        .constant_operand()
                        .is_none_or(|index| fits(index, code.constants.len()))
            }
        };
        if !valid {
            return raise(
                ExceptionKind::ValueError,
                format!(
                    "bad code object received for {}: operand out of range",
                    code.qualname
                ),
            );
        }
    }
    let handlers_fit = code.exception_table.iter().all(|entry| {
        entry.start <= entry.end && entry.end as usize <= size && (entry.handler as usize) < size
    });
    let cells_fit = code.cell_parameters.iter().all(|&(cell, parameter)| {
        (cell as usize) < code.cellvars.len() && (parameter as usize) < code.varnames.len()
    });
    if code.lines.len() != size
        || code.varnames.len() < code.parameter_count()
        || !handlers_fit
        || !cells_fit
    {
        return raise(
            ExceptionKind::ValueError,
            format!(
                "bad code object received for {}: inconsistent tables",
                code.qualname
            ),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compiler::{CodeFlags, ExceptionTableEntry};

    /// `return None`, which the checks must let through, as a base to spoil.
    fn code(instructions: Vec<Opcode>) -> CodeObject {
        CodeObject {
            name: "f".to_string(),
            qualname: "f".to_string(),
            filename: "t.pyl".to_string(),
            first_line: 1,
            lines: vec![1; instructions.len()],
            instructions,
            constants: vec![Value::None],
            names: vec![Value::str("x")],
            varnames: vec!["a".to_string()],
            cellvars: Vec::new(),
            freevars: Vec::new(),
            cell_parameters: Vec::new(),
            argcount: 1,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: CodeFlags::default(),
            exception_table: Vec::new(),
            docstring: None,
        }
    }

    #[test]
    fn a_sound_code_object_passes() {
        let good = code(vec![
            Opcode::LoadFast(0),
            Opcode::LoadGlobal(0),
            Opcode::LoadConst(0),
        ]);
        assert!(check_operands(&good).is_ok());
    }

    #[test]
    fn operands_outside_the_tables_are_refused() {
        for bad in [
            Opcode::LoadConst(1),
            Opcode::LoadFast(1),
            Opcode::LoadGlobal(1),
            Opcode::LoadDeref(0),
            Opcode::Jump(9),
            Opcode::MakeFunction { code: 4, flags: 0 },
        ] {
            assert!(
                check_operands(&code(vec![bad, Opcode::ReturnValue])).is_err(),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn tables_that_do_not_fit_are_refused() {
        let mut short_lines = code(vec![Opcode::LoadConst(0), Opcode::ReturnValue]);
        short_lines.lines.pop();
        let mut handler_outside = code(vec![Opcode::LoadConst(0), Opcode::ReturnValue]);
        handler_outside.exception_table.push(ExceptionTableEntry {
            start: 0,
            end: 1,
            handler: 7,
            depth: 0,
        });
        let mut cell_outside = code(vec![Opcode::LoadConst(0), Opcode::ReturnValue]);
        cell_outside.cell_parameters.push((0, 0));
        for bad in [short_lines, handler_outside, cell_outside] {
            assert!(check_operands(&bad).is_err());
        }
    }
}
