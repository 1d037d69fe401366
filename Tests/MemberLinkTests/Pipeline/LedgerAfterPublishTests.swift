import Foundation
import MemberLink
import Testing

/// RELIABILITY.md's order: the ledger records a run's attachments only once its outputs are
/// published. The merge is written while the outputs are published, so a publication that fails
/// must leave the ledger as it was, and the next run attaches again.
@Suite("The ledger records a run only after its outputs are published")
struct LedgerAfterPublishTests {
    @Test("a publication that fails leaves the ledger as it was; the next run attaches again")
    func failedPublicationRecordsNothing() throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        let input = try folder.write(
            "in/bookings.csv",
            Array((SameRunTwoFilesTests.header + SameRunTwoFilesTests.v1(bookingCode: "K7QW2M")).utf8))
        let out = folder.path("out")
        let configuration = try PipelineRunFolder.configuration(
            pipeline: "vn-agency", inputs: [input], directory: database, out: out)
        // A folder where reconciliation.json goes: publishing it (the last rename) fails.
        try FileManager.default.createDirectory(
            atPath: out + "/reconciliation.json/blocked", withIntermediateDirectories: true)

        #expect(throws: (any Error).self) { try PipelineRunFolder.run(configuration) }
        #expect(try MemberDirectory(path: database).ledgerCount() == 0)

        try FileManager.default.removeItem(atPath: out + "/reconciliation.json")
        let rerun = try PipelineRunFolder.run(configuration)
        #expect(rerun.attached == 1 && rerun.alreadyAttached == 0)
        #expect(try MemberDirectory(path: database).ledgerCount() == 1)
    }
}
