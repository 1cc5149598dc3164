//! A message channel that many processes share: the pipe beneath pyl's
//! `multiprocessing.Queue` and `Pipe`. Bytes in, the same bytes out; what
//! the bytes mean (the wire format of Python values) is another file's job.
//!
//! Notes about the implementation
//! ------------------------------
//! * CPython's Queue is a pipe plus a lock on each end, because a pipe is a
//!   byte stream and two writers could interleave. pyl's channel is an
//!   `AF_UNIX` `SOCK_SEQPACKET` socketpair instead: the kernel keeps each
//!   `send` as one datagram that exactly one `recv` takes whole, so any
//!   number of processes can send on one end and receive on the other with
//!   no lock at all.
//! * A datagram must fit in the socket's send buffer, so `pair` raises
//!   SO_SNDBUF/SO_RCVBUF as far as the system allows, and a message longer
//!   than `INLINE_LIMIT` goes through a `memfd`: the sender writes the bytes
//!   there and sends a small header datagram carrying the memfd with
//!   SCM_RIGHTS; the receiver reads the bytes back. The header is still one
//!   datagram, so big messages stay atomic too. The kernel lets a user
//!   without CAP_SYS_RESOURCE have only RLIMIT_NOFILE descriptors in flight
//!   (ETOOMANYREFS); a send past that waits and tries again, as it waits
//!   when the socket buffer is full.
//! * Every datagram starts with a one-byte tag (`TAG_INLINE`, `TAG_MEMFD`),
//!   so none is empty: a `recv` that returns 0 bytes means every peer end is
//!   closed (`Received::Closed`), never an empty message.
//! * Several receivers may wait on one end. A receive with no timeout simply
//!   blocks in `recvmsg`; with a timeout it polls, then receives with
//!   MSG_DONTWAIT, and polls again if another receiver took the message
//!   first, until the deadline.
//! * Sends use MSG_NOSIGNAL: a peer that is gone is an EPIPE error for the
//!   caller to raise, not a SIGPIPE that kills the process.

use rustix::event::{PollFd, PollFlags, Timespec};
use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::io::{Errno, IoSlice, IoSliceMut};
use rustix::net::{
    AddressFamily, RecvAncillaryBuffer, RecvAncillaryMessage, RecvFlags, ReturnFlags,
    SendAncillaryBuffer, SendAncillaryMessage, SendFlags, SocketFlags, SocketType,
};
use std::cell::RefCell;
use std::fs::File;
use std::io::{self, Write};
use std::mem::MaybeUninit;
use std::os::unix::fs::FileExt;
use std::time::{Duration, Instant};

/// Messages longer than this travel in a memfd rather than in the datagram.
pub const INLINE_LIMIT: usize = 64 * 1024;

/// What the socket buffers are raised towards (the kernel caps it at
/// `net.core.wmem_max` / `rmem_max`).
const SOCKET_BUFFER_SIZE: usize = 4 * 1024 * 1024;

/// How long a send waits before it tries again to pass a memfd when the
/// kernel has too many in flight.
const IN_FLIGHT_RETRY: Duration = Duration::from_millis(1);

/// Tag of a datagram whose bytes after the tag are the message.
const TAG_INLINE: u8 = 0;

/// Tag of a datagram carrying a memfd; the 8 bytes after the tag are the
/// message's length, little-endian.
const TAG_MEMFD: u8 = 1;

/// Length of a memfd header datagram: the tag and the message's length.
const MEMFD_HEADER_LEN: usize = 1 + 8;

thread_local! {
    /// Each thread's receive buffer, big enough for any inline datagram; kept
    /// so a small message does not cost a fresh 64 KiB allocation.
    static RECEIVE_BUFFER: RefCell<Vec<u8>> = RefCell::new(vec![0; INLINE_LIMIT + 1]);
}

/// One end of a message channel.
#[derive(Debug)]
pub struct Channel {
    socket: OwnedFd,
}

/// What one `recv` got.
#[derive(Debug, PartialEq, Eq)]
pub enum Received {
    /// One whole message.
    Message(Vec<u8>),
    /// Every peer end is closed and no message is left.
    Closed,
    /// The timeout passed with no message.
    TimedOut,
}

/// Makes a connected pair of channel ends (blocking, close-on-exec): what
/// one sends, the other receives.
pub fn pair() -> io::Result<(Channel, Channel)> {
    let (first, second) = rustix::net::socketpair(
        AddressFamily::UNIX,
        SocketType::SEQPACKET,
        SocketFlags::CLOEXEC,
        None,
    )?;
    for socket in [&first, &second] {
        raise_buffer_sizes(socket)?;
    }
    Ok((Channel { socket: first }, Channel { socket: second }))
}

/// Raises a socket's send and receive buffers as far as the system allows,
/// so that inline datagrams up to `INLINE_LIMIT` always fit.
fn raise_buffer_sizes(socket: &OwnedFd) -> io::Result<()> {
    rustix::net::sockopt::set_socket_send_buffer_size(socket, SOCKET_BUFFER_SIZE)?;
    rustix::net::sockopt::set_socket_recv_buffer_size(socket, SOCKET_BUFFER_SIZE)?;
    Ok(())
}

impl Channel {
    /// Sends one message; returns once the kernel holds all of it.
    pub fn send(&self, message: &[u8]) -> io::Result<()> {
        if message.len() > INLINE_LIMIT {
            return self.send_through_memfd(message);
        }
        let parts = [IoSlice::new(&[TAG_INLINE]), IoSlice::new(message)];
        match self.send_datagram(&parts, &[]) {
            // A system whose socket buffers are smaller than INLINE_LIMIT
            // allows still gets the message, by the other road.
            Err(error) if error.raw_os_error() == Some(Errno::MSGSIZE.raw_os_error()) => {
                self.send_through_memfd(message)
            }
            other => other,
        }
    }

    /// Writes the message into a fresh memfd and sends a header datagram
    /// carrying that memfd.
    fn send_through_memfd(&self, message: &[u8]) -> io::Result<()> {
        let memfd = rustix::fs::memfd_create("pyl-channel", rustix::fs::MemfdFlags::CLOEXEC)?;
        let mut file = File::from(memfd);
        file.write_all(message)?;
        let mut header = [0u8; MEMFD_HEADER_LEN];
        header[0] = TAG_MEMFD;
        header[1..].copy_from_slice(&(message.len() as u64).to_le_bytes());
        self.send_datagram(&[IoSlice::new(&header)], &[file.as_fd()])
    }

    /// One `sendmsg` of a whole datagram with `fds` attached, retried on
    /// EINTR.
    fn send_datagram(&self, parts: &[IoSlice<'_>], fds: &[BorrowedFd<'_>]) -> io::Result<()> {
        let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(1))];
        let mut control = SendAncillaryBuffer::new(&mut space);
        if !fds.is_empty() && !control.push(SendAncillaryMessage::ScmRights(fds)) {
            return Err(io::Error::other(
                "too many descriptors for one channel message",
            ));
        }
        loop {
            match rustix::net::sendmsg(&self.socket, parts, &mut control, SendFlags::NOSIGNAL) {
                Ok(_) => return Ok(()),
                Err(Errno::INTR) => continue,
                // Too many memfds in flight: wait for the receivers to take
                // some, as a send waits when the socket buffer is full.
                Err(Errno::TOOMANYREFS) => std::thread::sleep(IN_FLIGHT_RETRY),
                Err(error) => return Err(error.into()),
            }
        }
    }

    /// Receives one message: waits forever with `None`, only looks with
    /// `Some(Duration::ZERO)`.
    pub fn recv(&self, timeout: Option<Duration>) -> io::Result<Received> {
        let deadline = deadline_after(timeout);
        let flags = if deadline.is_some() {
            RecvFlags::DONTWAIT
        } else {
            RecvFlags::empty()
        };
        loop {
            // Try first: when messages stream in, one is usually waiting,
            // and a poll before every recvmsg would double the syscalls.
            match self.receive_datagram(flags) {
                // Nothing yet; or another receiver took the message we were
                // woken for; or the descriptor came to us non-blocking.
                Err(error) if error.kind() == io::ErrorKind::WouldBlock => match deadline {
                    Some(deadline) => {
                        if !self.poll(Some(remaining(deadline)))? {
                            return Ok(Received::TimedOut);
                        }
                    }
                    None => {
                        self.poll(None)?;
                    }
                },
                other => return other,
            }
        }
    }

    /// One `recvmsg`, retried on EINTR, decoded into what it carried.
    fn receive_datagram(&self, flags: RecvFlags) -> io::Result<Received> {
        RECEIVE_BUFFER.with(|buffer| {
            let mut buffer = buffer.borrow_mut();
            let mut space = [MaybeUninit::uninit(); rustix::cmsg_space!(ScmRights(4))];
            let mut control = RecvAncillaryBuffer::new(&mut space);
            let received = loop {
                let mut parts = [IoSliceMut::new(&mut buffer[..])];
                let flags = flags | RecvFlags::CMSG_CLOEXEC;
                match rustix::net::recvmsg(&self.socket, &mut parts, &mut control, flags) {
                    Err(Errno::INTR) => continue,
                    result => break result?,
                }
            };
            let fds = received_fds(&mut control);
            if received.bytes == 0 {
                return Ok(Received::Closed);
            }
            if received.flags.contains(ReturnFlags::TRUNC) {
                return Err(invalid_data("a channel datagram longer than any pyl sends"));
            }
            decode(&buffer[..received.bytes], fds).map(Received::Message)
        })
    }

    /// True when a message, or end-of-file, is waiting to be received.
    pub fn poll(&self, timeout: Option<Duration>) -> io::Result<bool> {
        Ok(!wait_readable(&[self.socket.as_fd()], timeout)?.is_empty())
    }

    /// Another handle on the same end (a `dup`), e.g. for another thread.
    pub fn try_clone(&self) -> io::Result<Channel> {
        let socket = self.socket.try_clone()?;
        Ok(Channel { socket })
    }

    /// The socket's descriptor, for a child process to inherit.
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        self.socket.as_fd()
    }

    /// Takes over an inherited descriptor of one end.
    pub fn from_fd(fd: OwnedFd) -> Channel {
        Channel { socket: fd }
    }
}

/// The descriptors that came with a datagram (any it did not expect are
/// closed when the caller drops them).
fn received_fds(control: &mut RecvAncillaryBuffer<'_>) -> Vec<OwnedFd> {
    let mut fds = Vec::new();
    for message in control.drain() {
        if let RecvAncillaryMessage::ScmRights(rights) = message {
            fds.extend(rights);
        }
    }
    fds
}

/// The message a datagram carries, read from its memfd if it has one.
fn decode(datagram: &[u8], fds: Vec<OwnedFd>) -> io::Result<Vec<u8>> {
    match datagram.split_first() {
        Some((&TAG_INLINE, message)) => Ok(message.to_vec()),
        Some((&TAG_MEMFD, length)) => {
            let length: [u8; 8] = length
                .try_into()
                .map_err(|_| invalid_data("a channel memfd header of the wrong length"))?;
            let memfd = fds
                .into_iter()
                .next()
                .ok_or_else(|| invalid_data("a channel memfd header without its memfd"))?;
            read_memfd(memfd, u64::from_le_bytes(length))
        }
        _ => Err(invalid_data("a channel datagram with an unknown tag")),
    }
}

/// Reads a message of `length` bytes from the start of a memfd.
fn read_memfd(memfd: OwnedFd, length: u64) -> io::Result<Vec<u8>> {
    let file = File::from(memfd);
    if file.metadata()?.len() < length {
        return Err(invalid_data("a channel memfd shorter than its header says"));
    }
    let length = usize::try_from(length)
        .map_err(|_| invalid_data("a channel message longer than memory"))?;
    let mut message = vec![0; length];
    // The sender's writes moved the offset it shares with us, so read at 0.
    file.read_exact_at(&mut message, 0)?;
    Ok(message)
}

/// An `io::Error` of kind InvalidData.
fn invalid_data(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message)
}

/// When a wait of `timeout` that starts now ends (`None`: never, also for a
/// timeout too long to represent).
pub fn deadline_after(timeout: Option<Duration>) -> Option<Instant> {
    timeout.and_then(|timeout| Instant::now().checked_add(timeout))
}

/// The time left until `deadline`, zero once it has passed.
pub fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}

/// Waits until one of `fds` is readable (or hung up): the indices of the
/// ready ones; empty on timeout. EINTR is retried with the time left.
pub fn wait_readable(fds: &[BorrowedFd<'_>], timeout: Option<Duration>) -> io::Result<Vec<usize>> {
    let deadline = deadline_after(timeout);
    let mut polled: Vec<PollFd<'_>> = fds
        .iter()
        .map(|fd| PollFd::from_borrowed_fd(*fd, PollFlags::IN))
        .collect();
    loop {
        // A timeout too long for a timespec is as good as none.
        let timespec = deadline.and_then(|deadline| Timespec::try_from(remaining(deadline)).ok());
        match rustix::event::poll(&mut polled, timespec.as_ref()) {
            Ok(_) => break,
            Err(Errno::INTR) => continue,
            Err(error) => return Err(error.into()),
        }
    }
    // HUP, ERR and NVAL count as ready: the read that follows reports them.
    let ready = PollFlags::IN | PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL;
    let indices = polled
        .iter()
        .enumerate()
        .filter(|(_, fd)| fd.revents().intersects(ready));
    Ok(indices.map(|(index, _)| index).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::sync::Arc;
    use std::thread;

    fn expect_message(channel: &Channel, timeout: Option<Duration>) -> Vec<u8> {
        match channel.recv(timeout) {
            Ok(Received::Message(message)) => message,
            other => panic!("expected a message, got {other:?}"),
        }
    }

    #[test]
    fn a_message_arrives_whole() -> io::Result<()> {
        let (sender, receiver) = pair()?;
        sender.send(b"hello")?;
        sender.send(b"")?;
        assert_eq!(expect_message(&receiver, None), b"hello");
        assert_eq!(expect_message(&receiver, Some(Duration::ZERO)), b"");
        Ok(())
    }

    #[test]
    fn big_messages_travel_through_a_memfd() -> io::Result<()> {
        let (sender, receiver) = pair()?;
        for size in [INLINE_LIMIT, INLINE_LIMIT + 1, 1 << 20, 10 << 20] {
            let message: Vec<u8> = (0..size).map(|i| (i % 251) as u8).collect();
            sender.send(&message)?;
            assert_eq!(
                expect_message(&receiver, Some(Duration::from_secs(10))),
                message
            );
        }
        Ok(())
    }

    #[test]
    fn many_senders_and_receivers_deliver_each_message_once() -> io::Result<()> {
        const SENDERS: u32 = 4;
        const EACH: u32 = 10_000;
        let (sender, receiver) = pair()?;
        let sender = Arc::new(sender);
        let senders: Vec<_> = (0..SENDERS)
            .map(|id| {
                let sender = Arc::clone(&sender);
                thread::spawn(move || -> io::Result<()> {
                    for n in 0..EACH {
                        sender.send(&(id * EACH + n).to_le_bytes())?;
                    }
                    Ok(())
                })
            })
            .collect();
        let receivers: Vec<_> = (0..2)
            .map(|index| {
                let receiver = receiver.try_clone()?;
                Ok(thread::spawn(move || -> io::Result<Vec<u32>> {
                    let mut got = Vec::new();
                    // One receiver waits forever, the other with timeouts.
                    let timeout = (index == 1).then(|| Duration::from_millis(5));
                    loop {
                        match receiver.recv(timeout)? {
                            Received::Message(m) => got.push(u32::from_le_bytes(
                                m[..].try_into().map_err(|_| invalid_data("size"))?,
                            )),
                            Received::Closed => return Ok(got),
                            Received::TimedOut => continue,
                        }
                    }
                }))
            })
            .collect::<io::Result<_>>()?;
        drop(receiver);
        for handle in senders {
            handle.join().expect("sender thread")?;
        }
        drop(sender);
        let mut seen = HashSet::new();
        for handle in receivers {
            for n in handle.join().expect("receiver thread")? {
                assert!(seen.insert(n), "{n} delivered twice");
            }
        }
        assert_eq!(seen.len(), (SENDERS * EACH) as usize);
        Ok(())
    }

    #[test]
    fn more_big_messages_in_flight_than_descriptors_a_process_may_open() -> io::Result<()> {
        // Past RLIMIT_NOFILE (unless root) the kernel refuses more memfds in
        // flight; the sender must wait for the receiver, not fail.
        let (sender, receiver) = pair()?;
        let consumer = thread::spawn(move || -> io::Result<usize> {
            thread::sleep(Duration::from_millis(100));
            let mut count = 0;
            while let Received::Message(message) = receiver.recv(None)? {
                assert_eq!(message.len(), INLINE_LIMIT + 1);
                count += 1;
            }
            Ok(count)
        });
        for _ in 0..2000 {
            sender.send(&[1; INLINE_LIMIT + 1])?;
        }
        drop(sender);
        assert_eq!(consumer.join().expect("consumer thread")?, 2000);
        Ok(())
    }

    #[test]
    fn recv_times_out_when_nothing_comes() -> io::Result<()> {
        let (_sender, receiver) = pair()?;
        let start = Instant::now();
        assert_eq!(
            receiver.recv(Some(Duration::from_millis(50)))?,
            Received::TimedOut
        );
        assert!(start.elapsed() >= Duration::from_millis(50));
        assert_eq!(receiver.recv(Some(Duration::ZERO))?, Received::TimedOut);
        assert!(!receiver.poll(Some(Duration::ZERO))?);
        Ok(())
    }

    #[test]
    fn closed_comes_after_the_messages_sent_before_the_drop() -> io::Result<()> {
        let (sender, receiver) = pair()?;
        let clone = sender.try_clone()?;
        sender.send(b"one")?;
        clone.send(&vec![7; 1 << 20])?;
        drop(sender);
        assert_eq!(expect_message(&receiver, None), b"one");
        drop(clone);
        assert_eq!(expect_message(&receiver, None), vec![7; 1 << 20]);
        assert_eq!(receiver.recv(None)?, Received::Closed);
        assert_eq!(receiver.recv(Some(Duration::ZERO))?, Received::Closed);
        Ok(())
    }

    #[test]
    fn send_to_a_closed_peer_is_an_error_not_a_signal() -> io::Result<()> {
        let (sender, receiver) = pair()?;
        drop(receiver);
        let error = sender.send(b"lost").expect_err("the peer is gone");
        assert_eq!(error.kind(), io::ErrorKind::BrokenPipe);
        Ok(())
    }

    #[test]
    fn a_malformed_datagram_is_invalid_data() -> io::Result<()> {
        let (sender, receiver) = pair()?;
        let send_raw = |bytes: &[u8]| sender.send_datagram(&[IoSlice::new(bytes)], &[]);
        send_raw(&[9, 1, 2])?;
        send_raw(&[TAG_MEMFD, 0, 0, 0, 0, 0, 0, 0, 1])?;
        send_raw(&[TAG_MEMFD])?;
        for _ in 0..3 {
            let error = receiver.recv(None).expect_err("malformed");
            assert_eq!(error.kind(), io::ErrorKind::InvalidData);
        }
        Ok(())
    }

    #[test]
    fn wait_readable_names_the_ready_channels() -> io::Result<()> {
        let ends = [pair()?, pair()?, pair()?];
        let receivers: Vec<_> = ends.iter().map(|(_, receiver)| receiver.as_fd()).collect();
        assert!(wait_readable(&receivers, Some(Duration::from_millis(10)))?.is_empty());
        ends[2].0.send(b"x")?;
        ends[0].0.send(b"y")?;
        assert_eq!(wait_readable(&receivers, None)?, vec![0, 2]);
        Ok(())
    }

    /// Figures for the report: `cargo test --release --lib channel::tests::measure -- --ignored --nocapture`.
    #[test]
    #[ignore]
    fn measure() -> io::Result<()> {
        const COUNT: u64 = 100_000;
        let (sender, receiver) = pair()?;
        let start = Instant::now();
        let consumer = thread::spawn(move || -> io::Result<()> {
            for _ in 0..COUNT {
                expect_message(&receiver, None);
            }
            Ok(())
        });
        for n in 0..COUNT {
            sender.send(&n.to_le_bytes())?;
        }
        consumer.join().expect("consumer")?;
        let elapsed = start.elapsed();
        println!(
            "{COUNT} 8-byte messages: {elapsed:?} ({:.0} per second)",
            COUNT as f64 / elapsed.as_secs_f64()
        );
        let (here, there) = pair()?;
        let echo = thread::spawn(move || -> io::Result<()> {
            while let Received::Message(message) = there.recv(None)? {
                there.send(&message)?;
            }
            Ok(())
        });
        let start = Instant::now();
        for n in 0..10_000u64 {
            here.send(&n.to_le_bytes())?;
            expect_message(&here, None);
        }
        println!("round trip: {:?}", start.elapsed() / 10_000);
        drop(here);
        echo.join().expect("echo")?;
        Ok(())
    }
}
