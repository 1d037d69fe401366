import Foundation
import Testing

/// Progress on stderr: only on a terminal, never with --quiet or TERM=dumb.
@Suite("Progress on a terminal")
struct TerminalProgressTests {
    static let script = "/usr/bin/script"

    /// Runs `memberlink ARGUMENTS` on a pseudo-terminal (util-linux `script`) and returns what the
    /// terminal showed, stdout and stderr together.
    static func onTerminal(_ arguments: [String], term: String = "xterm") throws -> (status: Int32, shown: String) {
        let command = ([CLIRunner.executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: script)
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = CLIRunner.repositoryRoot
        process.environment = ProcessInfo.processInfo.environment.merging(["TERM": term]) { _, new in new }
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let shown = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: shown, as: UTF8.self))
    }

    @Test(
        "members import on a terminal shows where it is, then clears the line before the counts",
        .enabled(if: FileManager.default.isExecutableFile(atPath: script)))
    func importShowsProgress() throws {
        let workspace = try CLIWorkspace()
        let arguments = ["members", "import", "SampleData/members.csv", "--directory", workspace.path("m.sqlite")]
        let shown = try Self.onTerminal(arguments)
        #expect(shown.status == 0, "\(shown.shown)")
        #expect(shown.shown.contains("48 member rows read; writing the lookup tables"), "\(shown.shown)")
        #expect(shown.shown.contains("\r\u{1B}[K"), "the progress line is cleared")
        #expect(shown.shown.contains("48 member rows read, 45 imported, 3 skipped"))

        let dumb = try Self.onTerminal(arguments, term: "dumb")
        #expect(dumb.status == 0)
        #expect(!dumb.shown.contains("writing the lookup tables"), "\(dumb.shown)")
        let quiet = try Self.onTerminal(arguments + ["--quiet"])
        #expect(quiet.status == 0)
        #expect(!quiet.shown.contains("writing the lookup tables"), "\(quiet.shown)")
    }

    @Test("members import --quiet prints the skipped rows and nothing else; without a terminal no progress")
    func importQuiet() throws {
        let workspace = try CLIWorkspace()
        let quiet = try CLIRunner.run([
            "members", "import", "SampleData/members.csv", "--directory", workspace.path("m.sqlite"), "--quiet",
        ])
        #expect(quiet.status == 0, "\(quiet.standardError)")
        #expect(quiet.standardOutput.isEmpty, "\(quiet.standardOutput)")
        #expect(quiet.standardError.split(separator: "\n").count == 3, "\(quiet.standardError)")
        #expect(quiet.standardError.split(separator: "\n").allSatisfy { $0.hasPrefix("memberlink: skipped ") })
        let plain = try CLIRunner.run([
            "members", "import", "SampleData/members.csv", "--directory", workspace.path("m.sqlite"),
        ])
        #expect(!plain.standardError.contains("writing the lookup tables"), "\(plain.standardError)")
    }
}
