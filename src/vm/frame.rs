//! Frames: one per running function call, and how a call sets one up.
//!
//! A frame owns no storage of its own: its locals and operands live in the
//! thread's value stack from `locals_base` on. A Python call leaves its
//! arguments on the stack exactly where the callee's first locals go, so
//! the common call copies nothing.

use super::Vm;
use crate::compiler::CodeObject;
use crate::objects::dict::PyDict;
use crate::objects::exception::{raise, type_error};
use crate::objects::function::{Cell, CellRef, Function};
use crate::objects::generator::PyGenerator;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use std::sync::Arc;

/// One activation of a code object.
pub struct Frame {
    /// The function running (for a module body, one made for it): its code
    /// and globals. Held by the frame, so a call moves the callee's `Arc` off
    /// the stack instead of counting another reference.
    pub function: Arc<Function>,
    /// The namespace `LoadName`/`StoreName` use (module level: the globals).
    pub namespace: Option<Arc<PyDict>>,
    /// Cell variables then free variables.
    pub cells: Vec<CellRef>,
    /// The next instruction to run.
    pub ip: usize,
    /// Where this frame's locals start in the value stack.
    pub locals_base: usize,
    /// Where its operand stack starts (after the locals).
    pub stack_base: usize,
    /// The stack length to cut back to when the frame returns (removing the
    /// callable and the arguments).
    pub return_to: usize,
    /// True when a Rust caller waits for this frame's result: returning from
    /// it leaves the eval loop.
    pub is_entry: bool,
    /// The generator this frame belongs to, while the generator runs.
    pub generator: Option<Arc<PyGenerator>>,
}

impl Frame {
    /// The code this frame runs.
    #[inline(always)]
    pub fn code(&self) -> &Arc<CodeObject> {
        &self.function.code
    }

    /// The module namespace the code's globals live in.
    #[inline(always)]
    pub fn globals(&self) -> &Arc<PyDict> {
        &self.function.globals
    }

    /// Where `StoreName` binds: the frame's own namespace, else its globals.
    pub fn namespace_dict(&self) -> &Arc<PyDict> {
        self.namespace.as_ref().unwrap_or(self.globals())
    }
}

impl Vm {
    /// Pushes the frame of a module body, whose names live in `globals`.
    pub(super) fn push_module_frame(
        &mut self,
        code: Arc<CodeObject>,
        globals: Arc<PyDict>,
    ) -> PyResult<()> {
        self.check_recursion()?;
        self.decode_body(&code)?;
        let base = self.stack.len();
        let namespace = Some(globals.clone());
        let function = Function::new(code, globals, Vec::new(), Vec::new(), Vec::new());
        let frame = Frame {
            function: Arc::new(function),
            namespace,
            cells: Vec::new(),
            ip: 0,
            locals_base: base,
            stack_base: base,
            return_to: base,
            is_entry: true,
            generator: None,
        };
        self.frames.push(frame);
        Ok(())
    }

    /// RecursionError once the frame stack reaches the limit.
    pub(super) fn check_recursion(&self) -> PyResult<()> {
        if self.frames.len() >= self.recursion_limit() {
            return raise(
                ExceptionKind::RecursionError,
                "maximum recursion depth exceeded",
            );
        }
        Ok(())
    }

    /// Decodes `code`'s body if it is still encoded (a code object from
    /// another process), before a frame runs it.
    #[inline(always)]
    fn decode_body(&mut self, code: &CodeObject) -> PyResult<()> {
        if code.decoded.get().is_none() {
            crate::runtime::wire_code::decode_body(self, code)?;
        }
        Ok(())
    }

    /// Pushes a frame for `function`, whose `argc` positional arguments are
    /// the top of the stack; `return_to` is where the stack is cut back to
    /// when it returns. The fast path for the common call shape binds
    /// nothing: the arguments already are the first locals. For a generator
    /// function the frame is parked at once and the generator returned.
    pub(super) fn push_function_frame(
        &mut self,
        function: Arc<Function>,
        argc: usize,
        return_to: usize,
        is_entry: bool,
    ) -> PyResult<Option<Value>> {
        self.check_recursion()?;
        self.decode_body(&function.code)?;
        let code = &function.code;
        let locals_base = self.stack.len() - argc;
        let simple = !code.flags.varargs && !code.flags.varkeywords && code.kwonlyargcount == 0;
        let argcount = code.argcount as usize;
        let missing = argcount.saturating_sub(argc);
        if simple && argc <= argcount && missing <= function.defaults.len() {
            let skip = function.defaults.len() - missing;
            self.stack.extend(function.defaults[skip..].iter().cloned());
        } else {
            let positional = self.stack.split_off(locals_base);
            let bound = bind_arguments(&function, positional, Vec::new())?;
            self.stack.extend(bound);
        }
        self.enter_function_frame(function, locals_base, return_to, is_entry);
        Ok(self.park_if_generator())
    }

    /// Pushes a frame for `function` with arguments bound from any call shape.
    pub(super) fn push_function_frame_bound(
        &mut self,
        function: Arc<Function>,
        positional: Vec<Value>,
        keywords: Vec<(String, Value)>,
        return_to: usize,
        is_entry: bool,
    ) -> PyResult<Option<Value>> {
        self.check_recursion()?;
        self.decode_body(&function.code)?;
        let bound = bind_arguments(&function, positional, keywords)?;
        let locals_base = self.stack.len();
        self.stack.extend(bound);
        self.enter_function_frame(function, locals_base, return_to, is_entry);
        Ok(self.park_if_generator())
    }

    /// Completes the locals (unset slots after the parameters), makes the
    /// cells and pushes the frame.
    fn enter_function_frame(
        &mut self,
        function: Arc<Function>,
        locals_base: usize,
        return_to: usize,
        is_entry: bool,
    ) {
        let code = &function.code;
        let slots = code.varnames.len();
        let filled = self.stack.len() - locals_base;
        if filled < slots {
            self.stack.resize(locals_base + slots, Value::Null);
        }
        let cells = if code.cellvars.is_empty() && code.freevars.is_empty() {
            Vec::new()
        } else {
            self.make_cells(&function, locals_base)
        };
        self.frames.push(Frame {
            function,
            namespace: None,
            cells,
            ip: 0,
            locals_base,
            stack_base: locals_base + slots,
            return_to,
            is_entry,
            generator: None,
        });
    }

    /// New cells for the cellvars (a parameter's cell starts with its
    /// argument), then the function's closure cells.
    fn make_cells(&mut self, function: &Function, locals_base: usize) -> Vec<CellRef> {
        let code = &function.code;
        let mut cells: Vec<CellRef> = (0..code.cellvars.len())
            .map(|_| Arc::new(Cell::new(Value::Null)))
            .collect();
        for &(cell, parameter) in &code.cell_parameters {
            let value = self.stack[locals_base + parameter as usize].clone();
            *cells[cell as usize].value.rw(&mut self.token) = value;
        }
        cells.extend(function.closure.iter().cloned());
        cells
    }
}

/// Matches a call's arguments to the function's parameters, as CPython's
/// `initialize_locals` does, and returns the parameter slots in order.
pub fn bind_arguments(
    function: &Function,
    mut positional: Vec<Value>,
    keywords: Vec<(String, Value)>,
) -> PyResult<Vec<Value>> {
    let code = &function.code;
    let argcount = code.argcount as usize;
    let mut slots = vec![Value::Null; argcount + code.kwonlyargcount as usize];
    let extra = if positional.len() > argcount {
        positional.split_off(argcount)
    } else {
        Vec::new()
    };
    if !extra.is_empty() && !code.flags.varargs {
        return too_many_positional(function, argcount + extra.len(), keywords.len());
    }
    for (slot, value) in slots.iter_mut().zip(positional) {
        *slot = value;
    }
    let extra_keywords = bind_keywords(code, &mut slots, keywords)?;
    fill_defaults(function, &mut slots)?;
    if code.flags.varargs {
        slots.push(Value::tuple(extra));
    }
    if code.flags.varkeywords {
        slots.push(keywords_dict(extra_keywords)?);
    }
    Ok(slots)
}

/// Puts each keyword argument in its parameter's slot; returns the ones
/// that name no parameter, for `**kwargs` (an error without one).
fn bind_keywords(
    code: &CodeObject,
    slots: &mut [Value],
    keywords: Vec<(String, Value)>,
) -> PyResult<Vec<(String, Value)>> {
    let mut extra_keywords = Vec::new();
    let mut positional_only_named = Vec::new();
    for (name, value) in keywords {
        match code.varnames[..slots.len()].iter().position(|n| *n == name) {
            Some(index) if index < code.posonlyargcount as usize => {
                if code.flags.varkeywords {
                    extra_keywords.push((name, value));
                } else {
                    positional_only_named.push(name);
                }
            }
            Some(index) if !matches!(slots[index], Value::Null) => {
                let message = format!(
                    "{}() got multiple values for argument '{name}'",
                    code.qualname
                );
                return type_error(message);
            }
            Some(index) => slots[index] = value,
            None if code.flags.varkeywords => extra_keywords.push((name, value)),
            None => {
                let message = format!(
                    "{}() got an unexpected keyword argument '{name}'",
                    code.qualname
                );
                return type_error(message);
            }
        }
    }
    if !positional_only_named.is_empty() {
        return type_error(format!(
            "{}() got some positional-only arguments passed as keyword arguments: '{}'",
            code.qualname,
            positional_only_named.join(", ")
        ));
    }
    Ok(extra_keywords)
}

/// Fills unset parameters from the defaults; names the ones still missing.
fn fill_defaults(function: &Function, slots: &mut [Value]) -> PyResult<()> {
    let code = &function.code;
    let argcount = code.argcount as usize;
    let first_default = argcount - function.defaults.len().min(argcount);
    let mut missing = Vec::new();
    for index in 0..argcount {
        if matches!(slots[index], Value::Null) {
            if index >= first_default {
                slots[index] = function.defaults[index - first_default].clone();
            } else {
                missing.push(code.varnames[index].clone());
            }
        }
    }
    if !missing.is_empty() {
        return missing_arguments(&code.qualname, &missing, "positional");
    }
    for index in argcount..slots.len() {
        if matches!(slots[index], Value::Null) {
            let name = &code.varnames[index];
            match function.kwdefaults.iter().find(|(n, _)| n == name) {
                Some((_, value)) => slots[index] = value.clone(),
                None => missing.push(name.clone()),
            }
        }
    }
    if !missing.is_empty() {
        return missing_arguments(&code.qualname, &missing, "keyword-only");
    }
    Ok(())
}

/// `f() missing 2 required positional arguments: 'a' and 'b'`.
fn missing_arguments(qualname: &str, names: &[String], kind: &str) -> PyResult<()> {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    let list = match quoted.len() {
        1 => quoted[0].clone(),
        2 => format!("{} and {}", quoted[0], quoted[1]),
        n => format!("{}, and {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    };
    let plural = if names.len() == 1 { "" } else { "s" };
    type_error(format!(
        "{qualname}() missing {} required {kind} argument{plural}: {list}",
        names.len()
    ))
}

/// `f() takes 2 positional arguments but 3 were given`.
fn too_many_positional<T>(function: &Function, given: usize, keywords_given: usize) -> PyResult<T> {
    let code = &function.code;
    let argcount = code.argcount as usize;
    let defaults = function.defaults.len();
    let takes = if defaults > 0 {
        format!("from {} to {argcount}", argcount - defaults)
    } else {
        argcount.to_string()
    };
    let plural = if argcount == 1 && defaults == 0 {
        ""
    } else {
        "s"
    };
    let was = if given == 1 { "was" } else { "were" };
    let keyword_note = if keywords_given > 0 {
        let s = if keywords_given == 1 { "" } else { "s" };
        format!(
            " positional argument{} (and {keywords_given} keyword-only argument{s})",
            if given == 1 { "" } else { "s" }
        )
    } else {
        String::new()
    };
    if keyword_note.is_empty() {
        type_error(format!(
            "{}() takes {takes} positional argument{plural} but {given} {was} given",
            code.qualname
        ))
    } else {
        type_error(format!(
            "{}() takes {takes} positional argument{plural} but {given}{keyword_note} were given",
            code.qualname
        ))
    }
}

/// The `**kwargs` dict of a call.
fn keywords_dict(keywords: Vec<(String, Value)>) -> PyResult<Value> {
    let mut data = crate::objects::dict::DictData::default();
    for (name, value) in keywords {
        data.insert(Value::str(name), value)?;
    }
    Ok(Value::Dict(Arc::new(PyDict::from_data(data))))
}
