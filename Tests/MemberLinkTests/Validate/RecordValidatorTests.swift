import MemberLink
import Testing

@Suite struct RecordValidatorTests {
    @Test func theFixtureIsValidUnderEveryStrategy() {
        for strategy in ResolutionStrategy.allCases {
            #expect(Fixture.validator(strategy).validate(Fixture.record()).isEmpty, "\(strategy)")
        }
    }

    /// Every broken rule of a record is reported, not only the first, in canonical field order.
    @Test func collectsEveryFailureInFieldOrder() {
        let changes: [CanonicalField: String] = [
            .system: "", .bookingCode: "AB", .departureDate: "2026-02-29", .index: "0", .passengerId: "P X",
            .passengerType: "YTH", .title: "M1", .gender: "Q", .givenName: "", .surname: "N9",
            .dateOfBirth: "1899-12-31",
            .email: "x", .phone: "1", .airline: "vn", .membershipId: "1", .level: String(repeating: "L", count: 21),
            .skyTeamLevel: String(repeating: "S", count: 21), .documentType: "X", .documentNumber: "#",
            .documentNationality: "ZZZ", .documentIssueCountry: "", .documentExpiryDate: "2029-02-29",
            .documentIssueDate: "2019-13-01",
        ]
        #expect(
            Fixture.summary(changes) == [
                "FIELD_REQUIRED@system", "FIELD_FORMAT@bookingCode", "DATE_INVALID@departureDate", "FIELD_FORMAT@index",
                "FIELD_FORMAT@passengerId", "PASSENGER_TYPE_INVALID@passengerType", "FIELD_FORMAT@title",
                "FIELD_FORMAT@gender", "FIELD_REQUIRED@givenName", "NAME_INVALID@surname", "DATE_INVALID@dateOfBirth",
                "EMAIL_INVALID@email", "PHONE_INVALID@phone", "FIELD_FORMAT@airline", "FIELD_FORMAT@level",
                "FIELD_FORMAT@skyTeamLevel", "DOCUMENT_TYPE_INVALID@documentType",
                "DOCUMENT_NUMBER_INVALID@documentNumber", "COUNTRY_INVALID@documentNationality",
                "FIELD_REQUIRED@documentIssueCountry", "DATE_INVALID@documentExpiryDate",
                "DATE_INVALID@documentIssueDate",
            ])
    }

    @Test func anEmptyRecordNamesEveryRequiredField() {
        let empty = Dictionary(uniqueKeysWithValues: CanonicalField.allCases.map { ($0, "") })
        #expect(
            Fixture.summary(empty, strategy: .ffn) == [
                "FIELD_REQUIRED@system", "FIELD_REQUIRED@bookingCode", "DATE_INVALID@departureDate",
                "FIELD_FORMAT@index",
                "FIELD_REQUIRED@passengerId", "PASSENGER_TYPE_INVALID@passengerType", "FIELD_REQUIRED@givenName",
                "FIELD_REQUIRED@surname", "FIELD_REQUIRED@membershipId",
            ])
    }

    @Test func messagesArePlainAndNeverEchoLongValues() {
        let long = String(repeating: "Z", count: 41)
        let errors = Fixture.errors([.bookingCode: long, .passengerId: "P X"])
        #expect(errors.count == 2)
        #expect(errors[0].businessMessage == "The booking code must be 5 to 8 letters or digits.")
        #expect(!errors[0].developerMessage.contains(long))
        #expect(errors[0].developerMessage.contains("41 characters"))
        #expect(errors[1].developerMessage.contains("'P X'"))
        for error in errors {
            #expect(!error.businessMessage.isEmpty)
            #expect(error.developerMessage.hasPrefix(error.path))
        }
    }

    @Test func aFortyCharacterValueIsEchoed() throws {
        let forty = String(repeating: "Z", count: 40)
        let error = try #require(Fixture.errors([.bookingCode: forty]).first)
        #expect(error.developerMessage.contains("'\(forty)'"))
    }

    @Test func validatorIsSendableAndSharedAcrossTasks() async {
        let validator = Fixture.validator()
        let records = (0..<64).map {
            Fixture.record([.membershipId: $0.isMultiple(of: 2) ? "9200000017" : "9200000018"])
        }
        let counts = await withTaskGroup(of: Int.self) { group in
            for record in records { group.addTask { validator.validate(record).count } }
            return await group.reduce(0, +)
        }
        #expect(counts == 32)
    }
}
