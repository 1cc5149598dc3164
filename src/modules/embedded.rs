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
    // Processes; connections; queues; locks and shared memory; pools.
    (
        "multiprocessing",
        concat!(
            include_str!("lib/multiprocessing.pyl"),
            "\n",
            include_str!("lib/multiprocessing_connection.pyl"),
            "\n",
            include_str!("lib/multiprocessing_queues.pyl"),
            "\n",
            include_str!("lib/multiprocessing_synchronize.pyl"),
            "\n",
            include_str!("lib/multiprocessing_pool.pyl"),
        ),
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
    // multiprocessing's submodules by CPython's names: what scripts import
    // from them is defined in `multiprocessing` itself.
    (
        "multiprocessing.process",
        "from multiprocessing import Process, current_process, parent_process, active_children\n",
    ),
    (
        "multiprocessing.connection",
        "from multiprocessing import Connection, Pipe, wait\n",
    ),
    (
        "multiprocessing.queues",
        "from multiprocessing import Queue, SimpleQueue, JoinableQueue\n",
    ),
    (
        "multiprocessing.synchronize",
        "from multiprocessing import Lock, RLock, Semaphore, BoundedSemaphore, Condition, Event\n",
    ),
    (
        "multiprocessing.pool",
        "from multiprocessing import Pool, ApplyResult, MapResult, IMapIterator, \
         MaybeEncodingError, RemoteTraceback\n",
    ),
];

/// The source of the embedded module `name`, if there is one.
pub fn source(name: &str) -> Option<&'static str> {
    MODULES
        .iter()
        .find(|(module, _)| *module == name)
        .map(|(_, source)| *source)
}
