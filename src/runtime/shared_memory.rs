//! Memory many processes share, beneath `multiprocessing.Value` and
//! `Array`: a block of bytes that every process holding its descriptor
//! reads and writes, as CPython's `multiprocessing.heap` hands out pieces of
//! an mmap'ed arena.
//!
//! Notes about the implementation
//! ------------------------------
//! * The block is a `memfd` of `size` bytes (zero-filled by `ftruncate`).
//!   Its pages are the shared memory: a child that inherits the descriptor
//!   sees the same pages, not a copy.
//! * Reads and writes go through `pread`/`pwrite` at an offset rather than
//!   through an `mmap`: a mapping would need `unsafe` code to turn into a
//!   Rust slice (and another process may change it under that slice), while
//!   the syscalls copy in and out of the same pages safely, at the price of
//!   one syscall per access. A `Value`'s lock, not this file, makes a
//!   read-modify-write atomic.
//! * An offset or length outside the block is an InvalidInput error, never
//!   a panic or a write that grows the memfd.

use rustix::fd::{AsFd, BorrowedFd, OwnedFd};
use rustix::io::Errno;
use std::io;

/// A block of shared memory: a memfd and its size.
#[derive(Debug)]
pub struct SharedMemory {
    memfd: OwnedFd,
    size: usize,
}

impl SharedMemory {
    /// Makes a zero-filled block of `size` bytes.
    pub fn new(size: usize) -> io::Result<SharedMemory> {
        let memfd = rustix::fs::memfd_create("pyl-shared-memory", rustix::fs::MemfdFlags::CLOEXEC)?;
        let length = u64::try_from(size).map_err(|_| out_of_range(0, size, 0))?;
        rustix::fs::ftruncate(&memfd, length)?;
        Ok(SharedMemory { memfd, size })
    }

    /// Fills `buffer` with the bytes at `offset`: all of it, or an error.
    pub fn read(&self, offset: usize, buffer: &mut [u8]) -> io::Result<()> {
        let mut position = self.check_range(offset, buffer.len())?;
        let mut rest = buffer;
        while !rest.is_empty() {
            match rustix::io::pread(&self.memfd, &mut *rest, position) {
                Ok(0) => return Err(io::ErrorKind::UnexpectedEof.into()),
                Ok(count) => {
                    rest = &mut rest[count..];
                    position += count as u64;
                }
                Err(Errno::INTR) => continue,
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    /// Writes all of `bytes` at `offset`, or returns an error.
    pub fn write(&self, offset: usize, bytes: &[u8]) -> io::Result<()> {
        let mut position = self.check_range(offset, bytes.len())?;
        let mut rest = bytes;
        while !rest.is_empty() {
            match rustix::io::pwrite(&self.memfd, rest, position) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(count) => {
                    rest = &rest[count..];
                    position += count as u64;
                }
                Err(Errno::INTR) => continue,
                Err(error) => return Err(error.into()),
            }
        }
        Ok(())
    }

    /// The block's size in bytes.
    pub fn size(&self) -> usize {
        self.size
    }

    /// The memfd, for a child process to inherit.
    pub fn as_fd(&self) -> BorrowedFd<'_> {
        self.memfd.as_fd()
    }

    /// Another handle on the same block (the memfd `dup`ed).
    pub fn try_clone(&self) -> io::Result<SharedMemory> {
        let memfd = self.memfd.try_clone()?;
        Ok(SharedMemory {
            memfd,
            size: self.size,
        })
    }

    /// Takes over an inherited memfd; its size comes from `fstat`.
    pub fn from_fd(fd: OwnedFd) -> io::Result<SharedMemory> {
        let stat = rustix::fs::fstat(&fd)?;
        let size = usize::try_from(stat.st_size).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "a shared memory fd with a negative size",
            )
        })?;
        Ok(SharedMemory { memfd: fd, size })
    }

    /// The file position of `offset` when `length` bytes from there lie
    /// inside the block; InvalidInput otherwise.
    fn check_range(&self, offset: usize, length: usize) -> io::Result<u64> {
        match offset.checked_add(length) {
            Some(end) if end <= self.size => Ok(offset as u64),
            _ => Err(out_of_range(offset, length, self.size)),
        }
    }
}

/// The error for an access outside the block.
fn out_of_range(offset: usize, length: usize, size: usize) -> io::Error {
    let message =
        format!("{length} bytes at offset {offset} do not fit in {size} bytes of shared memory");
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn a_new_block_is_zero_filled() -> io::Result<()> {
        let memory = SharedMemory::new(100)?;
        let mut buffer = [1u8; 100];
        memory.read(0, &mut buffer)?;
        assert_eq!(buffer, [0; 100]);
        assert_eq!(memory.size(), 100);
        Ok(())
    }

    #[test]
    fn what_is_written_is_read_back_through_every_handle() -> io::Result<()> {
        let memory = SharedMemory::new(4096 * 3)?;
        let bytes: Vec<u8> = (0..5000).map(|i| (i % 256) as u8).collect();
        memory.write(4000, &bytes)?;
        let clone = memory.try_clone()?;
        let inherited = SharedMemory::from_fd(memory.as_fd().try_clone_to_owned()?)?;
        assert_eq!(inherited.size(), 4096 * 3);
        for handle in [&memory, &clone, &inherited] {
            let mut buffer = vec![0; 5000];
            handle.read(4000, &mut buffer)?;
            assert_eq!(buffer, bytes);
        }
        Ok(())
    }

    #[test]
    fn another_thread_sees_a_write() -> io::Result<()> {
        let memory = Arc::new(SharedMemory::new(8)?);
        let writer = Arc::clone(&memory);
        thread::spawn(move || writer.write(0, &42u64.to_le_bytes()))
            .join()
            .expect("writer")?;
        let mut buffer = [0u8; 8];
        memory.read(0, &mut buffer)?;
        assert_eq!(u64::from_le_bytes(buffer), 42);
        Ok(())
    }

    #[test]
    fn out_of_range_is_invalid_input() -> io::Result<()> {
        let memory = SharedMemory::new(16)?;
        let mut buffer = [0u8; 8];
        for offset in [9, 16, usize::MAX] {
            let error = memory.read(offset, &mut buffer).expect_err("out of range");
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
            let error = memory.write(offset, &buffer).expect_err("out of range");
            assert_eq!(error.kind(), io::ErrorKind::InvalidInput);
        }
        memory.read(8, &mut buffer)?;
        memory.write(16, &[])?;
        assert_eq!(SharedMemory::try_clone(&memory)?.size(), 16);
        Ok(())
    }

    #[test]
    fn an_empty_block_works() -> io::Result<()> {
        let memory = SharedMemory::new(0)?;
        memory.read(0, &mut [])?;
        assert!(memory.write(0, &[1]).is_err());
        Ok(())
    }
}
