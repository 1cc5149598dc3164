//! The global interpreter lock, as a type, and the protocol that passes it
//! between threads.
//!
//! Notes about the implementation
//! ------------------------------
//! * The heap is safe by construction. Every mutable part of every object
//!   lives in a `qcell::QCell`, which opens only with pyl's one
//!   `QCellOwner`, and the owner lives inside a mutex. A running thread keeps
//!   that mutex's guard (`GilToken`) in its `Vm`: holding the guard *is*
//!   holding the GIL, so the compiler, not a convention, keeps two threads
//!   from touching a list at once. Creating a cell needs only the owner's
//!   id: a new object is not shared until it is stored, and storing needs
//!   the token.
//! * Who gets the guard next is decided by a protocol beside it, the one of
//!   CPython's `Python/ceval_gil.c` (read its "Notes about the
//!   implementation"): a mutex-protected `GilState` (`locked`, `holder`,
//!   `switch_number`) and two condition variables, `dropped` (ceval_gil.c's
//!   `cond`) and `switched` (`switch_cond`). A thread first wins the
//!   protocol (`take_gil`), then locks the guard, which is free by then: the
//!   holder always unlocks the guard before it gives up the protocol.
//! * A thread that finds the lock taken waits one switch interval (5 ms by
//!   default). If no switch happened meanwhile, it sets DROP_REQUEST on the
//!   holder's eval-breaker word and waits again. The holder reads that word
//!   before every instruction (`vm/interpreter.rs`), so it gives the lock up
//!   at its next instruction boundary, even in the middle of `x = x + 1`.
//!   It then waits until another thread has taken the lock (FORCE_SWITCHING)
//!   before it asks for it again; without that wait the thread that drops
//!   the lock would often take it straight back.
//!   The waiter spins briefly after its request instead of sleeping: the
//!   holder drops the lock within an instruction, and waking a parked
//!   thread would cost more than the whole handoff.
//! * Blocking calls go through `allow_threads`, which gives the lock up for
//!   the length of the call.
//! * Policies, for coursework (`--gil-policy`): `cpython` is the above;
//!   `ticks` is Python 2's: the holder releases and re-takes the lock every
//!   100 instructions with no handoff, and waiters never ask; `fifo` hands
//!   the lock to waiters in arrival order; `io-priority` lets a thread
//!   coming back from I/O ask for the lock at once and go first (the fix
//!   proposed for the convoy effect, bpo-7946). `--switch-every N` is a
//!   deterministic round-robin: the holder hands over every N instructions,
//!   to the next runnable thread in start order, so a race gives the same
//!   result on every run.
//! * The eval-breaker word is per thread: a drop request goes to the
//!   holder, Ctrl-C to the main thread, a generator to close to the thread
//!   that abandoned it.

use super::gil_stats::{GilLedger, Release};
use super::threads::{self, ThreadState};
use parking_lot::{ArcMutexGuard, Condvar, Mutex, MutexGuard, RawMutex};
use qcell::{QCell, QCellOwner, QCellOwnerID};
use std::collections::{BTreeSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

/// Proof that the current thread holds the GIL: it dereferences to the
/// `QCellOwner` that opens every object's cell.
pub type GilToken = ArcMutexGuard<RawMutex, QCellOwner>;

/// Eval-breaker bit: another thread asks the holder to drop the GIL.
pub const DROP_REQUEST: u32 = 1 << 0;
/// Eval-breaker bit (main thread only): Ctrl-C was pressed.
pub const PENDING_SIGNAL: u32 = 1 << 1;
/// Eval-breaker bit: the policy counts instructions (`ticks`,
/// `--switch-every`), so every instruction takes the slow path.
pub const COUNT_INSTRUCTIONS: u32 = 1 << 2;
/// Eval-breaker bit: abandoned generators wait to be closed
/// (`objects/generator.rs`); the VM closes them at its next instruction.
pub const PENDING_FINALIZERS: u32 = 1 << 3;

/// CPython's default switch interval.
const DEFAULT_SWITCH_INTERVAL: Duration = Duration::from_millis(5);
/// How long a waiter that sent a drop request spins for the release
/// before it parks again.
const SPIN_AFTER_REQUEST: Duration = Duration::from_micros(200);
/// How many instructions the `ticks` policy runs between releases (Python
/// 2's `sys.setcheckinterval` default).
const TICKS: u64 = 100;

/// How the lock passes between threads (`--gil-policy`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    Cpython,
    Ticks,
    Fifo,
    IoPriority,
}

impl Policy {
    /// The policy called `name` (on the command line, or by
    /// `sys._set_gil_policy`); `Err` is the message for a name it is not.
    pub fn from_name(name: &str) -> Result<Policy, String> {
        Ok(match name {
            "cpython" => Policy::Cpython,
            "ticks" => Policy::Ticks,
            "fifo" => Policy::Fifo,
            "io-priority" => Policy::IoPriority,
            _ => {
                return Err(format!(
                    "unknown GIL policy '{name}' (expected cpython, ticks, fifo or io-priority)"
                ))
            }
        })
    }

    /// Its command-line name.
    pub fn name(self) -> &'static str {
        match self {
            Policy::Cpython => "cpython",
            Policy::Ticks => "ticks",
            Policy::Fifo => "fifo",
            Policy::IoPriority => "io-priority",
        }
    }
}

/// The protocol's state, behind `Gil::state`.
pub struct GilState {
    locked: bool,
    holder: Option<Arc<ThreadState>>,
    /// How many times the lock has been taken: a waiter compares it before
    /// and after its interval to see whether a switch happened.
    switch_number: u64,
    /// Threads waiting for the lock, in arrival order.
    waiting: VecDeque<u64>,
    /// `io-priority`: waiters back from I/O, who go first.
    priority: Vec<u64>,
    /// `--switch-every`: the threads that want the lock, and whose turn it is.
    runnable: BTreeSet<u64>,
    turn: Option<u64>,
    pub policy: Policy,
    pub switch_interval: Duration,
    /// `--switch-every N`: the deterministic round-robin's quota.
    pub switch_every: Option<u64>,
    /// The statistics and trace events.
    pub ledger: GilLedger,
}

/// The lock itself, one per process (each pyl process is one interpreter).
pub struct Gil {
    owner: Arc<Mutex<QCellOwner>>,
    owner_id: QCellOwnerID,
    state: Mutex<GilState>,
    /// Signalled when the lock is dropped.
    dropped: Condvar,
    /// Signalled when the lock is taken.
    switched: Condvar,
    /// Threads holding the protocol now: never more than one (checked).
    running: AtomicU32,
    /// True while nobody holds the lock: what a waiter that just sent a
    /// drop request spins on, without the state's mutex.
    free: AtomicBool,
    /// The most threads ever seen holding it at once.
    pub most_running: AtomicU32,
}

/// The process's GIL.
pub static GIL: LazyLock<Gil> = LazyLock::new(|| {
    let owner = QCellOwner::new();
    let owner_id = owner.id();
    Gil {
        owner: Arc::new(Mutex::new(owner)),
        owner_id,
        state: Mutex::new(GilState {
            locked: false,
            holder: None,
            switch_number: 0,
            waiting: VecDeque::new(),
            priority: Vec::new(),
            runnable: BTreeSet::new(),
            turn: None,
            policy: Policy::Cpython,
            switch_interval: DEFAULT_SWITCH_INTERVAL,
            switch_every: None,
            ledger: GilLedger::default(),
        }),
        dropped: Condvar::new(),
        switched: Condvar::new(),
        running: AtomicU32::new(0),
        free: AtomicBool::new(true),
        most_running: AtomicU32::new(0),
    }
});

impl Gil {
    /// Blocks until `thread` holds the lock, and returns the token. The
    /// first acquisition of a thread; later ones go through `allow_threads`.
    pub fn acquire(&self, thread: &Arc<ThreadState>) -> GilToken {
        self.take_gil(thread, None);
        self.owner.lock_arc()
    }

    /// Gives the lock up for good: `thread` has finished.
    pub fn release_at_exit(&self, token: GilToken, thread: &Arc<ThreadState>) {
        drop(token);
        self.drop_gil(thread, Release::Exit);
    }

    /// The protocol's state, for settings and statistics.
    pub fn state(&self) -> MutexGuard<'_, GilState> {
        self.state.lock()
    }

    /// `--switch-every`: a new thread joins the round-robin, runnable, at
    /// the moment it is started (so its first turn does not depend on when
    /// the OS schedules it).
    pub fn admit(&self, ident: u64) {
        self.make_runnable(ident);
    }

    /// `--switch-every`: a thread granted a lock is runnable from now on.
    pub fn make_runnable(&self, ident: u64) {
        self.state.lock().mark_runnable(ident);
    }

    /// The instruction quota the holder runs before it must hand over, if
    /// the policy counts instructions.
    pub fn quota(&self) -> Option<u64> {
        let state = self.state.lock();
        state.counting_quota()
    }

    /// Waits until `thread` may hold the lock, then takes it. `back_from`
    /// is why it gave the lock up last, if it is coming back to it.
    fn take_gil(&self, thread: &Arc<ThreadState>, back_from: Option<Release>) {
        let ident = thread.ident;
        let mut state = self.state.lock();
        state.ledger.request(ident, Instant::now());
        state.waiting.push_back(ident);
        state.mark_runnable(ident);
        let returning_from_io = back_from.is_some_and(Release::is_voluntary);
        if state.policy == Policy::IoPriority && returning_from_io && state.locked {
            state.priority.push(ident);
            self.request_drop(&mut state, ident);
            MutexGuard::unlocked(&mut state, || self.spin_until_free());
        }
        while !state.may_take(ident) {
            self.wait_for_turn(&mut state, ident);
        }
        state.locked = true;
        self.free.store(false, Ordering::Release);
        state.holder = Some(thread.clone());
        state.switch_number += 1;
        state.waiting.retain(|&waiter| waiter != ident);
        state.priority.retain(|&waiter| waiter != ident);
        state.turn = None;
        thread
            .eval_breaker
            .fetch_and(!DROP_REQUEST, Ordering::Relaxed);
        state.mark_counting(thread);
        state.ledger.acquire(ident, Instant::now());
        self.count_running();
        self.switched.notify_all();
    }

    /// One wait of a thread that cannot take the lock yet. Under the timed
    /// policies a wait that lasts a whole interval with no switch ends in a
    /// drop request to the holder.
    fn wait_for_turn(&self, state: &mut MutexGuard<'_, GilState>, ident: u64) {
        if state.switch_every.is_some() || state.policy == Policy::Ticks {
            self.dropped.wait(state);
            return;
        }
        let switches_before = state.switch_number;
        let interval = state.switch_interval;
        let timed_out = self.dropped.wait_for(state, interval).timed_out();
        if timed_out && state.locked && state.switch_number == switches_before {
            self.request_drop(state, ident);
            // The holder stops at its next instruction: spinning a little
            // beats parking, whose wake-up costs tens of microseconds.
            MutexGuard::unlocked(state, || self.spin_until_free());
        }
    }

    /// Spins (up to `SPIN_AFTER_REQUEST`) until the lock is dropped.
    fn spin_until_free(&self) {
        let until = Instant::now() + SPIN_AFTER_REQUEST;
        while !self.free.load(Ordering::Acquire) && Instant::now() < until {
            std::hint::spin_loop();
        }
    }

    /// Sets DROP_REQUEST on the holder's eval breaker, on behalf of `waiter`.
    fn request_drop(&self, state: &mut GilState, waiter: u64) {
        let Some(holder) = state.holder.clone() else {
            return;
        };
        holder.eval_breaker.fetch_or(DROP_REQUEST, Ordering::SeqCst);
        // The count the holder had reached (give or take its store buffer).
        let ran = holder.instructions.load(Ordering::SeqCst);
        let now = Instant::now();
        state.ledger.drop_request(waiter, holder.ident, ran, now);
    }

    /// Gives the lock up. After a forced release the thread waits until
    /// another has taken it (FORCE_SWITCHING), so the request is honoured.
    fn drop_gil(&self, thread: &Arc<ThreadState>, why: Release) {
        let ident = thread.ident;
        self.running.fetch_sub(1, Ordering::Relaxed);
        let mut state = self.state.lock();
        state.locked = false;
        self.free.store(true, Ordering::Release);
        state.holder = None;
        thread
            .eval_breaker
            .fetch_and(!DROP_REQUEST, Ordering::Relaxed);
        let ran = thread.instructions.load(Ordering::Relaxed);
        state.ledger.release(ident, Instant::now(), why, ran);
        if state.switch_every.is_some() {
            state.pass_turn(ident, why);
        }
        self.dropped.notify_all();
        let timed = state.switch_every.is_none() && state.policy != Policy::Ticks;
        if why == Release::Forced && timed {
            let switches = state.switch_number;
            while state.switch_number == switches && !state.waiting.is_empty() {
                self.switched.wait(&mut state);
            }
        }
    }

    /// Counts the thread that just took the lock, and remembers the most
    /// ever counted at once (the statistics show it: it must be 1).
    fn count_running(&self) {
        let now_running = self.running.fetch_add(1, Ordering::Relaxed) + 1;
        self.most_running.fetch_max(now_running, Ordering::Relaxed);
    }

    /// Ends the holder's quota: hands the lock to the next thread (round-
    /// robin or, under `ticks`, to whoever grabs it first) and takes it back.
    pub fn yield_quota(&self, token: &mut GilToken, thread: &Arc<ThreadState>) {
        ArcMutexGuard::unlocked(token, || {
            self.drop_gil(thread, Release::Tick);
            self.take_gil(thread, None);
        });
    }

    /// Honours a drop request: gives the lock to the waiter, then waits
    /// for it again.
    pub fn yield_to_waiter(&self, token: &mut GilToken, thread: &Arc<ThreadState>) {
        ArcMutexGuard::unlocked(token, || {
            self.drop_gil(thread, Release::Forced);
            self.take_gil(thread, None);
        });
    }

    /// Switches to `policy`; the calling thread (the holder) starts or
    /// stops counting instructions to match.
    pub fn set_policy(&self, policy: Policy, holder: &ThreadState) {
        let mut state = self.state.lock();
        state.policy = policy;
        state.mark_counting(holder);
    }
}

impl GilState {
    /// `--switch-every`: `ident` wants the lock (the set is kept only in
    /// that mode, so it never grows with the threads a long run starts).
    fn mark_runnable(&mut self, ident: u64) {
        if self.switch_every.is_some() {
            self.runnable.insert(ident);
        }
    }

    /// True when `ident` may take the lock now, under the policy.
    fn may_take(&self, ident: u64) -> bool {
        if self.locked {
            return false;
        }
        if self.switch_every.is_some() {
            return self.turn.is_none_or(|turn| turn == ident);
        }
        match self.policy {
            Policy::Cpython | Policy::Ticks => true,
            Policy::Fifo => self.waiting.front() == Some(&ident),
            Policy::IoPriority => self.priority.is_empty() || self.priority.contains(&ident),
        }
    }

    /// Sets or clears the holder's COUNT_INSTRUCTIONS bit, as the policy
    /// counts instructions or not.
    fn mark_counting(&self, holder: &ThreadState) {
        let breaker = &holder.eval_breaker;
        match self.counting_quota() {
            Some(_) => breaker.fetch_or(COUNT_INSTRUCTIONS, Ordering::Relaxed),
            None => breaker.fetch_and(!COUNT_INSTRUCTIONS, Ordering::Relaxed),
        };
    }

    /// The instructions per turn, under a policy that counts them.
    fn counting_quota(&self) -> Option<u64> {
        match (self.switch_every, self.policy) {
            (Some(every), _) => Some(every),
            (None, Policy::Ticks) => Some(TICKS),
            _ => None,
        }
    }

    /// `--switch-every`: whose turn follows `ident`'s release. I/O keeps the
    /// turn (so a `print` cannot reorder the round-robin); a wait or an exit
    /// leaves the round-robin until the thread asks again.
    fn pass_turn(&mut self, ident: u64, why: Release) {
        if why == Release::Io {
            self.turn = Some(ident);
            return;
        }
        if matches!(why, Release::Wait | Release::Exit) {
            self.runnable.remove(&ident);
        }
        let after = self.runnable.range(ident + 1..).next();
        self.turn = after.or_else(|| self.runnable.iter().next()).copied();
    }
}

/// A new cell owned by the GIL: object state that only the lock holder may touch.
pub fn new_cell<T>(value: T) -> QCell<T> {
    QCell::new(GIL.owner_id, value)
}

/// Releases the GIL around `blocking` (I/O: a read, a write, `input`), then
/// takes it back: the shape of every call that may wait.
pub fn allow_threads<U>(token: &mut GilToken, blocking: impl FnOnce() -> U) -> U {
    release_while(token, Release::Io, blocking)
}

/// `allow_threads` for a wait on another thread or on time (`sleep`, a
/// lock, a join): under `--switch-every` the turn passes on.
pub fn allow_threads_waiting<U>(token: &mut GilToken, blocking: impl FnOnce() -> U) -> U {
    release_while(token, Release::Wait, blocking)
}

fn release_while<U>(token: &mut GilToken, why: Release, blocking: impl FnOnce() -> U) -> U {
    let Some(thread) = threads::current() else {
        return ArcMutexGuard::unlocked(token, blocking);
    };
    ArcMutexGuard::unlocked(token, || {
        GIL.drop_gil(&thread, why);
        let result = blocking();
        GIL.take_gil(&thread, Some(why));
        result
    })
}
