//! OS objects a script holds through `multiprocessing`: a message channel
//! (a Connection's socket), a Queue's pipe, a semaphore, shared memory, a
//! child process. Each is one `Value::Handle`; the pyl classes of
//! `multiprocessing` wrap them, and `modules/process.rs` works them.
//!
//! A handle can be closed while other references to it remain (a
//! Connection closed while the Process that was started with it still
//! holds it): the OS object is dropped from the handle, and is freed once
//! a blocking call that still uses it returns.
//!
//! All but the child process may be sent to a child being started: their
//! file descriptors are inherited (`runtime/process.rs`).

use crate::runtime::channel::Channel;
use crate::runtime::child::ChildProcess;
use crate::runtime::message_pipe::MessagePipe;
use crate::runtime::semaphore::Semaphore;
use crate::runtime::shared_memory::SharedMemory;
use parking_lot::Mutex;
use serde::{Deserialize, Serialize};
use std::io;
use std::os::fd::OwnedFd;
use std::sync::Arc;

/// One OS object, until it is closed.
pub struct Handle {
    kind: &'static str,
    object: Mutex<Option<OsObject>>,
}

/// What a handle holds (shared, so a blocking call can use it without
/// holding the handle's lock).
#[derive(Clone)]
pub enum OsObject {
    /// One end of a message socket.
    Channel(Arc<Channel>),
    /// A pipe of small messages (a Queue's items).
    MessagePipe(Arc<MessagePipe>),
    /// A counting semaphore the kernel holds (`SemLock`'s state).
    Semaphore(Arc<Semaphore>),
    /// Memory for `Value` and `Array`.
    SharedMemory(Arc<SharedMemory>),
    /// A child process this one started.
    Child(Arc<ChildProcess>),
}

/// Which kind of object a child inherited, so that it can rebuild it.
#[derive(Serialize, Deserialize, Debug, Clone, Copy)]
pub enum HandleKind {
    Channel,
    MessagePipe,
    Semaphore,
    SharedMemory,
}

impl Handle {
    /// A handle holding `object`.
    pub fn new(object: OsObject) -> Handle {
        let kind = match &object {
            OsObject::Channel(_) => "Connection",
            OsObject::MessagePipe(_) => "MessagePipe",
            OsObject::Semaphore(_) => "SemLock",
            OsObject::SharedMemory(_) => "SharedMemory",
            OsObject::Child(_) => "Popen",
        };
        Handle {
            kind,
            object: Mutex::new(Some(object)),
        }
    }

    /// The type name scripts see (`repr`, error messages).
    pub fn type_name(&self) -> &'static str {
        self.kind
    }

    /// The object, unless the handle was closed.
    pub fn object(&self) -> Option<OsObject> {
        self.object.lock().clone()
    }

    /// Drops the object (its descriptors close when the last user is done).
    pub fn close(&self) {
        self.object.lock().take();
    }

    /// Duplicates of the descriptors a child must inherit to have this
    /// object too, and its kind; `None` for what cannot be handed on (a
    /// child process, a closed handle).
    pub fn inheritable(&self) -> io::Result<Option<(HandleKind, Vec<OwnedFd>)>> {
        let Some(object) = self.object() else {
            return Ok(None);
        };
        Ok(Some(match &object {
            OsObject::Channel(channel) => (
                HandleKind::Channel,
                vec![channel.as_fd().try_clone_to_owned()?],
            ),
            OsObject::MessagePipe(pipe) => {
                let (read, write) = pipe.fds();
                let fds = vec![read.try_clone_to_owned()?, write.try_clone_to_owned()?];
                (HandleKind::MessagePipe, fds)
            }
            OsObject::Semaphore(semaphore) => {
                let (read, write) = semaphore.fds();
                let fds = vec![read.try_clone_to_owned()?, write.try_clone_to_owned()?];
                (HandleKind::Semaphore, fds)
            }
            OsObject::SharedMemory(memory) => (
                HandleKind::SharedMemory,
                vec![memory.as_fd().try_clone_to_owned()?],
            ),
            OsObject::Child(_) => return Ok(None),
        }))
    }

    /// The object again, in the child, from the descriptors it inherited.
    pub fn from_inherited(kind: HandleKind, fds: Vec<OwnedFd>) -> io::Result<Handle> {
        let mut fds = fds.into_iter();
        let mut next = || {
            fds.next()
                .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "missing descriptor"))
        };
        let object = match kind {
            HandleKind::Channel => OsObject::Channel(Arc::new(Channel::from_fd(next()?))),
            HandleKind::MessagePipe => {
                let read = next()?;
                OsObject::MessagePipe(Arc::new(MessagePipe::from_fds(read, next()?)))
            }
            HandleKind::Semaphore => {
                let read = next()?;
                OsObject::Semaphore(Arc::new(Semaphore::from_fds(read, next()?)))
            }
            HandleKind::SharedMemory => {
                OsObject::SharedMemory(Arc::new(SharedMemory::from_fd(next()?)?))
            }
        };
        Ok(Handle::new(object))
    }
}

crate::objects::opaque_debug!(Handle, "handle");
