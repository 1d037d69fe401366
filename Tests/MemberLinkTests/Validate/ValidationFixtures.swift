import MemberLink

/// A record that passes every rule of CONTRACT §1.1, and validators over known programmes.
enum Fixture {
    /// VN: ten digits with a Luhn check digit; AF: seven digits, mod 7; DL: letters then digits,
    /// no check digit; XR: a pattern only the regular-expression engine handles; BR: a pattern
    /// that does not compile.
    static let programmes: [String: Programme] = [
        "VN": Programme(code: "VN", pattern: "^[0-9]{10}$", checkDigit: .luhn),
        "AF": Programme(code: "AF", pattern: "^[0-9]{7}$", checkDigit: .mod7),
        "DL": Programme(code: "DL", pattern: "^[A-Z]{2}[0-9]{6,9}$", checkDigit: .none),
        "XR": Programme(code: "XR", pattern: "^(AB|CD)[0-9]{3}$", checkDigit: .none),
        "BR": Programme(code: "BR", pattern: "[0-9", checkDigit: .none),
    ]

    static let values: [CanonicalField: String] = [
        .system: "VN", .bookingCode: "ABC123", .departureDate: "2026-12-01", .index: "1",
        .passengerId: "PAX001", .passengerType: "ADT", .title: "MR", .gender: "M",
        .givenName: "An", .surname: "Nguyen", .dateOfBirth: "1980-01-02", .email: "an@example.com",
        .phone: "+84 912345678", .airline: "VN", .membershipId: "9200000017", .level: "GOLD",
        .skyTeamLevel: "ELITE PLUS", .documentType: "P", .documentNumber: "C1234567",
        .documentNationality: "VNM", .documentIssueCountry: "VNM", .documentExpiryDate: "2029-05-01",
        .documentIssueDate: "2019-05-01",
    ]

    /// The valid record with some fields replaced (`""` empties a field).
    static func record(_ changes: [CanonicalField: String] = [:], line: Int = 2) -> PassengerRecord {
        var record = PassengerRecord(location: SourceLocation(file: "bookings.csv", line: line), sequence: line - 2)
        for (field, value) in values.merging(changes, uniquingKeysWith: { $1 }) { record[field] = value }
        return record
    }

    static func validator(_ strategy: ResolutionStrategy = .ffnThenDocument) -> RecordValidator {
        RecordValidator(programmes: programmes, strategy: strategy)
    }

    /// The record-level errors of the valid record with `changes`.
    static func errors(
        _ changes: [CanonicalField: String], strategy: ResolutionStrategy = .ffnThenDocument
    ) -> [FieldError] {
        validator(strategy).validate(record(changes))
    }

    /// `CODE@path` of each error, in the order given.
    static func summary(_ errors: [FieldError]) -> [String] {
        errors.map { "\($0.code.rawValue)@\($0.path)" }
    }

    /// `CODE@path` of the errors of the valid record with `changes`.
    static func summary(
        _ changes: [CanonicalField: String], strategy: ResolutionStrategy = .ffnThenDocument
    ) -> [String] {
        summary(errors(changes, strategy: strategy))
    }

    /// The expectation of a rule table row: no error, or one error with this code on `field`.
    static func expected(_ code: ChildCode?, _ field: CanonicalField) -> [String] {
        code.map { ["\($0.rawValue)@\(field.name)"] } ?? []
    }
}
