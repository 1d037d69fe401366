import Testing

@testable import MemberLink

/// `decide` returns one outcome per record in the booking's file order, and the positions of the
/// newly attached records in index order (CONTRACT §2: passengers are resolved in index order), both
/// when every record is valid and in index order and when they are not.
@Suite("Booking processor: outcomes in file order, attachments in index order")
struct BookingProcessorTests {
    let fixture: DirectoryFixture
    let processor: BookingProcessor

    static let first = "9200000017"
    static let second = "9200000025"

    init() throws {
        fixture = try DirectoryFixture()
        let directory = try fixture.directory(with: [
            ExtractRow.make(ffn: Self.first), ExtractRow.make(ffn: Self.second),
        ])
        processor = BookingProcessor(
            resolver: BookingResolver(
                directory: directory, strategy: .ffn, defaultProgramme: "VN", matchName: true))
    }

    private func entries(_ records: [PassengerRecord], errors: [[FieldError]]? = nil) -> [BookingWindow.Entry] {
        records.enumerated().map { position, record in
            BookingWindow.Entry(record: record, raw: [], errors: errors?[position] ?? [])
        }
    }

    @Test("every record valid and in index order: the resolver's outcomes, attachments by position")
    func validInOrder() throws {
        let (outcomes, attached) = try processor.decide(
            entries([
                Passenger.make(index: 1, airline: "VN", membershipId: Self.first),
                Passenger.make(index: 2, airline: "VN", membershipId: "9200000090"),
                Passenger.make(index: 3, airline: "VN", membershipId: Self.second),
            ]))
        #expect(outcomes.map(\.code) == [.attached, .membershipNotFound, .attached])
        #expect(attached == [0, 2])
    }

    @Test("records out of index order and an invalid one: outcomes stay in file order")
    func invalidAndOutOfOrder() throws {
        let invalid = FieldError.required(.surname, "The surname is missing.")
        let (outcomes, attached) = try processor.decide(
            entries(
                [
                    Passenger.make(index: 3, airline: "VN", membershipId: Self.second),
                    Passenger.make(index: 2, airline: "VN", membershipId: Self.first),
                    Passenger.make(index: 1, airline: "VN", membershipId: Self.first),
                ],
                errors: [[], [], [invalid]]))
        #expect(outcomes.map(\.code) == [.attached, .attached, .dataInvalid])
        #expect(outcomes[2].childErrors == [invalid])
        // Index 2 (position 1) comes before index 3 (position 0).
        #expect(attached == [1, 0])
    }

    @Test("booking-level findings join the record's own, in contract order; the other records are resolved")
    func bookingFindingsJoinTheRecordsOwn() throws {
        let missingSurname = FieldError.required(.surname, "The surname is missing.")
        var infant = Passenger.make(index: 3, airline: "VN", membershipId: Self.second)
        infant[.passengerType] = "INF"  // and no parentId
        let (outcomes, attached) = try processor.decide(
            entries(
                [
                    Passenger.make(index: 1, airline: "VN", membershipId: Self.first),
                    Passenger.make(index: 1, passengerId: "PAX9"),  // repeats index 1
                    infant,
                ],
                errors: [[], [missingSurname], []]))
        #expect(outcomes.map(\.code) == [.attached, .dataInvalid, .dataInvalid])
        // The repeated index (path `index`) comes before the surname in the contract's field order.
        #expect(outcomes[1].childErrors.map(\.path) == ["index", "surname"])
        #expect(outcomes[1].childErrors.map(\.code) == [.fieldFormat, .fieldRequired])
        #expect(outcomes[2].childErrors.map(\.code) == [.parentInvalid])
        #expect(attached == [0])
    }

    @Test("the same membership twice: the passenger with the lower index keeps it, wherever it is in the file")
    func duplicateGoesToTheLowerIndex() throws {
        let (outcomes, attached) = try processor.decide(
            entries([
                Passenger.make(index: 2, airline: "VN", membershipId: Self.first),
                Passenger.make(index: 1, airline: "VN", membershipId: Self.first),
            ]))
        #expect(outcomes.map(\.code) == [.duplicateMembership, .attached])
        #expect(attached == [1])
    }
}
