import Foundation
import MemberLink
import Testing

/// Conservation as a property (CONTRACT §2 "each passenger record gets exactly one outcome", §4
/// `balanced`, `sourceLine`, `rejects/NAME`): the sample partner files, damaged by seeded random
/// mutations, run through `Pipeline.run()`; whatever the damage, every record ends in exactly one
/// output row and the reconciliation balances.
@Suite("Conservation over mutated sample files")
struct ConservationPropertyTests {
    /// A sample file, the pipeline that reads it, and a seed.
    struct Case: Sendable, CustomTestStringConvertible {
        var pipeline: String
        var file: String
        var seed: UInt64
        var testDescription: String { "\(pipeline) seed \(seed)" }
    }

    static let samples = [
        ("vn-agency", "SampleData/inbox/vn-agency/bookings-2026-11-23.csv"),
        ("eu-gds", "SampleData/inbox/eu-gds/pax_20261123.csv"),
        ("sky-partner", "SampleData/inbox/sky-partner/manifest_20261123.tsv"),
    ]

    /// 17 seeds per sample file: 51 mutated files.
    static let cases: [Case] = samples.flatMap { pipeline, file in
        (1...17).map { Case(pipeline: pipeline, file: file, seed: UInt64($0) &* 7919 &+ UInt64(file.utf8.count)) }
    }

    @Test("every record of a mutated file ends in exactly one output, and the run balances", arguments: cases)
    func conservation(sample: Case) throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        var mutator = FileMutator(seed: sample.seed)
        let (bytes, applied) = mutator.mutate(try PipelineRunFolder.repositoryBytes(sample.file))
        let name = (sample.file as NSString).lastPathComponent
        let input = try folder.write("in/\(name)", bytes)
        let out = folder.path("out")
        let context = Comment(rawValue: "\(sample.testDescription), mutations \(applied.map(\.rawValue))")

        let summary = try PipelineRunFolder.run(
            try PipelineRunFolder.configuration(
                pipeline: sample.pipeline, inputs: [input], directory: database, out: out))
        #expect(summary.rejectedFiles.isEmpty, "the header is intact, so the file is read: \(context)")

        let outputs = try RunOutputFiles(out: out)
        let records = outputs.records
        #expect(outputs.reconciliation["balanced"] as? Bool == true, context)
        #expect(records["in"] == outputs.results.count + outputs.errors.count, context)
        #expect(records["in"] == summary.records, context)
        #expect(
            records["in"] == (records["attached"] ?? 0) + (records["alreadyAttached"] ?? 0)
                + (records["rejected"] ?? 0),
            context)
        #expect(outputs.results.count == (records["attached"] ?? 0) + (records["alreadyAttached"] ?? 0), context)
        #expect(outputs.errors.count == records["rejected"], context)
        #expect(
            outputs.errorsJSONLines.count == outputs.errors.count,
            "errors.jsonl has one line per errors.csv row: \(context)")

        // Every sourceLine once, all of this input.
        let keys = outputs.outcomes.map(\.key)
        #expect(Set(keys).count == keys.count, "a sourceLine appears twice: \(context)")
        #expect(
            Set(outputs.results.map { $0["sourceFile"] } + outputs.errors.map { $0["sourceFile"] }).subtracting([input])
                .isEmpty, context)

        // rejects/NAME: the header and every rejected record, byte for byte, in input order.
        let lines = outputs.outcomes.compactMap { Int($0.key.split(separator: ":").last ?? "") }
        let raw = RecordBytes.records(bytes, startLines: lines)
        let rejectedLines = outputs.errors.compactMap { Int($0["sourceLine"] ?? "") }.sorted()
        let rejects = PipelineRunFolder.bytes(out + "/rejects/\(name)")
        if rejectedLines.isEmpty {
            #expect(rejects == nil, "no rejected record, so no rejects/\(name): \(context)")
            return
        }
        let written = try #require(rejects, "rejects/\(name) is missing: \(context)")
        for row in outputs.errors where row["code"] == "RECORD_MALFORMED" {
            let line = Int(row["sourceLine"] ?? "") ?? 0
            let record = CardNumberGuard.redact(raw[line] ?? [])
            #expect(
                written.firstRange(of: record) != nil,
                "the RECORD_MALFORMED record of line \(line) is not in rejects/\(name) byte for byte: \(context)")
        }
        let expected = RecordBytes.header(bytes) + rejectedLines.flatMap { raw[$0] ?? [] }
        #expect(
            written == CardNumberGuard.redact(expected), "rejects/\(name) is not header + rejected records: \(context)")
    }
}
