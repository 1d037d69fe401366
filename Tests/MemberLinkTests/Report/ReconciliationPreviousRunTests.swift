import Foundation
import MemberLink
import Testing

/// The previous run's figures: read from the `reconciliation.json` in the pipeline's output folder
/// before a run publishes, for the page's rates then and now.
@Suite struct ReconciliationPreviousRunTests {
    static let written = Reconciliation(
        runId: "run-1", pipeline: "vn-nightly",
        inputs: [Reconciliation.Input(path: "in/a.csv", sha256: "ab", bytes: 4, records: 5)],
        records: Reconciliation.Records(in: 5, attached: 2, alreadyAttached: 1, rejected: 2),
        byCode: [.attached: 2, .alreadyAttached: 1, .dataInvalid: 2],
        attachments: Reconciliation.Attachments(requests: 2, passengers: 2), rejectedFiles: [],
        timings: Reconciliation.Timings(
            startedAt: "2026-05-01T02:00:00Z", finishedAt: "2026-05-01T02:00:07Z", seconds: 7),
        bySystem: ["VN": Reconciliation.Records(in: 5, attached: 2, alreadyAttached: 1, rejected: 2)])

    /// What this version writes, it reads back.
    @Test func readsWhatARunWrote() throws {
        let previous = try #require(Reconciliation.PreviousRun.parse(Self.written.jsonBytes, pipeline: "vn-nightly"))
        #expect(previous.runId == "run-1")
        #expect(previous.finishedAt == "2026-05-01T02:00:07Z")
        #expect(previous.records == Self.written.records)
        #expect(previous.byCode == Self.written.byCode)
    }

    /// An earlier version's file (without the keys added since) is read too; unknown codes are
    /// left out.
    @Test func readsTheEarlierShapeAndSkipsUnknownCodes() throws {
        let json =
            #"{"runId":"r0","pipeline":"p","inputs":[],"records":{"in":3,"attached":1,"alreadyAttached":0,"rejected":2},"#
            + #""byCode":{"ATTACHED":1,"DATA_INVALID":1,"SOME_FUTURE_CODE":1},"attachments":{"requests":1,"passengers":1},"#
            + #""rejectedFiles":[],"timings":{"startedAt":"a","finishedAt":"b","seconds":0.001},"balanced":true}"#
        let previous = try #require(Reconciliation.PreviousRun.parse(Array(json.utf8), pipeline: "p"))
        #expect(previous.records == Reconciliation.Records(in: 3, attached: 1, alreadyAttached: 0, rejected: 2))
        #expect(previous.byCode == [.attached: 1, .dataInvalid: 1])
        #expect(previous.finishedAt == "b")
    }

    @Test(arguments: [
        "",
        "not json",
        "[]",
        #"{"pipeline":"vn-nightly"}"#,
        #"{"pipeline":"other","records":{"in":1,"attached":1,"alreadyAttached":0,"rejected":0}}"#,
        #"{"pipeline":"vn-nightly","records":{"in":-1,"attached":0,"alreadyAttached":0,"rejected":0}}"#,
        #"{"pipeline":"vn-nightly","records":{"in":1.5,"attached":0,"alreadyAttached":0,"rejected":0}}"#,
        #"{"pipeline":"vn-nightly","records":{"in":"1","attached":0,"alreadyAttached":0,"rejected":0}}"#,
        #"{"pipeline":"vn-nightly","records":{"in":1,"attached":0,"rejected":0}}"#,
    ])
    func ignoresWhatIsNotAReconciliationOfThisPipeline(json: String) {
        #expect(Reconciliation.PreviousRun.parse(Array(json.utf8), pipeline: "vn-nightly") == nil)
    }

    @Test func aMissingFileIsNoPreviousRun() throws {
        let folder = try ReportTestFolder()
        #expect(Reconciliation.PreviousRun.read(folder: folder.path, pipeline: "vn-nightly") == nil)
        #expect(Reconciliation.PreviousRun.read(folder: folder.path + "/nowhere", pipeline: "vn-nightly") == nil)
        try Data(Self.written.jsonBytes).write(to: URL(fileURLWithPath: folder.path + "/reconciliation.json"))
        #expect(Reconciliation.PreviousRun.read(folder: folder.path, pipeline: "vn-nightly")?.runId == "run-1")
        #expect(Reconciliation.PreviousRun.read(folder: folder.path, pipeline: "eu-gds") == nil)
    }

    /// A whole run twice into the same output folder: the first page has nothing to compare with,
    /// the second compares with the first (its run id on the meta line, its shares in the tables),
    /// and `reconciliation.json` gains per-system and per-file counts but never the previous run.
    @Test func aSecondRunIntoTheSameFolderComparesWithTheFirst() throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        let out = folder.path("out")
        let configuration = try PipelineRunFolder.configuration(
            pipeline: "vn-agency",
            inputs: [PipelineRunFolder.repositoryRoot + "/SampleData/inbox/vn-agency/bookings-2026-11-23.csv"],
            directory: database, out: out)
        _ = try PipelineRunFolder.run(configuration)
        let firstPage = try #require(PipelineRunFolder.text(out + "/reconciliation.html"))
        let firstJSON = try #require(PipelineRunFolder.bytes(out + "/reconciliation.json"))
        let first = try #require(Reconciliation.PreviousRun.parse(firstJSON, pipeline: "vn-agency"))
        #expect(firstPage.contains("nothing to compare with"))

        _ = try PipelineRunFolder.run(configuration)
        let secondPage = try #require(PipelineRunFolder.text(out + "/reconciliation.html"))
        let secondJSON = try #require(PipelineRunFolder.text(out + "/reconciliation.json"))
        #expect(secondPage.contains("Compared with the previous run <code>\(first.runId)</code>"))
        #expect(!secondJSON.contains(first.runId))
        // Everything the first run attached is already attached the second time.
        let attached = Reconciliation.rateText(first.records.attached, of: first.records.in)
        #expect(
            secondPage.contains(
                "<dt>Attached</dt><dd class=\"value\">0</dd><dd>0.0% of records in</dd>"
                    + "<dd class=\"then\">previous run \(attached)</dd><dd class=\"then\">change −\(attached.dropLast()) pp</dd>"
            ))
        #expect(secondPage.contains("<th scope=\"col\" class=\"n\">previous share</th>"))

        let object = try #require(try JSONSerialization.jsonObject(with: Data(secondJSON.utf8)) as? [String: Any])
        let bySystem = try #require(object["bySystem"] as? [String: [String: Int]])
        #expect(bySystem.values.reduce(0) { $0 + ($1["in"] ?? 0) } == first.records.in)
        let inputs = try #require(object["inputs"] as? [[String: Any]])
        #expect(inputs.first?["alreadyAttached"] as? Int == first.records.attached)
    }
}

extension Reconciliation {
    /// The page's share text, for expectations built from a run's own figures.
    static func rateText(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "–" }
        let tenths = (count * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
