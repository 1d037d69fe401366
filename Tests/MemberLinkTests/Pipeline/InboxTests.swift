import Foundation
import MemberLink
import Testing

/// The inbox (issue 5): inputs may name a folder or a pattern; a file whose content was processed
/// before is skipped and reported; processed files move to `archive`, files rejected whole to
/// `quarantine` with their reason; a rerun over an emptied inbox is a no-op.
@Suite("Inbox: folders, patterns, processed-file ledger, archive and quarantine")
struct InboxTests {
    static let vnSample = "SampleData/inbox/vn-agency/bookings-2026-11-23.csv"

    func inboxConfiguration(_ run: PipelineRunFolder, inputs: [String]) throws -> PipelineConfiguration {
        var configuration = try PipelineRunFolder.configuration(
            pipeline: "vn-agency", inputs: inputs, directory: run.path("members.sqlite"), out: run.path("out"))
        configuration.archiveDirectory = run.path("archive")
        configuration.quarantineDirectory = run.path("quarantine")
        return configuration
    }

    @Test("a folder is read once; its files move to the archive, a broken one to quarantine with its reason")
    func folderOnce() throws {
        let run = try PipelineRunFolder()
        try run.importSampleMembers()
        let sample = try PipelineRunFolder.repositoryBytes(Self.vnSample)
        try run.write("inbox/a.csv", sample)
        try run.write("inbox/b-broken.csv", Array("not,a,booking,header\n1,2,3,4\n".utf8))
        try run.write("inbox/.uploading.csv", sample)
        let configuration = try inboxConfiguration(run, inputs: [run.path("inbox")])

        let first = try PipelineRunFolder.run(configuration)
        #expect(first.files.map { ($0.path as NSString).lastPathComponent } == ["a.csv", "b-broken.csv"])
        #expect(first.records == 35)
        #expect(first.rejectedFiles.count == 1)
        #expect(first.exitCode == 65)
        #expect(FileManager.default.fileExists(atPath: run.path("archive/a.csv")))
        #expect(FileManager.default.fileExists(atPath: run.path("quarantine/b-broken.csv")))
        let reason = PipelineRunFolder.text(run.path("quarantine/b-broken.csv.reason.txt")) ?? ""
        #expect(reason.contains("system"), "the reason names the missing columns: \(reason)")
        #expect(FileManager.default.fileExists(atPath: run.path("inbox/.uploading.csv")), "hidden files are left alone")

        let second = try PipelineRunFolder.run(configuration)
        #expect(second.files.isEmpty && second.skippedFiles.isEmpty && second.exitCode == 0, "an emptied inbox is a no-op")
    }

    @Test("the same content arriving again under another name is skipped, reported and archived")
    func sameContentSkipped() throws {
        let run = try PipelineRunFolder()
        try run.importSampleMembers()
        let sample = try PipelineRunFolder.repositoryBytes(Self.vnSample)
        try run.write("inbox/monday.csv", sample)
        let configuration = try inboxConfiguration(run, inputs: [run.path("inbox")])
        _ = try PipelineRunFolder.run(configuration)
        let published = PipelineRunFolder.bytes(run.path("out/results.csv"))

        try run.write("inbox/tuesday.csv", sample)
        let again = try PipelineRunFolder.run(configuration)
        #expect(again.files.isEmpty)
        #expect(again.skippedFiles.map(\.processedAs) == [run.path("inbox/monday.csv")])
        #expect(PipelineRunFolder.bytes(run.path("out/results.csv")) == published, "a skip leaves the outputs as they were")
        #expect(FileManager.default.fileExists(atPath: run.path("archive/tuesday.csv")))
    }

    @Test("a changed file under a processed name is processed")
    func changedContentProcessed() throws {
        let run = try PipelineRunFolder()
        try run.importSampleMembers()
        var sample = try PipelineRunFolder.repositoryBytes(Self.vnSample)
        var configuration = try inboxConfiguration(run, inputs: [run.path("inbox/*.csv")])
        configuration.archiveDirectory = nil
        try run.write("inbox/daily.csv", sample)
        _ = try PipelineRunFolder.run(configuration)
        sample += Array("VN,NEWBK1,2026-12-09,1,NEW1,,ADT,MR,M,Van An,Nguyen,1980-01-02,,,VN,9200000017,,,,,,,,\r\n".utf8)
        try run.write("inbox/daily.csv", sample)
        let changed = try PipelineRunFolder.run(configuration)
        #expect(changed.files.count == 1 && changed.skippedFiles.isEmpty)
        #expect(changed.records == 36)
    }

    @Test("a file named explicitly is always processed: a deliberate rerun gives ALREADY_ATTACHED")
    func explicitFileRerun() throws {
        let run = try PipelineRunFolder()
        try run.importSampleMembers()
        let file = try run.write("named.csv", try PipelineRunFolder.repositoryBytes(Self.vnSample))
        var configuration = try inboxConfiguration(run, inputs: [file])
        configuration.archiveDirectory = nil
        let first = try PipelineRunFolder.run(configuration)
        let second = try PipelineRunFolder.run(configuration)
        #expect(second.skippedFiles.isEmpty)
        #expect(second.alreadyAttached == first.attached && second.attached == 0)
    }
}
