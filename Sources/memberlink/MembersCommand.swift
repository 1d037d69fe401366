import ArgumentParser
import MemberLink

/// `memberlink members …`
struct MembersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "members",
        abstract: "Manage the member directory.",
        subcommands: [ImportCommand.self]
    )
}

/// `memberlink members import FILE... [--directory PATH]`
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Load member extracts (CSV, gzip allowed) into the member directory, replacing its members.",
        discussion: """
            Malformed member rows are reported with their file and line and skipped. On a terminal, \
            progress is shown on stderr (not with --quiet or TERM=dumb). The directory is PATH and, \
            beside it, PATH.members-N (the members) and PATH.members-N.lookup (their lookup file); \
            copy or back up all three. \
            One import at a time per directory (exit 75 while another holds its lock).
            """
    )

    @Argument(help: ArgumentHelp("Member extract files.", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The member directory (SQLite file).", valueName: "PATH"))
    var directory: String = PipelineConfiguration.defaultDirectoryPath

    @Flag(name: .long, help: "Print nothing but skipped rows and errors: no progress, no counts.")
    var quiet = false

    func run() throws {
        let progress = TerminalProgress.makeIfWanted(quiet: quiet)
        defer { progress?.clear() }
        do {
            let summary = try MemberImport.run(
                files: files, directoryPath: directory,
                progress: progress.map { terminal in { @Sendable update in terminal.show(update) } })
            progress?.clear()
            for issue in summary.issues { printError("memberlink: skipped \(issue)") }
            guard !quiet else { return }
            print(
                "\(directory): \(summary.rowsRead) member rows read, \(summary.imported) imported, "
                    + "\(summary.skipped) skipped")
        } catch let error as MemberLinkError {
            throw reportFailure(error)
        }
    }
}
