//! The builtins that serve classes: `staticmethod`, `classmethod`,
//! `property`, `super`, the methods every class inherits from `object`
//! and `BaseException` (what `super().__init__(...)` reaches), the `method`
//! type's constructor, and the `__set_name__` calls that finish a class.

use crate::objects::exception::{raise, type_error, PyException};
use crate::objects::function::{Args, BoundMethod, BuiltinFunction, NativeFn};
use crate::objects::instance::{Descriptor, Super};
use crate::objects::type_object::{type_of, ExceptionKind, TypeObject};
use crate::objects::{PyResult, Value};
use crate::vm::classes::lookup_in_class;
use crate::vm::Vm;
use std::sync::Arc;

/// The class-related builtins, for `builtins::install`.
pub const FUNCTIONS: &[(&str, NativeFn)] = &[
    ("staticmethod", staticmethod),
    ("classmethod", classmethod),
    ("property", property),
    ("super", super_),
];

fn staticmethod(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("staticmethod", 1, 1)?;
    Ok(Value::Descriptor(Arc::new(Descriptor::StaticMethod(
        args.positional[0].clone(),
    ))))
}

fn classmethod(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("classmethod", 1, 1)?;
    Ok(Value::Descriptor(Arc::new(Descriptor::ClassMethod(
        args.positional[0].clone(),
    ))))
}

/// `property(fget=None, fset=None, fdel=None)`.
fn property(_vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let mut slots = [Value::None, Value::None, Value::None];
    for (slot, name) in slots.iter_mut().zip(["fget", "fset", "fdel"]) {
        if let Some(value) = args.take_keyword(name) {
            *slot = value;
        }
    }
    args.reject_other_keywords("property")?;
    args.expect_count("property", 0, 4)?;
    for (slot, value) in slots.iter_mut().zip(args.positional.iter()) {
        *slot = value.clone();
    }
    let [getter, setter, deleter] = slots;
    Ok(Value::Descriptor(Arc::new(Descriptor::Property {
        getter,
        setter,
        deleter,
    })))
}

/// `prop.setter(f)` and friends (a copy of the property with one function
/// replaced), `prop.fget`/`fset`/`fdel`, `staticmethod(f).__func__`.
pub fn descriptor_attribute(descriptor: &Arc<Descriptor>, name: &str) -> Option<Value> {
    let (name, function): (&'static str, NativeFn) = match (&**descriptor, name) {
        (Descriptor::Property { .. }, "setter") => ("setter", property_setter),
        (Descriptor::Property { .. }, "getter") => ("getter", property_getter),
        (Descriptor::Property { .. }, "deleter") => ("deleter", property_deleter),
        (_, "__get__") => ("__get__", descriptor_dunder_get),
        (Descriptor::StaticMethod(f) | Descriptor::ClassMethod(f), "__func__") => {
            return Some(f.clone())
        }
        (Descriptor::Property { getter, .. }, "fget") => return Some(getter.clone()),
        (Descriptor::Property { setter, .. }, "fset") => return Some(setter.clone()),
        (Descriptor::Property { deleter, .. }, "fdel") => return Some(deleter.clone()),
        _ => return None,
    };
    let receiver = Some(Value::Descriptor(descriptor.clone()));
    Some(Value::BuiltinFunction(Arc::new(BuiltinFunction {
        name,
        function,
        receiver,
    })))
}

/// `descriptor.__get__(instance, owner=None)` of a function, `staticmethod`,
/// `classmethod` or `property`: what the attribute lookup would give.
pub fn descriptor_dunder_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect_no_keywords("__get__")?;
    match args.positional.len().saturating_sub(1) {
        0 => return type_error("expected at least 1 argument, got 0"),
        count if count > 2 => {
            return type_error(format!("expected at most 2 arguments, got {count}"))
        }
        _ => {}
    }
    let descriptor = args.positional[0].clone();
    let instance = args.positional.get(1).filter(|value| !value.is_none());
    let owner = match (args.positional.get(2), instance) {
        (Some(Value::Type(owner)), _) => owner.clone(),
        (_, Some(instance)) => type_of(instance),
        _ => return type_error("__get__(None, None) is invalid"),
    };
    vm.descriptor_get(descriptor, instance, &owner, "")
}

/// Rebuilds the property in `args[0]` with function `args[1]` in slot `which`.
fn replace_in_property(args: &Args, which: usize) -> PyResult<Value> {
    args.expect("property", 2, 2)?;
    let Value::Descriptor(descriptor) = &args.positional[0] else {
        return type_error("not a property");
    };
    let Descriptor::Property {
        getter,
        setter,
        deleter,
    } = &**descriptor
    else {
        return type_error("not a property");
    };
    let mut slots = [getter.clone(), setter.clone(), deleter.clone()];
    slots[which] = args.positional[1].clone();
    let [getter, setter, deleter] = slots;
    Ok(Value::Descriptor(Arc::new(Descriptor::Property {
        getter,
        setter,
        deleter,
    })))
}

fn property_getter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    replace_in_property(&args, 0)
}

fn property_setter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    replace_in_property(&args, 1)
}

fn property_deleter(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    replace_in_property(&args, 2)
}

/// `super(class, object)`, or `super()` inside a method: the class comes
/// from the method's `__class__` cell and the object from its first argument.
fn super_(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("super", 0, 2)?;
    let (class, receiver) = match args.positional.as_slice() {
        [Value::Type(class), receiver] => (class.clone(), receiver.clone()),
        [] => vm.implicit_super()?,
        _ => return type_error("super() argument 1 must be a type"),
    };
    Ok(Value::Super(Arc::new(Super { class, receiver })))
}

/// What `super()` finds beyond the user classes: `BaseException`'s own
/// `__init__` for exceptions, else `object`'s methods (`objects/object.rs`).
pub fn inherited_builtin(receiver: &Value, name: &str) -> Option<Value> {
    if name == "__init__" && matches!(receiver, Value::Exception(_)) {
        return Some(Value::BuiltinFunction(Arc::new(BuiltinFunction {
            name: "__init__",
            function: exception_init,
            receiver: Some(receiver.clone()),
        })));
    }
    crate::objects::object::bound_method(receiver, name)
}

/// `BaseException.__init__(self, *args)`: the exception's `args` become these.
fn exception_init(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let Some(Value::Exception(exception)) = args.positional.first() else {
        return raise(ExceptionKind::TypeError, "__init__ needs an exception");
    };
    let arguments = args.positional[1..].to_vec();
    exception.state.rw(&mut vm.token).args = Some(arguments);
    Ok(Value::None)
}

/// The class whose methods a `super()` on `receiver` starts after.
pub fn receiver_class(receiver: &Value) -> Arc<crate::objects::type_object::TypeObject> {
    match receiver {
        Value::Type(class) => class.clone(),
        other => type_of(other),
    }
}

/// Calls `value.__set_name__(class, name)` for each attribute of a new
/// class whose type defines it, in definition order, as `type.__new__`
/// does. An error comes out as CPython 3.11 words it, the original as its
/// cause.
pub fn set_names(vm: &mut Vm, class: &Arc<TypeObject>) -> PyResult<()> {
    let Some(dict) = &class.dict else {
        return Ok(());
    };
    let entries: Vec<(Value, Value)> = dict.data.ro(&vm.token).pairs();
    for (name, value) in entries {
        let Value::Instance(instance) = &value else {
            continue;
        };
        let descriptor_class = instance.class.clone();
        let Some(hook) = lookup_in_class(&vm.token, &descriptor_class, "__set_name__") else {
            continue;
        };
        let arguments = vec![value.clone(), Value::Type(class.clone()), name.clone()];
        if let Err(error) = vm.call(&hook, arguments) {
            let message = format!(
                "Error calling __set_name__ on '{}' instance {} in '{}'",
                descriptor_class.name,
                vm.repr(&name)?,
                class.name
            );
            let wrapper = PyException::new(ExceptionKind::RuntimeError, message);
            let state = wrapper.0.state.rw(&mut vm.token);
            state.cause = Some(error.0);
            state.suppress_context = true;
            return Err(wrapper);
        }
    }
    Ok(())
}

/// `method(function, instance)` (`types.MethodType`): `function` bound to
/// `instance`, whatever callable it is.
pub fn make_method(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect_no_keywords("method")?;
    let [function, instance] = &args.positional[..] else {
        let count = args.positional.len();
        return type_error(format!("method expected 2 arguments, got {count}"));
    };
    let function_like = matches!(
        function,
        Value::Function(_) | Value::BuiltinFunction(_) | Value::BoundMethod(_) | Value::Type(_)
    );
    if !function_like && !vm.has_special(function, "__call__") {
        return type_error("first argument must be callable");
    }
    if instance.is_none() {
        return type_error("instance must not be None");
    }
    Ok(Value::BoundMethod(Arc::new(BoundMethod {
        function: function.clone(),
        receiver: instance.clone(),
    })))
}
