//! The interactive prompt, driven through a pipe: `pyl -i` reads its input
//! from stdin as `python3 -i` does (prompts on stderr, values on stdout).
//! Each session's stdout and exit status must be what CPython gives.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `program -i` with `input` on stdin: (stdout, stderr, exit status).
fn session(program: &str, input: &str) -> (String, String, i32) {
    let mut child = Command::new(program)
        .arg("-i")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {program}: {error}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all(input.as_bytes())
            .expect("write to the prompt");
    }
    let output = child.wait_with_output().expect("wait for the prompt");
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    (
        text(output.stdout),
        text(output.stderr),
        output.status.code().unwrap_or(-1),
    )
}

/// Checks pyl's session against the expected stdout and status, and against
/// CPython's when python3 is installed.
fn check(input: &str, expected_stdout: &str, expected_status: i32) {
    let (stdout, stderr, status) = session(env!("CARGO_BIN_EXE_pyl"), input);
    assert_eq!(
        stdout, expected_stdout,
        "pyl stdout (stderr was:\n{stderr})"
    );
    assert_eq!(status, expected_status, "pyl exit status");
    if Command::new("python3").arg("--version").output().is_ok() {
        let (python_stdout, _, python_status) = session("python3", input);
        assert_eq!(
            python_stdout, expected_stdout,
            "CPython disagrees with the expected stdout"
        );
        assert_eq!(
            python_status, expected_status,
            "CPython disagrees with the expected status"
        );
    }
}

#[test]
fn expression_values_are_shown_but_not_none() {
    check("1 + 2\nNone\n'text'\nx = 5\nx\n", "3\n'text'\n5\n", 0);
}

#[test]
fn underscore_holds_the_last_value() {
    check("6 * 7\n_ + 0\n", "42\n42\n", 0);
}

#[test]
fn a_block_runs_after_a_blank_line() {
    check(
        "def f(a):\n    return a + 1\n\nf(41)\nfor i in range(2):\n    i\n\n",
        "42\n0\n1\n",
        0,
    );
}

#[test]
fn a_try_inside_a_block_waits_for_its_except() {
    check(
        "def f():\n    try:\n        return 1 / 0\n    except ZeroDivisionError:\n        return 'caught'\n\nf()\n",
        "'caught'\n",
        0,
    );
}

#[test]
fn an_if_waits_for_its_elif_and_else() {
    check(
        "if False:\n    1\nelif False:\n    2\nelse:\n    3\n\n",
        "3\n",
        0,
    );
}

#[test]
fn an_error_prints_a_traceback_and_the_prompt_goes_on() {
    let (_, stderr, _) = session(env!("CARGO_BIN_EXE_pyl"), "1 / 0\n");
    assert!(
        stderr.contains("ZeroDivisionError: division by zero"),
        "stderr: {stderr}"
    );
    check("1 / 0\nprint('after')\n", "after\n", 0);
}

#[test]
fn a_syntax_error_does_not_end_the_session() {
    check(
        "x = (1 +\n2)\nx\ndef\n'still here'\n",
        "3\n'still here'\n",
        0,
    );
}

#[test]
fn exit_ends_the_session_with_its_status() {
    check("print('bye')\nexit(3)\nprint('never')\n", "bye\n", 3);
}

/// Runs `program` with `arguments` and `input` on stdin: (stdout, status).
fn run_with(program: &str, arguments: &[&str], input: &str) -> (String, i32) {
    let mut child = Command::new(program)
        .args(arguments)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|error| panic!("cannot start {program}: {error}"));
    if let Some(mut stdin) = child.stdin.take() {
        stdin.write_all(input.as_bytes()).expect("write stdin");
    }
    let output = child.wait_with_output().expect("wait");
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        output.status.code().unwrap_or(-1),
    )
}

#[test]
fn a_piped_program_without_i_runs_as_a_script() {
    // No prompt and no echo of values: stdin is the program, as with `python3 < file`.
    let (stdout, status) = run_with(env!("CARGO_BIN_EXE_pyl"), &[], "x = 2\nx\nprint(x * 21)\n");
    assert_eq!((stdout.as_str(), status), ("42\n", 0));
}

#[test]
fn i_after_a_script_keeps_its_names() {
    let script = std::env::temp_dir().join(format!("pyl_inspect_{}.pyl", std::process::id()));
    std::fs::write(&script, "answer = 41\n").expect("write script");
    let path = script.to_string_lossy().into_owned();
    let (stdout, status) = run_with(env!("CARGO_BIN_EXE_pyl"), &["-i", &path], "answer + 1\n");
    let _ = std::fs::remove_file(&script);
    assert_eq!((stdout.as_str(), status), ("42\n", 0));
}
