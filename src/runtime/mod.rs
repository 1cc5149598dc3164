//! The runtime beneath the interpreter: the GIL, OS threads and the locks
//! they share, deadlock detection and Ctrl-C (later: child processes and
//! the wire format between them).

pub mod channel;
pub mod child;
pub mod deadlock;
pub mod gil;
pub mod gil_report;
pub mod gil_stats;
pub mod locks;
pub mod semaphore;
pub mod shared_memory;
pub mod signals;
pub mod threads;
