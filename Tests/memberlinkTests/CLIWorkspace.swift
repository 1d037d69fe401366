import Foundation
import Testing

/// A temporary folder for one CLI test: inputs written into it, a member directory imported from
/// the sample extract, output folders. Removed when the workspace goes away.
final class CLIWorkspace {
    let folder: URL

    init() throws {
        // Letters only: a UUID's digit groups joined by `-` sometimes pass Luhn, and the card-number
        // guard (CONTRACT §4) would then star part of every path written (sourceFile, rejectedFiles).
        let name = String((0..<20).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement()! })
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("memberlink-cli-" + name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// The absolute path of `name` inside the workspace.
    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `bytes` to `name` (creating its folder) and returns the absolute path.
    @discardableResult
    func write(_ name: String, _ bytes: Data) throws -> String {
        let url = folder.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try bytes.write(to: url)
        return url.path
    }

    @discardableResult
    func write(_ name: String, _ text: String) throws -> String { try write(name, Data(text.utf8)) }

    /// Imports `SampleData/members.csv` into `members.sqlite` here and returns its path.
    func importSampleMembers() throws -> String {
        let database = path("members.sqlite")
        let result = try CLIRunner.run(["members", "import", "SampleData/members.csv", "--directory", database])
        #expect(result.status == 0, "members import: \(result.standardError)")
        return database
    }

    /// The bytes of a file of the repository (e.g. `SampleData/inbox/...`).
    static func repositoryFile(_ relativePath: String) throws -> Data {
        try Data(contentsOf: CLIRunner.repositoryRoot.appendingPathComponent(relativePath))
    }

    /// The text of an output file, or nil when it does not exist.
    func text(_ name: String) -> String? {
        FileManager.default.contents(atPath: path(name)).map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A small RFC 4180 reader for the outputs MemberLink writes (well-formed by contract): enough to
/// read `results.csv` and `errors.csv` in tests without trusting the product's own tokenizer.
enum CSVTable {
    /// All rows, the header first. Quoted fields may hold delimiters, `""` and line breaks.
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

    /// Data rows as dictionaries keyed by the header's column names.
    static func records(_ text: String) -> [[String: String]] {
        let all = rows(text)
        guard let header = all.first else { return [] }
        return all.dropFirst().map { row in
            Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) })
        }
    }
}
