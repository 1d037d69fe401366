import Foundation
import MemberLink
import Testing

@Suite("Attachment ledger")
struct LedgerTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    @Test("attachments recorded by one run are found by the next; a new membership replaces the old")
    func acrossRuns() throws {
        do {
            let firstRun = try fixture.open()
            #expect(try firstRun.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1") == nil)
            try firstRun.recordAttachments([
                LedgerEntry(system: "1A", bookingCode: "abc123", passengerId: "P1", airline: "VN", membershipId: "1"),
                LedgerEntry(system: "1A", bookingCode: "ABC123", passengerId: "P2", airline: "VN", membershipId: "2"),
            ])
        }
        do {
            let secondRun = try fixture.open()
            let found = try #require(
                try secondRun.ledgerMembership(system: "1A", bookingCode: "Abc123", passengerId: "P1"))
            #expect(found.airline == "VN" && found.membershipId == "1")
            // passengerId is case-sensitive (CONTRACT §1.1 allows both cases).
            #expect(try secondRun.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "p1") == nil)
            try secondRun.recordAttachments([
                LedgerEntry(system: "1A", bookingCode: "ABC123", passengerId: "P1", airline: "VN", membershipId: "9")
            ])
            #expect(try secondRun.ledgerCount() == 2)
        }
        let thirdRun = try fixture.open()
        #expect(try thirdRun.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "9")
        #expect(try thirdRun.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P2")?.membershipId == "2")
    }
}

@Suite("Staged attachments")
struct StagedAttachmentTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    @Test("every passenger staged by an earlier file is found by the next, among thousands that are not staged")
    func stagedAreFound() throws {
        let directory = try fixture.open()
        try directory.openStage(pipeline: "stage-test")
        defer { directory.discardStage() }
        try directory.beginFile()
        let staged = (0..<2_000).map {
            LedgerEntry(system: "1A", bookingCode: "bk\($0)", passengerId: "P\($0 % 7)", airline: "VN", membershipId: "\($0)")
        }
        try directory.stageAttachments(staged)
        try directory.endFile(committed: true)
        try directory.beginFile()
        for entry in staged {
            // Booking codes are matched upper-cased, as the ledger does.
            let found = try directory.ledgerMembership(
                system: "1A", bookingCode: entry.bookingCode.uppercased(), passengerId: entry.passengerId)
            #expect(found?.membershipId == entry.membershipId)
        }
        for number in 0..<5_000 {
            #expect(try directory.ledgerMembership(system: "1B", bookingCode: "BK\(number)", passengerId: "P1") == nil)
        }
        try directory.endFile(committed: true)
    }
}

extension StagedAttachmentTests {
    @Test("a file rejected whole leaves nothing staged for the next file")
    func rolledBack() throws {
        let directory = try fixture.open()
        try directory.openStage(pipeline: "stage-test")
        defer { directory.discardStage() }
        try directory.beginFile()
        try directory.stageAttachments([
            LedgerEntry(system: "1A", bookingCode: "ABC123", passengerId: "P1", airline: "VN", membershipId: "1")
        ])
        try directory.endFile(committed: false)
        try directory.beginFile()
        #expect(try directory.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1") == nil)
        try directory.endFile(committed: true)
    }
}

extension StagedAttachmentTests {
    @Test("a passenger staged by two files keeps the later membership, on the stage and in the ledger")
    func laterFileWins() throws {
        let directory = try fixture.open()
        try directory.openStage(pipeline: "stage-test")
        for (file, membershipId) in ["1", "2", "3"].enumerated() {
            try directory.beginFile()
            if file > 0 {
                let staged = try directory.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")
                #expect(staged?.membershipId == String(file))
            }
            try directory.stageAttachments([
                LedgerEntry(system: "1A", bookingCode: "abc123", passengerId: "P1", airline: "VN", membershipId: membershipId),
                LedgerEntry(system: "1A", bookingCode: "XYZ\(file)", passengerId: "P1", airline: "VN", membershipId: "9"),
            ])
            try directory.endFile(committed: true)
        }
        try directory.commitStagedAttachments()
        let reopened = try fixture.open()
        #expect(try reopened.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "3")
        #expect(try reopened.ledgerCount() == 4)
    }
}

extension StagedAttachmentTests {
    @Test("passengers whose keys share the merge's sort prefix still get the membership staged last")
    func sharedMergePrefixes() throws {
        let directory = try fixture.open()
        try directory.openStage(pipeline: "stage-test")
        // "1A", a NUL and the first five bytes of the code fill the eight bytes the merge sorts on
        // first; codes that differ only in case are one ledger key, non-ASCII ones included.
        let codes = ["ABCDEFGH", "ABCDEZZZ", "ABCDEAAA", "abcdefgh", "ÀBCDEF", "àbcdef", "ABCDE", "ABCD"]
        var expected: [String: String] = [:]
        for file in 0..<3 {
            try directory.beginFile()
            var entries: [LedgerEntry] = []
            for (position, code) in codes.enumerated().reversed() where (position + file) % 3 != 0 {
                for passenger in ["P1", "P2"] {
                    let membershipId = "\(file)-\(position)-\(passenger)"
                    entries.append(
                        LedgerEntry(
                            system: "1A", bookingCode: code, passengerId: passenger, airline: "VN",
                            membershipId: membershipId))
                    expected[code.uppercased() + "/" + passenger] = membershipId
                }
            }
            try directory.stageAttachments(entries)
            try directory.endFile(committed: true)
        }
        try directory.commitStagedAttachments()
        let reopened = try fixture.open()
        #expect(try reopened.ledgerCount() == expected.count)
        for (key, membershipId) in expected {
            let parts = key.split(separator: "/").map(String.init)
            let found = try reopened.ledgerMembership(system: "1A", bookingCode: parts[0], passengerId: parts[1])
            #expect(found?.membershipId == membershipId, "\(key)")
        }
    }
}

extension StagedAttachmentTests {
    @Test("a merge written but not committed is seen by no other connection, and rolls back whole")
    func mergeRecordsNothingUntilCommitted() throws {
        let directory = try fixture.open()
        try directory.openStage(pipeline: "stage-test")
        defer { directory.discardStage() }
        try directory.beginFile()
        try directory.stageAttachments([
            LedgerEntry(system: "1A", bookingCode: "ABC123", passengerId: "P1", airline: "VN", membershipId: "1")
        ])
        try directory.endFile(committed: true)

        try directory.mergeStagedAttachments()
        #expect(try fixture.open().ledgerCount() == 0, "another connection sees nothing before the commit")
        directory.rollBackMergedAttachments()
        #expect(try directory.ledgerCount() == 0)

        // The stage is still there: merged again and committed, the ledger records it.
        try directory.mergeStagedAttachments()
        try directory.commitMergedAttachments()
        #expect(
            try fixture.open().ledgerMembership(system: "1A", bookingCode: "abc123", passengerId: "P1")?.membershipId
                == "1")
    }
}

extension StagedAttachmentTests {
    @Test("a temporary file of staged runs that a killed run left behind is removed when the next stage opens")
    func leftoverRunFilesRemoved() throws {
        let directory = try fixture.open()
        let staging = fixture.folder + "/dir/staging"
        try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: true)
        let leftover = staging + "/memberlink-spill-Qc7YnJ"
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data([1, 2, 3])))
        let unrelated = staging + "/notes.txt"
        #expect(FileManager.default.createFile(atPath: unrelated, contents: Data()))
        try directory.openStage(pipeline: "stage-test")
        defer { directory.discardStage() }
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(FileManager.default.fileExists(atPath: unrelated))
    }
}
