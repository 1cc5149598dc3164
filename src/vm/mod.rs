//! The virtual machine: frames, the eval loop, calls, exceptions.
//!
//! `Interpreter` is the state every thread shares (builtins, loaded modules,
//! the sources tracebacks quote); `Vm` is one thread's state: its frame
//! stack, its value stack and the GIL token it holds while it runs.
//! Python-to-Python calls push a `Frame` and stay in the same loop, so a
//! deep Python recursion costs heap, not Rust stack.

mod attributes;
mod builtin_bases;
mod builtin_methods;
mod call;
pub mod classes;
mod descriptors;
mod dunders;
mod finalizers;
mod frame;
pub mod generators;
mod import;
mod interpreter;
mod items;
pub mod keys;
mod ops;
mod percent;
mod protocols;
mod text;
mod thread_life;
pub mod traceback;
mod value_dunders;

pub use frame::Frame;
pub use ops::as_f64;
pub use text::ascii;

use crate::objects::dict::PyDict;
use crate::objects::exception::ExceptionObject;
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::{PyResult, Value};
use crate::runtime::gil::{GilToken, GIL};
use crate::runtime::threads::{self, ThreadState};
use qcell::QCell;
use std::collections::HashMap;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;

/// The default `sys.getrecursionlimit()`.
pub const DEFAULT_RECURSION_LIMIT: usize = 1000;

/// How deep Rust-level recursion (a built-in calling back into Python, a
/// repr of a nested list) may go before it is refused, whatever the Python
/// recursion limit says: the interpreter thread's stack is finite.
const NATIVE_DEPTH_LIMIT: usize = 3000;

/// What all threads of one interpreter share.
pub struct Interpreter {
    pub builtins: Arc<PyDict>,
    /// `sys.modules`.
    pub modules: Arc<PyDict>,
    /// Source text by file name, for the lines tracebacks quote.
    pub sources: QCell<HashMap<String, Arc<str>>>,
    pub recursion_limit: AtomicUsize,
    /// `sys.argv`.
    pub argv: Vec<String>,
    /// The directory imports search first (the main script's).
    pub script_directory: std::path::PathBuf,
    /// `sys.stdin`, `sys.stdout`, `sys.stderr`.
    pub stdin: Value,
    pub stdout: Value,
    pub stderr: Value,
}

/// One thread's interpreter state.
pub struct Vm {
    pub interp: Arc<Interpreter>,
    /// Proof that this thread holds the GIL; opens every object's cell.
    pub token: GilToken,
    pub frames: Vec<Frame>,
    /// The value stack of every frame: each frame's locals, then its operands.
    pub stack: Vec<Value>,
    /// The exception being handled (`sys.exc_info()`), if any.
    pub handled: Option<Arc<ExceptionObject>>,
    /// What the runtime knows of this thread; its eval-breaker word is read
    /// before every instruction.
    pub thread: Arc<ThreadState>,
    /// Instructions run in this turn, and the turn's length, when the GIL
    /// policy counts them (`ticks`, `--switch-every`).
    turn_instructions: u64,
    turn_quota: u64,
    native_depth: usize,
    /// Containers whose `repr` is being built, to print `[...]` for cycles.
    repr_in_progress: Vec<usize>,
}

impl Vm {
    /// The main thread's VM: takes the GIL and sets up the builtins.
    pub fn new(argv: Vec<String>, script_directory: std::path::PathBuf) -> Vm {
        let thread = threads::register("MainThread".to_string());
        threads::set_current(&thread);
        let token = GIL.acquire(&thread);
        let (stdin, stdout, stderr) = crate::modules::builtins::standard_streams();
        let interp = Arc::new(Interpreter {
            builtins: Arc::new(PyDict::new()),
            modules: Arc::new(PyDict::new()),
            sources: crate::runtime::gil::new_cell(HashMap::new()),
            recursion_limit: AtomicUsize::new(DEFAULT_RECURSION_LIMIT),
            argv,
            script_directory,
            stdin,
            stdout,
            stderr,
        });
        let mut vm = Vm::with_thread(interp, token, thread);
        crate::modules::builtins::install(&mut vm);
        vm
    }

    /// A VM for `thread`, whose OS thread already holds the GIL (`token`).
    fn with_thread(interp: Arc<Interpreter>, token: GilToken, thread: Arc<ThreadState>) -> Vm {
        Vm {
            interp,
            token,
            frames: Vec::new(),
            stack: Vec::with_capacity(1024),
            handled: None,
            thread,
            turn_instructions: 0,
            turn_quota: 0,
            native_depth: 0,
            repr_in_progress: Vec::new(),
        }
    }

    /// Remembers a file's source so tracebacks can quote its lines.
    pub fn register_source(&mut self, filename: &str, source: &str) {
        let sources = self.interp.sources.rw(&mut self.token);
        sources.insert(filename.to_string(), Arc::from(source));
    }

    /// Runs a module's code in `module`'s namespace.
    pub fn run_module_code(
        &mut self,
        code: Arc<crate::compiler::CodeObject>,
        module: &Arc<PyModule>,
    ) -> PyResult<Value> {
        let globals = module.dict.clone();
        self.push_module_frame(code, globals)?;
        let result = self.execute()?;
        // What the last instructions abandoned is closed now, not at the
        // next instruction (which, at a prompt, waits for the next input).
        self.run_finalizers();
        Ok(result)
    }

    /// Calls any callable with positional arguments.
    pub fn call(&mut self, callable: &Value, arguments: Vec<Value>) -> PyResult<Value> {
        self.call_with(callable, Args::positional(arguments))
    }

    /// Calls any callable with positional and keyword arguments.
    pub fn call_with(&mut self, callable: &Value, args: Args) -> PyResult<Value> {
        self.enter_native()?;
        let result = self.call_value(callable, args);
        self.native_depth -= 1;
        result
    }

    /// Counts one level of Rust recursion, refusing past the limit.
    pub fn enter_native(&mut self) -> PyResult<()> {
        if self.native_depth >= NATIVE_DEPTH_LIMIT {
            return crate::objects::exception::raise(
                crate::objects::type_object::ExceptionKind::RecursionError,
                "maximum recursion depth exceeded",
            );
        }
        self.native_depth += 1;
        Ok(())
    }

    /// Leaves a level counted by `enter_native`.
    pub fn leave_native(&mut self) {
        self.native_depth = self.native_depth.saturating_sub(1);
    }

    /// The current recursion limit.
    pub fn recursion_limit(&self) -> usize {
        self.interp
            .recursion_limit
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// A new module object called `name`, with `__name__` set and no
    /// docstring (`__doc__` None) until its code stores one.
    pub fn new_module(&mut self, name: &str) -> Arc<PyModule> {
        let dict = Arc::new(PyDict::new());
        self.set_item_str(&dict, "__name__", Value::str(name));
        self.set_item_str(&dict, "__doc__", Value::None);
        Arc::new(PyModule {
            name: name.to_string(),
            dict,
        })
    }

    /// Sets a string-keyed entry of a dict.
    pub fn set_item_str(&mut self, dict: &PyDict, key: &str, value: Value) {
        let key = Value::str(key);
        let hash = match &key {
            Value::Str(s) => s.hash(),
            _ => 0,
        };
        dict.data
            .rw(&mut self.token)
            .insert_hashed(key, hash, value);
    }
}
