import Foundation
import MemberLink
import Testing

/// CONTRACT §4: "The same inputs and directory give byte-identical outputs, run id and timings
/// aside, in input order."
@Suite("Deterministic outputs")
struct DeterminismTests {
    static let samples: [(pipeline: String, inputs: [String])] = [
        ("vn-agency", ["SampleData/inbox/vn-agency/bookings-2026-11-23.csv"]),
        ("eu-gds", ["SampleData/inbox/eu-gds/pax_20261123.csv"]),
        (
            "sky-partner",
            [
                "SampleData/inbox/sky-partner/manifest_20261123.tsv",
                "SampleData/inbox/sky-partner/manifest_20261124.tsv.gz",
            ]
        ),
    ]

    /// Every regular file under `folder`, as paths relative to it.
    static func files(under folder: String) throws -> [String] {
        let enumerator = try #require(FileManager.default.enumerator(atPath: folder))
        var names: [String] = []
        for case let name as String in enumerator {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + name, isDirectory: &isFolder), !isFolder.boolValue
            {
                names.append(name)
            }
        }
        return names.sorted()
    }

    /// The run id and timings are the only parts of the outputs that may differ between runs.
    static func normalised(_ bytes: [UInt8], name: String) -> String {
        var text = String(decoding: bytes, as: UTF8.self)
        guard name.hasPrefix("reconciliation.") else { return text }
        text = text.replacing(#/"runId":"[^"]*"/#, with: "\"runId\":\"RUN-ID\"")
        text = text.replacing(#/"timings":\{[^}]*\}/#, with: "\"timings\":{}")
        text = text.replacing(#/<p class="meta">Run .*</p>/#, with: "<p class=\"meta\">RUN</p>")
        return text
    }

    @Test("the same inputs into two fresh directories give the same bytes", arguments: samples.map(\.pipeline))
    func sameBytes(pipeline: String) throws {
        let inputs = try #require(Self.samples.first { $0.pipeline == pipeline }).inputs.map {
            PipelineRunFolder.repositoryRoot + "/" + $0
        }
        var outs: [String] = []
        var folders: [PipelineRunFolder] = []
        for _ in 0..<2 {
            let folder = try PipelineRunFolder()
            folders.append(folder)
            let database = try folder.importSampleMembers()
            let out = folder.path("out")
            _ = try PipelineRunFolder.run(
                try PipelineRunFolder.configuration(pipeline: pipeline, inputs: inputs, directory: database, out: out))
            outs.append(out)
        }
        let names = try Self.files(under: outs[0])
        #expect(names == (try Self.files(under: outs[1])))
        #expect(names.contains("reconciliation.json") && names.contains("results.csv"))
        for name in names {
            let first = try #require(PipelineRunFolder.bytes(outs[0] + "/" + name))
            let second = try #require(PipelineRunFolder.bytes(outs[1] + "/" + name))
            if name.hasPrefix("reconciliation.") {
                #expect(
                    Self.normalised(first, name: name) == Self.normalised(second, name: name), "\(pipeline): \(name)")
                #expect(first != second || name.hasSuffix(".html"), "\(pipeline): \(name) should carry its own run id")
            } else {
                #expect(first == second, "\(pipeline): \(name) differs between two runs of the same inputs")
            }
        }
    }
}
