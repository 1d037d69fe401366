/// Rules for the travel document (CONTRACT §1.1): type, number, nationality, issuing country,
/// expiry and issue dates.
///
/// A document is absent when all six fields are empty, and then nothing here applies. Once any
/// is given, all but the issue date are required (`FIELD_REQUIRED`).
enum DocumentRules {
    /// Every document rule; `departure` and `birth` are nil when missing or invalid, and the
    /// comparisons with them are then skipped.
    static func check(
        _ record: PassengerRecord, departure: CalendarDate?, birth: CalendarDate?, into errors: inout [FieldError]
    ) {
        guard record.hasDocument else { return }
        type(record[.documentType], into: &errors)
        number(record[.documentNumber], into: &errors)
        country(record[.documentNationality], .documentNationality, into: &errors)
        country(record[.documentIssueCountry], .documentIssueCountry, into: &errors)
        let expiry = expiryDate(record[.documentExpiryDate], departure: departure, into: &errors)
        issueDate(record[.documentIssueDate], expiry: expiry, departure: departure, birth: birth, into: &errors)
    }

    /// Required in a document; `P` (passport) or `I` (identity card), upper case.
    static func type(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty else {
            errors.append(
                .required(.documentType, "The document type is missing: use P (passport) or I (identity card)."))
            return
        }
        guard value != "P", value != "I" else { return }
        errors.append(
            .broken(
                .documentTypeInvalid, .documentType, "The document type must be P (passport) or I (identity card).",
                rule: "must be P or I", seen: Shown.value(value)))
    }

    /// Required in a document; 1–15 of `A`–`Z` `0`–`9`, any case (matched upper-cased).
    static func number(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty else {
            errors.append(.required(.documentNumber, "The document number is missing."))
            return
        }
        guard !ASCII.all(value, length: 1...15, ASCII.isAlnum) else { return }
        errors.append(
            .broken(
                .documentNumberInvalid, .documentNumber,
                "The document number must be 1 to 15 letters or digits, without spaces or dashes.",
                rule: "must be 1-15 of A-Z 0-9 (any case)", seen: Shown.masked(value)))
    }

    /// Required in a document; ISO 3166-1 alpha-3 or an ICAO 9303 code (``Countries``).
    static func country(_ value: String, _ field: CanonicalField, into errors: inout [FieldError]) {
        let what = field == .documentNationality ? "nationality" : "issuing country"
        guard !value.isEmpty else {
            errors.append(.required(field, "The document \(what) is missing."))
            return
        }
        guard !Countries.isValid(value) else { return }
        errors.append(
            .broken(
                .countryInvalid, field,
                "The document \(what) must be a 3-letter country code such as VNM or FRA, or an ICAO code such as D or XXA.",
                rule: "must be an ISO 3166-1 alpha-3 or ICAO 9303 code in capitals", seen: Shown.value(value)))
    }

    /// Required in a document; a real date, not before departureDate (the same day is fine).
    /// Returns the date only when it passed both checks: an expired date failed one of its own
    /// rules, so the issue date is not compared with it.
    static func expiryDate(
        _ value: String, departure: CalendarDate?, into errors: inout [FieldError]
    ) -> CalendarDate? {
        guard !value.isEmpty else {
            errors.append(.required(.documentExpiryDate, "The document expiry date is missing."))
            return nil
        }
        guard
            let expiry = DateRules.realDate(
                value, .documentExpiryDate, "The document expiry date must be a real date written YYYY-MM-DD.",
                into: &errors)
        else { return nil }
        if let departure, expiry < departure {
            errors.append(
                FieldError(
                    code: .documentExpired, field: .documentExpiryDate,
                    businessMessage: "The document expires before the departure date.",
                    developerMessage:
                        "documentExpiryDate \(expiry) is before departureDate \(departure) (CONTRACT §1.1)."))
            return nil
        }
        return expiry
    }

    /// Optional; a real date, not after the expiry date nor the departure date, and not before
    /// the date of birth. Each comparison is skipped when the other date is missing or invalid.
    static func issueDate(
        _ value: String, expiry: CalendarDate?, departure: CalendarDate?, birth: CalendarDate?,
        into errors: inout [FieldError]
    ) {
        let business =
            "The document issue date must be a real date written YYYY-MM-DD, between the date of birth and the expiry and departure dates."
        guard let issue = DateRules.realDate(value, .documentIssueDate, business, into: &errors) else { return }
        var broken: [String] = []
        if let expiry, issue > expiry { broken.append("must not be after documentExpiryDate \(expiry)") }
        if let departure, issue > departure { broken.append("must not be after departureDate \(departure)") }
        if let birth, issue < birth { broken.append("must not be before dateOfBirth \(birth)") }
        guard !broken.isEmpty else { return }
        errors.append(
            .broken(
                .dateInvalid, .documentIssueDate, business, rule: broken.joined(separator: " and "),
                seen: Shown.value(value)))
    }
}
