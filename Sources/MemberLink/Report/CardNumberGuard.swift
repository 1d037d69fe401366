/// The card-number guard (CONTRACT §4: "a value that looks like a payment card number (13–19
/// digits that pass Luhn) is never written anywhere"). The one place this is decided; every
/// writer of `RunOutputs` passes every value through it: CSV cells, JSON strings, HTML text and
/// the bytes of `rejects/NAME`.
///
/// What counts as a card number: a span of 13 to 19 ASCII digits, written either as one unbroken
/// group or as groups joined by single spaces or hyphens (`4111 1111 1111 1111`,
/// `4111-1111-1111-1111`), that passes the Luhn check (ISO/IEC 7812-1 Annex B). The span must
/// start and end on group boundaries: a card number glued to other digits without a separator is
/// not read as one (a 25-digit reference is not starred for hiding a Luhn-valid 16-digit slice),
/// but a card number separated from a neighbouring number is (`ref 12 4111 1111 1111 1111`).
/// Each such span, separators included, becomes `*` of the same length.
public enum CardNumberGuard {
    /// Fewer digits than this in a whole value cannot hide a card number.
    static let minimumDigits = 13
    static let maximumDigits = 19

    /// The value with every card-number span starred; the same string when there is none.
    public static func redact(_ value: String) -> String {
        // Most values are shorter than a card number could be: nothing to look at.
        guard value.utf8.count >= minimumDigits else { return value }
        let changed: [UInt8]? = value.withUTF8Bytes { bytes in
            guard hasLongDigitChain(bytes) else { return nil }
            var copy = Array(bytes)
            return redact(bytes: &copy) ? copy : nil
        }
        guard let changed else { return value }
        // Only ASCII digits, spaces and hyphens were replaced by ASCII `*`: still valid UTF-8.
        return String(decoding: changed, as: UTF8.self)
    }

    /// The bytes with every card-number span starred; the same array (no copy) when there is none.
    public static func redact(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.withUnsafeBufferPointer({ hasLongDigitChain($0) && !cardSpans(in: $0).isEmpty }) else {
            return bytes
        }
        var copy = bytes
        redact(bytes: &copy)
        return copy
    }

    /// Stars every card-number span in raw bytes of any ASCII-compatible encoding (UTF-8,
    /// Latin-1, Windows-1252). Returns whether anything changed.
    @discardableResult
    public static func redact(bytes: inout [UInt8]) -> Bool {
        bytes.withUnsafeMutableBufferPointer { buffer in
            guard hasLongDigitChain(UnsafeBufferPointer(buffer)) else { return false }
            let spans = cardSpans(in: UnsafeBufferPointer(buffer))
            for span in spans {
                for i in span { buffer[i] = UInt8(ascii: "*") }
            }
            return !spans.isEmpty
        }
    }

    /// Calls `body` with `bytes`, or, when they hide a card number, with a copy whose card-number
    /// spans are starred. `digits` is how many ASCII digits `bytes` hold, counted by the caller in
    /// a pass of its own (the output writers count them while they look for what to quote or
    /// escape); fewer than ``minimumDigits`` hide nothing.
    static func withGuarded<Result>(
        _ bytes: UnsafeBufferPointer<UInt8>, digits: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        if digits >= minimumDigits {
            var guarded = Array(bytes)
            if redact(bytes: &guarded) { return guarded.withUnsafeBufferPointer(body) }
        }
        return body(bytes)
    }

    /// Whether the bytes hold a chain of at least ``minimumDigits`` digits in groups joined by
    /// single spaces or hyphens: the only place ``cardSpans(in:)`` finds a span (every span lies
    /// in one such chain), found in one pass. A partner's raw row has many digits (dates, phone,
    /// membership number), but in chains too short to be a card number: this lets it through
    /// without looking at each group.
    static func hasLongDigitChain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        hasLongDigitRun(bytes) && hasLongDigitChainByteByByte(bytes)
    }

    /// ``hasLongDigitChain(_:)`` one byte at a time (about eleven instructions a byte), for the
    /// rare bytes ``hasLongDigitRun(_:)`` lets through.
    static func hasLongDigitChainByteByByte(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var chain = 0  // the digits of the chain the current byte belongs to
        var previousIsDigit = false
        for index in bytes.indices {
            let byte = bytes[index]
            if isDigit(byte) {
                chain += 1
                if chain >= minimumDigits { return true }
                previousIsDigit = true
                continue
            }
            let joinsGroups =
                previousIsDigit && (byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-"))
                && index + 1 < bytes.count && isDigit(bytes[index + 1])
            if !joinsGroups { chain = 0 }
            previousIsDigit = false
        }
        return false
    }

    /// Whether `bytes` hold a run of at least ``minimumDigits`` bytes that are each a digit, a
    /// space or a hyphen: every chain ``hasLongDigitChain(_:)`` looks for lies in one, and a raw
    /// row seldom has one (a phone number with spaces is the longest run of most). Eight bytes at
    /// a time: the high bit of each byte that is none of the three, from bit tricks that hold for
    /// every byte value, then the run that ends a word and the one that starts the next.
    static func hasLongDigitRun(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return false }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = 0x7F &* ones
        let high = 0x80 &* ones
        /// The high bit of each zero byte of `word`, exactly (no carry between bytes).
        func zeroBytes(_ word: UInt64) -> UInt64 { ~(((word & low) &+ low) | word) & high }
        var run = 0  // the run's bytes so far, at the end of what was looked at
        var offset = 0
        let wholeWords = bytes.count & ~7
        while offset < wholeWords {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + offset).loadUnaligned(as: UInt64.self))
            // Seven low bits plus 0x50 reach 0x80 from `0` on, plus 0x46 from past `9` on; a byte
            // with its own high bit set is no digit.
            let sevenBits = word & low
            let digits = (sevenBits &+ 0x50 &* ones) & ~(sevenBits &+ 0x46 &* ones) & ~word & high
            let joins = zeroBytes(word ^ (0x20 &* ones)) | zeroBytes(word ^ (0x2D &* ones))
            let others = ~(digits | joins) & high
            if others == 0 {
                run += 8
            } else {
                // The run goes on into the word's first bytes, then starts again after its last other.
                if run + others.trailingZeroBitCount / 8 >= minimumDigits { return true }
                run = others.leadingZeroBitCount / 8
            }
            if run >= minimumDigits { return true }
            offset += 8
        }
        for byte in bytes[wholeWords...] {
            if isDigit(byte) || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") {
                run += 1
                if run >= minimumDigits { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// The byte ranges of every card-number span, possibly overlapping.
    static func cardSpans(in bytes: UnsafeBufferPointer<UInt8>) -> [ClosedRange<Int>] {
        var spans: [ClosedRange<Int>] = []
        let count = bytes.count
        var start = 0
        while start < count {
            // A window starts at the first digit of a group.
            guard isDigit(bytes[start]), start == 0 || !isDigit(bytes[start - 1]) else {
                start += 1
                continue
            }
            var digits = 0
            var i = start
            while i < count {
                guard isDigit(bytes[i]) else { break }
                digits += 1
                if digits > maximumDigits { break }
                let groupEnds = i + 1 == count || !isDigit(bytes[i + 1])
                if groupEnds {
                    if digits >= minimumDigits && passesLuhn(bytes, from: start, through: i) {
                        spans.append(start...i)
                    }
                    // The span goes on only across one space or hyphen followed by a digit.
                    guard i + 2 < count, bytes[i + 1] == UInt8(ascii: " ") || bytes[i + 1] == UInt8(ascii: "-"),
                        isDigit(bytes[i + 2])
                    else { break }
                    i += 2
                } else {
                    i += 1
                }
            }
            start += 1
        }
        return spans
    }

    /// The Luhn check (ISO/IEC 7812-1) over the digits between two positions, separators skipped.
    static func passesLuhn(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, through end: Int) -> Bool {
        var sum = 0
        var double = false
        var i = end
        while i >= start {
            let byte = bytes[i]
            if isDigit(byte) {
                var digit = Int(byte &- UInt8(ascii: "0"))
                if double {
                    digit *= 2
                    if digit > 9 { digit -= 9 }
                }
                sum += digit
                double.toggle()
            }
            i -= 1
        }
        return sum % 10 == 0
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
