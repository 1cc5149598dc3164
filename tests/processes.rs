//! What `multiprocessing` promises about whole processes, checked on real
//! runs of the scripts in `tests/processes/`: children left running at
//! exit are terminated (daemonic) or joined, and reaped (no zombie, no
//! orphan); a child's uncaught exception is reported on its stderr with
//! CPython's header and the source lines; a worker killed from outside fails a waiting map at
//! once; Ctrl-C reaches a parent waiting in `join`, and its daemonic
//! child is ended with it. (The behaviour of the API itself is in `tests/cases/multiprocessing`.)

mod common;
use common::{interrupt, text};
use std::path::{Path, PathBuf};
use std::process::Output;

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/processes")
        .join(name)
}

fn run(name: &str) -> Output {
    common::run(&[], &script(name))
}

/// Whether process `pid` still exists (running, or a zombie not reaped).
fn exists(pid: &str) -> bool {
    Path::new("/proc").join(pid).exists()
}

#[test]
fn children_left_at_exit_are_terminated_or_joined_and_reaped() {
    let output = run("leaves_children_running.pyl");
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let pids: Vec<&str> = stdout.split_whitespace().collect();
    assert_eq!(pids.len(), 2, "{stdout}");
    for pid in pids {
        assert!(!exists(pid), "child {pid} outlived its parent");
    }
}

#[test]
fn a_childs_exception_is_reported_on_its_stderr() {
    let output = run("child_raises.pyl");
    assert!(output.status.success());
    assert_eq!(text(&output.stdout), "exitcode 1\n");
    let stderr = text(&output.stderr);
    assert!(
        stderr.starts_with("Process failing:\nTraceback (most recent call last):\n"),
        "{stderr}"
    );
    // The child runs the parent's compiled script, and still quotes its
    // source lines, as it does the library's.
    assert!(
        stderr.contains("in fail\n    raise ValueError(\"raised in the child\")\n"),
        "{stderr}"
    );
    assert!(stderr.contains("in run\n    self._target("), "{stderr}");
    assert!(
        stderr.ends_with("ValueError: raised in the child\n"),
        "{stderr}"
    );
}

#[test]
fn a_worker_killed_from_outside_breaks_the_waiting_map() {
    let output = run("pool_in_thread_broken.pyl");
    let stdout = text(&output.stdout);
    assert!(output.status.success(), "{}", text(&output.stderr));
    assert!(
        stdout.starts_with("broken: A process in the process pool was terminated abruptly"),
        "{stdout}"
    );
    assert!(stdout.contains("(exit code -9)"), "{stdout}");
}

#[test]
fn ctrl_c_reaches_a_parent_waiting_for_its_child() {
    let (status, stderr, stdout) = interrupt(&script("interrupt_join.pyl"));
    // Killed by SIGINT, as CPython is after an uncaught KeyboardInterrupt.
    assert_eq!(status, None, "{stderr}");
    assert_eq!(stderr.lines().last(), Some("KeyboardInterrupt"), "{stderr}");
    let pid = stdout.trim();
    assert!(
        !pid.is_empty() && !exists(pid),
        "the daemonic child {pid:?} outlived its parent"
    );
}
