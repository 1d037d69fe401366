// libFuzzer target: the CSV tokenizer and the CSV booking reader over arbitrary bytes.
//
// Invariants checked (a broken one traps, which libFuzzer reports with the input):
// - nothing traps inside the library, whatever the bytes;
// - every physical line is covered by exactly one row, in order, or is an empty line (skipped);
// - a row's raw bytes are exactly the bytes of the lines it covers (unless dropped as too large);
// - caps hold: a kept row is at most maxRecordBytes plus one chunk, a too-large row holds nothing;
// - the booking reader numbers rows 0..n-1 in order, at increasing lines, and every record has one
//   value per canonical field, trimmed.
import MemberLink
import RecordIO

/// The first bytes of the input choose the options, so the fuzzer explores them too.
struct CSVFuzzOptions {
    var delimiter: UInt8
    var maxRecordBytes: Int
    var chunkSize: Int

    init(_ header: (UInt8, UInt8, UInt8)) {
        delimiter = [UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "|")][Int(header.0 % 4)]
        maxRecordBytes = 1 + Int(header.1) * 4
        chunkSize = 1 + Int(header.2 % 64)
    }
}

func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

/// The input's physical lines: each line's bytes including its LF (the last may have none).
func physicalLines(_ bytes: [UInt8]) -> [ArraySlice<UInt8>] {
    var lines: [ArraySlice<UInt8>] = []
    var start = 0
    for (index, byte) in bytes.enumerated() where byte == 0x0A {
        lines.append(bytes[start...index])
        start = index + 1
    }
    if start < bytes.count { lines.append(bytes[start...]) }
    return lines
}

func checkTokenizer(_ bytes: [UInt8], _ options: CSVFuzzOptions) throws {
    let tokenizer = CSVTokenizer(
        source: MemoryByteSource(bytes, chunkSize: options.chunkSize), delimiter: options.delimiter,
        maxRecordBytes: options.maxRecordBytes, chunkSize: options.chunkSize)
    let lines = physicalLines(bytes)
    var nextLine = 1
    while let row = try tokenizer.next() {
        require(row.line >= nextLine, "row at line \(row.line) overlaps the previous row (next free line \(nextLine))")
        require(row.lineCount >= 1, "row at line \(row.line) spans \(row.lineCount) lines")
        for skipped in nextLine..<row.line {
            let content = lines[skipped - 1].filter { $0 != 0x0A && $0 != 0x0D }
            let withoutBOM =
                skipped == 1 && content.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(content.dropFirst(3)) : Array(content)
            require(withoutBOM.isEmpty, "line \(skipped) is covered by no row but is not empty")
        }
        require(row.line + row.lineCount - 1 <= max(lines.count, 1), "row at line \(row.line) runs past the end")
        if row.problem == .tooLarge {
            require(row.fieldCount == 0, "a too-large row holds fields")
        } else {
            require(
                row.raw.count <= options.maxRecordBytes + options.chunkSize,
                "row at line \(row.line) holds \(row.raw.count) bytes, cap \(options.maxRecordBytes)")
            var covered: [UInt8] = []
            for line in row.line..<(row.line + row.lineCount) where line <= lines.count { covered += lines[line - 1] }
            if row.line == 1, !row.raw.starts(with: [0xEF, 0xBB, 0xBF]), covered.starts(with: [0xEF, 0xBB, 0xBF]) {
                covered.removeFirst(3)
            }
            require(row.raw == covered, "row at line \(row.line): raw bytes differ from its lines")
        }
        nextLine = row.line + row.lineCount
    }
    for skipped in nextLine..<(lines.count + 1) where skipped >= 1 {
        let content = lines[skipped - 1].filter { $0 != 0x0A && $0 != 0x0D }
        let withoutBOM =
            skipped == 1 && content.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(content.dropFirst(3)) : Array(content)
        require(withoutBOM.isEmpty, "trailing line \(skipped) is covered by no row but is not empty")
    }
}

func checkBookingReader(_ bytes: [UInt8], _ options: CSVFuzzOptions) throws {
    let reader: CSVBookingReader
    do {
        reader = try CSVBookingReader(
            source: MemoryByteSource(bytes, chunkSize: options.chunkSize), displayName: "fuzz.csv",
            options: CSVInputOptions(
                delimiter: options.delimiter, encoding: TextEncoding.allCases[Int(options.chunkSize % 3)],
                maxRecordBytes: options.maxRecordBytes))
    } catch let error as MemberLinkError {
        require(error.code == .inputUnreadable, "a header problem must be inputUnreadable, got \(error.code)")
        return
    }
    var expected = 0
    var lastLine = 1
    while let row = try reader.next() {
        require(row.sequence == expected, "sequence \(row.sequence), expected \(expected)")
        expected += 1
        switch row {
        case .record(let record, _):
            require(record.location.line > lastLine, "record at line \(record.location.line) after line \(lastLine)")
            lastLine = record.location.line
            require(record.fields.count == CanonicalField.allCases.count, "one value per canonical field")
            for value in record.fields {
                require(
                    value.first != " " && value.last != " " && value.first != "\t" && value.last != "\t",
                    "untrimmed value")
            }
        case .malformed(let malformed):
            require(
                malformed.location.line > lastLine, "malformed row at line \(malformed.location.line) after \(lastLine)"
            )
            lastLine = malformed.location.line
            require(!malformed.reason.isEmpty, "a malformed row says why")
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCSV(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 3 else { return 0 }
    let options = CSVFuzzOptions((data[0], data[1], data[2]))
    let bytes = Array(UnsafeBufferPointer(start: data + 3, count: size - 3))
    do {
        try checkTokenizer(bytes, options)
        try checkBookingReader(bytes, options)
    } catch {
        fatalError("a memory source never fails, yet reading threw: \(error)")
    }
    return 0
}
