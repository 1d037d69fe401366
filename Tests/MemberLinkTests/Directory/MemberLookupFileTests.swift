import Foundation
@testable import MemberLink
import Testing

@Suite("MemberLookupFile: a store's lookup file answers what its SQL answers")
struct MemberLookupFileTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    /// 1,500 members of three programmes with 0–3 documents each, documents shared by up to four
    /// members, every status, non-ASCII names, a few long addresses (records longer than one
    /// read), then a duplicate programme + ffn with documents of its own, and a member holding a
    /// document twice.
    private static func rows() -> [[String]] {
        var generator = SystemRandomNumberGenerator.Seeded(seed: 7)
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
            if index % 97 == 0 { row[22] = String(repeating: "Long street ", count: 60) }
            rows.append(row)
        }
        rows.append(ExtractRow.make(programme: "VN", ffn: "1000", firstName: "Duplicate", documents: "P:DUP1:VNM"))
        rows.append(ExtractRow.make(programme: "AF", ffn: "twice", documents: "P:TWICE:FRA|P:twice:FRA"))
        return rows
    }

    private static func keys(of rows: [[String]]) -> (ffns: [(String, String)], documents: [[String]]) {
        var ffns = rows.map { ($0[0], $0[1]) } + [("VN", "no-such"), ("ZZ", "1000"), ("VN", "")]
        ffns.append(("KL", "1000"))  // a programme the FFN is not in
        var documents: [[String]] = [["VN", "P", "DUP1", "VNM"], ["VN", "P", "NONE", "VNM"], ["AF", "P", "x1", "vnm"]]
        for row in rows where !row[25].isEmpty {
            for item in row[25].split(separator: "|") {
                let parts = item.split(separator: ":").map(String.init)
                for programme in ["VN", "AF", "KL"] { documents.append([programme] + parts) }
            }
        }
        return (ffns, documents)
    }

    @Test("every lookup by FFN and by document gives the same members, in the same order, as SQL")
    func sameAsSQL() throws {
        let rows = Self.rows()
        try fixture.directory(with: rows)
        let directory = try fixture.open()
        #expect(directory.isReadingLookupFile)
        let (ffns, documents) = Self.keys(of: rows)

        func answers(_ directory: MemberDirectory) throws -> (byFFN: [Member?], byDocument: [[Member]]) {
            (
                try ffns.map { try directory.member(programme: $0.0, ffn: $0.1) },
                try documents.map {
                    try directory.members(programme: $0[0], documentType: $0[1], documentNumber: $0[2], issueCountry: $0[3])
                }
            )
        }
        for granted in [MemberField.allCases, MemberField.granted(by: [.status, .tier, .name])] {
            try directory.limitLookups(to: granted)
            try directory.setReadsLookupFile(true)
            let fromFile = try answers(directory)
            try directory.setReadsLookupFile(false)
            #expect(!directory.isReadingLookupFile)
            let fromSQL = try answers(directory)
            #expect(fromFile.byFFN == fromSQL.byFFN)
            #expect(fromFile.byDocument == fromSQL.byDocument)
            // The comparison is not empty-handed: most keys find someone, some several.
            #expect(fromFile.byFFN.compactMap { $0 }.count == 1502)  // the duplicate's key finds the first row
            #expect(fromFile.byDocument.contains { $0.count >= 2 })
        }
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
        #expect(try directory.members(programme: "VN", documentType: "P", documentNumber: "OTHER", issueCountry: "VNM").isEmpty)
        #expect(try directory.member(programme: "VN", ffn: "1")?.firstName == "An")
    }

    @Test("a store whose lookup file is missing or unfinished is read through SQL, with the same answers")
    func withoutTheFile() throws {
        try fixture.directory(with: [ExtractRow.make(ffn: "1", documents: "P:C1:VNM")])
        let lookup = fixture.path + ".members-1.lookup"
        #expect(FileManager.default.fileExists(atPath: lookup))
        try FileManager.default.removeItem(atPath: lookup)
        var directory = try fixture.open()
        #expect(!directory.isReadingLookupFile)
        #expect(try directory.member(programme: "VN", ffn: "1")?.ffn == "1")
        #expect(try directory.members(programme: "VN", documentType: "P", documentNumber: "C1", issueCountry: "VNM").count == 1)

        try Data(count: 300).write(to: URL(fileURLWithPath: lookup))  // a header never written
        directory = try fixture.open()
        #expect(!directory.isReadingLookupFile)
        #expect(try directory.member(programme: "VN", ffn: "1")?.ffn == "1")
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

extension SystemRandomNumberGenerator {
    /// A small deterministic generator (SplitMix64) for test data.
    struct Seeded: RandomNumberGenerator {
        private var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var value = state
            value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
            value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
            return value ^ (value >> 31)
        }
    }
}
