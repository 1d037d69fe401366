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

    /// `M`, `F`, `MALE`, `FEMALE`, `TRUE` or `FALSE`, each letter in either case. Decided on the
    /// bytes, by length first (a search of a table of the words cost about 140 instructions for
    /// every record).
    static func isGender(_ value: String) -> Bool {
        value.withUTF8Bytes { bytes in
            /// Whether the bytes spell `word` (upper case ASCII), each letter in either case.
            func spell(_ word: StaticString) -> Bool {
                word.withUTF8Buffer { word in
                    for index in word.indices where bytes[index] != word[index] && bytes[index] != word[index] | 0x20 {
                        return false
                    }
                    return true
                }
            }
            switch bytes.count {
            case 1: return spell("M") || spell("F")
            case 4: return spell("MALE") || spell("TRUE")
            case 5: return spell("FALSE")
            case 6: return spell("FEMALE")
            default: return false
            }
        }
    }

    /// Optional; at most 20 characters. Used for `level` and `skyTeamLevel`, the partner's claim
    /// that the directory's tiers replace.
    static func level(_ value: String, _ field: CanonicalField, into errors: inout [FieldError]) {
        guard !ASCII.visibleLength(of: value, isAtMost: 20) else { return }
        errors.append(
            .broken(
                .fieldFormat, field,
                "The \(field == .level ? "level" : "SkyTeam level") must be at most 20 characters.",
                rule: "must be at most 20 characters", seen: Shown.value(value)))
    }
}
