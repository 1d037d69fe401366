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
        discussion: "Malformed member rows are reported with their file and line and skipped."
    )

    @Argument(help: ArgumentHelp("Member extract files.", valueName: "FILE"))
    var files: [String]

    @Option(name: .long, help: ArgumentHelp("The member directory (SQLite file).", valueName: "PATH"))
    var directory: String = PipelineConfiguration.defaultDirectoryPath

    func run() throws {
        do {
            let summary = try MemberImport.run(files: files, directoryPath: directory)
            for issue in summary.issues { printError("memberlink: skipped \(issue)") }
            print(
                "\(directory): \(summary.rowsRead) member rows read, \(summary.imported) imported, "
                    + "\(summary.skipped) skipped")
        } catch let error as MemberLinkError {
            throw reportFailure(error)
        }
    }
}
