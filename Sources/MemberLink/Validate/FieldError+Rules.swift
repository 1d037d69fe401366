extension FieldError {
    /// `FIELD_REQUIRED` for an empty field the contract lists as required.
    static func required(_ field: CanonicalField, _ businessMessage: String) -> FieldError {
        FieldError(
            code: .fieldRequired, field: field, businessMessage: businessMessage,
            developerMessage: "\(field.name) is required (CONTRACT §1.1) but is empty.")
    }

    /// A broken rule of `field`: `rule` says what the value must be, `seen` quotes it (already
    /// passed through ``Shown``).
    static func broken(
        _ code: ChildCode, _ field: CanonicalField, _ businessMessage: String, rule: String, seen: String
    ) -> FieldError {
        FieldError(
            code: code, field: field, businessMessage: businessMessage,
            developerMessage: "\(field.name) \(rule) (CONTRACT §1.1); saw \(seen).")
    }
}
