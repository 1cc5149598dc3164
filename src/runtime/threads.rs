//! pyl's threads: one OS thread per Python thread, and what the runtime
//! knows about each (its ident, its name, its eval-breaker word).
//!
//! Every thread that ever ran Python code has a `ThreadState`, kept in one
//! registry for the GIL statistics printed at exit and the deadlock report.
//! The state of the thread running now is also reachable without a `Vm`
//! (`current()`), for the places that have none: a `Drop` that must ask its
//! own thread to close a generator, `allow_threads` around a blocking call.

use parking_lot::Mutex;
use std::cell::OnceCell;
use std::sync::atomic::{AtomicBool, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock};

/// What the runtime knows about one Python thread. Aligned to two cache
/// lines, so that the words its thread touches at every instruction share a
/// line with nothing another thread writes.
#[repr(align(128))]
pub struct ThreadState {
    /// `threading.get_ident()`: 1 for the main thread, then in start order.
    pub ident: u64,
    /// `threading.get_native_id()`: the OS's id for the thread.
    pub native_id: AtomicU64,
    /// The name `threading` gave it, for the statistics and reports.
    pub name: Mutex<String>,
    /// The word the eval loop reads before every instruction: any bit set
    /// asks this thread to stop and look (see `gil.rs` for the bits).
    pub eval_breaker: AtomicU32,
    /// Instructions this thread has executed. Only the thread itself writes
    /// it; a waiting thread reads it to count what the holder runs after a
    /// drop request.
    pub instructions: AtomicU64,
    /// False once the thread has finished.
    pub alive: AtomicBool,
    /// Locks `_thread._set_sentinel` handed out, released when the thread ends.
    pub sentinels: Mutex<Vec<Arc<crate::runtime::locks::PyLock>>>,
}

impl ThreadState {
    fn new(ident: u64, name: String) -> ThreadState {
        ThreadState {
            ident,
            native_id: AtomicU64::new(0),
            name: Mutex::new(name),
            eval_breaker: AtomicU32::new(0),
            instructions: AtomicU64::new(0),
            alive: AtomicBool::new(true),
            sentinels: Mutex::new(Vec::new()),
        }
    }

    /// True for the thread the interpreter started in.
    pub fn is_main(&self) -> bool {
        self.ident == MAIN_IDENT
    }

    /// The thread's name, as `threading` last set it.
    pub fn name(&self) -> String {
        self.name.lock().clone()
    }
}

/// The main thread's ident.
pub const MAIN_IDENT: u64 = 1;

/// Every thread that has run, in start order (finished ones included).
static REGISTRY: LazyLock<Mutex<Vec<Arc<ThreadState>>>> = LazyLock::new(|| Mutex::new(Vec::new()));

thread_local! {
    /// The state of the Python thread this OS thread runs, once it has one.
    static CURRENT: OnceCell<Arc<ThreadState>> = const { OnceCell::new() };
}

/// Registers a new thread (not yet running) and returns its state.
pub fn register(name: String) -> Arc<ThreadState> {
    let mut registry = REGISTRY.lock();
    let ident = registry.len() as u64 + MAIN_IDENT;
    let state = Arc::new(ThreadState::new(ident, name));
    registry.push(state.clone());
    state
}

/// Makes `state` the current OS thread's Python thread.
pub fn set_current(state: &Arc<ThreadState>) {
    state.native_id.store(native_thread_id(), Ordering::Relaxed);
    CURRENT.with(|current| {
        let _ = current.set(state.clone());
    });
}

/// The Python thread running on this OS thread, if it is one.
pub fn current() -> Option<Arc<ThreadState>> {
    CURRENT.with(|current| current.get().cloned())
}

/// Sets `bits` on the current thread's eval breaker (nothing on an OS
/// thread that runs no Python code).
pub fn signal_current(bits: u32) {
    CURRENT.with(|current| {
        if let Some(state) = current.get() {
            state.eval_breaker.fetch_or(bits, Ordering::Relaxed);
        }
    });
}

/// Every thread that has run, in start order.
pub fn all() -> Vec<Arc<ThreadState>> {
    REGISTRY.lock().clone()
}

/// The threads still running, in start order.
pub fn alive() -> Vec<Arc<ThreadState>> {
    let registry = REGISTRY.lock();
    let alive = registry.iter().filter(|t| t.alive.load(Ordering::Relaxed));
    alive.cloned().collect()
}

/// The thread with this ident, if it has run.
pub fn find(ident: u64) -> Option<Arc<ThreadState>> {
    let registry = REGISTRY.lock();
    let index = ident.checked_sub(MAIN_IDENT)? as usize;
    registry.get(index).cloned()
}

/// The OS's id for the calling thread (Linux's `gettid`), read from
/// `/proc/thread-self`, which links to `<pid>/task/<tid>`; 0 elsewhere.
fn native_thread_id() -> u64 {
    std::fs::read_link("/proc/thread-self")
        .ok()
        .and_then(|link| link.file_name()?.to_str()?.parse().ok())
        .unwrap_or(0)
}
