/// The records of a ``HashedRecordFile`` read ahead in one batch (``ReadRing``), found again by
/// their offset: what ``HashedRecordFile/readAhead(in:hashes:)`` asks for and its lookups use.
final class RecordsReadAhead {
    private let ring: ReadRing
    /// The file the records are read from (registered with the ring).
    private let descriptor: Int32
    /// The offset of each read of the batch.
    private let offsets: UnsafeMutableBufferPointer<UInt64>
    private var count = 0
    /// Open addressing by offset: each slot holds a read's index + 1, or 0 for none. Twice as many
    /// slots as reads, so that a probe ends within a few slots.
    private let slots: UnsafeMutableBufferPointer<UInt16>
    private let slotShift: UInt64
    /// Whether the last batch was read (its records may be used).
    private var readDone = false

    /// The reads a batch takes at most: a finder's batch of records (256); fewer when the records
    /// are long, so that the batch's memory stays within ``maximumBytes``.
    static let maximumReads = 256
    static let maximumBytes = 1 << 20

    /// Read-ahead for records read `recordReadSize` bytes at a time from the file open as
    /// `descriptor`, which must stay open as long as the read-ahead (the ring registers it); nil
    /// when the system gives no ring.
    init?(recordReadSize: Int, descriptor: Int32) {
        var reads = Self.maximumReads
        while reads > 1, reads * recordReadSize > Self.maximumBytes { reads /= 2 }
        guard let ring = ReadRing.make(entries: reads, stride: recordReadSize) else { return nil }
        ring.registerFile(descriptor: descriptor)
        self.ring = ring
        self.descriptor = descriptor
        offsets = .allocate(capacity: reads)
        offsets.initialize(repeating: 0)
        slots = .allocate(capacity: reads * 2)
        slots.initialize(repeating: 0)
        slotShift = UInt64(64 - (reads * 2).trailingZeroBitCount)
    }

    deinit {
        offsets.deallocate()
        slots.deallocate()
    }

    /// Whether the batch being gathered takes no more reads.
    var isFull: Bool { count == offsets.count }

    /// Starts gathering a new batch; the last one's records are no longer found.
    func start() {
        count = 0
        readDone = false
        slots.update(repeating: 0)
    }

    /// Adds the read of `length` bytes at `offset` to the batch (once for the same offset).
    func add(offset: UInt64, length: Int) {
        guard !isFull else { return }
        var slot = self.slot(of: offset)
        while slots[slot] != 0 {
            if offsets[Int(slots[slot]) - 1] == offset { return }
            slot = (slot + 1) & (slots.count - 1)
        }
        ring.setRead(count, offset: offset, length: length)
        offsets[count] = offset
        count += 1
        slots[slot] = UInt16(count)
    }

    /// Reads the batch; returns false when the ring failed (and will take no more batches).
    func read() -> Bool {
        guard count > 0 else { return true }
        readDone = ring.read(descriptor: descriptor, count: count)
        return readDone
    }

    /// The bytes read at `offset` in the last batch, or nil when it did not read them (whole).
    @inline(__always)
    func bytes(at offset: UInt64) -> UnsafeRawBufferPointer? {
        guard readDone else { return nil }
        var slot = self.slot(of: offset)
        while slots[slot] != 0 {
            let index = Int(slots[slot]) - 1
            if offsets[index] == offset { return ring.bytes(of: index) }
            slot = (slot + 1) & (slots.count - 1)
        }
        return nil
    }

    @inline(__always)
    private func slot(of offset: UInt64) -> Int {
        Int(truncatingIfNeeded: (offset &* 0x9E37_79B9_7F4A_7C15) >> slotShift)
    }
}
