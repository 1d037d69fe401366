/// One record of a CSV stream: its fields (unquoted and unescaped), the exact bytes it was written
/// with, and the physical line where it starts.
///
/// A row is a value; a row the tokenizer could not read cleanly still comes back, with ``problem``
/// set, so the caller can report it at its line and carry on.
public struct CSVRow: Sendable {
    /// Why a row could not be read as RFC 4180 says.
    public enum Problem: String, Sendable, Hashable {
        /// A quote inside an unquoted field, e.g. `ab"c`.
        case strayQuote
        /// Something other than a delimiter or line end after a closing quote, e.g. `"x"y`.
        case textAfterClosingQuote
        /// A quoted field that is never closed (the reader resumes at the next line).
        case unterminatedQuote
        /// A NUL byte, which no text file holds.
        case nulByte
        /// The record is longer than the reader's maximum record size.
        case tooLarge

        /// A sentence for error reports.
        public var explanation: String {
            switch self {
            case .strayQuote: "a quote character inside an unquoted field; quote the whole field and double the quote"
            case .textAfterClosingQuote:
                "text after a closing quote; a quoted field must end at a delimiter or line end"
            case .unterminatedQuote: "a quoted field is never closed; close the quote or remove it"
            case .nulByte: "a NUL byte; the file is binary or damaged"
            case .tooLarge: "the record is longer than the maximum record size"
            }
        }
    }

    /// The 1-based physical line where the row starts.
    public let line: Int
    /// How many physical lines the row spans (a quoted line break adds one).
    public let lineCount: Int
    /// The exact bytes of the row, line ending included (a leading BOM too, on the first row).
    /// Empty for a row dropped for being too large: it was never held in memory.
    public let raw: [UInt8]
    /// The fields' unescaped bytes and where each ends.
    @usableFromInline let fields: CSVFieldBuffer
    public let problem: Problem?

    init(line: Int, lineCount: Int, raw: [UInt8], fields: CSVFieldBuffer, problem: Problem?) {
        self.line = line
        self.lineCount = lineCount
        self.raw = raw
        self.fields = fields
        self.problem = problem
    }

    public var fieldCount: Int { fields.fieldCount }

    /// A copy of the bytes of field `index` (0-based), unquoted and unescaped.
    public func bytes(_ index: Int) -> [UInt8] {
        withBytes(index) { Array($0) }
    }

    /// Calls `body` with the bytes of field `index` (0-based), unquoted and unescaped, without
    /// copying them. The pointer is valid only inside `body`.
    @inlinable
    public func withBytes<Result>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows
        -> Result
    {
        try withExtendedLifetime(fields) { try body(fields.field(index)) }
    }

    /// Calls `body` with every field's bytes, unquoted and unescaped, back to back, and the end
    /// offset of each field in them: field `i` is `values[(i == 0 ? 0 : ends[i - 1])..<ends[i]]`.
    /// For readers that work on the bytes without making a copy or a `String` per field.
    public func withFieldBytes<Result>(
        _ body: (_ values: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) throws -> Result
    ) rethrows -> Result {
        try withExtendedLifetime(fields) { try body(fields.valueBuffer, fields.endBuffer) }
    }

    /// Field `index` as UTF-8 text, or nil when its bytes are not valid UTF-8.
    public func string(_ index: Int) -> String? {
        withBytes(index) { TextEncoding.utf8.decode($0) }
    }

    /// Whether every field's bytes are valid in `encoding` (one pass over the whole row).
    public func isValid(in encoding: TextEncoding) -> Bool {
        withExtendedLifetime(fields) { encoding.isValid(fields.valueBuffer) }
    }

    /// Field `index` decoded with `encoding` and trimmed, for a row that passed ``isValid(in:)``.
    public func validText(_ index: Int, encoding: TextEncoding) -> String {
        withBytes(index) { encoding.decodeValid(TextEncoding.trimmed($0)) }
    }

    /// Field `index` decoded with `encoding`, surrounding spaces and tabs removed; nil when the bytes
    /// are not valid in that encoding.
    public func text(_ index: Int, encoding: TextEncoding) -> String? {
        withBytes(index) { encoding.decode(TextEncoding.trimmed($0)) }
    }
}

/// The unescaped bytes of a row's fields, back to back, and where each field ends, in memory of
/// their own: the tokenizer appends a field with one bounds check and one copy (an `Array` also
/// checks at every append that its buffer is unique), and readers reach the bytes through pointers,
/// without a slice that retains an array.
///
/// A ``CSVRow`` holds one. The tokenizer fills it while reading a row and, once the row is handed
/// out, changes it again only when no row holds it any more (`isKnownUniquelyReferenced`);
/// otherwise it starts a new one. A buffer a row holds is never changed: that is why it can be
/// `Sendable`.
@usableFromInline
final class CSVFieldBuffer: @unchecked Sendable {
    private var values: ByteBuffer
    private var ends: UnsafeMutablePointer<Int>
    private(set) var fieldCount = 0
    private var endCapacity: Int

    init(valueCapacity: Int = 256, fieldCapacity: Int = 32) {
        values = ByteBuffer(capacity: valueCapacity)
        endCapacity = Swift.max(fieldCapacity, 4)
        ends = .allocate(capacity: endCapacity)
    }

    deinit {
        ends.deallocate()
    }

    var valueCount: Int { values.count }
    var valueBuffer: UnsafeBufferPointer<UInt8> { values.bytes }
    var endBuffer: UnsafeBufferPointer<Int> { UnsafeBufferPointer(start: ends, count: fieldCount) }

    /// The bytes of field `index`.
    @usableFromInline
    func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "CSV field index out of range")
        let start = index == 0 ? 0 : ends[index - 1]
        return UnsafeBufferPointer(start: values.bytes.baseAddress! + start, count: ends[index] - start)
    }

    /// Adds bytes to the field being read.
    @inline(__always)
    func append(_ bytes: UnsafeRawBufferPointer) {
        values.append(bytes)
    }

    /// Adds a whole field: `bytes`, then its end.
    @inline(__always)
    func appendField(_ bytes: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawBufferPointer(bytes))
        endField()
    }

    func append(byte: UInt8) {
        values.append(byte)
    }

    /// Ends the field being read: it is the bytes added since the previous field ended.
    @inline(__always)
    func endField() {
        if fieldCount == endCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: endCapacity * 2)
            grown.initialize(from: ends, count: fieldCount)
            ends.deallocate()
            ends = grown
            endCapacity *= 2
        }
        ends[fieldCount] = values.count
        fieldCount += 1
    }

    func removeAll() {
        values.truncate(to: 0)
        fieldCount = 0
    }
}

/// A plain one-line row as ``CSVTokenizer/readPlainRow(fieldsWanted:_:)`` finds it, over the
/// tokenizer's bytes: valid only inside the call that receives it. Its fields are the bytes between
/// the delimiters, without the quotes of a quoted one (which holds no quote and no line break), as
/// ``CSVTokenizer/next()`` reads them.
public struct PlainRow {
    /// The row's bytes without its line end.
    public let line: UnsafeBufferPointer<UInt8>
    /// The row's bytes with its line end (LF or CRLF): what ``CSVRow/raw`` holds, less ``byteOrderMark``.
    public let raw: UnsafeBufferPointer<UInt8>
    /// Where each of the fields asked for ends in ``line``.
    public let fieldEnds: UnsafeBufferPointer<Int>
    public let fieldCount: Int
    /// Whether every byte of ``line`` is ASCII (below 0x80), and so valid in every ``TextEncoding``:
    /// found by the scan that found the delimiters.
    public let isASCII: Bool
    /// The 1-based line where the row is.
    public let lineNumber: Int
    /// The file's byte order mark when this is its first row (``CSVRow/raw`` starts with it), else empty.
    public let byteOrderMark: [UInt8]

    /// The bytes of field `index`, one of those asked for.
    @inlinable
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1] + 1
        let end = fieldEnds[index]
        // A field of a plain row is quoted exactly when it starts with a quote; its value is the
        // bytes between its quotes, which hold no quote (nothing to unescape).
        if start < end, line[start] == UInt8(ascii: "\"") {
            return UnsafeBufferPointer(rebasing: line[start + 1..<end - 1])
        }
        return UnsafeBufferPointer(rebasing: line[start..<end])
    }
}
