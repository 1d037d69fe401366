import Foundation
import Logging
import Testing

@testable import MemberLink

/// Runs pipelines the way `memberlink run` does, in temporary folders, and reads back their outputs.
enum SampleRun {
    /// The repository root, found from this file's path (Tests/MemberLinkTests/Ingest/…).
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.path + "/memberlink-xml-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A fresh member directory from SampleData/members.csv (a new one per run: no shared ledger).
    static func directory(in folder: String, name: String) throws -> String {
        let path = folder + "/\(name).sqlite"
        _ = try MemberImport.run(files: [root + "/SampleData/members.csv"], directoryPath: path)
        return path
    }

    /// Loads `Pipelines/NAME.yaml` with inputs made absolute and the directory and outputs redirected.
    static func configuration(_ name: String, directory: String, out: String, inputs: [String]? = nil) throws
        -> PipelineConfiguration
    {
        var configuration = try PipelineConfiguration.load(path: root + "/Pipelines/\(name).yaml")
        configuration.inputs = (inputs ?? configuration.inputs).map { $0.hasPrefix("/") ? $0 : root + "/" + $0 }
        configuration.directoryPath = directory
        configuration.outDirectory = out
        return configuration
    }

    static func run(_ configuration: PipelineConfiguration) throws -> RunSummary {
        var logger = Logger(label: "memberlink-tests")
        logger.logLevel = .critical
        return try Pipeline(configuration: configuration, logger: logger).run()
    }

    /// The rows of an output CSV file (RFC 4180) as dictionaries by header name.
    static func csvRows(_ path: String) throws -> [[String: String]] {
        let rows = parseCSV(try String(contentsOfFile: path, encoding: .utf8))
        guard let header = rows.first else { return [] }
        return rows.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(header, $0)) }
    }

    static func parseCSV(_ text: String) -> [[String]] {
        var rows: [[String]] = []
        var row: [String] = []
        var field = ""
        var quoted = false
        var iterator = Array(text.unicodeScalars).makeIterator()
        var pending: Unicode.Scalar? = nil
        while let scalar = pending ?? iterator.next() {
            pending = nil
            if quoted {
                if scalar == "\"" {
                    let after = iterator.next()
                    if after == "\"" { field.unicodeScalars.append("\"") } else { quoted = false; pending = after }
                } else {
                    field.unicodeScalars.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"": quoted = true
            case ",": row.append(field); field = ""
            case "\r": break
            case "\n": row.append(field); rows.append(row); row = []; field = ""
            default: field.unicodeScalars.append(scalar)
            }
        }
        if !field.isEmpty || !row.isEmpty { row.append(field); rows.append(row) }
        return rows
    }

    /// Each passenger's outcome in a run's outputs, by passengerId and bookingCode: everything but the
    /// source file and line (which differ between twins) and the message (which may cite lines).
    static func outcomes(in out: String) throws -> (byPassenger: [String: String], malformed: Int, rows: Int) {
        var byPassenger: [String: String] = [:]
        var malformed = 0
        var rows = 0
        let results = try csvRows(out + "/results.csv").map { row in
            (
                row,
                ["outcome", "resolvedBy", "airline", "membershipId", "level", "skyTeamLevel"]
                    + row.keys.filter { $0.hasPrefix("member.") }.sorted()
            )
        }
        let errors = try csvRows(out + "/errors.csv").map { ($0, ["code", "childCodes", "paths"]) }
        for (row, columns) in results + errors {
            rows += 1
            if row["code"] == "RECORD_MALFORMED" {
                malformed += 1
                continue
            }
            let key = "\(row["passengerId"]!)|\(row["bookingCode"]!)"
            let value = columns.map { "\($0)=\(row[$0] ?? "")" }.joined(separator: " ")
            #expect(byPassenger.updateValue(value, forKey: key) == nil, "passenger \(key) appears twice")
        }
        return (byPassenger, malformed, rows)
    }
}

@Suite("XML twins of the sample partners give the CSV files' outcomes", .serialized)
struct XMLTwinSampleTests {
    /// Each sample pipeline with its XML twin pipeline, and the gzip variants of the twin's inputs.
    static let twins: [(csv: String, xml: String, gzipInputs: [String])] = [
        ("vn-agency", "vn-agency-xml", ["SampleData/xml/vn-agency/bookings-2026-11-23.xml.gz"]),
        ("eu-gds", "eu-gds-xml", ["SampleData/xml/eu-gds/pax_20261123.xml.gz"]),
        (
            "sky-partner", "sky-partner-xml",
            [
                "SampleData/xml/sky-partner/manifest_20261123.xml.gz",
                "SampleData/xml/sky-partner/manifest_20261124.xml.gz",
            ]
        ),
    ]

    @Test(
        "same outcome, child codes, paths, resolvedBy and membership per passenger, plain and gzip",
        arguments: twins.map(\.csv))
    func twinOutcomes(pipeline: String) throws {
        let twin = try #require(Self.twins.first { $0.csv == pipeline })
        let folder = try SampleRun.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }

        let csvSummary = try SampleRun.run(
            SampleRun.configuration(
                twin.csv, directory: SampleRun.directory(in: folder, name: "csv"), out: folder + "/csv"))
        let csv = try SampleRun.outcomes(in: folder + "/csv")
        #expect(csvSummary.rejectedFiles.isEmpty)
        #expect(csv.malformed > 0, "the CSV sample has RECORD_MALFORMED rows, which have no XML twin")
        #expect(csv.byPassenger.count == csv.rows - csv.malformed)

        for (variant, inputs) in [("xml", nil), ("xml-gz", twin.gzipInputs)] {
            let summary = try SampleRun.run(
                SampleRun.configuration(
                    twin.xml, directory: SampleRun.directory(in: folder, name: variant), out: folder + "/" + variant,
                    inputs: inputs))
            let xml = try SampleRun.outcomes(in: folder + "/" + variant)
            #expect(summary.rejectedFiles.isEmpty, "\(summary.rejectedFiles.map { $0.rejectedWhole ?? "" })")
            #expect(xml.malformed == 0)
            #expect(xml.rows + csv.malformed == csv.rows, "\(variant): every readable CSV record has one XML twin")
            #expect(summary.records == csvSummary.records - csv.malformed)
            #expect(summary.attached == csvSummary.attached)
            for key in Set(csv.byPassenger.keys).union(xml.byPassenger.keys).sorted() {
                #expect(xml.byPassenger[key] == csv.byPassenger[key], "\(pipeline) \(variant): passenger \(key)")
            }
        }
    }
}
