internal import RecordIO

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
            ByteWords.equal($0, UInt8(ascii: "."))
        } byte: {
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
            ByteWords.equal($0, UInt8(ascii: "'")) | ByteWords.equal($0, UInt8(ascii: "-"))
                | ByteWords.equal($0, UInt8(ascii: " "))
        } byte: {
            $0 == UInt8(ascii: "'") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: " ")
        } scalar: {
            $0 == "'" || $0 == "\u{2019}" || $0 == "-" || $0 == " "
        }
    }

    /// Letters plus the extra characters the closures allow (the same ASCII bytes for eight bytes
    /// of a word at once, as ``RecordIO/ByteWords`` answers, and for one byte; then the scalars of
    /// non-ASCII text), at least one letter, and a length in `length`.
    private static func matches(
        _ value: String, length: ClosedRange<Int>, word extraBytes: (UInt64) -> UInt64, byte extraByte: (UInt8) -> Bool,
        scalar extraScalar: (Unicode.Scalar) -> Bool
    ) -> Bool {
        // A short ASCII value (most names and titles) on its two words: every byte a letter or an
        // extra, at least one letter. Byte by byte through its `utf8` view this cost about 120
        // instructions a name.
        if let small = SmallASCIIString.words(of: value) {
            guard length.contains(small.count) else { return false }
            let present = (ByteWords.firstBytes(small.count), ByteWords.firstBytes(small.count - 8))
            let letters = (ByteWords.letters(small.leading), ByteWords.letters(small.trailing))
            return (letters.0 | extraBytes(small.leading)) & present.0 == present.0
                && (letters.1 | extraBytes(small.trailing)) & present.1 == present.1
                && letters.0 | letters.1 != 0  // the bytes past the value are zeros, not letters
        }
        // Longer or non-ASCII text: one pass over its UTF-8 bytes (a `String`'s are valid UTF-8),
        // each scalar decoded in place and classed by the table (``ScalarClass``), read once per
        // value. An ASCII byte is judged as the scalar it is: its extras are the same.
        var isASCII = true
        var hasLetter = false
        let classes = ScalarClass.table
        let allowed = value.withUTF8Bytes { bytes -> Bool in
            var index = 0
            while index < bytes.count {
                let lead = bytes[index]
                if lead < 0x80 {
                    index += 1
                    if ASCII.isLetter(lead) {
                        hasLetter = true
                    } else if !extraByte(lead) {
                        return false
                    }
                    continue
                }
                isASCII = false
                var scalar = UInt32(lead)
                if lead < 0xE0 {
                    scalar = (scalar & 0x1F) << 6 | UInt32(bytes[index + 1] & 0x3F)
                    index += 2
                } else if lead < 0xF0 {
                    scalar =
                        (scalar & 0x0F) << 12 | UInt32(bytes[index + 1] & 0x3F) << 6 | UInt32(bytes[index + 2] & 0x3F)
                    index += 3
                } else {
                    scalar =
                        (scalar & 0x07) << 18 | UInt32(bytes[index + 1] & 0x3F) << 12
                        | UInt32(bytes[index + 2] & 0x3F) << 6 | UInt32(bytes[index + 3] & 0x3F)
                    index += 4
                }
                let scalarClass =
                    scalar < ScalarClass.tableLimit ? classes[Int(scalar)] : ScalarClass(Unicode.Scalar(scalar)!)
                switch scalarClass {
                case .letter: hasLetter = true
                case .mark: continue
                case .other: guard extraScalar(Unicode.Scalar(scalar)!) else { return false }
                }
            }
            return true
        }
        guard allowed, hasLetter else { return false }
        if isASCII { return length.contains(value.utf8.count) }
        // A name never has more characters than bytes: count characters only when it might be long.
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

    static let tableLimit: UInt32 = 0x2000

    static let table: [ScalarClass] = (0..<tableLimit).map { value in
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
