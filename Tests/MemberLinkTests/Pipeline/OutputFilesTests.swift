import Foundation
import MemberLink
import Testing

/// CONTRACT §4: "Outputs are readable by their owner only", and `rejects/NAME` holds "its header and
/// those records exactly as they were, byte for byte".
@Suite("Output files: owner-only modes, rejects byte for byte")
struct OutputFilesTests {
    static let samples = [
        ("vn-agency", "SampleData/inbox/vn-agency/bookings-2026-11-23.csv"),
        ("eu-gds", "SampleData/inbox/eu-gds/pax_20261123.csv"),
        ("sky-partner", "SampleData/inbox/sky-partner/manifest_20261123.tsv"),
    ]

    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("every output file is 0600 and every output folder 0700", arguments: samples.map(\.0))
    func ownerOnly(pipeline: String) throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        let input = PipelineRunFolder.repositoryRoot + "/" + (Self.samples.first { $0.0 == pipeline }?.1 ?? "")
        let out = folder.path("deeper/out")
        _ = try PipelineRunFolder.run(
            try PipelineRunFolder.configuration(pipeline: pipeline, inputs: [input], directory: database, out: out))

        #expect(try Self.mode(out) == 0o700, "the output folder")
        let enumerator = try #require(FileManager.default.enumerator(atPath: out))
        var seen = 0
        for case let name as String in enumerator {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: out + "/" + name, isDirectory: &isFolder)
            #expect(try Self.mode(out + "/" + name) == (isFolder.boolValue ? 0o700 : 0o600), "\(pipeline): \(name)")
            seen += 1
        }
        // results, attachments, errors ×2, reconciliation ×2, rejects/ and rejects/NAME.
        #expect(seen == 8, "\(pipeline): unexpected output files")
    }

    @Test("rejects/NAME is the input's header and its rejected records, byte for byte", arguments: samples.map(\.0))
    func rejectsByteForByte(pipeline: String) throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        let relative = try #require(Self.samples.first { $0.0 == pipeline }?.1)
        let input = PipelineRunFolder.repositoryRoot + "/" + relative
        let out = folder.path("out")
        _ = try PipelineRunFolder.run(
            try PipelineRunFolder.configuration(pipeline: pipeline, inputs: [input], directory: database, out: out))

        let bytes = try PipelineRunFolder.repositoryBytes(relative)
        let outputs = try RunOutputFiles(out: out)
        let lines = outputs.outcomes.compactMap { Int($0.key.split(separator: ":").last ?? "") }
        let raw = RecordBytes.records(bytes, startLines: lines)
        let rejected = outputs.errors.compactMap { Int($0["sourceLine"] ?? "") }.sorted()
        #expect(!rejected.isEmpty)
        let expected = RecordBytes.header(bytes) + rejected.flatMap { raw[$0] ?? [] }
        let written = try #require(
            PipelineRunFolder.bytes(out + "/rejects/" + (relative as NSString).lastPathComponent))
        #expect(written == expected)
    }
}
