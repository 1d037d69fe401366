import Foundation

/// The hand-derived expectations of `SampleData/EXPECTED.md`: for each sample pipeline, every
/// record's outcome (tables under `### PATH` headings) and the outcome totals.
struct ExpectedOutcomes {
    /// One row of a `### PATH` table.
    struct Row: Sendable, Hashable {
        var file: String
        var line: Int
        var bookingCode: String
        var index: String
        var passengerId: String
        var outcome: String
        var childCodes: String
        var paths: String
        /// `resolvedBy` of an ATTACHED row (the table's `by` column).
        var resolvedBy: String
    }

    /// Pipeline name (`## Pipeline \`NAME\``) → its rows, in table order.
    var rows: [String: [Row]] = [:]
    /// Pipeline name → the outcome totals table (`| code | count |`).
    var totals: [String: [String: Int]] = [:]

    static let path = CLIRunner.repositoryRoot.appendingPathComponent("SampleData/EXPECTED.md")

    static func load() throws -> ExpectedOutcomes {
        try parse(try String(contentsOf: path, encoding: .utf8))
    }

    /// The cells of a Markdown table line; `\|` inside a cell is a literal `|`.
    static func cells(_ line: Substring) -> [String] {
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for character in line.trimmingCharacters(in: .whitespaces).dropFirst() {
            if escaped {
                if character != "|" { cell.append("\\") }
                cell.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return cells
    }

    static func parse(_ markdown: String) throws -> ExpectedOutcomes {
        var expected = ExpectedOutcomes()
        var pipeline: String?
        var file: String?
        var header: [String]?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") {
                pipeline = nil
                file = nil
                if line.hasPrefix("## Pipeline `"), let name = line.split(separator: "`").dropFirst().first {
                    pipeline = String(name)
                }
                header = nil
                continue
            }
            if line.hasPrefix("### ") {
                file = line.dropFirst(4).trimmingCharacters(in: .whitespaces)
                header = nil
                continue
            }
            guard line.hasPrefix("|") else {
                header = nil
                continue
            }
            let cells = cells(line)
            guard let columns = header else {
                header = cells
                continue
            }
            if cells.allSatisfy({ $0.allSatisfy { $0 == "-" || $0 == ":" } }) { continue }
            guard let pipeline else { continue }
            let value = Dictionary(zip(columns, cells), uniquingKeysWith: { first, _ in first })
            if columns.contains("line"), columns.contains("outcome"), let file {
                guard let lineNumber = Int(value["line"] ?? "") else {
                    throw ParseError(message: "line '\(value["line"] ?? "")' under \(file) is not a number")
                }
                expected.rows[pipeline, default: []].append(
                    Row(
                        file: file, line: lineNumber, bookingCode: value["bookingCode"] ?? "",
                        index: value["index"] ?? "", passengerId: value["passengerId"] ?? "",
                        outcome: value["outcome"] ?? "", childCodes: value["childCodes"] ?? "",
                        paths: value["paths"] ?? "", resolvedBy: value["by"] ?? ""))
            } else if columns == ["code", "count"], let count = Int(value["count"] ?? "") {
                expected.totals[pipeline, default: [:]][value["code"] ?? ""] = count
            }
        }
        return expected
    }

    struct ParseError: Error, CustomStringConvertible {
        var message: String
        var description: String { "SampleData/EXPECTED.md: \(message)" }
    }
}
