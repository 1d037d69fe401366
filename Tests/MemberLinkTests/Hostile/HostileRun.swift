import CZlib
import Foundation
import Logging
import RecordIO
import Testing

@testable import MemberLink

/// A temporary workspace for hostile inputs: a member directory, input files written to disk (big
/// ones streamed, never held in memory), and pipeline runs whose every output byte can be searched.
final class HostileRun {
    let folder: String
    let directory: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.path + "/memberlink-hostile-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        directory = folder + "/members.sqlite"
        _ = try MemberImport.run(files: [SampleRun.root + "/SampleData/members.csv"], directoryPath: directory)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// Writes `bytes` to a file in the workspace and returns its path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = folder + "/" + name
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw CocoaError(.fileWriteUnknown)
        }
        return path
    }

    func write(_ name: String, _ text: String) throws -> String { try write(name, Array(text.utf8)) }

    /// Streams a file to disk, gzipped or not: `produce` calls `emit` with successive pieces.
    func stream(_ name: String, gzip: Bool = false, _ produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws
        -> String
    {
        let path = folder + "/" + name
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        if gzip {
            // Level 1: zlib's level 9 spends seconds on hundreds of MiB of repeats, for no better bomb.
            let writer = try GzipWriter(level: 1) { try handle.write(contentsOf: $0) }
            try produce { try writer.write($0) }
            try writer.finish()
        } else {
            try produce { try handle.write(contentsOf: $0) }
        }
        return path
    }

    /// The result of a run: its summary and every output file's bytes by relative path.
    struct Result {
        var summary: RunSummary
        var outputs: [String: [UInt8]]

        var reconciliation: String { String(decoding: outputs["reconciliation.json"] ?? [], as: UTF8.self) }
        func text(_ name: String) -> String { String(decoding: outputs[name] ?? [], as: UTF8.self) }

        /// True when `needle` occurs in any byte of any output.
        func anyOutputContains(_ needle: String) -> Bool {
            let pattern = Array(needle.utf8)
            return outputs.values.contains { bytes in
                guard bytes.count >= pattern.count else { return false }
                return (0...(bytes.count - pattern.count)).contains { start in
                    bytes[start] == pattern[0] && Array(bytes[start..<start + pattern.count]) == pattern
                }
            }
        }
    }

    /// Runs a pipeline over `inputs` (VN and AF programmes, ffn-then-document, default programme VN).
    func run(
        _ inputs: [String], format: PipelineConfiguration.InputFormat, out: String = "out",
        maxDecompressedBytes: Int = InputFile.defaultMaxDecompressedBytes
    ) throws -> Result {
        let configuration = PipelineConfiguration(
            name: "hostile", format: format, inputs: inputs, directoryPath: directory, defaultProgramme: "VN",
            programmes: [
                "VN": Programme(code: "VN", pattern: "^[0-9]{10}$", checkDigit: .luhn),
                "AF": Programme(code: "AF", pattern: "^[0-9]{9}$", checkDigit: .mod7),
            ],
            outDirectory: folder + "/" + out, maxDecompressedBytes: maxDecompressedBytes)
        var logger = Logger(label: "memberlink-hostile-tests")
        logger.logLevel = .critical
        let summary = try Pipeline(configuration: configuration, logger: logger).run()
        var outputs: [String: [UInt8]] = [:]
        let root = folder + "/" + out
        for case let name as String in FileManager.default.enumerator(atPath: root)! {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root + "/" + name, isDirectory: &isDirectory),
                !isDirectory.boolValue
            else { continue }
            outputs[name] = Array(try Data(contentsOf: URL(fileURLWithPath: root + "/" + name)))
        }
        return Result(summary: summary, outputs: outputs)
    }

    /// Expects `path` to be rejected whole: listed under rejectedFiles with a reason, no record of it
    /// in any output, the run exiting 65 with every output still published (CONTRACT §4).
    func expectRejectedWhole(
        _ result: Result, _ path: String, reason: String? = nil,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        let file = result.summary.files.first { $0.path == path }
        #expect(file?.rejectedWhole != nil, "\(path) should be rejected whole", sourceLocation: sourceLocation)
        if let reason {
            #expect(
                file?.rejectedWhole?.contains(reason) == true, "\(file?.rejectedWhole ?? "")",
                sourceLocation: sourceLocation)
        }
        #expect(file?.records == 0, sourceLocation: sourceLocation)
        #expect(result.summary.exitCode == 65, sourceLocation: sourceLocation)
        #expect(result.reconciliation.contains("\"rejectedFiles\":[{\"path\":"), sourceLocation: sourceLocation)
        #expect(!result.text("results.csv").contains(path), sourceLocation: sourceLocation)
        #expect(!result.text("errors.csv").contains(path), sourceLocation: sourceLocation)
        #expect(
            result.outputs["attachments.jsonl"] != nil, "outputs are still published", sourceLocation: sourceLocation)
    }
}

/// Hostile partner documents, built from well-formed pieces.
enum HostileXML {
    static func passenger(_ index: Int, givenName: String = "Van An") -> String {
        """
        <passenger index="\(index)" passengerId="P\(index)" passengerType="ADT"><givenName>\(givenName)</givenName>\
        <surname>Nguyen</surname><dateOfBirth>1980-01-02</dateOfBirth>\
        <membership airline="VN" membershipId="9200000017"/></passenger>

        """
    }

    static func document(bookingCode: String = "HOST01", passengers: Int = 1, prolog: String = "") -> String {
        "\(prolog)<bookings><booking system=\"VN\" bookingCode=\"\(bookingCode)\" departureDate=\"2026-12-01\">\n"
            + (1...max(passengers, 1)).map { passenger($0) }.joined() + "</booking></bookings>\n"
    }
}

/// Writes gzip with zlib (window bits 15+16), as partners' tools do; test-only.
final class GzipWriter {
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableBufferPointer<UInt8>
    private let sink: ([UInt8]) throws -> Void

    init(level: Int32 = 9, sink: @escaping ([UInt8]) throws -> Void) throws {
        self.sink = sink
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(capacity: 1 << 16)
        let status = deflateInit2_(
            stream, level, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)
        )
        guard status == Z_OK else { throw CocoaError(.fileWriteUnknown) }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        output.deallocate()
    }

    func write(_ bytes: [UInt8]) throws { try run(bytes, flush: Z_NO_FLUSH) }
    func finish() throws { try run([], flush: Z_FINISH) }

    private func run(_ bytes: [UInt8], flush: Int32) throws {
        var input = bytes
        try input.withUnsafeMutableBufferPointer { buffer in
            stream.pointee.next_in = buffer.baseAddress
            stream.pointee.avail_in = uInt(buffer.count)
            repeat {
                stream.pointee.next_out = output.baseAddress
                stream.pointee.avail_out = uInt(output.count)
                let status = deflate(stream, flush)
                guard status != Z_STREAM_ERROR else { throw CocoaError(.fileWriteUnknown) }
                let produced = output.count - Int(stream.pointee.avail_out)
                if produced > 0 { try sink(Array(output[..<produced])) }
            } while stream.pointee.avail_out == 0 || (flush == Z_FINISH && stream.pointee.avail_in > 0)
        }
    }

    /// `bytes` gzipped in memory.
    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        var result: [UInt8] = []
        let writer = try GzipWriter { result += $0 }
        try writer.write(bytes)
        try writer.finish()
        return result
    }
}
