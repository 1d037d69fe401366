public import RecordIO

/// A partner booking file read as a cursor of ``IngestedRow``s in file order, whatever its format.
public protocol BookingRowReader: AnyObject {
    /// The header row's exact bytes for `rejects/NAME` (CSV), or nil for formats without one.
    var headerRaw: [UInt8]? { get }
    /// The next row, or nil at the end of the file.
    func next() throws -> IngestedRow?
    /// The next row for the first pass: only its booking's fingerprint when it is a readable
    /// record (nil for a malformed row), classified exactly as ``next()`` would.
    func skim() throws -> SkimmedRow?
}

/// A row as the first pass sees it.
public struct SkimmedRow: Sendable {
    /// ``BookingKey/fingerprint(of:)`` of a readable record; nil for a malformed row.
    public var bookingFingerprint: UInt64?
    public var sequence: Int
}

extension BookingRowReader {
    /// Reads the whole row; readers with a cheaper way override this.
    public func skim() throws -> SkimmedRow? {
        guard let row = try next() else { return nil }
        if case .record(let record, _) = row {
            return SkimmedRow(bookingFingerprint: BookingKey.fingerprint(of: record), sequence: record.sequence)
        }
        return SkimmedRow(bookingFingerprint: nil, sequence: row.sequence)
    }
}

extension CSVBookingReader: BookingRowReader {
    public var headerRaw: [UInt8]? { header }
}

/// Makes the reader for a pipeline's input format.
public enum BookingRowReaders {
    /// - Parameters:
    ///   - parseAhead: for XML, parse on a thread of its own (``XMLBookingReader``).
    ///   - splitPath: for XML parsed ahead, the path of the file `source` reads, when nothing else
    ///     needs its bytes in order: a large plain file is then parsed by two parsers at once
    ///     (``XMLBookingReader/splitting(path:displayName:limits:maxFieldBytes:segmentBytes:)``).
    public static func make(
        format: PipelineConfiguration.InputFormat, source: any ByteSource, displayName: String, csv: CSVInputOptions,
        parseAhead: Bool = false, splitPath: String? = nil
    ) throws -> any BookingRowReader {
        switch format {
        case .csv:
            return try CSVBookingReader(source: source, displayName: displayName, options: csv)
        case .xml:
            if parseAhead, let splitPath, let split = try XMLBookingReader.splitting(path: splitPath, displayName: displayName) {
                return split
            }
            return try XMLBookingReader(source: source, displayName: displayName, parseAhead: parseAhead)
        }
    }
}
