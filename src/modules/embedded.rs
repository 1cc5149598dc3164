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
    // Processes and the exceptions. The rest are submodules, as in CPython,
    // that a script (or a function of the package) imports when it first
    // needs them, so that a child which only runs a target imports none.
    ("multiprocessing", include_str!("lib/multiprocessing.pyl")),
    (
        "multiprocessing.connection",
        include_str!("lib/multiprocessing_connection.pyl"),
    ),
    (
        "multiprocessing.queues",
        include_str!("lib/multiprocessing_queues.pyl"),
    ),
    (
        "multiprocessing.synchronize",
        include_str!("lib/multiprocessing_synchronize.pyl"),
    ),
    (
        "multiprocessing.sharedctypes",
        include_str!("lib/multiprocessing_sharedctypes.pyl"),
    ),
    (
        "multiprocessing.pool",
        include_str!("lib/multiprocessing_pool.pyl"),
    ),
    // `concurrent` is only the package that holds `futures`.
    (
        "concurrent",
        "\"\"\"The package of concurrent.futures.\"\"\"\n",
    ),
    // Futures, waiting on them, and the Executor base; the thread pool;
    // the process pool.
    (
        "concurrent.futures",
        concat!(
            include_str!("lib/concurrent_futures.pyl"),
            "\n",
            include_str!("lib/concurrent_futures_thread.pyl"),
            "\n",
            include_str!("lib/concurrent_futures_process.pyl"),
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
    (
        "concurrent.futures.process",
        "from concurrent.futures import ProcessPoolExecutor, EXTRA_QUEUED_CALLS\n\
         from multiprocessing import BrokenProcessPool\n",
    ),
    // CPython's name for the module of Process: what scripts import from
    // it is defined in `multiprocessing` itself.
    (
        "multiprocessing.process",
        "from multiprocessing import Process, current_process, parent_process, active_children\n",
    ),
];

/// The source of the embedded module `name`, if there is one.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}
