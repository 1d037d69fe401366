import Foundation
import Testing

/// The command line's exit codes and failure messages (CONTRACT §5), through the built binary:
/// "Exit codes (sysexits): 0 the run finished, 64 usage, 65 unreadable input data, 66 input
/// missing, 73 cannot create output, 78 configuration error. Every failure prints one clear line
/// naming the file, the line and what to do."
@Suite("Exit codes and failure lines (CONTRACT §5)")
struct ExitCodeTests {
    static let vnPipeline = "Pipelines/vn-agency.yaml"
    static let vnSample = "SampleData/inbox/vn-agency/bookings-2026-11-23.csv"

    /// The canonical header of CONTRACT §1.1, as the vn-agency sample writes it.
    static let canonicalHeader =
        "system,bookingCode,departureDate,index,passengerId,parentId,passengerType,title,gender,givenName,surname,"
        + "dateOfBirth,email,phone,airline,membershipId,level,skyTeamLevel,documentType,documentNumber,"
        + "documentNationality,documentIssueCountry,documentExpiryDate,documentIssueDate"

    /// Asserts that stderr is exactly one line and that it holds every fragment (the file, the line, ...).
    static func expectOneLine(
        _ result: CLIRunner.Result, naming fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            result.errorLines.count == 1, "stderr must be one line, got:\n\(result.standardError)",
            sourceLocation: sourceLocation)
        let line = result.errorLines.first.map(String.init) ?? ""
        for fragment in fragments {
            #expect(
                line.contains(fragment), "stderr line should name '\(fragment)': \(line)",
                sourceLocation: sourceLocation)
        }
    }

    /// Asserts that some stderr line holds every fragment (used where more than one line is printed
    /// today; `FailureLineTests` holds those cases to the one-line rule).
    static func expectLine(
        _ result: CLIRunner.Result, naming fragments: [String], sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            result.errorLines.contains { line in fragments.allSatisfy { line.contains($0) } },
            "no stderr line names \(fragments): \(result.standardError)", sourceLocation: sourceLocation)
    }

    /// The line number (1-based) of the first line of `text` that contains `fragment`.
    static func lineNumber(of fragment: String, in text: String) -> Int? {
        text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains(fragment) }.map {
            $0 + 1
        }
    }

    // MARK: - 0

    @Test("0: a normal run finishes, prints counts and nothing on stderr")
    func normalRun() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let out = workspace.path("out")
        let result = try CLIRunner.run(["run", "--pipeline", Self.vnPipeline, "--directory", database, "--out", out])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardError.isEmpty, "a finished run is no failure: \(result.standardError)")
        #expect(result.standardOutput.contains("35 records"))
        #expect(FileManager.default.fileExists(atPath: out + "/reconciliation.json"))
    }

    // MARK: - 64

    static let usageMistakes: [[String]] = [
        ["run", "--pipeline", vnPipeline, "--colour", "blue"],
        ["run", "--input", vnSample],
        ["run", "--pipeline"],
    ]

    @Test("64: a wrong flag, a missing required flag or an unknown command", arguments: usageMistakes)
    func usage(arguments: [String]) throws {
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 64, "\(result.standardError)")
        let culprit = arguments.contains("--colour") ? "--colour" : "--pipeline"
        Self.expectLine(result, naming: [culprit])
    }

    // MARK: - 65

    /// A file rejected whole while another input is fine (CONTRACT §1.1, §4).
    enum UnreadableInput: String, CaseIterable, CustomTestStringConvertible {
        case missingColumn, duplicateColumn, truncatedGzip, trailingGarbage
        var testDescription: String { rawValue }

        var fileName: String {
            switch self {
            case .missingColumn: "missing-column.csv"
            case .duplicateColumn: "duplicate-column.csv"
            case .truncatedGzip: "cut.csv.gz"
            case .trailingGarbage: "garbage.csv.gz"
            }
        }

        /// The booking codes of the bad file start with this; it must appear in no record output.
        var marker: String {
            switch self {
            case .missingColumn: "ZZBAD"
            case .duplicateColumn: "ZZDUP"
            case .truncatedGzip: "QCUT"
            case .trailingGarbage: "QGARB"
            }
        }

        /// What the failure line and the reason must mention besides the file.
        var reasonFragment: String {
            switch self {
            case .missingColumn, .duplicateColumn: "surname"
            case .truncatedGzip: "truncated"
            case .trailingGarbage: "gzip"
            }
        }

        /// A header problem is on line 1; a broken gzip stream has no line to name.
        var line: Int? {
            switch self {
            case .missingColumn, .duplicateColumn: 1
            case .truncatedGzip, .trailingGarbage: nil
            }
        }
    }

    /// `count` valid records of member V1 whose booking codes start with `marker`.
    static func rows(marker: String, count: Int) -> String {
        (1...count).map { i in
            "VN,\(marker)\(i + 100),2026-12-05,1,Q\(i),,ADT,MR,M,Van An,Nguyen,1980-01-02,,,VN,9200000017,,,"
                + "P,C1234567,VNM,VNM,2030-05-01,2020-05-01\n"
        }.joined()
    }

    static func unreadableBytes(_ kind: UnreadableInput) throws -> Data {
        switch kind {
        case .missingColumn:
            // The header lacks `surname`, so every row has one field less.
            let header = canonicalHeader.replacingOccurrences(of: ",surname,", with: ",")
            let rows = rows(marker: kind.marker, count: 3).replacingOccurrences(of: ",Nguyen,", with: ",")
            return Data((header + "\n" + rows).utf8)
        case .duplicateColumn:
            // `surname` twice (the unknown column `remarks` renamed into a second surname).
            let header = canonicalHeader + ",surname"
            let rows = rows(marker: kind.marker, count: 3).replacingOccurrences(of: "\n", with: ",Nguyen\n")
            return Data((header + "\n" + rows).utf8)
        case .truncatedGzip:
            let compressed = try CLIRunner.gzip(
                Data((canonicalHeader + "\n" + rows(marker: kind.marker, count: 300)).utf8))
            // Cut the 8-byte trailer and the end of the deflate stream: earlier records are still decodable.
            return compressed.prefix(compressed.count - 12)
        case .trailingGarbage:
            let compressed = try CLIRunner.gzip(
                Data((canonicalHeader + "\n" + rows(marker: kind.marker, count: 30)).utf8))
            return compressed + Data("not gzip at all\n".utf8)
        }
    }

    @Test("65: an input rejected whole beside a good one", arguments: UnreadableInput.allCases)
    func unreadableInput(kind: UnreadableInput) throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let good = try workspace.write("in/bookings-2026-11-23.csv", try CLIWorkspace.repositoryFile(Self.vnSample))
        let bad = try workspace.write("in/\(kind.fileName)", try Self.unreadableBytes(kind))
        let out = workspace.path("out")

        let result = try CLIRunner.run([
            "run", "--pipeline", Self.vnPipeline, "--directory", database, "--out", out, "--input", bad, good,
        ])

        #expect(result.status == 65, "\(result.standardError)")
        Self.expectLine(result, naming: [kind.line.map { "\(bad):\($0)" } ?? bad, kind.reasonFragment])
        #expect(
            result.standardOutput.contains("\(good): 35 records"),
            "the good file is processed: \(result.standardOutput)")

        // The reconciliation lists the bad file under rejectedFiles, and counts the good file only.
        let reconciliationText = try #require(workspace.text("out/reconciliation.json"))
        let reconciliation = try #require(
            try JSONSerialization.jsonObject(with: Data(reconciliationText.utf8)) as? [String: Any])
        let rejectedFiles = try #require(reconciliation["rejectedFiles"] as? [[String: Any]])
        #expect(rejectedFiles.count == 1)
        #expect(rejectedFiles.first?["path"] as? String == bad)
        let reason = rejectedFiles.first?["reason"] as? String ?? ""
        #expect(reason.contains(kind.reasonFragment), "a rejected file carries its reason: \(reason)")
        let records = try #require(reconciliation["records"] as? [String: Any])
        #expect(records["in"] as? Int == 35)
        #expect(reconciliation["balanced"] as? Bool == true)

        // The good file's records are in the outputs, none of the bad file's anywhere.
        let results = CSVTable.records(try #require(workspace.text("out/results.csv")))
        let errors = CSVTable.records(try #require(workspace.text("out/errors.csv")))
        #expect(results.count + errors.count == 35)
        #expect(Set((results + errors).map { $0["sourceFile"] ?? "" }) == [good])
        for name in ["results.csv", "errors.csv", "errors.jsonl", "attachments.jsonl"] {
            let text = try #require(workspace.text("out/\(name)"))
            #expect(!text.contains(kind.marker), "\(name) holds a record of the rejected file")
            #expect(!text.contains(bad), "\(name) names the rejected file")
        }
        let rejects = try FileManager.default.contentsOfDirectory(atPath: out + "/rejects")
        #expect(rejects == ["bookings-2026-11-23.csv"], "only the good file has rejects/NAME")
    }

    @Test("65: the rejected share exceeds rejectThreshold, and every output is still written")
    func rejectThresholdExceeded() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let original = try String(
            contentsOf: CLIRunner.repositoryRoot.appendingPathComponent(Self.vnPipeline), encoding: .utf8)
        // The vn-agency sample's rejected share is 24/35 (EXPECTED.md).
        let pipeline = try workspace.write(
            "strict.yaml", original.replacingOccurrences(of: "rejectThreshold: 0.8", with: "rejectThreshold: 0.5"))
        let out = workspace.path("out")
        let result = try CLIRunner.run(["run", "--pipeline", pipeline, "--directory", database, "--out", out])
        #expect(result.status == 65, "\(result.standardError)")
        Self.expectOneLine(result, naming: ["rejectThreshold"])
        for name in [
            "results.csv", "attachments.jsonl", "errors.csv", "errors.jsonl", "reconciliation.json",
            "reconciliation.html",
        ] {
            #expect(FileManager.default.fileExists(atPath: out + "/" + name), "\(name) is written")
        }
    }

    // MARK: - 66

    enum MissingThing: String, CaseIterable, CustomTestStringConvertible {
        case inputFile, pipelineFile, memberDirectory
        var testDescription: String { rawValue }
    }

    @Test("66: a missing input file, pipeline file or member directory", arguments: MissingThing.allCases)
    func missing(thing: MissingThing) throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let missing: String
        var arguments = ["run", "--out", workspace.path("out")]
        switch thing {
        case .inputFile:
            missing = workspace.path("in/nowhere.csv")
            arguments += ["--pipeline", Self.vnPipeline, "--directory", database, "--input", missing]
        case .pipelineFile:
            missing = workspace.path("Pipelines/nowhere.yaml")
            arguments += ["--pipeline", missing, "--directory", database]
        case .memberDirectory:
            missing = workspace.path("nowhere/members.sqlite")
            arguments += ["--pipeline", Self.vnPipeline, "--directory", missing]
        }
        let result = try CLIRunner.run(arguments)
        #expect(result.status == 66, "\(result.standardError)")
        Self.expectOneLine(result, naming: [missing])
        #expect(!FileManager.default.fileExists(atPath: missing), "a run must not create what it found missing")
    }

    // MARK: - 73

    @Test("73: --out under a regular file")
    func outputUnderRegularFile() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let blocker = try workspace.write("blocker", "not a folder\n")
        let result = try CLIRunner.run([
            "run", "--pipeline", Self.vnPipeline, "--directory", database, "--out", blocker + "/out",
        ])
        #expect(result.status == 73, "\(result.standardError)")
        Self.expectOneLine(result, naming: [blocker])
        #expect(try String(contentsOfFile: blocker, encoding: .utf8) == "not a folder\n")
    }

    // MARK: - 74

    /// A file that is not a member directory.
    static func damagedDirectory(in workspace: CLIWorkspace) throws -> String {
        try workspace.write("damaged.sqlite", String(repeating: "not a database\n", count: 100))
    }

    @Test("74: a member directory that is not a SQLite file")
    func damagedDirectory() throws {
        let workspace = try CLIWorkspace()
        let damaged = try Self.damagedDirectory(in: workspace)
        let result = try CLIRunner.run([
            "run", "--pipeline", Self.vnPipeline, "--directory", damaged, "--out", workspace.path("out"),
        ])
        #expect(result.status == 74, "\(result.standardError)")
        Self.expectLine(result, naming: [damaged])
    }

    // MARK: - 78

    enum ConfigurationMistake: String, CaseIterable, CustomTestStringConvertible {
        case unknownScope, personalScopeWithoutConsent, unknownKey
        var testDescription: String { rawValue }
    }

    /// The vn-agency pipeline with one mistake, the key the message must name, and the line it is on.
    static func pipeline(with mistake: ConfigurationMistake) throws -> (yaml: String, key: String, line: Int) {
        let original = try String(
            contentsOf: CLIRunner.repositoryRoot.appendingPathComponent(vnPipeline), encoding: .utf8)
        let yaml: String
        let key: String
        switch mistake {
        case .unknownScope:
            yaml = original.replacingOccurrences(of: "member-status,", with: "member-shoe-size,")
            key = "member-shoe-size"
        case .personalScopeWithoutConsent:
            yaml = original.replacingOccurrences(of: "consent: DPA-2026-014\n", with: "")
            key = "consent"
        case .unknownKey:
            yaml = original.replacingOccurrences(
                of: "rejectThreshold: 0.8\n", with: "rejectThreshold: 0.8\ncolour: blue\n")
            key = "colour"
        }
        #expect(yaml != original)
        let marker = mistake == .personalScopeWithoutConsent ? "scopes:" : key
        let line = try #require(lineNumber(of: marker, in: yaml))
        return (yaml, key, line)
    }

    @Test(
        "78: a configuration error names the pipeline file, the key and its line",
        arguments: ConfigurationMistake.allCases)
    func configuration(mistake: ConfigurationMistake) throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let (yaml, key, line) = try Self.pipeline(with: mistake)
        let pipeline = try workspace.write("broken.yaml", yaml)
        let out = workspace.path("out")
        let result = try CLIRunner.run(["run", "--pipeline", pipeline, "--directory", database, "--out", out])
        #expect(result.status == 78, "\(result.standardError)")
        Self.expectOneLine(result, naming: ["\(pipeline):\(line)", key])
        #expect(!FileManager.default.fileExists(atPath: out), "a configuration error stops the run before any output")
    }

    @Test("78: a directory whose lookup file or store is missing names the file and stops before any output")
    func missingStoreFiles() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let out = workspace.path("out")
        let arguments = ["run", "--pipeline", Self.vnPipeline, "--directory", database, "--out", out]
        for file in [database + ".members-1.lookup", database + ".members-1"] {
            try FileManager.default.removeItem(atPath: file)
            let result = try CLIRunner.run(arguments)
            #expect(result.status == 78, "\(result.standardError)")
            Self.expectOneLine(result, naming: [file + ", which is missing", "import the members again"])
            #expect(!FileManager.default.fileExists(atPath: out), "a missing store file stops the run before any output")
        }
    }

    // MARK: - Help and members import

    @Test("--help lists every exit code")
    func helpListsExitCodes() throws {
        let result = try CLIRunner.run(["--help"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        for code in ["0", "64", "65", "66", "73", "74", "75", "78"] {
            #expect(lines.contains { $0.hasPrefix(code + " ") }, "memberlink --help does not explain exit code \(code)")
        }
    }

    @Test(
        "members import: 75 at once while another import holds the directory's lock, naming the lock",
        .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/flock")))
    func importLocked() throws {
        let workspace = try CLIWorkspace()
        try FileManager.default.createDirectory(atPath: workspace.path("locks"), withIntermediateDirectories: true)
        let lockPath = workspace.path("locks/m.sqlite.import.lock")
        // Another process holds the lock (flock(1) takes the same kind of lock) until it is stopped:
        // a shell that locks a descriptor of the file, says so, then becomes `sleep`.
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/bin/sh")
        holder.arguments = ["-c", "exec 9>\"$0\"; flock -x 9; echo held; exec sleep 60", lockPath]
        let output = Pipe()
        holder.standardOutput = output
        try holder.run()
        defer {
            holder.terminate()
            holder.waitUntilExit()
        }
        _ = output.fileHandleForReading.availableData  // "held": the lock is taken
        let result = try CLIRunner.run([
            "members", "import", "SampleData/members.csv", "--directory", workspace.path("m.sqlite"),
        ])
        #expect(result.status == 75, "\(result.standardError)")
        Self.expectOneLine(result, naming: [lockPath, "another members import"])
    }

    @Test("members import: a missing extract is 66, naming it")
    func importMissingFile() throws {
        let workspace = try CLIWorkspace()
        let missing = workspace.path("nowhere.csv")
        let result = try CLIRunner.run(["members", "import", missing, "--directory", workspace.path("m.sqlite")])
        #expect(result.status == 66, "\(result.standardError)")
        Self.expectOneLine(result, naming: [missing])
    }

    @Test("members import: prints the counts, and each skipped row with its line (EXPECTED.md)")
    func importPrintsCounts() throws {
        let workspace = try CLIWorkspace()
        let result = try CLIRunner.run([
            "members", "import", "SampleData/members.csv", "--directory", workspace.path("m.sqlite"),
        ])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("48"), "rows read: \(result.standardOutput)")
        #expect(result.standardOutput.contains("45 imported"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("3 skipped"), "\(result.standardOutput)")
        for line in [19, 28, 49] {
            #expect(result.standardError.contains("SampleData/members.csv:\(line):"), "row \(line) is reported skipped")
        }
    }
}
