import Foundation
import Testing

/// CONTRACT §4: "An input file is one transaction … A file that cannot be read to its end commits
/// none of its records". Nothing of it reaches the ledger either: a passenger that a truncated
/// file would have attached is attached afresh by a later file of the same run.
@Suite("A file rejected whole commits nothing")
struct RejectedFileTransactionTests {
    static let v1 =
        "VN,K7QW2M,2026-12-05,1,P01,,ADT,MR,M,Van An,Nguyen,1980-01-02,,,VN,9200000017,,,"
        + "P,C1234567,VNM,VNM,2030-05-01,2020-05-01\n"

    @Test("a truncated gzip file's passenger is ATTACHED by the next file, and requested once")
    func truncatedFileAttachesNothing() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        // V1 first, then enough records that the cut falls well after it.
        let text = ExitCodeTests.canonicalHeader + "\n" + Self.v1 + ExitCodeTests.rows(marker: "QCUT", count: 300)
        let compressed = try CLIRunner.gzip(Data(text.utf8))
        let truncated = try workspace.write("in/first.csv.gz", compressed.prefix(compressed.count - 12))
        let second = try workspace.write("in/second.csv", ExitCodeTests.canonicalHeader + "\n" + Self.v1)
        let out = workspace.path("out")

        let result = try CLIRunner.run([
            "run", "--pipeline", ExitCodeTests.vnPipeline, "--directory", database, "--out", out,
            "--input", truncated, second,
        ])
        #expect(result.status == 65, "\(result.standardError)")
        let results = CSVTable.records(try #require(workspace.text("out/results.csv")))
        #expect(
            results.map { [$0["sourceFile"] ?? "", $0["passengerId"] ?? "", $0["outcome"] ?? ""] } == [
                [second, "P01", "ATTACHED"]
            ])
        let attachments = try #require(workspace.text("out/attachments.jsonl"))
        #expect(attachments.split(separator: "\n").count == 1)
        #expect(!attachments.contains("QCUT"))
    }
}
