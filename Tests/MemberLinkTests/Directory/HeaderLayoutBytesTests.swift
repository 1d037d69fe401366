import Foundation
import RecordIO
import Testing

@testable import MemberLink

@Suite("HeaderLayout byte path")
struct HeaderLayoutBytesTests {
    /// The header and rows of `text` as the tokenizer reads them.
    private static func rows(_ text: [UInt8]) throws -> (layout: HeaderLayout, rows: [CSVRow]) {
        let tokenizer = CSVTokenizer(source: MemoryByteSource(text))
        let header = try #require(try tokenizer.next())
        let layout = try HeaderLayout(header: MemberExtractRow(header), file: "members.csv")
        var rows: [CSVRow] = []
        while let row = try tokenizer.next() { rows.append(row) }
        return (layout, rows)
    }

    private static func csv(_ cells: [[UInt8]]) -> [UInt8] {
        Array(ExtractRow.header.joined(separator: ",").utf8) + [0x0A] + Array(cells.joined(separator: [0x2C])) + [0x0A]
    }

    private static func csv(_ cells: [String]) -> [UInt8] {
        csv(cells.map { Array($0.utf8) })
    }

    /// The values and documents of the block's only member row, as text.
    private static func member(in block: MemberRowBlock) throws -> (values: [String], documents: [Member.Document]) {
        #expect(block.count == 1)
        guard case .member(_, let first, let documentCount) = try #require(block.entries.first) else {
            Issue.record("not a member row")
            return ([], [])
        }
        return block.withCells { cells in
            let text = { (index: Int) in String(decoding: cells[first + index], as: UTF8.self) }
            let values = (0..<MemberRowBlock.columnCount).map(text)
            let documents = (0..<documentCount).map { document in
                let part = MemberRowBlock.columnCount + 3 * document
                return Member.Document(type: text(part), number: text(part + 1), issueCountry: text(part + 2))
            }
            return (values, documents)
        }
    }

    /// Parses the one row of `text` both ways; the byte path must accept it.
    private static func bothWays(_ text: [UInt8]) throws -> (
        bytes: (values: [String], documents: [Member.Document]), strings: ParsedMemberRow
    ) {
        let (layout, rows) = try rows(text)
        let row = try #require(rows.first)
        var block = MemberRowBlock()
        #expect(layout.appendParsed(row, line: row.line, to: &block))
        let strings = try layout.parse(MemberExtractRow(row)).get()
        return (try member(in: block), strings)
    }

    @Test("cells are trimmed, programme and status upper-cased, documents normalised, as CONTRACT §1.3 says")
    func normalised() throws {
        var cells = ExtractRow.make(
            programme: " vn\t", ffn: "\t42 ", status: " c ", firstName: "  An  ",
            documents: " p : c99 : vnm | i:x1:fra ")
        cells[22] = "\"1 Trang Tien, Hoan Kiem\""  // a quoted cell with the delimiter inside
        let (bytes, strings) = try Self.bothWays(Self.csv(cells))
        #expect(bytes.values[0] == "VN")
        #expect(bytes.values[1] == "42")
        #expect(bytes.values[2] == "C")
        #expect(bytes.values[12] == "An")
        #expect(bytes.values[22] == "1 Trang Tien, Hoan Kiem")
        #expect(bytes.values[25] == "P:C99:VNM|I:X1:FRA")
        #expect(
            bytes.documents == [
                .init(type: "P", number: "C99", issueCountry: "VNM"),
                .init(type: "I", number: "X1", issueCountry: "FRA"),
            ])
        #expect(bytes.values == strings.values)
        #expect(bytes.documents == strings.documents)
    }

    @Test(
        "UTF-8 names take the byte path and keep their bytes",
        arguments: [
            ("Đức Thắng", "\tVũ\t", "Vũ"), ("Zoë", "Müller-Lüdenscheidt", "Müller-Lüdenscheidt"), ("李", "\t小龙\t", "小龙"),
            ("Ann", " Vũ", "Vũ"),
        ])
    func nonASCIINames(given: String, family: String, trimmedFamily: String) throws {
        let (bytes, strings) = try Self.bothWays(
            Self.csv(ExtractRow.make(ffn: "7", firstName: given, familyName: family, documents: "")))
        #expect(bytes.values[12] == given)
        #expect(bytes.values[13] == trimmedFamily)
        #expect(bytes.values == strings.values)
        #expect(bytes.documents.isEmpty)
    }

    /// Rows the byte path leaves to the `String` path: Unicode upper-casing, cells that are not
    /// UTF-8, a blank touching a non-ASCII character, and every row that is skipped. Each is a
    /// valid row with the cells at the given columns replaced.
    static let leftToStrings: [(String, [Int: [UInt8]])] = [
        ("non-ASCII programme", [0: Array("vñ".utf8)]),
        ("ß, which upper-cases to two letters", [0: Array("ß".utf8)]),
        ("full-width status", [2: Array("ａ".utf8)]),
        ("status with a combining mark", [2: Array("A\u{301}".utf8)]),
        ("non-ASCII document", [25: Array("p:straße:deu".utf8)]),
        ("space before a combining mark", [12: Array(" \u{301}An".utf8)]),
        ("space after a prepended mark", [13: Array("Nguyen\u{600} ".utf8)]),
        ("space after any non-ASCII character", [13: Array("Vũ ".utf8)]),
        ("invalid UTF-8", [13: [0x41, 0xFF]]),
        ("a character split between cells", [13: [0x41, 0xC3], 14: [0xA9, 0x42]]),
        ("unknown status", [2: Array("X".utf8)]),
        ("empty ffn", [1: Array(" ".utf8)]),
        ("empty programme", [0: Array("\t".utf8)]),
        ("document with two parts", [25: Array("P:C1".utf8)]),
        ("document with an empty part", [25: Array("P: :VNM".utf8)]),
        ("trailing empty document item", [25: Array("P:1:VNM|".utf8)]),
        ("document with four parts", [25: Array("P:1:VNM:X".utf8)]),
    ]

    @Test(
        "rows the byte path cannot give exactly are left to the String path, block unchanged", arguments: leftToStrings)
    func leftToStringPath(name: String, replaced: [Int: [UInt8]]) throws {
        var cells = ExtractRow.make(ffn: "1", documents: "P:C1:VNM").map { Array($0.utf8) }
        for (column, bytes) in replaced { cells[column] = bytes }
        let (layout, rows) = try Self.rows(Self.csv(cells))
        let row = try #require(rows.first)
        var block = MemberRowBlock()
        block.append(.success(ParsedMemberRow(values: Array(repeating: "x", count: 26), documents: [])), line: 1)
        let before = (block.bytes, block.cellEnds, block.count)
        #expect(!layout.appendParsed(row, line: row.line, to: &block), "\(name)")
        #expect(block.bytes == before.0 && block.cellEnds == before.1 && block.count == before.2)
    }

    @Test("the valid row the table above starts from takes the byte path")
    func tableBaseRow() throws {
        let (bytes, strings) = try Self.bothWays(Self.csv(ExtractRow.make(ffn: "1", documents: "P:C1:VNM")))
        #expect(bytes.values == strings.values)
        #expect(bytes.documents == [.init(type: "P", number: "C1", issueCountry: "VNM")])
    }

    @Test("rows of the wrong width or with broken quoting are left to the String path")
    func unreadableRows() throws {
        let header = ExtractRow.header.joined(separator: ",")
        let rest = ExtractRow.make(ffn: "1").dropFirst(2).joined(separator: ",")
        let texts = [
            Self.csv(Array(ExtractRow.make(ffn: "1").dropLast())), Array("\(header)\nVN,\"1\"x,\(rest)\n".utf8),
        ]
        for text in texts {
            let (layout, rows) = try Self.rows(text)
            var block = MemberRowBlock()
            #expect(!layout.appendParsed(try #require(rows.first), line: 2, to: &block))
            #expect(block.count == 0 && block.bytes.isEmpty)
        }
    }
}

extension HeaderLayoutBytesTests {
    /// An import takes a plain row's cells where they lie in the tokenizer's chunk
    /// (`CSVTokenizer.readPlainRow`), and makes a row first for every other one. Over random
    /// extracts, with quoted cells, non-ASCII names, bad statuses and documents, rows of the wrong
    /// width, blank lines and a character cut by a delimiter, the blocks must be the same bytes,
    /// cells and entries either way.
    @Test("rows read in place make the blocks that rows read through the tokenizer make")
    func rowsReadInPlaceMakeTheSameBlocks() throws {
        let folder = try DirectoryFixture()
        var generator = SplitMix64(seed: 1206)
        let variants: [Int: [[UInt8]]] = [
            0: [Array("VN".utf8), Array(" af ".utf8), Array("ÉÉ".utf8), []],
            1: [Array("1234567890".utf8), Array("\"12,34\"".utf8), []],
            2: [Array("A".utf8), Array("s".utf8), Array("X".utf8)],
            12: [Array("Nguyễn".utf8), Array(" An ".utf8), Array("\"Ann\nMarie\"".utf8), Array("ab".utf8) + [0xC3]],
            13: [Array("Müller".utf8), [0xA9] + Array("cd".utf8), [0xFF]],
            25: [Array("P:C1:VNM".utf8), Array(" p : c99 : vnm | i:x1:fra ".utf8), Array("P:C1".utf8), []],
        ]
        let base = ExtractRow.make(ffn: "42").map { Array($0.utf8) }
        var readInPlace = 0
        func blocks(_ path: String, inPlace: Bool) throws -> [String] {
            let rows = try CSVMemberExtractRows(path: path, delimiter: UInt8(ascii: ","))
            rows.readsPlainRowsInPlace = inPlace
            let header = try #require(try rows.nextRow())
            let layout = try HeaderLayout(header: header, file: path)
            var described: [String] = []
            var more = true
            while more {
                var block = MemberRowBlock()
                more = try rows.appendRows(to: &block, limit: 7, layout: layout)
                let entries = block.entries.map { entry in
                    switch entry {
                    case .member(let line, let first, let documents): "member \(line) \(first) \(documents)"
                    case .skipped(let line, let problem): "skipped \(line) \(problem.reason) \(problem.message)"
                    }
                }
                described.append("\(block.bytes) \(block.cellEnds) \(entries)")
            }
            readInPlace += rows.rowsReadInPlace
            return described
        }
        var members = 0
        for round in 0..<40 {
            var text = Array(ExtractRow.header.joined(separator: ",").utf8) + [0x0A]
            for _ in 0..<Int(generator.next() % 60) {
                var cells = base
                for (column, choices) in variants where generator.next() % 3 == 0 {
                    cells[column] = choices[Int(generator.next() % UInt64(choices.count))]
                }
                if generator.next() % 10 == 0 { cells.removeLast() }
                text += Array(cells.joined(separator: [0x2C]))
                text += generator.next() % 3 == 0 ? [0x0D, 0x0A] : generator.next() % 15 == 0 ? [0x0A, 0x0A] : [0x0A]
            }
            let path = folder.folder + "/members-\(round).csv"
            try Data(text).write(to: URL(fileURLWithPath: path))
            let inPlace = try blocks(path, inPlace: true)
            let made = try blocks(path, inPlace: false)
            #expect(inPlace == made, "\(String(decoding: text, as: UTF8.self).debugDescription)")
            members += made.joined().components(separatedBy: "member ").count - 1
        }
        #expect(members > 400)  // the comparison is not vacuous
        #expect(readInPlace > members / 2)  // and most member rows were read in place
    }
}
