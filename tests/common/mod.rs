//! What the whole-program tests (`tests/gil.rs`, `tests/processes.rs`)
//! share: running pyl on a script, and interrupting it with SIGINT.
// Each test crate uses its own part of this module.
#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

pub const PYL: &str = env!("CARGO_BIN_EXE_pyl");

/// Runs `pyl <options> <script>` to the end, with no stdin.
pub fn run(options: &[&str], script: &Path) -> Output {
    Command::new(PYL)
        .args(options)
        .arg(script)
        .stdin(Stdio::null())
        .output()
        .expect("pyl runs")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Starts `script`, waits for its "ready" line, sends SIGINT, and returns
/// the exit status, stderr, and the rest of stdout.
pub fn interrupt(script: &Path) -> (Option<i32>, String, String) {
    let mut child = Command::new(PYL)
        .arg(script)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("pyl starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut line = [0u8; 6];
    std::io::Read::read_exact(&mut stdout, &mut line).expect("the ready line");
    assert_eq!(&line, b"ready\n");
    let pid = child.id().to_string();
    Command::new("kill")
        .args(["-INT", &pid])
        .status()
        .expect("kill runs");
    // A generous bound: a hang is the failure, not slowness.
    let deadline = Instant::now() + Duration::from_secs(20);
    while child.try_wait().expect("wait").is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("{} did not end after SIGINT", script.display());
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().expect("output");
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut stdout, &mut rest);
    (output.status.code(), text(&output.stderr), rest)
}
