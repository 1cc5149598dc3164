//! The script-case test runner: one test per `.pyl` file under `tests/cases`.
//!
//! Every file `tests/cases/<feature>/<behaviour>.pyl` becomes a test named
//! `<feature>::<behaviour>` (except `_name.pyl` files: modules the cases
//! next to them import). The file is a Python program; comments in it say
//! what running it must do:
//!
//! - `# expect: TEXT`: the next line of stdout is `TEXT`. Written after code
//!   on the same line or alone on a line; the lines are expected in file
//!   order, and the text is taken verbatim, trailing spaces included.
//! - `# expect error: Type: message`: the last line of stderr is exactly
//!   `Type: message` and the exit status is 1.
//! - `# expect syntax error: message`: the last line of stderr is
//!   `SyntaxError: message`, exit status 1. An indentation error is written
//!   in full: `# expect error: IndentationError: unexpected indent`.
//! - `# expect exit: N`: the exit status is `N`. Without it the status must
//!   be 1 after an expected error and 0 otherwise.
//! - `# stdin: TEXT`: the line `TEXT` is fed to stdin; one line per
//!   directive, in file order.
//! - `# args: a b c`: command-line arguments, given after the script path.
//! - `# pyl-options: --switch-every 3`: pyl's own options, given before the
//!   script path to pyl only (CPython runs the file without them).
//! - `# skip: reason`: the test is reported as ignored, with the reason.
//! - `# pyl-only: why`: the file is not run under CPython.
//!
//! Directives are found anywhere on a line, so do not write their markers
//! inside string literals. A comment that starts like a directive but is not
//! one (`# expect:x`, `# expected: 3`) fails the test instead of being
//! silently ignored.
//!
//! Each test runs `pyl <file> <args>` in the file's folder and checks stdout,
//! the exit status and the last line of stderr. Then, unless the file is
//! `pyl-only`, it runs the real CPython binary on the same file and requires
//! the same stdout, exit status and last stderr line as pyl's: the
//! expectations are checked against pyl, and CPython 3.11, the oracle, keeps
//! the expectations honest. When `python3` is not installed that second half
//! is left out. A run longer than 30 s is killed and fails.
//!
//! CPython names the script by its absolute path (`File "/home/.../x.pyl"`),
//! so the case's folder is removed from stderr before comparing: a message
//! that names the script reads `... in file x.pyl ...` wherever the
//! repository is cloned.
//!
//! Environment variables:
//! - `PYL_CASES_PYTHON_ONLY=1` checks the expectations against CPython alone,
//!   without running pyl: how to check a new case before pyl can run it.
//! - `PYL_BLESS=1` rewrites the bytecode snapshots instead of comparing them.
//!
//! Bytecode snapshots: each `tests/dis/<name>.pyl` becomes a test
//! `dis::<name>` that compares the output of `pyl --dis <name>.pyl` with the
//! file `tests/dis/<name>.dis`.

#[path = "support/process.rs"]
mod process;

use libtest_mimic::{Arguments, Completion, Failed, Trial};
use process::{cpython, Run};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The pyl binary cargo built for this test run.
const PYL: &str = env!("CARGO_BIN_EXE_pyl");

/// How long one program may run before it counts as hung.
const TIMEOUT: Duration = Duration::from_secs(30);

fn main() {
    let arguments = Arguments::from_args();
    let mut trials = case_trials();
    if !python_only() {
        trials.extend(dis_trials());
    }
    libtest_mimic::run(&arguments, trials).exit();
}

fn repository_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(relative)
}

fn python_only() -> bool {
    std::env::var_os("PYL_CASES_PYTHON_ONLY").is_some_and(|value| value == "1")
}

// ---------------------------------------------------------------------------
// Finding the cases

/// One trial per `.pyl` file under `tests/cases`, sorted by name.
fn case_trials() -> Vec<Trial> {
    let root = repository_path("tests/cases");
    sorted_pyl_files(&root)
        .into_iter()
        .map(|path| {
            let name = trial_name(&root, &path);
            Trial::ignorable_test(name, move || run_case(&path))
        })
        .collect()
}

/// The `.pyl` files under `root`, sorted, so trials keep a stable order.
fn sorted_pyl_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    collect_pyl_files(root, &mut files);
    files.sort();
    files
}

/// Every `.pyl` file in `directory` and its subdirectories.
fn collect_pyl_files(directory: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(directory) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_pyl_files(&path, files);
        } else if path.extension().is_some_and(|extension| extension == "pyl")
            && !is_imported_module(&path)
        {
            files.push(path);
        }
    }
}

/// A file named `_something.pyl` is a module that cases import, not a case.
fn is_imported_module(path: &Path) -> bool {
    path.file_name()
        .and_then(|name| name.to_str())
        .is_some_and(|name| name.starts_with('_'))
}

/// `tests/cases/numbers/big_int.pyl` => `numbers::big_int`.
fn trial_name(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path).with_extension("");
    let parts: Vec<_> = relative.iter().map(|part| part.to_string_lossy()).collect();
    parts.join("::")
}

// ---------------------------------------------------------------------------
// Directives

/// What a case file says must happen when it runs.
#[derive(Debug, Default)]
struct Expectations {
    stdout_lines: Vec<String>,
    /// The exact last line of stderr, e.g. `ZeroDivisionError: division by zero`.
    error: Option<String>,
    exit_status: Option<i32>,
    stdin_lines: Vec<String>,
    args: Vec<String>,
    pyl_options: Vec<String>,
    skip: Option<String>,
    pyl_only: Option<String>,
}

impl Expectations {
    /// The exit status the run must end with.
    fn status(&self) -> i32 {
        match (self.exit_status, &self.error) {
            (Some(status), _) => status,
            (None, Some(_)) => 1,
            (None, None) => 0,
        }
    }

    /// The bytes written to the program's stdin.
    fn stdin(&self) -> String {
        self.stdin_lines
            .iter()
            .map(|line| format!("{line}\n"))
            .collect()
    }
}

/// The directive markers. Each ends in a space; see `parse_line` for a
/// marker at the very end of a line.
const MARKERS: [&str; 9] = [
    "# expect: ",
    "# expect error: ",
    "# expect syntax error: ",
    "# expect exit: ",
    "# stdin: ",
    "# args: ",
    "# pyl-options: ",
    "# skip: ",
    "# pyl-only: ",
];

/// Reads every directive in `source`; an unreadable directive is an error.
fn parse_expectations(source: &str) -> Result<Expectations, String> {
    let mut expectations = Expectations::default();
    for (index, line) in source.lines().enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        parse_line(line, &mut expectations)
            .map_err(|message| format!("line {}: {message}: {line:?}", index + 1))?;
    }
    Ok(expectations)
}

/// Applies the directive on one line, if it has one.
fn parse_line(line: &str, expectations: &mut Expectations) -> Result<(), String> {
    // A bare `# expect:` or `# stdin:` ending the line stands for an empty
    // line: a padding space lets it match the marker `# expect: `.
    let padded = format!("{line} ");
    let found = MARKERS.iter().find_map(|marker| {
        let start = padded.find(marker)?;
        Some((*marker, &padded[start + marker.len()..]))
    });
    let Some((marker, rest)) = found else {
        return check_for_misspelling(line);
    };
    // Drop the padding space again.
    let text = rest.strip_suffix(' ').unwrap_or(rest);
    apply_directive(marker, text, expectations)
}

/// Records one directive's text.
fn apply_directive(
    marker: &str,
    text: &str,
    expectations: &mut Expectations,
) -> Result<(), String> {
    match marker {
        "# expect: " => expectations.stdout_lines.push(text.to_string()),
        "# expect error: " => expectations.error = Some(text.trim().to_string()),
        "# expect syntax error: " => {
            expectations.error = Some(format!("SyntaxError: {}", text.trim()));
        }
        "# expect exit: " => {
            let status = text
                .trim()
                .parse()
                .map_err(|_| "exit status is not a number")?;
            expectations.exit_status = Some(status);
        }
        "# stdin: " => expectations.stdin_lines.push(text.to_string()),
        "# args: " => expectations
            .args
            .extend(text.split_whitespace().map(String::from)),
        "# pyl-options: " => expectations
            .pyl_options
            .extend(text.split_whitespace().map(String::from)),
        "# skip: " => expectations.skip = Some(text.trim().to_string()),
        "# pyl-only: " => expectations.pyl_only = Some(text.trim().to_string()),
        _ => unreachable!("every marker in MARKERS has an arm"),
    }
    Ok(())
}

/// A comment that looks like a directive but is not one is a typo to report.
fn check_for_misspelling(line: &str) -> Result<(), String> {
    let words = [
        "# expect",
        "#expect",
        "# stdin:",
        "# args:",
        "# pyl-options:",
        "# skip:",
        "# pyl-only:",
    ];
    match words.iter().find(|word| line.contains(*word)) {
        Some(word) => Err(format!("unreadable directive starting {word:?}")),
        None => Ok(()),
    }
}

// ---------------------------------------------------------------------------
// Checking one case

/// Runs one case file: pyl against the expectations, then CPython against pyl.
fn run_case(path: &Path) -> Result<Completion, Failed> {
    let source = std::fs::read(path).map_err(|error| format!("cannot read {path:?}: {error}"))?;
    let expectations = parse_expectations(&String::from_utf8_lossy(&source))?;
    if let Some(reason) = &expectations.skip {
        return Ok(Completion::ignored_with(reason));
    }
    if python_only() {
        return check_under_cpython_only(path, &expectations);
    }
    let pyl_run = run_script(PYL, path, &expectations)?;
    check_expectations(&expectations, &pyl_run).map_err(|report| format!("pyl {report}"))?;
    if expectations.pyl_only.is_none() {
        if let Some(python) = cpython() {
            let python_run = run_script(python, path, &expectations)?;
            compare_with_cpython(&pyl_run, &python_run)?;
        }
    }
    Ok(Completion::Completed)
}

/// The `PYL_CASES_PYTHON_ONLY=1` mode: the expectations must hold under CPython.
fn check_under_cpython_only(
    path: &Path,
    expectations: &Expectations,
) -> Result<Completion, Failed> {
    if let Some(reason) = &expectations.pyl_only {
        return Ok(Completion::ignored_with(format!("pyl-only: {reason}")));
    }
    let python = cpython().ok_or("PYL_CASES_PYTHON_ONLY=1 but python3 was not found")?;
    let run = run_script(python, path, expectations)?;
    check_expectations(expectations, &run).map_err(|report| format!("CPython {report}"))?;
    Ok(Completion::Completed)
}

/// Runs `program <file> <args>` from the case's folder, so that messages
/// naming the file (tracebacks, encoding errors) do not depend on where the
/// repository was cloned.
fn run_script(program: &str, path: &Path, expectations: &Expectations) -> Result<Run, String> {
    let (directory, file_name) = split_path(path);
    let mut arguments: Vec<&str> = Vec::new();
    if program == PYL {
        arguments.extend(expectations.pyl_options.iter().map(String::as_str));
    }
    arguments.push(file_name.as_str());
    arguments.extend(expectations.args.iter().map(String::as_str));
    let run = process::run_program(
        program,
        &arguments,
        &directory,
        &expectations.stdin(),
        TIMEOUT,
    )?;
    Ok(Run {
        stderr: without_directory(&run.stderr, &directory),
        ..run
    })
}

/// Removes the case's folder from stderr: CPython names the script by its
/// absolute path (`File "/home/.../x.pyl"`, `in file /home/.../x.pyl`), and a
/// case must not depend on where the repository lives.
fn without_directory(stderr: &str, directory: &Path) -> String {
    let mut text = stderr.to_string();
    let canonical = directory
        .canonicalize()
        .unwrap_or_else(|_| directory.to_path_buf());
    for folder in [canonical.as_path(), directory] {
        text = text.replace(&format!("{}/", folder.display()), "");
    }
    text
}

/// `tests/cases/a/b.pyl` => (`tests/cases/a`, `b.pyl`).
fn split_path(path: &Path) -> (PathBuf, String) {
    let directory = path.parent().unwrap_or(Path::new(".")).to_path_buf();
    let file_name = path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    (directory, file_name)
}

/// Checks stdout, exit status and the last stderr line against the directives.
fn check_expectations(expectations: &Expectations, run: &Run) -> Result<(), String> {
    let expected_stdout: String = expectations
        .stdout_lines
        .iter()
        .map(|line| format!("{line}\n"))
        .collect();
    let mut problems = Vec::new();
    if run.stdout != expected_stdout {
        problems.push(format!(
            "stdout differs:\n{}",
            diff(&expected_stdout, &run.stdout)
        ));
    }
    if let Some(error) = &expectations.error {
        if run.stderr_last_line() != error {
            problems.push(format!(
                "last stderr line differs:\n  expected: {error}\n       got: {}",
                run.stderr_last_line()
            ));
        }
    }
    if run.status != Some(expectations.status()) {
        problems.push(format!(
            "exit status differs: expected {}, got {}",
            expectations.status(),
            run.describe_status()
        ));
    }
    report(problems, run)
}

/// Requires CPython to print what pyl printed, end the same way and name the same error.
fn compare_with_cpython(pyl: &Run, python: &Run) -> Result<(), String> {
    let mut problems = Vec::new();
    if pyl.stdout != python.stdout {
        problems.push(format!(
            "stdout differs (- pyl, + CPython):\n{}",
            diff(&pyl.stdout, &python.stdout)
        ));
    }
    if pyl.stderr_last_line() != python.stderr_last_line() {
        problems.push(format!(
            "last stderr line differs:\n      pyl: {}\n  CPython: {}",
            pyl.stderr_last_line(),
            python.stderr_last_line()
        ));
    }
    if pyl.status != python.status {
        problems.push(format!(
            "exit status differs: pyl {}, CPython {}",
            pyl.describe_status(),
            python.describe_status()
        ));
    }
    report(problems, python).map_err(|report| format!("pyl and CPython disagree: {report}"))
}

/// Joins the problems found into one message that ends with the stderr tail.
fn report(problems: Vec<String>, run: &Run) -> Result<(), String> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(format!("{}\n{}", problems.join("\n"), stderr_tail(run)))
}

/// The last few lines of stderr, indented, for a failure message.
fn stderr_tail(run: &Run) -> String {
    let lines: Vec<&str> = run.stderr.lines().collect();
    let tail = &lines[lines.len().saturating_sub(8)..];
    if tail.is_empty() {
        return "stderr: (empty)".to_string();
    }
    let indented: Vec<String> = tail.iter().map(|line| format!("  | {line}")).collect();
    format!(
        "stderr (last {} lines):\n{}",
        tail.len(),
        indented.join("\n")
    )
}

/// A line-by-line comparison: `  ` same, `- ` expected only, `+ ` got only.
///
/// Lines are paired by position, which is enough for short script output and
/// keeps this function easy to check.
fn diff(expected: &str, got: &str) -> String {
    let expected: Vec<&str> = expected.lines().collect();
    let got: Vec<&str> = got.lines().collect();
    if expected == got {
        return "  (the same lines; one output lacks the final newline)".to_string();
    }
    let mut out = Vec::new();
    for index in 0..expected.len().max(got.len()) {
        match (expected.get(index), got.get(index)) {
            (Some(left), Some(right)) if left == right => out.push(format!("    {left}")),
            (left, right) => {
                if let Some(left) = left {
                    out.push(format!("  - {left:?}"));
                }
                if let Some(right) = right {
                    out.push(format!("  + {right:?}"));
                }
            }
        }
    }
    out.join("\n")
}

// ---------------------------------------------------------------------------
// Bytecode snapshots

/// One trial per `tests/dis/<name>.pyl`.
fn dis_trials() -> Vec<Trial> {
    let root = repository_path("tests/dis");
    sorted_pyl_files(&root)
        .into_iter()
        .map(|path| {
            let name = format!("dis::{}", trial_name(&root, &path));
            Trial::test(name, move || check_dis_snapshot(&path))
        })
        .collect()
}

/// Compares `pyl --dis <file>` with `<file>.dis`, or rewrites it under `PYL_BLESS=1`.
fn check_dis_snapshot(path: &Path) -> Result<(), Failed> {
    let snapshot = path.with_extension("dis");
    let (directory, file_name) = split_path(path);
    let run = process::run_program(PYL, &["--dis", &file_name], &directory, "", TIMEOUT)?;
    if run.status != Some(0) {
        return Err(format!(
            "pyl --dis failed with status {}\n{}",
            run.describe_status(),
            stderr_tail(&run)
        )
        .into());
    }
    if std::env::var_os("PYL_BLESS").is_some_and(|value| value == "1") {
        std::fs::write(&snapshot, &run.stdout)
            .map_err(|error| format!("cannot write {snapshot:?}: {error}"))?;
        return Ok(());
    }
    let expected = std::fs::read_to_string(&snapshot).map_err(|error| {
        format!("cannot read {snapshot:?} ({error}); create it with PYL_BLESS=1")
    })?;
    if run.stdout != expected {
        let message = format!(
            "--dis output differs from {snapshot:?} (PYL_BLESS=1 rewrites it):\n{}",
            diff(&expected, &run.stdout)
        );
        return Err(message.into());
    }
    Ok(())
}
