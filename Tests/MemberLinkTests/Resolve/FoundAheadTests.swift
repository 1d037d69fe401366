import RecordIO
import Testing

@testable import MemberLink

/// The read-ahead thread's answers (``MemberFinder/find(_:)``, over a second connection) give the
/// resolver exactly the outcomes it finds on its own (CONTRACT §2 steps 3-7).
@Suite("Members found ahead")
struct FoundAheadTests {
    let fixture: DirectoryFixture
    let directory: MemberDirectory

    init() throws {
        fixture = try DirectoryFixture()
        directory = try fixture.directory(with: [
            ExtractRow.make(ffn: "9200000017", documents: "P:C1234567:VNM"),
            ExtractRow.make(ffn: "9200000025", status: "S"),
            ExtractRow.make(ffn: "9200000066", documents: "P:D4444444:VNM"),
            ExtractRow.make(ffn: "9200000074", documents: "P:D4444444:VNM"),
        ])
        // An earlier run attached the first member to PAX1.
        try directory.recordAttachments([
            LedgerEntry(
                system: "1A", bookingCode: "ABC123", passengerId: "PAX1", airline: "VN", membershipId: "9200000017")
        ])
    }

    private var booking: [PassengerRecord] {
        [
            Passenger.make(index: 1, airline: "VN", membershipId: "9200000017"),  // already attached
            Passenger.make(index: 2, airline: "VN", membershipId: "9200000025"),  // inactive
            Passenger.make(index: 3, document: ("P", "D4444444", "VNM")),  // ambiguous
            Passenger.make(index: 4, airline: "VN", membershipId: "9200000090"),  // not found
            Passenger.make(index: 5, document: ("P", "C1234567", "VNM")),  // the first member again: duplicate
        ]
    }

    @Test("members found ahead on a second connection give the resolver's own outcomes")
    func sameOutcomes() throws {
        let resolver = BookingResolver(
            directory: directory, strategy: .ffnThenDocument, defaultProgramme: "VN", matchName: true)
        let alone = try resolver.resolve(booking)
        let finder = MemberFinder(directory: try fixture.open(), strategy: .ffnThenDocument, defaultProgramme: "VN")
        let ahead = try resolver.resolve(booking, found: try booking.map { try finder.find($0) })
        #expect(
            alone.map(\.code) == [
                .alreadyAttached, .membershipInactive, .memberAmbiguous, .membershipNotFound, .duplicateMembership,
            ])
        #expect(ahead == alone)
    }

    @Test(
        "a finder whose lookups were prepared ahead holds the tables its strategy searches and gives the same outcomes",
        arguments: [ResolutionStrategy.ffn, .document, .ffnThenDocument])
    func preparedAhead(strategy: ResolutionStrategy) throws {
        let resolver = BookingResolver(
            directory: directory, strategy: strategy, defaultProgramme: "VN", matchName: true)
        let unprepared = MemberFinder(directory: try fixture.open(), strategy: strategy, defaultProgramme: "VN")
        let expected = try resolver.resolve(booking, found: try booking.map { try unprepared.find($0) })
        let finder = MemberFinder(directory: try fixture.open(), strategy: strategy, defaultProgramme: "VN")
        // Four members: a table of a few slots is worth reading in for the first lookup.
        #expect(try finder.recordsWorthPreparingLookups() == 1)
        try finder.prepareLookups()
        let held = try #require(finder.directory.lookupTablesInMemory)
        #expect(held.byFFN == (strategy != .document) && held.byDocument == (strategy != .ffn))
        #expect(try resolver.resolve(booking, found: try booking.map { try finder.find($0) }) == expected)
    }

    @Test(
        "member records read ahead in one batch give the same outcomes; only lookups by FFN, from tables in memory, read ahead",
        arguments: [ResolutionStrategy.ffn, .document, .ffnThenDocument])
    func readAhead(strategy: ResolutionStrategy) throws {
        let resolver = BookingResolver(
            directory: directory, strategy: strategy, defaultProgramme: "VN", matchName: true)
        let plain = MemberFinder(directory: try fixture.open(), strategy: strategy, defaultProgramme: "VN")
        let expected = try resolver.resolve(booking, found: try booking.map { try plain.find($0) })
        let finder = MemberFinder(directory: try fixture.open(), strategy: strategy, defaultProgramme: "VN")
        var hashes: [UInt64] = []
        for record in booking { finder.addFFNHash(of: record, to: &hashes) }
        // Passengers 1, 2 and 4 give an airline and an FFN.
        #expect(hashes.count == (strategy == .document ? 0 : 3))
        // Not before the tables are in memory: each slot would cost a read of its own.
        #expect(!finder.readAhead(hashes: hashes))
        try finder.prepareLookups()
        #expect(
            finder.readAhead(hashes: hashes) == (strategy != .document && ReadRing.make(entries: 1, stride: 1) != nil))
        #expect(try resolver.resolve(booking, found: try booking.map { try finder.find($0) }) == expected)
    }
}
