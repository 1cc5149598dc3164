//! The command line: `pyl script.pyl [args]`, `pyl -c CODE`, `pyl --dis FILE`,
//! and `pyl` alone for the interactive prompt.
//!
//! Options come before the script; everything after the script (or after
//! `-c CODE`) is the script's own `sys.argv[1:]`, as with `python3`.
//! Misuse exits with status 2, an uncaught exception with 1. With no script,
//! a terminal gets the prompt and a pipe is read as the program, unless `-i`
//! asks for the prompt anyway (as `python3 -i` does).

use crate::objects::exception::PyException;
use crate::objects::type_object::ExceptionKind;
use crate::objects::Value;
use crate::runtime::gil::{Policy, GIL};
use crate::vm::Vm;
use std::path::{Path, PathBuf};
use std::time::Duration;

const USAGE: &str = "usage: pyl [option] ... [-c cmd | file] [arg] ...
Options:
  -c CODE      run the program passed as a string
  -i           enter the interactive prompt after the script (or on a pipe)
  --dis        print the bytecode of the script instead of running it
  --gil-stats  print per-thread GIL statistics at exit (to stderr)
  --trace-gil FILE     write a Chrome trace of the GIL's handoffs to FILE
                       (open it in ui.perfetto.dev or chrome://tracing)
  --gil-policy P       cpython (default), ticks, fifo or io-priority
  --switch-interval S  seconds a waiting thread waits before it asks
                       for the GIL (default 0.005)
  --switch-every N     switch threads every N instructions, round-robin:
                       the same interleaving on every run
  --version    print the version and exit
  -h, --help   print this help and exit
Run `pyl script.pyl` to run a script; its arguments follow it.";

/// What the command line asks for.
#[derive(Debug, PartialEq)]
pub enum Command {
    Run {
        program: Program,
        argv: Vec<String>,
        disassemble: bool,
        /// `-i`: the interactive prompt follows the program.
        inspect: bool,
        gil: GilOptions,
    },
    Help,
    Version,
    /// `--multiprocessing-fork NAME`: this process is a child that
    /// `multiprocessing` started; NAME is the parent's one-shot server.
    Child {
        server: String,
    },
}

/// The GIL's settings and reports, from the command line.
#[derive(Debug, Default, PartialEq)]
pub struct GilOptions {
    pub policy: Option<Policy>,
    pub switch_interval: Option<Duration>,
    pub switch_every: Option<u64>,
    /// `--gil-stats`: print the statistics at exit.
    pub stats: bool,
    /// `--trace-gil FILE`: write the Chrome trace there at exit.
    pub trace: Option<PathBuf>,
}

impl GilOptions {
    /// Reads option `argument` (and its value, the next argument) if it is
    /// a GIL option: `Ok(Some(n))` says how many arguments it took.
    fn parse(&mut self, argument: &str, value: Option<&String>) -> Result<Option<usize>, String> {
        let needs = |what: &str| {
            value.cloned().ok_or(format!(
                "Argument expected for the {argument} option ({what})"
            ))
        };
        match argument {
            "--gil-stats" => self.stats = true,
            "--trace-gil" => self.trace = Some(PathBuf::from(needs("a file")?)),
            "--gil-policy" => {
                let name = needs("cpython, ticks, fifo or io-priority")?;
                self.policy = Some(Policy::from_name(&name)?);
            }
            "--switch-interval" => {
                let text = needs("seconds")?;
                let seconds: f64 = text
                    .parse()
                    .map_err(|_| format!("invalid switch interval '{text}'"))?;
                if !(seconds > 0.0 && seconds < 1e9) {
                    return Err("switch interval must be strictly positive".to_string());
                }
                self.switch_interval = Some(Duration::from_micros((seconds * 1e6) as u64));
            }
            "--switch-every" => {
                let text = needs("instructions")?;
                let every = text.parse::<u64>().ok().filter(|&n| n > 0);
                self.switch_every = Some(every.ok_or(format!(
                    "invalid instruction count '{text}' (expected a positive integer)"
                ))?);
            }
            _ => return Ok(None),
        }
        Ok(Some(if argument == "--gil-stats" { 1 } else { 2 }))
    }

    /// Applies the settings to the GIL, before any code runs.
    fn apply(&self) {
        let mut state = GIL.state();
        if let Some(policy) = self.policy {
            state.policy = policy;
        }
        if let Some(interval) = self.switch_interval {
            state.switch_interval = interval;
        }
        state.switch_every = self.switch_every;
        state.ledger.tracing = self.trace.is_some();
    }

    /// At exit: prints the statistics and writes the trace, as asked.
    fn report(&self) {
        if self.stats {
            eprint!("{}", crate::runtime::gil_report::stats_table());
        }
        if let Some(path) = &self.trace {
            let json = crate::runtime::gil_report::trace_json();
            if let Err(error) = std::fs::write(path, json) {
                eprintln!(
                    "pyl: cannot write the GIL trace to {}: {error}",
                    path.display()
                );
            }
        }
    }
}

/// Where the program's source comes from.
#[derive(Debug, PartialEq)]
pub enum Program {
    File(PathBuf),
    Code(String),
    /// The whole of standard input, read as a script.
    Stdin,
    /// No program: only the interactive prompt.
    Prompt,
}

/// Parses the arguments (without the program name); `Err` is a usage message.
pub fn parse_arguments(arguments: &[String]) -> Result<Command, String> {
    let mut disassemble = false;
    let mut inspect = false;
    let mut gil = GilOptions::default();
    if let [flag, server] = arguments {
        if flag == crate::runtime::process::CHILD_FLAG {
            return Ok(Command::Child {
                server: server.clone(),
            });
        }
    }
    let mut index = 0;
    while index < arguments.len() {
        let argument = &arguments[index];
        if let Some(taken) = gil.parse(argument, arguments.get(index + 1))? {
            index += taken;
            continue;
        }
        match argument.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "-V" | "--version" => return Ok(Command::Version),
            "--dis" => disassemble = true,
            "-i" => inspect = true,
            "-c" => {
                let code = arguments
                    .get(index + 1)
                    .ok_or("Argument expected for the -c option")?;
                let mut argv = vec!["-c".to_string()];
                argv.extend(arguments[index + 2..].iter().cloned());
                return Ok(Command::Run {
                    program: Program::Code(code.clone()),
                    argv,
                    disassemble,
                    inspect,
                    gil,
                });
            }
            option if option.starts_with('-') && option.len() > 1 => {
                return Err(format!("unknown option {option}"));
            }
            _ => {
                let argv = arguments[index..].to_vec();
                let program = Program::File(PathBuf::from(argument));
                return Ok(Command::Run {
                    program,
                    argv,
                    disassemble,
                    inspect,
                    gil,
                });
            }
        }
        index += 1;
    }
    let interactive = inspect || std::io::IsTerminal::is_terminal(&std::io::stdin());
    let program = if interactive {
        Program::Prompt
    } else {
        Program::Stdin
    };
    Ok(Command::Run {
        program,
        argv: vec![String::new()],
        disassemble,
        inspect: false,
        gil,
    })
}

/// Runs the command line and returns the process exit status.
pub fn main(arguments: Vec<String>) -> i32 {
    let command = match parse_arguments(&arguments) {
        Ok(command) => command,
        Err(message) => {
            eprintln!("pyl: {message}\n{USAGE}");
            return 2;
        }
    };
    match command {
        Command::Help => {
            println!("{USAGE}");
            0
        }
        Command::Version => {
            println!("pyl {} (Python 3.11 subset)", env!("CARGO_PKG_VERSION"));
            0
        }
        Command::Child { server } => run_child(&server),
        Command::Run {
            program: Program::Prompt,
            argv,
            gil,
            ..
        } => {
            gil.apply();
            let mut vm = Vm::new(argv, PathBuf::from("."));
            crate::runtime::signals::install();
            let status = crate::repl::run(&mut vm, None);
            finish(&mut vm, status, &gil)
        }
        Command::Run {
            program,
            argv,
            disassemble,
            inspect,
            gil,
        } => {
            gil.apply();
            run(program, argv, disassemble, inspect, &gil)
        }
    }
}

/// Loads the program, then runs it (or prints its bytecode).
fn run(
    program: Program,
    argv: Vec<String>,
    disassemble: bool,
    inspect: bool,
    gil: &GilOptions,
) -> i32 {
    let (source, filename, directory) = match &program {
        Program::Stdin | Program::Prompt => {
            let mut bytes = Vec::new();
            let _ = std::io::Read::read_to_end(&mut std::io::stdin(), &mut bytes);
            (bytes, "<stdin>".to_string(), PathBuf::from("."))
        }
        Program::Code(code) => (
            code.clone().into_bytes(),
            "<string>".to_string(),
            PathBuf::from("."),
        ),
        Program::File(path) => match std::fs::read(path) {
            Ok(bytes) => (bytes, path.display().to_string(), script_directory(path)),
            Err(error) => {
                let errno = error.raw_os_error().unwrap_or(2);
                let reason = describe_io_error(&error);
                eprintln!(
                    "pyl: can't open file '{}': [Errno {errno}] {reason}",
                    path.display()
                );
                return 2;
            }
        },
    };
    if !disassemble {
        crate::runtime::process::set_main_program(crate::runtime::process::MainProgram {
            filename: filename.clone(),
            source: source.clone(),
            directory: directory.clone(),
        });
    }
    let mut vm = Vm::new(argv, directory);
    crate::runtime::signals::install();
    let status = match crate::compile_source(&mut vm, &source, &filename) {
        Err(error) => report(&mut vm, error),
        Ok(code) if disassemble => {
            print!(
                "{}",
                crate::compiler::dis::disassemble(&code, &constant_repr)
            );
            0
        }
        Ok(code) => {
            crate::runtime::process::remember_main_code(&code);
            let module = vm.new_module("__main__");
            vm.set_item_str(&module.dict, "__file__", Value::str(filename));
            vm.register_module("__main__", &module);
            let status = match vm.run_module_code(code, &module) {
                Ok(_) => 0,
                Err(error) if inspect && !error.is(ExceptionKind::SystemExit) => {
                    report(&mut vm, error)
                }
                Err(error) => return finish_report(&mut vm, error, gil),
            };
            if inspect {
                crate::repl::run(&mut vm, Some(module))
            } else {
                status
            }
        }
    };
    finish(&mut vm, status, gil)
}

/// How `--dis` shows a constant: as Python's `repr` would (constants are
/// immutable, so no heap access is needed).
fn constant_repr(value: &Value) -> String {
    match value {
        Value::Code(code) => format!("<code object {}>", code.name),
        Value::Str(s) => crate::objects::str::repr(s.as_str()),
        Value::Bytes(b) => crate::objects::bytes::repr(b.as_bytes()),
        Value::Int(i) => i.to_string(),
        Value::BigInt(i) => i.to_string(),
        Value::Float(f) => crate::objects::float_repr::float_repr(*f),
        Value::Bool(true) => "True".to_string(),
        Value::Bool(false) => "False".to_string(),
        Value::None => "None".to_string(),
        Value::Ellipsis => "Ellipsis".to_string(),
        Value::Tuple(t) => {
            let items: Vec<String> = t.items().iter().map(constant_repr).collect();
            match items.len() {
                1 => format!("({},)", items[0]),
                _ => format!("({})", items.join(", ")),
            }
        }
        other => format!("{other:?}"),
    }
}

/// The directory of the script, as an absolute path (CPython's
/// `sys.path[0]`): where its imports are searched.
fn script_directory(path: &Path) -> PathBuf {
    let directory = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::canonicalize(&directory).unwrap_or(directory)
}

/// The strerror text CPython shows for the common open failures.
fn describe_io_error(error: &std::io::Error) -> &'static str {
    match error.kind() {
        std::io::ErrorKind::NotFound => "No such file or directory",
        std::io::ErrorKind::PermissionDenied => "Permission denied",
        std::io::ErrorKind::IsADirectory => "Is a directory",
        _ => "Input/output error",
    }
}

/// Reports an uncaught exception, then flushes: the status to exit with.
fn finish_report(vm: &mut Vm, error: PyException, gil: &GilOptions) -> i32 {
    let interrupted = error.is(ExceptionKind::KeyboardInterrupt);
    let status = report(vm, error);
    let status = finish(vm, status, gil);
    if interrupted {
        crate::runtime::signals::exit_by_sigint();
    }
    status
}

/// Prints an uncaught exception and returns the exit status; `SystemExit`
/// exits quietly with its code.
fn report(vm: &mut Vm, error: PyException) -> i32 {
    if error.is(ExceptionKind::SystemExit) {
        return exit_status(vm, &error);
    }
    flush_output(vm);
    let text = vm.format_exception(&error.0);
    eprint!("{text}");
    1
}

/// The status `sys.exit(arg)` asks for: None is 0, an int itself, anything
/// else is printed to stderr and gives 1.
pub fn exit_status(vm: &mut Vm, error: &PyException) -> i32 {
    // `SystemExit.code`: the one argument, or the tuple of several.
    let args = &error.0.args;
    let code = match args.len() {
        0 => Value::None,
        1 => args[0].clone(),
        _ => Value::tuple(args.clone()),
    };
    match code {
        Value::None => 0,
        // C's `(int)` of the long, as CPython's `_Py_HandleSystemExit`.
        Value::Int(code) => code as i32,
        Value::Bool(flag) => flag as i32,
        // Too big for a C long: CPython's conversion fails and exits -1.
        Value::BigInt(_) => -1,
        other => {
            flush_output(vm);
            let text = vm.str(&other).unwrap_or_default();
            eprintln!("{text}");
            1
        }
    }
}

fn flush_output(vm: &mut Vm) {
    let stdout = vm.interp.stdout.clone();
    let _ = crate::modules::builtins::flush(vm, &stdout);
}

/// At exit: waits for the non-daemon threads (`threading._shutdown`),
/// closes what `__main__` still holds, flushes stdout (a failed flush, to a
/// closed pipe, is reported as CPython does and makes the status 120), then
/// prints the GIL's reports.
fn finish(vm: &mut Vm, status: i32, gil: &GilOptions) -> i32 {
    wait_for_threads(vm);
    run_exit_function(vm, "multiprocessing", "_exit_function");
    vm.finalize_at_exit();
    crate::objects::file::flush_all(vm);
    let stdout = vm.interp.stdout.clone();
    let status = match crate::modules::builtins::flush(vm, &stdout) {
        Ok(()) => status,
        Err(_) => {
            eprintln!("Exception ignored on flushing sys.stdout");
            120
        }
    };
    gil.report();
    status
}

/// CPython's `wait_for_thread_shutdown`: if the script imported
/// `threading`, its `_shutdown()` joins every non-daemon thread.
fn wait_for_threads(vm: &mut Vm) {
    run_exit_function(vm, "threading", "_shutdown");
}

/// Calls `module.function()` if the script imported `module`: how
/// `threading` joins its threads and `multiprocessing` its children (the
/// daemonic ones terminated first) before the interpreter exits.
fn run_exit_function(vm: &mut Vm, module: &str, function: &str) {
    let found = vm.interp.modules.data.ro(&vm.token).get_str(module);
    let Some(Value::Module(found)) = found else {
        return;
    };
    let exit_function = found.dict.data.ro(&vm.token).get_str(function);
    let Some(exit_function) = exit_function else {
        return;
    };
    if let Err(error) = vm.call(&exit_function, Vec::new()) {
        flush_output(vm);
        let text = vm.format_exception(&error.0);
        eprint!("Exception ignored in: <module '{module}'>\n{text}");
    }
}

/// A child of `multiprocessing`: receives its Process from the parent,
/// runs the parent's program as `__mp_main__`, then the Process, and exits
/// with its exit code.
fn run_child(server: &str) -> i32 {
    let start = match crate::runtime::process::receive_start(server) {
        Ok(start) => start,
        Err(error) => {
            eprintln!("pyl: the child process could not reach its parent: {error}");
            return 1;
        }
    };
    let directory = match &start.program {
        Some(program) => program.directory.clone(),
        None => PathBuf::from("."),
    };
    start.gil.apply();
    let mut vm = Vm::new(start.argv.clone(), directory);
    crate::runtime::signals::install();
    match crate::runtime::process::run_child(&mut vm, start) {
        Ok(status) => finish(&mut vm, status, &GilOptions::default()),
        Err(error) => finish_report(&mut vm, error, &GilOptions::default()),
    }
}
