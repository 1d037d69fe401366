/// Rules for departureDate and dateOfBirth, and the age check (CONTRACT §1.1).
enum DateRules {
    /// No date of birth before this day is believed.
    static let earliestBirth = CalendarDate(year: 1900, month: 1, day: 1)!

    /// Required; a real calendar date. Empty is `DATE_INVALID` (the row's own code).
    static func departureDate(_ value: String, into errors: inout [FieldError]) -> CalendarDate? {
        if let date = CalendarDate(iso: value) { return date }
        errors.append(
            .broken(
                .dateInvalid, .departureDate, "The departure date must be a real date written YYYY-MM-DD.",
                rule: "is required and must be a real date YYYY-MM-DD",
                seen: value.isEmpty ? "an empty field" : Shown.value(value)))
        return nil
    }

    /// A real date written `YYYY-MM-DD`, or `DATE_INVALID` on `field` and nil. Empty is nil with
    /// no error: the caller decides whether the field is required.
    static func realDate(
        _ value: String, _ field: CanonicalField, _ businessMessage: String, into errors: inout [FieldError]
    ) -> CalendarDate? {
        guard !value.isEmpty else { return nil }
        if let date = CalendarDate(iso: value) { return date }
        errors.append(
            .broken(
                .dateInvalid, field, businessMessage, rule: "must be a real date YYYY-MM-DD", seen: Shown.value(value)))
        return nil
    }

    /// Optional; a real date, not before 1900-01-01 and, when departureDate is valid, not after
    /// it. Returns the date only when every one of those checks passed.
    static func dateOfBirth(
        _ value: String, departure: CalendarDate?, into errors: inout [FieldError]
    ) -> CalendarDate? {
        let business =
            "The date of birth must be a real date written YYYY-MM-DD, from 1900-01-01 to the departure date."
        guard let birth = realDate(value, .dateOfBirth, business, into: &errors) else { return nil }
        var broken: [String] = []
        if birth < earliestBirth { broken.append("must not be before 1900-01-01") }
        if let departure, birth > departure { broken.append("must not be after departureDate \(departure)") }
        guard broken.isEmpty else {
            errors.append(
                .broken(
                    .dateInvalid, .dateOfBirth, business, rule: broken.joined(separator: " and "),
                    seen: Shown.value(value)))
            return nil
        }
        return birth
    }

    /// The ages each passenger type allows at departure, in completed years.
    static func ages(for type: BookingKeyRules.PassengerType) -> ClosedRange<Int> {
        switch type {
        case .infant: 0...1
        case .child: 2...11
        case .adult: 12...Int.max
        }
    }

    /// `AGE_INCONSISTENT` on dateOfBirth when the age at departure does not fit the type: INF
    /// under 2, CHD 2–11, ADT 12 or over. Skipped unless all three inputs are valid.
    static func age(
        birth: CalendarDate?, departure: CalendarDate?, type: BookingKeyRules.PassengerType?,
        into errors: inout [FieldError]
    ) {
        guard let birth, let departure, let type else { return }
        let age = birth.age(on: departure)
        guard !ages(for: type).contains(age) else { return }
        let business: String
        switch type {
        case .infant: business = "An infant (INF) must be under 2 years old on the departure date."
        case .child: business = "A child (CHD) must be 2 to 11 years old on the departure date."
        case .adult: business = "An adult (ADT) must be 12 or over on the departure date."
        }
        errors.append(
            FieldError(
                code: .ageInconsistent, field: .dateOfBirth, businessMessage: business,
                developerMessage:
                    "dateOfBirth \(birth) gives age \(age) on departureDate \(departure), which does not fit passengerType \(type.rawValue) (CONTRACT §1.1: INF under 2, CHD 2-11, ADT 12 or over)."
            ))
    }
}
