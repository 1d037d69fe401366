internal import RecordIO

/// A Bloom filter over the bookings the attachment ledger holds, kept in the directory's file
/// beside the ledger (table `ledger_filter`, schema version 6) and written in the same transaction
/// as every ledger write. It answers "the ledger holds no passenger of this booking" without a
/// query for nearly every booking a run decides; "maybe" for the rest, which the ledger then
/// answers exactly. A false "maybe" costs one query; there is no false "holds none".
///
/// A split-block Bloom filter, as Apache Parquet specifies it: a key picks one block of 256 bits
/// (eight 32-bit words, one cache line's half) and sets one bit in each word, so a look-up reads
/// one block. At ``bitsPerBooking`` bits a booking about 1% of absent bookings answer "maybe" while
/// the filter holds at most ``capacity`` bookings; past it the share grows, and the directory
/// builds a larger filter from the ledger (``MemberDirectory``). Its size stops at ``maximumBytes``
/// (about 27 million bookings): a larger ledger only answers "maybe" more often.
///
/// The hash and the layout are stored: changing either needs a new schema version, whose
/// migration rebuilds the filter.
struct LedgerBookingFilter {
    /// The blocks' words, eight per block.
    private(set) var words: [UInt32]
    /// Bookings inserted that set at least one new bit: the distinct bookings, give or take the
    /// few whose bits were all set already.
    private(set) var bookings: Int

    static let bitsPerBooking = 10
    static let wordsPerBlock = 8
    static let bytesPerBlock = wordsPerBlock * 4
    /// The largest filter: 32 MiB.
    static let maximumBytes = 32 << 20
    /// The salts of the Parquet specification: one odd multiplier per word of a block.
    private static let salts: InlineArray<8, UInt32> = [
        0x47b6_137b, 0x4497_4d91, 0x8824_ad5b, 0xa2b7_289d, 0x7054_95c7, 0x2df1_424b, 0x9efc_4947, 0x5c6b_fb31,
    ]

    /// An empty filter for up to `capacity` bookings (at least one block, at most ``maximumBytes``).
    init(capacity: Int) {
        let wanted = (max(capacity, 1) * Self.bitsPerBooking + 255) / 256
        let blocks = min(wanted, Self.maximumBytes / Self.bytesPerBlock)
        words = Array(repeating: 0, count: blocks * Self.wordsPerBlock)
        bookings = 0
    }

    /// The filter stored as `blob` (``withBlob(_:)``) holding `bookings` bookings; nil when the blob
    /// is not a whole number of blocks or is larger than a filter can be.
    init?(blob: UnsafeRawBufferPointer, bookings: Int) {
        guard !blob.isEmpty, blob.count % Self.bytesPerBlock == 0, blob.count <= Self.maximumBytes, bookings >= 0
        else { return nil }
        words = Array(unsafeUninitializedCapacity: blob.count / 4) { buffer, count in
            for index in 0..<blob.count / 4 {
                buffer[index] = UInt32(littleEndian: blob.loadUnaligned(fromByteOffset: index * 4, as: UInt32.self))
            }
            count = blob.count / 4
        }
        self.bookings = bookings
    }

    var blockCount: Int { words.count / Self.wordsPerBlock }

    /// How many bookings the filter holds before its share of false "maybe"s passes about 1%.
    var capacity: Int { blockCount * 256 / Self.bitsPerBooking }

    /// Whether the filter is at its largest: it does not grow, however many bookings it holds.
    var isAtMaximumSize: Bool { blockCount * Self.bytesPerBlock >= Self.maximumBytes }

    /// The key of booking `bookingCode` (upper-cased, as the ledger keys it) of `system`: FNV-1a
    /// over the system, a unit separator and the booking code, then MurmurHash3's finalizer.
    static func hash(system: UnsafeRawBufferPointer, bookingCode: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in system { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        for byte in bookingCode { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return hash
    }

    /// ``hash(system:bookingCode:)`` of two strings (the booking code already upper-cased).
    static func hash(system: String, bookingCode: String) -> UInt64 {
        var system = system
        var bookingCode = bookingCode
        return system.withUTF8 { system in
            bookingCode.withUTF8 {
                Self.hash(system: UnsafeRawBufferPointer(system), bookingCode: UnsafeRawBufferPointer($0))
            }
        }
    }

    /// The first word of the block of `hash`: the upper half of the hash scaled to the block count.
    @inline(__always)
    private func firstWord(_ hash: UInt64) -> Int {
        Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(blockCount)) >> 32) &* Self.wordsPerBlock
    }

    /// The bit of word `index` of a block for the lower half of the hash.
    @inline(__always)
    private static func bit(_ hash: UInt64, _ index: Int) -> UInt32 {
        1 << ((UInt32(truncatingIfNeeded: hash) &* salts[index]) >> 27)
    }

    /// Adds a booking by its ``hash(system:bookingCode:)``.
    mutating func insert(_ hash: UInt64) {
        let first = firstWord(hash)
        var newBits: UInt32 = 0
        words.withUnsafeMutableBufferPointer { words in
            for index in 0..<Self.wordsPerBlock {
                let bit = Self.bit(hash, index)
                newBits |= bit & ~words[first + index]
                words[first + index] |= bit
            }
        }
        if newBits != 0 { bookings += 1 }
    }

    /// Starts bringing the block of `hash` into the cache: a filter of a few MB takes a cache miss
    /// for nearly every booking, and a loop that prefetches a few bookings ahead waits for several
    /// at once.
    func prefetch(_ hash: UInt64) {
        let first = firstWord(hash)
        words.withUnsafeBufferPointer { Prefetch.forReading(UnsafeRawPointer($0.baseAddress! + first)) }
    }

    /// False when the booking of `hash` is certainly not in the filter.
    func mayContain(_ hash: UInt64) -> Bool {
        let first = firstWord(hash)
        return words.withUnsafeBufferPointer { words in
            var missing: UInt32 = 0
            for index in 0..<Self.wordsPerBlock {
                missing |= Self.bit(hash, index) & ~words[first + index]
            }
            return missing == 0
        }
    }

    /// Calls `body` with the filter's bytes as they are stored: the words in order, little-endian.
    func withBlob<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        #if _endian(little)
            return try words.withUnsafeBytes(body)
        #else
            return try words.map(\.littleEndian).withUnsafeBytes(body)
        #endif
    }
}
