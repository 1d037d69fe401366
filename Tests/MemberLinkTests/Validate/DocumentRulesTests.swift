import MemberLink
import Testing

/// The travel document (CONTRACT §1.1). The valid record carries a passport C1234567, VNM/VNM,
/// issued 2019-05-01, expiring 2029-05-01; departure 2026-12-01; born 1980-01-02.
@Suite struct DocumentRulesTests {
    static let noDocument = Dictionary(uniqueKeysWithValues: CanonicalField.documentFields.map { ($0, "") })

    @Test func absentDocumentHasNoErrors() {
        #expect(Fixture.summary(Self.noDocument).isEmpty)
    }

    /// Any one document field alone makes the other required ones FIELD_REQUIRED.
    @Test(arguments: CanonicalField.documentFields)
    func anyFieldMakesTheOthersRequired(given: CanonicalField) {
        let changes = Self.noDocument.merging([given: Fixture.values[given]!]) { $1 }
        let required: [CanonicalField] = [
            .documentType, .documentNumber, .documentNationality, .documentIssueCountry, .documentExpiryDate,
        ]
        let expected = required.filter { $0 != given }.map { "FIELD_REQUIRED@\($0.name)" }
        #expect(Fixture.summary(changes) == expected)
    }

    @Test func issueDateIsOptional() {
        #expect(Fixture.summary([.documentIssueDate: ""]).isEmpty)
    }

    @Test(
        arguments: [
            ("P", nil), ("I", nil), ("p", .documentTypeInvalid), ("V", .documentTypeInvalid),
            ("PASSPORT", .documentTypeInvalid), ("ID", .documentTypeInvalid),
        ] as [(String, ChildCode?)])
    func documentType(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.documentType: value]) == Fixture.expected(code, .documentType))
    }

    @Test(
        arguments: [
            ("C1234567", nil), ("c1234567", nil), ("1", nil), ("ABCDEFGHIJ12345", nil),
            ("ABCDEFGHIJ123456", .documentNumberInvalid), ("C 1234567", .documentNumberInvalid),
            ("C-1234567", .documentNumberInvalid), ("Ç1234567", .documentNumberInvalid),
        ] as [(String, ChildCode?)])
    func documentNumber(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.documentNumber: value]) == Fixture.expected(code, .documentNumber))
    }

    @Test(
        arguments: [
            ("VNM", nil), ("D", nil), ("GBD", nil), ("UNO", nil), ("XXA", nil), ("EUE", nil), ("RKS", nil),
            ("ZZZ", .countryInvalid), ("vnm", .countryInvalid), ("VN", .countryInvalid), ("D<<", .countryInvalid),
        ] as [(String, ChildCode?)])
    func countries(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.documentNationality: value]) == Fixture.expected(code, .documentNationality))
        #expect(Fixture.summary([.documentIssueCountry: value]) == Fixture.expected(code, .documentIssueCountry))
    }

    @Test(
        arguments: [
            ("2029-05-01", nil), ("2026-12-01", nil), ("2026-11-30", .documentExpired),
            ("2020-01-01", .documentExpired),
            ("2029-02-29", .dateInvalid), ("01.05.2029", .dateInvalid),
        ] as [(String, ChildCode?)])
    func expiryDate(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.documentExpiryDate: value]) == Fixture.expected(code, .documentExpiryDate))
    }

    @Test func expiryIsNotComparedWithoutAValidDeparture() {
        #expect(
            Fixture.summary([.departureDate: "2026-13-01", .documentExpiryDate: "2020-01-01", .documentIssueDate: ""])
                == ["DATE_INVALID@departureDate"])
    }

    @Test(
        arguments: [
            ("2019-05-01", nil), ("1980-01-02", nil), ("2026-12-01", nil),
            ("2019-02-29", .dateInvalid),  // not a date
            ("2026-12-02", .dateInvalid),  // after departure
            ("2030-01-01", .dateInvalid),  // after expiry and departure
            ("1980-01-01", .dateInvalid),  // before the date of birth
        ] as [(String, ChildCode?)])
    func issueDate(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.documentIssueDate: value]) == Fixture.expected(code, .documentIssueDate))
    }

    @Test func issueDateComparisonsAreSkippedPerMissingOrInvalidField() {
        // After an expiry that is valid while the departure is broken: still compared with the expiry.
        #expect(
            Fixture.summary([.departureDate: "", .documentIssueDate: "2029-06-01"])
                == ["DATE_INVALID@departureDate", "DATE_INVALID@documentIssueDate"])
        // Expiry broken, departure missing: only the date of birth is left to compare with.
        #expect(
            Fixture.summary([.departureDate: "", .documentExpiryDate: "2029-02-30", .documentIssueDate: "2029-06-01"])
                == ["DATE_INVALID@departureDate", "DATE_INVALID@documentExpiryDate"])
        // No date of birth: an issue date before 1980 is fine.
        #expect(Fixture.summary([.dateOfBirth: "", .documentIssueDate: "1970-01-01"]).isEmpty)
        // Date of birth invalid: not compared.
        #expect(
            Fixture.summary([.dateOfBirth: "1980-02-30", .documentIssueDate: "1970-01-01"])
                == ["DATE_INVALID@dateOfBirth"])
        // Expiry missing (FIELD_REQUIRED): the issue date is compared with the departure only.
        #expect(
            Fixture.summary([.documentExpiryDate: "", .documentIssueDate: "2026-06-01"])
                == ["FIELD_REQUIRED@documentExpiryDate"])
        // Expired (DOCUMENT_EXPIRED): the expiry failed its own rule, so it is not compared.
        #expect(
            Fixture.summary([.documentExpiryDate: "2026-01-01", .documentIssueDate: "2026-06-01"])
                == ["DOCUMENT_EXPIRED@documentExpiryDate"])
    }

    @Test func documentNumberIsMaskedInMessages() throws {
        let error = try #require(Fixture.errors([.documentNumber: "C12345-678"]).first)
        #expect(error.code == .documentNumberInvalid)
        #expect(!error.developerMessage.contains("C12345"))
        #expect(error.developerMessage.contains("******-678"))
    }
}
