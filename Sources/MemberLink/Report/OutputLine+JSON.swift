internal import RecordIO

/// JSON text as the outputs write it: by hand, keys in a fixed order, no spaces, so the same
/// inputs give byte-identical files (CONTRACT §4). Strings pass the card-number guard, then are
/// escaped per RFC 8259 §7: `"` and `\` escaped, control characters U+0000–U+001F as `\b \f \n
/// \r \t` or `\u00XX`, everything else (non-ASCII included) kept as UTF-8.
extension OutputLine {
    /// Appends a guarded, escaped, quoted JSON string. Asked to be inlined where it is called, as
    /// ``csv(_:first:isPath:)`` is: the common branch is then a few word operations, not a call.
    @inline(__always)
    mutating func json(_ value: String) {
        // Most strings: a short ASCII value that the guard leaves alone and that needs no escape,
        // looked at and copied eight bytes at a time.
        if let small = SmallValue(value), appendUnchangedString(small) { return }
        jsonGuarded(value)
    }

    /// Appends `small` as a quoted JSON string when the guard leaves it alone and it needs no
    /// escape (most strings); false, with nothing appended, otherwise.
    @inline(__always)
    private mutating func appendUnchangedString(_ small: SmallValue) -> Bool {
        guard !small.mayHideCardNumber, !small.needsJSONEscape else { return false }
        append(small, opening: UInt8(ascii: "\""), closing: UInt8(ascii: "\""))
        return true
    }

    /// ``json(_:)`` of the string stored at `address`, read where it lies: a small ASCII value
    /// (most) is taken from its two words there, with no copy of the string and so no reference
    /// counted (``RecordIO/SmallASCIIString/words(ofStringAt:)``); any other is copied and
    /// written as ``json(_:)`` writes it. The caller keeps the string alive while this runs.
    mutating func json(stringAt address: UnsafePointer<String>) {
        if let words = SmallASCIIString.words(ofStringAt: address), appendUnchangedString(SmallValue(words)) { return }
        jsonGuarded(address.pointee)
    }

    /// ``json(_:)`` of a value that is not a short ASCII value the guard and escaping leave as it is.
    @inline(never)
    private mutating func jsonGuarded(_ value: String) {
        // A long literal (a message) is written as it was the last time: the same bytes, without
        // scanning, guarding and escaping it again (about 700 instructions a message).
        if let key = LiteralCache.key(of: value) {
            if let written = jsonLiterals.written(for: key) {
                written.withUnsafeBufferPointer { append($0) }
                return
            }
            let start = count
            jsonScanned(value)
            let written = withBytes(from: start) { Array($0) }
            jsonLiterals.keep(written, for: key)
            return
        }
        jsonScanned(value)
    }

    /// ``json(_:)`` of any value: scanned, guarded, escaped and quoted.
    private mutating func jsonScanned(_ value: String) {
        value.withUTF8Bytes { utf8 in
            // One pass: escapes, and digits enough to hide a card number (almost no value has).
            // The guard's stars replace digits, spaces and hyphens, none of which is escaped.
            let (digits, escapes) = ValueScan.json(utf8)
            CardNumberGuard.withGuarded(utf8, digits: digits) { jsonString($0, escapes: escapes) }
        }
    }

    /// Appends an escaped, quoted JSON string without the card-number guard: only for values the
    /// run computes itself and that cannot carry partner data (a SHA-256 hex digest).
    mutating func jsonUnguarded(_ value: String) {
        value.withUTF8Bytes { utf8 in jsonString(utf8, escapes: utf8.contains(where: Self.needsEscape)) }
    }

    /// Appends `utf8` as a quoted JSON string; `escapes` says whether any byte needs an escape.
    private mutating func jsonString(_ utf8: UnsafeBufferPointer<UInt8>, escapes: Bool) {
        guard escapes else {
            // The usual case: quote, bytes, quote in one step.
            append(utf8, between: UInt8(ascii: "\""), and: UInt8(ascii: "\""))
            return
        }
        byte(UInt8(ascii: "\""))
        // Runs that need no escape go in with one copy each.
        var runStart = 0
        for (offset, unit) in utf8.enumerated() where Self.needsEscape(unit) {
            append(UnsafeBufferPointer(rebasing: utf8[runStart..<offset]))
            runStart = offset + 1
            switch unit {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            default:
                raw("\\u00")
                byte(Self.hexDigits[Int(unit >> 4)])
                byte(Self.hexDigits[Int(unit & 0x0F)])
            }
        }
        append(UnsafeBufferPointer(rebasing: utf8[runStart...]))
        byte(UInt8(ascii: "\""))
    }

    /// Whether a byte cannot stand as itself in a JSON string: `"`, `\` or a control character.
    private static func needsEscape(_ unit: UInt8) -> Bool {
        unit == UInt8(ascii: "\"") || unit == UInt8(ascii: "\\") || unit < 0x20
    }

    /// Appends `"key":` (keys are fixed ASCII names from the contract).
    mutating func key(_ name: StaticString) {
        name.withUTF8Buffer { append($0, between: UInt8(ascii: "\""), and: UInt8(ascii: "\""), UInt8(ascii: ":")) }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
