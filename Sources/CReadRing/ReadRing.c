#include "ReadRing.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#if defined(__linux__) && __has_include(<linux/io_uring.h>)
#include <linux/io_uring.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

struct memberlink_read_ring {
    int fd;
    uint32_t entries;
    uint32_t stride;
    // Set when a batch could not be seen to its end: a read may still write into `buffers`, so
    // they are never freed, and no batch is taken any more.
    int broken;
    // The descriptor registered as the ring's file 0 (`memberlink_read_ring_register_file`), or -1.
    int registeredDescriptor;
    uint8_t *buffers;
    void *submissionRing;
    size_t submissionRingSize;
    void *completionRing;  // the same mapping as `submissionRing` where the kernel maps both at once
    size_t completionRingSize;
    struct io_uring_sqe *entriesToSubmit;
    size_t entriesToSubmitSize;
    uint32_t *submissionTail;
    uint32_t submissionMask;
    uint32_t *submissionArray;
    uint32_t *completionHead;
    uint32_t *completionTail;
    uint32_t completionMask;
    struct io_uring_cqe *completions;
};

static void unmapRings(memberlink_read_ring *ring) {
    if (ring->entriesToSubmit != NULL && ring->entriesToSubmit != MAP_FAILED) {
        munmap(ring->entriesToSubmit, ring->entriesToSubmitSize);
    }
    if (ring->completionRing != NULL && ring->completionRing != MAP_FAILED
        && ring->completionRing != ring->submissionRing) {
        munmap(ring->completionRing, ring->completionRingSize);
    }
    if (ring->submissionRing != NULL && ring->submissionRing != MAP_FAILED) {
        munmap(ring->submissionRing, ring->submissionRingSize);
    }
}

memberlink_read_ring *memberlink_read_ring_create(uint32_t entries, uint32_t stride) {
    if (entries == 0 || entries > 4096 || (entries & (entries - 1)) != 0 || stride == 0) {
        errno = EINVAL;
        return NULL;
    }
    memberlink_read_ring *ring = calloc(1, sizeof(memberlink_read_ring));
    if (ring == NULL) return NULL;
    ring->entries = entries;
    ring->stride = stride;
    ring->registeredDescriptor = -1;
    ring->buffers = aligned_alloc(64, ((size_t)entries * stride + 63) / 64 * 64);
    if (ring->buffers == NULL) {
        free(ring);
        return NULL;
    }
    struct io_uring_params parameters;
    memset(&parameters, 0, sizeof(parameters));
    ring->fd = (int)syscall(SYS_io_uring_setup, entries, &parameters);
    if (ring->fd < 0) {
        int error = errno;
        free(ring->buffers);
        free(ring);
        errno = error;
        return NULL;
    }
    ring->submissionRingSize = parameters.sq_off.array + parameters.sq_entries * sizeof(uint32_t);
    ring->completionRingSize = parameters.cq_off.cqes + parameters.cq_entries * sizeof(struct io_uring_cqe);
    int single = (parameters.features & IORING_FEAT_SINGLE_MMAP) != 0;
    if (single) {
        if (ring->completionRingSize > ring->submissionRingSize) {
            ring->submissionRingSize = ring->completionRingSize;
        }
        ring->completionRingSize = ring->submissionRingSize;
    }
    ring->submissionRing = mmap(
        NULL, ring->submissionRingSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring->fd,
        IORING_OFF_SQ_RING);
    ring->completionRing = single ? ring->submissionRing
                                  : mmap(NULL, ring->completionRingSize, PROT_READ | PROT_WRITE,
                                         MAP_SHARED | MAP_POPULATE, ring->fd, IORING_OFF_CQ_RING);
    ring->entriesToSubmitSize = parameters.sq_entries * sizeof(struct io_uring_sqe);
    ring->entriesToSubmit = mmap(
        NULL, ring->entriesToSubmitSize, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, ring->fd,
        IORING_OFF_SQES);
    if (ring->submissionRing == MAP_FAILED || ring->completionRing == MAP_FAILED
        || ring->entriesToSubmit == MAP_FAILED || parameters.sq_entries < entries
        || parameters.cq_entries < entries) {
        int error = ring->submissionRing == MAP_FAILED || ring->completionRing == MAP_FAILED
                            || ring->entriesToSubmit == MAP_FAILED
                        ? errno
                        : EINVAL;
        unmapRings(ring);
        close(ring->fd);
        free(ring->buffers);
        free(ring);
        errno = error;
        return NULL;
    }
    uint8_t *submission = ring->submissionRing;
    uint8_t *completion = ring->completionRing;
    ring->submissionTail = (uint32_t *)(submission + parameters.sq_off.tail);
    ring->submissionMask = *(uint32_t *)(submission + parameters.sq_off.ring_mask);
    ring->submissionArray = (uint32_t *)(submission + parameters.sq_off.array);
    ring->completionHead = (uint32_t *)(completion + parameters.cq_off.head);
    ring->completionTail = (uint32_t *)(completion + parameters.cq_off.tail);
    ring->completionMask = *(uint32_t *)(completion + parameters.cq_off.ring_mask);
    ring->completions = (struct io_uring_cqe *)(completion + parameters.cq_off.cqes);
    return ring;
}

void memberlink_read_ring_destroy(memberlink_read_ring *ring) {
    if (ring == NULL) return;
    unmapRings(ring);
    close(ring->fd);
    if (!ring->broken) free(ring->buffers);
    free(ring);
}

uint8_t *memberlink_read_ring_buffer(memberlink_read_ring *ring, uint32_t index) {
    return ring->buffers + (size_t)index * ring->stride;
}

int memberlink_read_ring_register_file(memberlink_read_ring *ring, int descriptor) {
    if (ring->broken) return -EIO;
    if (ring->registeredDescriptor >= 0) return -EBUSY;
    if (syscall(SYS_io_uring_register, ring->fd, IORING_REGISTER_FILES, &descriptor, 1) < 0) return -errno;
    ring->registeredDescriptor = descriptor;
    return 0;
}

/// Takes every completion the kernel has posted; returns how many.
static uint32_t reap(memberlink_read_ring *ring, int32_t *results) {
    uint32_t head = *ring->completionHead;
    uint32_t tail = __atomic_load_n(ring->completionTail, __ATOMIC_ACQUIRE);
    uint32_t reaped = 0;
    while (head != tail) {
        const struct io_uring_cqe *completion = &ring->completions[head & ring->completionMask];
        results[completion->user_data] = completion->res;
        head += 1;
        reaped += 1;
    }
    __atomic_store_n(ring->completionHead, head, __ATOMIC_RELEASE);
    return reaped;
}

int memberlink_read_ring_read(
    memberlink_read_ring *ring, int descriptor, uint32_t count, const uint64_t *offsets, const uint32_t *lengths,
    int32_t *results) {
    if (ring->broken) return -EIO;
    if (count > ring->entries) return -EINVAL;
    for (uint32_t index = 0; index < count; index++) {
        if (lengths[index] > ring->stride) return -EINVAL;
    }
    if (count == 0) return 0;
    uint32_t tail = *ring->submissionTail;
    for (uint32_t index = 0; index < count; index++) {
        uint32_t slot = (tail + index) & ring->submissionMask;
        struct io_uring_sqe *entry = &ring->entriesToSubmit[slot];
        memset(entry, 0, sizeof(*entry));
        entry->opcode = IORING_OP_READ;
        if (descriptor == ring->registeredDescriptor) {
            entry->fd = 0;  // the index in the ring's files
            entry->flags = IOSQE_FIXED_FILE;
        } else {
            entry->fd = descriptor;
        }
        entry->off = offsets[index];
        entry->addr = (uint64_t)(uintptr_t)(ring->buffers + (size_t)index * ring->stride);
        entry->len = lengths[index];
        entry->user_data = index;
        ring->submissionArray[slot] = slot;
    }
    __atomic_store_n(ring->submissionTail, tail + count, __ATOMIC_RELEASE);
    uint32_t submitted = 0;
    uint32_t completed = 0;
    while (completed < count) {
        long consumed = syscall(
            SYS_io_uring_enter, ring->fd, count - submitted, count - completed, IORING_ENTER_GETEVENTS, NULL, 0);
        if (consumed < 0) {
            if (errno == EINTR || errno == EAGAIN || errno == EBUSY) {
                completed += reap(ring, results);
                continue;
            }
            // Reads may be under way that this thread cannot wait for any more.
            ring->broken = 1;
            return -errno;
        }
        submitted += (uint32_t)consumed;
        uint32_t reaped = reap(ring, results);
        completed += reaped;
        if (consumed == 0 && reaped == 0 && submitted < count) {
            // The kernel takes no more of the batch and has nothing left to give back.
            ring->broken = 1;
            return -EIO;
        }
    }
    return 0;
}

#else

memberlink_read_ring *memberlink_read_ring_create(uint32_t entries, uint32_t stride) {
    (void)entries;
    (void)stride;
    errno = ENOSYS;
    return NULL;
}

void memberlink_read_ring_destroy(memberlink_read_ring *ring) { (void)ring; }

uint8_t *memberlink_read_ring_buffer(memberlink_read_ring *ring, uint32_t index) {
    (void)ring;
    (void)index;
    return NULL;
}

int memberlink_read_ring_register_file(memberlink_read_ring *ring, int descriptor) {
    (void)ring;
    (void)descriptor;
    return -ENOSYS;
}

int memberlink_read_ring_read(
    memberlink_read_ring *ring, int descriptor, uint32_t count, const uint64_t *offsets, const uint32_t *lengths,
    int32_t *results) {
    (void)ring;
    (void)descriptor;
    (void)count;
    (void)offsets;
    (void)lengths;
    (void)results;
    return -ENOSYS;
}

#endif
