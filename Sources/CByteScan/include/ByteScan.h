#ifndef MEMBERLINK_BYTESCAN_H
#define MEMBERLINK_BYTESCAN_H

#include <stddef.h>
#include <stdint.h>

/// Scans `base[from..<end)` for the first stop byte of a plain CSV row (LF, CR, the double quote,
/// NUL) and returns where it is (`end` when there is none). The offsets from `start` of the
/// `delimiter` bytes before it go to `ends[0..<room]`, in order; `*recorded` is how many were
/// written there and `*counted` how many more were only counted once `room` was full. `*nonASCII`
/// is set to 1 when a byte of `base[from..<stop)` is 0x80 or more, else to 0: the row's bytes are
/// all loaded for the scan anyway, so whether they are ASCII (valid in every encoding a partner file
/// may have) costs one more mask a step instead of a second pass.
///
/// Thirty-two bytes a step with AVX2 where the processor has it (`__builtin_cpu_supports`, a load
/// and a test per call), then sixteen with SSE2 (every x86-64 processor has it); eight with a
/// word's bit tricks elsewhere. The delimiter must not be one of the stop bytes.
intptr_t memberlink_scan_plain_row(
    const uint8_t *base, intptr_t start, intptr_t from, intptr_t end, uint8_t delimiter,
    intptr_t *ends, intptr_t room, intptr_t *recorded, intptr_t *counted, int *nonASCII);

/// Asks the processor to bring the cache line at `address` in for reading, without waiting for
/// it: a table probed at random a little later then finds it there.
static inline void memberlink_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
