//! The runtime beneath the interpreter: the GIL, OS threads and the locks
//! they share, deadlock detection and Ctrl-C (later: child processes and
//! the wire format between them).

pub mod deadlock;
pub mod gil;
pub mod gil_report;
pub mod gil_stats;
pub mod locks;
pub mod signals;
pub mod threads;
pub mod channel;
pub mod semaphore;
pub mod shared_memory;
