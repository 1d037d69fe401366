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
            case .textAfterClosingQuote: "text after a closing quote; a quoted field must end at a delimiter or line end"
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
    /// Unescaped field contents, back to back.
    let values: [UInt8]
    /// The end offset of each field in `values`.
    let fieldEnds: [Int]
    public let problem: Problem?

    init(line: Int, lineCount: Int, raw: [UInt8], values: [UInt8], fieldEnds: [Int], problem: Problem?) {
        self.line = line
        self.lineCount = lineCount
        self.raw = raw
        self.values = values
        self.fieldEnds = fieldEnds
        self.problem = problem
    }

    public var fieldCount: Int { fieldEnds.count }

    /// The bytes of field `index` (0-based), unquoted and unescaped.
    public func bytes(_ index: Int) -> ArraySlice<UInt8> {
        let start = index == 0 ? 0 : fieldEnds[index - 1]
        return values[start..<fieldEnds[index]]
    }

    /// Calls `body` with every field's bytes, unquoted and unescaped, back to back, and the end
    /// offset of each field in them: field `i` is `values[(i == 0 ? 0 : ends[i - 1])..<ends[i]]`.
    /// For readers that work on the bytes without making a copy or a `String` per field.
    public func withFieldBytes<Result>(
        _ body: (_ values: UnsafeBufferPointer<UInt8>, _ ends: UnsafeBufferPointer<Int>) throws -> Result
    ) rethrows -> Result {
        try values.withUnsafeBufferPointer { values in
            try fieldEnds.withUnsafeBufferPointer { ends in try body(values, ends) }
        }
    }

    /// Field `index` as UTF-8 text, or nil when its bytes are not valid UTF-8.
    public func string(_ index: Int) -> String? {
        bytes(index).withUnsafeBufferPointer { TextEncoding.utf8.decode($0) }
    }

    /// Whether every field's bytes are valid in `encoding` (one pass over the whole row).
    public func isValid(in encoding: TextEncoding) -> Bool {
        values.withUnsafeBufferPointer { encoding.isValid($0) }
    }

    /// Field `index` decoded with `encoding` and trimmed, for a row that passed ``isValid(in:)``.
    public func validText(_ index: Int, encoding: TextEncoding) -> String {
        bytes(index).withUnsafeBufferPointer { encoding.decodeValid(TextEncoding.trimmed($0)) }
    }

    /// Field `index` decoded with `encoding`, surrounding spaces and tabs removed; nil when the bytes
    /// are not valid in that encoding.
    public func text(_ index: Int, encoding: TextEncoding) -> String? {
        bytes(index).withUnsafeBufferPointer { encoding.decode(TextEncoding.trimmed($0)) }
    }
}
