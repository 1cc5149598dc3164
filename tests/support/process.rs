//! Running a program with a time limit, shared by `tests/cases.rs` and
//! `benches/ratios.rs` (each includes it with `#[path]`).

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::OnceLock;
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// What a finished program did.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    /// `None` when the process was killed by a signal.
    pub status: Option<i32>,
}

impl Run {
    /// The last line of stderr, which is where an uncaught exception is named.
    pub fn stderr_last_line(&self) -> &str {
        self.stderr
            .trim_end_matches(['\n', '\r'])
            .rsplit('\n')
            .next()
            .unwrap_or("")
    }

    /// The exit status in words, for failure messages.
    pub fn describe_status(&self) -> String {
        match self.status {
            Some(status) => status.to_string(),
            None => "killed by a signal".to_string(),
        }
    }
}

/// Runs `program arguments...` in `directory` with `stdin`; past `timeout` it is killed.
pub fn run_program(
    program: &str,
    arguments: &[&str],
    directory: &Path,
    stdin: &str,
    timeout: Duration,
) -> Result<Run, String> {
    let mut child = Command::new(program)
        .args(arguments)
        .current_dir(directory)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    let writer = feed_stdin(&mut child, stdin.to_string());
    let stdout = read_in_background(child.stdout.take());
    let stderr = read_in_background(child.stderr.take());
    let status = wait_with_timeout(&mut child, program, timeout)?;
    let _ = writer.join();
    Ok(Run {
        stdout: collect(stdout),
        stderr: collect(stderr),
        status: status.code(),
    })
}

/// Writes `text` to the child's stdin from a thread, then closes it.
fn feed_stdin(child: &mut Child, text: String) -> JoinHandle<()> {
    let pipe = child.stdin.take();
    thread::spawn(move || {
        if let Some(mut pipe) = pipe {
            // A program that exits without reading its input is not an error.
            let _ = pipe.write_all(text.as_bytes());
        }
    })
}

/// Reads a child's stdout or stderr to the end from a thread, so that a
/// program filling one pipe cannot block while the other is being read.
fn read_in_background(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Waits for a reader thread and decodes what it read (invalid UTF-8 shown as U+FFFD).
fn collect(reader: JoinHandle<Vec<u8>>) -> String {
    String::from_utf8_lossy(&reader.join().unwrap_or_default()).into_owned()
}

/// Polls the child until it exits; past `timeout` it is killed and the run fails.
///
/// The standard library has no timed wait, so this polls every millisecond:
/// often enough not to blur a benchmark's timings.
fn wait_with_timeout(
    child: &mut Child,
    program: &str,
    timeout: Duration,
) -> Result<ExitStatus, String> {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().map_err(|error| error.to_string())? {
            return Ok(status);
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "{program} ran for more than {timeout:?} and was killed"
            ));
        }
        thread::sleep(Duration::from_millis(1));
    }
}

/// The real CPython binary, or `None` when `python3` is not installed.
///
/// `python3` is often a pyenv shim that costs ~95 ms a start, so it is asked
/// once for the interpreter it stands for.
pub fn cpython() -> Option<&'static str> {
    static PATH: OnceLock<Option<String>> = OnceLock::new();
    PATH.get_or_init(|| {
        let output = Command::new("python3")
            .args(["-c", "import sys; print(sys.executable)"])
            .stdin(Stdio::null())
            .output()
            .ok()?;
        let path = String::from_utf8(output.stdout).ok()?.trim().to_string();
        (output.status.success() && !path.is_empty()).then_some(path)
    })
    .as_deref()
}
