import MemberLink
import Testing

/// dateOfBirth and the age check (CONTRACT §1.1). Departure is 2026-12-01 unless a test says so.
@Suite struct DateRulesTests {
    @Test(
        arguments: [
            ("", nil), ("1980-01-02", nil), ("1900-01-01", nil), ("2000-02-29", nil), ("1899-12-31", .dateInvalid),
            ("2027-01-01", .dateInvalid), ("1981-02-29", .dateInvalid), ("02/01/1980", .dateInvalid),
            ("1980-1-2", .dateInvalid),
        ] as [(String, ChildCode?)])
    func dateOfBirth(value: String, code: ChildCode?) {
        // No document here: its issue date is compared with the date of birth.
        let noDocument = Dictionary(uniqueKeysWithValues: CanonicalField.documentFields.map { ($0, "") })
        let changes = noDocument.merging([.dateOfBirth: value]) { $1 }
        #expect(Fixture.summary(changes) == Fixture.expected(code, .dateOfBirth))
    }

    @Test func birthOnTheDepartureDayIsAnInfant() {
        #expect(Fixture.summary([.passengerType: "INF", .dateOfBirth: "2026-12-01", .documentIssueDate: ""]).isEmpty)
        #expect(
            Fixture.summary([.passengerType: "INF", .dateOfBirth: "2026-12-02", .documentIssueDate: ""])
                == ["DATE_INVALID@dateOfBirth"])
    }

    @Test(arguments: [
        // INF under 2 on departure (2026-12-01).
        ("INF", "2024-12-02", true), ("INF", "2024-12-01", false), ("INF", "2020-01-01", false),
        // CHD 2 to 11.
        ("CHD", "2024-12-01", true), ("CHD", "2024-12-02", false), ("CHD", "2014-12-02", true),
        ("CHD", "2014-12-01", false),
        // ADT 12 or over.
        ("ADT", "2014-12-01", true), ("ADT", "2014-12-02", false), ("ADT", "1900-01-01", true),
    ])
    func ageAtDepartureFitsTheType(type: String, birth: String, fits: Bool) {
        let summary = Fixture.summary([.passengerType: type, .dateOfBirth: birth, .documentIssueDate: ""])
        #expect(summary == (fits ? [] : ["AGE_INCONSISTENT@dateOfBirth"]))
    }

    @Test func leapDayBirthdayCountsOnFirstMarch() {
        // Born 2024-02-29: still under 2 on 2026-02-28, 2 on 2026-03-01 (2026 has no 29 February).
        let infant: [CanonicalField: String] = [
            .passengerType: "INF", .dateOfBirth: "2024-02-29", .documentIssueDate: "",
        ]
        #expect(Fixture.summary(infant.merging([.departureDate: "2026-02-28"]) { $1 }).isEmpty)
        #expect(
            Fixture.summary(infant.merging([.departureDate: "2026-03-01"]) { $1 }) == ["AGE_INCONSISTENT@dateOfBirth"])
        // Born 2012-02-29: 12 on 2024-02-29, a leap year.
        let adult: [CanonicalField: String] = [.dateOfBirth: "2012-02-29", .documentIssueDate: ""]
        #expect(
            Fixture.summary(adult.merging([.departureDate: "2024-02-28"]) { $1 }) == ["AGE_INCONSISTENT@dateOfBirth"])
        #expect(Fixture.summary(adult.merging([.departureDate: "2024-02-29"]) { $1 }).isEmpty)
    }

    @Test func ageIsSkippedWithoutAValidDepartureTypeOrBirth() {
        // An infant aged 46 would be AGE_INCONSISTENT, but the other field is broken.
        #expect(
            Fixture.summary([.passengerType: "INF", .departureDate: ""]).contains("AGE_INCONSISTENT@dateOfBirth")
                == false)
        #expect(Fixture.summary([.passengerType: "inf"]) == ["PASSENGER_TYPE_INVALID@passengerType"])
        #expect(
            Fixture.summary([.passengerType: "INF", .dateOfBirth: "1899-01-01", .documentIssueDate: ""]).contains(
                "AGE_INCONSISTENT@dateOfBirth") == false)
        #expect(Fixture.summary([.passengerType: "INF", .dateOfBirth: ""]).isEmpty)
    }

    @Test func notAfterDepartureIsSkippedWithoutAValidDeparture() {
        // Departure invalid: a birth date in the future of any plausible departure is not compared.
        let summary = Fixture.summary([
            .departureDate: "2026-02-30", .dateOfBirth: "2027-01-01", .documentIssueDate: "",
        ])
        #expect(summary == ["DATE_INVALID@departureDate"])
    }
}
