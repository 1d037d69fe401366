/// One Add Membership request body, one line of `attachments.jsonl` (CONTRACT §4): exactly the
/// shape of `POST /api/v1/flight/addmembership`,
/// `{"system","bookingCode","passengers":[{"index","passengerId","membership":{"airline","membershipId","level","skyTeamLevel"}}]}`,
/// with `index` a JSON number.
public struct AttachmentLine: Sendable, Hashable {
    /// One passenger of the booking getting a new membership attached.
    public struct Passenger: Sendable, Hashable {
        /// The passenger's index in the booking (1–99), written as a number.
        public var index: Int
        public var passengerId: String
        /// The directory's membership: FFN, tier and alliance tier, never the partner's claim.
        public var membership: Membership

        public init(index: Int, passengerId: String, membership: Membership) {
            self.index = index
            self.passengerId = passengerId
            self.membership = membership
        }
    }

    public var system: String
    public var bookingCode: String
    /// In index order.
    public var passengers: [Passenger]

    public init(system: String, bookingCode: String, passengers: [Passenger]) {
        self.system = system
        self.bookingCode = bookingCode
        self.passengers = passengers
    }
}

extension OutputLine {
    /// Where the string `field` of the passenger at `passenger` is stored (a stored property of
    /// stored properties: its offset is fixed).
    @inline(__always)
    private static func address(
        of field: KeyPath<AttachmentLine.Passenger, String>, in passenger: UnsafePointer<AttachmentLine.Passenger>
    ) -> UnsafePointer<String> {
        let offset = MemoryLayout<AttachmentLine.Passenger>.offset(of: field)!
        return (UnsafeRawPointer(passenger) + offset).assumingMemoryBound(to: String.self)
    }

    /// Appends the request body as one JSON line, LF-terminated.
    mutating func jsonLine(_ request: AttachmentLine) {
        // The fixed text between two values goes in as one literal (punctuation and keys): a
        // line is mostly such text, and each append has a cost of its own.
        raw("{\"system\":")
        json(request.system)
        raw(",\"bookingCode\":")
        json(request.bookingCode)
        raw(",\"passengers\":[")
        // Each passenger's strings read where they lie in the array (``json(stringAt:)``):
        // `for passenger in ...` copied every passenger, and `json(passengers[position].x)` each
        // string (a count up and down of each, five a passenger).
        request.passengers.withUnsafeBufferPointer { passengers in
            for position in passengers.indices {
                if position > 0 { raw(",") }
                let passenger = passengers.baseAddress! + position
                raw("{\"index\":")
                number(passenger.pointee.index)
                raw(",\"passengerId\":")
                json(stringAt: Self.address(of: \.passengerId, in: passenger))
                raw(",\"membership\":{\"airline\":")
                json(stringAt: Self.address(of: \.membership.airline, in: passenger))
                raw(",\"membershipId\":")
                json(stringAt: Self.address(of: \.membership.membershipId, in: passenger))
                raw(",\"level\":")
                json(stringAt: Self.address(of: \.membership.level, in: passenger))
                raw(",\"skyTeamLevel\":")
                json(stringAt: Self.address(of: \.membership.skyTeamLevel, in: passenger))
                raw("}}")
            }
        }
        raw("]}\n")
    }
}
