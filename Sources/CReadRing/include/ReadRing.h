#ifndef MEMBERLINK_READRING_H
#define MEMBERLINK_READRING_H

#include <stdint.h>

/// A batch of file reads made with one system call instead of one each: Linux's io_uring
/// (https://man7.org/linux/man-pages/man7/io_uring.7.html), driven through its raw system calls
/// and shared rings, so that no library beyond the C library is needed. A read of bytes already
/// in the page cache is done while the batch is submitted; what the batch saves is the entry into
/// and exit from the kernel of every read but one (about 0.5 µs a read on this project's machine,
/// `Benchmarks/README.md`).
///
/// The ring owns the memory the reads land in (`memberlink_read_ring_buffer`): it is given back
/// only when no read can still be writing into it. Used by one thread at a time.
typedef struct memberlink_read_ring memberlink_read_ring;

/// A ring for batches of up to `entries` reads (a power of two, at most 4096) of up to
/// `stride` bytes each; NULL, with `errno` set, where the kernel has no io_uring or refuses it (an
/// older kernel, a container's seccomp filter, `kernel.io_uring_disabled`) or memory is short.
memberlink_read_ring *memberlink_read_ring_create(uint32_t entries, uint32_t stride);

/// Closes the ring and frees its memory.
void memberlink_read_ring_destroy(memberlink_read_ring *ring);

/// Where read `index` of the last batch landed (`stride` bytes of room).
uint8_t *memberlink_read_ring_buffer(memberlink_read_ring *ring, uint32_t index);

/// Registers the file open as `descriptor` with the ring, once: the ring's reads of it then skip
/// the kernel's look-up of the descriptor and its reference counting per read (about 0.1 µs of a
/// 1.4 µs read of a member record here, `Benchmarks/README.md`). The ring holds the file open
/// until it is destroyed, and takes every later read given this descriptor number for a read of
/// that file: register only a descriptor that stays open, unchanged, as long as the ring. Returns
/// 0, or `-errno` (the reads then go as unregistered ones: a kernel or a limit that refuses it).
int memberlink_read_ring_register_file(memberlink_read_ring *ring, int descriptor);

/// Reads `count` (at most `entries`) ranges of the file `descriptor`: `lengths[i]` (at most
/// `stride`) bytes at `offsets[i]` into buffer `i`, and sets `results[i]` to the bytes read, or to
/// `-errno` for a read that failed. Returns when every read has ended: 0, or `-errno` when the ring
/// itself failed (the results then say nothing; the ring is broken and refuses later batches:
/// read another way).
int memberlink_read_ring_read(
    memberlink_read_ring *ring, int descriptor, uint32_t count, const uint64_t *offsets, const uint32_t *lengths,
    int32_t *results);

#endif
