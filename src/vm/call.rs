//! Calls: from the eval loop (a Python callee gets a new frame in the same
//! loop) and from Rust (`Vm::call`, which runs the callee to completion).

use super::Vm;
use crate::objects::exception::{type_error, ExceptionObject, PyException};
use crate::objects::function::{ArgList, Args};
use crate::objects::type_object::{type_name, TypeKind, TypeObject};
use crate::objects::{PyResult, Value};
use std::sync::Arc;

/// What a call made from the eval loop did.
pub(super) enum CallOutcome {
    /// A Python function's frame was pushed: the loop continues there.
    FramePushed,
    /// A built-in ran to completion and gave this result.
    Returned(Value),
}

impl Vm {
    /// Calls `callable` with `args`, running a Python callee to completion.
    pub(super) fn call_value(&mut self, callable: &Value, mut args: Args) -> PyResult<Value> {
        match callable {
            Value::Function(function) => {
                let return_to = self.stack.len();
                let function = function.clone();
                let generator = if args.keywords.is_empty() {
                    let argc = args.positional.len();
                    self.stack.extend(args.positional);
                    self.push_function_frame(function, argc, return_to, true)?
                } else {
                    let positional = args.positional.into_vec();
                    self.push_function_frame_bound(
                        function,
                        positional,
                        args.keywords,
                        return_to,
                        true,
                    )?
                };
                match generator {
                    Some(generator) => Ok(generator),
                    None => self.execute(),
                }
            }
            Value::NativeMethod((_, function)) => function(self, args),
            Value::BuiltinFunction(builtin) => {
                if let Some(receiver) = &builtin.receiver {
                    args.positional.insert(0, receiver.clone());
                }
                (builtin.function)(self, args)
            }
            Value::BoundMethod(method) => {
                args.positional.insert(0, method.receiver.clone());
                let function = method.function.clone();
                self.call_value(&function, args)
            }
            Value::Type(class) if class.dict.is_some() => self.instantiate(class, args),
            Value::Type(class) => self.construct(class, args),
            Value::Instance(instance) => {
                let class = instance.class.clone();
                let Some(method) = super::classes::lookup_in_class(&self.token, &class, "__call__")
                else {
                    return type_error(format!("'{}' object is not callable", class.name));
                };
                args.positional.insert(0, callable.clone());
                self.call_value(&method, args)
            }
            other => type_error(format!("'{}' object is not callable", type_name(other))),
        }
    }

    /// `Call(argc)`: the callable sits under its `argc` arguments.
    pub(super) fn call_from_stack(&mut self, argc: usize) -> PyResult<CallOutcome> {
        let callable_at = self.stack.len() - argc - 1;
        if let Value::Function(_) = &self.stack[callable_at] {
            // The slot is discarded when the call returns: move the function
            // into the frame rather than counting a new reference.
            if let Value::Function(function) =
                std::mem::replace(&mut self.stack[callable_at], Value::Null)
            {
                return Ok(pushed(self.push_function_frame(
                    function,
                    argc,
                    callable_at,
                    false,
                )?));
            }
            return Ok(CallOutcome::FramePushed);
        }
        let positional: ArgList = self.stack.drain(callable_at + 1..).collect();
        let callable = self.stack.pop().unwrap_or(Value::None);
        let args = Args {
            positional,
            keywords: Vec::new(),
        };
        self.call_native_or_other(&callable, args)
    }

    /// `CallMethod(argc)`: ( callable self_or_null args*argc -- result ).
    pub(super) fn call_method_from_stack(&mut self, argc: usize) -> PyResult<CallOutcome> {
        let self_at = self.stack.len() - argc - 1;
        if matches!(self.stack[self_at], Value::Null) {
            self.stack.remove(self_at);
            return self.call_from_stack(argc);
        }
        let callable_at = self_at - 1;
        if let Value::Function(_) = &self.stack[callable_at] {
            if let Value::Function(function) =
                std::mem::replace(&mut self.stack[callable_at], Value::Null)
            {
                return Ok(pushed(self.push_function_frame(
                    function,
                    argc + 1,
                    callable_at,
                    false,
                )?));
            }
            return Ok(CallOutcome::FramePushed);
        }
        let positional: ArgList = self.stack.drain(self_at..).collect();
        let callable = self.stack.pop().unwrap_or(Value::None);
        let args = Args {
            positional,
            keywords: Vec::new(),
        };
        self.call_native_or_other(&callable, args)
    }

    /// A call with keyword arguments or unpacking, arguments already collected.
    pub(super) fn call_collected(&mut self, callable: Value, args: Args) -> PyResult<CallOutcome> {
        if let Value::Function(function) = callable {
            let return_to = self.stack.len();
            let positional = args.positional.into_vec();
            let generator = self.push_function_frame_bound(
                function,
                positional,
                args.keywords,
                return_to,
                false,
            )?;
            return Ok(pushed(generator));
        }
        self.call_native_or_other(&callable, args)
    }

    fn call_native_or_other(&mut self, callable: &Value, args: Args) -> PyResult<CallOutcome> {
        self.enter_native()?;
        let result = self.call_value(callable, args);
        self.leave_native();
        result.map(CallOutcome::Returned)
    }

    /// Calling a class: built-in constructors and exception classes.
    fn construct(&mut self, class: &Arc<TypeObject>, args: Args) -> PyResult<Value> {
        if class.kind == TypeKind::Exception {
            args.expect_no_keywords(&class.name)?;
            let exception = ExceptionObject::new(class.clone(), args.positional.into_vec());
            return Ok(Value::Exception(Arc::new(exception)));
        }
        crate::modules::builtins::construct(self, class, args)
    }

    /// Turns the operand of `raise` into an exception: an instance as is, a
    /// class called with no arguments.
    pub(super) fn exception_from_value(&mut self, value: Value) -> PyResult<PyException> {
        match value {
            Value::Exception(exception) => Ok(PyException(exception)),
            Value::Type(class) if class.kind == TypeKind::Exception => {
                match self.call(&Value::Type(class), vec![])? {
                    Value::Exception(exception) => Ok(PyException(exception)),
                    _ => type_error("exceptions must derive from BaseException"),
                }
            }
            _ => type_error("exceptions must derive from BaseException"),
        }
    }
}

/// The outcome of pushing a function's frame: the loop goes on in it, or,
/// for a generator function, the call's result is the generator.
fn pushed(generator: Option<Value>) -> CallOutcome {
    match generator {
        Some(generator) => CallOutcome::Returned(generator),
        None => CallOutcome::FramePushed,
    }
}
