import Foundation
import Testing

/// Two input files with the same name in different folders (two partners' `bookings.csv`, or
/// yesterday's and today's): CONTRACT §4 keeps one `rejects/NAME` per CSV input and §5 says a
/// run with rejected records finishes with 0. The second file's rejects go to `rejects/2-NAME`.
@Suite("Inputs sharing a file name")
struct SameNameInputsTests {
    @Test("two inputs named alike in different folders are both processed")
    func sameNameDifferentFolders() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let sample = try CLIWorkspace.repositoryFile(ExitCodeTests.vnSample)
        let first = try workspace.write("monday/bookings-2026-11-23.csv", sample)
        // The same bytes again: its attached passengers become ALREADY_ATTACHED, its other records are rejected again.
        let second = try workspace.write("tuesday/bookings-2026-11-23.csv", sample)
        let out = workspace.path("out")

        let result = try CLIRunner.run([
            "run", "--pipeline", ExitCodeTests.vnPipeline, "--directory", database, "--out", out, "--input", first,
            second,
        ])

        #expect(result.status == 0, "\(result.standardError)")
        let text = try #require(workspace.text("out/reconciliation.json"))
        let reconciliation = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect((reconciliation["records"] as? [String: Int])?["in"] == 70)
        #expect(reconciliation["balanced"] as? Bool == true)
        let rows =
            CSVTable.records(try #require(workspace.text("out/errors.csv")))
            + CSVTable.records(try #require(workspace.text("out/results.csv")))
        #expect(Set(rows.map { $0["sourceFile"] ?? "" }) == [first, second])
    }
}
