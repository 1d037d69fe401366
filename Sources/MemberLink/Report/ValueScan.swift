internal import RecordIO

/// The one pass the output writers make over a value before writing it: how many ASCII digits it
/// has (``CardNumberGuard`` looks further only at values with enough) and whether any byte needs
/// a JSON escape or CSV quotes. Eight bytes at a time, in a 64-bit word (``RecordIO/ByteWords``), then byte by byte for the last few; the verdicts are the same as the
/// byte-by-byte definitions (ValueScanTests compares them on random bytes).
///
/// Byte by byte, this pass was most of the cost of a long value (a message, a path, an e-mail
/// address): about five instructions a byte, for an output of about 400 MB per million records.
enum ValueScan {
    /// What a JSON string needs: its digits, and whether a byte needs an escape (`"`, `\` or a
    /// control character below U+0020).
    static func json(_ bytes: UnsafeBufferPointer<UInt8>) -> (digits: Int, escapes: Bool) {
        var digits = 0
        var escapes: UInt64 = 0
        let wholeWords = forEachWord(of: bytes) { word in
            digits += ByteWords.digits(word).nonzeroBitCount
            escapes |=
                ByteWords.below(word, 0x20) | ByteWords.equal(word, UInt8(ascii: "\""))
                | ByteWords.equal(word, UInt8(ascii: "\\"))
        }
        var escapesTail = false
        for byte in bytes[wholeWords...] {
            if isDigit(byte) { digits += 1 }
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { escapesTail = true }
        }
        return (digits, escapes != 0 || escapesTail)
    }

    /// What a CSV cell needs (RFC 4180): its digits, whether it needs quotes (a comma, a double
    /// quote, CR or LF) and whether it holds a double quote (to double).
    static func csv(_ bytes: UnsafeBufferPointer<UInt8>) -> (digits: Int, needsQuotes: Bool, hasQuote: Bool) {
        var digits = 0
        var quotes: UInt64 = 0
        var others: UInt64 = 0
        let wholeWords = forEachWord(of: bytes) { word in
            digits += ByteWords.digits(word).nonzeroBitCount
            quotes |= ByteWords.equal(word, UInt8(ascii: "\""))
            others |=
                ByteWords.equal(word, UInt8(ascii: ",")) | ByteWords.equal(word, 0x0A) | ByteWords.equal(word, 0x0D)
        }
        var hasQuote = quotes != 0
        var needsQuotes = hasQuote || others != 0
        for byte in bytes[wholeWords...] {
            if isDigit(byte) { digits += 1 }
            if byte == UInt8(ascii: "\"") { hasQuote = true }
            if byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D {
                needsQuotes = true
            }
        }
        return (digits, needsQuotes, hasQuote)
    }

    // MARK: Words

    /// Calls `body` with each whole eight bytes of `bytes`, in order; returns how many bytes that was.
    @inline(__always)
    private static func forEachWord(of bytes: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        let raw = UnsafeRawPointer(base)
        let whole = bytes.count & ~7
        var offset = 0
        while offset < whole {
            body(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
            offset += 8
        }
        return whole
    }

    @inline(__always)
    private static func isDigit(_ byte: UInt8) -> Bool { byte &- UInt8(ascii: "0") < 10 }
}
