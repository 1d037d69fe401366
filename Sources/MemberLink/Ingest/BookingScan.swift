internal import RecordIO

/// What the first pass over a partner file learns: which records are the last of their booking (so
/// the second pass knows when a booking is complete), how many records there are, and the file's
/// size and SHA-256 as it is on disk.
public struct BookingScan: Sendable {
    /// The sequence numbers of the records that are the last of their booking (by
    /// ``BookingKey/fingerprint(of:)``): one bit per record.
    public var lastRecords = RecordSet()
    public var records = 0
    public var bytes = 0
    public var sha256 = ""

    public init() {}
}

/// The first pass's map of booking fingerprint → the sequence of its last record, in bounded
/// memory whatever the file's size: a ``LastRecordTable`` while it stays under `maxSlots` slots
/// (4M slots, 48 MB: 2.9 million bookings); beyond that the pairs go to `partitionCount`
/// temporary files by fingerprint (``RecordIO/SpillFile``, 12 bytes a record), and each file is
/// read back into a table of its own at the end. Each partition's table then holds a
/// `partitionCount`-th of the bookings: the bound holds up to about 180 million bookings a file.
struct LastRecordFinder {
    private var table = LastRecordTable()
    private var partitions: [SpillFile] = []
    /// Pairs written to each partition.
    private var partitionPairs: [Int] = []
    private let maxSlots: Int
    private let partitionCount: Int
    private let spillFolder: String?

    init(maxSlots: Int = 1 << 22, partitionCount: Int = 64, spillFolder: String? = nil) {
        precondition(partitionCount > 0 && partitionCount & (partitionCount - 1) == 0, "a power of two")
        self.maxSlots = maxSlots
        self.partitionCount = partitionCount
        self.spillFolder = spillFolder
    }

    /// Whether the pairs went to temporary files (the notes still delayed aside).
    var hasSpilled: Bool { !partitions.isEmpty }

    /// Notes not made yet, oldest first from ``oldestDelayed``: a note is made ``delay`` notes after
    /// it is asked for, its slot prefetched meanwhile. A booking's first record lands anywhere in
    /// the table, a cache miss every time; delayed so, several misses are waited for at once.
    private var delayed = InlineArray<8, (fingerprint: UInt64, sequence: Int)>(repeating: (0, 0))
    private var delayedCount = 0
    private var oldestDelayed = 0
    /// The size of ``delayed``: a power of two, so that positions wrap with a mask.
    private static let delay = 8

    /// Notes `sequence` as the last record so far of the booking `fingerprint`. Notes are made in
    /// the order they are asked for, some a little later (``flushDelayedNotes()``).
    /// - Throws: ``RecordIO/RecordIOError`` when a temporary file cannot be made or written.
    mutating func note(_ fingerprint: UInt64, sequence: Int) throws {
        assert(delayed.count == Self.delay && Self.delay & (Self.delay - 1) == 0)
        if partitions.isEmpty { table.prefetch(fingerprint) }
        if delayedCount < Self.delay {
            delayed[(oldestDelayed + delayedCount) & (Self.delay - 1)] = (fingerprint, sequence)
            delayedCount += 1
            return
        }
        let oldest = delayed[oldestDelayed]
        delayed[oldestDelayed] = (fingerprint, sequence)
        oldestDelayed = (oldestDelayed + 1) & (Self.delay - 1)
        try noteNow(oldest.fingerprint, sequence: oldest.sequence)
    }

    /// Makes the notes still delayed, in order.
    private mutating func flushDelayedNotes() throws {
        while delayedCount > 0 {
            let oldest = delayed[oldestDelayed]
            oldestDelayed = (oldestDelayed + 1) & (Self.delay - 1)
            delayedCount -= 1
            try noteNow(oldest.fingerprint, sequence: oldest.sequence)
        }
    }

    private mutating func noteNow(_ fingerprint: UInt64, sequence: Int) throws {
        if partitions.isEmpty {
            guard table.needsToGrow, table.capacity * 2 > maxSlots else {
                table.note(fingerprint, sequence: sequence)
                return
            }
            try spill()
        }
        try write(fingerprint, UInt32(sequence + 1))
    }

    /// Every booking's last record.
    /// - Throws: ``RecordIO/RecordIOError`` when a temporary file cannot be written or read back.
    mutating func lastRecords() throws -> RecordSet {
        try flushDelayedNotes()
        guard hasSpilled else { return table.lastRecords() }
        var set = RecordSet()
        let entrySize = MemoryLayout<UInt64>.size + MemoryLayout<UInt32>.size
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: entrySize * 8192, alignment: 8)
        defer { chunk.deallocate() }
        for (partition, pairs) in zip(partitions, partitionPairs) {
            try partition.rewind()
            // The spill wrote the table's pairs in its slot order, that is sorted by its hash: read
            // back into a table with the same hash, they all landed at its start, one cluster that
            // linear probing walked for every pair (6.7 s for 6M records). A partition's table
            // hashes with another multiplier, so the order means nothing to it, and is made for
            // its pairs at once (up to the in-memory table's bound): 0.1 s for the same records.
            let part = LastRecordTable(
                minimumCapacity: min(pairs, maxSlots * 7 / 10), hashMultiplier: LastRecordTable.partitionMultiplier)
            while true {
                let count = try partition.read(into: chunk)
                guard count > 0 else { break }
                for offset in stride(from: 0, to: count - entrySize + 1, by: entrySize) {
                    let fingerprint = chunk.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                    let value = chunk.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self)
                    part.note(fingerprint, sequence: Int(value) - 1)
                }
            }
            part.insertLastRecords(into: &set)
        }
        return set
    }

    private mutating func spill() throws {
        partitions = try (0..<partitionCount).map { _ in try SpillFile(folder: spillFolder) }
        partitionPairs = Array(repeating: 0, count: partitionCount)
        try table.forEach { fingerprint, value in try write(fingerprint, value) }
        table = LastRecordTable()
    }

    /// Appends one pair (the stored value: sequence + 1) to its fingerprint's partition.
    private mutating func write(_ fingerprint: UInt64, _ value: UInt32) throws {
        // Other bits than the table's slot uses, so a partition's table fills evenly.
        let partition = Int(truncatingIfNeeded: (fingerprint &* 0xD6E8_FEB8_6659_FD93) >> 40) & (partitionCount - 1)
        try partitions[partition].write((fingerprint, value))  // 12 bytes, as lastRecords() reads them
        partitionPairs[partition] += 1
    }
}

/// A set of record sequence numbers (0-based positions in a file), one bit per record: a
/// 5-million-record file takes 625 KB.
public struct RecordSet: Sendable, Equatable {
    private var words: [UInt64] = []

    public init() {}

    public mutating func insert(_ sequence: Int) {
        precondition(sequence >= 0)
        let word = sequence >> 6
        if word >= words.count { words += repeatElement(0, count: word + 1 - words.count) }
        words[word] |= 1 << UInt64(sequence & 63)
    }

    public func contains(_ sequence: Int) -> Bool {
        let word = sequence >> 6
        return sequence >= 0 && word < words.count && words[word] & (1 << UInt64(sequence & 63)) != 0
    }
}

/// The first pass's working table: booking fingerprint → the sequence of its last record so far,
/// in open addressing over one flat run of 12-byte slots (the fingerprint, then the sequence + 1;
/// at most 70% full), about a third of what a `Dictionary<UInt64, Int>` takes. It is turned into a
/// ``RecordSet`` at the end of the pass and dropped, so the second pass holds one bit per record
/// instead.
///
/// A booking's first record lands on a slot anywhere in the table: a fingerprint and its value
/// side by side cost one cache miss where two arrays cost two, and the slots sit on huge pages
/// (``RecordIO/HugePageMemory``) once the table is large, so that the miss is not a TLB miss too.
final class LastRecordTable {
    private var slots: UnsafeMutableRawBufferPointer
    private var shift: UInt64
    /// Odd; the slot of a fingerprint is the top bits of their product.
    private let multiplier: UInt64
    private(set) var count = 0
    /// Slots in the table.
    private(set) var capacity: Int

    static let slotSize = 12

    /// The multiplier of the first pass's table (Fibonacci hashing: 2^64 / golden ratio).
    static let mainMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15
    /// The multiplier of the tables a spill's partitions are read back into: any other odd
    /// constant, so the main table's slot order is no order to them (xxHash's second prime).
    static let partitionMultiplier: UInt64 = 0xC2B2_AE3D_27D4_EB4F

    /// A table that holds `minimumCapacity` bookings without growing.
    init(minimumCapacity: Int = 0, hashMultiplier: UInt64 = LastRecordTable.mainMultiplier) {
        precondition(hashMultiplier & 1 == 1, "an odd multiplier")
        multiplier = hashMultiplier
        var bits = 12
        while (minimumCapacity + 1) * 10 > (1 << bits) * 7 { bits += 1 }
        capacity = 1 << bits
        slots = Self.allocateSlots(capacity)
        shift = UInt64(64 - bits)
    }

    deinit { HugePageMemory.deallocate(slots) }

    /// `count` empty slots (zeroed memory: a value of 0 marks an empty slot).
    private static func allocateSlots(_ count: Int) -> UnsafeMutableRawBufferPointer {
        guard let memory = HugePageMemory.allocate(byteCount: count * slotSize) else {
            fatalError("out of memory for the first pass's table of \(count) bookings")
        }
        return memory
    }

    @inline(__always)
    private func key(at slot: Int) -> UInt64 {
        slots.loadUnaligned(fromByteOffset: slot * Self.slotSize, as: UInt64.self)
    }

    @inline(__always)
    private func value(at slot: Int) -> UInt32 {
        slots.loadUnaligned(fromByteOffset: slot * Self.slotSize + 8, as: UInt32.self)
    }

    /// Starts loading `fingerprint`'s home slot into the cache, for a note of it soon after.
    @inline(__always)
    func prefetch(_ fingerprint: UInt64) {
        let slot = Int(truncatingIfNeeded: (fingerprint &* multiplier) >> shift)
        Prefetch.forReading(slots.baseAddress! + slot * Self.slotSize)
    }

    /// Notes `sequence` as the last record so far of the booking `fingerprint`.
    func note(_ fingerprint: UInt64, sequence: Int) {
        precondition(sequence < Int(UInt32.max), "a file of more than 4 billion records")
        if needsToGrow { grow() }
        store(fingerprint, UInt32(sequence + 1))
    }

    /// Stores `value` (sequence + 1) as `fingerprint`'s, in its slot or a new one.
    @inline(__always)
    private func store(_ fingerprint: UInt64, _ value: UInt32) {
        var slot = Int(truncatingIfNeeded: (fingerprint &* multiplier) >> shift)
        let mask = capacity - 1
        while true {
            let stored = self.value(at: slot)
            if stored == 0 {
                slots.storeBytes(of: fingerprint, toByteOffset: slot * Self.slotSize, as: UInt64.self)
                count += 1
                break
            }
            if key(at: slot) == fingerprint { break }
            slot = (slot + 1) & mask
        }
        slots.storeBytes(of: value, toByteOffset: slot * Self.slotSize + 8, as: UInt32.self)
    }

    /// Every booking's last record.
    func lastRecords() -> RecordSet {
        var set = RecordSet()
        insertLastRecords(into: &set)
        return set
    }

    /// Adds every booking's last record to `set`.
    func insertLastRecords(into set: inout RecordSet) {
        for slot in 0..<capacity {
            let value = value(at: slot)
            if value != 0 { set.insert(Int(value) - 1) }
        }
    }

    /// Whether noting one more booking would double the table.
    var needsToGrow: Bool { (count + 1) * 10 > capacity * 7 }

    /// Calls `body` with each booking's fingerprint and stored value (sequence + 1), in slot order.
    func forEach(_ body: (UInt64, UInt32) throws -> Void) rethrows {
        for slot in 0..<capacity {
            let value = value(at: slot)
            if value != 0 { try body(key(at: slot), value) }
        }
    }

    private func grow() {
        let old = slots
        let oldCapacity = capacity
        capacity *= 2
        slots = Self.allocateSlots(capacity)
        shift -= 1
        count = 0
        for slot in 0..<oldCapacity {
            let value = old.loadUnaligned(fromByteOffset: slot * Self.slotSize + 8, as: UInt32.self)
            if value != 0 { store(old.loadUnaligned(fromByteOffset: slot * Self.slotSize, as: UInt64.self), value) }
        }
        HugePageMemory.deallocate(old)
    }
}
