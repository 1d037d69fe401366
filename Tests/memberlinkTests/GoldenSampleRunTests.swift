import Foundation
import Testing

/// Whole sample runs through the built CLI, every output diffed byte for byte against the checked-in
/// golden files (swift-openapi-generator's reference tests). The goldens change only through
/// `Scripts/regenerate-goldens.sh`; this test never writes them.
@Suite("Golden sample runs", .serialized)
struct GoldenSampleRunTests {
    static let golden = CLIRunner.repositoryRoot.appendingPathComponent("Tests/memberlinkTests/Golden")

    /// The run id and timings are the only parts of the outputs that may differ between runs.
    static func normalised(_ data: Data, name: String) -> Data {
        guard name.hasPrefix("reconciliation.") else { return data }
        var text = String(decoding: data, as: UTF8.self)
        text = text.replacing(#/"runId":"[^"]*"/#, with: "\"runId\":\"RUN-ID\"")
        text = text.replacing(#/"timings":\{[^}]*\}/#, with: "\"timings\":{}")
        text = text.replacing(#/<p class="meta">Run .*</p>/#, with: "<p class=\"meta\">RUN</p>")
        return Data(text.utf8)
    }

    static func files(in folder: URL) throws -> [String] {
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        var names: [String] = []
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true {
            names.append(String(url.path.dropFirst(folder.path.count + 1)))
        }
        return names.sorted()
    }

    @Test("a sample pipeline's first run and its rerun give the golden outputs", arguments: ["vn-agency", "eu-gds", "sky-partner"])
    func sampleRun(pipeline: String) throws {
        let work = try CLIRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("members.sqlite").path
        let imported = try CLIRunner.run(["members", "import", "SampleData/members.csv", "--directory", database])
        #expect(imported.status == 0, "\(imported.standardError)")

        // The rerun writes into the first run's output folder, as a nightly run does: its
        // reconciliation.html compares with the first run.
        let out = work.appendingPathComponent("out")
        for run in ["", "-rerun"] {
            let result = try CLIRunner.run([
                "run", "--pipeline", "Pipelines/\(pipeline).yaml", "--directory", database, "--out", out.path,
            ])
            let expected = Self.golden.appendingPathComponent(pipeline + run)
            let expectedStatus = try String(contentsOf: expected.appendingPathComponent("exit-code"), encoding: .utf8)
            #expect("\(result.status)" == expectedStatus.trimmingCharacters(in: .whitespacesAndNewlines), "\(result.standardError)")
            let produced = try Self.files(in: out)
            #expect(produced == (try Self.files(in: expected)).filter { $0 != "exit-code" }, "\(pipeline)\(run): the set of output files")
            for name in produced {
                let actual = Self.normalised(try Data(contentsOf: out.appendingPathComponent(name)), name: name)
                let wanted = try Data(contentsOf: expected.appendingPathComponent(name))
                #expect(
                    actual == wanted,
                    "\(pipeline)\(run)/\(name) differs from the golden file; if the change is deliberate, run Scripts/regenerate-goldens.sh and review the diff"
                )
            }
        }
    }
}
