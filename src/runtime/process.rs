//! Starting a child pyl interpreter: CPython's `spawn` start method.
//!
//! Notes about the implementation
//! ------------------------------
//! There is no `fork`: a child is this same binary, started as
//! `pyl --multiprocessing-fork NAME` (CPython's own flag for a spawned
//! child). The handshake goes over `ipc-channel`:
//!
//! ```text
//! parent                                   child
//! IpcOneShotServer::new() -> NAME
//! spawn `pyl --multiprocessing-fork NAME`
//!                                          IpcSender::connect(NAME)
//!                                          send Hello { start: sender }
//! accept() -> Hello
//! send Start { program, library, argv, process, handles }
//!                                          recv Start; run the program as
//!                                          `__mp_main__`; run the Process
//! ```
//!
//! - `accept()` would block forever if the child died before it connected
//!   (DESIGN §8), so it runs on a helper thread (which then sends `Start`)
//!   while the parent watches the child's pidfd; a dead child is reported,
//!   and the helper is released by connecting to the server ourselves.
//! - The library is the code this process compiled (its pyl library
//!   modules and the main script), in shared memory: the child parses
//!   nothing, and decodes a body only when it first runs (`wire_code.rs`).
//! - The Process object crosses as a `Wire` (`wire.rs`). OS objects in it
//!   (a Queue's socket, a Lock's semaphore) go into the spawn's handle
//!   table: their descriptors are mapped to fds 3, 4, ... in the child
//!   (`command-fds`), and `Start::handles` says which are which.
//! - While the child runs the main script as `__mp_main__` it is
//!   *bootstrapping*: a `Process.start()` then means the script has no
//!   `if __name__ == "__main__":` guard, and raises CPython's RuntimeError
//!   instead of starting processes without end.

use super::child::ChildProcess;
use super::wire::{Encoder, Wire};
use super::wire_code::{code_from_wire, code_to_wire, decode_in, WireCode};
use crate::compiler::{CodeObject, SharedBytes};
use crate::objects::exception::{raise, PyException};
use crate::objects::handle::{Handle, HandleKind};
use crate::objects::type_object::ExceptionKind;
use crate::objects::{PyResult, Value};
use crate::vm::Vm;
use command_fds::{CommandFdExt, FdMapping};
use ipc_channel::ipc::{self, IpcOneShotServer, IpcSender, IpcSharedMemory};
use serde::{Deserialize, Serialize};
use std::io;
use std::os::fd::OwnedFd;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// The hidden command-line flag of a child.
pub const CHILD_FLAG: &str = "--multiprocessing-fork";

/// The first descriptor number a child's inherited handles get.
const FIRST_INHERITED_FD: i32 = 3;

/// CPython's words for a script without the `__main__` guard.
const NO_MAIN_GUARD: &str = "
        An attempt has been made to start a new process before the
        current process has finished its bootstrapping phase.

        This probably means that you are not using fork to start your
        child processes and you have forgotten to use the proper idiom
        in the main module:

            if __name__ == '__main__':
                freeze_support()
                ...

        The \"freeze_support()\" line can be omitted if the program
        is not going to be frozen to produce an executable.";

/// The program a child runs first, as `__mp_main__`.
#[derive(Serialize, Deserialize, Debug, Clone)]
pub struct MainProgram {
    pub filename: String,
    pub source: Vec<u8>,
    /// Where its imports are searched (`sys.path[0]`).
    pub directory: PathBuf,
}

/// The main program of this process, recorded when it starts.
static MAIN_PROGRAM: OnceLock<MainProgram> = OnceLock::new();

/// True while a child runs its parent's main script.
static BOOTSTRAPPING: AtomicBool = AtomicBool::new(false);

thread_local! {
    /// True while this thread serializes a Process for a child it starts:
    /// the only time a Queue or a Lock may be sent (`__getstate__` asks).
    static SPAWNING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether this thread is serializing a Process to start it.
pub fn spawning() -> bool {
    SPAWNING.get()
}

/// Records the program this interpreter runs, for its children.
pub fn set_main_program(program: MainProgram) {
    let _ = MAIN_PROGRAM.set(program);
}

/// The library modules (`modules/lib/*.pyl`) compiled in this process,
/// by name: a child gets them with its `Start`, compiled.
static LIBRARY: parking_lot::Mutex<Vec<(String, Arc<CodeObject>)>> =
    parking_lot::Mutex::new(Vec::new());

/// Keeps the compiled code of library module `name` for children.
pub fn remember_library(name: &str, code: &Arc<CodeObject>) {
    LIBRARY.lock().push((name.to_string(), code.clone()));
}

/// The compiled code of library module `name`, if the parent sent it.
pub fn precompiled(name: &str) -> Option<Arc<CodeObject>> {
    let library = LIBRARY.lock();
    let found = library.iter().find(|(module, _)| module == name);
    found.map(|(_, code)| code.clone())
}

/// The name under which the main script's compiled code travels with the
/// library, so that a child runs it without parsing it again.
const MAIN_CODE: &str = "__main__";

/// Keeps the compiled code of this process's main script for children.
pub fn remember_main_code(code: &Arc<CodeObject>) {
    remember_library(MAIN_CODE, code);
}

/// The library as `Start` carries it: the postcard bytes of its
/// `WireCode`s in shared memory, made again only when a module was added
/// since. A child maps the pages rather than reading a copy of them, and
/// its code objects' bodies stay in them until they run.
fn library_bytes(vm: &mut Vm) -> PyResult<IpcSharedMemory> {
    static CACHE: parking_lot::Mutex<Option<(usize, IpcSharedMemory)>> =
        parking_lot::Mutex::new(None);
    let count = LIBRARY.lock().len();
    if let Some((cached, bytes)) = &*CACHE.lock() {
        if *cached == count {
            return Ok(bytes.clone());
        }
    }
    let library = LIBRARY.lock().clone();
    let mut encoder = Encoder::new(None);
    let mut wires = Vec::with_capacity(library.len());
    for (name, code) in &library {
        wires.push((name.clone(), code_to_wire(vm, &mut encoder, code)?));
    }
    let bytes = IpcSharedMemory::from_bytes(&super::wire::to_bytes(&wires)?);
    *CACHE.lock() = Some((library.len(), bytes.clone()));
    Ok(bytes)
}

/// The library's shared pages, as the bytes its code objects' bodies are in.
struct Library(IpcSharedMemory);

impl AsRef<[u8]> for Library {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

/// The child's first message: where to send `Start`.
#[derive(Serialize, Deserialize)]
struct Hello {
    start: IpcSender<Start>,
}

/// Everything a child needs to become the parent's process object.
#[derive(Serialize, Deserialize)]
pub struct Start {
    pub program: Option<MainProgram>,
    /// The parent's compiled library modules (postcard bytes of
    /// `Vec<(String, WireCode)>`), in shared memory.
    pub library: IpcSharedMemory,
    pub argv: Vec<String>,
    pub parent_pid: u32,
    /// The `Process` object, whose `_bootstrap()` the child runs.
    pub process: Wire,
    /// The kinds of the inherited handles, in order, with their fds.
    pub handles: HandleTable,
    /// The parent's GIL settings, which the child runs under too (as
    /// CPython passes its interpreter flags to a spawned child).
    pub gil: GilSettings,
}

/// `--gil-policy`, `--switch-interval` and `--switch-every`, as they are.
#[derive(Serialize, Deserialize)]
pub struct GilSettings {
    pub policy: String,
    pub switch_interval: Duration,
    pub switch_every: Option<u64>,
}

impl GilSettings {
    /// This process's settings now.
    fn current() -> GilSettings {
        let state = crate::runtime::gil::GIL.state();
        GilSettings {
            policy: state.policy.name().to_string(),
            switch_interval: state.switch_interval,
            switch_every: state.switch_every,
        }
    }

    /// Makes them this process's (before its first thread takes the GIL,
    /// as the command line's are).
    pub fn apply(&self) {
        let mut state = crate::runtime::gil::GIL.state();
        if let Ok(policy) = crate::runtime::gil::Policy::from_name(&self.policy) {
            state.policy = policy;
        }
        state.switch_interval = self.switch_interval;
        state.switch_every = self.switch_every;
    }
}

/// Each inherited handle's kind and the descriptor numbers it has in the
/// child.
pub type HandleTable = Vec<(HandleKind, Vec<i32>)>;

/// `Process.start()`: starts a child that will run `process._bootstrap()`.
pub fn spawn(vm: &mut Vm, process: &Value) -> PyResult<ChildProcess> {
    if BOOTSTRAPPING.load(Ordering::Relaxed) {
        return raise(ExceptionKind::RuntimeError, NO_MAIN_GUARD);
    }
    let mut handles = Vec::new();
    SPAWNING.set(true);
    let wire = Encoder::new(Some(&mut handles)).to_wire(vm, process);
    SPAWNING.set(false);
    let wire = wire?;
    let (table, mappings) = inherited(&handles).map_err(os_error)?;
    let start = Start {
        program: MAIN_PROGRAM.get().cloned(),
        library: library_bytes(vm)?,
        argv: vm.interp.argv.clone(),
        parent_pid: std::process::id(),
        process: wire,
        handles: table,
        gil: GilSettings::current(),
    };
    crate::runtime::gil::allow_threads(&mut vm.token, || launch(start, mappings)).map_err(os_error)
}

/// The handle table for `Start`, and the fd mappings that give the child
/// the descriptors (duplicates, closed here once the child has them).
fn inherited(handles: &[Arc<Handle>]) -> io::Result<(HandleTable, Vec<FdMapping>)> {
    let mut table = Vec::with_capacity(handles.len());
    let mut mappings = Vec::new();
    let mut next_fd = FIRST_INHERITED_FD;
    for handle in handles {
        let Some((kind, fds)) = handle.inheritable()? else {
            let message = format!("a closed or {} handle cannot be sent", handle.type_name());
            return Err(io::Error::other(message));
        };
        let mut numbers = Vec::with_capacity(fds.len());
        for fd in fds {
            mappings.push(FdMapping {
                parent_fd: fd,
                child_fd: next_fd,
            });
            numbers.push(next_fd);
            next_fd += 1;
        }
        table.push((kind, numbers));
    }
    Ok((table, mappings))
}

/// Starts the child and hands it `start` (without the GIL).
fn launch(start: Start, mappings: Vec<FdMapping>) -> io::Result<ChildProcess> {
    let (server, name) = IpcOneShotServer::<Hello>::new()?;
    let mut command = std::process::Command::new(std::env::current_exe()?);
    command.arg(CHILD_FLAG).arg(&name);
    command.stdin(std::process::Stdio::null());
    // Mapping descriptors needs a `pre_exec` step, which makes std `fork`
    // (copying this process's page tables) instead of `posix_spawn`: only
    // when there is something to inherit.
    if !mappings.is_empty() {
        command
            .fd_mappings(mappings)
            .map_err(|_| io::Error::other("inherited descriptors collide"))?;
    }
    let child = ChildProcess::new(command.spawn()?)?;
    hand_over(server, name, start, &child)?;
    Ok(child)
}

/// Sends `start` to the child once it says `Hello`, or fails if the child
/// ends before it connects. The helper thread that accepts also sends, so
/// the child waits for one thread's wake-up, not two.
fn hand_over(
    server: IpcOneShotServer<Hello>,
    name: String,
    start: Start,
    child: &ChildProcess,
) -> io::Result<()> {
    let (sender, receiver) = std::sync::mpsc::channel();
    // Set before `Start` is sent: a child that has ended since may simply
    // have run to its end, and the helper's answer is then on its way.
    let accepted = Arc::new(AtomicBool::new(false));
    let helper_accepted = accepted.clone();
    std::thread::spawn(move || {
        let handed = match server.accept() {
            Ok((_, hello)) => {
                helper_accepted.store(true, Ordering::Release);
                hello.start.send(start).map_err(io::Error::other)
            }
            Err(error) => Err(io::Error::other(error.to_string())),
        };
        let _ = sender.send(handed);
    });
    loop {
        match receiver.recv_timeout(Duration::from_millis(10)) {
            Ok(handed) => return handed,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) if accepted.load(Ordering::Acquire) => {
                // The helper's send ends soon: the child reads it, or
                // has died and the send fails.
            }
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                if let Some(exit) = child.exit() {
                    release_acceptor(name);
                    let message = format!("the child process ended before it started ({exit:?})");
                    return Err(io::Error::other(message));
                }
            }
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the child process could not be reached"))
            }
        }
    }
}

/// Ends a blocked `accept()` by connecting to its server ourselves.
fn release_acceptor(name: String) {
    if let (Ok(sender), Ok((start, _))) = (IpcSender::<Hello>::connect(name), ipc::channel()) {
        let _ = sender.send(Hello { start });
    }
}

/// In the child: connects to the parent and receives `Start`.
pub fn receive_start(server_name: &str) -> io::Result<Start> {
    let hello = IpcSender::<Hello>::connect(server_name.to_string())?;
    let (start_sender, start_receiver) = ipc::channel::<Start>()?;
    hello
        .send(Hello {
            start: start_sender,
        })
        .map_err(io::Error::other)?;
    start_receiver
        .recv()
        .map_err(|error| io::Error::other(format!("{error:?}")))
}

/// In the child: the handles `start` lists, from the inherited descriptors.
pub fn inherited_handles(start: &Start) -> io::Result<Vec<Arc<Handle>>> {
    let mut handles = Vec::with_capacity(start.handles.len());
    for (kind, numbers) in &start.handles {
        let fds = numbers
            .iter()
            .map(|&number| claim_inherited_fd(number))
            .collect::<io::Result<_>>()?;
        handles.push(Arc::new(Handle::from_inherited(*kind, fds)?));
    }
    Ok(handles)
}

/// Takes ownership of descriptor `number`, which the parent mapped into
/// this process for us; checks first that it is open.
fn claim_inherited_fd(number: i32) -> io::Result<OwnedFd> {
    if !(FIRST_INHERITED_FD..FIRST_INHERITED_FD + 1024).contains(&number) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "bad inherited descriptor",
        ));
    }
    // SAFETY: `number` is one of the descriptors the parent's fd mappings
    // put in this process before it started; nothing else in this process
    // refers to it, and `inherited_handles` claims each number once, so the
    // `OwnedFd` is its only owner. `fcntl_getfd` checks it is really open.
    let fd = unsafe { <OwnedFd as std::os::fd::FromRawFd>::from_raw_fd(number) };
    rustix::io::fcntl_getfd(&fd)?;
    Ok(fd)
}

/// The pid of the process that started this one, in a child.
static PARENT_PID: OnceLock<u32> = OnceLock::new();

/// The parent's pid, if this process is a child of `multiprocessing`.
pub fn parent_pid() -> Option<u32> {
    PARENT_PID.get().copied()
}

/// In the child: runs the parent's program as `__mp_main__` (also known
/// as `__main__`, as in CPython), then `multiprocessing._child_main` on the
/// Process object. The result is the exit code.
pub fn run_child(vm: &mut Vm, start: Start) -> PyResult<i32> {
    let _ = PARENT_PID.set(start.parent_pid);
    let handles = inherited_handles(&start).map_err(os_error)?;
    let decoder = super::wire_decode::Decoder { handles: &handles };
    let shared: SharedBytes = Arc::new(Library(start.library));
    let library: Vec<(String, WireCode)> = decode_in(&shared, (*shared).as_ref())?;
    for (name, code) in library {
        let code = code_from_wire(code)?;
        remember_library(&name, &code);
    }
    let module = vm.new_module("__mp_main__");
    vm.register_module("__mp_main__", &module);
    vm.register_module("__main__", &module);
    if let Some(program) = start.program {
        let filename = Value::str(program.filename.clone());
        vm.set_item_str(&module.dict, "__file__", filename);
        let code = match precompiled(MAIN_CODE) {
            Some(code) => {
                let source = crate::syntax::decode_source(&program.source, &program.filename)?;
                vm.register_source(&program.filename, &source);
                code
            }
            None => crate::compile_source(vm, &program.source, &program.filename)?,
        };
        set_main_program(program);
        BOOTSTRAPPING.store(true, Ordering::Relaxed);
        let ran = vm.run_module_code(code, &module);
        BOOTSTRAPPING.store(false, Ordering::Relaxed);
        ran?;
    }
    let process = decoder.from_wire(vm, start.process)?;
    let multiprocessing = vm.import_module("multiprocessing")?;
    let child_main = multiprocessing
        .dict
        .data
        .ro(&vm.token)
        .get_str("_child_main");
    let Some(child_main) = child_main else {
        return raise(
            ExceptionKind::ImportError,
            "multiprocessing has no _child_main",
        );
    };
    match vm.call(&child_main, vec![process])? {
        Value::Int(code) => Ok(code as i32),
        _ => Ok(1),
    }
}

/// An `OSError` from an I/O error, with its errno when it has one.
pub fn os_error(error: io::Error) -> PyException {
    crate::modules::os::os_error(&error, None)
}
