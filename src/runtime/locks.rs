//! The locks threads share: `_thread.lock` and `_thread.RLock`. Every
//! blocking primitive of `threading` and `queue` (conditions, events,
//! joins, queues, barriers) is built from these in pyl code, so a thread
//! that waits for another always waits here, which is what lets
//! `deadlock.rs` see when none of them can go on.
//!
//! Notes about the implementation
//! ------------------------------
//! * A lock's state is shared by threads that do not hold the GIL (a waiter
//!   has let it go), so it sits in its own small mutex, not in a GIL cell.
//! * Acquiring tries once with the GIL held, as CPython does; only if the
//!   lock is taken does the thread register as a waiter and block inside
//!   `allow_threads_waiting` (`modules/thread.rs`).
//! * A release wakes every waiter, and a woken waiter takes the GIL back
//!   before it tries the lock again: no handoff, as with CPython's locks.
//!   A waiter that took the lock without the GIL would make the releaser,
//!   which runs on and asks for the lock again at once, block and hand the
//!   GIL over on every turn of its loop (a lock convoy); pyl can switch
//!   threads inside a `with lock:` block, so that would be common. Under
//!   `--switch-every` a release hands the lock to the first waiter instead,
//!   and makes that waiter runnable at that instruction, so the run does not
//!   depend on when the OS wakes it.
//! * A release also tells `deadlock.rs` that its waiters are woken, in the
//!   same critical section: a thread marked blocked on a lock is therefore
//!   truly stuck until somebody releases it.

use super::deadlock;
use super::gil::GIL;
use parking_lot::{Condvar, Mutex, MutexGuard};
use std::collections::VecDeque;
use std::sync::Arc;
use std::time::Instant;

/// Which of the two lock types.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LockKind {
    /// `_thread.lock`: any thread may release it.
    Plain,
    /// `_thread.RLock`: its owner may take it again, and must release it
    /// as many times.
    Reentrant,
}

/// A lock shared between threads.
pub struct PyLock {
    pub kind: LockKind,
    state: Mutex<LockState>,
    released: Condvar,
}

struct LockState {
    locked: bool,
    /// The ident of the thread that holds it (0 when free).
    owner: u64,
    /// How many times the owner holds an RLock.
    count: u64,
    /// Threads waiting for it, in arrival order.
    waiters: VecDeque<u64>,
    /// `--switch-every`: the waiter the lock was handed to.
    granted: Option<u64>,
}

/// How a wait for a lock ended.
#[derive(Debug, PartialEq, Eq)]
pub enum WaitOutcome {
    /// The lock was handed to the waiter (`--switch-every`).
    Acquired,
    /// The lock came free: try again, with the GIL.
    Released,
    TimedOut,
    /// Ctrl-C, in the main thread.
    Interrupted,
    /// Every thread is blocked: the caller reports it.
    Deadlock,
}

impl PyLock {
    /// A new, unlocked lock.
    pub fn new(kind: LockKind) -> PyLock {
        PyLock {
            kind,
            state: Mutex::new(LockState {
                locked: false,
                owner: 0,
                count: 0,
                waiters: VecDeque::new(),
                granted: None,
            }),
            released: Condvar::new(),
        }
    }

    /// Takes the lock for thread `me` if that needs no wait.
    pub fn try_acquire(&self, me: u64) -> bool {
        self.state.lock().try_take(self.kind, me)
    }

    /// True while some thread holds it.
    pub fn locked(&self) -> bool {
        self.state.lock().locked
    }

    /// True when thread `me` holds it (RLock's `_is_owned`).
    pub fn owned_by(&self, me: u64) -> bool {
        let state = self.state.lock();
        state.locked && state.owner == me
    }

    /// The ident of the thread holding it (0 when free).
    pub fn owner(&self) -> u64 {
        self.state.lock().owner
    }

    /// How many times the owner holds it.
    pub fn count(&self) -> u64 {
        self.state.lock().count
    }

    /// Registers `me` as a waiter, with the GIL still held. `Ok(true)` if
    /// the lock came free meanwhile and is now `me`'s; `Err` if the wait
    /// could never end: every other thread is blocked too. A timed wait is
    /// left out of the deadlock check: it ends by itself.
    pub fn start_wait(
        self: &Arc<Self>,
        me: u64,
        timed: bool,
        site: String,
    ) -> Result<bool, deadlock::Deadlock> {
        let mut state = self.state.lock();
        if state.try_take(self.kind, me) {
            return Ok(true);
        }
        state.waiters.push_back(me);
        if !timed {
            deadlock::block(me, self, site)?;
        }
        Ok(false)
    }

    /// Waits (without the GIL) until the lock comes free or is handed to
    /// `me`, the deadline passes, or Ctrl-C interrupts the main thread.
    pub fn wait(self: &Arc<Self>, me: u64, deadline: Option<Instant>) -> WaitOutcome {
        let mut state = self.state.lock();
        let outcome = loop {
            if state.take_granted(me) {
                break WaitOutcome::Acquired;
            }
            if !state.locked {
                break WaitOutcome::Released;
            }
            if super::signals::interrupted(me) {
                break WaitOutcome::Interrupted;
            }
            if deadline.is_none() && deadlock::reblock(me).is_err() {
                break WaitOutcome::Deadlock;
            }
            let Some(deadline) = deadline else {
                self.released.wait(&mut state);
                continue;
            };
            if self.released.wait_until(&mut state, deadline).timed_out() {
                break match (state.take_granted(me), state.locked) {
                    (true, _) => WaitOutcome::Acquired,
                    (false, false) => WaitOutcome::Released,
                    (false, true) => WaitOutcome::TimedOut,
                };
            }
        };
        state.waiters.retain(|&waiter| waiter != me);
        deadlock::unblock(me);
        outcome
    }

    /// Releases the lock on behalf of thread `me`, with CPython's message
    /// when it is not held (or, for an RLock, not held by `me`).
    pub fn release(&self, me: u64) -> Result<(), &'static str> {
        let mut state = self.state.lock();
        match self.kind {
            LockKind::Plain if !state.locked => return Err("release unlocked lock"),
            LockKind::Reentrant if !state.locked || state.owner != me => {
                return Err("cannot release un-acquired lock")
            }
            _ => {}
        }
        state.count = state.count.saturating_sub(1);
        if state.count > 0 {
            return Ok(());
        }
        self.release_fully(&mut state);
        Ok(())
    }

    /// RLock's `_release_save`: releases every level at once, returning the
    /// count to restore.
    pub fn release_all(&self, me: u64) -> Result<u64, &'static str> {
        let mut state = self.state.lock();
        if !state.locked || state.owner != me {
            return Err("cannot release un-acquired lock");
        }
        let count = state.count;
        self.release_fully(&mut state);
        Ok(count)
    }

    /// After `_acquire_restore` took the lock: the owner's count as it was.
    pub fn restore_count(&self, count: u64) {
        self.state.lock().count = count.max(1);
    }

    /// Wakes a waiting main thread so it can see Ctrl-C.
    pub fn interrupt_waiters(&self) {
        let _state = self.state.lock();
        self.released.notify_all();
    }

    fn release_fully(&self, state: &mut MutexGuard<'_, LockState>) {
        state.count = 0;
        state.owner = 0;
        if state.waiters.is_empty() {
            state.locked = false;
            return;
        }
        if GIL.state().switch_every.is_some() {
            let next = state.waiters[0];
            state.granted = Some(next);
            state.owner = next;
            state.count = 1;
            deadlock::wake(&[next]);
            GIL.make_runnable(next);
        } else {
            state.locked = false;
            deadlock::wake(state.waiters.make_contiguous());
        }
        self.released.notify_all();
    }
}

impl LockState {
    /// Takes the lock for `me` if it is free (or, for an RLock, already `me`'s).
    fn try_take(&mut self, kind: LockKind, me: u64) -> bool {
        if self.locked {
            if kind == LockKind::Reentrant && self.owner == me && self.granted.is_none() {
                self.count += 1;
                return true;
            }
            return false;
        }
        self.locked = true;
        self.owner = me;
        self.count = 1;
        true
    }

    /// Takes a lock a release handed to `me` (`--switch-every`).
    fn take_granted(&mut self, me: u64) -> bool {
        if self.granted != Some(me) {
            return false;
        }
        self.granted = None;
        true
    }
}

crate::objects::opaque_debug!(PyLock, "lock");
