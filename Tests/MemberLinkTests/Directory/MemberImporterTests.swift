import Foundation
import MemberLink
import Storage
import Testing

@Suite("MemberImporter")
struct MemberImporterTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    private func importRows(_ lines: [[String]], into directory: MemberDirectory) throws -> MemberImportSummary {
        try MemberImporter(directory: directory).importExtract(file: "members.csv", rows: MemberExtractRows(lines: lines))
    }

    @Test("malformed member rows are reported with file, line and reason, and skipped")
    func malformedRows() throws {
        let directory = try fixture.open()
        var shortRow = ExtractRow.make(ffn: "3")
        shortRow.removeLast()
        let summary = try importRows(
            [
                ExtractRow.header,
                ExtractRow.make(ffn: "1"),  // line 2: fine
                ExtractRow.make(ffn: "2", status: "X"),  // 3
                shortRow,  // 4
                ExtractRow.make(programme: "", ffn: "5"),  // 5
                ExtractRow.make(ffn: ""),  // 6
                ExtractRow.make(ffn: "7", documents: "P:C1234567"),  // 7
                ExtractRow.make(ffn: "8", documents: "P:C1234567:VNM|"),  // 8: empty item
                ExtractRow.make(ffn: "1"),  // 9: duplicate of line 2
                ExtractRow.make(ffn: "10", status: "s"),  // 10: fine, status any case
            ], into: directory)
        #expect(summary.rowsRead == 9)
        #expect(summary.imported == 2)
        #expect(summary.skipped == 7)
        #expect(summary.issues.map(\.line) == [3, 4, 5, 6, 7, 8, 9])
        #expect(
            summary.issues.map(\.reason) == [
                .statusUnknown, .fieldCount, .programmeMissing, .ffnMissing, .documentMalformed, .documentMalformed,
                .duplicateMember,
            ])
        #expect(summary.issues.allSatisfy { $0.file == "members.csv" })
        #expect(summary.issues[6].message.contains("line 2"))
        // The document number is not quoted in clear.
        #expect(!summary.issues[4].message.contains("C1234567"))
        #expect(try directory.member(programme: "VN", ffn: "1")?.tier == "GOLD")
        #expect(try directory.member(programme: "VN", ffn: "10")?.status == .suspended)
        #expect(try directory.memberCount() == 2)
    }

    @Test("the first of duplicate rows is kept, with its documents only")
    func duplicateKeepsFirst() throws {
        let directory = try fixture.open()
        let summary = try importRows(
            [
                ExtractRow.header,
                ExtractRow.make(ffn: "1", tier: "GOLD", documents: "P:A1:VNM"),
                ExtractRow.make(ffn: "1", tier: "SILVER", documents: "P:B2:VNM"),
            ], into: directory)
        #expect(summary.skipped == 1)
        #expect(try directory.member(programme: "VN", ffn: "1")?.tier == "GOLD")
        #expect(try directory.members(programme: "VN", documentType: "P", documentNumber: "B2", issueCountry: "VNM").isEmpty)
        #expect(try directory.members(programme: "VN", documentType: "P", documentNumber: "A1", issueCountry: "VNM").count == 1)
    }

    @Test("a programme + ffn repeated across extracts is a duplicate; each names the first row's file and line")
    func duplicatesAcrossExtracts() throws {
        let directory = try fixture.open()
        let first = MemberExtractRows(lines: [
            ExtractRow.header, ExtractRow.make(ffn: "1"), ExtractRow.make(ffn: "2", tier: "FIRST"),
            ExtractRow.make(ffn: "1", tier: "AGAIN"),
        ])
        let second = MemberExtractRows(lines: [
            ExtractRow.header, ExtractRow.make(ffn: "2", tier: "SECOND", documents: "P:Z2:VNM"),
            ExtractRow.make(programme: "kl", ffn: "2"), ExtractRow.make(ffn: "1"),
        ])
        let summary = try MemberImporter(directory: directory).importExtracts([
            (file: "a.csv", rows: first), (file: "b.csv", rows: second),
        ])
        #expect(summary.imported == 3)
        #expect(summary.issues.map { "\($0.file):\($0.line)" } == ["a.csv:4", "b.csv:2", "b.csv:4"])
        #expect(summary.issues.allSatisfy { $0.reason == .duplicateMember })
        #expect(summary.issues.map { $0.message.contains("given on line 2;") } == [true, false, false])
        #expect(summary.issues[1].message.contains("given on a.csv:3;"))
        #expect(summary.issues[2].message.contains("given on a.csv:2;"))
        #expect(try directory.member(programme: "VN", ffn: "2")?.tier == "FIRST")
        #expect(try directory.member(programme: "KL", ffn: "2") != nil)
        #expect(try directory.members(programme: "VN", documentType: "P", documentNumber: "Z2", issueCountry: "VNM").isEmpty)
    }

    @Test("the store holds every cell as the extract gave it, empty ones as empty text, and file and line as integers")
    func storeRowsAsGiven() throws {
        let directory = try fixture.open()
        let second = (0..<700).map { ExtractRow.make(ffn: "B\($0)", tier: $0 == 699 ? "" : "SILVER") }
        _ = try MemberImporter(directory: directory).importExtracts([
            (
                file: "a.csv",
                rows: MemberExtractRows(lines: [ExtractRow.header, ExtractRow.make(ffn: "A1", documents: "")])
            ),
            (file: "b.csv", rows: MemberExtractRows(lines: [ExtractRow.header] + second)),
        ])
        let folder = (fixture.path as NSString).deletingLastPathComponent
        let storeName = try #require(
            FileManager.default.contentsOfDirectory(atPath: folder).first {
                $0.hasPrefix((fixture.path as NSString).lastPathComponent + ".members-") && !$0.hasSuffix(".lookup")
            })
        let store = try Database(path: folder + "/" + storeName)
        let columns = ExtractRow.header  // the store names its columns as the extract does
        let rows = try store.prepare(
            "SELECT id, typeof(sourceFile), sourceFile, typeof(sourceLine), sourceLine, "
                + columns.map { "typeof(\($0)), \($0)" }.joined(separator: ", ") + " FROM members ORDER BY id")
        var seen: [(file: Int, line: Int, cells: [String])] = []
        while try rows.step() {
            #expect(rows.int(at: 0) == seen.count + 1)
            #expect(rows.text(at: 1) == "integer" && rows.text(at: 3) == "integer")
            for column in columns.indices { #expect(rows.text(at: Int32(5 + 2 * column)) == "text") }
            seen.append((rows.int(at: 2), rows.int(at: 4), columns.indices.map { rows.text(at: Int32(6 + 2 * $0)) }))
        }
        // 701 members: more than a block of rows (512) handed to the store at once.
        #expect(seen.count == 701)
        #expect(seen[0].file == 0 && seen[0].line == 2 && seen[0].cells == ExtractRow.make(ffn: "A1", documents: ""))
        for (index, row) in second.enumerated() {
            #expect(seen[1 + index].file == 1 && seen[1 + index].line == index + 2 && seen[1 + index].cells == row)
        }
    }

    @Test("header names are case-insensitive, in any order; unknown columns are ignored")
    func headerOrder() throws {
        let directory = try fixture.open()
        let order = Array(ExtractRow.header.indices.reversed())
        let header = order.map { ExtractRow.header[$0].uppercased() } + ["extra"]
        let row = ExtractRow.make(ffn: "42", documents: "P:X9:VNM")
        let summary = try importRows([header, order.map { row[$0] } + ["ignored"]], into: directory)
        #expect(summary.imported == 1)
        let member = try #require(try directory.member(programme: "VN", ffn: "42"))
        #expect(member.documents == [.init(type: "P", number: "X9", issueCountry: "VNM")])
        #expect(member.firstName == "An")
    }

    @Test("a header lacking a column or naming one twice stops the import and keeps the old members")
    func badHeader() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        let missing = Array(ExtractRow.header.dropLast())
        let error = try #require(throws: MemberImportError.self) {
            try importRows([missing, Array(ExtractRow.make(ffn: "2").dropLast())], into: directory)
        }
        #expect(error.code == .headerColumnsMissing)
        #expect(error.message.contains("documents"))
        let repeated = ExtractRow.header + ["FFN"]
        let again = try #require(throws: MemberImportError.self) { try importRows([repeated], into: directory) }
        #expect(again.code == .headerColumnRepeated)
        let empty = try #require(throws: MemberImportError.self) { try importRows([], into: directory) }
        #expect(empty.code == .headerMissing)
        #expect(try directory.member(programme: "VN", ffn: "1") != nil)
    }

    @Test("a re-import replaces the members and keeps the ledger")
    func reimport() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1"), ExtractRow.make(ffn: "2")])
        try directory.recordAttachments([
            LedgerEntry(system: "1A", bookingCode: "ABC123", passengerId: "P1", airline: "VN", membershipId: "1")
        ])
        let summary = try importRows([ExtractRow.header, ExtractRow.make(ffn: "3")], into: directory)
        #expect(summary.imported == 1)
        #expect(try directory.member(programme: "VN", ffn: "1") == nil)
        #expect(try directory.member(programme: "VN", ffn: "3") != nil)
        #expect(try directory.memberCount() == 1)
        #expect(try directory.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "1")
    }

    @Test("a reader never sees a half import")
    func snapshot() throws {
        let writer = try fixture.directory(with: [ExtractRow.make(ffn: "old")])
        let reader = try fixture.open()
        /// Looks members up from another connection while the import is under way.
        final class Spy: MemberExtractRowSource {
            let rows: MemberExtractRows
            let reader: MemberDirectory
            var seenDuringImport: [String?] = []
            init(rows: MemberExtractRows, reader: MemberDirectory) {
                self.rows = rows
                self.reader = reader
            }
            func nextRow() throws -> MemberExtractRow? {
                seenDuringImport.append(try reader.member(programme: "VN", ffn: "old")?.ffn)
                seenDuringImport.append(try reader.member(programme: "VN", ffn: "new")?.ffn)
                return try rows.nextRow()
            }
        }
        let spy = Spy(
            rows: MemberExtractRows(lines: [ExtractRow.header, ExtractRow.make(ffn: "new"), ExtractRow.make(ffn: "n2")]),
            reader: reader)
        _ = try MemberImporter(directory: writer).importExtract(file: "members.csv", rows: spy)
        #expect(spy.seenDuringImport == ["old", nil, "old", nil, "old", nil, "old", nil])
        #expect(try reader.member(programme: "VN", ffn: "old") == nil)
        #expect(try reader.member(programme: "VN", ffn: "new") != nil)
    }

    @Test("an extract file is read with the CSV tokenizer: quoted cells, lines, broken rows")
    func importFile() throws {
        let directory = try fixture.open()
        let path = fixture.folder + "/members.csv"
        func line(_ cells: [String]) -> String {
            cells.map { $0.contains(",") || $0.contains("\n") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
        var text = line(ExtractRow.header) + "\r\n"
        text += line(ExtractRow.make(ffn: "1", allianceTier: "ELITE, PLUS")) + "\r\n"  // line 2
        text += "VN,\"2\"x," + line(Array(ExtractRow.make(ffn: "2").dropFirst(2))) + "\r\n"  // line 3: broken quote
        text += line(ExtractRow.make(ffn: "3", familyName: "Nguyễn\nThị")) + "\r\n"  // lines 4-5
        text += line(ExtractRow.make(ffn: "3")) + "\r\n"  // line 6: duplicate
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let summary = try MemberImporter(directory: directory).importFiles([path])
        #expect(summary.rowsRead == 4)
        #expect(summary.imported == 2)
        #expect(summary.issues.map(\.line) == [3, 6])
        #expect(summary.issues.map(\.reason) == [.rowUnreadable, .duplicateMember])
        #expect(summary.issues.allSatisfy { $0.file == path })
        #expect(try directory.member(programme: "VN", ffn: "1")?.allianceTier == "ELITE, PLUS")
        #expect(try directory.member(programme: "VN", ffn: "3")?.familyName == "Nguyễn\nThị")
    }
}

@Suite("MemberImporter file path")
struct MemberImporterFilePathTests {
    @Test("an extract file gives the same members, documents and issues as the same rows given as text")
    func fileMatchesRows() throws {
        let files = try DirectoryFixture()
        let rows = try DirectoryFixture()
        let lines: [[String]] = [
            ExtractRow.header,
            ExtractRow.make(programme: " vn ", ffn: "1", status: "s\t", documents: " p : c1 : vnm |i:x2:fra"),
            ExtractRow.make(ffn: "2", firstName: "Đức Thắng", familyName: "\tVũ "),
            ExtractRow.make(ffn: "3", firstName: " \u{301}An", documents: "P:Ç3:VNM"),
            ExtractRow.make(programme: "vñ", ffn: "4", status: "c"),
            ExtractRow.make(programme: "ß", ffn: "5", documents: "p:straße:deu"),
            ExtractRow.make(ffn: "6", status: "X"),
            ExtractRow.make(ffn: "7", documents: "P:C7:VNM|"),
            ExtractRow.make(ffn: "1", status: "A"),
            ExtractRow.make(programme: "kl", ffn: "8", status: "f", allianceTier: "ELITE, PLUS"),
        ]
        let path = files.folder + "/members.csv"
        let text = lines.map { line in
            line.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
        }.joined()
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let fromFile = try files.open()
        let fromRows = try rows.open()
        let fileSummary = try MemberImporter(directory: fromFile).importFiles([path])
        let rowsSummary = try MemberImporter(directory: fromRows).importExtract(
            file: path, rows: MemberExtractRows(lines: lines))
        #expect(fileSummary == rowsSummary)
        #expect(fileSummary.imported == 6)
        #expect(fileSummary.issues.map(\.line) == [7, 8, 9])
        for (programme, ffn) in [("VN", "1"), ("VN", "2"), ("VN", "3"), ("VÑ", "4"), ("SS", "5"), ("KL", "8")] {
            let member = try fromFile.member(programme: programme, ffn: ffn)
            #expect(member != nil)
            #expect(member == (try fromRows.member(programme: programme, ffn: ffn)))
        }
        let first = try #require(try fromFile.member(programme: "VN", ffn: "1"))
        #expect(first.status == .suspended)
        #expect(first.documents == [.init(type: "P", number: "C1", issueCountry: "VNM"), .init(type: "I", number: "X2", issueCountry: "FRA")])
        #expect(try fromFile.members(programme: "SS", documentType: "P", documentNumber: "STRASSE", issueCountry: "DEU").count == 1)
        #expect(try fromFile.members(programme: "VN", documentType: "I", documentNumber: "X2", issueCountry: "FRA").count == 1)
    }
}
