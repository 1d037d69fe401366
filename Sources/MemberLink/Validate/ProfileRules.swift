/// Rules for the optional descriptive fields of a passenger (CONTRACT §1.1): gender and the
/// partner's claimed levels.
enum ProfileRules {
    /// Optional; `M`, `F`, `MALE`, `FEMALE`, `true` (male) or `false` (female), in any ASCII case.
    static func gender(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty, !isGender(value) else { return }
        errors.append(
            .broken(
                .fieldFormat, .gender, "The gender must be M, F, MALE, FEMALE, true or false.",
                rule: "must be M, F, MALE, FEMALE, true or false (any case)", seen: Shown.value(value)))
    }

    static func isGender(_ value: String) -> Bool {
        guard value.utf8.count <= 6, ASCII.isASCII(value) else { return false }
        switch value.uppercased() {
        case "M", "F", "MALE", "FEMALE", "TRUE", "FALSE": return true
        default: return false
        }
    }

    /// Optional; at most 20 characters. Used for `level` and `skyTeamLevel`, the partner's claim
    /// that the directory's tiers replace.
    static func level(_ value: String, _ field: CanonicalField, into errors: inout [FieldError]) {
        let length = ASCII.visibleLength(value)
        guard length > 20 else { return }
        errors.append(
            .broken(
                .fieldFormat, field, "The \(field == .level ? "level" : "SkyTeam level") must be at most 20 characters.",
                rule: "must be at most 20 characters", seen: Shown.value(value)))
    }
}
