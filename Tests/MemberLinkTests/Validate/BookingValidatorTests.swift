import MemberLink
import Testing

/// Booking-level rules: a repeated index and an infant's parent (CONTRACT §1.1).
@Suite struct BookingValidatorTests {
    /// Runs both stages over records given as field changes, in file order.
    static func run(_ changes: [[CanonicalField: String]]) -> [[String]] {
        let validator = Fixture.validator()
        let records = changes.enumerated().map { Fixture.record($0.element, line: $0.offset + 2) }
        var errors = records.map(validator.validate)
        BookingValidator.validate(records, errors: &errors)
        return errors.map(Fixture.summary)
    }

    static func passenger(_ id: String, index: String, type: String = "ADT", parent: String = "") -> [CanonicalField:
        String]
    {
        let birth = type == "INF" ? "2026-01-01" : type == "CHD" ? "2020-01-01" : "1980-01-02"
        return [
            .passengerId: id, .index: index, .passengerType: type, .parentId: parent, .dateOfBirth: birth,
            .documentIssueDate: "",
        ]
    }

    @Test func distinctIndexesAndAParentedInfantAreValid() {
        let result = Self.run([
            Self.passenger("A1", index: "1"), Self.passenger("C1", index: "2", type: "CHD"),
            Self.passenger("I1", index: "3", type: "INF", parent: "A1"),
        ])
        #expect(result == [[], [], []])
    }

    @Test func aRepeatedIndexIsAnErrorOnTheLaterRecord() {
        let result = Self.run([
            Self.passenger("A1", index: "1"), Self.passenger("A2", index: "2"), Self.passenger("A3", index: "1"),
            Self.passenger("A4", index: "01"), Self.passenger("A5", index: "2"),
        ])
        #expect(result == [[], [], ["FIELD_FORMAT@index"], ["FIELD_FORMAT@index"], ["FIELD_FORMAT@index"]])
    }

    @Test func everyIndexFromOneTo99IsTrackedAndTheFirstHolderIsNamed() {
        let indexes = ["63", "64", "99", "1", "064", "99", "63"]
        let validator = Fixture.validator()
        let records = indexes.enumerated().map {
            Fixture.record(Self.passenger("P\($0.offset)", index: $0.element), line: $0.offset + 2)
        }
        var errors = records.map(validator.validate)
        BookingValidator.validate(records, errors: &errors)
        #expect(errors.map(Fixture.summary) == [[], [], [], [], ["FIELD_FORMAT@index"], ["FIELD_FORMAT@index"], ["FIELD_FORMAT@index"]])
        // The message names the first passenger with that index, and its line.
        #expect(errors[4].first?.developerMessage.contains("passenger 'P1' at line 3") == true, "\(errors[4])")
        #expect(errors[5].first?.developerMessage.contains("passenger 'P2' at line 4") == true, "\(errors[5])")
        #expect(errors[6].first?.developerMessage.contains("passenger 'P0' at line 2") == true, "\(errors[6])")
    }

    @Test func invalidIndexesTakeNoPartInUniqueness() {
        let result = Self.run([
            Self.passenger("A1", index: "x"), Self.passenger("A2", index: "x"), Self.passenger("A3", index: "0"),
            Self.passenger("A4", index: "1"),
        ])
        #expect(result == [["FIELD_FORMAT@index"], ["FIELD_FORMAT@index"], ["FIELD_FORMAT@index"], []])
    }

    @Test func theEarlierRecordCountsWhateverItsOtherErrors() {
        var first = Self.passenger("A1", index: "4")
        first[.surname] = "N0"
        let result = Self.run([first, Self.passenger("A2", index: "4")])
        #expect(result == [["NAME_INVALID@surname"], ["FIELD_FORMAT@index"]])
    }

    @Test(arguments: [
        ("", false), ("A1", true), ("a1", false), ("C1", false), ("I2", false), ("NOBODY", false), ("I1", false),
    ])
    func infantParent(parent: String, valid: Bool) {
        let result = Self.run([
            Self.passenger("A1", index: "1"), Self.passenger("C1", index: "2", type: "CHD"),
            Self.passenger("I1", index: "3", type: "INF", parent: parent),
            Self.passenger("I2", index: "4", type: "INF", parent: "A1"),
        ])
        #expect(result[2] == (valid ? [] : ["PARENT_INVALID@parentId"]))
        #expect(result[3] == [])
    }

    @Test func theParentMayBeInvalidOrComeLater() {
        var adult = Self.passenger("A1", index: "2")
        adult[.email] = "broken"
        let result = Self.run([Self.passenger("I1", index: "1", type: "INF", parent: "A1"), adult])
        #expect(result == [[], ["EMAIL_INVALID@email"]])
    }

    @Test func onlyInfantsAreChecked() {
        let result = Self.run([
            Self.passenger("A1", index: "1", parent: "NOBODY"), Self.passenger("C1", index: "2", type: "CHD"),
            Self.passenger("X1", index: "3", type: "inf"),
        ])
        #expect(result == [[], [], ["PASSENGER_TYPE_INVALID@passengerType"]])
    }

    @Test func appendedErrorsKeepCanonicalOrder() {
        var infant = Self.passenger("I1", index: "1", type: "INF", parent: "NOBODY")
        infant[.system] = "v"
        infant[.email] = "x"
        let result = Self.run([Self.passenger("A1", index: "1"), infant])
        #expect(
            result[1] == [
                "FIELD_FORMAT@system", "FIELD_FORMAT@index", "PARENT_INVALID@parentId", "EMAIL_INVALID@email",
            ])
    }

    @Test func emptyBookingIsFine() {
        var errors: [[FieldError]] = []
        BookingValidator.validate([], errors: &errors)
        #expect(errors.isEmpty)
    }
}
