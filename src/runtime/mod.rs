//! The runtime beneath the interpreter: the GIL, OS threads and the locks
//! they share, deadlock detection and Ctrl-C; child processes, the OS
//! objects they share (channels, semaphores, shared memory) and the wire
//! format between them.

pub mod channel;
pub mod child;
pub mod deadlock;
pub mod gil;
pub mod gil_report;
pub mod gil_stats;
pub mod locks;
pub mod message_pipe;
pub mod process;
pub mod semaphore;
pub mod shared_memory;
pub mod signals;
pub mod threads;
pub mod wire;
pub mod wire_code;
pub mod wire_decode;
