//! `os.path` (CPython's `posixpath`): pure string functions on `/`-separated
//! paths, ported from `Lib/posixpath.py`, and the `stat`-based queries
//! (`exists`, `isdir`, `getsize` ...), which release the GIL.

use super::os_error;
use crate::modules::add_functions;
use crate::modules::parameters::Signature;
use crate::objects::exception::{type_error, value_error};
use crate::objects::function::Args;
use crate::objects::module::PyModule;
use crate::objects::type_object::type_name;
use crate::objects::{PyResult, Value};
use crate::runtime::gil::allow_threads;
use crate::vm::Vm;
use std::sync::Arc;

/// Makes the `os.path` module (its `__name__` is `posixpath`, as in CPython).
pub fn make(vm: &mut Vm) -> Arc<PyModule> {
    let module = vm.new_module("posixpath");
    add_functions(
        vm,
        &module,
        &[
            ("join", join),
            ("basename", basename),
            ("dirname", dirname),
            ("split", split),
            ("splitext", splitext),
            ("isabs", isabs),
            ("normpath", normpath),
            ("abspath", abspath),
            ("exists", exists),
            ("isfile", isfile),
            ("isdir", isdir),
            ("getsize", getsize),
            ("expanduser", expanduser),
        ],
    );
    add_constants(vm, &module);
    module
}

/// The path spelling constants `os` and `os.path` share.
pub fn add_constants(vm: &mut Vm, module: &PyModule) {
    let constants = [
        ("sep", "/"),
        ("curdir", "."),
        ("pardir", ".."),
        ("extsep", "."),
        ("pathsep", ":"),
        ("devnull", "/dev/null"),
    ];
    for (name, text) in constants {
        vm.set_item_str(&module.dict, name, Value::str(text));
    }
    vm.set_item_str(&module.dict, "altsep", Value::None);
}

/// `os.fspath(value)` for the str paths pyl has.
fn fspath(value: &Value) -> PyResult<String> {
    match value {
        Value::Str(text) => Ok(text.as_str().to_string()),
        other => type_error(format!(
            "expected str, bytes or os.PathLike object, not {}",
            type_name(other)
        )),
    }
}

/// The single path argument of a one-argument function.
fn one_path(
    args: Args,
    name: &'static str,
    parameter: &'static [&'static str],
) -> PyResult<String> {
    let signature = Signature {
        name,
        positional: parameter,
        required: 1,
        keyword_only: &[],
        method: false,
    };
    let slots = signature.bind(args)?;
    fspath(slots[0].as_ref().unwrap_or(&Value::None))
}

/// `join(a, *p)`: an absolute component restarts the path.
fn join(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect_no_keywords("join")?;
    let Some(first) = args.positional.first() else {
        return type_error("join() missing 1 required positional argument: 'a'");
    };
    let mut path = fspath(first)?;
    for part in &args.positional[1..] {
        let Value::Str(part) = part else {
            return type_error(format!(
                "join() argument must be str, bytes, or os.PathLike object, not '{}'",
                type_name(part)
            ));
        };
        let part = part.as_str();
        if part.starts_with('/') {
            path = part.to_string();
        } else if path.is_empty() || path.ends_with('/') {
            path.push_str(part);
        } else {
            path.push('/');
            path.push_str(part);
        }
    }
    Ok(Value::str(path))
}

/// `(head, tail)`: tail is what follows the last `/`; head loses its
/// trailing slashes unless it is all slashes.
fn split_path(path: &str) -> (String, String) {
    let cut = path.rfind('/').map_or(0, |i| i + 1);
    let (head, tail) = path.split_at(cut);
    let trimmed = head.trim_end_matches('/');
    let head = if trimmed.is_empty() { head } else { trimmed };
    (head.to_string(), tail.to_string())
}

fn basename(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "basename", &["p"])?;
    Ok(Value::str(split_path(&path).1))
}

fn dirname(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "dirname", &["p"])?;
    Ok(Value::str(split_path(&path).0))
}

fn split(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "split", &["p"])?;
    let (head, tail) = split_path(&path);
    Ok(Value::tuple(vec![Value::str(head), Value::str(tail)]))
}

/// `splitext(p)`: the extension starts at the last dot of the last
/// component, unless that component is all leading dots (`.bashrc`).
fn splitext(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "splitext", &["p"])?;
    let name_start = path.rfind('/').map_or(0, |i| i + 1);
    let split_at = path
        .rfind('.')
        .filter(|&dot| dot > name_start && path[name_start..dot].bytes().any(|b| b != b'.'));
    let (root, extension) = match split_at {
        Some(dot) => path.split_at(dot),
        None => (path.as_str(), ""),
    };
    Ok(Value::tuple(vec![Value::str(root), Value::str(extension)]))
}

fn isabs(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "isabs", &["s"])?;
    Ok(Value::Bool(path.starts_with('/')))
}

/// `normpath`: drops `.` and empty components and folds `x/..`; POSIX keeps
/// exactly two leading slashes, but three or more count as one.
fn normalize(path: &str) -> String {
    if path.is_empty() {
        return ".".to_string();
    }
    let leading = match path.bytes().take_while(|&b| b == b'/').count() {
        0 => "",
        2 => "//",
        _ => "/",
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        if part.is_empty() || part == "." {
            continue;
        }
        let keep =
            part != ".." || (leading.is_empty() && parts.is_empty()) || parts.last() == Some(&"..");
        if keep {
            parts.push(part);
        } else {
            parts.pop();
        }
    }
    let joined = format!("{leading}{}", parts.join("/"));
    if joined.is_empty() {
        ".".to_string()
    } else {
        joined
    }
}

fn normpath(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "normpath", &["path"])?;
    Ok(Value::str(normalize(&path)))
}

/// `abspath(path)`: joined to the working directory, then normalized.
fn abspath(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "abspath", &["path"])?;
    if path.starts_with('/') {
        return Ok(Value::str(normalize(&path)));
    }
    let directory = match allow_threads(&mut vm.token, std::env::current_dir) {
        Ok(directory) => directory.to_string_lossy().into_owned(),
        Err(error) => return Err(os_error(&error, None)),
    };
    let joined = if path.is_empty() {
        directory
    } else {
        format!("{}/{path}", directory.trim_end_matches('/'))
    };
    Ok(Value::str(normalize(&joined)))
}

/// `os.stat(path)` with the GIL released; `Ok(None)` for a path with a NUL
/// byte, which CPython refuses with a ValueError before asking the OS.
fn metadata(vm: &mut Vm, path: &str) -> PyResult<Option<std::io::Result<std::fs::Metadata>>> {
    if path.contains('\0') {
        return Ok(None);
    }
    Ok(Some(allow_threads(&mut vm.token, || {
        std::fs::metadata(path)
    })))
}

/// `exists`, `isfile`, `isdir`: False whenever `stat` fails.
fn stat_test(vm: &mut Vm, path: &Value, test: fn(&std::fs::Metadata) -> bool) -> PyResult<Value> {
    let path = match path {
        Value::Str(text) => text.as_str().to_string(),
        other => {
            return type_error(format!(
                "stat: path should be string, bytes, os.PathLike or integer, not {}",
                type_name(other)
            ))
        }
    };
    let result = match metadata(vm, &path)? {
        Some(Ok(found)) => test(&found),
        _ => false,
    };
    Ok(Value::Bool(result))
}

fn exists(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("exists", 1, 1)?;
    stat_test(vm, &args.positional[0], |_| true)
}

fn isfile(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("isfile", 1, 1)?;
    stat_test(vm, &args.positional[0], std::fs::Metadata::is_file)
}

fn isdir(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("isdir", 1, 1)?;
    stat_test(vm, &args.positional[0], std::fs::Metadata::is_dir)
}

/// `getsize(filename)`: the size in bytes, following symlinks.
fn getsize(vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "getsize", &["filename"])?;
    match metadata(vm, &path)? {
        Some(Ok(found)) => Ok(Value::Int(found.len() as i64)),
        Some(Err(error)) => Err(os_error(&error, Some(&path))),
        None => value_error("stat: embedded null character in path"),
    }
}

/// `expanduser(path)`: a leading `~` (alone or before `/`) becomes `$HOME`.
/// (`~user` forms are left as they are: pyl does not read the password
/// database.)
fn expanduser(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    let path = one_path(args, "expanduser", &["path"])?;
    let Some(rest) = path.strip_prefix('~') else {
        return Ok(Value::str(path));
    };
    if !(rest.is_empty() || rest.starts_with('/')) {
        return Ok(Value::str(path));
    }
    match std::env::var("HOME") {
        Ok(home) => {
            let home = match home.trim_end_matches('/') {
                "" => "/",
                trimmed => trimmed,
            };
            let joined = if home == "/" && rest.starts_with('/') {
                rest.to_string()
            } else {
                format!("{home}{rest}")
            };
            Ok(Value::str(joined))
        }
        Err(_) => Ok(Value::str(path)),
    }
}
