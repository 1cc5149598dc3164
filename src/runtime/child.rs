//! Watching a child process from its handle: what `multiprocessing.Process`
//! asks of the OS for `join`, `is_alive`, `exitcode`, `terminate`, `kill`
//! and `sentinel`, as CPython's `popen_fork.Popen` does with `waitpid`.
//!
//! Notes about the implementation
//! ------------------------------
//! * Each child gets a pidfd (`pidfd_open`). It becomes readable once the
//!   child has ended, so `wait` with a timeout is one `poll`, and the pidfd
//!   is the `sentinel` that `multiprocessing.connection.wait` can wait on
//!   beside channels. Signals go through the pidfd too: unlike a pid, it
//!   cannot name another process after this one is reaped.
//! * Reaping is `Child::try_wait` once the pidfd says the child ended, under
//!   a mutex with the stored `Exit`: many threads may `wait` at once; one
//!   reaps, and the others find the `Exit` it stored. No thread blocks in
//!   `waitpid` holding that mutex, so `exit()` never waits for a `join`.

use super::channel::wait_readable;
use parking_lot::Mutex;
use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::io::Errno;
use rustix::process::{Pid, PidfdFlags, Signal};
use std::io;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, ExitStatus};
use std::time::Duration;

/// How a child process ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// It exited with this status.
    Code(i32),
    /// This signal killed it.
    Signal(i32),
}

impl Exit {
    /// What CPython's `Process.exitcode` says: the status, or minus the
    /// signal's number.
    pub fn exitcode(self) -> i32 {
        match self {
            Exit::Code(code) => code,
            Exit::Signal(signal) => -signal,
        }
    }

    /// The `Exit` that an `ExitStatus` from `wait` describes.
    fn from_status(status: ExitStatus) -> Exit {
        match (status.code(), status.signal()) {
            (Some(code), _) => Exit::Code(code),
            (None, Some(signal)) => Exit::Signal(signal),
            // wait() reports only ended children, which have one or the
            // other; keep the raw status rather than panic.
            (None, None) => Exit::Code(status.into_raw()),
        }
    }
}

/// A pidfd for the process `pid`.
fn open_pidfd(pid: u32) -> io::Result<OwnedFd> {
    let raw = i32::try_from(pid).map_err(io::Error::other)?;
    let process = Pid::from_raw(raw).ok_or_else(|| io::Error::other("a child with pid 0"))?;
    Ok(rustix::process::pidfd_open(process, PidfdFlags::empty())?)
}

/// The `Child` and, once it has been reaped, how it ended.
#[derive(Debug)]
struct Reaped {
    child: Child,
    exit: Option<Exit>,
}

/// A child process, its pidfd, and how it ended once that is known.
#[derive(Debug)]
pub struct ChildProcess {
    state: Mutex<Reaped>,
    pidfd: OwnedFd,
    pid: u32,
}

impl ChildProcess {
    /// Takes charge of a spawned child and opens its pidfd. If no pidfd can
    /// be had (a kernel before 5.3, no descriptors left), the child is
    /// killed and reaped: nothing could watch it, and the caller gets only
    /// the error.
    pub fn new(mut child: Child) -> io::Result<ChildProcess> {
        let pid = child.id();
        match open_pidfd(pid) {
            Ok(pidfd) => Ok(ChildProcess {
                state: Mutex::new(Reaped { child, exit: None }),
                pidfd,
                pid,
            }),
            Err(error) => {
                // Best effort: the pidfd's error is the one worth reporting.
                let _ = child.kill();
                let _ = child.wait();
                Err(error)
            }
        }
    }

    /// The child's process id.
    pub fn pid(&self) -> u32 {
        self.pid
    }

    /// Waits up to `timeout` (`None`: forever) for the child to end and
    /// reaps it: `None` when it is still running after the timeout.
    pub fn wait(&self, timeout: Option<Duration>) -> io::Result<Option<Exit>> {
        if let Some(exit) = self.state.lock().exit {
            return Ok(Some(exit));
        }
        wait_readable(&[self.pidfd.as_fd()], timeout)?;
        self.try_reap()
    }

    /// How the child ended, if it has: already known, or found by a
    /// `try_wait` now (which reaps it).
    pub fn exit(&self) -> Option<Exit> {
        // An error from try_wait (there is none for a child we own) reads
        // as "not known yet", as CPython's poll() treats it.
        self.try_reap().ok().flatten()
    }

    /// Reaps the child if it has ended, storing its `Exit`.
    fn try_reap(&self) -> io::Result<Option<Exit>> {
        let mut state = self.state.lock();
        if state.exit.is_none() {
            state.exit = state.child.try_wait()?.map(Exit::from_status);
        }
        Ok(state.exit)
    }

    /// Sends SIGTERM (`Process.terminate`); no error if the child ended.
    pub fn terminate(&self) -> io::Result<()> {
        self.send_signal(Signal::TERM)
    }

    /// Sends SIGKILL (`Process.kill`); no error if the child ended.
    pub fn kill(&self) -> io::Result<()> {
        self.send_signal(Signal::KILL)
    }

    /// Sends `signal` through the pidfd, which cannot reach a stranger
    /// that was given the pid after this child was reaped.
    fn send_signal(&self, signal: Signal) -> io::Result<()> {
        match rustix::process::pidfd_send_signal(&self.pidfd, signal) {
            Ok(()) | Err(Errno::SRCH) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    /// The pidfd: readable once the child has ended (`Process.sentinel`,
    /// for `wait_readable`).
    pub fn sentinel(&self) -> BorrowedFd<'_> {
        self.pidfd.as_fd()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::channel::{self, Received};
    use crate::runtime::semaphore::Semaphore;
    use crate::runtime::shared_memory::SharedMemory;
    use command_fds::{CommandFdExt, FdMapping};
    use std::process::Command;
    use std::sync::Arc;
    use std::thread;
    use std::time::Instant;

    fn spawn(script: &str) -> io::Result<ChildProcess> {
        spawn_with_fds(script, Vec::new())
    }

    /// Runs `sh -c script` with `fds` as its descriptors 3, 4, ...
    fn spawn_with_fds(script: &str, fds: Vec<OwnedFd>) -> io::Result<ChildProcess> {
        let mappings = (3..).zip(fds).map(|(child_fd, parent_fd)| FdMapping {
            parent_fd,
            child_fd,
        });
        let mut command = Command::new("sh");
        command.arg("-c").arg(script);
        command
            .fd_mappings(mappings.collect())
            .map_err(io::Error::other)?;
        ChildProcess::new(command.spawn()?)
    }

    #[test]
    fn an_exit_status_is_a_code() -> io::Result<()> {
        let child = spawn("exit 3")?;
        assert_eq!(child.wait(None)?, Some(Exit::Code(3)));
        assert_eq!(child.exit(), Some(Exit::Code(3)));
        assert_eq!(Exit::Code(3).exitcode(), 3);
        // Reaped, so no zombie is left behind.
        assert!(!std::path::Path::new(&format!("/proc/{}", child.pid())).exists());
        Ok(())
    }

    #[test]
    fn a_killed_child_ended_by_a_signal() -> io::Result<()> {
        let child = spawn("exec sleep 10")?;
        assert_eq!(child.exit(), None);
        child.kill()?;
        let exit = child.wait(Some(Duration::from_secs(5)))?;
        assert_eq!(exit, Some(Exit::Signal(9)));
        assert_eq!(exit.map(Exit::exitcode), Some(-9));
        // Signals to a child that has ended are no error.
        child.terminate()?;
        child.kill()?;
        Ok(())
    }

    #[test]
    fn wait_with_a_timeout_leaves_a_running_child() -> io::Result<()> {
        let child = spawn("exec sleep 1")?;
        let start = Instant::now();
        assert_eq!(child.wait(Some(Duration::from_millis(50)))?, None);
        let waited = start.elapsed();
        assert!(waited >= Duration::from_millis(50) && waited < Duration::from_millis(900));
        child.terminate()?;
        assert_eq!(child.wait(None)?, Some(Exit::Signal(15)));
        Ok(())
    }

    #[test]
    fn many_threads_wait_and_one_reaps() -> io::Result<()> {
        let child = Arc::new(spawn("sleep 0.1; exit 7")?);
        let waiters: Vec<_> = (0..4)
            .map(|_| {
                let child = Arc::clone(&child);
                thread::spawn(move || child.wait(None))
            })
            .collect();
        for waiter in waiters {
            assert_eq!(waiter.join().expect("waiter thread")?, Some(Exit::Code(7)));
        }
        Ok(())
    }

    #[test]
    fn the_sentinel_is_readable_once_the_child_ends() -> io::Result<()> {
        let child = spawn("exec sleep 10")?;
        let (_sender, receiver) = channel::pair()?;
        let fds = [receiver.as_fd(), child.sentinel()];
        assert!(channel::wait_readable(&fds, Some(Duration::from_millis(20)))?.is_empty());
        child.terminate()?;
        assert_eq!(
            channel::wait_readable(&fds, Some(Duration::from_secs(5)))?,
            vec![1]
        );
        assert_eq!(child.exit(), Some(Exit::Signal(15)));
        Ok(())
    }

    #[test]
    fn messages_from_other_processes_arrive_whole_then_closed() -> io::Result<()> {
        let (sender, receiver) = channel::pair()?;
        let children = [
            spawn_with_fds(
                r"printf '\000first'>&3",
                vec![sender.as_fd().try_clone_to_owned()?],
            )?,
            spawn_with_fds(
                r"printf '\000second'>&3",
                vec![sender.as_fd().try_clone_to_owned()?],
            )?,
        ];
        drop(sender);
        let mut got = Vec::new();
        while let Received::Message(message) = receiver.recv(Some(Duration::from_secs(5)))? {
            got.push(message);
        }
        got.sort();
        assert_eq!(got, [b"first".to_vec(), b"second".to_vec()]);
        for child in children {
            assert_eq!(child.wait(None)?, Some(Exit::Code(0)));
        }
        Ok(())
    }

    #[test]
    fn another_process_releases_a_semaphore() -> io::Result<()> {
        let semaphore = Semaphore::new(0)?;
        let (_, write) = semaphore.fds();
        let child = spawn_with_fds("printf xxx >&3", vec![write.try_clone_to_owned()?])?;
        assert!(semaphore.acquire(Some(Duration::from_secs(5)))?);
        assert_eq!(child.wait(None)?, Some(Exit::Code(0)));
        assert_eq!(semaphore.value()?, 2);
        Ok(())
    }

    #[test]
    fn another_process_writes_the_shared_pages() -> io::Result<()> {
        let memory = SharedMemory::new(16)?;
        let memfd = memory.as_fd().try_clone_to_owned()?;
        // `1<>` opens the memfd again read-write, without truncating it.
        let child = spawn_with_fds("printf shared 1<>/proc/self/fd/3", vec![memfd])?;
        assert_eq!(child.wait(None)?, Some(Exit::Code(0)));
        let mut buffer = [0u8; 16];
        memory.read(0, &mut buffer)?;
        assert_eq!(&buffer[..7], b"shared\0");
        assert_eq!(memory.size(), 16);
        Ok(())
    }
}
