/// The text encodings partner files come in: UTF-8 by default, Latin-1 and Windows-1252 per pipeline.
///
/// Many "Latin-1" files are really Windows-1252 (`0x92` is a right quote there, a control character
/// in Latin-1): choose `windows-1252` when in doubt.
public enum TextEncoding: String, Sendable, Hashable, CaseIterable {
    case utf8 = "utf-8"
    case latin1
    case windows1252 = "windows-1252"

    /// Accepts the usual spellings: `utf-8`, `UTF8`, `latin1`, `ISO-8859-1`, `windows-1252`, `cp1252`.
    public init?(name: String) {
        switch String(name.lowercased().map { $0 == "_" ? "-" : $0 }) {
        case "utf-8", "utf8": self = .utf8
        case "latin1", "latin-1", "iso-8859-1", "iso8859-1": self = .latin1
        case "windows-1252", "cp1252", "windows1252": self = .windows1252
        default: return nil
        }
    }

    /// Decodes `bytes`; nil when they are not valid in this encoding (bad UTF-8, or one of the five
    /// bytes Windows-1252 leaves undefined).
    public func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard isValid(bytes) else { return nil }
        return decodeValid(bytes)
    }

    /// Decodes bytes already known to be valid in this encoding (see ``isValid(_:)``).
    ///
    /// Inlinable: a record's fields are decoded one after another with the same encoding, and as a
    /// call across modules each paid for the call and the switch (1% of a CSV run's instructions).
    @inlinable
    public func decodeValid(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        if bytes.isEmpty { return "" }  // many optional fields are empty
        if self == .utf8 { return SmallASCIIString.decodingUTF8(bytes) }
        return decodeValidSingleByte(bytes)
    }

    /// ``decodeValid(_:)`` for the one-byte encodings.
    @usableFromInline
    func decodeValidSingleByte(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .utf8:
            return SmallASCIIString.decodingUTF8(bytes)
        case .latin1:
            if Self.isASCII(bytes) { return SmallASCIIString.decodingUTF8(bytes) }
            return String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        case .windows1252:
            if Self.isASCII(bytes) { return SmallASCIIString.decodingUTF8(bytes) }
            var scalars = String.UnicodeScalarView()
            for byte in bytes {
                if byte < 0x80 || byte >= 0xA0 {
                    scalars.append(Unicode.Scalar(byte))
                } else {
                    // An undefined byte cannot reach here: isValid rejects it.
                    scalars.append(Unicode.Scalar(Self.windows1252High[Int(byte - 0x80)]) ?? "\u{FFFD}")
                }
            }
            return String(scalars)
        }
    }

    /// Whether every byte is valid in this encoding (used to reject a whole record).
    public func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        switch self {
        case .utf8:
            return UTF8Validation.isValid(bytes)
        case .latin1:
            return true
        case .windows1252:
            return !bytes.contains { $0 >= 0x80 && $0 < 0xA0 && Self.windows1252High[Int($0 - 0x80)] == 0 }
        }
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        return combined < 0x80
    }

    /// `bytes` without leading and trailing spaces and tabs.
    @inlinable
    public static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// Unicode scalars for bytes 0x80–0x9F in Windows-1252 (0 where the code page defines none),
    /// from the Unicode Consortium's mapping table CP1252.TXT.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E,
        0x0178,
    ]
}
