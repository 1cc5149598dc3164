//! Deadlock detection: when every thread is blocked on a pyl lock (and so
//! on a join, a queue, a condition or an event, which are built on locks)
//! with no timeout, none of them can ever wake the others. pyl then says
//! which thread waits on what and exits with status 1, instead of hanging
//! silently as CPython does.
//!
//! The table below is written under each lock's own mutex (`locks.rs`):
//! a thread is marked blocked while the lock it waits for is held, and a
//! release marks its waiters woken before anybody else can look. So "every
//! live thread is marked blocked and none is woken" is exact, not a guess.

use super::locks::PyLock;
use super::threads;
use parking_lot::Mutex;
use std::collections::BTreeMap;
use std::sync::{Arc, LazyLock};

/// Every thread is blocked: the wait that found it must report it.
#[derive(Debug)]
pub struct Deadlock;

struct Blocked {
    lock: Arc<PyLock>,
    /// What the thread waits in and where, for the report.
    site: String,
    /// A release woke it; it is racing for the lock, not stuck.
    woken: bool,
}

/// The threads waiting, with no timeout, for a lock, by ident.
static BLOCKED: LazyLock<Mutex<BTreeMap<u64, Blocked>>> =
    LazyLock::new(|| Mutex::new(BTreeMap::new()));

/// Marks `me` blocked on `lock`; `Err` if that leaves no thread able to run.
pub fn block(me: u64, lock: &Arc<PyLock>, site: String) -> Result<(), Deadlock> {
    let mut blocked = BLOCKED.lock();
    let entry = Blocked {
        lock: lock.clone(),
        site,
        woken: false,
    };
    blocked.insert(me, entry);
    check(&blocked)
}

/// A woken waiter that lost the race for its lock is blocked again.
pub fn reblock(me: u64) -> Result<(), Deadlock> {
    let mut blocked = BLOCKED.lock();
    match blocked.get_mut(&me) {
        Some(entry) if entry.woken => entry.woken = false,
        _ => return Ok(()),
    }
    check(&blocked)
}

/// A release woke these waiters.
pub fn wake(idents: &[u64]) {
    let mut blocked = BLOCKED.lock();
    for ident in idents {
        if let Some(entry) = blocked.get_mut(ident) {
            entry.woken = true;
        }
    }
}

/// `me` stopped waiting.
pub fn unblock(me: u64) {
    BLOCKED.lock().remove(&me);
}

/// After a thread ended: `Err` if the ones left are all blocked (it held
/// what they wait for, or was the one that would have released it).
pub fn check_after_exit() -> Result<(), Deadlock> {
    check(&BLOCKED.lock())
}

fn check(blocked: &BTreeMap<u64, Blocked>) -> Result<(), Deadlock> {
    let alive = threads::alive();
    let stuck = |thread: &Arc<threads::ThreadState>| {
        blocked.get(&thread.ident).is_some_and(|entry| !entry.woken)
    };
    if !alive.is_empty() && alive.iter().all(stuck) {
        return Err(Deadlock);
    }
    Ok(())
}

/// The lock the main thread is blocked on, if any (for Ctrl-C).
pub fn main_thread_lock() -> Option<Arc<PyLock>> {
    let blocked = BLOCKED.lock();
    let entry = blocked.get(&threads::MAIN_IDENT)?;
    Some(entry.lock.clone())
}

/// The report: one line per thread, saying what it waits on and where.
pub fn report() -> String {
    let blocked = BLOCKED.lock();
    let mut text = String::from(
        "Deadlock: every thread is blocked waiting for another, and none can go on:\n",
    );
    for thread in threads::alive() {
        let Some(entry) = blocked.get(&thread.ident) else {
            continue;
        };
        text.push_str(&format!("  {}: {}", thread.name(), entry.site));
        let owner = entry.lock.owner();
        match threads::find(owner) {
            Some(holder) if owner != thread.ident => {
                text.push_str(&format!(" (the lock is held by {})\n", holder.name()))
            }
            _ => text.push('\n'),
        }
    }
    text
}
