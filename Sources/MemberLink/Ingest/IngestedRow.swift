/// What the Ingest stage hands on for each record of a partner file: a readable record, or a row
/// that could not be read (`RECORD_MALFORMED`), each with the exact bytes it was written with.
public enum IngestedRow: Sendable {
    case record(PassengerRecord, raw: [UInt8])
    case malformed(MalformedRow)

    /// The record's position in its file.
    public var sequence: Int {
        switch self {
        case .record(let record, _): record.sequence
        case .malformed(let row): row.sequence
        }
    }
}

/// A row that could not be read as a record, with the reason in plain words.
public struct MalformedRow: Sendable, Hashable {
    public var location: SourceLocation
    public var sequence: Int
    public var reason: String
    /// The row's exact bytes, for `rejects/NAME` (empty when it was too large to hold).
    public var raw: [UInt8]

    public init(location: SourceLocation, sequence: Int, reason: String, raw: [UInt8]) {
        self.location = location
        self.sequence = sequence
        self.reason = reason
        self.raw = raw
    }
}
