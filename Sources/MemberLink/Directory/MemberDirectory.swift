import Foundation
import Storage

/// The member directory: an SQLite file holding the attachment ledger (CONTRACT §2 step 7) and
/// naming the store file beside it that holds the members of every programme (CONTRACT §1.3,
/// ``MemberStore``).
///
/// The file is opened in WAL mode (<https://www.sqlite.org/wal.html>) and an import publishes a
/// new store in one transaction, so a run reading members never sees an import half done, and an
/// import never waits for readers. A connection moves to a newly imported store between
/// transactions: a snapshot (``beginSnapshot()``) keeps the members it started with. Lookups are
/// the hot path of a run: they read the store's lookup file (``MemberLookupFile``), one hash probe
/// each; only a directory never imported into since version 5 is searched with SQL, through
/// statements compiled once and reused.
/// Large sorts (the merge of a run's attachments into the ledger) may use two helper threads of
/// SQLite's own (`PRAGMA threads`).
///
/// A directory is used from one thread at a time; open one per thread when that is needed.
public final class MemberDirectory {
    /// The SQLite file.
    public let path: String
    let database: Database
    private var memberByFFN: Statement
    private var membersByDocument: Statement
    /// The ``DirectorySchema/memberColumns`` (by index) that lookups read, in select order.
    private var lookupColumns: [Int] = Array(DirectorySchema.memberColumns.indices)
    /// The store generation this connection reads members from; 0: the directory's own file.
    private(set) var storeGeneration = 0
    /// The store's lookup file, which lookups read (``MemberLookupFile``); nil while members are
    /// read from the directory's own file (generation 0).
    private var lookupFile: MemberLookupFile.Reader?
    /// `PRAGMA data_version`: changes when another connection commits, such as an import.
    private let dataVersion: Statement
    private var seenDataVersion: Int = -1
    /// Page cache and mapping of the attached store (``limitMemory(cacheKiB:mmapBytes:)``).
    private var storeMemory = (cacheKiB: 32768, mmapBytes: 67_108_864)
    let ledgerBookingLookup: Statement
    let ledgerUpsert: Statement
    /// Attachments of this run not yet in the ledger: see ``openStage(pipeline:)``.
    var stage: AttachmentStage?
    /// Whether the merge's table-valued function over the staged runs is registered on `database`.
    var registeredStagedFeed = false
    /// The ledger's booking filter as this connection last read or wrote it.
    var ledgerFilterState = LedgerFilterState()

    /// Opens the directory at `path`, creating the file, its folder and the schema when missing.
    ///
    /// A new file is created readable by its owner only: it holds personal data.
    /// - Throws: ``SQLiteError`` when the file cannot be opened or is not a member directory;
    ///   ``DirectoryError`` when it was written by a newer MemberLink.
    public init(path: String) throws {
        self.path = path
        Self.prepareFile(at: path)
        let database = try Database(path: path, attachesURIs: true)
        self.database = database
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA cache_size = -32768;
            PRAGMA mmap_size = 67108864;
            PRAGMA threads = 2;
            """)
        let version = try Self.userVersion(of: database)
        guard version <= DirectorySchema.version else {
            throw DirectoryError(
                path: path,
                message: "the directory has schema version \(version), newer than this MemberLink "
                    + "(\(DirectorySchema.version)); use the MemberLink that wrote it or import into a new file")
        }
        if version < DirectorySchema.version {
            try database.transaction {
                try database.execute(DirectorySchema.tables)
                for migration in DirectorySchema.migrations(from: version) { try database.execute(migration) }
                if version < 6 {
                    try Self.storeLedgerFilter(
                        Self.ledgerFilterBuilt(from: database, capacity: Self.initialLedgerFilterCapacity), in: database
                    )
                }
                try database.execute(DirectorySchema.createMemberIndex)
                try database.execute(DirectorySchema.createDocumentIndex)
                try database.execute("PRAGMA user_version = \(DirectorySchema.version)")
            }
        }
        (memberByFFN, membersByDocument) = try Self.prepareLookups(database, schema: "main", columns: lookupColumns)
        dataVersion = try database.prepare("PRAGMA main.data_version", persistent: true)
        ledgerBookingLookup = try database.prepare(
            "SELECT passengerId, airline, membershipId FROM ledger WHERE system = ?1 AND bookingCode = ?2",
            persistent: true)
        ledgerUpsert = try database.prepare(
            """
            INSERT INTO ledger (system, bookingCode, passengerId, airline, membershipId)
            VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (system, bookingCode, passengerId)
            DO UPDATE SET airline = excluded.airline, membershipId = excluded.membershipId
            """,
            persistent: true)
        try refreshStore()
    }

    /// Whether lookups read a lookup file now (for tests).
    var isReadingLookupFile: Bool { lookupFile != nil }
    /// Whether the lookup file's tables by FFN and by document are in memory (for tests).
    var lookupTablesInMemory: (byFFN: Bool, byDocument: Bool)? { lookupFile?.tablesInMemory }

    /// The schema holding the members this connection reads.
    private var memberSchema: String { storeGeneration == 0 ? "main" : MemberStore.schema }

    /// The lookups of members in the directory's own file (generation 0), by SQL.
    private static func prepareLookups(_ database: Database, schema: String, columns: [Int]) throws
        -> (Statement, Statement)
    {
        let selected = columns.map { DirectorySchema.memberColumns[$0] }.joined(separator: ", ")
        let byFFN = try database.prepare(
            "SELECT \(selected) FROM \(schema).members WHERE programme = ?1 AND ffn = ?2 ORDER BY id LIMIT 1",
            persistent: true)
        let byDocument = try database.prepare(
            """
            SELECT \(selected) FROM \(schema).members WHERE id IN (
                SELECT memberId FROM \(schema).documents
                WHERE programme = ?1 AND type = ?2 AND number = ?3 AND issueCountry = ?4)
            ORDER BY id
            """,
            persistent: true)
        return (byFFN, byDocument)
    }

    /// Sets how much memory this connection may use for pages: `cacheKiB` of page cache and up to
    /// `mmapBytes` of the file mapped (mapped pages count in the process's resident memory too).
    /// A connection that only reads the ledger needs little.
    public func limitMemory(cacheKiB: Int, mmapBytes: Int) throws {
        // Without a schema, mmap_size applies to every attached file and to those attached later
        // (the run's stage, at the ledger merge); cache_size to the directory's own file only.
        try database.execute("PRAGMA cache_size = -\(cacheKiB); PRAGMA mmap_size = \(mmapBytes);")
        storeMemory = (cacheKiB, mmapBytes)
        if storeGeneration != 0 { try applyStoreMemory() }
    }

    private func applyStoreMemory() throws {
        let schema = MemberStore.schema
        try database.execute(
            "PRAGMA \(schema).cache_size = -\(storeMemory.cacheKiB); PRAGMA \(schema).mmap_size = \(storeMemory.mmapBytes);"
        )
    }

    // MARK: Store

    /// Moves this connection to the store the directory names, when an import on another
    /// connection has committed since it last looked. Outside a transaction only: inside one, the
    /// connection keeps the members it started with (and SQLite cannot attach there).
    func refreshStore() throws {
        guard !database.isInTransaction else { return }
        defer { dataVersion.reset() }
        _ = try dataVersion.step()
        let version = dataVersion.int(at: 0)
        guard version != seenDataVersion else { return }
        seenDataVersion = version
        dataVersion.reset()
        var attempts = 0
        while true {
            let generation = try MemberStore.generation(in: database)
            guard generation != storeGeneration else { return }
            do {
                return try moveToStore(generation: generation)
            } catch let missing as MissingStoreFile {
                // An import may have replaced that store between reading its generation and
                // opening it: read the generation again. The same one missing again is lost.
                attempts += 1
                guard attempts >= 3 else { continue }
                seenDataVersion = -1  // look again next time
                let store = MemberStore.path(directoryPath: path, generation: generation)
                throw DirectoryError(
                    path: path,
                    message: "its members are in \(missing.path), \(missing.problem); a directory is its file, "
                        + "\(store) and \(MemberLookupFile.path(storePath: store)): copy or restore them, "
                        + "or import the members again")
            }
        }
    }

    /// A file of the store that cannot be opened, and why.
    private struct MissingStoreFile: Error {
        var path: String
        var problem: String
    }

    /// After this connection named a new store (its own commits leave `data_version` as it is):
    /// reads from it now, or when the transaction it is in ends.
    func storeNamed() throws {
        seenDataVersion = -1
        try refreshStore()
    }

    /// Reads members from the store of `generation` (0: the directory's own file) from now on.
    /// - Throws: ``MissingStoreFile`` when the store or its lookup file cannot be opened.
    private func moveToStore(generation: Int) throws {
        let storePath = MemberStore.path(directoryPath: path, generation: generation)
        var lookup: MemberLookupFile.Reader?
        if generation != 0 {
            // A store is found through its lookup file only: it has no lookup indexes.
            lookup = try MemberLookupFile.Reader(storePath: storePath)
            guard lookup != nil else {
                let lookupPath = MemberLookupFile.path(storePath: storePath)
                let missing = FileManager.default.fileExists(atPath: storePath) ? lookupPath : storePath
                throw MissingStoreFile(
                    path: missing,
                    problem: FileManager.default.fileExists(atPath: missing)
                        ? "which is unfinished or not a MemberLink lookup file" : "which is missing")
            }
        }
        if storeGeneration != 0 {
            try database.execute("DETACH DATABASE \(MemberStore.schema)")
            storeGeneration = 0
            lookupFile = nil
        }
        if generation != 0 {
            let attach = try database.prepare("ATTACH DATABASE ?1 AS \(MemberStore.schema)")
            try attach.bind(MemberStore.readOnlyURI(path: storePath), at: 1)
            do {
                try attach.run()
            } catch let error as SQLiteError where error.code == SQLiteError.cannotOpen {
                throw MissingStoreFile(
                    path: storePath,
                    problem: FileManager.default.fileExists(atPath: storePath)
                        ? "which cannot be opened (SQLite error \(error.extendedCode))" : "which is missing")
            }
            storeGeneration = generation
            try applyStoreMemory()
            lookupFile = lookup
            lookupFile?.columns = lookupColumnMask
        }
        (memberByFFN, membersByDocument) = try Self.prepareLookups(database, schema: "main", columns: lookupColumns)
    }

    /// Makes lookups read only what a run needs: what resolution itself reads (programme, ffn,
    /// status, tier and alliance tier for the membership, names and date of birth for CONTRACT §2
    /// step 5) and the member fields the pipeline's scopes grant. The other fields of the members
    /// returned are empty. Reading a member row's 26 columns into strings costs more than finding
    /// the row; a run with the usual scopes needs a third of them.
    public func limitLookups(to grantedFields: [MemberField]) throws {
        let resolution: Set<String> = [
            "programme", "ffn", "status", "tier", "allianceTier", "firstName", "familyName", "dateOfBirth",
        ]
        let needed = resolution.union(grantedFields.map(\.rawValue))
        lookupColumns = DirectorySchema.memberColumns.indices.filter {
            needed.contains(DirectorySchema.memberColumns[$0])
        }
        lookupFile?.columns = lookupColumnMask
        (memberByFFN, membersByDocument) = try Self.prepareLookups(database, schema: "main", columns: lookupColumns)
    }

    private var lookupColumnMask: [Bool] {
        var mask = Array(repeating: false, count: DirectorySchema.memberColumns.count)
        for column in lookupColumns { mask[column] = true }
        return mask
    }

    /// How many lookups make it worth reading the lookup file's tables into memory before they
    /// start (``prepareLookups(byFFN:byDocument:)``): the fewest of the tables those lookups use;
    /// nil when there is nothing to read in (no lookup file: members in the directory's own file).
    public func lookupsWorthPreparing(byFFN: Bool, byDocument: Bool) throws -> Int? {
        try refreshStore()
        return lookupFile?.lookupsWorthReadingIn(byFFN: byFFN, byDocument: byDocument)
    }

    /// Reads into memory, now, the lookup file's tables of lookups by FFN and by document, as
    /// their lookups would once they are many (while the budget of tables in memory holds them):
    /// what a run does on a spare core during its first pass over a large file, so that its
    /// lookups do not stop to read them. Not while another thread uses this connection.
    public func prepareLookups(byFFN: Bool, byDocument: Bool) throws {
        try refreshStore()
        try lookupFile?.readTablesIn(byFFN: byFFN, byDocument: byDocument)
    }

    /// Starts bringing into the cache what ``member(programme:ffn:)`` reads first for this
    /// programme + FFN, when the lookup file's table is in memory: a hint for a caller looking up
    /// many members, a few lookups ahead. Changes nothing that a lookup finds.
    public func prefetchMember(programme: String, ffn: String) {
        lookupFile?.prefetchMember(programme: programme, ffn: ffn)
    }

    /// The hash of a programme + FFN that ``readMembersAhead(hashes:)`` takes.
    public static func memberLookupHash(programme: UnsafeRawBufferPointer, ffn: UnsafeRawBufferPointer) -> UInt64 {
        MemberLookupFile.ffnHash(programme: programme, ffn: ffn)
    }

    /// Reads ahead, in one batch of reads, what ``member(programme:ffn:)`` reads for each
    /// programme + FFN of `hashes` (``memberLookupHash(programme:ffn:)``), when the lookup file's
    /// table is in memory: a hint for a caller about to look up these members, one system call
    /// instead of one per member. Changes nothing that a lookup finds.
    /// - Returns: whether the records were read ahead (their slots are then in the cache too).
    public func readMembersAhead(hashes: UnsafeBufferPointer<UInt64>) -> Bool {
        lookupFile?.readMembersAhead(hashes: hashes) ?? false
    }

    /// The member of `programme` whose FFN (membership number) is `ffn`, whatever their status.
    public func member(programme: String, ffn: String) throws -> Member? {
        try refreshStore()
        if let lookupFile { return try lookupFile.member(programme: programme, ffn: ffn) }
        let statement = memberByFFN
        defer { statement.reset() }
        try statement.bind(programme, at: 1)
        try statement.bind(ffn, at: 2)
        guard try statement.step() else { return nil }
        return Self.member(from: statement, columns: lookupColumns)
    }

    /// Every member of `programme` holding the document `documentType` + `documentNumber` +
    /// `issueCountry`, whatever their status, in import order. The document number is matched
    /// upper-cased (CONTRACT §1.1); type and country as given, upper-cased too.
    public func members(
        programme: String, documentType: String, documentNumber: String, issueCountry: String
    ) throws -> [Member] {
        try refreshStore()
        if let lookupFile {
            return try lookupFile.members(
                programme: programme, type: documentType.uppercased(), number: documentNumber.uppercased(),
                issueCountry: issueCountry.uppercased())
        }
        let statement = membersByDocument
        defer { statement.reset() }
        try statement.bind(programme, at: 1)
        try statement.bind(documentType.uppercased(), at: 2)
        try statement.bind(documentNumber.uppercased(), at: 3)
        try statement.bind(issueCountry.uppercased(), at: 4)
        var found: [Member] = []
        while try statement.step() {
            found.append(Self.member(from: statement, columns: lookupColumns))
        }
        return found
    }

    /// Number of members in the directory.
    public func memberCount() throws -> Int {
        try refreshStore()
        let statement = try database.prepare("SELECT count(*) FROM \(memberSchema).members")
        _ = try statement.step()
        return statement.int(at: 0)
    }

    // MARK: Rows

    /// Builds a member from a row holding the ``DirectorySchema/memberColumns`` at `columns`
    /// (indexes, in select order); the other fields are empty.
    static func member(from row: Statement, columns: [Int]) -> Member {
        var text = [String](repeating: "", count: DirectorySchema.memberColumns.count)
        for (position, column) in columns.enumerated() { text[column] = row.text(at: Int32(position)) }
        // Lists stay as the extract wrote them until someone reads them. An unknown status never
        // gets into the directory (the import checks it).
        return Member(extractColumns: text, status: Member.Status(rawValue: text[2]) ?? .fraud)
    }

    private static func userVersion(of database: Database) throws -> Int {
        let statement = try database.prepare("PRAGMA user_version")
        _ = try statement.step()
        return statement.int(at: 0)
    }

    /// Creates the folder (owner only) and an empty file with mode 0600 when they are missing, so
    /// SQLite, which gives its WAL and shared-memory files the database's mode, never makes the
    /// directory readable by others whatever the umask.
    private static func prepareFile(at path: String) {
        guard path != ":memory:", !path.isEmpty else { return }
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
            try? FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        Database.createOwnerOnlyFile(at: path)
    }
}
