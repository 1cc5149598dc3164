//! A counting semaphore many processes share: what `multiprocessing.Lock`,
//! `RLock`, `Semaphore` and `BoundedSemaphore` are built on, as CPython
//! builds them on a POSIX named semaphore (`_multiprocessing/semaphore.c`).
//!
//! Notes about the implementation
//! ------------------------------
//! * The kernel holds the count: a pipe whose unread bytes are the tokens.
//!   `release` writes one byte, `acquire` reads one. A byte is read by
//!   exactly one reader, so any number of threads and processes (which
//!   inherit the two descriptors) can share it with no lock of ours, and a
//!   process that dies holding nothing leaves the count right.
//! * Both ends are non-blocking: `acquire` tries a read, and when no token
//!   is there it polls the read end with the time left, then tries again (a
//!   release wakes every poller; the one whose read wins has the token).
//! * A pipe holds 64 KiB at first. More tokens than that would make a
//!   `release` block or fail, so the pipe is grown with F_SETPIPE_SZ, up to
//!   `/proc/sys/fs/pipe-max-size`; past that `release` is an error, never a
//!   lost token.

use super::channel::{deadline_after, remaining, wait_readable};
use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::io::Errno;
use rustix::pipe::PipeFlags;
use std::io;
use std::time::Duration;

/// The size a pipe may grow to when `/proc` does not say (Linux's default).
const DEFAULT_PIPE_MAX_SIZE: usize = 1024 * 1024;

/// A counting semaphore whose count is the bytes waiting in a pipe.
#[derive(Debug)]
pub struct Semaphore {
    read: OwnedFd,
    write: OwnedFd,
}

impl Semaphore {
    /// Makes a semaphore holding `value` tokens.
    pub fn new(value: u32) -> io::Result<Semaphore> {
        let (read, write) = rustix::pipe::pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        let semaphore = Semaphore { read, write };
        let mut left = usize::try_from(value).map_err(io::Error::other)?;
        if left > 0 {
            semaphore.make_room_for(left)?;
        }
        let tokens = [0u8; 4096];
        while left > 0 {
            let written = semaphore.write_tokens(&tokens[..left.min(tokens.len())])?;
            left -= written;
        }
        Ok(semaphore)
    }

    /// Takes one token, waiting up to `timeout` (`None`: forever,
    /// `Some(Duration::ZERO)`: only try): false when the time ran out.
    pub fn acquire(&self, timeout: Option<Duration>) -> io::Result<bool> {
        let deadline = deadline_after(timeout);
        let mut token = [0u8; 1];
        loop {
            match rustix::io::read(&self.read, &mut token) {
                Ok(1) => return Ok(true),
                Ok(_) => return Err(io::Error::other("a semaphore's pipe was closed")),
                Err(Errno::INTR) => continue,
                Err(Errno::AGAIN) => {}
                Err(error) => return Err(error.into()),
            }
            let wait = deadline.map(remaining);
            let ready = wait_readable(&[self.read.as_fd()], wait)?;
            if ready.is_empty() {
                return Ok(false);
            }
        }
    }

    /// Gives one token back, waking a waiter if there is one.
    pub fn release(&self) -> io::Result<()> {
        loop {
            match self.write_tokens(&[0]) {
                Ok(_) => return Ok(()),
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => {
                    let value = self.value_as_usize()?;
                    self.grow(value.saturating_add(1))?;
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// How many tokens are there now (what `Semaphore.get_value()` says).
    pub fn value(&self) -> io::Result<u32> {
        Ok(u32::try_from(self.value_as_usize()?).unwrap_or(u32::MAX))
    }

    /// Another handle on the same semaphore (both descriptors `dup`ed).
    pub fn try_clone(&self) -> io::Result<Semaphore> {
        let read = self.read.try_clone()?;
        let write = self.write.try_clone()?;
        Ok(Semaphore { read, write })
    }

    /// The pipe's read and write ends, for a child process to inherit.
    pub fn fds(&self) -> (BorrowedFd<'_>, BorrowedFd<'_>) {
        (self.read.as_fd(), self.write.as_fd())
    }

    /// Takes over inherited descriptors of a semaphore's pipe.
    pub fn from_fds(read: OwnedFd, write: OwnedFd) -> Semaphore {
        Semaphore { read, write }
    }

    /// The unread bytes in the pipe, which are the tokens.
    fn value_as_usize(&self) -> io::Result<usize> {
        let value = rustix::io::ioctl_fionread(&self.read)?;
        Ok(usize::try_from(value).unwrap_or(usize::MAX))
    }

    /// One write of tokens, retried on EINTR; WouldBlock when the pipe is
    /// full.
    fn write_tokens(&self, tokens: &[u8]) -> io::Result<usize> {
        loop {
            match rustix::io::write(&self.write, tokens) {
                Err(Errno::INTR) => continue,
                result => return Ok(result?),
            }
        }
    }

    /// Grows the pipe so it holds at least `tokens` bytes, or says why not.
    fn make_room_for(&self, tokens: usize) -> io::Result<()> {
        if tokens > rustix::pipe::fcntl_getpipe_size(&self.write)? {
            self.grow(tokens)?;
        }
        Ok(())
    }

    /// Grows the pipe to at least `tokens` bytes and at least twice its
    /// size. Always twice: a pipe counts pages, and one whose first page is
    /// partly read holds fewer bytes than its size says, so a full pipe may
    /// need growing though its value is below its size.
    fn grow(&self, tokens: usize) -> io::Result<()> {
        let capacity = rustix::pipe::fcntl_getpipe_size(&self.write)?;
        let limit = pipe_max_size();
        if tokens > limit || capacity >= limit {
            return Err(too_many_tokens(capacity.max(limit)));
        }
        let wanted = tokens
            .next_power_of_two()
            .max(capacity.saturating_mul(2))
            .min(limit);
        match rustix::pipe::fcntl_setpipe_size(&self.write, wanted) {
            Ok(_) => Ok(()),
            // EPERM: past this user's pipe allowance (pipe-user-pages-soft).
            Err(Errno::PERM) => Err(too_many_tokens(capacity)),
            Err(error) => Err(error.into()),
        }
    }
}

/// How big a pipe may grow, from `/proc/sys/fs/pipe-max-size`.
fn pipe_max_size() -> usize {
    std::fs::read_to_string("/proc/sys/fs/pipe-max-size")
        .ok()
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(DEFAULT_PIPE_MAX_SIZE)
}

/// The error for a count the pipe cannot hold.
fn too_many_tokens(limit: usize) -> io::Error {
    io::Error::other(format!(
        "a semaphore's value cannot go past {limit} (its pipe is full)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::sync::Arc;
    use std::thread;
    use std::time::Instant;

    #[test]
    fn value_follows_acquire_and_release() -> io::Result<()> {
        let semaphore = Semaphore::new(2)?;
        assert_eq!(semaphore.value()?, 2);
        assert!(semaphore.acquire(None)?);
        assert_eq!(semaphore.value()?, 1);
        semaphore.release()?;
        semaphore.release()?;
        assert_eq!(semaphore.value()?, 3);
        Ok(())
    }

    #[test]
    fn acquire_on_zero_times_out() -> io::Result<()> {
        let semaphore = Semaphore::new(0)?;
        assert!(!semaphore.acquire(Some(Duration::ZERO))?);
        let start = Instant::now();
        assert!(!semaphore.acquire(Some(Duration::from_millis(50)))?);
        assert!(start.elapsed() >= Duration::from_millis(50));
        Ok(())
    }

    #[test]
    fn more_tokens_than_a_pipe_first_holds() -> io::Result<()> {
        let semaphore = Semaphore::new(100_000)?;
        assert_eq!(semaphore.value()?, 100_000);
        for _ in 0..100_000 {
            semaphore.release()?;
        }
        assert_eq!(semaphore.value()?, 200_000);
        let error = Semaphore::new(u32::MAX).expect_err("past any pipe");
        assert_eq!(error.kind(), io::ErrorKind::Other);
        Ok(())
    }

    #[test]
    fn a_full_pipe_is_an_error_not_a_lost_token() -> io::Result<()> {
        let limit = u32::try_from(pipe_max_size()).map_err(io::Error::other)?;
        let semaphore = Semaphore::new(limit)?;
        let error = semaphore.release().expect_err("the pipe is at its limit");
        assert_eq!(error.kind(), io::ErrorKind::Other);
        assert_eq!(semaphore.value()?, limit);
        Ok(())
    }

    #[test]
    fn it_keeps_a_shared_counter_exact() -> io::Result<()> {
        let semaphore = Arc::new(Semaphore::new(1)?);
        let counter = Arc::new(AtomicU64::new(0));
        let workers: Vec<_> = (0..2)
            .map(|_| {
                let (semaphore, counter) = (Arc::clone(&semaphore), Arc::clone(&counter));
                thread::spawn(move || -> io::Result<()> {
                    for _ in 0..10_000 {
                        semaphore.acquire(None)?;
                        // A read then a write: racy unless the semaphore works.
                        let seen = counter.load(Ordering::Relaxed);
                        counter.store(seen + 1, Ordering::Relaxed);
                        semaphore.release()?;
                    }
                    Ok(())
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("worker thread")?;
        }
        assert_eq!(counter.load(Ordering::Relaxed), 20_000);
        assert_eq!(semaphore.value()?, 1);
        Ok(())
    }

    #[test]
    fn a_release_wakes_a_blocked_acquire() -> io::Result<()> {
        let semaphore = Semaphore::new(0)?;
        let other = semaphore.try_clone()?;
        let waiter = thread::spawn(move || other.acquire(Some(Duration::from_secs(10))));
        thread::sleep(Duration::from_millis(50));
        semaphore.release()?;
        assert!(waiter.join().expect("waiter thread")?);
        assert_eq!(semaphore.value()?, 0);
        Ok(())
    }
}
