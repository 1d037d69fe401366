import Foundation
import Testing

/// `memberlink run --json`: the summary a scheduler reads.
@Suite("Run summary as JSON", .serialized)
struct RunSummaryJSONTests {
    @Test(
        "each file's byCode counts its records by outcome, leaves out the codes no record has, and adds up to the reconciliation's"
    )
    func byCodePerFile() throws {
        let work = try CLIWorkspace()
        let database = try work.importSampleMembers()
        let out = work.path("out")
        let result = try CLIRunner.run([
            "run", "--pipeline", "Pipelines/sky-partner.yaml", "--directory", database, "--out", out, "--json",
        ])
        let summary = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any],
            "\(result.standardError)")
        let files = try #require(summary["files"] as? [[String: Any]])
        #expect(files.count == 2)
        var total: [String: Int] = [:]
        for file in files {
            let byCode = try #require(file["byCode"] as? [String: Int])
            #expect(byCode.values.allSatisfy { $0 > 0 }, "\(byCode)")
            #expect(byCode.values.reduce(0, +) == file["records"] as? Int)
            #expect(byCode["ATTACHED"] ?? 0 == file["attached"] as? Int)
            total.merge(byCode, uniquingKeysWith: +)
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: work.path("out/reconciliation.json")))
        let reconciliation = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(total == reconciliation["byCode"] as? [String: Int])
    }
}
