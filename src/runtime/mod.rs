//! The runtime beneath the interpreter: the GIL, and (later) OS threads,
//! child processes and the wire format between them.

pub mod gil;
