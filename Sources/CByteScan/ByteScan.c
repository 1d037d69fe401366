#include "ByteScan.h"

#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>
#define MEMBERLINK_AVX2_SCAN 1
#endif

/// The delimiters of a block below its first stop (`stops` and `delimiters` are bit masks whose
/// bit `n << shift` stands for the byte at `offset + n`): recorded while there is room, counted
/// after.
static inline void take(uint64_t delimiters, uint64_t stops, int shift, intptr_t offset, intptr_t *ends,
                        intptr_t room, intptr_t *recorded, intptr_t *counted) {
    if (stops != 0) delimiters &= (((uint64_t)1) << __builtin_ctzll(stops)) - 1;
    intptr_t written = *recorded;
    while (delimiters != 0 && written < room) {
        ends[written++] = offset + (__builtin_ctzll(delimiters) >> shift);
        delimiters &= delimiters - 1;
    }
    *recorded = written;
    *counted += __builtin_popcountll(delimiters);
}

#if MEMBERLINK_AVX2_SCAN
/// The scan's 32-byte steps, on processors with AVX2 (the build's baseline is SSE2): the index of
/// the first stop, or -1 when none is before `*reached`, where the caller goes on sixteen bytes at
/// a time. A row of the benchmark is about 130 bytes: four steps instead of eight.
__attribute__((target("avx2"))) static intptr_t scan_32(
    const uint8_t *base, intptr_t start, intptr_t index, intptr_t end, uint8_t delimiter, intptr_t *ends,
    intptr_t room, intptr_t *recorded, intptr_t *counted, int *nonASCII, intptr_t *reached) {
    const __m256i lineFeeds = _mm256_set1_epi8('\n');
    const __m256i carriageReturns = _mm256_set1_epi8('\r');
    const __m256i quotes = _mm256_set1_epi8('"');
    const __m256i zeros = _mm256_setzero_si256();
    const __m256i delimiters = _mm256_set1_epi8((char)delimiter);
    while (index + 32 <= end) {
        __m256i block = _mm256_loadu_si256((const __m256i *)(base + index));
        __m256i stopBytes = _mm256_or_si256(
            _mm256_or_si256(_mm256_cmpeq_epi8(block, lineFeeds), _mm256_cmpeq_epi8(block, carriageReturns)),
            _mm256_or_si256(_mm256_cmpeq_epi8(block, quotes), _mm256_cmpeq_epi8(block, zeros)));
        uint64_t stops = (uint32_t)_mm256_movemask_epi8(stopBytes);
        uint64_t found = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(block, delimiters));
        uint64_t high = (uint32_t)_mm256_movemask_epi8(block);  // the top bit of each byte
        if ((found | stops) != 0) take(found, stops, 0, index - start, ends, room, recorded, counted);
        if (stops != 0) {
            if ((high & ((((uint64_t)1) << __builtin_ctzll(stops)) - 1)) != 0) *nonASCII = 1;
            return index + __builtin_ctzll(stops);
        }
        if (high != 0) *nonASCII = 1;
        index += 32;
    }
    *reached = index;
    return -1;
}
#endif

intptr_t memberlink_scan_plain_row(
    const uint8_t *base, intptr_t start, intptr_t from, intptr_t end, uint8_t delimiter,
    intptr_t *ends, intptr_t room, intptr_t *recorded, intptr_t *counted, int *nonASCII) {
    intptr_t index = from;
    *recorded = 0;
    *counted = 0;
    *nonASCII = 0;
#if MEMBERLINK_AVX2_SCAN
    if (__builtin_cpu_supports("avx2")) {
        intptr_t stop = scan_32(base, start, index, end, delimiter, ends, room, recorded, counted, nonASCII, &index);
        if (stop >= 0) return stop;
    }
#endif
#if defined(__SSE2__)
    const __m128i lineFeeds = _mm_set1_epi8('\n');
    const __m128i carriageReturns = _mm_set1_epi8('\r');
    const __m128i quotes = _mm_set1_epi8('"');
    const __m128i zeros = _mm_setzero_si128();
    const __m128i delimiters = _mm_set1_epi8((char)delimiter);
    while (index + 16 <= end) {
        __m128i block = _mm_loadu_si128((const __m128i *)(base + index));
        __m128i stopBytes = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(block, lineFeeds), _mm_cmpeq_epi8(block, carriageReturns)),
            _mm_or_si128(_mm_cmpeq_epi8(block, quotes), _mm_cmpeq_epi8(block, zeros)));
        uint64_t stops = (uint32_t)_mm_movemask_epi8(stopBytes);
        uint64_t found = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(block, delimiters));
        uint64_t high = (uint32_t)_mm_movemask_epi8(block);  // the top bit of each byte
        if ((found | stops) != 0) take(found, stops, 0, index - start, ends, room, recorded, counted);
        if (stops != 0) {
            if ((high & ((((uint64_t)1) << __builtin_ctzll(stops)) - 1)) != 0) *nonASCII = 1;
            return index + __builtin_ctzll(stops);
        }
        if (high != 0) *nonASCII = 1;
        index += 16;
    }
#else
    const uint64_t ones = 0x0101010101010101ULL, low = 0x7F7F7F7F7F7F7F7FULL, high = 0x8080808080808080ULL;
#define ZERO_BYTES(word) (~((((word) & low) + low) | (word)) & high)
    while (index + 8 <= end) {
        uint64_t word;
        memcpy(&word, base + index, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        word = __builtin_bswap64(word);
#endif
        // The top bit of each byte that is a stop (a delimiter): bit 8n + 7 for the byte at index + n.
        uint64_t stops = ZERO_BYTES(word ^ (ones * '\n')) | ZERO_BYTES(word ^ (ones * '\r'))
            | ZERO_BYTES(word ^ (ones * '"')) | ZERO_BYTES(word);
        uint64_t found = ZERO_BYTES(word ^ (ones * delimiter));
        uint64_t topBits = word & high;  // the top bit of each byte, at bit 8n + 7 as the stops
        if ((found | stops) != 0) take(found, stops, 3, index - start, ends, room, recorded, counted);
        if (stops != 0) {
            if ((topBits & ((((uint64_t)1) << __builtin_ctzll(stops)) - 1)) != 0) *nonASCII = 1;
            return index + (__builtin_ctzll(stops) >> 3);
        }
        if (topBits != 0) *nonASCII = 1;
        index += 8;
    }
#undef ZERO_BYTES
#endif
    for (; index < end; index++) {
        uint8_t byte = base[index];
        if (byte == '\n' || byte == '\r' || byte == '"' || byte == 0) return index;
        if (byte >= 0x80) *nonASCII = 1;
        if (byte == delimiter) {
            if (*recorded < room) {
                ends[(*recorded)++] = index - start;
            } else {
                *counted += 1;
            }
        }
    }
    return end;
}

/// The masks of sixteen bytes for ``memberlink_scan_quoted_row``: bit `n` of each stands for
/// `bytes[n]`.
typedef struct {
    uint32_t delimiters, quotes, stops, tops;  // stops: LF, CR and NUL; tops: bytes of 0x80 or more
} QuotedScanMasks;

static inline QuotedScanMasks quotedScanMasks(const uint8_t *bytes, uint8_t delimiter) {
    QuotedScanMasks masks;
#if defined(__SSE2__)
    __m128i block = _mm_loadu_si128((const __m128i *)bytes);
    masks.delimiters = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8((char)delimiter)));
    masks.quotes = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8('"')));
    masks.stops = (uint32_t)_mm_movemask_epi8(_mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(block, _mm_set1_epi8('\r'))),
        _mm_cmpeq_epi8(block, _mm_setzero_si128())));
    masks.tops = (uint32_t)_mm_movemask_epi8(block);
#else
    masks.delimiters = masks.quotes = masks.stops = masks.tops = 0;
    for (int n = 0; n < 16; n++) {
        uint8_t byte = bytes[n];
        masks.delimiters |= (uint32_t)(byte == delimiter) << n;
        masks.quotes |= (uint32_t)(byte == '"') << n;
        masks.stops |= (uint32_t)(byte == '\n' || byte == '\r' || byte == 0) << n;
        masks.tops |= (uint32_t)(byte >> 7) << n;
    }
#endif
    return masks;
}

/// Bit `n` of the result is the parity of bits `0...n` of `bits` (sixteen bits): over a mask of
/// quotes, the bytes from an opening quote to the byte before its closing quote.
static inline uint32_t prefixParity16(uint32_t bits) {
    bits ^= bits << 1;
    bits ^= bits << 2;
    bits ^= bits << 4;
    bits ^= bits << 8;
    return bits & 0xFFFF;
}

intptr_t memberlink_scan_quoted_row(
    const uint8_t *base, intptr_t start, intptr_t from, intptr_t end, uint8_t delimiter,
    intptr_t *ends, intptr_t room, intptr_t *recorded, intptr_t *counted, int *nonASCII) {
    *recorded = 0;
    *counted = 0;
    *nonASCII = 0;
    uint32_t insideAtStart = 0;  // all ones when the block starts inside quotes
    uint32_t delimiterBefore = from == start || base[from - 1] == delimiter;  // before the block's first byte
    uint32_t closedAtEnd = 0;  // whether the last block's last byte is a closing quote
    uint8_t padded[16];
    for (intptr_t index = from; index < end; index += 16) {
        const uint8_t *bytes = base + index;
        if (end - index < 16) {
            // The chunk's last bytes, then NULs: a stop at `end` or after, so not a whole line.
            memset(padded, 0, sizeof padded);
            memcpy(padded, bytes, (size_t)(end - index));
            bytes = padded;
        }
        QuotedScanMasks masks = quotedScanMasks(bytes, delimiter);
        uint32_t inside = prefixParity16(masks.quotes) ^ insideAtStart;  // opening quotes included
        uint32_t stops = masks.stops & ~inside;
        uint32_t row = stops != 0 ? (1u << __builtin_ctz(stops)) - 1 : 0xFFFF;  // the row's bytes here
        uint32_t opening = masks.quotes & inside & row;
        uint32_t closing = masks.quotes & ~inside & row;
        uint32_t endsField = masks.delimiters | masks.stops;
        // Not plain, so the state machine's (a stop at `end` says so): a line break or NUL inside
        // quotes; a quote inside an unquoted field (an opening quote not after a delimiter or at
        // the row's start); a closing quote followed by anything but the delimiter or a line end
        // (an escaped `""`, text).
        if ((closedAtEnd && !(endsField & 1)) || (masks.stops & inside & row)
            || (opening & ~((masks.delimiters << 1) | delimiterBefore)) || (closing & ~(endsField >> 1) & 0x7FFF)) {
            return end;
        }
        take(masks.delimiters & ~inside & row, 0, 0, index - start, ends, room, recorded, counted);
        if (masks.tops & row) *nonASCII = 1;
        if (stops != 0) {
            intptr_t stop = index + __builtin_ctz(stops);
            return stop < end ? stop : end;
        }
        insideAtStart = (inside >> 15) & 1 ? 0xFFFF : 0;
        delimiterBefore = (masks.delimiters >> 15) & 1;
        closedAtEnd = (closing >> 15) & 1;
    }
    return end;
}
