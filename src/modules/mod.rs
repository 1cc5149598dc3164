//! What scripts import: the builtins and the built-in modules, one file each.

pub mod builtins;
pub mod classes;
mod constructors;
mod dir;
mod dir_names;
pub mod embedded;
mod errno;
pub mod io;
pub mod json;
pub mod math;
pub mod os;
mod parameters;
pub mod process;
mod process_sync;
pub mod random;
mod scope;
pub mod sequences;
pub mod string;
pub mod sys;
mod sys_gil;
pub mod thread;
pub mod time;

use crate::objects::function::{BuiltinFunction, NativeFn};
use crate::objects::module::PyModule;
use crate::objects::PyResult;
use crate::vm::Vm;
use std::sync::Arc;

/// Makes the built-in module `name`, or `None` if there is no such module.
pub fn make_builtin_module(vm: &mut Vm, name: &str) -> PyResult<Option<Arc<PyModule>>> {
    let module = match name {
        "sys" => sys::make(vm)?,
        "math" => math::make(vm),
        "time" => time::make(vm),
        "random" => random::make(vm)?,
        "json" => json::make(vm)?,
        "os" => os::make(vm)?,
        "errno" => errno::make(vm)?,
        "os.path" => os::path::make(vm),
        "string" => string::make(vm)?,
        "_thread" => thread::make(vm),
        "_process" => process::make(vm),
        _ => return Ok(None),
    };
    Ok(Some(module))
}

/// Adds built-in functions to a module's namespace.
pub fn add_functions(vm: &mut Vm, module: &PyModule, functions: &[(&'static str, NativeFn)]) {
    for (name, function) in functions {
        vm.set_item_str(&module.dict, name, BuiltinFunction::new(name, *function));
    }
}
