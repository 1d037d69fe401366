import ArgumentParser
import Logging
import MemberLink

/// `memberlink run --pipeline FILE [--input FILE...] [--directory PATH] [--out DIR]`
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a pipeline over partner booking files.",
        discussion: "Flags override the pipeline file. See 'memberlink --help' for exit codes."
    )

    @Option(name: .long, help: ArgumentHelp("The pipeline file (YAML).", valueName: "FILE"))
    var pipeline: String

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Input files; replace the pipeline's 'inputs'.", valueName: "FILE"))
    var input: [String] = []

    @Option(name: .long, help: ArgumentHelp("The member directory (SQLite); overrides directory.sqlite.", valueName: "PATH"))
    var directory: String?

    @Option(name: .long, help: ArgumentHelp("The output folder; overrides 'out'.", valueName: "DIR"))
    var out: String?

    func run() throws {
        do {
            var configuration = try PipelineConfiguration.load(path: pipeline)
            if !input.isEmpty { configuration.inputs = input }
            if let directory { configuration.directoryPath = directory }
            if let out { configuration.outDirectory = out }
            let logger = Logger(label: "memberlink")
            let summary = try Pipeline(configuration: configuration, logger: logger).run()
            for file in summary.files {
                if let reason = file.rejectedWhole {
                    printError("memberlink: rejected whole: \(reason)")
                } else {
                    print(
                        "\(file.path): \(file.records) records, \(file.attached) attached, "
                            + "\(file.alreadyAttached) already attached, \(file.rejected) rejected")
                }
            }
            print(
                "\(summary.pipeline): \(summary.records) records, \(summary.attached) attached, "
                    + "\(summary.alreadyAttached) already attached, \(summary.rejected) rejected; outputs in \(summary.outDirectory)")
            if summary.thresholdExceeded {
                printError("memberlink: the rejected share exceeds the pipeline's rejectThreshold; see \(summary.outDirectory)/errors.csv")
            }
            if summary.exitCode != 0 { throw ExitCode(summary.exitCode) }
        } catch let error as MemberLinkError {
            throw reportFailure(error)
        }
    }
}
