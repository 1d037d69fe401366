/// Questions about the eight bytes of a 64-bit word, answered for all of them at once (SWAR: SIMD
/// within a register): each byte's answer is its high bit, the other bits are clear. The bytes are
/// a little-endian load of memory, so byte `n` of the word is the `n`-th byte in memory.
///
/// The answers are exact, byte by byte: no sum or difference carries or borrows from one byte
/// into the next. A byte at or above 0x80 (not ASCII) answers no to every question.
public enum ByteWords {
    public static let ones: UInt64 = 0x0101_0101_0101_0101
    public static let highBits: UInt64 = 0x8080_8080_8080_8080
    public static let lowBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The bytes of `word` that are `byte` (ASCII).
    @inlinable @inline(__always)
    public static func equal(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (ones &* UInt64(byte))
        // A byte of `difference` is zero exactly when adding 0x7F to its low seven bits leaves its
        // high bit clear and its own high bit is clear: at most 0x7F + 0x7F, no carry out.
        return ~(((difference & lowBits) &+ lowBits) | difference | lowBits)
    }

    /// The ASCII bytes of `word` below `limit` (1 to 0x80).
    @inlinable @inline(__always)
    public static func below(_ word: UInt64, _ limit: UInt8) -> UInt64 {
        ~((word & lowBits) &+ ones &* UInt64(0x80 - limit)) & ~word & highBits
    }

    /// The ASCII bytes of `word` from `low` to `high` (1 ≤ low ≤ high < 0x80).
    @inlinable @inline(__always)
    public static func inRange(_ word: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        let sevenBits = word & lowBits
        let atLeastLow = (sevenBits &+ ones &* UInt64(0x80 - low)) & highBits
        let pastHigh = (sevenBits &+ ones &* UInt64(0x7F - high)) & highBits
        return atLeastLow & ~pastHigh & ~word & highBits
    }

    /// `0`–`9`.
    @inlinable @inline(__always)
    public static func digits(_ word: UInt64) -> UInt64 { inRange(word, 0x30, 0x39) }

    /// `A`–`Z` and `a`–`z` (with 0x20 set, the capitals are the small letters; no other byte is).
    @inlinable @inline(__always)
    public static func letters(_ word: UInt64) -> UInt64 { inRange(word | ones &* 0x20, 0x61, 0x7A) }

    /// The high bits of the first `count` bytes: none for 0 or less, all for 8 or more.
    @inlinable @inline(__always)
    public static func firstBytes(_ count: Int) -> UInt64 {
        count <= 0 ? 0 : count >= 8 ? highBits : highBits & ((1 << UInt64(8 * count)) &- 1)
    }
}
