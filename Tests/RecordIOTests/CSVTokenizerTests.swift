import Testing

@testable import RecordIO

/// The tokenizer read at every chunk size, so every boundary falls in every place (as swift-nio's
/// split-lines decoder tests do).
let chunkSizes = [1, 2, 3, 5, 8, 16, 64, 4096]

struct ReadRow: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    var problem: CSVRow.Problem?
    var raw: String

    var description: String { "line \(line) \(fields) \(problem.map { "\($0)" } ?? "ok") raw=\(raw.debugDescription)" }
}

func readAll(_ bytes: [UInt8], chunkSize: Int, delimiter: Character = ",", maxRecordBytes: Int = 1 << 20) throws
    -> [ReadRow]
{
    let tokenizer = CSVTokenizer(
        source: MemoryByteSource(bytes, chunkSize: chunkSize), delimiter: delimiter.asciiValue!,
        maxRecordBytes: maxRecordBytes, chunkSize: chunkSize)
    var rows: [ReadRow] = []
    while let row = try tokenizer.next() {
        let fields = (0..<row.fieldCount).map { String(decoding: row.bytes($0), as: UTF8.self) }
        rows.append(
            ReadRow(line: row.line, fields: fields, problem: row.problem, raw: String(decoding: row.raw, as: UTF8.self))
        )
    }
    return rows
}

func readAll(_ text: String, chunkSize: Int, delimiter: Character = ",", maxRecordBytes: Int = 1 << 20) throws
    -> [ReadRow]
{
    try readAll(Array(text.utf8), chunkSize: chunkSize, delimiter: delimiter, maxRecordBytes: maxRecordBytes)
}

/// Byte strings made of `pieces` (fields, delimiters, line ends, quotes, NUL, bytes that are not
/// UTF-8, a byte order mark), some starting with a byte order mark: the inputs on which two ways of
/// reading rows are compared.
func randomCSVInputs(seed: UInt64, pieces: [[UInt8]], count: Int = 400) -> [[UInt8]] {
    var generator = SplitMix64(seed: seed)
    return (0..<count).map { round in
        var bytes: [UInt8] = round % 5 == 0 ? [0xEF, 0xBB, 0xBF] : []
        for _ in 0..<Int(generator.next() % 40) {
            bytes += pieces[Int(generator.next() % UInt64(pieces.count))]
        }
        if generator.next() % 3 == 0 { bytes.append(0x0A) }
        return bytes
    }
}

/// The pieces of ``randomCSVInputs(seed:pieces:count:)`` for the tokenizer's comparisons.
let csvPieces: [[UInt8]] = [
    Array("ab".utf8), Array("7".utf8), Array(" ".utf8), [0x2C], [0x2C], [0x2C], [0x0A], [0x0A], [0x0D, 0x0A],
    [0x0D], [0x22], Array("\"x\"\"y\"".utf8), [0x00], Array("é".utf8), [0xFF], [0xEF, 0xBB, 0xBF], [0x3B],
]

@Suite("CSV tokenizer (RFC 4180)")
struct CSVTokenizerTests {
    @Test("rows that share the tokenizer's buffers are the same rows, whether dropped or kept", arguments: chunkSizes)
    func sharedRowStorage(chunkSize: Int) throws {
        // A byte order mark, quotes across lines, a stray quote, blank lines, a row too large.
        let text =
            "\u{FEFF}a,b\r\n\"x\ny\",2\n\n1,\"q\"\"\"\nst\"ray,3\n" + String(repeating: "z", count: 40) + ",4\nlast,5"
        func rows(sharing: Bool) throws -> [CSVRow] {
            let tokenizer = CSVTokenizer(
                source: MemoryByteSource(Array(text.utf8), chunkSize: chunkSize), maxRecordBytes: 32,
                chunkSize: chunkSize)
            tokenizer.sharesRowStorage = sharing
            var kept: [CSVRow] = []
            while let row = try tokenizer.next() { kept.append(row) }
            return kept
        }
        func described(_ rows: [CSVRow]) -> [String] {
            rows.map { row in
                let fields = (0..<row.fieldCount).map { String(decoding: row.bytes($0), as: UTF8.self) }
                return "\(row.line) \(row.lineCount) \(fields) \(row.problem.map { "\($0)" } ?? "ok") \(row.raw)"
            }
        }
        let copied = try rows(sharing: false)
        #expect(copied.count == 6)
        #expect(described(try rows(sharing: true)) == described(copied))
        // Dropped one by one, as the importer does.
        let tokenizer = CSVTokenizer(
            source: MemoryByteSource(Array(text.utf8), chunkSize: chunkSize), maxRecordBytes: 32, chunkSize: chunkSize)
        tokenizer.sharesRowStorage = true
        var each: [String] = []
        while let row = try tokenizer.next() { each += described([row]) }
        #expect(each == described(copied))
    }

    @Test("rows of many long fields keep every byte, whether each is dropped or kept", arguments: [1, 7, 4096])
    func manyLongFields(chunkSize: Int) throws {
        // Past the first capacity of a row's field buffer (32 fields, 256 bytes) in every row.
        let table = (0..<5).map { row in
            (0..<(40 + row * 20)).map { field in String(repeating: "\(row)\(field % 10)", count: (field * 7 + row) % 90)
            }
        }
        let text = table.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n"
        for sharing in [false, true] {
            let tokenizer = CSVTokenizer(
                source: MemoryByteSource(Array(text.utf8), chunkSize: chunkSize), chunkSize: chunkSize)
            tokenizer.sharesRowStorage = sharing
            var kept: [CSVRow] = []
            var readOneByOne: [[String]] = []
            while let row = try tokenizer.next() {
                readOneByOne.append((0..<row.fieldCount).map { String(decoding: row.bytes($0), as: UTF8.self) })
                kept.append(row)
            }
            #expect(readOneByOne == table, "sharing: \(sharing)")
            let keptFields = kept.map { row in (0..<row.fieldCount).map { row.string($0) ?? "?" } }
            #expect(keptFields == table, "sharing: \(sharing)")
        }
    }

    @Test("plain rows with LF and CRLF, the physical line of each", arguments: chunkSizes)
    func plainRows(chunkSize: Int) throws {
        let rows = try readAll("a,b,c\r\n1,2,3\n4,,6", chunkSize: chunkSize)
        #expect(
            rows == [
                ReadRow(line: 1, fields: ["a", "b", "c"], problem: nil, raw: "a,b,c\r\n"),
                ReadRow(line: 2, fields: ["1", "2", "3"], problem: nil, raw: "1,2,3\n"),
                ReadRow(line: 3, fields: ["4", "", "6"], problem: nil, raw: "4,,6"),
            ])
    }

    @Test("quoted fields: delimiters, doubled quotes and line breaks inside", arguments: chunkSizes)
    func quotedFields(chunkSize: Int) throws {
        let text = "h1,h2\n\"x,y\",\"say \"\"hi\"\"\"\n\"two\r\nlines\",\"\"\nlast,\"end\"\n"
        let rows = try readAll(text, chunkSize: chunkSize)
        #expect(rows.map(\.fields) == [["h1", "h2"], ["x,y", "say \"hi\""], ["two\r\nlines", ""], ["last", "end"]])
        #expect(rows.map(\.line) == [1, 2, 3, 5])
        #expect(rows.allSatisfy { $0.problem == nil })
        #expect(rows.map(\.raw).joined() == text, "raw bytes give the file back exactly")
    }

    @Test("a UTF-8 byte order mark is skipped in values and kept in the first row's raw bytes", arguments: chunkSizes)
    func byteOrderMark(chunkSize: Int) throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("name\nJosé\n".utf8)
        let rows = try readAll(bytes, chunkSize: chunkSize)
        #expect(rows.map(\.fields) == [["name"], ["José"]])
        #expect(rows.first?.raw.utf8.first == 0xEF)
    }

    @Test("multibyte characters split across chunk boundaries survive", arguments: chunkSizes)
    func multibyte(chunkSize: Int) throws {
        let rows = try readAll("Nguyễn,Øster,\"Müller; 日本\"\n", chunkSize: chunkSize)
        #expect(rows.map(\.fields) == [["Nguyễn", "Øster", "Müller; 日本"]])
    }

    @Test("other delimiters: semicolon, tab, pipe", arguments: [";", "\t", "|"] as [Character])
    func delimiters(delimiter: Character) throws {
        let text = "a\(delimiter)\"b\(delimiter)c\"\(delimiter)d\n"
        let rows = try readAll(text, chunkSize: 3, delimiter: delimiter)
        #expect(rows.map(\.fields) == [["a", "b\(delimiter)c", "d"]])
    }

    @Test("empty lines are not records, but keep the line count", arguments: chunkSizes)
    func emptyLines(chunkSize: Int) throws {
        let rows = try readAll("a\n\n\r\nb\n", chunkSize: chunkSize)
        #expect(rows.map(\.fields) == [["a"], ["b"]])
        #expect(rows.map(\.line) == [1, 4])
    }

    @Test("a stray quote in an unquoted field breaks only its own row", arguments: chunkSizes)
    func strayQuote(chunkSize: Int) throws {
        let rows = try readAll("a,b\nab\"c,d\ne,f\n", chunkSize: chunkSize)
        #expect(rows.map(\.line) == [1, 2, 3])
        #expect(rows[1].problem == .strayQuote)
        #expect(rows[1].raw == "ab\"c,d\n")
        #expect(rows[2] == ReadRow(line: 3, fields: ["e", "f"], problem: nil, raw: "e,f\n"))
    }

    @Test("text after a closing quote breaks only its own row", arguments: chunkSizes)
    func textAfterClosingQuote(chunkSize: Int) throws {
        let rows = try readAll("\"x\"y,z\ne,f\n", chunkSize: chunkSize)
        #expect(rows.map(\.problem) == [.textAfterClosingQuote, nil])
        #expect(rows.map(\.line) == [1, 2])
    }

    @Test("an unclosed quote does not swallow the rows after it", arguments: chunkSizes)
    func unclosedQuote(chunkSize: Int) throws {
        let rows = try readAll("h1,h2\n1,\"open\n2,two\n3,\"ok\"\n4,four\n", chunkSize: chunkSize)
        #expect(rows.map(\.line) == [1, 2, 3, 4, 5])
        #expect(rows[1].problem == .unterminatedQuote)
        #expect(rows[1].raw == "1,\"open\n")
        #expect(rows[2].fields == ["2", "two"])
        #expect(rows[3].fields == ["3", "ok"])
        #expect(rows[4].fields == ["4", "four"])
    }

    @Test("an unclosed quote at the end of the stream", arguments: chunkSizes)
    func unclosedQuoteAtEnd(chunkSize: Int) throws {
        let rows = try readAll("a\n\"open\nb,c\nd", chunkSize: chunkSize)
        #expect(rows.map(\.line) == [1, 2, 3, 4])
        #expect(rows.map(\.problem) == [nil, .unterminatedQuote, nil, nil])
        #expect(rows[2].fields == ["b", "c"])
        #expect(rows[3].fields == ["d"])
    }

    @Test("a NUL byte marks the row", arguments: chunkSizes)
    func nulByte(chunkSize: Int) throws {
        let rows = try readAll([0x61, 0x2C, 0x00, 0x0A, 0x62, 0x0A], chunkSize: chunkSize)
        #expect(rows.map(\.problem) == [.nulByte, nil])
    }

    @Test("a row over the size cap is reported, not held, and reading resumes", arguments: [1, 7, 64, 4096])
    func tooLarge(chunkSize: Int) throws {
        let big = String(repeating: "x", count: 500)
        let rows = try readAll("a,b\n\(big),y\nc,d\n", chunkSize: chunkSize, maxRecordBytes: 100)
        #expect(rows.map(\.line) == [1, 2, 3])
        #expect(rows[1].problem == .tooLarge)
        #expect(rows[1].raw.count <= 100 + 4096)
        #expect(rows[2].fields == ["c", "d"])
    }

    @Test("random tables survive a write and read at every chunk size")
    func roundTrip() throws {
        var generator = SplitMix64(seed: 42)
        let alphabet: [String] = ["a", "Z", "7", " ", ",", "\"", "\n", "\r\n", "é", "日", ";"]
        for _ in 0..<60 {
            let columns = Int(generator.next() % 4) + 1
            let table: [[String]] = (0..<Int(generator.next() % 5 + 1)).map { _ in
                (0..<columns).map { _ in
                    (0..<Int(generator.next() % 6)).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))]
                    }
                    .joined()
                }
            }
            let lineEnd = generator.next() % 2 == 0 ? "\n" : "\r\n"
            let text =
                table.map { row in
                    row.map { field in
                        field.unicodeScalars.contains(where: { ",\"\r\n".unicodeScalars.contains($0) }) || field.isEmpty
                            ? "\"" + field.replacing("\"", with: "\"\"") + "\"" : field
                    }.joined(separator: ",")
                }.joined(separator: lineEnd) + lineEnd
            for chunkSize in chunkSizes {
                let rows = try readAll(text, chunkSize: chunkSize)
                #expect(rows.map(\.fields) == table, "chunk \(chunkSize): \(text.debugDescription)")
                #expect(rows.map(\.raw).joined() == text)
            }
        }
    }
}

extension CSVTokenizerTests {
    /// Plain one-line rows are read in one scan when the whole line is in the chunk
    /// (`readPlainLineInChunk`), every other row byte by byte by the state machine. Read both ways
    /// at every chunk size and size cap, every row must come out the same.
    @Test("rows read in one scan are the rows the state machine reads byte by byte")
    func plainLinesAsTheStateMachineReadsThem() throws {
        func read(_ bytes: [UInt8], chunkSize: Int, maxRecordBytes: Int, oneScan: Bool) throws -> [ReadRow] {
            let tokenizer = CSVTokenizer(
                source: MemoryByteSource(bytes, chunkSize: chunkSize), maxRecordBytes: maxRecordBytes,
                chunkSize: chunkSize)
            tokenizer.readsPlainLinesInOneScan = oneScan
            var rows: [ReadRow] = []
            while let row = try tokenizer.next() {
                let fields = (0..<row.fieldCount).map { String(decoding: row.bytes($0), as: UTF8.self) }
                rows.append(
                    ReadRow(
                        line: row.line, fields: fields, problem: row.problem,
                        raw: String(decoding: row.raw, as: UTF8.self)))
            }
            return rows
        }
        var rowsCompared = 0
        for bytes in randomCSVInputs(seed: 2026, pieces: csvPieces) {
            for chunkSize in [1, 7, 64, 4096] {
                for maxRecordBytes in [6, 1 << 20] {
                    let oneScan = try read(bytes, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes, oneScan: true)
                    let byteByByte = try read(
                        bytes, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes, oneScan: false)
                    #expect(oneScan == byteByByte, "chunk \(chunkSize), cap \(maxRecordBytes): \(bytes)")
                    rowsCompared += oneScan.count
                }
            }
        }
        #expect(rowsCompared > 5_000)  // the comparison is not vacuous
    }
}

extension CSVTokenizerTests {
    /// A row as a reader in place sees it: its line number, number of fields, the fields it asked
    /// for, problem, and bytes without and with the line end.
    struct RowInPlace: Equatable, CustomStringConvertible {
        var lineNumber: Int
        var fieldCount: Int
        var fields: [[UInt8]]
        var problem: CSVRow.Problem?
        var line: [UInt8]
        /// The row's bytes with its line end, and the byte order mark before the first row.
        var raw: [UInt8]
        var description: String {
            "line \(lineNumber) \(fieldCount) fields \(fields) \(problem.map { "\($0)" } ?? "ok") \(line) \(raw)"
        }
    }

    /// Every row of `bytes`, and how many were read in place (`inPlace`: with `readPlainRow` where
    /// it takes the row, else with `next()`) and how many of those had quoted fields. Lines
    /// starting with SKIP are declined by the reader in place, and read by next().
    static func readRows(_ bytes: [UInt8], chunkSize: Int, maxRecordBytes: Int, wanted: Int, inPlace: Bool) throws
        -> (rows: [RowInPlace], readInPlace: Int, quotedInPlace: Int)
    {
        func rawWithoutLineEnd(_ raw: [UInt8], firstRow: Bool) -> [UInt8] {
            var bytes = firstRow && raw.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(raw.dropFirst(3)) : raw
            if bytes.last == 0x0A { bytes.removeLast() }
            if bytes.last == 0x0D { bytes.removeLast() }
            return bytes
        }
        let tokenizer = CSVTokenizer(
            source: MemoryByteSource(bytes, chunkSize: chunkSize), maxRecordBytes: maxRecordBytes,
            chunkSize: chunkSize)
        tokenizer.sharesRowStorage = true
        var rows: [RowInPlace] = []
        var readInPlace = 0
        var quotedInPlace = 0
        while true {
            if inPlace,
                let row = try tokenizer.readPlainRow(
                    fieldsWanted: wanted,
                    { row -> RowInPlace? in
                        guard !row.line.starts(with: Array("SKIP".utf8)) else { return nil }
                        #expect(row.fieldEnds.count == min(row.fieldCount, wanted))
                        #expect(row.isASCII == !row.line.contains { $0 >= 0x80 })
                        #expect(Array(row.raw.prefix(row.line.count)) == Array(row.line))
                        let fields = row.fieldEnds.indices.map { Array(row.field($0)) }
                        if row.line.contains(UInt8(ascii: "\"")) { quotedInPlace += 1 }
                        return RowInPlace(
                            lineNumber: row.lineNumber, fieldCount: row.fieldCount, fields: fields, problem: nil,
                            line: Array(row.line), raw: row.byteOrderMark + Array(row.raw))
                    })
            {
                rows.append(row)
                readInPlace += 1
                continue
            }
            guard let row = try tokenizer.next() else { break }
            rows.append(
                RowInPlace(
                    lineNumber: row.line, fieldCount: row.fieldCount,
                    fields: (0..<min(row.fieldCount, wanted)).map { row.bytes($0) }, problem: row.problem,
                    line: rawWithoutLineEnd(row.raw, firstRow: rows.isEmpty), raw: row.raw))
        }
        return (rows, readInPlace, quotedInPlace)
    }

    /// `readPlainRow` consumes a plain row exactly as `next()` would: a reader that reads rows in
    /// place where it can (and declines some, which `next()` then reads) sees the same rows, the
    /// same fields and the same line numbers as one that calls `next()` for every row, whether it
    /// asks for every field's place or for the first few.
    @Test("rows read in place are the rows next() reads, with the same fields and line numbers")
    func plainRowsReadInPlaceAsNextReadsThem() throws {
        // Quoted fields that are read in place (a delimiter inside, empty, not ASCII) come up often.
        let pieces = csvPieces + [Array("SKIP".utf8), Array("\"a,b\"".utf8), Array("\"\"".utf8), Array("\"é\"".utf8)]
        var readInPlace = 0
        var quotedInPlace = 0
        var rowsCompared = 0
        for (round, bytes) in randomCSVInputs(seed: 1205, pieces: pieces).enumerated() {
            let wanted = [Int.max, 1, 2, 3][round % 4]
            for chunkSize in [1, 7, 64, 4096] {
                for maxRecordBytes in [6, 1 << 20] {
                    let all = try Self.readRows(
                        bytes, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes, wanted: wanted, inPlace: false)
                    let inPlace = try Self.readRows(
                        bytes, chunkSize: chunkSize, maxRecordBytes: maxRecordBytes, wanted: wanted, inPlace: true)
                    #expect(inPlace.rows == all.rows, "chunk \(chunkSize), cap \(maxRecordBytes): \(bytes)")
                    rowsCompared += all.rows.count
                    readInPlace += inPlace.readInPlace
                    quotedInPlace += inPlace.quotedInPlace
                }
            }
        }
        #expect(rowsCompared > 5_000)  // the comparison is not vacuous
        #expect(readInPlace > 400)  // and rows were read in place
        #expect(quotedInPlace > 50)  // quoted fields among them
    }

    /// Long rows of fields, each quoted or not, some broken (a quote dropped, doubled or put
    /// inside, a line break or text after a closing quote), over several of the scan's sixteen-byte
    /// steps: the rows read in place are those next() reads, and most rows are read in place.
    @Test("long rows of quoted fields are read in place as next() reads them, broken ones by next()")
    func longQuotedRowsReadInPlaceAsNextReadsThem() throws {
        var generator = SplitMix64(seed: 4242)
        let texts = ["", "a", "SILVER, ELITE", "Anaïs", "x,y,z", "12345678901234567", ";", " b "]
        var inputs: [[UInt8]] = []
        for _ in 0..<300 {
            var bytes: [UInt8] = []
            for _ in 0..<Int(generator.next() % 8) {
                let fieldCount = 1 + Int(generator.next() % 70)
                var fields: [String] = []
                for _ in 0..<fieldCount {
                    let text = texts[Int(generator.next() % UInt64(texts.count))]
                    switch generator.next() % 400 {  // one field in 80 broken, about half quoted
                    case 0: fields.append("\"\(text)")  // never closed on this line
                    case 1: fields.append("\"\(text)\"\"x\"")  // an escaped quote
                    case 2: fields.append("\(text)\"q")  // a quote inside an unquoted field
                    case 3: fields.append("\"\(text)\"t")  // text after the closing quote
                    case 4: fields.append("\"a\nb\"")  // a line break inside quotes
                    case 5...204: fields.append("\"\(text)\"")
                    default: fields.append(text.contains(",") ? "" : text)
                    }
                }
                bytes += Array((fields.joined(separator: ",") + (generator.next() % 2 == 0 ? "\n" : "\r\n")).utf8)
            }
            inputs.append(bytes)
        }
        var readInPlace = 0
        var rowsCompared = 0
        for (round, bytes) in inputs.enumerated() {
            let wanted = [Int.max, 2, 20, 65][round % 4]
            for chunkSize in [64, 100, 4096] {
                let all = try Self.readRows(
                    bytes, chunkSize: chunkSize, maxRecordBytes: 1 << 20, wanted: wanted, inPlace: false)
                let inPlace = try Self.readRows(
                    bytes, chunkSize: chunkSize, maxRecordBytes: 1 << 20, wanted: wanted, inPlace: true)
                #expect(inPlace.rows == all.rows, "chunk \(chunkSize), \(wanted) wanted: \(bytes)")
                rowsCompared += all.rows.count
                readInPlace += inPlace.quotedInPlace
            }
        }
        #expect(rowsCompared > 2_000)
        #expect(readInPlace > rowsCompared / 10)  // rows with quoted fields were read in place
    }

    /// A field quoted whole, with no quote or line break inside, is still a plain row: its value
    /// is the bytes between its quotes (a delimiter among them). An escaped quote, a quote inside
    /// an unquoted field, text after a closing quote or a quoted line break is the state machine's.
    @Test("a row whose quoted fields hold no quote or line break is read in place, unquoted")
    func quotedFieldsReadInPlace() throws {
        // A first row, read by next(), brings the chunk in.
        let text = "h\na,\"SILVER, ELITE\",\"\",\"é\"\n\"x\"\"y\",1\nab\"c,1\n\"ab\"c,1\n\"a\nb\",1\n\"1A\",\"P87\"\r\n"
        let tokenizer = CSVTokenizer(source: MemoryByteSource(Array(text.utf8), chunkSize: 4096))
        func readInPlace() throws -> [String]? {
            try tokenizer.readPlainRow { row -> [String]? in
                row.fieldEnds.indices.map { String(decoding: row.field($0), as: UTF8.self) }
            }
        }
        _ = try tokenizer.next()
        #expect(try readInPlace() == ["a", "SILVER, ELITE", "", "é"])
        // `"x""y"`, `ab"c`, `"ab"c` and a quoted line break: declined, read by next() as before.
        let declined: [(fields: [String], problem: CSVRow.Problem?)] = [
            (["x\"y", "1"], nil), ([], .strayQuote), ([], .textAfterClosingQuote), (["a\nb", "1"], nil),
        ]
        for expected in declined {
            #expect(try readInPlace() == nil)
            let row = try #require(try tokenizer.next())
            #expect(row.problem == expected.problem)
            if expected.problem == nil {
                #expect((0..<row.fieldCount).map { String(decoding: row.bytes($0), as: UTF8.self) } == expected.fields)
            }
        }
        #expect(try readInPlace() == ["1A", "P87"])
        #expect(try tokenizer.next() == nil)
    }

    /// A long row's quoted fields are read in place wherever they are, each without its quotes,
    /// however many fields are asked for.
    @Test("a long row's quoted fields are read in place, past the scan's first steps")
    func quotedFieldsOfALongRow() throws {
        let values = (0..<70).map { $0 % 3 == 0 ? "q,\($0)" : "f\($0)" }
        let line = "h\n" + values.map { $0.hasPrefix("q") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
        for wanted in [Int.max, 67, 2] {
            let tokenizer = CSVTokenizer(source: MemoryByteSource(Array(line.utf8), chunkSize: 4096))
            _ = try tokenizer.next()  // brings the chunk in
            let read = try tokenizer.readPlainRow(fieldsWanted: wanted) { row -> (Int, [String])? in
                (row.fieldCount, row.fieldEnds.indices.map { String(decoding: row.field($0), as: UTF8.self) })
            }
            let (fieldCount, fields) = try #require(read, "\(wanted) fields wanted")
            #expect(fieldCount == 70)
            #expect(fields == Array(values.prefix(wanted)))
        }
    }

    /// The scan reads a long line sixteen bytes a step, and the next row's first bytes with the
    /// step that finds the line's end: a row read in place is ASCII when its own line is, whatever
    /// its length, wherever its one other byte is, and however many of its delimiters were asked
    /// for (past the places first kept, the scan goes on after the last one placed).
    @Test("a row read in place is ASCII exactly when every byte of its line is")
    func plainRowIsASCIIExactlyWhenItsLineIs() throws {
        let longLine = Array((0..<40).map { "f\($0)" }.joined(separator: ",").utf8)
        let nextRow = Array(String(repeating: "é,", count: 12).utf8) + [0x0A]
        var rowsChecked = 0
        for line in (0..<16).map({ Array(longLine.dropLast($0)) }) {
            for position in [-1] + Array(line.indices) where position < 0 || line[position] != UInt8(ascii: ",") {
                var changed = line
                if position >= 0 { changed[position] = 0xE9 }  // é in Latin-1
                // A first row, read by next(), brings the chunk in; the row after is not ASCII.
                let bytes = Array("h\n".utf8) + changed + [0x0A] + nextRow
                for wanted in [Int.max, 2, 39] {
                    let tokenizer = CSVTokenizer(
                        source: MemoryByteSource(bytes, chunkSize: 4096), maxRecordBytes: 1 << 20, chunkSize: 4096)
                    _ = try tokenizer.next()
                    let isASCII = try tokenizer.readPlainRow(fieldsWanted: wanted, { row -> Bool? in row.isASCII })
                    #expect(
                        try #require(isASCII) == (position < 0), "byte \(position) changed, \(wanted) delimiters wanted"
                    )
                    rowsChecked += 1
                }
            }
        }
        #expect(rowsChecked > 5_000)
    }
}

/// A small deterministic generator, so a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    @Test("agrees with the standard library on random and tricky byte sequences")
    func agreesWithStandardLibrary() {
        var generator = SplitMix64(seed: 7)
        let tricky: [[UInt8]] = [
            [0xC0, 0x80], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF0, 0x9F, 0x98, 0x80],
            [0xE2, 0x82], [0xC3, 0xA9], [0xFF], [0x7F], [0xEF, 0xBB, 0xBF],
        ]
        var cases = tricky
        for _ in 0..<20_000 {
            cases.append((0..<Int(generator.next() % 6)).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        // Runs of ASCII before and after, so every case also starts and ends at every offset of
        // the eight-byte ASCII steps.
        for (index, bytes) in cases.prefix(2_000).enumerated() {
            let ascii = Array("PAX_1234-abcdefghij".utf8)
            cases.append(Array(ascii.prefix(index % 18)) + bytes + Array(ascii.prefix((index / 18) % 18)))
        }
        for bytes in cases {
            let expected = bytes.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) != nil }
            #expect(bytes.withUnsafeBufferPointer { UTF8Validation.isValid($0) } == expected, "\(bytes)")
        }
    }
}
