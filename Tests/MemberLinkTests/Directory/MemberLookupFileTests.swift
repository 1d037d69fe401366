import Foundation
import RecordIO
import Testing

@testable import MemberLink

@Suite("MemberLookupFile: a store's lookup file answers what its SQL answers")
struct MemberLookupFileTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    /// 1,500 members of three programmes with 0–3 documents each, documents shared by up to four
    /// members, every status, non-ASCII names, a few long addresses (records longer than one
    /// read), then a duplicate programme + ffn with documents of its own, and a member holding a
    /// document twice.
    private static func rows() -> [[String]] {
        var generator = SplitMix64(seed: 7)
        let programmes = ["VN", "AF", "KL"]
        let statuses = ["A", "A", "A", "S", "C", "F"]
        var rows: [[String]] = []
        for index in 0..<1500 {
            let documents = (0..<Int(generator.next() % 4)).map { _ in
                "\(["P", "I"][Int(generator.next() % 2)]):X\(generator.next() % 400):\(["VNM", "FRA"][Int(generator.next() % 2)])"
            }
            var row = ExtractRow.make(
                programme: programmes[index % 3], ffn: String(1000 + index),
                status: statuses[Int(generator.next() % 6)], firstName: index % 5 == 0 ? "Thị Hà" : "An",
                familyName: index % 7 == 0 ? "Lê-Đỗ" : "Nguyen", documents: documents.joined(separator: "|"))
            if index % 97 == 0 { row[22] = (0..<80).map { "Street \($0)" }.joined(separator: " ") }
            rows.append(row)
        }
        rows.append(ExtractRow.make(programme: "VN", ffn: "1000", firstName: "Duplicate", documents: "P:DUP1:VNM"))
        rows.append(ExtractRow.make(programme: "AF", ffn: "twice", documents: "P:TWICE:FRA|P:twice:FRA"))
        return rows
    }

    private static func keys(of rows: [[String]]) -> (ffns: [(String, String)], documents: [[String]]) {
        var ffns = rows.map { ($0[0], $0[1]) } + [("VN", "no-such"), ("ZZ", "1000"), ("VN", "")]
        ffns.append(("KL", "1000"))  // a programme the FFN is not in
        var documents: [[String]] = [
            ["VN", "P", "DUP1", "VNM"], ["VN", "P", "NONE", "VNM"], ["AF", "P", "x1", "vnm"],
        ]
        for row in rows where !row[25].isEmpty {
            for item in row[25].split(separator: "|") {
                let parts = item.split(separator: ":").map(String.init)
                for programme in ["VN", "AF", "KL"] { documents.append([programme] + parts) }
            }
        }
        return (ffns, documents)
    }

    /// What CONTRACT §1.3 and §2 step 4 say the directory holds for `rows`: by programme + FFN
    /// the first row giving them; by programme + document every member kept (duplicates are
    /// dropped whole) holding it, type, number and country compared upper-cased, in row order,
    /// each once.
    private static func expected(_ rows: [[String]], ffns: [(String, String)], documents: [[String]])
        -> (byFFN: [String?], byDocument: [[String]])
    {
        var first: [String: [String]] = [:]
        var holders: [String: [[String]]] = [:]  // "PROGRAMME TYPE:NUMBER:COUNTRY" → rows kept
        for row in rows where first["\(row[0]) \(row[1])"] == nil {
            first["\(row[0]) \(row[1])"] = row
            for document in Set(row[25].uppercased().split(separator: "|")) {
                holders["\(row[0]) \(document)", default: []].append(row)
            }
        }
        let byFFN = ffns.map { key in first["\(key.0) \(key.1)"].map(signature) }
        let byDocument = documents.map { key in
            (holders["\(key[0]) \(key[1...3].joined(separator: ":").uppercased())"] ?? []).map(signature)
        }
        return (byFFN, byDocument)
    }

    private static func signature(_ row: [String]) -> String {
        [row[0], row[1], row[2], row[3], row[12], row[13], row[18], row[22], row[25].uppercased()].joined(
            separator: "/")
    }

    private static func signature(_ member: Member) -> String {
        [
            member.programme, member.ffn, member.status.rawValue, member.tier, member.firstName, member.familyName,
            member.email, member.addressLines.joined(separator: "|"),
            member.documents.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|"),
        ].joined(separator: "/")
    }

    @Test(
        "every lookup by FFN and by document finds the members the extract gives, in row order, with the import's keys in memory or in temporary files, the tables read in ahead or not",
        arguments: zip([2 << 20, 50, 2 << 20], [false, false, true]))
    func sameAsTheExtract(keysInMemory: Int, preparedAhead: Bool) throws {
        let rows = Self.rows()
        let importer = MemberImporter(directory: try fixture.open())
        importer.lookupKeysInMemory = keysInMemory
        let summary = try importer.importExtract(
            file: "members.csv", rows: MemberExtractRows(lines: [ExtractRow.header] + rows))
        #expect(summary.issues.map(\.reason) == [.duplicateMember])
        let directory = try fixture.open()
        #expect(directory.isReadingLookupFile)
        // 1,502 members in 4,096 slots: read in on the 64th lookup, or ahead of the first.
        #expect(try directory.lookupsWorthPreparing(byFFN: true, byDocument: false) == 64)
        if preparedAhead {
            try directory.prepareLookups(byFFN: true, byDocument: true)
            #expect(directory.lookupTablesInMemory.map { [$0.byFFN, $0.byDocument] } == [true, true])
        } else {
            #expect(directory.lookupTablesInMemory.map { [$0.byFFN, $0.byDocument] } == [false, false])
        }
        let (ffns, documents) = Self.keys(of: rows)
        let expected = Self.expected(rows, ffns: ffns, documents: documents)
        let byFFN = try ffns.map { try directory.member(programme: $0.0, ffn: $0.1).map(Self.signature) }
        let byDocument = try documents.map {
            try directory.members(programme: $0[0], documentType: $0[1], documentNumber: $0[2], issueCountry: $0[3])
                .map(Self.signature)
        }
        #expect(byFFN.count == expected.byFFN.count && byDocument.count == expected.byDocument.count)
        // The first difference only: a whole list would bury it.
        let ffnDifference = byFFN.indices.first { byFFN[$0] != expected.byFFN[$0] }
        #expect(ffnDifference == nil, "\(ffnDifference.map { "\(ffns[$0]): \(String(describing: byFFN[$0]))" } ?? "")")
        let documentDifference = byDocument.indices.first { byDocument[$0] != expected.byDocument[$0] }
        #expect(
            documentDifference == nil,
            "\(documentDifference.map { "\(documents[$0]): \(byDocument[$0]) instead of \(expected.byDocument[$0])" } ?? "")"
        )
        // Not empty-handed: most keys find someone, some documents several members.
        #expect(byFFN.compactMap { $0 }.count == 1502)  // the duplicate's key finds the first row
        #expect(byDocument.contains { $0.count >= 2 })

        // With the usual scopes, the fields granted by none are left empty.
        try directory.limitLookups(to: MemberField.granted(by: [.status, .tier, .name]))
        let narrow = try #require(try directory.member(programme: "AF", ffn: "1001"))
        #expect(narrow.firstName == "An" && narrow.email.isEmpty && narrow.documents.isEmpty)
    }

    @Test("a member is found by a document that is not its first, and a duplicate's documents find nobody")
    func documentsBeyondTheFirst() throws {
        let directory = try fixture.directory(with: [
            ExtractRow.make(ffn: "1", documents: "P:FIRST:VNM|I:SECOND:VNM|P:THIRD:FRA"),
            ExtractRow.make(ffn: "1", firstName: "Duplicate", documents: "P:OTHER:VNM"),
        ])
        #expect(directory.isReadingLookupFile)
        for (type, number, country) in [("P", "FIRST", "VNM"), ("I", "second", "vnm"), ("P", "THIRD", "FRA")] {
            let found = try directory.members(
                programme: "VN", documentType: type, documentNumber: number, issueCountry: country)
            #expect(found.map(\.firstName) == ["An"])
        }
        #expect(
            try directory.members(programme: "VN", documentType: "P", documentNumber: "OTHER", issueCountry: "VNM")
                .isEmpty)
        #expect(try directory.member(programme: "VN", ffn: "1")?.firstName == "An")
    }

    /// A cell's length takes one byte below 128 bytes and two from 128 on: a record with such a
    /// cell is read through its LEB128 lengths, the others a byte per length; both whole.
    @Test("members whose cells are 127 and 128 bytes or more long are found and read whole")
    func longCells() throws {
        let names = [
            String(repeating: "A", count: 127), String(repeating: "B", count: 128), String(repeating: "Đ", count: 300),
        ]
        let directory = try fixture.directory(
            with: names.enumerated().map {
                ExtractRow.make(ffn: "\($0.offset + 1)", firstName: $0.element, documents: "P:C\($0.offset):VNM")
            })
        #expect(directory.isReadingLookupFile)
        for (index, name) in names.enumerated() {
            let member = try #require(try directory.member(programme: "VN", ffn: "\(index + 1)"))
            #expect(member.firstName == name && member.familyName == "Nguyen" && member.email == "an@example.com")
            let byDocument = try directory.members(
                programme: "VN", documentType: "P", documentNumber: "C\(index)", issueCountry: "VNM")
            #expect(byDocument.map(\.firstName) == [name])
        }
    }

    @Test("a store whose lookup file is missing or unfinished stops the directory's opening, naming the file")
    func withoutTheFile() throws {
        try fixture.directory(with: [ExtractRow.make(ffn: "1", documents: "P:C1:VNM")])
        let lookup = fixture.path + ".members-1.lookup"
        let complete = try Data(contentsOf: URL(fileURLWithPath: lookup))
        try FileManager.default.removeItem(atPath: lookup)
        var error = try #require(throws: DirectoryError.self) { try fixture.open() }
        #expect(error.message.contains("members.sqlite.members-1.lookup, which is missing"))
        #expect(error.message.contains("import the members again"))

        try complete.prefix(300).write(to: URL(fileURLWithPath: lookup))  // cut before its tables
        error = try #require(throws: DirectoryError.self) { try fixture.open() }
        #expect(error.message.contains("which is unfinished or not a MemberLink lookup file"))

        try complete.write(to: URL(fileURLWithPath: lookup))
        #expect(try fixture.open().member(programme: "VN", ffn: "1")?.ffn == "1")
    }

    @Test("a member record whose cells run past its end is a damaged file, named, not a crash")
    func damagedRecord() throws {
        try fixture.directory(with: [ExtractRow.make(ffn: "1", documents: "P:C1:VNM")])
        let lookup = fixture.path + ".members-1.lookup"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: lookup)))
        // The one record starts after the 256-byte header: its length, the id and the document
        // count (LEB128 numbers), then the cells' lengths. The first cell now claims 127 bytes.
        var cursor = 256
        for _ in 0..<3 {
            while bytes[cursor] >= 0x80 { cursor += 1 }
            cursor += 1
        }
        #expect(bytes[cursor] == 2)  // "VN"
        bytes[cursor] = 0x7F
        try Data(bytes).write(to: URL(fileURLWithPath: lookup))
        let error = try #require(throws: RecordIOError.self) {
            try fixture.open().member(programme: "VN", ffn: "1")
        }
        #expect(error.code == .damaged && error.path == lookup)
        #expect(error.message.contains("import the members again"))
    }

    @Test("each import writes its store's lookup file and removes the previous one")
    func oneLookupFilePerStore() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        _ = try MemberImporter(directory: directory).importExtract(
            file: "members.csv", rows: MemberExtractRows(lines: [ExtractRow.header, ExtractRow.make(ffn: "2")]))
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.folder + "/dir")
        #expect(
            names.filter { $0.hasPrefix("members.sqlite.members-") }.sorted()
                == ["members.sqlite.members-2", "members.sqlite.members-2.lookup"])
        #expect(try directory.member(programme: "VN", ffn: "1") == nil)
        #expect(try directory.member(programme: "VN", ffn: "2")?.ffn == "2")
        #expect(directory.isReadingLookupFile)
    }
}
