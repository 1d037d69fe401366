import Foundation
import Storage
import Testing

@testable import MemberLink

@Suite("Directory schema upgrades")
struct SchemaUpgradeTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    /// A directory as MemberLink wrote it at schema version 3: the extract's path on every member row.
    private func writeVersion3Directory() throws {
        try FileManager.default.createDirectory(
            atPath: (fixture.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let database = try Database(path: fixture.path)
        let textColumns = ExtractRow.header.map { "\($0) TEXT NOT NULL" }.joined(separator: ", ")
        try database.execute(
            """
            PRAGMA journal_mode = WAL;
            CREATE TABLE members (id INTEGER PRIMARY KEY, sourceFile TEXT NOT NULL, sourceLine INTEGER NOT NULL,
                \(textColumns));
            CREATE TABLE documents (memberId INTEGER NOT NULL, programme TEXT NOT NULL, type TEXT NOT NULL,
                number TEXT NOT NULL, issueCountry TEXT NOT NULL);
            CREATE TABLE ledger (system TEXT NOT NULL, bookingCode TEXT NOT NULL, passengerId TEXT NOT NULL,
                airline TEXT NOT NULL, membershipId TEXT NOT NULL, PRIMARY KEY (system, bookingCode, passengerId))
                WITHOUT ROWID;
            CREATE TABLE processed_files (pipeline TEXT NOT NULL, sha256 TEXT NOT NULL, path TEXT NOT NULL,
                records INTEGER NOT NULL, processedAt TEXT NOT NULL, rejectedReason TEXT,
                PRIMARY KEY (pipeline, sha256)) WITHOUT ROWID;
            CREATE INDEX members_by_ffn ON members (ffn, programme);
            CREATE INDEX documents_by_number ON documents (number, type, issueCountry, programme);
            INSERT INTO ledger VALUES ('1A', 'ABC123', 'P1', 'VN', '7');
            INSERT INTO processed_files VALUES ('nightly', 'ab12', 'inbox/a.csv', 3, '2026-11-30T01:00:00Z', NULL);
            PRAGMA user_version = 3;
            """)
        let values = ExtractRow.make(ffn: "1", documents: "P:A1:VNM")
        let insert = try database.prepare(
            "INSERT INTO members VALUES (1, '/srv/extracts/members.csv', 2, "
                + values.indices.map { "?\($0 + 1)" }.joined(separator: ", ") + ")")
        for (index, value) in values.enumerated() { try insert.bind(value, at: Int32(index + 1)) }
        try insert.run()
        try database.execute("INSERT INTO documents VALUES (1, 'VN', 'P', 'A1', 'VNM')")
    }

    private func userVersion() throws -> Int {
        let statement = try Database(path: fixture.path).prepare("PRAGMA user_version")
        _ = try statement.step()
        return statement.int(at: 0)
    }

    @Test("a version-3 directory opens as version 6 with its members, ledger and processed files")
    func upgradeKeepsEverything() throws {
        try writeVersion3Directory()
        let directory = try fixture.open()
        #expect(try userVersion() == 6)
        #expect(directory.storeGeneration == 0)
        #expect(try directory.member(programme: "VN", ffn: "1")?.tier == "GOLD")
        #expect(
            try directory.members(programme: "VN", documentType: "P", documentNumber: "A1", issueCountry: "VNM").count
                == 1)
        #expect(
            try directory.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "7")
        #expect(try directory.processedFile(pipeline: "nightly", sha256: "ab12")?.path == "inbox/a.csv")
        // Version 6's ledger filter is built from the ledger the directory had: inside a file's
        // transaction, where a look-up trusts the filter, the booking is still found.
        try directory.beginFile()
        #expect(
            try directory.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "7")
        try directory.endFile(committed: true)
        let filter = try Database(path: fixture.path).prepare("SELECT bookings FROM ledger_filter")
        #expect(try filter.step() && filter.int(at: 0) == 1)
    }

    @Test("the first import into an upgraded directory replaces its members and names duplicates by file")
    func importAfterUpgrade() throws {
        try writeVersion3Directory()
        let directory = try fixture.open()
        let summary = try MemberImporter(directory: directory).importExtracts([
            (file: "a.csv", rows: MemberExtractRows(lines: [ExtractRow.header, ExtractRow.make(ffn: "2")])),
            (
                file: "b.csv",
                rows: MemberExtractRows(lines: [ExtractRow.header, ExtractRow.make(ffn: "2", tier: "SILVER")])
            ),
        ])
        #expect(summary.imported == 1)
        #expect(summary.issues.map { "\($0.file):\($0.line)" } == ["b.csv:2"])
        #expect(summary.issues.first?.message.contains("given on a.csv:2;") == true)
        #expect(try directory.member(programme: "VN", ffn: "1") == nil)
        #expect(try directory.member(programme: "VN", ffn: "2")?.tier == "GOLD")
        #expect(
            try directory.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "7")
        // The members moved to a store file; the directory's own tables are left empty.
        #expect(directory.storeGeneration == 1)
        let database = try Database(path: fixture.path)
        for table in ["members", "documents", "import_files"] {
            let count = try database.prepare("SELECT count(*) FROM \(table)")
            _ = try count.step()
            #expect(count.int(at: 0) == 0, "\(table)")
        }
    }
}
