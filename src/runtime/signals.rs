//! Ctrl-C: SIGINT raises `KeyboardInterrupt` in the main thread, at its next
//! instruction, or at once while it waits in `sleep`, `join` or a lock.
//!
//! A watcher thread (it runs no Python code) receives the signal through
//! `signal-hook`, sets PENDING_SIGNAL on the main thread's eval breaker and
//! wakes the main thread from whatever pyl wait it is in. Waits in other
//! threads are not interrupted, as in CPython.

use super::gil::PENDING_SIGNAL;
use super::threads::{self, MAIN_IDENT};
use parking_lot::{Condvar, Mutex};
use signal_hook::consts::SIGINT;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

/// What a sleeping main thread waits on, so the watcher can wake it.
static SLEEP: Mutex<()> = Mutex::new(());
static WAKE_SLEEPER: Condvar = Condvar::new();

/// Starts the watcher. Without it (no signal support) Ctrl-C keeps its
/// default effect: the process ends.
pub fn install() {
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT]) else {
        return;
    };
    let watcher = std::thread::Builder::new().name("pyl-signals".into());
    let _ = watcher.spawn(move || {
        for _ in signals.forever() {
            interrupt_main();
        }
    });
}

/// Flags the main thread and wakes it from a wait.
fn interrupt_main() {
    let Some(main) = threads::find(MAIN_IDENT) else {
        return;
    };
    main.eval_breaker.fetch_or(PENDING_SIGNAL, Ordering::SeqCst);
    if let Some(lock) = super::deadlock::main_thread_lock() {
        lock.interrupt_waiters();
    }
    let _sleeping = SLEEP.lock();
    WAKE_SLEEPER.notify_all();
}

/// True when `me` is the main thread and Ctrl-C is waiting for it.
pub fn interrupted(me: u64) -> bool {
    if me != MAIN_IDENT {
        return false;
    }
    threads::find(MAIN_IDENT)
        .is_some_and(|main| main.eval_breaker.load(Ordering::SeqCst) & PENDING_SIGNAL != 0)
}

/// Sleeps for `duration` (call it without the GIL). The main thread wakes
/// early for Ctrl-C: the result says whether it did.
pub fn sleep(me: u64, duration: Duration) -> bool {
    if me != MAIN_IDENT {
        std::thread::sleep(duration);
        return false;
    }
    let deadline = Instant::now() + duration;
    let mut sleeping = SLEEP.lock();
    while !interrupted(me) {
        if WAKE_SLEEPER.wait_until(&mut sleeping, deadline).timed_out() {
            return false;
        }
    }
    true
}

/// Ends the process as an unhandled SIGINT does (status 130 to a shell),
/// after an uncaught `KeyboardInterrupt`, as CPython does.
pub fn exit_by_sigint() -> ! {
    let _ = signal_hook::low_level::emulate_default_handler(SIGINT);
    std::process::exit(130)
}
