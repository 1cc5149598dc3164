//! Links the `pyl` binary as a fixed-address (non-PIE) executable.
//!
//! Every `multiprocessing` child is a fresh `pyl` process, so the dynamic
//! loader's work counts in every `Process.start()`. A position-independent
//! binary has some 6,900 relative relocations to apply at each start (and
//! the pages they touch to copy); a fixed-address one has none, which cuts
//! the loader's start-up time about fivefold (`LD_DEBUG=statistics`). The
//! cost is that the binary itself is not placed at a random address.
fn main() {
    println!("cargo:rustc-link-arg-bins=-no-pie");
}
