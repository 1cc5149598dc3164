//! `os`: the process's environment, working directory and a few
//! filesystem calls; `os.path` is in `path.rs`.
//!
//! Every call that touches the filesystem runs inside `allow_threads`, so
//! a slow disk or network mount never holds the GIL. A failed call raises
//! the `OSError` subclass CPython picks for its errno (`FileNotFoundError`
//! for ENOENT ...) with CPython's text: `[Errno 2] No such file or
//! directory: 'x'`.

pub mod path;

use super::add_functions;
use super::parameters::Signature;
use crate::objects::exception::{type_error, PyException};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::runtime::gil::allow_threads;
use crate::vm::Vm;
use std::sync::Arc;

/// Makes the `os` module; `os.path` is imported with it, as in CPython.
pub fn make(vm: &mut Vm) -> PyResult<Arc<PyModule>> {
    let module = vm.new_module("os");
    add_functions(
        vm,
        &module,
        &[
            ("getpid", getpid),
            ("getppid", getppid),
            ("kill", kill),
            ("_exit", exit_now),
            ("getcwd", getcwd),
            ("getenv", getenv),
            ("cpu_count", cpu_count),
            ("listdir", listdir),
            ("mkdir", mkdir),
            ("rmdir", rmdir),
            ("remove", remove),
            ("unlink", remove),
            ("rename", rename),
            ("replace", rename),
            ("makedirs", makedirs),
        ],
    );
    path::add_constants(vm, &module);
    vm.set_item_str(&module.dict, "name", Value::str("posix"));
    vm.set_item_str(&module.dict, "linesep", Value::str("\n"));
    let environ = environment(vm)?;
    vm.set_item_str(&module.dict, "environ", environ);
    let path = vm.import_module("os.path")?;
    vm.set_item_str(&module.dict, "path", Value::Module(path));
    Ok(module)
}

/// `os.environ`: a dict snapshot of the environment at import. (CPython's
/// is an `_Environ` mapping that also calls `putenv` on assignment.)
fn environment(vm: &mut Vm) -> PyResult<Value> {
    let mut pairs = Vec::new();
    for (key, value) in std::env::vars_os() {
        pairs.push(Value::str(key.to_string_lossy()));
        pairs.push(Value::str(value.to_string_lossy()));
    }
    vm.new_dict_from_pairs(pairs)
}

/// The `OSError` subclass and text CPython gives for a failed call on `path`.
pub fn os_error(error: &std::io::Error, path: Option<&str>) -> PyException {
    os_error_with_paths(error, path, None)
}

/// The `OSError` of a call on two paths (`rename`): both are named.
fn os_error_with_paths(
    error: &std::io::Error,
    path: Option<&str>,
    second_path: Option<&str>,
) -> PyException {
    let Some(errno) = error.raw_os_error() else {
        return PyException::new(ExceptionKind::OSError, error.to_string());
    };
    // Rust words it "No such file or directory (os error 2)": keep strerror's part.
    let text = error.to_string();
    let strerror = text
        .strip_suffix(&format!(" (os error {errno})"))
        .unwrap_or(&text);
    let mut args = vec![Value::Int(errno as i64), Value::str(strerror)];
    args.extend(path.map(Value::str));
    if let Some(second) = second_path {
        args.extend([Value::None, Value::str(second)]);
    }
    // `OSError(errno, ...)` picks the subclass its errno names.
    PyException::with_args(ExceptionKind::OSError, args)
}

/// A path argument of a C-level `os` function (`listdir`, `mkdir` ...).
fn path_argument(function: &str, value: &Value) -> PyResult<String> {
    match value {
        Value::Str(text) => Ok(text.as_str().to_string()),
        other => type_error(format!(
            "{function}: path should be string, bytes or os.PathLike, not {}",
            type_name(other)
        )),
    }
}

fn getpid(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("getpid", 0, 0)?;
    Ok(Value::Int(std::process::id() as i64))
}

fn getppid(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("getppid", 0, 0)?;
    Ok(Value::Int(std::os::unix::process::parent_id() as i64))
}

/// `kill(pid, sig)`: sends signal number `sig` to process `pid`.
fn kill(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("kill", 2, 2)?;
    let (Value::Int(pid), Value::Int(number)) = (&args.positional[0], &args.positional[1]) else {
        return type_error("kill() arguments must be integers");
    };
    let signal = i32::try_from(*number)
        .ok()
        .and_then(rustix::process::Signal::from_named_raw);
    let pid = i32::try_from(*pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw);
    let (Some(signal), Some(pid)) = (signal, pid) else {
        return Err(os_error(&std::io::Error::from_raw_os_error(22), None));
    };
    match rustix::process::kill_process(pid, signal) {
        Ok(()) => Ok(Value::None),
        Err(error) => Err(os_error(&error.into(), None)),
    }
}

/// `_exit(n)`: ends the process at once with status `n`, flushing nothing
/// and running no cleanup (what a child does to die abruptly).
fn exit_now(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("_exit", 1, 1)?;
    let Value::Int(status) = &args.positional[0] else {
        return type_error("an integer is required");
    };
    std::process::exit(*status as i32)
}

/// `getcwd()`: the working directory, as a str.
fn getcwd(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("getcwd", 0, 0)?;
    match allow_threads(&mut vm.token, std::env::current_dir) {
        Ok(directory) => Ok(Value::str(directory.to_string_lossy())),
        Err(error) => Err(os_error(&error, None)),
    }
}

/// `getenv(key, default=None)`: `os.environ.get(key, default)`, so a key a
/// script stored in `os.environ` is seen here too.
fn getenv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    const SIGNATURE: Signature = Signature {
        name: "getenv",
        positional: &["key", "default"],
        required: 1,
        keyword_only: &[],
        method: false,
    };
    let mut slots = SIGNATURE.bind(args)?.into_iter();
    let key = slots.next().flatten().unwrap_or(Value::None);
    let default = slots.next().flatten().unwrap_or(Value::None);
    if !matches!(key, Value::Str(_)) {
        return type_error(format!("str expected, not {}", type_name(&key)));
    }
    let os = vm.import_module("os")?;
    let environ = os.dict.data.ro(&vm.token).get_str("environ");
    let Some(Value::Dict(environ)) = environ else {
        return Ok(default);
    };
    let found = environ.data.ro(&vm.token).get(&key)?;
    Ok(found.unwrap_or(default))
}

/// `cpu_count()`: the CPUs online (CPython asks `sysconf(_SC_NPROCESSORS_ONLN)`,
/// which reads the same `/sys` file), or None when unknown.
fn cpu_count(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("cpu_count", 0, 0)?;
    let online = std::fs::read_to_string("/sys/devices/system/cpu/online")
        .ok()
        .and_then(|text| count_cpu_list(text.trim()));
    let count = online.or_else(|| std::thread::available_parallelism().ok().map(|n| n.get()));
    Ok(count.map_or(Value::None, |n| Value::Int(n as i64)))
}

/// The number of CPUs in a kernel CPU list such as `0-3,6,8-9`.
fn count_cpu_list(list: &str) -> Option<usize> {
    let mut total = 0;
    for part in list.split(',') {
        total += match part.split_once('-') {
            Some((low, high)) => high.parse::<usize>().ok()? + 1 - low.parse::<usize>().ok()?,
            None => part.parse::<usize>().map(|_| 1).ok()?,
        };
    }
    (total > 0).then_some(total)
}

/// `listdir(path='.')`: the names in a directory, in the OS's order.
fn listdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("listdir", 0, 1)?;
    let path = match args.get(0) {
        Some(value) => path_argument("listdir", value)?,
        None => ".".to_string(),
    };
    let read = |path: &str| -> std::io::Result<Vec<String>> {
        let mut names = Vec::new();
        for entry in std::fs::read_dir(path)? {
            names.push(entry?.file_name().to_string_lossy().into_owned());
        }
        Ok(names)
    };
    match allow_threads(&mut vm.token, || read(&path)) {
        Ok(names) => Ok(Value::list(names.into_iter().map(Value::str).collect())),
        Err(error) => Err(os_error(&error, Some(&path))),
    }
}

/// Runs one filesystem call on a path argument, with the GIL released.
fn path_call(
    vm: &mut Vm,
    args: Args,
    name: &str,
    call: fn(&str) -> std::io::Result<()>,
) -> PyResult<Value> {
    args.expect(name, 1, 1)?;
    let path = path_argument(name, &args.positional[0])?;
    match allow_threads(&mut vm.token, || call(&path)) {
        Ok(()) => Ok(Value::None),
        Err(error) => Err(os_error(&error, Some(&path))),
    }
}

/// `mkdir(path)`.
fn mkdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    path_call(vm, args, "mkdir", |path| std::fs::create_dir(path))
}

/// `rmdir(path)`.
fn rmdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    path_call(vm, args, "rmdir", |path| std::fs::remove_dir(path))
}

/// `remove(path)`, also `unlink`.
fn remove(vm: &mut Vm, args: Args) -> PyResult<Value> {
    path_call(vm, args, "remove", |path| std::fs::remove_file(path))
}

/// `rename(src, dst)`, also `replace`: moves a file or directory.
fn rename(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("rename", 2, 2)?;
    let source = path_argument("rename", &args.positional[0])?;
    let target = path_argument("rename", &args.positional[1])?;
    match allow_threads(&mut vm.token, || std::fs::rename(&source, &target)) {
        Ok(()) => Ok(Value::None),
        Err(error) => Err(os_error_with_paths(&error, Some(&source), Some(&target))),
    }
}

/// `makedirs(name, mode=0o777, exist_ok=False)`: the directory and its
/// missing parents. An existing directory is an error unless `exist_ok`.
fn makedirs(vm: &mut Vm, mut args: Args) -> PyResult<Value> {
    let exist_ok = match args.take_keyword("exist_ok") {
        Some(flag) => vm.is_true(&flag)?,
        None => match args.get(2) {
            Some(flag) => vm.is_true(&flag.clone())?,
            None => false,
        },
    };
    args.take_keyword("mode");
    args.expect("makedirs", 1, 3)?;
    let path = path_argument("makedirs", &args.positional[0])?;
    let create = |path: &str| {
        let existed = std::path::Path::new(path).is_dir();
        match std::fs::create_dir_all(path) {
            Ok(()) if existed && !exist_ok => Err(std::io::Error::from_raw_os_error(17)),
            Err(_) if std::path::Path::new(path).is_file() => {
                Err(std::io::Error::from_raw_os_error(17))
            }
            other => other,
        }
    };
    match allow_threads(&mut vm.token, || create(&path)) {
        Ok(()) => Ok(Value::None),
        Err(error) => Err(os_error(&error, Some(&path))),
    }
}
