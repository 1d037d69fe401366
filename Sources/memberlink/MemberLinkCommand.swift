import ArgumentParser
import Foundation
import MemberLink

/// `memberlink`: argument parsing and exit codes only; the work is done by the MemberLink library.
@main
struct MemberLinkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memberlink",
        abstract: "Attach loyalty memberships to the passengers of partner booking files.",
        discussion: """
            Reads partner booking files (CSV or XML, plain or gzip), checks every passenger \
            against the document and membership rules, finds the loyalty member behind each \
            passenger in the member directory, and writes results.csv, attachments.jsonl, \
            errors.csv, errors.jsonl, reconciliation.json, reconciliation.html and rejects/ \
            into the run's output folder.

            Exit codes (sysexits):
              0   the run finished (rejected records are outcomes, not failures)
              64  usage: a wrong flag or argument
              65  unreadable input data (a file rejected whole),
                  or the reject threshold exceeded
              66  an input file, pipeline file or member directory is missing
              73  an output folder or file cannot be created
              74  an I/O error while reading or writing
              75  another run holds the pipeline's lock
              78  configuration error in the pipeline file or flags
              130 stopped by SIGINT; 143 stopped by SIGTERM
                  (nothing published, ledger unchanged)

            Environment:
              TERM=dumb   no progress display on stderr
              NO_COLOR    respected (the output uses no colour)
              TMPDIR      where a dry run writes its throw-away outputs
            """,
        version: "memberlink 0.1.0 (git \(gitRevision))",
        subcommands: [RunCommand.self, MembersCommand.self]
    )

    /// Like ArgumentParser's own `main`, but a usage error is one line (CONTRACT §5: every failure
    /// prints one clear line) instead of the error, the usage and a pointer to --help.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = self.message(for: error).split(whereSeparator: \.isNewline).joined(separator: " ")
                printError("memberlink: \(message); see 'memberlink --help'")
                Foundation.exit(code.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Ends the process with the exit code a library error maps to, after one clear line on stderr.
func reportFailure(_ error: MemberLinkError) -> ExitCode {
    printError("memberlink: \(error.description)")
    return ExitCode(error.code.exitCode)
}

func printError(_ line: String) {
    var standardError = StandardError()
    print(line, to: &standardError)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        // A full or closed stderr must not kill the run: `write(_:)` traps on failure, this throws.
        try? FileHandle.standardError.write(contentsOf: Data(string.utf8))
    }
}
