//! A pipe of fixed-size frames: the road a Queue's small items take.
//!
//! Notes about the implementation
//! ------------------------------
//! * Every message is one frame of `FRAME` bytes: a 2-byte length, the
//!   message, zeros. A write of at most `PIPE_BUF` (4096) bytes to a pipe is
//!   atomic (POSIX), and Linux reads a pipe under its lock, so a read of
//!   `FRAME` bytes takes one whole frame: any number of processes may put
//!   and get at once, with no lock of ours and one syscall each.
//! * The frames waiting are the pipe's unread bytes over `FRAME`: that is a
//!   Queue's `qsize()`, exact, with no counter to keep.
//! * A message longer than `MAX_MESSAGE` takes the Queue's other road, its
//!   message socket (`channel.rs`), and leaves a marker frame here in its
//!   place: whoever reads the marker receives the next message there.
//!   Messages of one producer stay in order; between producers there is no
//!   order to keep.
//! * A pipe write costs a third of a unix socket's `sendmsg` (no socket
//!   buffer to allocate and account): what lets a Queue move small items
//!   faster than CPython's pickling feeder thread.
//! * Both ends are non-blocking. A full pipe (grown to 1 MiB, 2048 frames,
//!   where the system allows) makes a writer wait until a reader made room.

use super::channel::{deadline_after, remaining, wait_readable};
use rustix::event::{PollFd, PollFlags};
use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::io::Errno;
use rustix::pipe::PipeFlags;
use std::io;
use std::time::Duration;

/// The bytes of one frame (a divisor of `PIPE_BUF`, so writes stay atomic).
pub const FRAME: usize = 512;

/// The bytes of a frame's length field.
const LENGTH: usize = 2;

/// The longest message a frame holds.
pub const MAX_MESSAGE: usize = FRAME - LENGTH;

/// The length that marks "this message went through the channel".
const MARKER: u16 = u16::MAX;

/// The size a pipe is grown to when the system allows it.
const PIPE_SIZE: usize = 1024 * 1024;

/// What a frame carried.
#[derive(Debug, PartialEq, Eq)]
pub enum Message {
    Bytes(Vec<u8>),
    /// The message was sent through the Queue's channel.
    InChannel,
}

/// A pipe carrying one message per frame.
#[derive(Debug)]
pub struct MessagePipe {
    read: OwnedFd,
    write: OwnedFd,
}

impl MessagePipe {
    /// A new, empty pipe.
    pub fn new() -> io::Result<MessagePipe> {
        let (read, write) = rustix::pipe::pipe_with(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK)?;
        // More room lets a producer run further ahead; refused is fine.
        let _ = rustix::pipe::fcntl_setpipe_size(&write, PIPE_SIZE);
        Ok(MessagePipe { read, write })
    }

    /// Writes `message` (at most `MAX_MESSAGE` bytes) as one frame,
    /// waiting for room when the pipe is full.
    pub fn write_message(&self, message: &[u8]) -> io::Result<()> {
        if message.len() > MAX_MESSAGE {
            let error = "message too long for a frame";
            return Err(io::Error::new(io::ErrorKind::InvalidInput, error));
        }
        self.write_frame(message.len() as u16, message)
    }

    /// Writes the marker of a message sent through the channel.
    pub fn write_marker(&self) -> io::Result<()> {
        self.write_frame(MARKER, &[])
    }

    fn write_frame(&self, length: u16, message: &[u8]) -> io::Result<()> {
        let mut frame = [0u8; FRAME];
        frame[..LENGTH].copy_from_slice(&length.to_le_bytes());
        frame[LENGTH..LENGTH + message.len()].copy_from_slice(message);
        loop {
            match rustix::io::write(&self.write, &frame) {
                // At most PIPE_BUF bytes: all of them are written, or none.
                Ok(_) => return Ok(()),
                Err(Errno::INTR) => continue,
                Err(Errno::AGAIN) => self.wait_for_room()?,
                Err(error) => return Err(error.into()),
            }
        }
    }

    fn wait_for_room(&self) -> io::Result<()> {
        let mut fds = [PollFd::new(&self.write, PollFlags::OUT)];
        match rustix::event::poll(&mut fds, None) {
            Ok(_) | Err(Errno::INTR) => Ok(()),
            Err(error) => Err(error.into()),
        }
    }

    /// The next frame, if one is waiting (never blocks).
    pub fn try_read(&self) -> io::Result<Option<Message>> {
        let mut frame = [0u8; FRAME];
        loop {
            return match rustix::io::read(&self.read, &mut frame) {
                Ok(FRAME) => decode_frame(&frame).map(Some),
                Ok(0) => Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "a Queue's pipe closed",
                )),
                Ok(_) => Err(io::Error::new(io::ErrorKind::InvalidData, "a short frame")),
                Err(Errno::INTR) => continue,
                Err(Errno::AGAIN) => Ok(None),
                Err(error) => Err(error.into()),
            };
        }
    }

    /// The next frame, waiting up to `timeout` (`None`: forever); `None`
    /// when the time ran out.
    pub fn read(&self, timeout: Option<Duration>) -> io::Result<Option<Message>> {
        let deadline = deadline_after(timeout);
        loop {
            if let Some(message) = self.try_read()? {
                return Ok(Some(message));
            }
            let wait = deadline.map(remaining);
            if wait.is_some_and(|wait| wait.is_zero()) {
                return Ok(None);
            }
            // Another reader may take the frame first: then try again.
            if wait_readable(&[self.read.as_fd()], wait)?.is_empty() {
                return Ok(None);
            }
        }
    }

    /// How many frames wait to be read.
    pub fn len(&self) -> io::Result<usize> {
        let bytes = rustix::io::ioctl_fionread(&self.read)?;
        Ok(usize::try_from(bytes).unwrap_or(usize::MAX) / FRAME)
    }

    /// Whether no frame waits.
    pub fn is_empty(&self) -> io::Result<bool> {
        Ok(self.len()? == 0)
    }

    /// The read and write ends, for a child process to inherit.
    pub fn fds(&self) -> (BorrowedFd<'_>, BorrowedFd<'_>) {
        (self.read.as_fd(), self.write.as_fd())
    }

    /// Takes over an inherited pipe's ends.
    pub fn from_fds(read: OwnedFd, write: OwnedFd) -> MessagePipe {
        MessagePipe { read, write }
    }
}

/// The message in a frame.
fn decode_frame(frame: &[u8; FRAME]) -> io::Result<Message> {
    let length = u16::from_le_bytes([frame[0], frame[1]]);
    if length == MARKER {
        return Ok(Message::InChannel);
    }
    let length = length as usize;
    if length > MAX_MESSAGE {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            "a bad frame length",
        ));
    }
    Ok(Message::Bytes(frame[LENGTH..LENGTH + length].to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn frames_come_out_in_order_and_are_counted() -> io::Result<()> {
        let pipe = MessagePipe::new()?;
        assert!(pipe.is_empty()?);
        pipe.write_message(b"one")?;
        pipe.write_marker()?;
        pipe.write_message(b"")?;
        pipe.write_message(&[7u8; MAX_MESSAGE])?;
        assert_eq!(pipe.len()?, 4);
        assert_eq!(pipe.read(None)?, Some(Message::Bytes(b"one".to_vec())));
        assert_eq!(pipe.try_read()?, Some(Message::InChannel));
        assert_eq!(pipe.try_read()?, Some(Message::Bytes(Vec::new())));
        assert_eq!(
            pipe.try_read()?,
            Some(Message::Bytes(vec![7u8; MAX_MESSAGE]))
        );
        assert_eq!(pipe.try_read()?, None);
        assert_eq!(pipe.read(Some(Duration::from_millis(20)))?, None);
        let error = pipe
            .write_message(&[0u8; MAX_MESSAGE + 1])
            .expect_err("too long");
        assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        Ok(())
    }

    #[test]
    fn many_writers_and_readers_never_split_a_frame() -> io::Result<()> {
        let pipe = Arc::new(MessagePipe::new()?);
        let writers: Vec<_> = (0..4u8)
            .map(|writer| {
                let pipe = Arc::clone(&pipe);
                thread::spawn(move || -> io::Result<()> {
                    for _ in 0..5_000 {
                        pipe.write_message(&[writer; 300])?;
                    }
                    Ok(())
                })
            })
            .collect();
        let readers: Vec<_> = (0..2)
            .map(|_| {
                let pipe = Arc::clone(&pipe);
                thread::spawn(move || -> io::Result<[usize; 4]> {
                    let mut counts = [0usize; 4];
                    for _ in 0..10_000 {
                        let Some(Message::Bytes(bytes)) = pipe.read(None)? else {
                            return Err(io::Error::other("no marker was written"));
                        };
                        if bytes.len() != 300 || bytes.iter().any(|&b| b != bytes[0]) {
                            return Err(io::Error::other("a frame was split or mixed"));
                        }
                        counts[bytes[0] as usize] += 1;
                    }
                    Ok(counts)
                })
            })
            .collect();
        for writer in writers {
            writer.join().expect("writer thread")?;
        }
        let mut totals = [0usize; 4];
        for reader in readers {
            let counts = reader.join().expect("reader thread")?;
            for (total, count) in totals.iter_mut().zip(counts) {
                *total += count;
            }
        }
        assert_eq!(totals, [5_000; 4]);
        Ok(())
    }
}
