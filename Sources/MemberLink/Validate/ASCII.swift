/// Byte classes for the ASCII-only rules of CONTRACT §1.1 (codes, ids, digits). Rules work on
/// a field's UTF-8 bytes: a non-ASCII byte is never in any of these classes.
enum ASCII {
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    static func isUpper(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }
    static func isLower(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }
    static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || isLower(byte) }

    /// `A`–`Z` `0`–`9`.
    static func isUpperAlnum(_ byte: UInt8) -> Bool { isUpper(byte) || isDigit(byte) }
    /// `A`–`Z` `a`–`z` `0`–`9`.
    static func isAlnum(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

    /// True when `text` has `length` bytes and every byte is in `allowed`.
    static func all(
        _ text: String, length: ClosedRange<Int>, _ allowed: (UInt8) -> Bool
    ) -> Bool {
        let utf8 = text.utf8
        return length.contains(utf8.count) && utf8.allSatisfy(allowed)
    }

    /// True when no byte of `text` is above 0x7F.
    static func isASCII(_ text: String) -> Bool { text.utf8.allSatisfy { $0 < 0x80 } }

    /// The length a user sees: bytes for ASCII text, extended grapheme clusters (Swift
    /// `Character`s) otherwise. Grapheme clusters do not change under canonical normalisation, so
    /// `é` counts 1 whether it arrives composed (NFC) or as `e` + U+0301.
    static func visibleLength(_ text: String) -> Int {
        isASCII(text) ? text.utf8.count : text.count
    }
}
