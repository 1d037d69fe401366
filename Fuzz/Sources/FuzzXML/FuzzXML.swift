// libFuzzer target: the XML booking reader (and under it RecordIO's XMLEventReader on libxml2)
// over arbitrary bytes.
//
// Invariants checked (a broken one traps, which libFuzzer reports with the input):
// - nothing traps, whatever the bytes; a failure is a RecordIOError or MemberLinkError that rejects
//   the file whole (Pipeline.rejectsFileWhole), never anything else;
// - the same document with a DOCTYPE put in front of its root is always rejected (partner files
//   need no DTD, and none is ever read: RELIABILITY.md);
// - rows are numbered 0..n-1 at non-decreasing lines; every record has one value per canonical
//   field, trimmed of XML white space, none longer than maxFieldBytes;
// - reading at another chunk size gives the same rows or the same error.
import MemberLink
import RecordIO

func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

let maxFieldBytes = 256

enum Outcome: Equatable {
    case rows([IngestedRowSummary])
    case failed(String)
}

/// What is compared between chunk sizes: a row's kind, sequence, line and values or reason.
struct IngestedRowSummary: Equatable {
    var sequence: Int
    var line: Int
    var fields: [String]?
    var reason: String?
}

func read(_ bytes: [UInt8], chunkSize: Int) -> Outcome {
    var rows: [IngestedRowSummary] = []
    do {
        let reader = try XMLBookingReader(
            source: MemoryByteSource(bytes, chunkSize: chunkSize), displayName: "fuzz.xml",
            limits: XMLLimits(maxDepth: 64, maxRunWithoutTagEnd: 4096), maxFieldBytes: maxFieldBytes)
        while let row = try reader.next() {
            switch row {
            case .record(let record, let raw):
                require(raw.isEmpty && reader.headerRaw == nil, "XML rows carry no raw bytes")
                rows.append(
                    IngestedRowSummary(sequence: row.sequence, line: record.location.line, fields: Array(record.fields)))
            case .malformed(let malformed):
                require(!malformed.reason.isEmpty, "a malformed passenger says why")
                rows.append(
                    IngestedRowSummary(sequence: row.sequence, line: malformed.location.line, reason: malformed.reason))
            }
        }
    } catch let error as RecordIOError {
        let codes: [RecordIOError.Code] = [.xmlMalformed, .xmlForbidden, .sizeLimitExceeded]
        require(codes.contains(error.code), "unexpected RecordIOError \(error.code)")
        return .failed("\(error.code)")
    } catch let error as MemberLinkError {
        require(error.code == .inputUnreadable, "unexpected MemberLinkError \(error.code)")
        return .failed("\(error.code)")
    } catch {
        fatalError("unexpected error type \(type(of: error)): \(error)")
    }
    for (position, row) in rows.enumerated() {
        require(row.sequence == position, "sequence \(row.sequence) at position \(position)")
        require(row.line >= 1 && (position == 0 || row.line >= rows[position - 1].line), "lines go backwards")
        for value in row.fields ?? [] {
            require(value.utf8.count <= maxFieldBytes, "a value longer than maxFieldBytes")
            let edges = [value.unicodeScalars.first, value.unicodeScalars.last].compactMap { $0 }
            require(!edges.contains { [" ", "\t", "\n", "\r"].contains($0) }, "untrimmed value")
        }
        require((row.fields?.count ?? CanonicalField.allCases.count) == CanonicalField.allCases.count, "field count")
    }
    return .rows(rows)
}

/// `bytes` with `<!DOCTYPE …>` inserted before the root element (after an XML declaration if any).
func withDoctype(_ bytes: [UInt8]) -> [UInt8] {
    let doctype = Array("<!DOCTYPE bookings [<!ENTITY e \"x\">]>".utf8)
    let declaration = Array("<?xml".utf8)
    if bytes.starts(with: declaration),
        let end = (0..<max(bytes.count - 1, 0)).first(where: {
            bytes[$0] == UInt8(ascii: "?") && bytes[$0 + 1] == UInt8(ascii: ">")
        })
    {
        return Array(bytes[...(end + 1)]) + doctype + Array(bytes[(end + 2)...])
    }
    return doctype + bytes
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzXML(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size >= 1 else { return 0 }
    let chunkSize = 1 + Int(data[0] % 32)
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))

    let small = read(bytes, chunkSize: chunkSize)
    let whole = read(bytes, chunkSize: 1 << 16)
    switch (small, whole) {
    case (.rows(let a), .rows(let b)): require(a == b, "rows differ between chunk sizes \(chunkSize) and 65536")
    case (.failed, .failed): break
    default: require(false, "chunk size \(chunkSize) and 65536 disagree on whether the file is readable")
    }

    switch read(withDoctype(bytes), chunkSize: chunkSize) {
    case .rows: require(false, "a document with a DOCTYPE was accepted")
    case .failed: break
    }
    return 0
}
