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

/// ``memberlink_scan_plain_row`` for a row with quoted fields, from `from` (a quote that opens a
/// field, or the start of a field): a quote that opens a field (at the row's start or after a
/// delimiter) opens a quoted field, whose delimiters are data, closed by a quote followed by the
/// delimiter, CR or LF, with no quote, CR, LF or NUL inside (a plain quoted field, e.g.
/// `"SILVER, ELITE"`). Returns where the first LF, CR or NUL outside quotes is (a line end there
/// makes the row plain), or `end` when there is none in `base[from..<end)` or the row is not
/// plain before it: a quote inside an unquoted field, or a quoted field that is not plain (an
/// escaped `""`, text after its closing quote, a line break or NUL inside): a row for the state
/// machine. In a plain row a field is quoted exactly when its first byte is a quote. `ends`,
/// `room`, `*recorded`, `*counted` and `*nonASCII` as for ``memberlink_scan_plain_row``, for the
/// delimiters outside quotes and every byte before the stop. Sixteen bytes a step: masks of the
/// delimiters, quotes and line ends (SSE2 where there is, a loop elsewhere), the bytes inside
/// quotes from the quotes' running parity, each rule a test of masks.
intptr_t memberlink_scan_quoted_row(
    const uint8_t *base, intptr_t start, intptr_t from, intptr_t end, uint8_t delimiter,
    intptr_t *ends, intptr_t room, intptr_t *recorded, intptr_t *counted, int *nonASCII);

/// Asks the processor to bring the cache line at `address` in for reading, without waiting for
/// it: a table probed at random a little later then finds it there.
static inline void memberlink_prefetch(const void *address) { __builtin_prefetch(address, 0, 3); }

#endif
