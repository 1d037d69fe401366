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
/// in open addressing over two flat arrays (12 bytes a slot, at most 70% full), about a third of
/// what a `Dictionary<UInt64, Int>` takes. It is turned into a ``RecordSet`` at the end of the
/// pass and dropped, so the second pass holds one bit per record instead.
struct LastRecordTable {
    private var keys: [UInt64]
    /// Sequence + 1; 0 marks an empty slot.
    private var values: [UInt32]
    private var shift: UInt64
    private(set) var count = 0

    init() {
        keys = Array(repeating: 0, count: 1 << 12)
        values = Array(repeating: 0, count: 1 << 12)
        shift = 64 - 12
    }

    /// Notes `sequence` as the last record so far of the booking `fingerprint`.
    mutating func note(_ fingerprint: UInt64, sequence: Int) {
        precondition(sequence < Int(UInt32.max), "a file of more than 4 billion records")
        if (count + 1) * 10 > keys.count * 7 { grow() }
        var slot = Int(truncatingIfNeeded: (fingerprint &* 0x9E37_79B9_7F4A_7C15) >> shift)
        let mask = keys.count - 1
        while values[slot] != 0, keys[slot] != fingerprint { slot = (slot + 1) & mask }
        if values[slot] == 0 {
            keys[slot] = fingerprint
            count += 1
        }
        values[slot] = UInt32(sequence + 1)
    }

    /// Every booking's last record.
    func lastRecords() -> RecordSet {
        var set = RecordSet()
        for value in values where value != 0 { set.insert(Int(value) - 1) }
        return set
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = Array(repeating: 0, count: oldKeys.count * 2)
        values = Array(repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        count = 0
        for (key, value) in zip(oldKeys, oldValues) where value != 0 { note(key, sequence: Int(value) - 1) }
    }
}
