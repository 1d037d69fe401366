import Foundation
import Logging
import MemberLink
import Testing

/// A temporary folder for whole-run tests at the library level: the sample member directory
/// imported through `MemberImport.run`, inputs written into it, and runs of
/// `Pipeline(configuration:logger:).run()` with one of the sample pipeline files.
final class PipelineRunFolder {
    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    let folder: String

    init() throws {
        folder = FileManager.default.temporaryDirectory.path + "/memberlink-run-" + Self.letters()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    /// A random folder name of letters only. A UUID will not do: its digit groups joined by `-`
    /// sometimes pass Luhn, and the card-number guard (CONTRACT §4) then stars part of every
    /// `sourceFile` written.
    static func letters() -> String {
        String((0..<20).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
    }

    /// `folder/NAME`.
    func path(_ name: String) -> String { folder + "/" + name }

    /// Imports `SampleData/members.csv` into `folder/NAME` and returns its path.
    @discardableResult
    func importSampleMembers(into name: String = "members.sqlite") throws -> String {
        let database = path(name)
        let summary = try MemberImport.run(
            files: [Self.repositoryRoot + "/SampleData/members.csv"], directoryPath: database)
        #expect(summary.imported == 45)
        return database
    }

    /// Writes `bytes` to `folder/NAME` (creating its folder) and returns the path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let file = path(name)
        try FileManager.default.createDirectory(
            atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        return file
    }

    /// A sample pipeline file (`Pipelines/NAME.yaml`) with its inputs, directory and output folder replaced.
    static func configuration(
        pipeline: String, inputs: [String], directory: String, out: String
    ) throws -> PipelineConfiguration {
        var configuration = try PipelineConfiguration.load(path: repositoryRoot + "/Pipelines/\(pipeline).yaml")
        configuration.inputs = inputs
        configuration.directoryPath = directory
        configuration.outDirectory = out
        return configuration
    }

    /// Runs a pipeline quietly.
    static func run(_ configuration: PipelineConfiguration) throws -> RunSummary {
        try Pipeline(configuration: configuration, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
            .run()
    }

    /// The bytes of a repository file.
    static func repositoryBytes(_ relativePath: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: repositoryRoot + "/" + relativePath)))
    }

    /// The bytes of a file, or nil when it does not exist.
    static func bytes(_ path: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path).map { Array($0) }
    }

    static func text(_ path: String) -> String? {
        bytes(path).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// The outputs of one run, read back for assertions.
struct RunOutputFiles {
    let out: String
    let results: [[String: String]]
    let errors: [[String: String]]
    let errorsJSONLines: [String]
    let reconciliation: [String: Any]

    init(out: String) throws {
        self.out = out
        results = OutputCSV.records(try #require(PipelineRunFolder.text(out + "/results.csv")))
        errors = OutputCSV.records(try #require(PipelineRunFolder.text(out + "/errors.csv")))
        errorsJSONLines = try #require(PipelineRunFolder.text(out + "/errors.jsonl")).split(separator: "\n").map(
            String.init)
        let json = try #require(PipelineRunFolder.bytes(out + "/reconciliation.json"))
        reconciliation = try #require(try JSONSerialization.jsonObject(with: Data(json)) as? [String: Any])
    }

    var records: [String: Int] { reconciliation["records"] as? [String: Int] ?? [:] }

    /// Every record's outcome, results and errors together, keyed `sourceFile:sourceLine`.
    var outcomes: [(key: String, code: String)] {
        results.map { ("\($0["sourceFile"] ?? ""):\($0["sourceLine"] ?? "")", $0["outcome"] ?? "") }
            + errors.map { ("\($0["sourceFile"] ?? ""):\($0["sourceLine"] ?? "")", $0["code"] ?? "") }
    }
}

/// A small RFC 4180 reader for the outputs MemberLink writes (well-formed by contract), so tests
/// do not read outputs with the product's own tokenizer.
enum OutputCSV {
    static func rows(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var afterQuote = false
        var started = false
        for scalar in text.unicodeScalars {
            if quoted {
                if scalar == "\"" {
                    quoted = false
                    afterQuote = true
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            started = true
            if scalar == "\"" {
                if afterQuote { field.unicodeScalars.append("\"") }  // "" inside a quoted field
                quoted = true
                afterQuote = false
                continue
            }
            afterQuote = false
            switch scalar {
            case ",":
                row.append(field)
                field = ""
            case "\n":
                row.append(field)
                rows.append(row)
                row = []
                field = ""
                started = false
            default: field.unicodeScalars.append(scalar)
            }
        }
        if started || quoted {
            row.append(field)
            rows.append(row)
        }
        return rows
    }

    static func records(_ text: String) -> [[String: String]] {
        let all = rows(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { Dictionary(zip(header, $0), uniquingKeysWith: { first, _ in first }) }
    }
}

/// Splits an input file's bytes the way CONTRACT §4 describes records: a record starts at the
/// physical line its `sourceLine` names and runs until the next record starts (or the end of the
/// file); completely empty lines between records belong to no record (CONTRACT §1.1, RFC 4180).
enum RecordBytes {
    /// The byte offset where each physical line starts (`starts[0]` is line 1).
    static func lineStarts(_ bytes: [UInt8]) -> [Int] {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        return starts
    }

    /// The header's bytes: line 1 with its line ending.
    static func header(_ bytes: [UInt8]) -> [UInt8] {
        let starts = lineStarts(bytes)
        return Array(bytes[0..<(starts.count > 1 ? starts[1] : bytes.count)])
    }

    /// Each record's bytes, keyed by its start line, given every record's start line.
    static func records(_ bytes: [UInt8], startLines: [Int]) -> [Int: [UInt8]] {
        let starts = lineStarts(bytes)
        let sorted = startLines.sorted()
        var result: [Int: [UInt8]] = [:]
        for (position, line) in sorted.enumerated() {
            guard line >= 1, line <= starts.count else { continue }
            let begin = starts[line - 1]
            var end =
                position + 1 < sorted.count && sorted[position + 1] <= starts.count
                ? starts[sorted[position + 1] - 1] : bytes.count
            // Drop completely empty lines before the next record.
            while true {
                if end - begin >= 2, bytes[end - 1] == UInt8(ascii: "\n"), bytes[end - 2] == UInt8(ascii: "\n") {
                    end -= 1
                } else if end - begin >= 3, bytes[end - 1] == UInt8(ascii: "\n"), bytes[end - 2] == UInt8(ascii: "\r"),
                    bytes[end - 3] == UInt8(ascii: "\n")
                {
                    end -= 2
                } else {
                    break
                }
            }
            result[line] = Array(bytes[begin..<end])
        }
        return result
    }
}
