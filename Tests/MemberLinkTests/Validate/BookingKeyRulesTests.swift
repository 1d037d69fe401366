import MemberLink
import Testing

/// system, bookingCode, departureDate, index, passengerId, passengerType (CONTRACT §1.1).
@Suite struct BookingKeyRulesTests {
    @Test(
        arguments: [
            ("VN", nil), ("1A", nil), ("AMA", nil), ("", .fieldRequired), ("V", .fieldFormat), ("VNAA", .fieldFormat),
            ("vn", .fieldFormat), ("V-", .fieldFormat), ("VÑ", .fieldFormat),
        ] as [(String, ChildCode?)])
    func system(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.system: value]) == Fixture.expected(code, .system))
    }

    @Test(
        arguments: [
            ("ABC123", nil), ("abc123", nil), ("AbC12", nil), ("ABCD1234", nil), ("", .fieldRequired),
            ("ABC1", .fieldFormat), ("ABCD12345", .fieldFormat), ("ABC-12", .fieldFormat), ("ABC 12", .fieldFormat),
            ("ÀBC123", .fieldFormat),
        ] as [(String, ChildCode?)])
    func bookingCode(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.bookingCode: value]) == Fixture.expected(code, .bookingCode))
    }

    @Test(
        arguments: [
            ("2026-12-01", nil), ("2024-02-29", nil), ("", .dateInvalid), ("2026-02-29", .dateInvalid),
            ("01/12/2026", .dateInvalid), ("2026-12-1", .dateInvalid),
        ] as [(String, ChildCode?)])
    func departureDate(value: String, code: ChildCode?) {
        // The document expires 2029-05-01 and was issued 2019-05-01: departures used here keep it valid.
        #expect(Fixture.summary([.departureDate: value]) == Fixture.expected(code, .departureDate))
    }

    @Test(
        arguments: [
            ("1", nil), ("01", nil), ("99", nil), ("007", nil), ("", .fieldFormat), ("0", .fieldFormat),
            ("100", .fieldFormat), ("-1", .fieldFormat), ("+1", .fieldFormat), ("1.0", .fieldFormat),
            ("one", .fieldFormat), ("١", .fieldFormat), ("99999999999999999999999", .fieldFormat),
        ] as [(String, ChildCode?)])
    func index(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.index: value]) == Fixture.expected(code, .index))
    }

    @Test(
        arguments: [
            ("PAX001", nil), ("p-1_x", nil), ("A", nil), ("ABCDEFGHIJ0123456789", nil), ("", .fieldRequired),
            ("ABCDEFGHIJ01234567890", .fieldFormat), ("PAX 1", .fieldFormat), ("PAX.1", .fieldFormat),
            ("PÄX", .fieldFormat),
        ] as [(String, ChildCode?)])
    func passengerId(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.passengerId: value]) == Fixture.expected(code, .passengerId))
    }

    @Test(
        arguments: [
            ("ADT", nil), ("", .passengerTypeInvalid), ("adt", .passengerTypeInvalid), ("YTH", .passengerTypeInvalid),
            ("ADULT", .passengerTypeInvalid),
        ] as [(String, ChildCode?)])
    func passengerType(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.passengerType: value]) == Fixture.expected(code, .passengerType))
    }

    @Test func childAndInfantTypesAreValidWithFittingAges() {
        #expect(Fixture.summary([.passengerType: "CHD", .dateOfBirth: "2020-01-01", .documentIssueDate: ""]).isEmpty)
        #expect(Fixture.summary([.passengerType: "INF", .dateOfBirth: "2025-06-01", .documentIssueDate: ""]).isEmpty)
    }
}
