import Foundation
import Testing

/// CONTRACT §5: "Every failure prints one clear line naming the file, the line and what to do."
@Suite("One failure, one line")
struct FailureLineTests {
    @Test("64: a wrong flag prints one line naming it")
    func wrongFlag() throws {
        let result = try CLIRunner.run(["run", "--pipeline", ExitCodeTests.vnPipeline, "--colour", "blue"])
        #expect(result.status == 64)
        ExitCodeTests.expectOneLine(result, naming: ["--colour"])
    }

    @Test(
        "65: a file rejected whole prints one line naming it",
        arguments: [ExitCodeTests.UnreadableInput.missingColumn, .truncatedGzip])
    func rejectedWhole(kind: ExitCodeTests.UnreadableInput) throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let bad = try workspace.write("in/\(kind.fileName)", try ExitCodeTests.unreadableBytes(kind))
        let result = try CLIRunner.run([
            "run", "--pipeline", ExitCodeTests.vnPipeline, "--directory", database, "--out", workspace.path("out"),
            "--input", bad,
        ])
        #expect(result.status == 65)
        ExitCodeTests.expectOneLine(result, naming: [bad, kind.reasonFragment])
    }

    @Test("74: a damaged member directory prints one line naming it")
    func damagedDirectory() throws {
        let workspace = try CLIWorkspace()
        let damaged = try ExitCodeTests.damagedDirectory(in: workspace)
        let result = try CLIRunner.run([
            "run", "--pipeline", ExitCodeTests.vnPipeline, "--directory", damaged, "--out", workspace.path("out"),
        ])
        #expect(result.status == 74)
        ExitCodeTests.expectOneLine(result, naming: [damaged])
    }
}
