//! The `pyl` binary: runs the interpreter on a thread with a large stack
//! (the parser, the compiler and built-ins that call back into Python
//! recurse on the Rust stack) and exits with its status.

/// The interpreter thread's stack: deep enough for the nesting limits the
/// front end and the VM enforce.
const STACK_SIZE: usize = 512 * 1024 * 1024;

/// What follows an internal error's one line.
const BUG_REPORT: &str =
    "pyl: this is a bug in pyl; please report it with the script that caused it";

fn main() {
    use_one_malloc_arena();
    // A panic is a bug in pyl, never a Python error: report it in one line
    // (no Rust backtrace for the user) and exit with status 70.
    std::panic::set_hook(Box::new(|info| {
        eprintln!(
            "pyl: internal error at {}: {}",
            location(info),
            message(info)
        );
        // A script's thread that panics would die holding the GIL and
        // leave every other thread waiting: end the process instead.
        if std::thread::current().name() != Some("pyl-main") {
            eprintln!("{BUG_REPORT}");
            std::process::exit(70);
        }
    }));
    let arguments: Vec<String> = std::env::args().skip(1).collect();
    let interpreter = std::thread::Builder::new()
        .name("pyl-main".into())
        .stack_size(STACK_SIZE)
        .spawn(move || pyl::cli::main(arguments));
    let status = match interpreter.map(|handle| handle.join()) {
        Ok(Ok(status)) => status,
        Ok(Err(_)) => {
            eprintln!("{BUG_REPORT}");
            70
        }
        Err(error) => {
            eprintln!("pyl: cannot start the interpreter thread: {error}");
            70
        }
    };
    std::process::exit(status);
}

/// Makes every thread allocate from glibc's main heap. By default the
/// interpreter thread gets an arena of its own, which grows a few pages at a
/// time, each step an `mprotect` call: some 250 of them while a child
/// process loads the library, a tenth of its start-up. Under the GIL one
/// thread allocates at a time, so one arena costs no waiting.
fn use_one_malloc_arena() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets a parameter of the allocator, and this
    // runs first in `main`, before any other thread exists.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 1);
    }
}

/// Where a panic happened, as `file:line`.
fn location(info: &std::panic::PanicHookInfo) -> String {
    match info.location() {
        Some(place) => format!("{}:{}", place.file(), place.line()),
        None => "an unknown place".to_string(),
    }
}

/// A panic's message, whichever type it was raised with.
fn message(info: &std::panic::PanicHookInfo) -> String {
    let payload = info.payload();
    match (
        payload.downcast_ref::<&str>(),
        payload.downcast_ref::<String>(),
    ) {
        (Some(text), _) => text.to_string(),
        (_, Some(text)) => text.clone(),
        _ => "(no message)".to_string(),
    }
}
