internal import RecordIO

/// A value of at most 15 ASCII bytes, as the `String` holds it (``RecordIO/SmallASCIIString``):
/// two words, with what the output guards ask of a value (digits, quoting, escaping) found on
/// eight bytes at a time. Most cells of the outputs are such values (codes, names, dates, ids);
/// byte by byte, the guards' scan and the copy cost about 150 instructions a cell.
///
/// Every test works on bytes below 0x80, so adding a constant to a byte never carries into the
/// next one; the bytes past the value are zero, and each test says what it makes of them.
struct SmallValue {
    let leading: UInt64
    let trailing: UInt64
    let count: Int

    /// The value of `string`, or nil when it is not a small ASCII string.
    @inline(__always)
    init?(_ string: String) {
        guard let words = SmallASCIIString.words(of: string) else { return nil }
        (leading, trailing, count) = words
    }

    /// The value whose words ``RecordIO/SmallASCIIString/words(of:)`` gave.
    @inline(__always)
    init(_ words: (leading: UInt64, trailing: UInt64, count: Int)) {
        (leading, trailing, count) = words
    }

    private static var ones: UInt64 { 0x0101_0101_0101_0101 }
    private static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// Whether the value may hide a card number: whether it has as many ASCII digits as
    /// ``CardNumberGuard/minimumDigits`` (counted only when it is that long). A byte is a digit
    /// when adding 0x50 sets its high bit (it is at least `0`) and adding 0x46 does not (at most
    /// `9`); a zero byte past the value is neither.
    @inline(__always)
    var mayHideCardNumber: Bool {
        guard count >= CardNumberGuard.minimumDigits else { return false }
        func digitBits(_ word: UInt64) -> UInt64 {
            (word &+ 0x50 &* Self.ones) & ~(word &+ 0x46 &* Self.ones) & Self.highBits
        }
        return digitBits(leading).nonzeroBitCount + digitBits(trailing).nonzeroBitCount >= CardNumberGuard.minimumDigits
    }

    /// Whether a byte is a comma, a double quote, LF or CR: RFC 4180 quoting
    /// (``CSVInjectionGuard/needsQuoting(_:)``). All four are below 0x2D, as few bytes of most
    /// values are (a space is): only a value with such a byte is compared with each of them.
    @inline(__always)
    var needsCSVQuoting: Bool {
        let (leadingBytes, trailingBytes) = Self.highBitsOfValue(count: count)
        let low = Self.bytesBelow(0x2D, leading, leadingBytes) | Self.bytesBelow(0x2D, trailing, trailingBytes)
        guard low != 0 else { return false }
        let any =
            Self.bytesEqual(leading, UInt8(ascii: ",")) | Self.bytesEqual(trailing, UInt8(ascii: ","))
            | Self.bytesEqual(leading, UInt8(ascii: "\"")) | Self.bytesEqual(trailing, UInt8(ascii: "\""))
            | Self.bytesEqual(leading, 0x0A) | Self.bytesEqual(trailing, 0x0A)
            | Self.bytesEqual(leading, 0x0D) | Self.bytesEqual(trailing, 0x0D)
        return any != 0
    }

    /// Whether a byte is a double quote, a backslash or a control character: a JSON escape
    /// (RFC 8259 §7).
    @inline(__always)
    var needsJSONEscape: Bool {
        let (leadingBytes, trailingBytes) = Self.highBitsOfValue(count: count)
        let any =
            Self.bytesBelow(0x20, leading, leadingBytes) | Self.bytesBelow(0x20, trailing, trailingBytes)
            | Self.bytesEqual(leading, UInt8(ascii: "\"")) | Self.bytesEqual(trailing, UInt8(ascii: "\""))
            | Self.bytesEqual(leading, UInt8(ascii: "\\")) | Self.bytesEqual(trailing, UInt8(ascii: "\\"))
        return any != 0
    }

    /// The first byte, nil for the empty value (``CSVInjectionGuard/needsPrefix(firstByte:)``).
    var firstByte: UInt8? { count == 0 ? nil : UInt8(truncatingIfNeeded: leading) }

    /// The high bit of each byte of `word` below `bound`, among the bytes whose high bit
    /// `valueBytes` has (the zero bytes past the value would be below any bound): adding
    /// `0x80 - bound` leaves such a byte below 0x80.
    @inline(__always)
    private static func bytesBelow(_ bound: UInt8, _ word: UInt64, _ valueBytes: UInt64) -> UInt64 {
        ~(word &+ UInt64(0x80 - bound) &* ones) & valueBytes
    }

    /// The high bit of each byte of `word` that equals `byte`: a byte of `word ^ byte…` is zero,
    /// and adding 0x7F sets the high bit of every byte that is not.
    @inline(__always)
    private static func bytesEqual(_ word: UInt64, _ byte: UInt8) -> UInt64 {
        let difference = word ^ (UInt64(byte) &* ones)
        return ~(difference &+ 0x7F &* ones) & highBits
    }

    /// The high bit of each byte of the value, in each of its two words.
    @inline(__always)
    private static func highBitsOfValue(count: Int) -> (UInt64, UInt64) {
        if count >= 8 {
            let trailingCount = count - 8
            return (highBits, trailingCount == 0 ? 0 : highBits & ((1 << UInt64(8 * trailingCount)) &- 1))
        }
        return (count == 0 ? 0 : highBits & ((1 << UInt64(8 * count)) &- 1), 0)
    }
}
