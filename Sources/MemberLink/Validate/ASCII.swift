internal import RecordIO

/// Byte classes for the ASCII-only rules of CONTRACT §1.1 (codes, ids, digits). Rules work on
/// a field's UTF-8 bytes: a non-ASCII byte is never in any of these classes.
enum ASCII {
    @inline(__always) static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
    @inline(__always) static func isUpper(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "A") < 26 }
    @inline(__always) static func isLower(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "a") < 26 }
    @inline(__always) static func isLetter(_ byte: UInt8) -> Bool { isUpper(byte) || isLower(byte) }

    /// `A`–`Z` `0`–`9`.
    @inline(__always) static func isUpperAlnum(_ byte: UInt8) -> Bool { isUpper(byte) || isDigit(byte) }
    /// `A`–`Z` `a`–`z` `0`–`9`.
    @inline(__always) static func isAlnum(_ byte: UInt8) -> Bool { isLetter(byte) || isDigit(byte) }

    /// True when `text` has a byte count in `length` and every byte is in `allowed`.
    static func all(_ text: String, length: ClosedRange<Int>, _ allowed: (UInt8) -> Bool) -> Bool {
        text.withUTF8Bytes { length.contains($0.count) && $0.allSatisfy(allowed) }
    }

    /// True when no byte of `text` is above 0x7F.
    static func isASCII(_ text: String) -> Bool {
        text.withUTF8Bytes { $0.allSatisfy { $0 < 0x80 } }
    }

    /// The length a user sees: bytes for ASCII text, extended grapheme clusters (Swift
    /// `Character`s) otherwise. Grapheme clusters do not change under canonical normalisation, so
    /// `é` counts 1 whether it arrives composed (NFC) or as `e` + U+0301.
    static func visibleLength(_ text: String) -> Int {
        isASCII(text) ? text.utf8.count : text.count
    }

    /// Whether ``visibleLength(_:)`` of `text` is at most `limit`: at once when it has no more
    /// bytes than that (a character has at least one byte), which most values have.
    static func visibleLength(of text: String, isAtMost limit: Int) -> Bool {
        text.utf8.count <= limit || visibleLength(text) <= limit
    }
}

extension String {
    /// Calls `body` with the string's UTF-8 bytes in contiguous memory: no copy for native
    /// strings (all strings on Linux), a stack copy for small ones.
    @inline(__always)
    func withUTF8Bytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let result = try utf8.withContiguousStorageIfAvailable(body) { return result }
        var copy = self
        return try copy.withUTF8(body)
    }

    /// Whether `other` is the same UTF-8 bytes, as SQLite and the files compare text. (`==`
    /// compares canonical equivalence, normalizing non-ASCII text first; `utf8.elementsEqual`
    /// steps an iterator per byte.)
    func hasSameUTF8(as other: String) -> Bool {
        // Most values compared are short: the same bytes are then the same two words.
        if let match = SmallASCIIString.smallStringsMatch(self, other) { return match }
        return withUTF8Bytes { bytes in other.withUTF8Bytes { bytes.hasSameBytes(as: $0) } }
    }
}

extension String {
    /// The same as `uppercased()`, without its Unicode machinery in the usual case: text with no
    /// lower-case letter and nothing beyond ASCII is returned as it is, other ASCII text is
    /// upper-cased byte by byte; anything else goes through `uppercased()`.
    var uppercasedASCIIFast: String {
        // Most values (airline codes, booking codes) are short ASCII strings: on their two words.
        if let small = SmallASCIIString.uppercasedASCII(self) { return small }
        let quick: String?? = utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var hasLower = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if ASCII.isLower(byte) { hasLower = true }
            }
            guard hasLower else { return self }
            return String(unsafeUninitializedCapacity: bytes.count) { buffer in
                for index in bytes.indices {
                    let byte = bytes[index]
                    buffer[index] = ASCII.isLower(byte) ? byte - 0x20 : byte
                }
                return bytes.count
            }
        }
        return (quick ?? nil) ?? uppercased()
    }
}
