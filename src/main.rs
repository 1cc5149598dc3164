//! The `pyl` binary: runs the interpreter on a thread with a large stack
//! (the parser, the compiler and built-ins that call back into Python
//! recurse on the Rust stack) and exits with its status.

/// The interpreter thread's stack: deep enough for the nesting limits the
/// front end and the VM enforce.
const STACK_SIZE: usize = 512 * 1024 * 1024;

fn main() {
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let interpreter = std::thread::Builder::new()
        .name("pyl-main".into())
        .stack_size(STACK_SIZE)
        .spawn(move || pyl::cli::main(arguments));
    let status = match interpreter.map(|handle| handle.join()) {
        Ok(Ok(status)) => status,
        Ok(Err(_)) => {
            eprintln!("pyl: internal error (a bug in pyl, please report it)");
            70
        }
        Err(error) => {
            eprintln!("pyl: cannot start the interpreter thread: {error}");
            70
        }
    };
    std::process::exit(status);
}
