import Foundation
import Testing

/// The checked-in goldens against the hand-derived table of `SampleData/EXPECTED.md`, so that a
/// golden can never be regenerated into something that contradicts it (CONTRACT §2, §4).
@Suite("Goldens agree with SampleData/EXPECTED.md")
struct SampleExpectationTests {
    static let pipelines = ["vn-agency", "eu-gds", "sky-partner"]
    static let golden = CLIRunner.repositoryRoot.appendingPathComponent("Tests/memberlinkTests/Golden")

    /// One output row of a golden run, from `results.csv` or `errors.csv`.
    struct OutputRow {
        var outcome: String
        var childCodes: String
        var paths: String
        var resolvedBy: String
        var passengerId: String
    }

    /// `(sourceFile, sourceLine)` → every output row that names it, from a golden folder.
    static func outputRows(_ folder: String) throws -> [String: [OutputRow]] {
        let base = golden.appendingPathComponent(folder)
        let results = CSVTable.records(
            try String(contentsOf: base.appendingPathComponent("results.csv"), encoding: .utf8))
        let errors = CSVTable.records(
            try String(contentsOf: base.appendingPathComponent("errors.csv"), encoding: .utf8))
        var rows: [String: [OutputRow]] = [:]
        for row in results {
            rows["\(row["sourceFile"] ?? ""):\(row["sourceLine"] ?? "")", default: []].append(
                OutputRow(
                    outcome: row["outcome"] ?? "", childCodes: "", paths: "", resolvedBy: row["resolvedBy"] ?? "",
                    passengerId: row["passengerId"] ?? ""))
        }
        for row in errors {
            rows["\(row["sourceFile"] ?? ""):\(row["sourceLine"] ?? "")", default: []].append(
                OutputRow(
                    outcome: row["code"] ?? "", childCodes: row["childCodes"] ?? "", paths: row["paths"] ?? "",
                    resolvedBy: "", passengerId: row["passengerId"] ?? ""))
        }
        return rows
    }

    /// A CSV cell as CONTRACT §4 writes it: a leading `=`, `+`, `-`, `@` gets a `'`.
    static func guarded(_ value: String) -> String {
        guard let first = value.first, "=+-@".contains(first) else { return value }
        return "'" + value
    }

    @Test("EXPECTED.md has a table for every sample pipeline, with unique lines")
    func tablesParse() throws {
        let expected = try ExpectedOutcomes.load()
        #expect(Set(expected.rows.keys) == Set(Self.pipelines))
        #expect(expected.rows["vn-agency"]?.count == 35)
        #expect(expected.rows["eu-gds"]?.count == 37)
        #expect(expected.rows["sky-partner"]?.count == 28)
        for (pipeline, rows) in expected.rows {
            let keys = rows.map { "\($0.file):\($0.line)" }
            #expect(Set(keys).count == keys.count, "\(pipeline): a line is listed twice")
        }
        // An escaped `\|` stays inside its cell.
        let x4 = expected.rows["vn-agency"]?.first { $0.passengerId == "X4" }
        #expect(x4?.childCodes == "FIELD_FORMAT|EMAIL_INVALID|PHONE_INVALID")
    }

    @Test("a first run's golden gives every expected line exactly its outcome, and no other line", arguments: pipelines)
    func firstRun(pipeline: String) throws {
        let expected = try #require(try ExpectedOutcomes.load().rows[pipeline])
        let produced = try Self.outputRows(pipeline)
        for row in expected {
            let key = "\(row.file):\(row.line)"
            let outputs = produced[key] ?? []
            try #require(outputs.count == 1, "\(pipeline) \(key): \(outputs.count) output rows, expected exactly one")
            let output = outputs[0]
            #expect(output.outcome == row.outcome, "\(pipeline) \(key) (\(row.passengerId))")
            #expect(output.childCodes == row.childCodes, "\(pipeline) \(key) (\(row.passengerId)): childCodes")
            #expect(output.paths == row.paths, "\(pipeline) \(key) (\(row.passengerId)): paths")
            if row.outcome == "ATTACHED" {
                #expect(output.resolvedBy == row.resolvedBy, "\(pipeline) \(key) (\(row.passengerId)): resolvedBy")
            }
            if row.outcome != "RECORD_MALFORMED" {
                #expect(output.passengerId == Self.guarded(row.passengerId), "\(pipeline) \(key): passengerId")
            }
        }
        let expectedKeys = Set(expected.map { "\($0.file):\($0.line)" })
        let extra = Set(produced.keys).subtracting(expectedKeys)
        #expect(extra.isEmpty, "\(pipeline): output rows for lines EXPECTED.md does not list: \(extra.sorted())")
    }

    @Test("a first run's golden reconciliation has EXPECTED.md's totals", arguments: pipelines)
    func totals(pipeline: String) throws {
        let totals = try #require(try ExpectedOutcomes.load().totals[pipeline])
        let data = try Data(contentsOf: Self.golden.appendingPathComponent("\(pipeline)/reconciliation.json"))
        let reconciliation = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let byCode = try #require(reconciliation["byCode"] as? [String: Int])
        #expect(byCode == totals)
        let records = try #require(reconciliation["records"] as? [String: Int])
        let attached = totals["ATTACHED"] ?? 0
        #expect(records["in"] == totals.values.reduce(0, +))
        #expect(records["attached"] == attached)
        #expect(records["alreadyAttached"] == 0)
        #expect(records["rejected"] == totals.values.reduce(0, +) - attached)
    }

    @Test(
        "a rerun's golden: ALREADY_ATTACHED where the first run attached, every other line unchanged, no request",
        arguments: pipelines)
    func rerun(pipeline: String) throws {
        let expected = try #require(try ExpectedOutcomes.load().rows[pipeline])
        let produced = try Self.outputRows(pipeline + "-rerun")
        for row in expected {
            let key = "\(row.file):\(row.line)"
            let outputs = produced[key] ?? []
            try #require(
                outputs.count == 1, "\(pipeline)-rerun \(key): \(outputs.count) output rows, expected exactly one")
            let output = outputs[0]
            if row.outcome == "ATTACHED" {
                #expect(output.outcome == "ALREADY_ATTACHED", "\(pipeline)-rerun \(key) (\(row.passengerId))")
                #expect(
                    output.resolvedBy == row.resolvedBy, "\(pipeline)-rerun \(key) (\(row.passengerId)): resolvedBy")
            } else {
                #expect(output.outcome == row.outcome, "\(pipeline)-rerun \(key) (\(row.passengerId))")
                #expect(output.childCodes == row.childCodes, "\(pipeline)-rerun \(key): childCodes")
                #expect(output.paths == row.paths, "\(pipeline)-rerun \(key): paths")
            }
        }
        #expect(Set(produced.keys) == Set(expected.map { "\($0.file):\($0.line)" }))
        let attachments = try Data(
            contentsOf: Self.golden.appendingPathComponent("\(pipeline)-rerun/attachments.jsonl"))
        #expect(attachments.isEmpty, "\(pipeline)-rerun: a rerun must request no new attachment")
    }
}
