/// One line of an output file, built as UTF-8 bytes in a buffer that is reused from line to line
/// (no allocation per record once it has grown). Values go in through the CSV and JSON writers of
/// `OutputLine+CSV.swift` and `OutputLine+JSON.swift`, which apply the output guards; ``raw(_:)``
/// is for the fixed text of the formats only.
struct OutputLine {
    private(set) var bytes: [UInt8] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    /// Empties the line, keeping its buffer.
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends fixed format text (keys, punctuation, headers), unguarded.
    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends fixed text that is not a literal (e.g. a header built from field names), unguarded.
    mutating func rawText(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends a whole number in decimal.
    mutating func number(_ value: Int) {
        if value < 0 {
            bytes.append(UInt8(ascii: "-"))
            number(Int(value.magnitude))  // sizes and counts are never Int.min
            return
        }
        if value >= 10 { number(value / 10) }
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
    }

    /// Appends bytes as they are (callers have escaped or guarded them).
    mutating func append(_ value: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: value)
    }

    mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    /// Ends the line with LF (CONTRACT §4 outputs use LF line ends).
    mutating func newline() {
        bytes.append(UInt8(ascii: "\n"))
    }
}
