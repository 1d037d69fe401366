#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A file of records found by key: written once, from start to end, by ``HashedRecordFileWriter``,
/// then only read, by ``HashedRecordFile``. The member directory keeps one beside each member
/// store so that a run finds a member with two reads of the file instead of a walk through
/// SQLite's B-trees.
///
/// Layout (integers little-endian):
/// - a header of ``headerSize`` bytes: the magic `MLHASHF1`, the format version, the number of
///   tables, the end of the records, and for each table where its slots start, how many there
///   are and the bits of the hash that give an entry's home slot; at byte 216, the size of the
///   longest record with its length (0 in files written before it was kept);
/// - the records back to back, each a LEB128 length and that many bytes;
/// - the tables: slots of 16 bytes, a key's 64-bit hash (0: empty) and the offset of its record.
///
/// A table holds its entries in the order of their hashes (ties in the order of their records):
/// an entry sits at its home slot (the hash's top bits) or, when that is taken, right after the
/// entry before it. A lookup reads from the home slot on and stops at an empty slot or a larger
/// hash, usually within the first 256 bytes. The same key may be added several times (a document
/// held by several members): its entries are adjacent, in the order of their records. A hash says
/// only that a record may have the key: the caller checks the record.
///
/// The file is read with `pread`, not mapped: its pages stay in the kernel's page cache and out
/// of the process's resident memory, however large the directory. A table that many lookups use
/// is read into memory whole, once, when its budget allows (``sharedTableMemory``, 64 MB for all
/// the files a process opens; a table of a million keys takes 32 MB): its lookups then make one
/// `pread` instead of two. The table in memory sits on huge pages where the system gives them
/// (``HugePageMemory``): its probes land anywhere in it.
public final class HashedRecordFile {
    public let path: String
    private let descriptor: Int32
    private let tables: [Table]
    /// Where the records end: no record may claim bytes past it.
    private let recordsEnd: UInt64
    private var slotBuffer: UnsafeMutableRawBufferPointer
    private var recordBuffer: UnsafeMutableRawBufferPointer
    /// Bytes read at once for a record: the longest record's size when the header says it (the
    /// reads copy no more than any record needs: 240 of 512 bytes on average for a member), else
    /// ``defaultRecordReadSize``.
    private let recordReadSize: Int
    /// Each table's slots when read into memory, else nil.
    private var tablesInMemory: [UnsafeMutableRawBufferPointer?]
    /// Lookups in each table so far, until it is read into memory.
    private var lookups: [UInt64]
    /// What the tables read in may take, and how much they took (given back when the file closes).
    private let tableMemory: MemoryBudget
    private var tableMemoryTaken = 0
    /// The records read ahead by ``readAhead(in:hashes:)``, made on its first call; nil before,
    /// and after it when the system gives no ring.
    private var ahead: RecordsReadAhead?
    private var aheadTried = false
    /// Records that lookups found read ahead (for tests).
    private(set) var recordsFoundReadAhead = 0

    /// The budget of every file opened without one of its own: 64 MB of tables in memory for the
    /// whole process, however many files (and connections) it opens.
    public static let sharedTableMemory = MemoryBudget(bytes: 64 << 20)

    static let magic: [UInt8] = Array("MLHASHF1".utf8)
    static let formatVersion: UInt32 = 1
    /// The header's size, and where the records start.
    public static let headerSize = 256
    static let maximumTables = 8
    static let slotSize = 16
    /// Slots read at once from a home slot on.
    static let slotsPerRead = 16
    /// Bytes read at once for a record: most records fit, longer ones take a second read.
    static let defaultRecordReadSize = 512
    /// Where the header keeps the longest record's size (after the eight tables' entries).
    static let longestRecordOffset = 216

    struct Table {
        var offset: UInt64
        var slotCount: UInt64
        var bits: UInt32

        func home(of hash: UInt64) -> UInt64 { bits == 0 ? 0 : hash >> (64 - UInt64(bits)) }
    }

    /// Opens the file at `path`, or returns nil when there is none or it is not a complete file of
    /// this format (a writer that did not finish never writes the header).
    /// - Parameter tableMemory: what tables read into memory may take. A table is read in once
    ///   lookups in it reach ``readInLookupsPerSlot`` of its slots' number (by then the slot reads
    ///   it spares would have cost more than reading it), if the budget still holds its size.
    /// - Throws: ``RecordIOError`` when the file is there but cannot be read.
    public init?(path: String, tableMemory: MemoryBudget = HashedRecordFile.sharedTableMemory) throws {
        let descriptor = Self.openForLookups(path)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            throw RecordIOError(path: path, errno: errno, doing: "open it")
        }
        var header = [UInt8](repeating: 0, count: Self.headerSize)
        let read = header.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress!, Self.headerSize, 0) }
        var size = stat()
        guard read == Self.headerSize, fstat(descriptor, &size) == 0,
            let parsed = Self.parseHeader(header, fileSize: UInt64(size.st_size))
        else {
            close(descriptor)
            return nil
        }
        self.path = path
        self.descriptor = descriptor
        (tables, recordsEnd) = parsed
        let longest = header.readUInt64(at: Self.longestRecordOffset)
        recordReadSize = longest > 0 ? Int(min(max(longest, 16), 1 << 16)) : Self.defaultRecordReadSize
        slotBuffer = .allocate(byteCount: Self.slotsPerRead * Self.slotSize, alignment: 8)
        recordBuffer = .allocate(byteCount: recordReadSize, alignment: 8)
        tablesInMemory = Array(repeating: nil, count: tables.count)
        lookups = Array(repeating: 0, count: tables.count)
        self.tableMemory = tableMemory
    }

    /// Opens the file to read, without access-time updates when the file's owner may ask for that
    /// (`O_NOATIME`; others get `EPERM` and open it as usual): a run makes a random `pread` per
    /// member found, and the kernel's access-time check was about 0.15 µs of a 0.9 µs read here.
    /// - Returns: the descriptor, or -1 with `errno` set.
    private static func openForLookups(_ path: String) -> Int32 {
        #if os(Linux) && (arch(x86_64) || arch(arm64))
            // `O_NOATIME` on these architectures (`bits/fcntl-linux.h`); Glibc exports it only
            // under `_GNU_SOURCE`.
            let noAccessTime: Int32 = 0o1_000_000
            let descriptor = open(path, O_RDONLY | O_CLOEXEC | noAccessTime)
            if descriptor >= 0 || errno != EPERM { return descriptor }
        #endif
        return open(path, O_RDONLY | O_CLOEXEC)
    }

    deinit {
        ahead = nil  // its ring registered the descriptor: gone before the number can be reused
        close(descriptor)
        slotBuffer.deallocate()
        recordBuffer.deallocate()
        for case let slots? in tablesInMemory { HugePageMemory.deallocate(slots) }
        tableMemory.giveBack(tableMemoryTaken)
    }

    /// Whether table `table` is held in memory now (for tests).
    public func holdsInMemory(table: Int) -> Bool { tablesInMemory[table] != nil }

    private static func parseHeader(_ header: [UInt8], fileSize: UInt64) -> (tables: [Table], recordsEnd: UInt64)? {
        guard Array(header[0..<8]) == magic, header.readUInt32(at: 8) == formatVersion else { return nil }
        let tableCount = Int(header.readUInt32(at: 12))
        let recordsEnd = header.readUInt64(at: 16)
        guard tableCount <= maximumTables, recordsEnd >= UInt64(headerSize), recordsEnd <= fileSize else { return nil }
        var tables: [Table] = []
        for index in 0..<tableCount {
            let base = 24 + index * 24
            let table = Table(
                offset: header.readUInt64(at: base), slotCount: header.readUInt64(at: base + 8),
                bits: header.readUInt32(at: base + 16))
            guard table.bits < 64, table.offset >= recordsEnd,
                table.slotCount <= (fileSize - table.offset) / UInt64(slotSize)
            else { return nil }
            tables.append(table)
        }
        return (tables, recordsEnd)
    }

    /// Calls `body` with the offset and bytes of each record added to table `table` under `hash`,
    /// in record order, until it returns false. The bytes are valid during the call
    /// only.
    /// - Throws: ``RecordIOError`` when the file cannot be read or is damaged.
    public func forEachRecord(
        in table: Int, hash: UInt64, _ body: (UInt64, UnsafeRawBufferPointer) throws -> Bool
    ) throws {
        let hash = Self.storedHash(hash)
        let tableIndex = table
        let table = tables[tableIndex]
        let inMemory = try slotsInMemory(of: tableIndex)
        var position = table.home(of: hash)
        while position < table.slotCount {
            let count = Int(min(UInt64(Self.slotsPerRead), table.slotCount - position))
            let slots: UnsafeRawBufferPointer
            if let inMemory {
                let start = Int(position) * Self.slotSize
                slots = UnsafeRawBufferPointer(rebasing: inMemory[start..<start + count * Self.slotSize])
            } else {
                try readFully(
                    into: UnsafeMutableRawBufferPointer(rebasing: slotBuffer[0..<count * Self.slotSize]),
                    at: table.offset + position * UInt64(Self.slotSize))
                slots = UnsafeRawBufferPointer(slotBuffer)
            }
            for index in 0..<count {
                let slot = index * Self.slotSize
                let slotHash = UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: slot, as: UInt64.self))
                if slotHash == 0 || slotHash > hash { return }
                guard slotHash == hash else { continue }
                let offset = UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: slot + 8, as: UInt64.self))
                guard try withRecord(at: offset, { try body(offset, $0) }) else { return }
            }
            position += UInt64(count)
        }
    }

    /// Starts bringing the slots a lookup of `hash` in table `table` reads first into the cache,
    /// when the table is in memory, and returns at once (nothing otherwise): a caller that knows
    /// its next lookups asks for them a few lookups ahead, so that the cache miss of each (a random
    /// slot of tens of MB) overlaps the work before it instead of stopping it.
    @inline(__always)
    public func prefetch(in table: Int, hash: UInt64) {
        guard let slots = tablesInMemory[table], let base = slots.baseAddress else { return }
        let position = Int(tables[table].home(of: Self.storedHash(hash)))
        // A home is one of the table's slots; checked all the same, so that no header can point
        // the prefetch outside the table's memory.
        guard position < Int(tables[table].slotCount) else { return }
        Prefetch.forReading(base + position * Self.slotSize)
    }

    /// Reads ahead, in one batch of reads (``ReadRing``: one system call instead of one per
    /// record), the record that a lookup of each of `hashes` in table `table` reads first, so that
    /// those lookups (through ``forEachRecord(in:hash:_:)``, until the next call) find it read
    /// instead of reading it. Only a hint: it does nothing when the table is not in memory (its
    /// slots would cost a read each) or the system gives no ring, and a lookup finds the same
    /// records either way: a read that fails or comes back short is left to the lookup, which
    /// reads the record itself and reports what it finds.
    /// - Returns: whether the records were read ahead (the slots they were found in are then in
    ///   the cache too, and a prefetch of them would add nothing).
    @discardableResult
    public func readAhead(in table: Int, hashes: UnsafeBufferPointer<UInt64>) -> Bool {
        guard table >= 0, table < tables.count, let slots = tablesInMemory[table], let base = slots.baseAddress,
            !hashes.isEmpty
        else { return false }
        if !aheadTried {
            aheadTried = true
            ahead = RecordsReadAhead(recordReadSize: recordReadSize, descriptor: descriptor)
        }
        guard let ahead else { return false }
        let layout = tables[table]
        // Every home slot asked for before any is read: their cache misses overlap.
        for hash in hashes {
            let position = Int(layout.home(of: Self.storedHash(hash)))
            if position < Int(layout.slotCount) { Prefetch.forReading(base + position * Self.slotSize) }
        }
        ahead.start()
        // At most a batch's worth: the lookups past it read their records themselves.
        for hash in hashes where !ahead.isFull {
            let hash = Self.storedHash(hash)
            var position = layout.home(of: hash)
            while position < layout.slotCount {
                let slot = Int(position) * Self.slotSize
                let slotHash = UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: slot, as: UInt64.self))
                if slotHash == 0 || slotHash > hash { break }
                if slotHash == hash {
                    let offset = UInt64(littleEndian: slots.loadUnaligned(fromByteOffset: slot + 8, as: UInt64.self))
                    // A slot that points outside the records is left to the lookup, which says so.
                    if offset >= UInt64(Self.headerSize), offset < recordsEnd {
                        ahead.add(offset: offset, length: Int(min(UInt64(recordReadSize), recordsEnd - offset)))
                    }
                    break
                }
                position += 1
            }
        }
        guard ahead.read() else {
            self.ahead = nil
            return false
        }
        return true
    }

    /// A table is read into memory on the lookup whose number is this share of its slots' number:
    /// the rule of renting until the rent paid equals the price of buying. Reading in the FFN table
    /// of 1M members (2M slots, 32 MB) onto fresh huge pages takes 35–45 ms here; a lookup that
    /// reads its slot group from the file instead makes one more `pread`, about 1.2 µs (a random
    /// `pread` in `Benchmarks/csv_floor.c`). The slot reads equal the read-in after about 30,000
    /// lookups: near a 64th of the slots' number.
    static let readInLookupsPerSlot: UInt64 = 64

    /// The slots of table `index` in memory, read in whole on the lookup that makes their number
    /// a ``readInLookupsPerSlot``-th of the slots' (when the budget still holds them); nil while
    /// the table is read slot group by slot group.
    private func slotsInMemory(of index: Int) throws -> UnsafeMutableRawBufferPointer? {
        if let slots = tablesInMemory[index] { return slots }
        lookups[index] += 1
        guard lookups[index] == readInLookups(of: index) else { return nil }
        return try readIn(index)
    }

    /// The number of lookups in table `table` on which it is read into memory.
    public func readInLookups(of table: Int) -> UInt64 {
        max(tables[table].slotCount / Self.readInLookupsPerSlot, 1)
    }

    /// Reads table `table` into memory now, if the budget holds it, instead of on its
    /// ``readInLookups(of:)``-th lookup: for a caller that knows that many lookups are coming and
    /// has a core to spare before they start (a run's first pass over a large file). The file
    /// must not be used by another thread meanwhile.
    /// - Returns: whether the table is in memory.
    /// - Throws: ``RecordIOError`` when the file cannot be read.
    @discardableResult
    public func readTableIn(_ table: Int) throws -> Bool {
        if tablesInMemory[table] != nil { return true }
        return try readIn(table) != nil
    }

    /// Reads the slots of table `index` into memory when the budget still holds them.
    private func readIn(_ index: Int) throws -> UnsafeMutableRawBufferPointer? {
        let table = tables[index]
        let (bytes, overflow) = table.slotCount.multipliedReportingOverflow(by: UInt64(Self.slotSize))
        guard !overflow, bytes > 0, bytes <= UInt64(Int.max), tableMemory.take(Int(bytes)) else { return nil }
        guard let slots = HugePageMemory.allocate(byteCount: Int(bytes)) else {
            tableMemory.giveBack(Int(bytes))
            return nil
        }
        do {
            try readFully(into: slots, at: table.offset)
        } catch {
            HugePageMemory.deallocate(slots)
            tableMemory.giveBack(Int(bytes))
            throw error
        }
        tablesInMemory[index] = slots
        tableMemoryTaken += Int(bytes)
        return slots
    }

    /// Calls `body` with the record at `offset`.
    private func withRecord<T>(at offset: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard offset >= UInt64(Self.headerSize), offset < recordsEnd else {
            throw damaged("a slot points outside the records")
        }
        let available = Int(min(UInt64(recordReadSize), recordsEnd - offset))
        let start: UnsafeRawBufferPointer
        if let readAhead = ahead?.bytes(at: offset), readAhead.count == available {
            start = readAhead
            recordsFoundReadAhead &+= 1
        } else {
            try readFully(into: UnsafeMutableRawBufferPointer(rebasing: recordBuffer[0..<available]), at: offset)
            start = UnsafeRawBufferPointer(rebasing: recordBuffer[0..<available])
        }
        var cursor = 0
        guard let length = LEB128.read(start, from: &cursor, end: available),
            UInt64(cursor) + length <= recordsEnd - offset
        else { throw damaged("a record's length runs past the records") }
        let end = cursor + Int(length)
        if end <= available {
            return try body(UnsafeRawBufferPointer(rebasing: start[cursor..<end]))
        }
        let long = UnsafeMutableRawBufferPointer.allocate(byteCount: Int(length), alignment: 8)
        defer { long.deallocate() }
        try readFully(into: long, at: offset + UInt64(cursor))
        return try body(UnsafeRawBufferPointer(long))
    }

    private func readFully(into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64) throws {
        guard try readAvailable(descriptor, path: path, into: buffer, at: offset) == buffer.count else {
            throw damaged("it ends before its tables do")
        }
    }

    private func damaged(_ what: String) -> RecordIOError {
        RecordIOError(code: .damaged, path: path, message: "the file is damaged (\(what))")
    }

    /// The hash as slots hold it: 0 marks an empty slot.
    static func storedHash(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// A 64-bit hash of byte strings (FNV-1a over the parts, a 0xFF byte after each, then
    /// MurmurHash3's finalizer so the top bits spread evenly). It is part of the file format:
    /// never change it without changing ``formatVersion``.
    public static func hash(_ parts: UnsafeRawBufferPointer...) -> UInt64 {
        var hasher = KeyHasher()
        for part in parts { hasher.combine(part) }
        return hasher.finish()
    }

    /// ``hash(_:)`` of two parts, without the array of a variadic call (a lookup by key makes one).
    public static func hash(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = KeyHasher()
        hasher.combine(first)
        hasher.combine(second)
        return hasher.finish()
    }
}

/// The hash of ``HashedRecordFile``, fed part by part.
public struct KeyHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ part: UnsafeRawBufferPointer) {
        var state = self.state
        for byte in part { state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        self.state = (state ^ 0xFF) &* 0x0000_0100_0000_01b3
    }

    public func finish() -> UInt64 {
        var value = state
        value ^= value >> 33
        value = value &* 0xff51_afd7_ed55_8ccd
        value ^= value >> 33
        value = value &* 0xc4ce_b9fe_1a85_ec53
        value ^= value >> 33
        return value
    }
}

/// Writes a ``HashedRecordFile``: records as they come, then each table, then the header.
///
/// Memory stays bounded whatever the number of keys: a table keeps up to `keysInMemory` keys (16
/// bytes each), then moves them to 64 temporary files (``SpillFile``) by the top six bits of their
/// hash. At the end each file, 1/64 of the table, is read back, sorted and written in turn: its
/// hashes all come after the previous file's.
public final class HashedRecordFileWriter {
    public let path: String
    private let descriptor: Int32
    /// Bytes not yet written, `used` of `capacity`, written at `written` when full.
    private var buffer: UnsafeMutableRawPointer
    private var capacity = HashedRecordFileWriter.bufferSize
    private var used = 0
    private var offset = UInt64(HashedRecordFile.headerSize)
    /// The longest record so far, with its length.
    private var longestRecord = 0
    private var written = UInt64(0)
    private var tables: [TableKeys]
    private let keysInMemory: Int
    private let spillFolder: String?
    private static let bufferSize = 1 << 20
    /// The temporary files a table outgrowing memory goes to: one per value of the hash's top
    /// `spillBits` bits.
    static let spillBits: UInt64 = 6

    typealias Key = (hash: UInt64, offset: UInt64)

    private struct TableKeys {
        var inMemory: [Key] = []
        /// Set once the table outgrew memory: its keys by the hash's top six bits.
        var spilled: [SpillFile]?
    }

    /// Creates the file at `path` (replacing any), readable by its owner only, for `tables` tables.
    /// - Parameters:
    ///   - keysInMemory: keys a table holds in memory before it goes to temporary files.
    ///   - spillFolder: where those files go (by default `TMPDIR`, else `/tmp`).
    public init(path: String, tables: Int, keysInMemory: Int = 2 << 20, spillFolder: String? = nil) throws {
        precondition(tables <= HashedRecordFile.maximumTables && keysInMemory > 0)
        unlink(path)
        let descriptor = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw RecordIOError(creating: path, errno: errno) }
        self.path = path
        self.descriptor = descriptor
        self.tables = Array(repeating: TableKeys(), count: tables)
        self.keysInMemory = keysInMemory
        self.spillFolder = spillFolder
        buffer = .allocate(byteCount: capacity, alignment: 16)
        // The header is written last: until then the file is no file of the format.
        buffer.initializeMemory(as: UInt8.self, repeating: 0, count: HashedRecordFile.headerSize)
        used = HashedRecordFile.headerSize
    }

    deinit {
        close(descriptor)
        buffer.deallocate()
    }

    /// Appends a record of `size` bytes, which `write` writes into the memory it is given (all of
    /// it); returns the record's offset.
    public func appendRecord(size: Int, _ write: (UnsafeMutableRawBufferPointer) -> Void) throws -> UInt64 {
        let recordOffset = offset
        try reserve(LEB128.maximumLength + size)
        let start = used
        used += LEB128.write(UInt64(size), to: buffer + used)
        write(UnsafeMutableRawBufferPointer(start: buffer + used, count: size))
        used += size
        offset += UInt64(used - start)
        longestRecord = max(longestRecord, used - start)
        return recordOffset
    }

    /// Makes room for `count` more bytes in the buffer, writing out what it holds when needed.
    private func reserve(_ count: Int) throws {
        guard used + count > capacity else { return }
        try flush()
        guard count > capacity else { return }
        buffer.deallocate()
        capacity = count
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    /// Appends one slot.
    private func appendSlot(hash: UInt64, offset: UInt64) throws {
        try reserve(HashedRecordFile.slotSize)
        buffer.storeBytes(of: hash.littleEndian, toByteOffset: used, as: UInt64.self)
        buffer.storeBytes(of: offset.littleEndian, toByteOffset: used + 8, as: UInt64.self)
        used += HashedRecordFile.slotSize
    }

    /// Files the record at `recordOffset` under `hash` in table `table`.
    public func addKey(table: Int, hash: UInt64, recordOffset: UInt64) throws {
        tables[table].inMemory.append((HashedRecordFile.storedHash(hash), recordOffset))
        if tables[table].inMemory.count >= keysInMemory { try spill(table) }
    }

    private func spill(_ table: Int) throws {
        if tables[table].spilled == nil {
            tables[table].spilled = try (0..<1 << Self.spillBits).map { _ in try SpillFile(folder: spillFolder) }
        }
        let files = tables[table].spilled!
        for key in tables[table].inMemory { try files[Int(key.hash >> (64 - Self.spillBits))].write(key) }
        tables[table].inMemory.removeAll(keepingCapacity: true)
    }

    /// Writes the tables in order, then the header, and syncs the file to disk (not its folder).
    ///
    /// While table 0 is written, each run of its entries sharing a hash (their record offsets,
    /// ascending) goes to `leaveOut`, which returns the offsets of the records to
    /// leave out of every table, such as a later record with the same key (the hash says only that
    /// keys may be equal: read the records to tell).
    /// - Returns: the offsets left out.
    @discardableResult
    public func finish(leaveOut: ([UInt64]) throws -> [UInt64] = { _ in [] }) throws -> Set<UInt64> {
        var header = [UInt8](repeating: 0, count: HashedRecordFile.headerSize)
        header.replaceSubrange(0..<8, with: HashedRecordFile.magic)
        header.writeUInt32(HashedRecordFile.formatVersion, at: 8)
        header.writeUInt32(UInt32(tables.count), at: 12)
        header.writeUInt64(offset, at: 16)
        header.writeUInt64(UInt64(longestRecord), at: HashedRecordFile.longestRecordOffset)
        var excluded = Set<UInt64>()
        for index in tables.indices {
            let table = try writeTable(index) { group in
                guard index == 0 else { return }
                excluded.formUnion(try leaveOut(group))
            } excluding: {
                !excluded.isEmpty && excluded.contains($0)
            }
            let base = 24 + index * 24
            header.writeUInt64(table.offset, at: base)
            header.writeUInt64(table.slotCount, at: base + 8)
            header.writeUInt32(table.bits, at: base + 16)
        }
        try flush()
        try header.withUnsafeBytes { try writeAll($0, at: 0) }
        while fsync(descriptor) != 0 {
            guard errno == EINTR else { throw RecordIOError(path: path, errno: errno, doing: "sync it to disk") }
        }
        return excluded
    }

    /// Writes the slots of table `index` after what is written: its keys in (hash, offset) order,
    /// a part at a time, each entry at its home slot or right after the entry before.
    private func writeTable(
        _ index: Int, sharingAHash: ([UInt64]) throws -> Void, excluding isExcluded: (UInt64) -> Bool
    ) throws -> HashedRecordFile.Table {
        var keyCount = tables[index].inMemory.count
        if let files = tables[index].spilled {
            try spill(index)
            keyCount = 0
            for file in files { keyCount += file.bytesWritten / MemoryLayout<Key>.stride }
        }
        var bits: UInt32 = 3
        while (UInt64(1) << UInt64(bits)) < UInt64(keyCount) * 2 { bits += 1 }
        let table = HashedRecordFile.Table(offset: offset, slotCount: 0, bits: bits)
        var next: UInt64 = 0  // the first slot not written yet

        func write(_ keys: inout [Key]) throws {
            Self.sortByHash(&keys)
            var start = 0
            while start < keys.count {
                let hash = keys[start].hash
                var end = start + 1
                while end < keys.count, keys[end].hash == hash { end += 1 }
                try emptySlots(upTo: table.home(of: hash))
                if end - start == 1 {
                    // Most keys: a hash of their own, so no group to report.
                    let offset = keys[start].offset
                    if !isExcluded(offset) {
                        try appendSlot(hash: hash, offset: offset)
                        next += 1
                    }
                } else {
                    try sharingAHash(keys[start..<end].map(\.offset))
                    for index in start..<end where !isExcluded(keys[index].offset) {
                        try appendSlot(hash: hash, offset: keys[index].offset)
                        next += 1
                    }
                }
                start = end
            }
        }
        func emptySlots(upTo position: UInt64) throws {
            while next < position {
                try appendSlot(hash: 0, offset: 0)
                next += 1
            }
        }

        if let files = tables[index].spilled {
            tables[index] = TableKeys()
            for file in files {
                var keys = try Self.readKeys(from: file)
                try write(&keys)
            }
        } else {
            var keys = tables[index].inMemory
            tables[index] = TableKeys()
            try write(&keys)
        }
        try emptySlots(upTo: UInt64(1) << UInt64(bits))
        offset += next * UInt64(HashedRecordFile.slotSize)
        return HashedRecordFile.Table(offset: table.offset, slotCount: next, bits: bits)
    }

    /// Sorts keys by hash, then offset: a stable radix sort on the hash (``StableRadixSort``), then
    /// each run of one hash in offset order (keys come in offset order, so this rarely moves any).
    static func sortByHash(_ keys: inout [Key]) {
        let count = keys.count
        guard count > 1 else { return }
        StableRadixSort.sort(&keys) { $0.hash }
        var start = 0
        while start < count {
            var end = start + 1
            while end < count, keys[end].hash == keys[start].hash { end += 1 }
            if end - start > 1 { keys[start..<end].sort { $0.offset < $1.offset } }
            start = end
        }
    }

    private static func readKeys(from file: SpillFile) throws -> [Key] {
        try file.rewind()
        let count = file.bytesWritten / MemoryLayout<Key>.stride
        var keys = [Key](repeating: (0, 0), count: count)
        let read = try keys.withUnsafeMutableBytes { try file.read(into: $0) }
        guard read == count * MemoryLayout<Key>.stride else {
            throw RecordIOError(
                code: .ioError, path: file.folder, message: "a temporary file came back short; check TMPDIR's disk")
        }
        return keys
    }

    /// Calls `body` with the bytes of the record at `offset`, a record appended before.
    public func withRecord<T>(at offset: UInt64, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        try flush()
        var prefix = [UInt8](repeating: 0, count: LEB128.maximumLength)
        let got = try prefix.withUnsafeMutableBytes { try readAvailable(descriptor, path: path, into: $0, at: offset) }
        var cursor = 0
        guard let length = prefix.withUnsafeBytes({ LEB128.read($0, from: &cursor, end: got) }) else {
            throw RecordIOError(code: .damaged, path: path, message: "no record at offset \(offset)")
        }
        var record = [UInt8](repeating: 0, count: Int(length))
        let read = try record.withUnsafeMutableBytes {
            try readAvailable(descriptor, path: path, into: $0, at: offset + UInt64(cursor))
        }
        guard read == record.count else {
            throw RecordIOError(code: .damaged, path: path, message: "the record at offset \(offset) is cut short")
        }
        return try record.withUnsafeBytes(body)
    }

    private func flush() throws {
        try writeAll(UnsafeRawBufferPointer(start: buffer, count: used), at: written)
        // Starts the disk write of what was just written, so that the final fsync has little left.
        Writeback.start(descriptor: descriptor, offset: Int64(written), count: Int64(used))
        written += UInt64(used)
        used = 0
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer, at position: UInt64) throws {
        var done = 0
        while done < bytes.count {
            let count = pwrite(descriptor, bytes.baseAddress! + done, bytes.count - done, off_t(position) + off_t(done))
            if count < 0 {
                if errno == EINTR { continue }
                throw RecordIOError(path: path, errno: errno, doing: "write it")
            }
            done += count
        }
    }
}

/// Reads from `descriptor` at `offset` into `buffer` until it is full or the file ends; returns
/// the bytes read.
private func readAvailable(
    _ descriptor: Int32, path: String, into buffer: UnsafeMutableRawBufferPointer, at offset: UInt64
) throws -> Int {
    var filled = 0
    while filled < buffer.count {
        let count = pread(
            descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset) + off_t(filled))
        if count == 0 { break }
        if count < 0 {
            if errno == EINTR { continue }
            throw RecordIOError(path: path, errno: errno, doing: "read it")
        }
        filled += count
    }
    return filled
}

/// Unsigned LEB128: 7 bits a byte, low first, the high bit set on all but the last.
public enum LEB128 {
    /// The most bytes a value takes.
    public static let maximumLength = 10

    /// The bytes `value` takes.
    @inline(__always)
    public static func length(of value: UInt64) -> Int {
        var value = value
        var length = 1
        while value >= 0x80 {
            value >>= 7
            length += 1
        }
        return length
    }

    /// Writes `value` at `target`; returns the bytes written.
    @inline(__always)
    public static func write(_ value: UInt64, to target: UnsafeMutableRawPointer) -> Int {
        var value = value
        var length = 0
        while value >= 0x80 {
            target.storeBytes(of: UInt8(truncatingIfNeeded: value) | 0x80, toByteOffset: length, as: UInt8.self)
            value >>= 7
            length += 1
        }
        target.storeBytes(of: UInt8(value), toByteOffset: length, as: UInt8.self)
        return length + 1
    }

    /// Reads a value at `cursor`, not past `end`, and moves the cursor past it; nil when it runs
    /// past `end` or is longer than ten bytes.
    @inline(__always)
    @inlinable
    public static func read(_ bytes: UnsafeRawBufferPointer, from cursor: inout Int, end: Int) -> UInt64? {
        // Most values (cell lengths, document counts) take one byte.
        if cursor < end, bytes[cursor] < 0x80 {
            defer { cursor += 1 }
            return UInt64(bytes[cursor])
        }
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while cursor < end, shift < 64 {
            let byte = bytes[cursor]
            cursor += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
        return nil
    }
}

extension RecordIOError {
    /// A system call on `path` failed with `code` while doing `action`.
    init(path: String, errno code: Int32, doing action: String) {
        let reason = String(cString: strerror(code))
        let advice = code == ENOSPC ? "; free disk space and try again" : ""
        self.init(code: .ioError, path: path, message: "cannot \(action) (\(reason))\(advice)")
    }

    init(creating path: String, errno code: Int32) {
        let reason = String(cString: strerror(code))
        self.init(
            code: .cannotCreate, path: path,
            message: "cannot create it (\(reason)); check that its folder exists and is writable")
    }
}

extension [UInt8] {
    fileprivate func readUInt32(at index: Int) -> UInt32 {
        withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: index, as: UInt32.self)) }
    }

    fileprivate func readUInt64(at index: Int) -> UInt64 {
        withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: index, as: UInt64.self)) }
    }

    fileprivate mutating func writeUInt32(_ value: UInt32, at index: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { replaceSubrange(index..<index + 4, with: $0) }
    }

    fileprivate mutating func writeUInt64(_ value: UInt64, at index: Int) {
        Swift.withUnsafeBytes(of: value.littleEndian) { replaceSubrange(index..<index + 8, with: $0) }
    }
}
