import Foundation
import RecordIO
import Testing

@testable import MemberLink

/// Damaged and hostile gzip inputs through the whole Pipeline (RELIABILITY.md, "gzip"; CONTRACT §4:
/// a truncated or corrupt gzip file commits none of its records and is listed under rejectedFiles).
@Suite("Hostile gzip inputs through the pipeline", .serialized)
struct HostileGzipTests {
    static let csvHeader =
        "system,bookingCode,departureDate,index,passengerId,passengerType,givenName,surname,airline,membershipId\n"

    static func csvRow(_ index: Int, bookingCode: String = "GZCSV1") -> String {
        "VN,\(bookingCode),2026-12-01,\(index % 99 + 1),P\(index),ADT,Van An,Nguyen,VN,9200000017\n"
    }

    /// The same 200 passengers as an XML or a CSV file.
    static func plain(_ format: PipelineConfiguration.InputFormat) -> [UInt8] {
        switch format {
        case .xml: Array(HostileXML.document(bookingCode: "GZXML1", passengers: 200).utf8)
        case .csv: Array((csvHeader + (0..<200).map { csvRow($0) }.joined()).utf8)
        }
    }

    @Test(
        "a gzip file cut short is rejected whole, wherever it is cut",
        arguments: PipelineConfiguration.InputFormat.allCases)
    func truncated(format: PipelineConfiguration.InputFormat) throws {
        let run = try HostileRun()
        let whole = try GzipWriter.gzip(Self.plain(format))
        for (number, keep) in [10, whole.count / 2, whole.count - 4].enumerated() {
            let input = try run.write("cut\(number).\(format.rawValue).gz", Array(whole.prefix(keep)))
            let result = try run.run([input], format: format, out: "out\(number)")
            run.expectRejectedWhole(result, input, reason: "truncated")
            #expect(result.summary.records == 0)
        }
    }

    @Test(
        "corrupt gzip data, a bad checksum or trailing garbage rejects the file whole",
        arguments: PipelineConfiguration.InputFormat.allCases)
    func corrupt(format: PipelineConfiguration.InputFormat) throws {
        let run = try HostileRun()
        let whole = try GzipWriter.gzip(Self.plain(format))
        var flippedData = whole
        flippedData[whole.count / 2] ^= 0x55
        var badChecksum = whole
        badChecksum[whole.count - 8] ^= 0x01
        let damaged = [flippedData, badChecksum, whole + Array("garbage after the stream".utf8), whole + [0x1f]]
        for (number, bytes) in damaged.enumerated() {
            let input = try run.write("bad\(number).\(format.rawValue).gz", bytes)
            let result = try run.run([input], format: format, out: "out\(number)")
            run.expectRejectedWhole(result, input)
            #expect(result.summary.records == 0)
        }
    }

    /// What a bomb decompresses to: content that no other cap stops early (repeated well-formed
    /// elements, repeated valid CSV rows), or zeros, which the CSV reader scans for the end of its
    /// header row.
    enum BombContent: String, CaseIterable, Sendable {
        case xmlElements, csvRows, csvZeros

        var format: PipelineConfiguration.InputFormat { self == .xmlElements ? .xml : .csv }
    }

    @Test("a gzip bomb stops at the pipeline's input.maxDecompressedBytes", arguments: BombContent.allCases)
    func bomb(content: BombContent) throws {
        let run = try HostileRun()
        let input = try run.stream("bomb.\(content.format.rawValue).gz", gzip: true) { emit in
            let unit: String
            switch content {
            case .xmlElements:
                try emit(
                    Array("<bookings><booking system=\"VN\" bookingCode=\"BOMB01\" departureDate=\"2026-12-01\">".utf8))
                unit = "<x/>"
            case .csvRows:
                try emit(Array(Self.csvHeader.utf8))
                unit = Self.csvRow(1, bookingCode: "BOMB01")
            case .csvZeros:
                unit = "\0"
            }
            let chunk = Array(String(repeating: unit, count: (1 << 20) / unit.utf8.count).utf8)
            for _ in 0..<32 { try emit(chunk) }
        }
        let size = try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int ?? 0
        #expect(size * 50 < 32 << 20, "a real bomb: 32 MiB in \(size) bytes")
        let result = try run.run([input], format: content.format, maxDecompressedBytes: 1 << 20)
        run.expectRejectedWhole(result, input, reason: "gzip bomb")
        #expect(!result.anyOutputContains("BOMB01"))
    }

    @Test("a big-ratio XML bomb of zeros is refused at its first bytes, under the default cap")
    func zeroBomb() throws {
        let run = try HostileRun()
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        let input = try run.stream("zeros.xml.gz", gzip: true) { emit in
            for _ in 0..<256 { try emit(zeros) }
        }
        let size = try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int ?? 0
        #expect(size * 200 < 256 << 20, "256 MiB of zeros in \(size) bytes")
        run.expectRejectedWhole(try run.run([input], format: .xml), input)
    }

    @Test("the cap is read from the pipeline file and checked")
    func capInPipelineFile() throws {
        let yaml = """
            name: capped
            input: { format: xml, maxDecompressedBytes: 4194304 }
            programmes: { VN: { pattern: "^[0-9]{10}$", checkDigit: luhn } }
            """
        #expect(try PipelineConfiguration.parse(yaml: yaml, path: "capped.yaml").maxDecompressedBytes == 4 << 20)
        let defaulted = try PipelineConfiguration.parse(
            yaml: yaml.replacing(", maxDecompressedBytes: 4194304", with: ""), path: "p.yaml")
        #expect(defaulted.maxDecompressedBytes == InputFile.defaultMaxDecompressedBytes)
        let error = try #require(throws: MemberLinkError.self) {
            try PipelineConfiguration.parse(yaml: yaml.replacing("4194304", with: "100"), path: "capped.yaml")
        }
        #expect(error.code == .configuration)
        #expect(error.message.contains("maxDecompressedBytes"))
        let reference = try PipelineConfiguration.load(path: SampleRun.root + "/Pipelines/reference.yaml")
        #expect(reference.maxDecompressedBytes == InputFile.defaultMaxDecompressedBytes)
    }
}
