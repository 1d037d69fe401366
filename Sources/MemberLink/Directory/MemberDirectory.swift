import Foundation
import Storage

/// The member directory: one SQLite file holding the members of every programme (CONTRACT §1.3)
/// and the attachment ledger (CONTRACT §2 step 7).
///
/// The file is opened in WAL mode (<https://www.sqlite.org/wal.html>), so a run reading members
/// never sees an import half done, and an import never waits for readers. Lookups are the hot
/// path of a run: their statements are compiled once, when the directory opens, and reused.
///
/// A directory is used from one thread at a time; open one per thread when that is needed.
public final class MemberDirectory {
    /// The SQLite file.
    public let path: String
    let database: Database
    private let memberByFFN: Statement
    private let membersByDocument: Statement
    let ledgerLookup: Statement
    let ledgerUpsert: Statement
    /// Attachments of this run not yet in the ledger: see ``openStage(pipeline:)``.
    var stage: AttachmentStage?

    /// Opens the directory at `path`, creating the file, its folder and the schema when missing.
    ///
    /// A new file is created readable by its owner only: it holds personal data.
    /// - Throws: ``SQLiteError`` when the file cannot be opened or is not a member directory;
    ///   ``DirectoryError`` when it was written by a newer MemberLink.
    public init(path: String) throws {
        self.path = path
        Self.prepareFile(at: path)
        let database = try Database(path: path)
        self.database = database
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA cache_size = -32768;
            PRAGMA mmap_size = 67108864;
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
                try database.execute(DirectorySchema.createMemberIndex)
                try database.execute(DirectorySchema.createDocumentIndex)
                try database.execute("PRAGMA user_version = \(DirectorySchema.version)")
            }
        }
        let columns = DirectorySchema.memberColumns.joined(separator: ", ")
        memberByFFN = try database.prepare(
            "SELECT \(columns) FROM members WHERE programme = ?1 AND ffn = ?2 ORDER BY id LIMIT 1",
            persistent: true)
        membersByDocument = try database.prepare(
            """
            SELECT \(columns) FROM members WHERE id IN (
                SELECT memberId FROM documents
                WHERE programme = ?1 AND type = ?2 AND number = ?3 AND issueCountry = ?4)
            ORDER BY id
            """,
            persistent: true)
        ledgerLookup = try database.prepare(
            "SELECT airline, membershipId FROM ledger WHERE system = ?1 AND bookingCode = ?2 AND passengerId = ?3",
            persistent: true)
        ledgerUpsert = try database.prepare(
            """
            INSERT INTO ledger (system, bookingCode, passengerId, airline, membershipId)
            VALUES (?1, ?2, ?3, ?4, ?5)
            ON CONFLICT (system, bookingCode, passengerId)
            DO UPDATE SET airline = excluded.airline, membershipId = excluded.membershipId
            """,
            persistent: true)
    }

    /// The member of `programme` whose FFN (membership number) is `ffn`, whatever their status.
    public func member(programme: String, ffn: String) throws -> Member? {
        let statement = memberByFFN
        defer { statement.reset() }
        try statement.bind(programme, at: 1)
        try statement.bind(ffn, at: 2)
        guard try statement.step() else { return nil }
        return Self.member(from: statement)
    }

    /// Every member of `programme` holding the document `documentType` + `documentNumber` +
    /// `issueCountry`, whatever their status, in import order. The document number is matched
    /// upper-cased (CONTRACT §1.1); type and country as given, upper-cased too.
    public func members(
        programme: String, documentType: String, documentNumber: String, issueCountry: String
    ) throws -> [Member] {
        let statement = membersByDocument
        defer { statement.reset() }
        try statement.bind(programme, at: 1)
        try statement.bind(documentType.uppercased(), at: 2)
        try statement.bind(documentNumber.uppercased(), at: 3)
        try statement.bind(issueCountry.uppercased(), at: 4)
        var found: [Member] = []
        while try statement.step() {
            found.append(Self.member(from: statement))
        }
        return found
    }

    /// Number of members in the directory.
    public func memberCount() throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM members")
        _ = try statement.step()
        return statement.int(at: 0)
    }

    // MARK: Rows

    /// Builds a member from a row of ``DirectorySchema/memberColumns``.
    static func member(from row: Statement) -> Member {
        var member = Member(
            programme: row.text(at: 0), ffn: row.text(at: 1),
            status: Member.Status(rawValue: row.text(at: 2)) ?? .fraud,  // never happens: import checks
            tier: row.text(at: 3), tierExpiry: row.text(at: 4), allianceTier: row.text(at: 5),
            enrollmentDate: row.text(at: 6), balance: row.text(at: 7), coalition: row.text(at: 8),
            languages: [], segments: [],
            title: row.text(at: 11), firstName: row.text(at: 12), familyName: row.text(at: 13),
            dateOfBirth: row.text(at: 14), gender: row.text(at: 15), maritalStatus: row.text(at: 16),
            nationality: row.text(at: 17), email: row.text(at: 18), phoneCountryCode: row.text(at: 19),
            phoneNumber: row.text(at: 20), phoneType: row.text(at: 21),
            addressLines: [], postCode: row.text(at: 23), country: row.text(at: 24), documents: [])
        // Lists stay as the extract wrote them until someone reads them.
        member.languagesText = row.text(at: 9)
        member.segmentsText = row.text(at: 10)
        member.addressLinesText = row.text(at: 22)
        member.documentsText = row.text(at: 25)
        return member
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
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if fd >= 0 { close(fd) }
    }
}
