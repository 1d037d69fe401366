/// Rules for givenName, surname and title (CONTRACT §1.1).
///
/// A name is letters of any script (Unicode general category L, with combining marks M
/// allowed so that decomposed `é` passes like composed `é`), apostrophes (`'` or U+2019 `’`),
/// hyphens (`-`) and spaces (U+0020), with at least one letter. Its length is counted in
/// Swift `Character`s, which canonical normalisation does not change, so NFC and NFD input
/// count alike without a normalisation pass. ASCII names are checked on their bytes alone.
enum NameRules {
    static let givenNameLength = 1...25
    static let surnameLength = 1...40
    static let titleLength = 1...30

    /// Required; 1–25 name characters.
    static func givenName(_ value: String, into errors: inout [FieldError]) {
        name(
            value, .givenName, length: givenNameLength, into: &errors,
            required: "The given name is missing.",
            invalid: "The given name must be 1 to 25 letters, with only apostrophes, hyphens or spaces between them.")
    }

    /// Required; 1–40 name characters.
    static func surname(_ value: String, into errors: inout [FieldError]) {
        name(
            value, .surname, length: surnameLength, into: &errors,
            required: "The surname is missing.",
            invalid: "The surname must be 1 to 40 letters, with only apostrophes, hyphens or spaces between them.")
    }

    /// Optional; at most 30 letters (any script) and `.`, e.g. `MR`, `Dr.`, `Mme`.
    static func title(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty else { return }
        let valid = matches(value, length: titleLength) {
            $0 == UInt8(ascii: ".")
        } scalar: {
            $0 == "."
        }
        guard !valid else { return }
        errors.append(
            .broken(
                .fieldFormat, .title, "The title must be at most 30 letters and dots, e.g. MR or Dr.",
                rule: "must be at most 30 letters and '.'", seen: Shown.value(value)))
    }

    private static func name(
        _ value: String, _ field: CanonicalField, length: ClosedRange<Int>, into errors: inout [FieldError],
        required: String, invalid: String
    ) {
        guard !value.isEmpty else {
            errors.append(.required(field, required))
            return
        }
        guard !isName(value, length: length) else { return }
        errors.append(
            .broken(
                .nameInvalid, field, invalid,
                rule:
                    "must be \(length.lowerBound)-\(length.upperBound) letters (any script), apostrophes, hyphens, spaces",
                seen: Shown.value(value)))
    }

    /// True when `value` is a valid name of `length` characters.
    static func isName(_ value: String, length: ClosedRange<Int>) -> Bool {
        matches(value, length: length) {
            $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: " ")
        } scalar: {
            $0 == "'" || $0 == "\u{2019}" || $0 == "-" || $0 == " "
        }
    }

    /// Letters plus the extra characters the two closures allow (one for ASCII bytes, one for
    /// the scalars of non-ASCII text), at least one letter, and a length in `length`.
    private static func matches(
        _ value: String, length: ClosedRange<Int>, byte extraByte: (UInt8) -> Bool,
        scalar extraScalar: (Unicode.Scalar) -> Bool
    ) -> Bool {
        // ASCII text is decided on its bytes; nil means a non-ASCII byte was met.
        let asciiVerdict: Bool? = value.withUTF8Bytes { bytes in
            var hasLetter = false
            var valid = length.contains(bytes.count)
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if ASCII.isLetter(byte) {
                    hasLetter = true
                } else if !extraByte(byte) {
                    valid = false
                }
            }
            return valid && hasLetter
        }
        if let asciiVerdict { return asciiVerdict }
        var hasLetter = false
        for scalar in value.unicodeScalars {
            switch ScalarClass(scalar) {
            case .letter: hasLetter = true
            case .mark: continue
            case .other: guard extraScalar(scalar) else { return false }
            }
        }
        // A name never has more characters than bytes: count characters only when it might be long.
        guard hasLetter else { return false }
        return (length.lowerBound <= 1 && value.utf8.count <= length.upperBound) || length.contains(value.count)
    }
}

/// A scalar as a name sees it: a letter (Unicode general category L), a combining mark (M) or
/// anything else. Scalars below U+2000 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic, the
/// Indic scripts, Vietnamese letters of Latin Extended Additional...) come from a table built
/// once; others ask the Unicode properties.
enum ScalarClass: UInt8 {
    case other, letter, mark

    init(_ scalar: Unicode.Scalar) {
        if scalar.value < Self.tableLimit {
            self = Self.table[Int(scalar.value)]
        } else {
            self = Self.lookUp(scalar)
        }
    }

    private static let tableLimit: UInt32 = 0x2000

    private static let table: [ScalarClass] = (0..<tableLimit).map { value in
        Unicode.Scalar(value).map(lookUp) ?? .other
    }

    private static func lookUp(_ scalar: Unicode.Scalar) -> ScalarClass {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: .letter
        case .nonspacingMark, .spacingMark, .enclosingMark: .mark
        default: .other
        }
    }
}
