//! The global interpreter lock, as a type.
//!
//! Notes about the implementation
//! ------------------------------
//! Every mutable part of every object lives in a `qcell::QCell`. A `QCell`
//! can be read only with a `&QCellOwner` and written only with a
//! `&mut QCellOwner`, and pyl's one `QCellOwner` lives inside the GIL's mutex.
//! So the only way to touch the heap is to hold the lock: the compiler, not a
//! convention, keeps two threads from mutating a list at once. A running
//! thread keeps the lock's guard (`GilToken`) in its `Vm`; `allow_threads`
//! gives the guard back for the length of a blocking call.
//!
//! Creating a cell needs no lock, only the owner's id, which is public: a
//! new object is not shared with anyone until it is stored somewhere, and
//! storing it needs the token.
//!
//! `eval_breaker` is the word the eval loop reads at every instruction
//! boundary; any bit set there asks the running thread to stop and look
//! (a drop request, a pending signal, abandoned generators to close). The
//! switching protocol of `Python/ceval_gil.c` is built on it.

use parking_lot::{ArcMutexGuard, Mutex, RawMutex};
use qcell::{QCell, QCellOwner, QCellOwnerID};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock};

/// Proof that the current thread holds the GIL: it dereferences to the
/// `QCellOwner` that opens every object's cell.
pub type GilToken = ArcMutexGuard<RawMutex, QCellOwner>;

/// Eval-breaker bit: abandoned generators wait to be closed
/// (`objects/generator.rs`); the VM closes them at its next instruction.
pub const PENDING_FINALIZERS: u32 = 1 << 3;

/// The lock itself, one per process (each pyl process is one interpreter).
pub struct Gil {
    owner: Arc<Mutex<QCellOwner>>,
    owner_id: QCellOwnerID,
    /// Non-zero when the running thread must stop at its next instruction.
    pub eval_breaker: AtomicU32,
}

/// The process's GIL.
pub static GIL: LazyLock<Gil> = LazyLock::new(|| {
    let owner = QCellOwner::new();
    let owner_id = owner.id();
    Gil {
        owner: Arc::new(Mutex::new(owner)),
        owner_id,
        eval_breaker: AtomicU32::new(0),
    }
});

impl Gil {
    /// Blocks until this thread holds the lock.
    pub fn acquire(&self) -> GilToken {
        self.owner.lock_arc()
    }

    /// True when the eval loop must leave its fast path.
    #[inline(always)]
    pub fn breaker_set(&self) -> bool {
        self.eval_breaker.load(Ordering::Relaxed) != 0
    }
}

/// A new cell owned by the GIL: object state that only the lock holder may touch.
pub fn new_cell<T>(value: T) -> QCell<T> {
    QCell::new(GIL.owner_id, value)
}

/// Releases the GIL around `blocking`, then takes it back: the shape of every
/// call that may wait (sleep, I/O, joins).
pub fn allow_threads<U>(token: &mut GilToken, blocking: impl FnOnce() -> U) -> U {
    ArcMutexGuard::unlocked(token, blocking)
}
