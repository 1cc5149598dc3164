//! `import`: built-in modules and sibling `.pyl` files.
//!
//! A module is looked up in `sys.modules` first, so it runs once. Built-in
//! modules are made by `modules::make_builtin_module`; a file module is
//! searched for next to the main script, compiled and run in a namespace of
//! its own, registered in `sys.modules` before it runs (which is what lets
//! circular imports see a partly initialised module, as in CPython).

use super::Vm;
use crate::compiler::CodeObject;
use crate::objects::exception::{raise, PyException};
use crate::objects::module::PyModule;
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use std::sync::Arc;

impl Vm {
    /// `ImportName`: ( level fromlist -- module ).
    pub(super) fn import_name(&mut self, index: u32) -> PyResult<()> {
        let name = self.frame_name(index);
        let fromlist = self.pop();
        let _level = self.pop();
        let name = name.as_str().unwrap_or_default().to_string();
        let module = self.import_module(&name)?;
        let result = if fromlist.is_none() {
            let top = name.split('.').next().unwrap_or(&name).to_string();
            self.import_module(&top)?
        } else {
            module
        };
        self.stack.push(Value::Module(result));
        Ok(())
    }

    /// `ImportFrom`: ( module -- module value ).
    pub(super) fn import_from(&mut self, index: u32) -> PyResult<()> {
        let name = self.frame_name(index);
        let module = self.stack.last().cloned().unwrap_or(Value::None);
        let Value::Module(module) = module else {
            return raise(ExceptionKind::ImportError, "import from a non-module");
        };
        let text = name.as_str().unwrap_or_default().to_string();
        let found = module.dict.data.ro(&self.token).get_str(&text);
        let value = match found {
            Some(value) => value,
            None => match self.import_module(&format!("{}.{text}", module.name)) {
                Ok(submodule) => Value::Module(submodule),
                Err(_) => {
                    let message = format!(
                        "cannot import name '{text}' from '{}' ({})",
                        module.name,
                        self.module_origin(&module)
                    );
                    return Err(self.import_error(
                        ExceptionKind::ImportError,
                        message,
                        &module.name,
                    ));
                }
            },
        };
        self.stack.push(value);
        Ok(())
    }

    /// `ImportStar`: copies the module's public names into the namespace.
    pub(super) fn import_star(&mut self) -> PyResult<()> {
        let Value::Module(module) = self.pop() else {
            return Ok(());
        };
        let entries: Vec<_> = module
            .dict
            .data
            .ro(&self.token)
            .entries()
            .cloned()
            .collect();
        let Some(frame) = self.frames.last() else {
            return Ok(());
        };
        let namespace = frame.namespace_dict().clone();
        let data = namespace.data.rw(&mut self.token);
        for entry in entries {
            if entry.key.as_str().is_some_and(|k| !k.starts_with('_')) {
                data.insert_hashed(entry.key, entry.hash, entry.value);
            }
        }
        Ok(())
    }

    fn module_origin(&self, module: &PyModule) -> String {
        match module.dict.data.ro(&self.token).get_str("__file__") {
            Some(Value::Str(path)) => path.as_str().to_string(),
            _ => "unknown location".to_string(),
        }
    }

    /// Imports `name`, from `sys.modules`, the built-ins or a `.pyl` file.
    pub fn import_module(&mut self, name: &str) -> PyResult<Arc<PyModule>> {
        if let Some(Value::Module(module)) = self.interp.modules.data.ro(&self.token).get_str(name)
        {
            return Ok(module);
        }
        if let Some(module) = crate::modules::make_builtin_module(self, name)? {
            self.register_module(name, &module);
            return Ok(module);
        }
        if let Some(source) = crate::modules::embedded::source(name) {
            return self.import_embedded(name, source);
        }
        let path = self
            .interp
            .script_directory
            .join(format!("{}.pyl", name.replace('.', "/")));
        if !path.is_file() {
            let message = format!("No module named '{name}'");
            return Err(self.import_error(ExceptionKind::ModuleNotFoundError, message, name));
        }
        self.import_file(name, &path)
    }

    /// Runs the embedded library module `name`. A dotted name is a
    /// submodule: its package is imported first and gets the submodule as
    /// an attribute once it has run, as CPython's `import a.b` does.
    fn import_embedded(&mut self, name: &str, source: &'static str) -> PyResult<Arc<PyModule>> {
        let package = match name.rsplit_once('.') {
            Some((parent, child)) => Some((self.import_module(parent)?, child)),
            None => None,
        };
        // The package may have imported its submodule while it ran.
        if let Some(Value::Module(module)) = self.interp.modules.data.ro(&self.token).get_str(name)
        {
            return Ok(module);
        }
        let module = self.run_library_module(name, source)?;
        if let Some((package, child)) = package {
            self.set_item_str(&package.dict, child, Value::Module(module.clone()));
        }
        Ok(module)
    }

    /// An `ImportError` (or subclass) whose `name` attribute is the module
    /// that could not be imported, as CPython sets it.
    fn import_error(&mut self, kind: ExceptionKind, message: String, module: &str) -> PyException {
        let error = PyException::new(kind, message);
        self.set_item_str(&error.0.dict, "name", Value::str(module));
        error
    }

    /// Records a module in `sys.modules`.
    pub fn register_module(&mut self, name: &str, module: &Arc<PyModule>) {
        let modules = self.interp.modules.clone();
        self.set_item_str(&modules, name, Value::Module(module.clone()));
    }

    fn import_file(&mut self, name: &str, path: &std::path::Path) -> PyResult<Arc<PyModule>> {
        let filename = path.display().to_string();
        let source = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) => return raise(ExceptionKind::ImportError, format!("{error}")),
        };
        self.import_source(name, &filename, &source)
    }

    /// Compiles and runs a library module written in pyl.
    fn run_library_module(&mut self, name: &str, source: &'static str) -> PyResult<Arc<PyModule>> {
        let code = self.library_code(name, source)?;
        let filename = code.filename.clone();
        self.run_new_module(name, &filename, code)
    }

    /// The compiled code of library source `name` (file `<pyl library
    /// name>`). A child process gets what its parent had compiled with its
    /// `Start` message, which spares it the parsing (CPython's `.pyc` files
    /// do that job for its `Lib/`).
    pub fn library_code(&mut self, name: &str, source: &'static str) -> PyResult<Arc<CodeObject>> {
        let filename = format!("<pyl library {name}>");
        if let Some(code) = crate::runtime::process::precompiled(name) {
            self.register_source(&filename, source);
            return Ok(code);
        }
        let code = crate::compile_source(self, source.as_bytes(), &filename)?;
        crate::runtime::process::remember_library(name, &code);
        Ok(code)
    }

    /// Compiles `source` and runs it as the new module `name`.
    fn import_source(
        &mut self,
        name: &str,
        filename: &str,
        source: &[u8],
    ) -> PyResult<Arc<PyModule>> {
        let code = crate::compile_source(self, source, filename)?;
        self.run_new_module(name, filename, code)
    }

    /// Runs `code` as the new module `name`, registered in `sys.modules`
    /// first (so circular imports see it) and removed again if it fails.
    fn run_new_module(
        &mut self,
        name: &str,
        filename: &str,
        code: Arc<CodeObject>,
    ) -> PyResult<Arc<PyModule>> {
        let filename = filename.to_string();
        let module = self.new_module(name);
        self.set_item_str(&module.dict, "__file__", Value::str(filename));
        self.register_module(name, &module);
        if let Err(error) = self.run_module_code(code, &module) {
            let modules = self.interp.modules.clone();
            let key = Value::str(name);
            let _ = modules
                .data
                .rw(&mut self.token)
                .remove_hashed(&key, crate::objects::compare::hash(&key)?);
            return Err(error);
        }
        Ok(module)
    }
}
