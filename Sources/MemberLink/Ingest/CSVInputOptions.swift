public import RecordIO

/// How a partner's CSV files are written, from the pipeline's `input` section.
public struct CSVInputOptions: Sendable, Hashable {
    public var delimiter: UInt8
    public var encoding: TextEncoding
    /// Partner column name → canonical field (`columns: { PNR: bookingCode }`).
    public var renames: [String: CanonicalField]
    /// The longest record read; a longer one is `RECORD_MALFORMED` (default 1 MiB).
    public var maxRecordBytes: Int

    public init(
        delimiter: UInt8 = UInt8(ascii: ","), encoding: TextEncoding = .utf8, renames: [String: CanonicalField] = [:],
        maxRecordBytes: Int = 1 << 20
    ) {
        self.delimiter = delimiter
        self.encoding = encoding
        self.renames = renames
        self.maxRecordBytes = maxRecordBytes
    }
}
