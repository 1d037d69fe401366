/// What the first pass over a partner file learns: where each booking's last record is (so the
/// second pass knows when a booking is complete), how many records there are, and the file's size
/// and SHA-256 as it is on disk.
public struct BookingScan: Sendable {
    /// Each booking's last record, by ``BookingKey/fingerprint(of:)``.
    public var lastSequence: [UInt64: Int] = [:]
    public var records = 0
    public var bytes = 0
    public var sha256 = ""

    public init() {}
}
