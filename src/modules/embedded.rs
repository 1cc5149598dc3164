//! Library modules written in pyl itself, compiled into the binary (as
//! CPython's `Lib/` holds the modules that read best in Python). `import`
//! runs one of these the first time a script asks for it.

/// The modules and their pyl source.
const MODULES: &[(&str, &str)] = &[
    // One module from three files, each of one concept, run in this order.
    (
        "collections",
        concat!(
            include_str!("lib/collections.pyl"),
            "\n",
            include_str!("lib/collections_counter.pyl"),
            "\n",
            include_str!("lib/collections_namedtuple.pyl"),
        ),
    ),
    ("functools", include_str!("lib/functools.pyl")),
    ("itertools", include_str!("lib/itertools.pyl")),
    // Locks, conditions, events, barriers; thread-local data; the Thread
    // class and its bookkeeping.
    (
        "threading",
        concat!(
            include_str!("lib/threading.pyl"),
            "\n",
            include_str!("lib/threading_local.pyl"),
            "\n",
            include_str!("lib/threading_thread.pyl"),
        ),
    ),
    ("queue", include_str!("lib/queue.pyl")),
    // `concurrent` is only the package that holds `futures`.
    (
        "concurrent",
        "\"\"\"The package of concurrent.futures.\"\"\"\n",
    ),
    // Futures, waiting on them, and the Executor base; the thread pool.
    // A process pool can follow as a third file.
    (
        "concurrent.futures",
        concat!(
            include_str!("lib/concurrent_futures.pyl"),
            "\n",
            include_str!("lib/concurrent_futures_thread.pyl"),
        ),
    ),
    // CPython's submodule names, for the scripts that import from them.
    (
        "concurrent.futures._base",
        include_str!("lib/concurrent_futures_base_names.pyl"),
    ),
    (
        "concurrent.futures.thread",
        include_str!("lib/concurrent_futures_thread_names.pyl"),
    ),
];

/// The source of the embedded module `name`, if there is one.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}
