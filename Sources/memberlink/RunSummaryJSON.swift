import Foundation
import MemberLink

/// `memberlink run --json`: one summary object on stdout, keys sorted, for schedulers and scripts.
struct RunSummaryJSON {
    struct File: Encodable {
        var path: String
        var records: Int
        var attached: Int
        var alreadyAttached: Int
        var rejected: Int
        var rejectedWhole: String?
        var byCode: [String: Int]
    }

    struct Skipped: Encodable {
        var path: String
        var processedAs: String
        var processedAt: String
    }

    struct Body: Encodable {
        var pipeline: String
        var outDirectory: String
        var dryRun: Bool
        var exitCode: Int32
        var records: Int
        var attached: Int
        var alreadyAttached: Int
        var rejected: Int
        var attachmentRequests: Int
        var thresholdExceeded: Bool
        var seconds: Double
        var files: [File]
        var skippedFiles: [Skipped]
        var published: Bool
    }

    let text: String

    init(_ summary: RunSummary, dryRun: Bool) {
        let body = Body(
            pipeline: summary.pipeline, outDirectory: summary.outDirectory, dryRun: dryRun, exitCode: summary.exitCode,
            records: summary.records, attached: summary.attached, alreadyAttached: summary.alreadyAttached,
            rejected: summary.rejected, attachmentRequests: summary.attachmentRequests,
            thresholdExceeded: summary.thresholdExceeded, seconds: (summary.seconds * 1000).rounded() / 1000,
            files: summary.files.map {
                File(
                    path: $0.path, records: $0.records, attached: $0.attached, alreadyAttached: $0.alreadyAttached,
                    rejected: $0.rejected, rejectedWhole: $0.rejectedWhole,
                    byCode: Dictionary(uniqueKeysWithValues: $0.byCode.map { ($0.key.rawValue, $0.value) }))
            },
            skippedFiles: summary.skippedFiles.map { Skipped(path: $0.path, processedAs: $0.processedAs, processedAt: $0.processedAt) },
            published: summary.published)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        text = String(decoding: (try? encoder.encode(body)) ?? Data("{}".utf8), as: UTF8.self)
    }
}
