internal import RecordIO

/// One line of an output file, built as UTF-8 bytes in a buffer that is reused from line to line
/// (no allocation per record once it has grown). Values go in through the CSV and JSON writers of
/// `OutputLine+CSV.swift` and `OutputLine+JSON.swift`, which apply the output guards; ``raw(_:)``
/// is for the fixed text of the formats only.
///
/// Not copyable: one writer owns it, so an append is a capacity check and a copy, with no
/// uniqueness check (a copyable line shared its bytes through a class until a change, and that
/// check cost about 50 instructions per append, 3% of a CSV run's instructions).
struct OutputLine: ~Copyable {
    private var buffer = ByteBuffer(capacity: 1024)
    /// How the JSON writer last wrote a few long literal strings (``LiteralCache``).
    var jsonLiterals = LiteralCache()
    /// How the CSV writer last wrote a few long literal strings as cells after a comma.
    var csvLiterals = LiteralCache()

    init() {}

    /// The line so far, as an array (for callers that keep it; writers use ``withBytes(_:)``).
    var bytes: [UInt8] { withBytes { Array($0) } }

    /// Calls `body` with the line so far, in place.
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) rethrows -> Result {
        try body(UnsafeRawBufferPointer(buffer.bytes))
    }

    /// The number of bytes in the line so far.
    var count: Int { buffer.count }

    /// Calls `body` with the line's bytes from `start` to its end (what was appended since the
    /// line had `start` bytes).
    func withBytes<Result>(from start: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(rebasing: buffer.bytes[start...]))
    }

    /// Empties the line, keeping its buffer.
    mutating func reset() {
        buffer.truncate(to: 0)
    }

    /// Appends fixed format text (keys, punctuation, headers), unguarded. Inlined: the text's
    /// length is then known where it is written, and the copy is a few moves, not a call.
    @inline(__always)
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { append($0) }
    }

    /// Appends fixed text that is not a literal (e.g. a header built from field names), unguarded.
    mutating func rawText(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    /// Appends a whole number in decimal.
    @inline(never)  // inlined, it changed how the attachment line's loop was compiled, for the worse
    mutating func number(_ value: Int) {
        // The digits written backwards into room for the longest number, then moved to the
        // line's end in one copy: a call per digit (a line number has up to seven) cost about
        // 250 instructions a number.
        let longest = 20  // "-9223372036854775808"
        let target = room(for: longest)
        var magnitude = value.magnitude
        var position = longest
        repeat {
            position -= 1
            target[position] = UInt8(ascii: "0") + UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
        if value < 0 {
            position -= 1
            target[position] = UInt8(ascii: "-")
        }
        let count = longest - position
        // The regions may overlap: `copyMemory` moves as `memmove` does.
        UnsafeMutableRawPointer(target).copyMemory(from: target + position, byteCount: count)
        buffer.extend(by: count)
    }

    /// Appends bytes as they are (callers have escaped or guarded them).
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        guard let source = value.baseAddress, !value.isEmpty else { return }
        let target = room(for: value.count)
        target.initialize(from: source, count: value.count)
        buffer.extend(by: value.count)
    }

    /// Appends `opening` and `bytes` in one step (a CSV cell after its comma).
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, after opening: UInt8) {
        append(bytes, opening: opening, closing: nil, nil)
    }

    /// Appends `opening`, `bytes` and `closing` in one step (a JSON string: `"`, bytes, `"`).
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, between opening: UInt8, and closing: UInt8) {
        append(bytes, opening: opening, closing: closing, nil)
    }

    /// Appends `opening`, `bytes`, `closing` and `last` in one step (a JSON key: `"`, name, `":`).
    mutating func append(
        _ bytes: UnsafeBufferPointer<UInt8>, between opening: UInt8, and closing: UInt8, _ last: UInt8
    ) {
        append(bytes, opening: opening, closing: closing, last)
    }

    /// One byte, `bytes`, then up to two bytes, with one room check.
    @inline(__always)
    private mutating func append(_ bytes: UnsafeBufferPointer<UInt8>, opening: UInt8, closing: UInt8?, _ last: UInt8?) {
        let count = bytes.count + 1 + (closing == nil ? 0 : 1) + (last == nil ? 0 : 1)
        let target = room(for: count)
        target.initialize(to: opening)
        if let source = bytes.baseAddress { (target + 1).initialize(from: source, count: bytes.count) }
        var end = bytes.count + 1
        if let closing {
            target[end] = closing
            end += 1
        }
        if let last { target[end] = last }
        buffer.extend(by: count)
    }

    /// Appends `opening` when given, a small value's bytes, then `closing` when given: one room
    /// check and two eight-byte stores (the zero bytes past the value are written, not counted).
    @inline(__always)
    mutating func append(_ value: SmallValue, opening: UInt8?, closing: UInt8?) {
        let target = UnsafeMutableRawPointer(room(for: 18))
        var end = 0
        if let opening {
            target.storeBytes(of: opening, as: UInt8.self)
            end = 1
        }
        target.storeBytes(of: value.leading, toByteOffset: end, as: UInt64.self)
        target.storeBytes(of: value.trailing, toByteOffset: end + 8, as: UInt64.self)
        end += value.count
        if let closing {
            target.storeBytes(of: closing, toByteOffset: end, as: UInt8.self)
            end += 1
        }
        buffer.extend(by: end)
    }

    mutating func byte(_ value: UInt8) {
        room(for: 1).initialize(to: value)
        buffer.extend(by: 1)
    }

    /// Ends the line with LF (CONTRACT §4 outputs use LF line ends).
    mutating func newline() {
        byte(UInt8(ascii: "\n"))
    }

    // MARK: Storage

    /// Where `count` more bytes go, the buffer grown (doubling) when they do not fit.
    @inline(__always)
    private mutating func room(for count: Int) -> UnsafeMutablePointer<UInt8> {
        buffer.reserve(count)
    }
}

/// The bytes a writer made of a few long string literals (the outcomes' business messages and
/// the child errors' messages, the same texts on every rejected record), keyed by the string's
/// two words. A literal's storage is immortal, so its words name its text for the life of the
/// process; any other string is not kept (its words may name other text once it is freed).
struct LiteralCache {
    /// Direct-mapped by the literal's address: a message's slot is found without a search.
    private var keys = [(UInt64, UInt64)](repeating: (0, 0), count: LiteralCache.capacity)
    private var written = [[UInt8]](repeating: [], count: LiteralCache.capacity)
    static let capacity = 256

    private static func slot(_ key: (UInt64, UInt64)) -> Int {
        Int(truncatingIfNeeded: ((key.1 &* 0x9E37_79B9_7F4A_7C15) >> 56)) & (capacity - 1)
    }

    /// The words of `value` as a key, when it is a literal too long to be a small string.
    static func key(of value: String) -> (UInt64, UInt64)? {
        #if _endian(little) && _pointerBitWidth(_64)
            let words = unsafeBitCast(value, to: (UInt64, UInt64).self)
            // The object word's top bits: immortal (63) and not small (61).
            guard words.1 >> 63 == 1, words.1 & 1 << 61 == 0 else { return nil }
            return words
        #else
            return nil
        #endif
    }

    /// What was written for `key`, if it is kept.
    func written(for key: (UInt64, UInt64)) -> [UInt8]? {
        let slot = Self.slot(key)
        return keys[slot] == key ? written[slot] : nil
    }

    /// Keeps `bytes` as what was written for `key`, in place of what its slot held.
    mutating func keep(_ bytes: [UInt8], for key: (UInt64, UInt64)) {
        let slot = Self.slot(key)
        keys[slot] = key
        written[slot] = bytes
    }
}
