import Foundation
import Testing

@testable import MemberLink

/// Hostile CSV partner files through the whole Pipeline: a broken row is one RECORD_MALFORMED outcome
/// and reading carries on (CONTRACT §2 step 1), with memory bounded by `input.maxRecordBytes`.
@Suite("Hostile CSV inputs through the pipeline", .serialized)
struct HostileCSVTests {
    static let header = HostileGzipTests.csvHeader

    @Test(
        "a NUL byte spoils its row only: RECORD_MALFORMED on its line, the rows around it are read",
        arguments: [[0x00], [0x00, 0x00, 0x00], [0x41, 0x00]] as [[UInt8]])
    func nulBytes(nul: [UInt8]) throws {
        let run = try HostileRun()
        let bytes =
            Array((Self.header + HostileGzipTests.csvRow(0, bookingCode: "NULCSV")).utf8)
            + Array("VN,NULCSV,2026-12-01,2,P2,ADT,Thi".utf8) + nul + Array("Mai,Nguyen,,\n".utf8)
            + Array(HostileGzipTests.csvRow(2, bookingCode: "NULCSV").utf8)
        let input = try run.write("nul.csv", bytes)
        let result = try run.run([input], format: .csv)
        #expect(result.summary.rejectedFiles.isEmpty)
        #expect(result.summary.records == 3)
        #expect(result.summary.files.first?.byCode[.recordMalformed] == 1)
        let malformed = SampleRun.parseCSV(result.text("errors.csv")).filter { $0.contains("RECORD_MALFORMED") }
        #expect(malformed.count == 1)
        #expect(malformed.first?[1] == "3", "sourceLine of the row holding the NUL")
        #expect(result.reconciliation.contains("\"balanced\":true"))
    }

    /// A runaway quoted field (a quote that never closes on time) is the realistic case. The test
    /// takes seconds in a debug build, most of it the file's SHA-256.
    @Test("a 50 MB field is RECORD_MALFORMED without being held in memory, and the next row is read")
    func hugeField() throws {
        let quoted = true
        let run = try HostileRun()
        let input = try run.stream("huge-\(quoted).csv") { emit in
            try emit(Array((Self.header + HostileGzipTests.csvRow(0, bookingCode: "BIGCSV")).utf8))
            try emit(Array("VN,BIGCSV,2026-12-01,2,P2,ADT,\(quoted ? "\"" : "")".utf8))
            let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            for _ in 0..<50 { try emit(chunk) }
            try emit(Array("\(quoted ? "\"" : ""),Nguyen,,\n".utf8))
            try emit(Array(HostileGzipTests.csvRow(2, bookingCode: "BIGCSV").utf8))
        }
        let result = try run.run([input], format: .csv)
        #expect(result.summary.rejectedFiles.isEmpty)
        #expect(result.summary.records == 3)
        #expect(result.summary.files.first?.byCode[.recordMalformed] == 1)
        #expect(result.summary.attached == 1)
        let malformed = SampleRun.parseCSV(result.text("errors.csv")).filter { $0.contains("RECORD_MALFORMED") }
        #expect(malformed.first?[1] == "3")
        for (name, bytes) in result.outputs {
            #expect(bytes.count < 1 << 20, "\(name) holds \(bytes.count) bytes: the field must not be copied out")
        }
    }
}
