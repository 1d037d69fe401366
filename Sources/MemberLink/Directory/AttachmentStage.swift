internal import Foundation
internal import RecordIO
internal import Storage

/// The attachments of a run that the ledger does not hold yet (see
/// ``MemberDirectory/stageAttachments(_:)``), kept in files of their own so memory does not grow
/// with the number of attachments: sorted runs in a temporary file (``StagedRuns``), which the
/// ledger merge reads in about the ledger's order, and a small SQLite file, which holds them for
/// lookups by a later file of the run (a run's last file, and most runs have one, stages its
/// entries in the runs alone) and the processed inbox files.
///
/// One stage per pipeline, beside the member directory (`staging/PIPELINE.sqlite`), used only with
/// the pipeline's lock held. Each input file is a transaction on it: a file rejected whole rolls its
/// entries back. The stage is merged into the ledger after the run's outputs are published, then
/// deleted; a stage left by a killed run is deleted when the next run starts.
///
/// In the SQLite file, entries are appended in the order they are staged, without a key: a passenger staged twice has
/// two entries, and the later one counts. Keeping a key in order while staging cost a B-tree
/// insert in random order per attachment, about a tenth of a run's time; the index that lookups
/// need is built in one sort, and only when a later file of the run may look entries up. Entries
/// go in ``rowsPerInsert`` at a time, their text bound where it lies: one statement step and no
/// copy by SQLite per entry cost about 7,000 instructions, 7% of a run.
final class AttachmentStage {
    let path: String
    /// Reads the entries of earlier files (the calling thread's lookups).
    private let database: Database
    /// Writes the current file's entries: used by one thread at a time, the write-behind thread
    /// during a file. WAL mode keeps the two apart: the reader sees the entries committed by
    /// earlier files while the writer's transaction is open.
    private let writer: Database
    /// Inserts one entry, and ``rowsPerInsert`` entries.
    private let append: Statement
    private let appendMany: Statement
    private let lookup: Statement
    /// Entries of the current file not inserted yet, in staging order.
    private var pending: [LedgerEntry] = []
    /// The text of the entries being inserted, back to back, bound where it is (no copy by SQLite).
    private var text: [UInt8] = []
    /// Entries inserted by one statement: one step instead of one per entry.
    static let rowsPerInsert = 32
    /// The stage file's page size, 32 KiB: appending 860,000 entries took 0.20 s with SQLite's
    /// default 4 KiB pages and 0.15 s with these (the sqlite3 shell, the stage's own settings).
    /// The ledger merge reads the stage in one pass and took the same time with either.
    ///
    /// The directory's own file keeps 4 KiB pages: larger ones made the merge's inserts into
    /// the ledger faster (0.60 s for those entries with 4 KiB, 0.50 s with 32 KiB), but made every
    /// lookup in a large ledger read a larger page: 200,000 lookups in a ledger of 5M entries, with
    /// the run's 8 MB cache and no memory map, took 0.45 s instead of 0.24-0.46 s, most of it
    /// copying pages in the kernel. A nightly ledger grows to tens of millions of entries, so its
    /// lookups weigh more than its merge.
    static let pageSize = 32768
    /// Whether committed entries exist that are not yet indexed for lookups.
    private var unindexed = false
    /// Which passengers earlier files may have staged: most lookups never reach the stage's file.
    /// Filled from the committed entries when a later file begins: most runs have one file, and
    /// its lookups never ask the stage, so they pay nothing for it.
    private var staged: StagedKeyFilter?
    /// The last entry `staged` holds (entries are only appended, so their rowids grow).
    private var filteredThrough: Int64 = 0
    /// Whether the current file staged anything.
    private var stagedInFile = false
    /// Whether a later file of the run may look up the current file's entries (they go into the
    /// SQLite file too).
    private var laterFilesFollow = true
    /// Every entry, for the merge.
    private let runs: StagedRuns

    /// Creates an empty stage for `pipeline` beside the directory at `directoryPath`.
    init(pipeline: String, directoryPath: String) throws {
        let folder = ((directoryPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent(
            "staging")
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        path = (folder as NSString).appendingPathComponent("\(pipeline).sqlite")
        // A run killed while it created a temporary file of staged runs left it here (the file is
        // nameless from the next instant on): nothing of a killed run survives.
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where name.hasPrefix(SpillFile.namePrefix) {
            try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name))
        }
        runs = StagedRuns(folder: folder)
        Database.removeFiles(at: path)
        Database.createOwnerOnlyFile(at: path)
        writer = try Database(path: path)
        // Nothing here must survive a crash (the next run deletes it), so no syncing; a rejected
        // file's entries are still rolled back.
        try writer.execute(
            """
            PRAGMA page_size = \(Self.pageSize);
            PRAGMA synchronous = OFF;
            PRAGMA journal_mode = WAL;
            PRAGMA cache_size = -16384;
            CREATE TABLE entries (
                system TEXT NOT NULL, bookingCode TEXT NOT NULL, passengerId TEXT NOT NULL,
                airline TEXT NOT NULL, membershipId TEXT NOT NULL);
            CREATE TABLE files (
                pipeline TEXT NOT NULL, sha256 TEXT NOT NULL, path TEXT NOT NULL, records INTEGER NOT NULL,
                processedAt TEXT NOT NULL, rejectedReason TEXT, PRIMARY KEY (pipeline, sha256)) WITHOUT ROWID;
            """)
        append = try writer.prepare(Self.insert(rows: 1), persistent: true)
        appendMany = try writer.prepare(Self.insert(rows: Self.rowsPerInsert), persistent: true)
        database = try Database(path: path)
        // Planned again by SQLite once the index exists (a schema change re-prepares statements).
        lookup = try database.prepare(
            """
            SELECT airline, membershipId FROM entries
            WHERE system = ?1 AND bookingCode = ?2 AND passengerId = ?3 ORDER BY rowid DESC LIMIT 1
            """,
            persistent: true)
    }

    /// Starts a file. When earlier files staged entries, they are indexed first (one sort; from
    /// then on the index is kept up to date entry by entry) and added to the filter: this file's
    /// lookups may need them. `laterFilesFollow` false (the run's last file) keeps the file's
    /// entries out of the SQLite file: no lookup will ask for them.
    func beginFile(laterFilesFollow: Bool = true) throws {
        self.laterFilesFollow = laterFilesFollow
        if unindexed {
            try writer.execute(
                "CREATE INDEX IF NOT EXISTS entries_by_passenger ON entries (system, bookingCode, passengerId)")
            try filterCommittedEntries()
            unindexed = false
        }
        stagedInFile = false
        try writer.execute("BEGIN IMMEDIATE")
    }

    /// Adds the entries committed since the last call to ``staged``.
    private func filterCommittedEntries() throws {
        var filter = staged ?? StagedKeyFilter()
        let entries = try writer.prepare(
            "SELECT rowid, system, bookingCode, passengerId FROM entries WHERE rowid > ?1 ORDER BY rowid")
        try entries.bind(filteredThrough, at: 1)
        while try entries.step() {
            filteredThrough = entries.int64(at: 0)
            filter.insert(
                system: entries.text(at: 1), bookingCode: entries.text(at: 2), passengerId: entries.text(at: 3))
        }
        staged = filter
    }

    /// An insert of `rows` entries: five parameters each.
    private static func insert(rows: Int) -> String {
        let values = (0..<rows).map { row in
            "(" + (1...5).map { "?\(row * 5 + $0)" }.joined(separator: ", ") + ")"
        }
        return "INSERT INTO entries (system, bookingCode, passengerId, airline, membershipId) VALUES "
            + values.joined(separator: ", ")
    }

    func commitFile() throws {
        try insertPending()
        try runs.commitFile()
        try writer.execute("COMMIT")
        if stagedInFile && laterFilesFollow { unindexed = true }
    }

    func discardFile() throws {
        pending.removeAll(keepingCapacity: true)
        runs.discardFile()
        if writer.isInTransaction { try writer.execute("ROLLBACK") }
    }

    /// Every committed entry as the ledger merge takes it: by merge order, ties in staging order;
    /// as rows of ``StagedRuns/columns``, the booking code upper-cased as the ledger keys it.
    func mergedEntries() throws -> any RowFeed {
        try runs.merged()
    }

    /// How many entries ``mergedEntries()`` gives.
    var committedEntryCount: Int { runs.committedCount }

    /// Stages attachments of the current file. Lookups see them once the file is committed: within
    /// one file no lookup can ask for them (a booking is decided once, after all its records).
    /// Each entry is read where it lies: passed one by one, every entry was copied for the call.
    func stage(_ entries: [LedgerEntry]) throws {
        for index in entries.indices {
            stagedInFile = true
            let bookingCode = LedgerEntry.keyBookingCode(entries[index].bookingCode)
            try runs.add(
                order: Self.mergeOrder(system: entries[index].system, bookingCode: bookingCode),
                system: entries[index].system, bookingCode: bookingCode, passengerId: entries[index].passengerId,
                airline: entries[index].airline, membershipId: entries[index].membershipId)
            guard laterFilesFollow else { continue }
            pending.append(entries[index])
            if pending.count == Self.rowsPerInsert { try insertPending() }
        }
    }

    /// Inserts the pending entries, in order: ``rowsPerInsert`` at a time, the rest one by one.
    private func insertPending() throws {
        var start = 0
        while start < pending.count {
            let rows = pending.count - start >= Self.rowsPerInsert ? Self.rowsPerInsert : 1
            try insert(pending[start..<start + rows], with: rows == 1 ? append : appendMany)
            start += rows
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Inserts `entries` with `statement` (made for that many): their text copied once into
    /// ``text`` and bound where it is, the booking code upper-cased as the ledger keys it.
    private func insert(_ entries: ArraySlice<LedgerEntry>, with statement: Statement) throws {
        text.removeAll(keepingCapacity: true)
        var ends: [Int] = []
        ends.reserveCapacity(entries.count * 5)
        func add(_ value: String) {
            value.withUTF8Bytes { text.append(contentsOf: $0) }
            ends.append(text.count)
        }
        for entry in entries {
            let bookingCode = LedgerEntry.keyBookingCode(entry.bookingCode)
            add(entry.system)
            add(bookingCode)
            add(entry.passengerId)
            add(entry.airline)
            add(entry.membershipId)
        }
        defer { statement.reset() }
        try text.withUnsafeBytes { text in
            var start = 0
            for (index, end) in ends.enumerated() {
                let value = UnsafeRawBufferPointer(rebasing: text[start..<end])
                try statement.bind(utf8: value, at: Int32(index + 1), copying: false)
                start = end
            }
            try statement.run()
        }
    }

    /// The order in which the ledger merge takes entries (ties in staging order): the first
    /// eight bytes of the system, a NUL and the upper-cased booking code, big-endian, as a signed
    /// integer that sorts as the bytes do.
    ///
    /// Close to the ledger's key order, so the merge's inserts into the ledger stay local, and one
    /// integer to sort instead of three strings (``StagedRuns``). Entries of one passenger have
    /// the same value, so ordering by it and then by staging order still lets the later entry
    /// win. `bookingCode` is upper-cased as the ledger's key is.
    static func mergeOrder(system: String, bookingCode: String) -> Int64 {
        var bits: UInt64 = 0
        var filled = 0
        func take(_ byte: UInt8) {
            guard filled < 8 else { return }
            bits |= UInt64(byte) << (56 - 8 * UInt64(filled))
            filled += 1
        }
        system.withUTF8Bytes { for byte in $0.prefix(8) { take(byte) } }
        take(0)
        bookingCode.withUTF8Bytes { for byte in $0.prefix(8) { take(byte) } }
        return Int64(bitPattern: bits ^ (1 << 63))
    }

    /// Notes a processed inbox file, to be recorded with the attachments.
    func stageProcessedFile(
        pipeline: String, sha256: String, path: String, records: Int, processedAt: String, rejectedReason: String?
    ) throws {
        let statement = try writer.prepare(
            """
            INSERT OR REPLACE INTO files (pipeline, sha256, path, records, processedAt, rejectedReason)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            """)
        try statement.bind(pipeline, at: 1)
        try statement.bind(sha256, at: 2)
        try statement.bind(path, at: 3)
        try statement.bind(records, at: 4)
        try statement.bind(processedAt, at: 5)
        try statement.bind(rejectedReason, at: 6)
        try statement.run()
    }

    func membership(system: String, bookingCode: String, passengerId: String) throws
        -> (airline: String, membershipId: String)?
    {
        // In a run's first file (and in most runs, its only one) nothing is staged yet.
        guard let staged else { return nil }
        let bookingCode = LedgerEntry.keyBookingCode(bookingCode)  // as the entries hold it
        guard staged.mayContain(system: system, bookingCode: bookingCode, passengerId: passengerId) else { return nil }
        defer { lookup.reset() }
        try lookup.bind(system, at: 1)
        try lookup.bind(bookingCode, at: 2)
        try lookup.bind(passengerId, at: 3)
        guard try lookup.step() else { return nil }
        return (lookup.text(at: 0), lookup.text(at: 1))
    }

    /// Removes the stage's files.
    func delete() {
        Database.removeFiles(at: path)
    }
}
