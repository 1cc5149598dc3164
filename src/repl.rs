//! The interactive prompt: `pyl` with no script.
//!
//! Each input (one line, or a block ended by a blank line) is parsed,
//! compiled in interactive mode (expression values are shown, as Python's
//! prompt shows them) and run in the same `__main__` namespace. An error
//! prints its traceback and the prompt carries on; Ctrl-D or `exit()` ends
//! it. On a terminal, lines are read with rustyline (editing, history);
//! from a pipe (`pyl -i < input`) they are read plainly, with the prompts on
//! stderr, as `python3 -i` does.

use crate::objects::exception::PyException;
use crate::objects::module::PyModule;
use crate::objects::type_object::ExceptionKind;
use crate::vm::Vm;
use rustyline::error::ReadlineError;
use std::io::{BufRead, IsTerminal, Write};
use std::sync::Arc;

/// Where input lines come from.
enum Input {
    Terminal(rustyline::DefaultEditor),
    Piped(std::io::StdinLock<'static>),
}

/// One attempt to read a line.
enum Read {
    Line(String),
    Interrupted,
    End,
}

/// Whether the collected input can run yet.
enum Readiness {
    Complete,
    NeedsMore,
}

/// Runs the prompt until end of input or `exit()`; returns the exit status.
/// `module` is the `__main__` of a script run first (`pyl -i script.pyl`).
pub fn run(vm: &mut Vm, module: Option<Arc<PyModule>>) -> i32 {
    let mut input = open_input();
    if matches!(input, Input::Terminal(_)) {
        eprintln!(
            "pyl {} (a Python 3.11 subset with a real GIL)",
            env!("CARGO_PKG_VERSION")
        );
        eprintln!("Type exit() or press Ctrl-D to leave.");
    }
    let module = module.unwrap_or_else(|| {
        let module = vm.new_module("__main__");
        vm.register_module("__main__", &module);
        module
    });
    loop {
        let Some(source) = read_input(&mut input) else {
            return 0;
        };
        if let Some(status) = run_input(vm, &module, &source) {
            return status;
        }
    }
}

fn open_input() -> Input {
    if std::io::stdin().is_terminal() {
        if let Ok(editor) = rustyline::DefaultEditor::new() {
            return Input::Terminal(editor);
        }
    }
    Input::Piped(std::io::stdin().lock())
}

/// Reads one complete input (a statement, or a block and its blank line);
/// `None` at end of input.
fn read_input(input: &mut Input) -> Option<String> {
    let mut source = String::new();
    let mut prompt = ">>> ";
    loop {
        match read_line(input, prompt) {
            Read::End => {
                eprintln!();
                return None;
            }
            Read::Interrupted => {
                eprintln!("\nKeyboardInterrupt");
                source.clear();
                prompt = ">>> ";
                continue;
            }
            Read::Line(line) => {
                source.push_str(&line);
                source.push('\n');
            }
        }
        match readiness(&source) {
            Readiness::Complete => return Some(source),
            Readiness::NeedsMore => prompt = "... ",
        }
    }
}

fn read_line(input: &mut Input, prompt: &str) -> Read {
    match input {
        Input::Terminal(editor) => match editor.readline(prompt) {
            Ok(line) => {
                let _ = editor.add_history_entry(line.as_str());
                Read::Line(line)
            }
            Err(ReadlineError::Interrupted) => Read::Interrupted,
            Err(_) => Read::End,
        },
        Input::Piped(stdin) => {
            eprint!("{prompt}");
            let _ = std::io::stderr().flush();
            let mut line = String::new();
            match stdin.read_line(&mut line) {
                Ok(0) | Err(_) => Read::End,
                Ok(_) => Read::Line(line.trim_end_matches(['\n', '\r']).to_string()),
            }
        }
    }
}

/// A block (`def f():` ...) runs once a blank line ends it; anything else
/// as soon as it parses, or fails to parse for a reason other than having
/// stopped early. Inside a block whose header line is done, an error found
/// only at the end of what was typed (a `try:` still waiting for its
/// `except`) is stopping early too.
fn readiness(source: &str) -> Readiness {
    let lines: Vec<&str> = source.lines().collect();
    let blank_at_end = lines.last().is_some_and(|line| line.trim().is_empty());
    let in_block = lines.first().is_some_and(|line| opens_block(line));
    match crate::syntax::parse_module(source) {
        Err(error) if error.unexpected_eof && !blank_at_end => Readiness::NeedsMore,
        Err(error)
            if in_block
                && lines.len() > 1
                && !blank_at_end
                && error.span.start >= source.trim_end().len() =>
        {
            Readiness::NeedsMore
        }
        Err(_) => Readiness::Complete,
        Ok(_) => {
            if in_block && !blank_at_end {
                Readiness::NeedsMore
            } else {
                Readiness::Complete
            }
        }
    }
}

/// True when a line starts a compound statement, whose body the prompt
/// reads until a blank line.
fn opens_block(line: &str) -> bool {
    const COMPOUND: &[&str] = &["if", "for", "while", "def", "class", "try", "with", "async"];
    let line = line.trim_start();
    let first_word = line
        .split(|c: char| !c.is_alphanumeric() && c != '_')
        .next()
        .unwrap_or("");
    line.starts_with('@') || COMPOUND.contains(&first_word)
}

/// Compiles and runs one input; `Some(status)` when it asked to exit.
fn run_input(vm: &mut Vm, module: &Arc<PyModule>, source: &str) -> Option<i32> {
    if source.trim().is_empty() {
        return None;
    }
    let result =
        crate::compile_interactive(source).and_then(|code| vm.run_module_code(code, module));
    let outcome = match result {
        Ok(_) => None,
        Err(error) if error.is(ExceptionKind::SystemExit) => {
            Some(crate::cli::exit_status(vm, &error))
        }
        Err(error) => {
            report(vm, &error);
            None
        }
    };
    let stdout = vm.interp.stdout.clone();
    let _ = crate::modules::builtins::flush(vm, &stdout);
    outcome
}

/// Prints a traceback, after whatever the input already printed.
fn report(vm: &mut Vm, error: &PyException) {
    let stdout = vm.interp.stdout.clone();
    let _ = crate::modules::builtins::flush(vm, &stdout);
    eprint!("{}", vm.format_exception(&error.0));
}
