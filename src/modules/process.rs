//! `_process`: the native layer under `multiprocessing` and
//! `concurrent.futures` (written in pyl, `lib/multiprocessing*.pyl`), as
//! `_multiprocessing` and `_posixsubprocess` are under CPython's.
//!
//! Its functions work the OS objects of `objects/handle.rs`: child
//! processes (`spawn`, `child_wait`, `child_terminate` ...), message
//! channels (`channel_pair`, `send`, `recv`, `poll`, `wait`), semaphores
//! (`semaphore`, `sem_acquire` ...) and shared memory (`shared_memory`,
//! `shared_get`, `shared_set`). Every call that can block gives the GIL up
//! while it waits, in slices short enough for Ctrl-C to be seen.

use super::add_functions;
use crate::objects::exception::{raise, type_error, PyException};
use crate::objects::function::Args;
use crate::objects::handle::{Handle, OsObject};
use crate::objects::module::PyModule;
use crate::objects::type_object::{type_name, ExceptionKind};
use crate::objects::{PyResult, Value};
use crate::runtime::channel::{self, Channel, Received};
use crate::runtime::child::ChildProcess;
use crate::runtime::gil::{allow_threads, allow_threads_waiting};
use crate::runtime::message_pipe::{Message, MessagePipe, MAX_MESSAGE};
use crate::runtime::process::os_error;
use crate::runtime::semaphore::Semaphore;
use crate::runtime::shared_memory::SharedMemory;
use crate::runtime::{signals, wire, wire_decode};
use crate::vm::Vm;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The longest the main thread waits without looking for Ctrl-C.
const SLICE: Duration = Duration::from_millis(50);

/// Makes the `_process` module.
pub fn make(vm: &mut Vm) -> Arc<PyModule> {
    let module = vm.new_module("_process");
    add_functions(
        vm,
        &module,
        &[
            ("spawn", spawn),
            ("parent_pid", parent_pid),
            ("spawning", spawning),
            ("child_pid", child_pid),
            ("child_wait", child_wait),
            ("child_terminate", child_terminate),
            ("child_kill", child_kill),
            ("channel_pair", channel_pair),
            ("message_pipe", message_pipe),
            ("queue_size", queue_size),
            ("send", send),
            ("send_bytes", send_bytes),
            ("queue_put", queue_put),
            ("queue_get", queue_get),
            ("recv", recv),
            ("recv_bytes", recv_bytes),
            ("poll", poll),
            ("wait", wait),
            ("close", close),
            ("closed", closed),
            ("dumps", dumps),
            ("loads", loads),
        ],
    );
    super::process_sync::add_functions(vm, &module);
    module
}

/// The OS object of handle `value`; `OSError: handle is closed` after close.
pub fn object(value: &Value) -> PyResult<OsObject> {
    match value {
        Value::Handle(handle) => match handle.object() {
            Some(object) => Ok(object),
            None => raise(ExceptionKind::OSError, "handle is closed"),
        },
        other => type_error(format!("expected a handle, not {}", type_name(other))),
    }
}

/// A `Value::Handle` holding `object`.
pub fn new_handle(object: OsObject) -> Value {
    Value::Handle(Arc::new(Handle::new(object)))
}

fn wrong_kind<T>(expected: &str) -> PyResult<T> {
    type_error(format!("expected a {expected} handle"))
}

/// The channel of handle `value`.
fn channel(value: &Value) -> PyResult<Arc<Channel>> {
    match object(value)? {
        OsObject::Channel(channel) => Ok(channel),
        _ => wrong_kind("channel"),
    }
}

/// The message pipe of handle `value`.
fn pipe(value: &Value) -> PyResult<Arc<MessagePipe>> {
    match object(value)? {
        OsObject::MessagePipe(pipe) => Ok(pipe),
        _ => wrong_kind("message pipe"),
    }
}

/// The child process of handle `value`.
fn child(value: &Value) -> PyResult<Arc<ChildProcess>> {
    match object(value)? {
        OsObject::Child(child) => Ok(child),
        _ => wrong_kind("child process"),
    }
}

/// The semaphore of handle `value`.
pub fn semaphore(value: &Value) -> PyResult<Arc<Semaphore>> {
    match object(value)? {
        OsObject::Semaphore(semaphore) => Ok(semaphore),
        _ => wrong_kind("semaphore"),
    }
}

/// The shared memory of handle `value`.
pub fn shared_memory(value: &Value) -> PyResult<Arc<SharedMemory>> {
    match object(value)? {
        OsObject::SharedMemory(memory) => Ok(memory),
        _ => wrong_kind("shared memory"),
    }
}

/// The `timeout` argument: `None` waits forever; a negative one is 0.
pub fn timeout_argument(value: Option<&Value>) -> PyResult<Option<Duration>> {
    match value {
        None | Some(Value::None) => Ok(None),
        Some(value) => {
            let seconds = crate::vm::as_f64(value)?;
            if seconds.is_nan() {
                return raise(
                    ExceptionKind::ValueError,
                    "Invalid value NaN (not a number)",
                );
            }
            Ok(Some(Duration::from_secs_f64(seconds.clamp(0.0, 1e9))))
        }
    }
}

/// Waits for `attempt` to answer, or for `timeout` to pass (`Ok(None)`).
/// `attempt(t)` is one wait of at most `t` (`Some(ZERO)`: only try).
///
/// It is tried first with the GIL held, since a try cannot block and what
/// is already there then costs no hand-over of the GIL. Then, without the
/// GIL: tries for `SPIN` (the answer is often that close, and catching it
/// awake spares a sleep and a wake-up), then waits. The main thread waits
/// in slices, and a Ctrl-C between two becomes `KeyboardInterrupt`. `io`
/// says whether this is I/O (for the GIL's statistics and its io-priority
/// policy) or a wait on another process.
pub fn blocking<T>(
    vm: &mut Vm,
    timeout: Option<Duration>,
    io: bool,
    mut attempt: impl FnMut(Option<Duration>) -> io::Result<Option<T>>,
) -> PyResult<Option<T>> {
    if let Some(answer) = attempt(Some(Duration::ZERO)).map_err(os_error)? {
        return Ok(Some(answer));
    }
    if timeout == Some(Duration::ZERO) {
        return Ok(None);
    }
    let deadline = timeout.map(|timeout| Instant::now() + timeout);
    let me = vm.thread_ident();
    let main = me == 1;
    let mut spin_first = timeout.is_none_or(|timeout| timeout > SPIN);
    loop {
        let remaining = deadline.map(|deadline| deadline.saturating_duration_since(Instant::now()));
        let slice = match (main, remaining) {
            (true, Some(remaining)) => Some(remaining.min(SLICE)),
            (true, None) => Some(SLICE),
            (false, remaining) => remaining,
        };
        let wait = || {
            if std::mem::take(&mut spin_first) {
                if let Some(answer) = spin(|| attempt(Some(Duration::ZERO)))? {
                    return Ok(Some(answer));
                }
            }
            attempt(slice)
        };
        let answer = if io {
            allow_threads(&mut vm.token, wait)
        } else {
            allow_threads_waiting(&mut vm.token, wait)
        };
        if let Some(answer) = answer.map_err(os_error)? {
            return Ok(Some(answer));
        }
        if main && signals::interrupted(me) {
            vm.keyboard_interrupt()?;
        }
        if remaining.is_some_and(|remaining| remaining <= slice.unwrap_or_default()) {
            return Ok(None);
        }
    }
}

/// How long a waiter keeps trying before it sleeps.
const SPIN: Duration = Duration::from_micros(50);

/// Tries `attempt` (a wait that cannot block) for up to `SPIN`: when the
/// other process streams messages, or answers at once, the next one is
/// usually that close, and a sleeping vCPU takes tens of microseconds to
/// wake here (the GIL's waiters spin for the same reason).
fn spin<T>(mut attempt: impl FnMut() -> io::Result<Option<T>>) -> io::Result<Option<T>> {
    let started = Instant::now();
    while started.elapsed() < SPIN {
        if let Some(answer) = attempt()? {
            return Ok(Some(answer));
        }
        std::hint::spin_loop();
    }
    Ok(None)
}

/// The timeout of a call with `block` and `timeout` arguments: a call that
/// does not block only tries.
pub fn block_timeout(block: bool, timeout: Option<&Value>) -> PyResult<Option<Duration>> {
    match block {
        true => timeout_argument(timeout),
        false => Ok(Some(Duration::ZERO)),
    }
}

/// `spawn(process)`: starts a child running `process._bootstrap()`.
fn spawn(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("spawn", 1, 1)?;
    let child = crate::runtime::process::spawn(vm, &args.positional[0])?;
    Ok(new_handle(OsObject::Child(Arc::new(child))))
}

/// `spawning()`: whether this thread is sending a Process to a new child
/// (the only time OS objects may be sent along).
fn spawning(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("spawning", 0, 0)?;
    Ok(Value::Bool(crate::runtime::process::spawning()))
}

/// `parent_pid()`: the pid of the process that started this one, or None.
fn parent_pid(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("parent_pid", 0, 0)?;
    Ok(match crate::runtime::process::parent_pid() {
        Some(pid) => Value::Int(pid as i64),
        None => Value::None,
    })
}

fn child_pid(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("child_pid", 1, 1)?;
    Ok(Value::Int(child(&args.positional[0])?.pid() as i64))
}

/// `child_wait(handle, timeout=None)`: the exit code once the child has
/// ended (reaped: no zombie), or None if it still runs after `timeout`.
fn child_wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("child_wait", 1, 2)?;
    let timeout = timeout_argument(args.positional.get(1))?;
    let child = child(&args.positional[0])?;
    let exit = blocking(vm, timeout, false, |slice| child.wait(slice))?;
    Ok(match exit {
        Some(exit) => Value::Int(exit.exitcode() as i64),
        None => Value::None,
    })
}

fn child_terminate(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("child_terminate", 1, 1)?;
    child(&args.positional[0])?.terminate().map_err(os_error)?;
    Ok(Value::None)
}

fn child_kill(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("child_kill", 1, 1)?;
    child(&args.positional[0])?.kill().map_err(os_error)?;
    Ok(Value::None)
}

/// `channel_pair()`: two connected ends; what one sends the other receives.
fn channel_pair(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("channel_pair", 0, 0)?;
    let (a, b) = channel::pair().map_err(os_error)?;
    Ok(Value::tuple(vec![
        new_handle(OsObject::Channel(Arc::new(a))),
        new_handle(OsObject::Channel(Arc::new(b))),
    ]))
}

/// `send(handle, obj)`: serializes `obj` and hands it to the kernel before
/// returning (nothing is buffered in this process, nothing lost at exit).
fn send(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("send", 2, 2)?;
    let channel = channel(&args.positional[0])?;
    let bytes = wire::encode(vm, &args.positional[1])?;
    send_message(vm, &channel, &bytes)
}

/// `message_pipe()`: the pipe a Queue's items go through.
fn message_pipe(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("message_pipe", 0, 0)?;
    let pipe = MessagePipe::new().map_err(os_error)?;
    Ok(new_handle(OsObject::MessagePipe(Arc::new(pipe))))
}

/// `queue_size(pipe)`: how many items wait in a Queue's pipe.
fn queue_size(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("queue_size", 1, 1)?;
    let waiting = pipe(&args.positional[0])?.len().map_err(os_error)?;
    Ok(Value::Int(waiting as i64))
}

/// `queue_put(pipe, channel, big_lock, obj)`: a Queue's put, in one call:
/// `obj` is written to the pipe as one frame, or, when it is too long for
/// one, sent through the channel with a marker frame in the pipe. The big
/// ones take `big_lock`, so that the markers are in the channel's order and
/// a producer's items come out in the order it put them.
fn queue_put(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("queue_put", 4, 4)?;
    let pipe = pipe(&args.positional[0])?;
    let channel = channel(&args.positional[1])?;
    let big_lock = semaphore(&args.positional[2])?;
    let bytes = wire::encode(vm, &args.positional[3])?;
    if bytes.len() <= MAX_MESSAGE {
        allow_threads(&mut vm.token, || pipe.write_message(&bytes)).map_err(os_error)?;
        return Ok(Value::None);
    }
    blocking(vm, None, false, |slice| {
        Ok(big_lock.acquire(slice)?.then_some(()))
    })?;
    let sent = allow_threads(&mut vm.token, || {
        channel.send(&bytes)?;
        pipe.write_marker()
    });
    big_lock.release().map_err(os_error)?;
    sent.map_err(os_error)?;
    Ok(Value::None)
}

/// `queue_get(pipe, channel, block, timeout)`: a Queue's get, in one call:
/// the next frame of the pipe (waiting up to `timeout` if `block`), or,
/// for a marker, the message it stands for from the channel. Raises
/// `TimeoutError` when there is none.
fn queue_get(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("queue_get", 4, 4)?;
    let pipe = pipe(&args.positional[0])?;
    let channel = channel(&args.positional[1])?;
    let block = vm.is_true(&args.positional[2])?;
    let timeout = block_timeout(block, args.positional.get(3))?;
    let message = blocking(vm, timeout, false, |slice| pipe.read(slice))?;
    let bytes = match message {
        None => return raise(ExceptionKind::TimeoutError, "timed out"),
        Some(Message::Bytes(bytes)) => bytes,
        Some(Message::InChannel) => {
            let received = allow_threads(&mut vm.token, || channel.recv(None)).map_err(os_error)?;
            match received {
                Received::Message(bytes) => bytes,
                _ => return Err(PyException::new(ExceptionKind::EOFError, "")),
            }
        }
    };
    wire_decode::decode(vm, &bytes)
}

/// `send_bytes(handle, data)`: one message of raw bytes.
fn send_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("send_bytes", 2, 2)?;
    let channel = channel(&args.positional[0])?;
    let Value::Bytes(data) = &args.positional[1] else {
        let name = type_name(&args.positional[1]);
        return type_error(format!("a bytes-like object is required, not '{name}'"));
    };
    let data = data.clone();
    send_message(vm, &channel, data.as_bytes())
}

fn send_message(vm: &mut Vm, channel: &Channel, bytes: &[u8]) -> PyResult<Value> {
    allow_threads(&mut vm.token, || channel.send(bytes)).map_err(os_error)?;
    Ok(Value::None)
}

/// Waits for one message: its bytes; `EOFError` once every peer end is
/// closed, `TimeoutError` when `timeout` passes first.
fn receive(vm: &mut Vm, handle: &Value, timeout: Option<&Value>) -> PyResult<Vec<u8>> {
    let timeout = timeout_argument(timeout)?;
    let channel = channel(handle)?;
    let received = blocking(vm, timeout, true, |slice| {
        Ok(Some(channel.recv(slice)?).filter(|received| *received != Received::TimedOut))
    })?;
    match received {
        Some(Received::Message(bytes)) => Ok(bytes),
        Some(_) => Err(PyException::new(ExceptionKind::EOFError, "")),
        None => raise(ExceptionKind::TimeoutError, "timed out"),
    }
}

/// `recv(handle, timeout=None)`: the next object sent.
fn recv(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("recv", 1, 2)?;
    let bytes = receive(vm, &args.positional[0], args.positional.get(1))?;
    wire_decode::decode(vm, &bytes)
}

/// `recv_bytes(handle, timeout=None)`: the next message, as bytes.
fn recv_bytes(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("recv_bytes", 1, 2)?;
    let bytes = receive(vm, &args.positional[0], args.positional.get(1))?;
    Ok(crate::objects::bytes::new_value(bytes))
}

/// `poll(handle, timeout=0)`: whether a message (or end-of-file) waits.
fn poll(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("poll", 1, 2)?;
    let timeout = match args.positional.get(1) {
        None => Some(Duration::ZERO),
        timeout => timeout_argument(timeout)?,
    };
    let channel = channel(&args.positional[0])?;
    let ready = blocking(vm, timeout, true, |slice| {
        Ok(channel.poll(slice)?.then_some(()))
    })?;
    Ok(Value::Bool(ready.is_some()))
}

/// `wait(handles, timeout=None)`: the indices of the handles that are
/// ready: channels with a message or end-of-file, children that ended
/// (`multiprocessing.connection.wait`). Empty on timeout.
fn wait(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("wait", 1, 2)?;
    let timeout = timeout_argument(args.positional.get(1))?;
    let handles = vm.collect(&args.positional[0])?;
    let objects = handles.iter().map(object).collect::<PyResult<Vec<_>>>()?;
    let ready = blocking(vm, timeout, false, |slice| {
        let fds: Vec<_> = objects.iter().map(|object| readiness_fd(object)).collect();
        let ready = channel::wait_readable(&fds, slice)?;
        Ok((!ready.is_empty()).then_some(ready))
    })?;
    let indices = ready
        .unwrap_or_default()
        .into_iter()
        .map(|index| Value::Int(index as i64));
    Ok(Value::list(indices.collect()))
}

/// The descriptor that becomes readable when `object` is ready.
fn readiness_fd(object: &OsObject) -> std::os::fd::BorrowedFd<'_> {
    match object {
        OsObject::Channel(channel) => channel.as_fd(),
        OsObject::MessagePipe(pipe) => pipe.fds().0,
        OsObject::Child(child) => child.sentinel(),
        OsObject::Semaphore(semaphore) => semaphore.fds().0,
        OsObject::SharedMemory(memory) => memory.as_fd(),
    }
}

/// `close(handle)`: closes it here (the peer sees end-of-file once no
/// other process holds it either).
fn close(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("close", 1, 1)?;
    if let Value::Handle(handle) = &args.positional[0] {
        handle.close();
    }
    Ok(Value::None)
}

/// `closed(handle)`: whether `close` was called.
fn closed(_vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("closed", 1, 1)?;
    match &args.positional[0] {
        Value::Handle(handle) => Ok(Value::Bool(handle.object().is_none())),
        other => type_error(format!("expected a handle, not {}", type_name(other))),
    }
}

/// `dumps(obj)`: the bytes `send` would send.
fn dumps(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("dumps", 1, 1)?;
    Ok(crate::objects::bytes::new_value(wire::encode(
        vm,
        &args.positional[0],
    )?))
}

/// `loads(data)`: the object `dumps` made `data` from.
fn loads(vm: &mut Vm, args: Args) -> PyResult<Value> {
    args.expect("loads", 1, 1)?;
    let Value::Bytes(data) = &args.positional[0] else {
        return type_error("a bytes-like object is required");
    };
    let data = data.clone();
    wire_decode::decode(vm, data.as_bytes())
}
