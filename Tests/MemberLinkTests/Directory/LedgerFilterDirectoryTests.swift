import Foundation
import Storage
import Testing

@testable import MemberLink

@Suite("Ledger booking filter in the directory")
struct LedgerFilterDirectoryTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    private func entries(_ bookings: Range<Int>, system: String = "1A") -> [LedgerEntry] {
        bookings.flatMap { number in
            (1...2).map {
                LedgerEntry(
                    system: system, bookingCode: "bk\(number)", passengerId: "P\($0)", airline: "VN",
                    membershipId: "\(number)-\($0)")
            }
        }
    }

    /// The stored filter row: its generation and how many bookings it holds.
    private func storedFilter() throws -> (generation: Int, bookings: Int)? {
        let statement = try Database(path: fixture.path).prepare("SELECT generation, bookings FROM ledger_filter")
        return try statement.step() ? (statement.int(at: 0), statement.int(at: 1)) : nil
    }

    @Test("a new directory stores an empty filter; a merge adds its bookings in the same commit")
    func mergeStoresFilter() throws {
        let directory = try fixture.open()
        #expect(try storedFilter()?.bookings == 0)
        try directory.openStage(pipeline: "filter-test")
        defer { directory.discardStage() }
        try directory.beginFile()
        try directory.stageAttachments(entries(0..<3_000))
        try directory.endFile(committed: true)
        let before = try #require(try storedFilter())
        try directory.mergeStagedAttachments()
        #expect(try storedFilter()?.generation == before.generation, "another connection sees the old filter")
        directory.rollBackMergedAttachments()
        #expect(try storedFilter()?.generation == before.generation)
        try directory.mergeStagedAttachments()
        try directory.commitMergedAttachments()
        let after = try #require(try storedFilter())
        #expect(after.generation > before.generation)
        // A filter holds a booking's passengers once; a few bookings may share all their bits.
        #expect(after.bookings > 2_990 && after.bookings <= 3_000)

        let nextRun = try fixture.open()
        try nextRun.beginFile()
        for entry in entries(0..<3_000) {
            let found = try nextRun.ledgerMembership(
                system: "1A", bookingCode: entry.bookingCode.uppercased(), passengerId: entry.passengerId)
            #expect(found?.membershipId == entry.membershipId, "\(entry.bookingCode)")
        }
        #expect(try nextRun.ledgerBooking(system: "1A", bookingCode: "BK3000").entries.isEmpty)
        try nextRun.endFile(committed: true)
    }

    @Test("a run that attached nobody leaves the stored filter as it was")
    func emptyMergeLeavesFilter() throws {
        let directory = try fixture.open()
        try directory.recordAttachments(entries(0..<10))
        let before = try #require(try storedFilter())
        try directory.openStage(pipeline: "filter-test")
        defer { directory.discardStage() }
        try directory.beginFile()
        try directory.endFile(committed: true)
        try directory.mergeStagedAttachments()
        try directory.commitMergedAttachments()
        #expect(try storedFilter()?.generation == before.generation)
        #expect(try directory.ledgerCount() == 20)
    }

    @Test("a connection reads the filter again when another one wrote the ledger since")
    func staleFilterReadAgain() throws {
        let reader = try fixture.open()
        try reader.beginFile()
        #expect(try reader.ledgerBooking(system: "1A", bookingCode: "ABC123").entries.isEmpty)
        try reader.endFile(committed: true)

        try fixture.open().recordAttachments([
            LedgerEntry(system: "1A", bookingCode: "abc123", passengerId: "P1", airline: "VN", membershipId: "7")
        ])
        // Outside a file's transaction nothing is trusted without asking the ledger.
        #expect(
            try reader.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "7")
        try reader.beginFile()
        #expect(
            try reader.ledgerMembership(system: "1A", bookingCode: "ABC123", passengerId: "P1")?.membershipId == "7")
        try reader.endFile(committed: true)
    }

    @Test("a filter that fills up is built again, larger, from the ledger, and loses none of its bookings")
    func filterGrows() throws {
        let capacity = MemberDirectory.initialLedgerFilterCapacity
        let directory = try fixture.open()
        // Three writes of 0.45 times the first filter's capacity each: the third does not fit.
        let third = capacity * 45 / 100
        for part in 0..<3 {
            try directory.recordAttachments(entries(part * third..<(part + 1) * third))
        }
        let stored = try #require(try storedFilter())
        #expect(stored.bookings > 3 * third - 100 && stored.bookings <= 3 * third)
        let reopened = try fixture.open()
        try reopened.beginFile()
        for number in stride(from: 0, to: 3 * third, by: 7) {
            #expect(
                !(try reopened.ledgerBooking(system: "1A", bookingCode: "BK\(number)").entries.isEmpty), "BK\(number)")
        }
        try reopened.endFile(committed: true)
        let grownCapacity = reopened.ledgerFilterState.filter?.capacity ?? 0
        #expect(grownCapacity > 3 * third)
    }

    @Test("without its filter row the directory builds the filter from the ledger at the next write")
    func missingFilterRebuilt() throws {
        let directory = try fixture.open()
        try directory.recordAttachments(entries(0..<100))
        try Database(path: fixture.path).execute("DELETE FROM ledger_filter")
        let next = try fixture.open()
        try next.beginFile()
        #expect(
            !(try next.ledgerBooking(system: "1A", bookingCode: "BK5").entries.isEmpty),
            "no filter: the ledger is asked")
        try next.endFile(committed: true)
        try next.recordAttachments(entries(100..<110))
        #expect(try storedFilter()?.bookings == 110)
        try next.beginFile()
        #expect(!(try next.ledgerBooking(system: "1A", bookingCode: "BK5").entries.isEmpty))
        #expect(!(try next.ledgerBooking(system: "1A", bookingCode: "BK105").entries.isEmpty))
        try next.endFile(committed: true)
    }
}
