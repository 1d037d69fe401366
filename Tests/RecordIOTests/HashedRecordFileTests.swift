import Foundation
import Testing

@testable import RecordIO

/// A fresh folder per test, removed afterwards.
final class ScratchFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/recordio-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

@Suite("HashedRecordFile")
struct HashedRecordFileTests {
    let folder: ScratchFolder

    init() throws { folder = try ScratchFolder() }

    /// Writes `records` (bytes, and the hashes each is filed under in table 0) and opens the file;
    /// the records at `leavingOut` are left out when a hash they share comes up.
    private func file(
        _ records: [(bytes: [UInt8], hashes: [UInt64])], leavingOut: Set<Int> = [], keysInMemory: Int = 1 << 20,
        tableMemory: Int = 64 << 20
    ) throws -> HashedRecordFile {
        let path = folder.file("records")
        let writer = try HashedRecordFileWriter(
            path: path, tables: 1, keysInMemory: keysInMemory, spillFolder: folder.path)
        var offsets: [UInt64] = []
        for record in records {
            let offset = try writer.appendRecord(size: record.bytes.count) { target in
                target.copyBytes(from: record.bytes)
            }
            offsets.append(offset)
            for hash in record.hashes { try writer.addKey(table: 0, hash: hash, recordOffset: offset) }
        }
        let leftOut = Set(leavingOut.map { offsets[$0] })
        try writer.finish { group in group.filter(leftOut.contains) }
        return try #require(try HashedRecordFile(path: path, tableMemory: MemoryBudget(bytes: tableMemory)))
    }

    /// 5,000 records, each under a hash of its number (spread: most slots hold one entry, some
    /// clusters run on) and under a small hash that hundreds share.
    static let spreadRecords = (0..<5000).map { index -> (bytes: [UInt8], hashes: [UInt64]) in
        var hasher = KeyHasher()
        withUnsafeBytes(of: index) { hasher.combine($0) }
        return (Array("record \(index)".utf8), [hasher.finish(), UInt64(index % 7)])
    }

    private func records(in file: HashedRecordFile, hash: UInt64) throws -> [[UInt8]] {
        var found: [[UInt8]] = []
        try file.forEachRecord(in: 0, hash: hash) { _, record in
            found.append(Array(record))
            return true
        }
        return found
    }

    @Test(
        "every record comes back under each of its hashes, and only there, whether the keys stayed in memory or not",
        arguments: [1 << 20, 100])
    func roundTrip(keysInMemory: Int) throws {
        // With 100 keys in memory, the keys go through the 64 temporary files.
        let records = Self.spreadRecords
        let file = try file(records, keysInMemory: keysInMemory)
        for record in records {
            #expect(try self.records(in: file, hash: record.hashes[0]) == [record.bytes])
        }
        // Small hashes shared by hundreds of records: all come back, in the order they were added.
        #expect(try self.records(in: file, hash: 3) == records.filter { $0.hashes[1] == 3 }.map(\.bytes))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["records"])
        var hasher = KeyHasher()
        hasher.combine(UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(try self.records(in: file, hash: hasher.finish()).isEmpty)
    }

    @Test(
        "a table that many lookups use is read into memory when it fits, and finds the same records",
        arguments: [0, 1024, 64 << 20])
    func tableInMemory(tableMemory: Int) throws {
        let records = Self.spreadRecords
        let file = try file(records, tableMemory: tableMemory)
        // The first lookups read slots from the file; past a 64th of the slots' number, the
        // table (10,000 keys at half load: 32,768 slots of 16 bytes, 512 KiB) comes into memory if
        // it fits.
        let readInAt = Int(32_768 / HashedRecordFile.readInLookupsPerSlot)
        for (lookups, record) in zip(1..., records) {
            #expect(try self.records(in: file, hash: record.hashes[0]) == [record.bytes])
            #expect(file.holdsInMemory(table: 0) == (tableMemory == 64 << 20 && lookups >= readInAt))
        }
        #expect(try self.records(in: file, hash: 3) == records.filter { $0.hashes[1] == 3 }.map(\.bytes))
        #expect(file.holdsInMemory(table: 0) == (tableMemory == 64 << 20))
    }

    @Test(
        "a table read in ahead of its lookups is in memory from the first one, when it fits, and finds the same records",
        arguments: [1024, 64 << 20])
    func tableReadInAhead(tableMemory: Int) throws {
        let records = Self.spreadRecords
        let file = try file(records, tableMemory: tableMemory)
        // 10,000 keys at half load: 32,768 slots, read in on the 512th lookup when left to the lookups.
        #expect(file.readInLookups(of: 0) == 512)
        let fits = tableMemory == 64 << 20
        #expect(try file.readTableIn(0) == fits)
        #expect(file.holdsInMemory(table: 0) == fits)
        // Again: nothing more is taken from the budget.
        #expect(try file.readTableIn(0) == fits)
        for record in records { #expect(try self.records(in: file, hash: record.hashes[0]) == [record.bytes]) }
        #expect(try self.records(in: file, hash: 3) == records.filter { $0.hashes[1] == 3 }.map(\.bytes))
        #expect(file.holdsInMemory(table: 0) == fits)
    }

    @Test(
        "a prefetch is only a hint: it counts as no lookup, takes any hash, in memory or not, and changes no record found",
        arguments: [1024, 64 << 20])
    func prefetchIsAHint(tableMemory: Int) throws {
        let records = Self.spreadRecords
        let file = try file(records, tableMemory: tableMemory)
        let extremes: [UInt64] = [0, 1, 3, .max, .max - 1, 1 << 63]
        // Before the read-in: prefetches are not lookups, so the table comes in on the same lookup.
        for hash in extremes + records.map({ $0.hashes[0] }) { file.prefetch(in: 0, hash: hash) }
        #expect(!file.holdsInMemory(table: 0))
        let readInAt = Int(file.readInLookups(of: 0))
        for (lookups, record) in zip(1..., records) {
            file.prefetch(in: 0, hash: records[(lookups + 3) % records.count].hashes[0])
            #expect(try self.records(in: file, hash: record.hashes[0]) == [record.bytes])
            #expect(file.holdsInMemory(table: 0) == (tableMemory == 64 << 20 && lookups >= readInAt))
        }
        for hash in extremes { file.prefetch(in: 0, hash: hash) }
        #expect(try self.records(in: file, hash: 3) == records.filter { $0.hashes[1] == 3 }.map(\.bytes))

        // A file without records: its table has no slot to prefetch.
        let empty = try self.file([], tableMemory: tableMemory)
        _ = try empty.readTableIn(0)
        for hash in extremes { empty.prefetch(in: 0, hash: hash) }
        #expect(try self.records(in: empty, hash: 3).isEmpty)
    }

    @Test(
        "lookups find the same records with or without reading ahead, long, empty and shared ones included; a table not in memory reads nothing ahead",
        arguments: [false, true])
    func readAhead(longRecords: Bool) throws {
        let long = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        // With a record of 70,000 bytes, reads are 64 KiB each and a batch takes 16 of them.
        let records = Self.spreadRecords + (longRecords ? [(long, [1]), ([], [2])] : [])
        for inMemory in [true, false] {
            _ = try file(records, tableMemory: inMemory ? 64 << 20 : 1024)
            let path = folder.file("records")
            let plain = try #require(try HashedRecordFile(path: path, tableMemory: MemoryBudget(bytes: 64 << 20)))
            let ahead = try #require(
                try HashedRecordFile(path: path, tableMemory: MemoryBudget(bytes: inMemory ? 64 << 20 : 1024)))
            #expect(try ahead.readTableIn(0) == inMemory)
            // Batches of 300 hashes (more than a batch reads): each record's own hash, then hashes
            // no record has and the small hashes shared by hundreds (hash 0 is stored as 1).
            let hashes = records.map { $0.hashes[0] } + [12_345, 1, 2, 3, 0, .max, 1 << 63]
            var batches = 0
            for batch in stride(from: 0, to: hashes.count, by: 300) {
                let batch = Array(hashes[batch..<min(batch + 300, hashes.count)])
                // Read ahead or not (a kernel without a ring), the records found are the same.
                _ = batch.withUnsafeBufferPointer { ahead.readAhead(in: 0, hashes: $0) }
                batches += 1
                for hash in batch {
                    #expect(try self.records(in: ahead, hash: hash) == self.records(in: plain, hash: hash))
                }
            }
            #expect(plain.recordsFoundReadAhead == 0)
            if inMemory && ReadRing.make(entries: 16, stride: 64) != nil {
                // Each batch reads ahead the first record of its first 256 lookups (16 with long reads).
                #expect(ahead.recordsFoundReadAhead >= (longRecords ? 16 : 256) * (batches - 1))
            } else {
                #expect(ahead.recordsFoundReadAhead == 0)
            }
        }
    }

    @Test("lookups leave the file's access time as it was (read without access-time updates)")
    func lookupsKeepTheAccessTime() throws {
        let records = Self.spreadRecords
        let file = try file(records, tableMemory: 0)
        // Read two days ago, written three: a `relatime` mount updates an access time more than a
        // day old on the next read (and any mount but `noatime` one older than the last write).
        let twoDaysAgo = time(nil) - 2 * 86_400
        var times = [timespec(tv_sec: twoDaysAgo, tv_nsec: 0), timespec(tv_sec: twoDaysAgo - 86_400, tv_nsec: 0)]
        #expect(utimensat(AT_FDCWD, file.path, &times, 0) == 0)
        for record in records.prefix(100) {
            #expect(try self.records(in: file, hash: record.hashes[0]) == [record.bytes])
        }
        var status = stat()
        #expect(stat(file.path, &status) == 0)
        #expect(status.st_atim.tv_sec == twoDaysAgo)
    }

    @Test("files that share a budget hold no more tables in memory than it allows, and give it back on closing")
    func sharedBudget() throws {
        let records = Self.spreadRecords
        _ = try file(records)
        // Room for one table of 10,000 keys (at half load, 32,768 slots of 16 bytes: 512 KiB and a
        // few slots more), not for two.
        let budget = MemoryBudget(bytes: 600 << 10)
        func lookUpAll(_ file: HashedRecordFile) throws {
            for record in records { #expect(try self.records(in: file, hash: record.hashes[0]) == [record.bytes]) }
        }
        func open() throws -> HashedRecordFile {
            try #require(try HashedRecordFile(path: folder.file("records"), tableMemory: budget))
        }
        var first: HashedRecordFile? = try open()
        let second = try open()
        try lookUpAll(first!)
        try lookUpAll(second)
        #expect(first!.holdsInMemory(table: 0) && !second.holdsInMemory(table: 0))
        #expect(budget.bytesLeft <= (600 << 10) - (512 << 10))
        first = nil
        #expect(budget.bytesLeft == 600 << 10)
    }

    @Test(
        "keys are sorted by hash, then offset, as a comparison sort orders them",
        arguments: [0, 1, 2, 255, 256, 70_000])
    func keysSortedByHash(count: Int) {
        var generator = SystemRandomNumberGenerator()
        // Hashes that differ in one byte only, hashes shared by several keys, offsets in any order.
        let sharedHashes: [UInt64] = [0, .max, 0x0100_0000_0000_0000, 0xFF, 0x8000_0000_0000_0001]
        var keys: [HashedRecordFileWriter.Key] = (0..<count).map { index in
            let hash = index % 7 == 0 ? sharedHashes[index % sharedHashes.count] : generator.next() as UInt64
            return (hash: hash, offset: UInt64(index) &* 0x9E37_79B9)
        }
        keys.shuffle()
        let expected = keys.sorted { ($0.hash, $0.offset) < ($1.hash, $1.offset) }
        HashedRecordFileWriter.sortByHash(&keys)
        #expect(keys.map(\.hash) == expected.map(\.hash))
        #expect(keys.map(\.offset) == expected.map(\.offset))
    }

    @Test(
        "keys whose hashes share their leading bits (a part of a table that outgrew memory) are sorted the same way",
        arguments: [6, 40, 62, 64])
    func keysSharingLeadingBits(sharedBits: Int) {
        var generator = SystemRandomNumberGenerator()
        let prefix: UInt64 = 0xB6D3_5A7C_91E4_2F08
        let mask: UInt64 = sharedBits == 64 ? 0 : .max >> UInt64(sharedBits)
        var keys: [HashedRecordFileWriter.Key] = (0..<5_000).map { index in
            (hash: (prefix & ~mask) | ((generator.next() as UInt64) & mask), offset: UInt64(5_000 - index))
        }
        let expected = keys.sorted { ($0.hash, $0.offset) < ($1.hash, $1.offset) }
        HashedRecordFileWriter.sortByHash(&keys)
        #expect(keys.map(\.hash) == expected.map(\.hash))
        #expect(keys.map(\.offset) == expected.map(\.offset))
    }

    @Test("records sharing a hash come back in the order they were added; hash 0 works like any other")
    func sharedHashes() throws {
        let file = try file([
            (Array("first".utf8), [42, 0]),
            (Array("other".utf8), [7]),
            (Array("second".utf8), [42, 0]),
            (Array("third".utf8), [42]),
        ])
        #expect(
            try records(in: file, hash: 42).map { String(decoding: $0, as: UTF8.self) } == ["first", "second", "third"])
        #expect(try records(in: file, hash: 0).map { String(decoding: $0, as: UTF8.self) } == ["first", "second"])
        #expect(try records(in: file, hash: 7).map { String(decoding: $0, as: UTF8.self) } == ["other"])
        #expect(try records(in: file, hash: 43).isEmpty)
        // The largest hash has its home in the last slot: a lookup there must not run off the table.
        #expect(try records(in: file, hash: .max).isEmpty)
    }

    @Test("a record longer than one read, and an empty one, come back whole")
    func longRecords() throws {
        let long = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        let file = try file([(long, [1]), ([], [2]), (Array("after".utf8), [3])])
        #expect(try records(in: file, hash: 1) == [long])
        #expect(try records(in: file, hash: 2) == [[]])
        #expect(try records(in: file, hash: 3) == [Array("after".utf8)])
    }

    @Test(
        "records of every size up to 600 bytes come back whole, read as long as the longest, or 512 bytes at a time in a file without that size"
    )
    func readSizes() throws {
        let records = (0...600).map { size in
            (bytes: (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ size) }, hashes: [UInt64(size + 1)])
        }
        for withoutLongest in [false, true] {
            _ = try file(records)
            if withoutLongest {
                // As a file written before the header kept the longest record's size.
                let handle = try #require(FileHandle(forUpdatingAtPath: folder.file("records")))
                try handle.seek(toOffset: 216)
                try handle.write(contentsOf: Data(repeating: 0, count: 8))
                try handle.close()
            }
            let reopened = try #require(try HashedRecordFile(path: folder.file("records")))
            for record in records {
                #expect(try self.records(in: reopened, hash: record.hashes[0]) == [record.bytes])
            }
        }
    }

    @Test("a record left out where it shares a hash is found under none of its hashes", arguments: [1 << 20, 1])
    func leftOut(keysInMemory: Int) throws {
        let file = try file(
            [(Array("kept".utf8), [5]), (Array("dropped".utf8), [5, 6])], leavingOut: [1], keysInMemory: keysInMemory)
        #expect(try records(in: file, hash: 5) == [Array("kept".utf8)])
        #expect(try records(in: file, hash: 6).isEmpty)
    }

    @Test("a body returning false stops the lookup")
    func stops() throws {
        let file = try file([(Array("a".utf8), [9]), (Array("b".utf8), [9])])
        var seen = 0
        try file.forEachRecord(in: 0, hash: 9) { _, _ in
            seen += 1
            return false
        }
        #expect(seen == 1)
    }

    @Test("no file, an unfinished file or another format opens as nil; a damaged table is an error, not a crash")
    func unusable() throws {
        #expect(try HashedRecordFile(path: folder.file("missing")) == nil)
        let unfinished = try HashedRecordFileWriter(path: folder.file("unfinished"), tables: 1)
        _ = try unfinished.appendRecord(size: 1) { $0[0] = UInt8(ascii: "x") }
        #expect(try HashedRecordFile(path: folder.file("unfinished")) == nil)
        try Data("not a record file".utf8).write(to: URL(fileURLWithPath: folder.file("other")))
        #expect(try HashedRecordFile(path: folder.file("other")) == nil)

        // A slot pointing into the header.
        _ = try file([(Array("x".utf8), [3])])
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.file("records"))))
        let slotOffset = try #require(
            stride(from: bytes.count - 16, through: 0, by: -16).first { offset in
                bytes[offset..<offset + 8].elementsEqual(withUnsafeBytes(of: UInt64(3).littleEndian, Array.init))
            })
        bytes.replaceSubrange(
            slotOffset + 8..<slotOffset + 16, with: withUnsafeBytes(of: UInt64(8).littleEndian, Array.init))
        try Data(bytes).write(to: URL(fileURLWithPath: folder.file("records")))
        let damaged = try #require(try HashedRecordFile(path: folder.file("records")))
        let error = try #require(throws: RecordIOError.self) { try records(in: damaged, hash: 3) }
        #expect(error.code == .damaged)
    }

    @Test("LEB128 numbers take the bytes they say and read back, up to 64 bits; a cut one reads as nil")
    func leb128() throws {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: LEB128.maximumLength, alignment: 1)
        defer { buffer.deallocate() }
        for (value, length) in [(UInt64(0), 1), (127, 1), (128, 2), (16_383, 2), (16_384, 3), (.max, 10)] {
            #expect(LEB128.length(of: value) == length)
            #expect(LEB128.write(value, to: buffer.baseAddress!) == length)
            var cursor = 0
            #expect(LEB128.read(UnsafeRawBufferPointer(buffer), from: &cursor, end: length) == value)
            #expect(cursor == length)
            cursor = 0
            #expect(LEB128.read(UnsafeRawBufferPointer(buffer), from: &cursor, end: length - 1) == nil)
        }
    }

    @Test("the hash is stable: it is part of the file format")
    func stableHash() throws {
        let hash = Array("VN".utf8).withUnsafeBytes { programme in
            Array("9200000017".utf8).withUnsafeBytes { ffn in HashedRecordFile.hash(programme, ffn) }
        }
        // Parts are separated: "VN" + "9200000017" differs from "VN9" + "200000017".
        let shifted = Array("VN9".utf8).withUnsafeBytes { programme in
            Array("200000017".utf8).withUnsafeBytes { ffn in HashedRecordFile.hash(programme, ffn) }
        }
        #expect(hash != shifted)
        // The two-part form is the same hash as the parts fed one by one (and as the variadic one).
        var hasher = KeyHasher()
        Array("VN".utf8).withUnsafeBytes { hasher.combine($0) }
        Array("9200000017".utf8).withUnsafeBytes { hasher.combine($0) }
        #expect(hash == hasher.finish())
        // FNV-1a 64 with 0xFF after each part, then MurmurHash3's fmix64, computed apart (Python).
        #expect(hash == 0xfc9e_9b73_2aea_43e7)
    }
}
