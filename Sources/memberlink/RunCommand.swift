import ArgumentParser
import Dispatch
import Foundation
import Logging
import MemberLink

/// `memberlink run --pipeline FILE [--input FILE...] [--directory PATH] [--out DIR]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over partner booking files.",
        discussion: """
            Flags override the pipeline file. On a terminal, progress is shown on stderr \
            (not with --quiet, --json, or TERM=dumb). SIGINT and SIGTERM stop the run cleanly: \
            nothing of it is published and the ledger is unchanged (exit 130 or 143). \
            See 'memberlink --help' for exit codes.
            """
    )

    @Option(name: .long, help: ArgumentHelp("The pipeline file (YAML).", valueName: "FILE"))
    var pipeline: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Input files; replace the pipeline's 'inputs'.", valueName: "FILE"))
    var input: [String] = []

    @Option(name: .long, help: ArgumentHelp("The member directory (SQLite); overrides directory.sqlite.", valueName: "PATH"))
    var directory: String?

    @Option(name: .long, help: ArgumentHelp("The output folder; overrides 'out'.", valueName: "DIR"))
    var out: String?

    @Flag(name: .long, help: "Read, validate and resolve, but write no outputs and no ledger; report what would be attached.")
    var dryRun = false

    @Flag(name: .long, help: "Print nothing but errors.")
    var quiet = false

    @Flag(name: .long, help: "Print one machine-readable JSON summary object on stdout instead of the text summary.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Log format on stderr: text or json.", valueName: "FORMAT"))
    var logFormat: LogFormat = .text

    func run() throws {
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler =
                logFormat == .json ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = quiet || json ? .error : .warning
            return handler
        }
        let cancellation = RunCancellation()
        let signalSources = installSignalHandlers(cancellation)
        defer { withExtendedLifetime(signalSources) {} }
        let progress = TerminalProgress.makeIfWanted(quiet: quiet || json)
        do {
            var configuration = try PipelineConfiguration.load(path: pipeline)
            if !input.isEmpty { configuration.inputs = input }
            if let directory { configuration.directoryPath = directory }
            if let out { configuration.outDirectory = out }
            var options = RunOptions(dryRun: dryRun, cancellation: cancellation)
            if let progress {
                options.progress = { @Sendable update in progress.show(update) }
            }
            let summary = try Pipeline(configuration: configuration, logger: Logger(label: "memberlink"), options: options).run()
            progress?.clear()
            if json {
                print(RunSummaryJSON(summary, dryRun: dryRun).text)
            } else if !quiet {
                printText(summary)
            }
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        } catch let error as MemberLinkError {
            progress?.clear()
            throw reportFailure(error)
        }
    }

    private func printText(_ summary: RunSummary) {
        for skipped in summary.skippedFiles {
            print("\(skipped.path): skipped, its content was processed at \(skipped.processedAt) as \(skipped.processedAs)")
        }
        guard !summary.files.isEmpty else {
            print("\(summary.pipeline): nothing new to process; outputs in \(summary.outDirectory) left as they were")
            return
        }
        let attachedWord = dryRun ? "would be attached" : "attached"
        for file in summary.files {
            if let reason = file.rejectedWhole {
                printError("memberlink: rejected whole: \(reason)")
            } else {
                print(
                    "\(file.path): \(file.records) records, \(file.attached) \(attachedWord), "
                        + "\(file.alreadyAttached) already attached, \(file.rejected) rejected")
            }
        }
        let destination = dryRun ? "dry run: no outputs written, ledger unchanged" : "outputs in \(summary.outDirectory)"
        print(
            "\(summary.pipeline): \(summary.records) records, \(summary.attached) \(attachedWord), "
                + "\(summary.alreadyAttached) already attached, \(summary.rejected) rejected; \(destination)")
        if summary.thresholdExceeded {
            printError(
                "memberlink: the rejected share exceeds the pipeline's rejectThreshold; see \(summary.outDirectory)/errors.csv")
        }
    }

    /// SIGINT and SIGTERM ask the run to stop between records instead of killing it mid-write.
    private func installSignalHandlers(_ cancellation: RunCancellation) -> [any DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { cancellation.cancel(signalNumber: number) }
            source.resume()
            return source
        }
    }
}

enum LogFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
