//! Code objects on the wire: what lets a function cross by value.
//!
//! A `CodeObject` is a header (names, parameters, flags) and a body
//! (instructions plus the tables their operands index). The body travels
//! as bytes of its own, inside the header's message, and is decoded only
//! when a frame first runs it (`decode_body`): a child receives the
//! parent's whole compiled library but decodes just the module bodies it
//! imports and the functions it calls. The opcodes derive serde's traits
//! themselves (`compiler/opcode.rs`); the constants are values, so they
//! cross as `Wire`s, nested code objects (a lambda inside the function)
//! among them. Bodies decoded from one buffer (`decode_in`) stay in it
//! as stretches (`EncodedBody`), nested ones too, so none is copied.

use super::wire::{to_bytes, Encoder, Wire};
use super::wire_decode::{from_bytes, Decoder};
use crate::compiler::{
    CodeBody, CodeFlags, CodeObject, EncodedBody, ExceptionTableEntry, Opcode, SharedBytes,
};
use crate::objects::exception::raise;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use serde::de::{DeserializeOwned, Visitor};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::sync::{Arc, OnceLock};

/// A code object as it travels: its header, and its body still encoded.
#[derive(Serialize, Deserialize, Debug)]
pub struct WireCode {
    pub name: String,
    pub qualname: String,
    pub filename: String,
    pub first_line: u32,
    pub varnames: Vec<String>,
    pub cellvars: Vec<String>,
    pub freevars: Vec<String>,
    pub cell_parameters: Vec<(u32, u32)>,
    pub argcount: u32,
    pub posonlyargcount: u32,
    pub kwonlyargcount: u32,
    pub flags: CodeFlags,
    pub docstring: Option<String>,
    /// The postcard bytes of a `WireBody`.
    pub body: BodyBytes,
}

/// The bytes of a `WireCode`'s body: encoded here to be sent, or received.
#[derive(Debug)]
pub enum BodyBytes {
    Made(Vec<u8>),
    Received(EncodedBody),
}

impl Serialize for BodyBytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = match self {
            BodyBytes::Made(bytes) => bytes,
            BodyBytes::Received(encoded) => encoded.bytes(),
        };
        serializer.serialize_bytes(bytes)
    }
}

impl<'de> Deserialize<'de> for BodyBytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_bytes(BodyVisitor)
    }
}

/// Takes a body's bytes where they lie in the buffer being decoded
/// (`decode_in`), or copies them when they lie elsewhere.
struct BodyVisitor;

impl<'de> Visitor<'de> for BodyVisitor {
    type Value = BodyBytes;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("the bytes of a code object's body")
    }

    fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<BodyBytes, E> {
        let in_buffer = DECODING.with_borrow(|buffer| {
            let buffer = buffer.as_ref()?;
            EncodedBody::within(buffer, bytes)
        });
        let encoded = in_buffer.unwrap_or_else(|| EncodedBody::whole(Arc::new(bytes.to_vec())));
        Ok(BodyBytes::Received(encoded))
    }
}

thread_local! {
    /// The buffer `decode_in` is decoding, whose bodies stay where they are.
    static DECODING: RefCell<Option<SharedBytes>> = const { RefCell::new(None) };
}

/// Decodes `bytes`, which lie in `buffer`: the code objects' bodies in
/// them are kept as stretches of `buffer`, not copied out.
pub fn decode_in<T: DeserializeOwned>(buffer: &SharedBytes, bytes: &[u8]) -> PyResult<T> {
    let outer = DECODING.replace(Some(buffer.clone()));
    let decoded = from_bytes(bytes);
    DECODING.set(outer);
    decoded
}

/// A code object's body as it travels.
#[derive(Serialize, Deserialize, Debug)]
pub struct WireBody {
    pub instructions: Vec<Opcode>,
    pub lines: Vec<u32>,
    pub constants: Vec<Wire>,
    pub names: Vec<String>,
    pub exception_table: Vec<ExceptionTableEntry>,
}

/// The wire form of `code`. A body that came from another process and
/// was kept encoded is sent on as it came.
pub fn code_to_wire(vm: &mut Vm, encoder: &mut Encoder, code: &CodeObject) -> PyResult<WireCode> {
    let body = match &code.encoded {
        Some(encoded) => BodyBytes::Received(encoded.clone()),
        None => BodyBytes::Made(to_bytes(&body_to_wire(vm, encoder, code.body())?)?),
    };
    Ok(WireCode {
        name: code.name.clone(),
        qualname: code.qualname.clone(),
        filename: code.filename.clone(),
        first_line: code.first_line,
        varnames: code.varnames.clone(),
        cellvars: code.cellvars.clone(),
        freevars: code.freevars.clone(),
        cell_parameters: code.cell_parameters.clone(),
        argcount: code.argcount,
        posonlyargcount: code.posonlyargcount,
        kwonlyargcount: code.kwonlyargcount,
        flags: code.flags,
        docstring: code.docstring.clone(),
        body,
    })
}

fn body_to_wire(vm: &mut Vm, encoder: &mut Encoder, body: &CodeBody) -> PyResult<WireBody> {
    let names = body
        .names
        .iter()
        .map(|name| name.as_str().unwrap_or_default().to_string())
        .collect();
    Ok(WireBody {
        instructions: body.instructions.clone(),
        lines: body.lines.clone(),
        constants: encoder.all(vm, &body.constants)?,
        names,
        exception_table: body.exception_table.clone(),
    })
}

/// Rebuilds a code object with its body still encoded, after checking
/// that its header holds together (the body is checked when decoded).
pub fn code_from_wire(wire: WireCode) -> PyResult<Arc<CodeObject>> {
    let code = CodeObject {
        name: wire.name,
        qualname: wire.qualname,
        filename: wire.filename,
        first_line: wire.first_line,
        varnames: wire.varnames,
        cellvars: wire.cellvars,
        freevars: wire.freevars,
        cell_parameters: wire.cell_parameters,
        argcount: wire.argcount,
        posonlyargcount: wire.posonlyargcount,
        kwonlyargcount: wire.kwonlyargcount,
        flags: wire.flags,
        docstring: wire.docstring,
        decoded: OnceLock::new(),
        encoded: Some(match wire.body {
            BodyBytes::Received(encoded) => encoded,
            BodyBytes::Made(bytes) => EncodedBody::whole(Arc::new(bytes)),
        }),
    };
    check_header(&code)?;
    Ok(Arc::new(code))
}

/// Decodes the body of `code`, received from another process, the first
/// time a frame runs it; checks first that its operands stay inside its
/// tables, since the bytes came from elsewhere and the eval loop indexes
/// with them unchecked.
pub fn decode_body(vm: &mut Vm, code: &CodeObject) -> PyResult<()> {
    let Some(encoded) = &code.encoded else {
        return raise(
            ExceptionKind::SystemError,
            format!("code object {} has no body", code.qualname),
        );
    };
    let wire: WireBody = decode_in(encoded.buffer(), encoded.bytes())?;
    let decoder = Decoder { handles: &[] };
    let mut constants = Vec::with_capacity(wire.constants.len());
    for constant in wire.constants {
        constants.push(decoder.from_wire(vm, constant)?);
    }
    let body = CodeBody {
        instructions: wire.instructions,
        lines: wire.lines,
        constants,
        names: wire
            .names
            .iter()
            .map(|name| Value::Str(crate::objects::str::intern(name)))
            .collect(),
        exception_table: wire.exception_table,
    };
    check_operands(code, &body)?;
    // Under the GIL no other thread decodes it meanwhile; were one to,
    // its body would be the same.
    let _ = code.decoded.set(body);
    Ok(())
}

/// The error for a code object that does not hold together.
fn bad_code<T>(code: &CodeObject, what: &str) -> PyResult<T> {
    raise(
        ExceptionKind::ValueError,
        format!("bad code object received for {}: {what}", code.qualname),
    )
}

/// Refuses a header whose parameters or cell parameters have no local.
fn check_header(code: &CodeObject) -> PyResult<()> {
    let cells_fit = code.cell_parameters.iter().all(|&(cell, parameter)| {
        (cell as usize) < code.cellvars.len() && (parameter as usize) < code.varnames.len()
    });
    if code.varnames.len() < code.parameter_count() || !cells_fit {
        return bad_code(code, "inconsistent tables");
    }
    Ok(())
}

/// Refuses a body whose instructions name a constant, name, local, cell
/// or jump target it does not have, or whose exception table points
/// outside it. (The stack depth is not checked.)
fn check_operands(code: &CodeObject, body: &CodeBody) -> PyResult<()> {
    let cells = code.cellvars.len() + code.freevars.len();
    let locals = code.varnames.len();
    let fits = |index: u32, length: usize| (index as usize) < length;
    let size = body.instructions.len();
    for opcode in &body.instructions {
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
                        .is_none_or(|index| fits(index, body.names.len()))
                    && opcode
                        .constant_operand()
                        .is_none_or(|index| fits(index, body.constants.len()))
            }
        };
        if !valid {
            return bad_code(code, "operand out of range");
        }
    }
    let handlers_fit = body.exception_table.iter().all(|entry| {
        entry.start <= entry.end && entry.end as usize <= size && (entry.handler as usize) < size
    });
    if body.lines.len() != size || !handlers_fit {
        return bad_code(code, "inconsistent tables");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A function `f(a)` with nothing wrong in its header.
    fn code() -> CodeObject {
        CodeObject {
            name: "f".to_string(),
            qualname: "f".to_string(),
            filename: "t.pyl".to_string(),
            first_line: 1,
            varnames: vec!["a".to_string()],
            cellvars: Vec::new(),
            freevars: Vec::new(),
            cell_parameters: Vec::new(),
            argcount: 1,
            posonlyargcount: 0,
            kwonlyargcount: 0,
            flags: CodeFlags::default(),
            docstring: None,
            decoded: OnceLock::new(),
            encoded: None,
        }
    }

    /// A body with one constant and one name, as a base to spoil.
    fn body(instructions: Vec<Opcode>) -> CodeBody {
        CodeBody {
            lines: vec![1; instructions.len()],
            instructions,
            constants: vec![Value::None],
            names: vec![Value::str("x")],
            exception_table: Vec::new(),
        }
    }

    #[test]
    fn a_sound_code_object_passes() {
        let good = body(vec![
            Opcode::LoadFast(0),
            Opcode::LoadGlobal(0),
            Opcode::LoadConst(0),
        ]);
        assert!(check_header(&code()).is_ok());
        assert!(check_operands(&code(), &good).is_ok());
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
            let spoiled = body(vec![bad, Opcode::ReturnValue]);
            assert!(check_operands(&code(), &spoiled).is_err(), "{bad:?}");
        }
    }

    /// The function `f` of a module made from `source`, in `vm`.
    fn function(vm: &mut Vm, source: &str) -> Value {
        let code = crate::compile_source(vm, source.as_bytes(), "t.pyl").expect("compiles");
        let module = vm.new_module("t");
        vm.register_module("t", &module);
        vm.run_module_code(code, &module).expect("runs");
        module
            .dict
            .data
            .ro(&vm.token)
            .get_str("f")
            .expect("defines f")
    }

    /// The received function's code object.
    fn code_of(function: &Value) -> Arc<CodeObject> {
        match function {
            Value::Function(function) => function.code.clone(),
            _ => panic!("not a function"),
        }
    }

    /// The tests that need an interpreter share one, since a `Vm` holds
    /// the GIL of its process for good.
    #[test]
    fn received_code_in_an_interpreter() {
        let mut vm = Vm::new(Vec::new(), std::path::PathBuf::from("."));
        a_received_body_is_decoded_when_first_called_and_a_bad_one_raises_then(&mut vm);
        bodies_decoded_in_a_buffer_stay_in_it_nested_ones_too(&mut vm);
    }

    fn a_received_body_is_decoded_when_first_called_and_a_bad_one_raises_then(vm: &mut Vm) {
        let sent = function(vm, "def f(x):\n    return x + 1\n");
        let bytes = super::super::wire::encode(vm, &sent).expect("encodes");

        let received = super::super::wire_decode::decode(vm, &bytes).expect("decodes");
        assert!(code_of(&received).decoded.get().is_none());
        let result = vm.call(&received, vec![Value::Int(41)]).expect("calls");
        assert!(matches!(result, Value::Int(42)));
        assert!(code_of(&received).decoded.get().is_some());

        // The same function with its body's bytes spoiled: it arrives, and
        // calling it raises ValueError instead of running garbage.
        let mut wire: Wire = from_bytes(&bytes).expect("is a wire");
        let Wire::Function(function) = &mut wire else {
            panic!("not a function on the wire");
        };
        function.code.body = BodyBytes::Made(vec![0xff; 8]);
        let spoiled = to_bytes(&wire).expect("encodes");
        let received = super::super::wire_decode::decode(vm, &spoiled).expect("arrives");
        let error = vm
            .call(&received, vec![Value::Int(1)])
            .expect_err("refused");
        assert!(vm.format_exception(&error.0).contains("ValueError"));
    }

    fn bodies_decoded_in_a_buffer_stay_in_it_nested_ones_too(vm: &mut Vm) {
        let source = "def f(x):\n    return lambda: x\n";
        let module = crate::compile_source(vm, source.as_bytes(), "t.pyl").expect("compiles");
        let wire = code_to_wire(vm, &mut Encoder::new(None), &module).expect("encodes");
        let buffer: SharedBytes = Arc::new(to_bytes(&wire).expect("serializes"));
        let in_buffer = |code: &CodeObject| {
            let encoded = code.encoded.as_ref().expect("kept encoded");
            Arc::ptr_eq(encoded.buffer(), &buffer)
        };

        let received = decode_in(&buffer, (*buffer).as_ref()).expect("decodes");
        let module = code_from_wire(received).expect("holds together");
        assert!(in_buffer(&module));
        // The function's body is in the module's, the lambda's in the
        // function's: each is decoded from the buffer and stays in it.
        let mut code = module;
        for _ in 0..2 {
            decode_body(vm, &code).expect("decodes");
            let mut nested = code
                .body()
                .constants
                .iter()
                .filter_map(|constant| match constant {
                    Value::Code(code) => Some(code.clone()),
                    _ => None,
                });
            code = nested.next().expect("holds a code object");
            assert!(in_buffer(&code));
        }
    }

    #[test]
    fn tables_that_do_not_fit_are_refused() {
        let mut short_lines = body(vec![Opcode::LoadConst(0), Opcode::ReturnValue]);
        short_lines.lines.pop();
        let mut handler_outside = body(vec![Opcode::LoadConst(0), Opcode::ReturnValue]);
        handler_outside.exception_table.push(ExceptionTableEntry {
            start: 0,
            end: 1,
            handler: 7,
            depth: 0,
        });
        for bad in [short_lines, handler_outside] {
            assert!(check_operands(&code(), &bad).is_err());
        }
        let mut cell_outside = code();
        cell_outside.cell_parameters.push((0, 0));
        let mut too_few_locals = code();
        too_few_locals.argcount = 2;
        for bad in [cell_outside, too_few_locals] {
            assert!(check_header(&bad).is_err());
        }
    }
}
