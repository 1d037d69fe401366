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

    /// The accepted words in upper case; a byte matches its upper or lower case form.
    private static let genders: [[UInt8]] = ["M", "F", "MALE", "FEMALE", "TRUE", "FALSE"].map { Array($0.utf8) }

    static func isGender(_ value: String) -> Bool {
        value.withUTF8Bytes { bytes in
            genders.contains { word in
                word.count == bytes.count && zip(word, bytes).allSatisfy { $0 == $1 || $0 | 0x20 == $1 }
            }
        }
    }

    /// Optional; at most 20 characters. Used for `level` and `skyTeamLevel`, the partner's claim
    /// that the directory's tiers replace.
    static func level(_ value: String, _ field: CanonicalField, into errors: inout [FieldError]) {
        let length = ASCII.visibleLength(value)
        guard length > 20 else { return }
        errors.append(
            .broken(
                .fieldFormat, field,
                "The \(field == .level ? "level" : "SkyTeam level") must be at most 20 characters.",
                rule: "must be at most 20 characters", seen: Shown.value(value)))
    }
}
