internal import RecordIO
import Storage

/// Loads member extracts (CONTRACT §1.3) into a ``MemberDirectory``, replacing its members.
///
/// An import builds a new store file (``MemberStore``) and names it in the directory in one short
/// transaction: readers see the old members until it commits and the new ones after, never a mix,
/// and a failed import leaves the directory as it was. The attachment ledger is kept. One import
/// at a time per directory (``MemberStore/importLock(directoryPath:)``); runs go on meanwhile,
/// and their ledger writes are not held up by the build. Malformed rows are skipped and reported as ``MemberImportIssue``s: a wrong
/// cell count, a cell that is not UTF-8, an empty programme or ffn, an unknown status, a
/// `documents` item that is not `TYPE:NUMBER:ISSUECOUNTRY`, or a programme + ffn already given
/// by an earlier row (the first one is kept).
///
/// For speed the rows go in with one reused insert statement, and the store gets no indexes and no
/// document rows: members are found through the lookup file written alongside
/// (``MemberLookupFile``), whose keys also find the duplicates.
public final class MemberImporter {
    private let directory: MemberDirectory
    /// Called on the importing thread as rows are read (every few thousand) and when the lookup
    /// file's tables are being written.
    public var progress: (@Sendable (MemberImportProgress) -> Void)?
    /// Lookup keys per table an import keeps in memory, 16 bytes each, before they go to temporary
    /// files in `TMPDIR` (2M: 32 MB; the keys of a directory of tens of millions go to disk).
    var lookupKeysInMemory = 2 << 20

    public init(directory: MemberDirectory, progress: (@Sendable (MemberImportProgress) -> Void)? = nil) {
        self.directory = directory
        self.progress = progress
    }

    /// Replaces the directory's members with the members of one extract.
    /// - Parameters:
    ///   - file: the extract as the user named it, for reports.
    ///   - rows: its rows, header first.
    /// - Throws: ``MemberImportError`` for an unusable header, the source's error when the file
    ///   cannot be read to its end, ``Storage/SQLiteError`` when the directory cannot be written.
    ///   The directory is then unchanged.
    public func importExtract(file: String, rows: any MemberExtractRowSource) throws -> MemberImportSummary {
        try importExtracts([(file: file, rows: rows)])
    }

    /// Replaces the directory's members with the members of all `extracts` together, in one
    /// transaction. A programme + ffn repeated across extracts is a duplicate like within one.
    public func importExtracts(_ extracts: [(file: String, rows: any MemberExtractRowSource)]) throws
        -> MemberImportSummary
    {
        let lock = try MemberStore.importLock(directoryPath: directory.path)
        defer { withExtendedLifetime(lock) {} }
        let database = directory.database
        let previous = try MemberStore.generation(in: database)
        let generation = previous + 1
        let path = MemberStore.path(directoryPath: directory.path, generation: generation)
        let summary = try buildStore(at: path, extracts: extracts)
        do {
            // A run merging its attachments holds the directory's write lock for seconds, minutes
            // for tens of millions: wait for it rather than throw the built store away.
            database.setBusyTimeout(milliseconds: MemberStore.publishWaitMilliseconds)
            defer { database.setBusyTimeout(milliseconds: Database.defaultBusyTimeout) }
            try database.transaction(.immediate) {
                try MemberStore.setGeneration(generation, in: database)
                if previous == 0 {
                    // Members of a directory of version 4 or older: the store replaces them.
                    try database.execute(
                        "DELETE FROM main.documents; DELETE FROM main.members; DELETE FROM main.import_files;")
                }
            }
        } catch {
            MemberStore.remove(path)
            throw error
        }
        MemberStore.removeFiles(directoryPath: directory.path, before: generation)
        try directory.storeNamed()
        return summary
    }

    /// Builds the store file at `path` from `extracts` and syncs it to disk. A failure removes it.
    private func buildStore(
        at path: String, extracts: [(file: String, rows: any MemberExtractRowSource)]
    ) throws -> MemberImportSummary {
        do {
            let lookup: MemberLookupFile.Builder
            let summary: MemberImportSummary
            do {
                let store = try MemberStore.create(at: path)  // replaces what a failed import left, lookup file too
                lookup = try MemberLookupFile.Builder(storePath: path, keysInMemory: lookupKeysInMemory)
                summary = try fillStore(store, lookup: lookup, extracts: extracts)
            }
            // The store's connection is closed here: every page is in the file, which is synced
            // (the lookup file synced itself) before the directory names it.
            try MemberStore.sync(path: path)
            return summary
        } catch {
            MemberStore.remove(path)
            throw error
        }
    }

    /// Fills the store and the lookup file, which finds the duplicates the store then loses.
    private func fillStore(
        _ database: Database, lookup: MemberLookupFile.Builder,
        extracts: [(file: String, rows: any MemberExtractRowSource)]
    ) throws -> MemberImportSummary {
        try database.transaction(.immediate) {
            let addFile = try database.prepare("INSERT INTO import_files (number, path) VALUES (?1, ?2)")
            for (number, extract) in extracts.enumerated() {
                try addFile.bind(number, at: 1)
                try addFile.bind(extract.file, at: 2)
                try addFile.run()
                addFile.reset()
            }
            let writer = try RowWriter(database: database, lookup: lookup)
            var summary = MemberImportSummary()
            var issues: [(file: Int, issue: MemberImportIssue)] = []
            for (fileIndex, extract) in extracts.enumerated() {
                try importRows(
                    of: extract.file, from: extract.rows, fileIndex: fileIndex, writer: writer, summary: &summary,
                    issues: &issues)
            }
            progress?(MemberImportProgress(phase: .indexing, rowsRead: summary.rowsRead))
            let duplicates = try removeDuplicates(lookup.finish(), database: database, files: extracts.map(\.file))
            summary.imported -= duplicates.count
            summary.skipped += duplicates.count
            issues += duplicates.map { ($0.file, $0.issue) }
            try database.execute("PRAGMA user_version = \(DirectorySchema.version)")
            summary.issues = issues.sorted { ($0.file, $0.issue.line) < ($1.file, $1.issue.line) }.map(\.issue)
            return summary
        }
    }

    // MARK: Rows

    private func importRows(
        of file: String, from rows: any MemberExtractRowSource, fileIndex: Int, writer: RowWriter,
        summary: inout MemberImportSummary, issues: inout [(file: Int, issue: MemberImportIssue)]
    ) throws {
        guard let header = try rows.nextRow() else {
            throw MemberImportError(
                code: .headerMissing, file: file, line: 1,
                message: "the member extract is empty; it needs a header row naming the columns of CONTRACT §1.3")
        }
        let layout = try HeaderLayout(header: header, file: file)
        // Reading and checking rows, and writing them to the lookup file, runs on a second thread
        // while this one inserts them into the store: the two halves of an import cost about the
        // same. Rows travel in blocks of checked cells. The lookup file is used by that thread
        // alone until this file's rows are all read.
        let transfer = Transfer(value: (rows: rows, lookup: writer.lookup))
        let parsed = BatchedProducer<MemberRowBlock>(name: "memberlink-rows", batchSize: 1) { batch, _ in
            var block = MemberRowBlock(reservingRows: Self.blockRows)
            var more = true
            if let csv = transfer.value.rows as? CSVMemberExtractRows {
                more = try csv.appendRows(to: &block, limit: Self.blockRows, layout: layout)
            } else {
                while block.count < Self.blockRows {
                    guard let row = try transfer.value.rows.nextRow() else {
                        more = false
                        break
                    }
                    if Self.isBlank(row) { continue }
                    block.append(layout.parse(row), line: row.line)
                }
            }
            if block.count > 0 {
                try transfer.value.lookup.add(block)
                batch.append(block)
            }
            return more
        }
        defer { parsed.stop() }
        writer.startFile(number: fileIndex)
        while let batch = try parsed.next() {
            progress?(MemberImportProgress(phase: .reading(file: file), rowsRead: summary.rowsRead))
            for block in batch {
                try block.withCells { cells in
                    for entry in block.entries {
                        summary.rowsRead += 1
                        switch entry {
                        case .member(let line, let firstCell, _):
                            writer.insert(memberAt: firstCell, line: line)
                            summary.imported += 1
                        case .skipped(let line, let problem):
                            summary.skipped += 1
                            issues.append(
                                (
                                    fileIndex,
                                    MemberImportIssue(
                                        file: file, line: line, reason: problem.reason, message: problem.message)
                                ))
                        }
                    }
                    try writer.insertPending(cells: cells)  // the cells are bound in place: before they go
                }
            }
        }
    }

    /// Rows per block handed from the parsing thread to the inserting one.
    fileprivate static let blockRows = 512

    /// A line with nothing on it, which is no row.
    static func isBlank(_ row: MemberExtractRow) -> Bool {
        row.problem == nil && row.cells.count == 1 && row.cells[0] == ""
    }

    /// Reports the rows whose programme + ffn an earlier row already has (found by the lookup file
    /// as it wrote its tables) and deletes them from the store.
    private func removeDuplicates(
        _ duplicates: [(id: Int64, firstId: Int64)], database: Database, files: [String]
    ) throws -> [(id: Int64, file: Int, issue: MemberImportIssue)] {
        guard !duplicates.isEmpty else { return [] }
        let source = try database.prepare("SELECT sourceFile, sourceLine, programme, ffn FROM members WHERE id = ?1")
        var found: [(id: Int64, file: Int, issue: MemberImportIssue)] = []
        for (id, firstId) in duplicates {
            let earliest = try Self.source(of: firstId, with: source)
            let (fileNumber, line, _, _) = try Self.source(of: id, with: source)
            let earlier =
                earliest.file == fileNumber ? "line \(earliest.line)" : "\(files[earliest.file]):\(earliest.line)"
            found.append(
                (
                    id, fileNumber,
                    MemberImportIssue(
                        file: files[fileNumber], line: line, reason: .duplicateMember,
                        message: "programme \(earliest.programme) ffn \(Masking.mask(earliest.ffn)) is already "
                            + "given on \(earlier); the first row is kept, remove or correct this one")
                ))
        }
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS duplicateMembers (id INTEGER PRIMARY KEY)")
        let insert = try database.prepare("INSERT OR IGNORE INTO temp.duplicateMembers (id) VALUES (?1)")
        for duplicate in duplicates {
            try insert.bind(duplicate.id, at: 1)
            try insert.run()
        }
        try database.execute(
            """
            DELETE FROM members WHERE id IN (SELECT id FROM temp.duplicateMembers);
            DROP TABLE temp.duplicateMembers;
            """)
        return found
    }

    /// The file (its number among the import's extracts) and line member `id` came from, and its
    /// programme and ffn.
    private static func source(of id: Int64, with statement: Statement) throws
        -> (file: Int, line: Int, programme: String, ffn: String)
    {
        defer { statement.reset() }
        try statement.bind(id, at: 1)
        _ = try statement.step()
        return (statement.int(at: 0), statement.int(at: 1), statement.text(at: 2), statement.text(at: 3))
    }
}

/// The reused insert statement of an import, and the lookup file written alongside (by the
/// parsing thread), which finds members by FFN and by document: the store has no lookup indexes
/// and no document rows.
///
/// The members of a block go in through one `INSERT … SELECT` over a feed of their rows
/// (``MemberRows``), read where their cells lie in the block: no parameter bound, copied and
/// released per value, and one statement run per block. Against statements of 16 rows of bound
/// parameters, inserting a million members took at least 18% fewer instructions in a C loop
/// (`Benchmarks/member_insert.c`), and an import of 100,000 members 4.4% fewer
/// (`Benchmarks/README.md`, twenty-ninth session).
private final class RowWriter {
    private let database: Database
    private let insertMembers: Statement
    private let rows = MemberRows()
    let lookup: MemberLookupFile.Builder

    init(database: Database, lookup: MemberLookupFile.Builder) throws {
        self.database = database
        self.lookup = lookup
        let columns = ["sourceFile", "sourceLine"] + DirectorySchema.memberColumns
        precondition(columns.count == rows.columnCount)
        try database.registerFeed(named: "member_rows", columns: columns)
        let list = columns.joined(separator: ", ")
        insertMembers = try database.prepare(
            "INSERT INTO members (\(list)) SELECT \(list) FROM member_rows(?1)", persistent: true)
        pending.reserveCapacity(MemberImporter.blockRows)
    }

    /// The extract file's number in `import_files`, the `sourceFile` of every row of it.
    private var file = 0

    func startFile(number: Int) {
        file = number
    }

    /// Members inserted so far: the next one's id is one more (SQLite numbers the rows of a new
    /// table 1, 2, 3...), which is how the lookup file's records know their member.
    private var inserted: Int64 = 0
    /// Members of the current block not inserted yet: where their cells start, and their line.
    private var pending: [(firstCell: Int, line: Int)] = []

    /// Notes the member whose cells start at `firstCell` of its block: ``insertPending(cells:)``
    /// inserts it, and must be called before the block's cells go.
    func insert(memberAt firstCell: Int, line: Int) {
        pending.append((firstCell, line))
    }

    /// Inserts the members not inserted yet, in order, their cells read where they lie.
    func insertPending(cells: MemberRowBlock.Cells) throws {
        guard !pending.isEmpty else { return }
        rows.start(file: file, cells: cells, members: pending)
        let inserting = Result { try insertMembers.run(feeding: rows, at: 1) }
        rows.end()  // before `pending` is emptied: the two no longer share their array
        try inserting.get()
        let before = inserted
        inserted += Int64(pending.count)
        pending.removeAll(keepingCapacity: true)
        // The store's pages SQLite has written so far start on their way to disk (see Writeback).
        if before / 65_536 != inserted / 65_536 { Writeback.start(path: database.path) }
        guard database.lastInsertRowID == inserted else {
            throw DirectoryError(
                path: database.path,
                message: "member row \(inserted) was given id \(database.lastInsertRowID); the store is not new, "
                    + "import again")
        }
    }
}

/// The members of one block as the rows of the `member_rows` feed: the extract's number and the
/// member's line as decimal text (the columns' integer affinity stores them as integers), then
/// the member's cells. Every text stays where it is until the next block, so SQLite reads them in
/// place (``Storage/RowFeed/textsOutliveNextRow``).
private final class MemberRows: RowFeed {
    let columnCount = 2 + MemberRowBlock.columnCount
    var textsOutliveNextRow: Bool { true }

    private var cells: MemberRowBlock.Cells?
    private var members: [(firstCell: Int, line: Int)] = []
    private var position = -1
    /// The file number's digits, then each member's line's, back to back; `digitEnds[0]` ends the
    /// file number's, `digitEnds[i + 1]` member `i`'s line's.
    private var digits = UnsafeMutableRawBufferPointer.allocate(
        byteCount: 20 * (MemberImporter.blockRows + 1), alignment: 1)
    private var digitEnds: [Int] = []

    deinit { digits.deallocate() }

    func start(file: Int, cells: MemberRowBlock.Cells, members: [(firstCell: Int, line: Int)]) {
        self.cells = cells
        self.members = members
        position = -1
        // 20 digits are enough for any Int.
        let needed = 20 * (members.count + 1)
        if digits.count < needed {
            digits.deallocate()
            digits = .allocate(byteCount: needed, alignment: 1)
        }
        digitEnds.removeAll(keepingCapacity: true)
        var end = 0
        func append(_ number: Int) {
            // Written backwards from the last digit, then turned around.
            let first = end
            var rest = number.magnitude
            repeat {
                digits[end] = UInt8(ascii: "0") + UInt8(rest % 10)
                end += 1
                rest /= 10
            } while rest > 0
            if number < 0 {
                digits[end] = UInt8(ascii: "-")
                end += 1
            }
            digits[first..<end].reverse()
            digitEnds.append(end)
        }
        append(file)
        for member in members { append(member.line) }
    }

    /// Forgets the block, whose cells are about to go.
    func end() {
        cells = nil
        members.removeAll(keepingCapacity: true)
        position = -1
    }

    func advance() throws -> Bool {
        position += 1
        return position < members.count
    }

    func column(_ index: Int) -> UnsafeRawBufferPointer {
        switch index {
        case 0: return UnsafeRawBufferPointer(rebasing: digits[0..<digitEnds[0]])
        case 1: return UnsafeRawBufferPointer(rebasing: digits[digitEnds[position]..<digitEnds[position + 1]])
        default: return cells![members[position].firstCell + index - 2]
        }
    }

    /// The row's 28 columns in one loop: the member's cells lie back to back, each ending where
    /// the block's `ends` says (a call of ``column(_:)`` per cell was as costly as binding it).
    func writeColumns(starts: UnsafeMutablePointer<UnsafePointer<CChar>?>, lengths: UnsafeMutablePointer<Int32>) {
        for index in 0..<2 {
            let bytes = column(index)
            starts[index] = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            lengths[index] = Int32(bytes.count)
        }
        let cells = cells!
        // Nil only when every cell of the block is empty: a nil text is an empty one to the feed.
        let base = cells.bytes.baseAddress
        let first = members[position].firstCell
        var start = first == 0 ? 0 : cells.ends[first - 1]
        for index in 0..<MemberRowBlock.columnCount {
            let end = cells.ends[first + index]
            starts[2 + index] = base.map { ($0 + start).assumingMemoryBound(to: CChar.self) }
            lengths[2 + index] = Int32(end - start)
            start = end
        }
    }
}
