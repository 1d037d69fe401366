internal import RecordIO

/// The lookup file of a member store (`DIRECTORY.members-N.lookup`, schema version 5): every
/// member of the store as one record, found by programme + FFN or by programme + document in one
/// hash probe (``RecordIO/HashedRecordFile``). A run's member lookups read it instead of the
/// store's SQLite indexes: a lookup through SQLite's VM and B-trees cost about 7 µs of CPU, the
/// busiest work of a run.
///
/// The import that builds a store writes its lookup file from the same rows in the same pass,
/// leaves out the duplicates it removes from the store, and syncs it before the directory names
/// the store: the two are one generation and never change. It answers what SQL over the member
/// rows would (the same stored bytes compared; members in id order; a member holding a document
/// twice found once), which a test checks against the extract. The store has no lookup indexes
/// of its own, so a store without its lookup file (a directory copied without it) cannot be used:
/// opening the directory says which file is missing.
///
/// A record: the member's id and its number of documents, then the lengths of its cells, then the
/// cells' UTF-8 bytes back to back: the 26 ``DirectorySchema/memberColumns`` in order, then type,
/// number and issue country of each document. Numbers and lengths are LEB128. Records are in id
/// order.
enum MemberLookupFile {
    static let ffnTable = 0
    static let documentTable = 1

    /// The lookup file of the store at `storePath`.
    static func path(storePath: String) -> String { storePath + ".lookup" }

    static func ffnHash(programme: UnsafeRawBufferPointer, ffn: UnsafeRawBufferPointer) -> UInt64 {
        HashedRecordFile.hash(programme, ffn)
    }

    static func documentHash(
        programme: UnsafeRawBufferPointer, type: UnsafeRawBufferPointer, number: UnsafeRawBufferPointer,
        issueCountry: UnsafeRawBufferPointer
    ) -> UInt64 {
        HashedRecordFile.hash(programme, type, number, issueCountry)
    }

    // MARK: Writing

    /// Writes the lookup file of a store being imported, block by block as the rows are parsed.
    /// The n-th member added is the store's member n (the import inserts them in the same order
    /// into a new table, which numbers its rows 1, 2, 3...).
    final class Builder {
        private let writer: HashedRecordFileWriter
        private var added: Int64 = 0

        /// - Parameter keysInMemory: keys per table kept in memory (16 bytes each) before they go to
        ///   temporary files.
        init(storePath: String, keysInMemory: Int) throws {
            writer = try HashedRecordFileWriter(
                path: MemberLookupFile.path(storePath: storePath), tables: 2, keysInMemory: keysInMemory)
        }

        /// Adds the members of `block`, in order.
        func add(_ block: MemberRowBlock) throws {
            try block.withCells { cells in
                for entry in block.entries {
                    guard case .member(_, let firstCell, let documentCount) = entry else { continue }
                    try add(cells: cells, from: firstCell, documentCount: documentCount)
                }
            }
        }

        /// Adds the next member, whose cells start at `firstCell` (``MemberRowBlock``'s layout).
        private func add(cells: MemberRowBlock.Cells, from firstCell: Int, documentCount: Int) throws {
            added += 1
            let id = added
            let cellRange = firstCell..<firstCell + MemberRowBlock.columnCount + 3 * documentCount
            let cellBytes = cells.span(from: firstCell, count: cellRange.count)
            var size = LEB128.length(of: UInt64(id)) + LEB128.length(of: UInt64(documentCount)) + cellBytes.count
            for index in cellRange { size += LEB128.length(of: UInt64(cells.length(index))) }
            // Written in place, the cells' bytes in one copy: appending cell by cell to an array
            // was the parsing thread's largest cost.
            let offset = try writer.appendRecord(size: size) { target in
                var position = target.baseAddress!
                position += LEB128.write(UInt64(id), to: position)
                position += LEB128.write(UInt64(documentCount), to: position)
                for index in cellRange { position += LEB128.write(UInt64(cells.length(index)), to: position) }
                if let source = cellBytes.baseAddress { position.copyMemory(from: source, byteCount: cellBytes.count) }
            }
            let programme = cells[firstCell + MemberExtract.Column.programme.rawValue]
            try writer.addKey(
                table: MemberLookupFile.ffnTable,
                hash: MemberLookupFile.ffnHash(
                    programme: programme, ffn: cells[firstCell + MemberExtract.Column.ffn.rawValue]),
                recordOffset: offset)
            for document in 0..<documentCount {
                let first = firstCell + MemberRowBlock.columnCount + 3 * document
                try writer.addKey(
                    table: MemberLookupFile.documentTable,
                    hash: MemberLookupFile.documentHash(
                        programme: programme, type: cells[first], number: cells[first + 1],
                        issueCountry: cells[first + 2]),
                    recordOffset: offset)
            }
        }

        /// Writes the lookup tables and syncs the file (its folder is synced with the store's).
        /// A member whose programme + FFN a member with a smaller id already has is left out of
        /// them: the import deletes it from the store.
        /// - Returns: those duplicates in id order, each with the id of the member kept.
        func finish() throws -> [(id: Int64, firstId: Int64)] {
            var duplicates: [(id: Int64, firstId: Int64)] = []
            try writer.finish { offsetsSharingAHash in
                var firsts: [(key: [UInt8], id: Int64)] = []
                var later: [UInt64] = []
                for offset in offsetsSharingAHash {
                    let (key, id) = try writer.withRecord(at: offset) { record in
                        var cells = try RecordCells(record, path: writer.path)
                        // 0xFF never occurs in UTF-8: the pair is one unambiguous key.
                        return (Array(cells.next()) + [0xFF] + Array(cells.next()), Int64(cells.id))
                    }
                    if let first = firsts.first(where: { $0.key == key }) {
                        duplicates.append((id, first.id))
                        later.append(offset)
                    } else {
                        firsts.append((key, id))
                    }
                }
                return later
            }
            return duplicates.sorted { $0.id < $1.id }
        }
    }

    // MARK: Reading

    /// Reads members from a lookup file, as ``MemberDirectory``'s lookups do from SQL.
    final class Reader {
        private let file: HashedRecordFile
        /// Which of the 26 member columns lookups make strings of; the others stay empty.
        var columns: [Bool] = Array(repeating: true, count: MemberRowBlock.columnCount)

        /// Opens the lookup file of the store at `storePath`; nil when there is none, or only an
        /// unfinished one.
        init?(storePath: String) throws {
            guard let file = try HashedRecordFile(path: MemberLookupFile.path(storePath: storePath)) else { return nil }
            self.file = file
        }

        var path: String { file.path }

        /// The lookups of the tables by FFN and by document after which a table is read into memory.
        func lookupsWorthReadingIn(byFFN: Bool, byDocument: Bool) -> Int? {
            Self.tables(byFFN: byFFN, byDocument: byDocument).map { Int(file.readInLookups(of: $0)) }.min()
        }

        /// Reads the tables by FFN and by document into memory now (``RecordIO/HashedRecordFile/readTableIn(_:)``).
        func readTablesIn(byFFN: Bool, byDocument: Bool) throws {
            for table in Self.tables(byFFN: byFFN, byDocument: byDocument) { try file.readTableIn(table) }
        }

        /// Whether the tables by FFN and by document are in memory.
        var tablesInMemory: (byFFN: Bool, byDocument: Bool) {
            (
                file.holdsInMemory(table: MemberLookupFile.ffnTable),
                file.holdsInMemory(table: MemberLookupFile.documentTable)
            )
        }

        private static func tables(byFFN: Bool, byDocument: Bool) -> [Int] {
            (byFFN ? [MemberLookupFile.ffnTable] : []) + (byDocument ? [MemberLookupFile.documentTable] : [])
        }

        /// The first member (by id) of `programme` whose FFN is `ffn`.
        func member(programme: String, ffn: String) throws -> Member? {
            var programme = programme
            var ffn = ffn
            return try programme.withUTF8 { programme in
                try ffn.withUTF8 { ffn in
                    let programme = UnsafeRawBufferPointer(programme)
                    let ffn = UnsafeRawBufferPointer(ffn)
                    var found: Member?
                    try file.forEachRecord(
                        in: MemberLookupFile.ffnTable, hash: MemberLookupFile.ffnHash(programme: programme, ffn: ffn)
                    ) { _, record in
                        var cells = try RecordCells(record, path: file.path)
                        guard cells.next().hasSameBytes(as: programme), cells.next().hasSameBytes(as: ffn)
                        else {
                            return true
                        }
                        cells.rewind()
                        found = Self.member(from: &cells, columns: columns)
                        return false
                    }
                    return found
                }
            }
        }

        /// Starts bringing into the cache what ``member(programme:ffn:)`` reads first for this
        /// programme + FFN (``RecordIO/HashedRecordFile/prefetch(in:hash:)``); only a hint.
        func prefetchMember(programme: String, ffn: String) {
            var programme = programme
            var ffn = ffn
            programme.withUTF8 { programme in
                ffn.withUTF8 { ffn in
                    file.prefetch(
                        in: MemberLookupFile.ffnTable,
                        hash: MemberLookupFile.ffnHash(
                            programme: UnsafeRawBufferPointer(programme), ffn: UnsafeRawBufferPointer(ffn)))
                }
            }
        }

        /// Reads ahead, in one batch, the records that ``member(programme:ffn:)`` reads first for
        /// each of `hashes` (``MemberLookupFile/ffnHash(programme:ffn:)``); returns whether it did
        /// (``RecordIO/HashedRecordFile/readAhead(in:hashes:)``). Only a hint.
        func readMembersAhead(hashes: UnsafeBufferPointer<UInt64>) -> Bool {
            file.readAhead(in: MemberLookupFile.ffnTable, hashes: hashes)
        }

        /// Every member of `programme` holding the document (exact bytes), in id order, each once.
        func members(programme: String, type: String, number: String, issueCountry: String) throws -> [Member] {
            var (programme, type, number, issueCountry) = (programme, type, number, issueCountry)
            return try programme.withUTF8 { programme in
                try type.withUTF8 { type in
                    try number.withUTF8 { number in
                        try issueCountry.withUTF8 { country in
                            try members(
                                programme: UnsafeRawBufferPointer(programme), type: UnsafeRawBufferPointer(type),
                                number: UnsafeRawBufferPointer(number), issueCountry: UnsafeRawBufferPointer(country))
                        }
                    }
                }
            }
        }

        private func members(
            programme: UnsafeRawBufferPointer, type: UnsafeRawBufferPointer, number: UnsafeRawBufferPointer,
            issueCountry: UnsafeRawBufferPointer
        ) throws -> [Member] {
            var found: [Member] = []
            var lastFound: UInt64?
            let hash = MemberLookupFile.documentHash(
                programme: programme, type: type, number: number, issueCountry: issueCountry)
            try file.forEachRecord(in: MemberLookupFile.documentTable, hash: hash) { offset, record in
                var cells = try RecordCells(record, path: file.path)
                // A member holding the document twice has two adjacent entries.
                guard offset != lastFound, cells.next().hasSameBytes(as: programme) else { return true }
                cells.skip(MemberRowBlock.columnCount - 1)
                for _ in 0..<cells.documentCount {
                    // All three read first: the next document starts after them.
                    let (heldType, heldNumber, heldCountry) = (cells.next(), cells.next(), cells.next())
                    if heldType.hasSameBytes(as: type), heldNumber.hasSameBytes(as: number),
                        heldCountry.hasSameBytes(as: issueCountry)
                    {
                        lastFound = offset
                        cells.rewind()
                        found.append(Self.member(from: &cells, columns: columns))
                        break
                    }
                }
                return true
            }
            return found
        }

        /// The member whose record `cells` reads, from its first cell.
        private static func member(from cells: inout RecordCells, columns: [Bool]) -> Member {
            precondition(MemberRowBlock.columnCount == 26, "a lookup record holds the 26 extract columns")
            precondition(columns.count == MemberRowBlock.columnCount, "a flag for every column")
            // The flags read through a buffer: the array's subscript was a call per column.
            return columns.withUnsafeBufferPointer { wanted in
                Member(
                    readingColumns: { column in
                        let cell = cells.next()
                        return wanted[column] ? SmallASCIIString.decodingUTF8(cell) : ""
                    },
                    // An unknown status never gets into a store (the import checks it).
                    status: { Member.Status(letter: $0) ?? .fraud })
            }
        }
    }

    /// The cells of one record, read in order. The record is checked whole when it is opened, so
    /// reading its cells cannot fail (and the cells hold no reference to count per record).
    private struct RecordCells {
        let bytes: UnsafeRawBufferPointer
        /// The member's id in the store.
        private(set) var id: UInt64 = 0
        private(set) var documentCount = 0
        /// Where the next cell's length is, and where its bytes are.
        private var lengthCursor = 0
        private var cellCursor = 0
        /// Where the first cell's length and bytes are.
        private var firstLength = 0
        private var firstCell = 0
        /// Whether every cell's length takes one byte (a cell shorter than 128 bytes: nearly all
        /// records), so that ``next()`` reads a length as one byte.
        private var lengthsAreBytes = false

        init(_ bytes: UnsafeRawBufferPointer, path: String) throws {
            self.bytes = bytes
            var cursor = 0
            guard let id = LEB128.read(bytes, from: &cursor, end: bytes.count),
                let documents = LEB128.read(bytes, from: &cursor, end: bytes.count), documents < UInt64(bytes.count)
            else { throw Self.damaged(path) }
            self.id = id
            documentCount = Int(documents)
            lengthCursor = cursor
            firstLength = cursor
            let cellCount = MemberRowBlock.columnCount + 3 * documentCount
            var cellBytes: UInt64 = 0
            if let sum = Self.sumOfByteLengths(bytes, from: cursor, count: cellCount) {
                cellBytes = UInt64(sum)
                cursor += cellCount
                lengthsAreBytes = true
            } else {
                for _ in 0..<cellCount {
                    guard let length = LEB128.read(bytes, from: &cursor, end: bytes.count),
                        length <= UInt64(bytes.count)
                    else { throw Self.damaged(path) }
                    cellBytes += length
                }
            }
            // Every cell within the record: ``next()`` reads without checking again.
            guard cellBytes <= UInt64(bytes.count - cursor) else { throw Self.damaged(path) }
            cellCursor = cursor
            firstCell = cursor
        }

        /// Reads from the first cell again (the record is not checked a second time).
        mutating func rewind() {
            (lengthCursor, cellCursor) = (firstLength, firstCell)
        }

        /// The sum of the `count` lengths at `start` when each takes one byte (below 0x80) and all
        /// are within `bytes`, else nil. Eight bytes at a time: a record's 29 to 35 lengths were
        /// about 350 of the 570 instructions of opening it, one LEB128 number after the other.
        private static func sumOfByteLengths(_ bytes: UnsafeRawBufferPointer, from start: Int, count: Int) -> Int? {
            guard let base = bytes.baseAddress, count >= 0, count <= bytes.count - start else { return nil }
            let evenBytes: UInt64 = 0x00FF_00FF_00FF_00FF
            var high: UInt64 = 0
            var sum = 0
            var offset = start
            let wholeWordsEnd = start + (count & ~7)
            while offset < wholeWordsEnd {
                let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                high |= word
                // Four sums of two bytes in 16-bit lanes, then the lanes added into the top one.
                let pairs = (word & evenBytes) &+ ((word >> 8) & evenBytes)
                sum += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
                offset += 8
            }
            while offset < start + count {
                let byte = bytes[offset]
                high |= UInt64(byte)
                sum += Int(byte)
                offset += 1
            }
            return high & 0x8080_8080_8080_8080 == 0 ? sum : nil
        }

        /// The next cell. Only as many times as the record has cells (26, then three per document).
        @inline(__always)
        mutating func next() -> UnsafeRawBufferPointer {
            // Checked when the record was opened: the length is there and the cell within it.
            let length: Int
            if lengthsAreBytes {
                length = Int(bytes[lengthCursor])
                lengthCursor += 1
            } else {
                length = Int(LEB128.read(bytes, from: &lengthCursor, end: cellCursor)!)
            }
            let cell = UnsafeRawBufferPointer(start: bytes.baseAddress! + cellCursor, count: length)
            cellCursor += length
            return cell
        }

        mutating func skip(_ count: Int) {
            for _ in 0..<count { _ = next() }
        }

        private static func damaged(_ path: String) -> RecordIOError {
            RecordIOError(
                code: .damaged, path: path,
                message: "the file is damaged (a member record); import the members again to rebuild it")
        }
    }
}
