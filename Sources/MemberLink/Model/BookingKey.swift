/// What makes records one booking: the same system and booking code, compared case-insensitively
/// (CONTRACT §1.1), within one input file.
public struct BookingKey: Sendable, Hashable {
    public var system: String
    public var bookingCode: String

    public init(system: some StringProtocol, bookingCode: some StringProtocol) {
        self.system = system.uppercased()
        self.bookingCode = bookingCode.uppercased()
    }

    public init(_ record: PassengerRecord) {
        self.init(system: record[.system], bookingCode: record[.bookingCode])
    }
}
