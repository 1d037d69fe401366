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
    /// Appends the request body as one JSON line, LF-terminated.
    mutating func jsonLine(_ request: AttachmentLine) {
        // The fixed text between two values goes in as one literal (punctuation and keys): a
        // line is mostly such text, and each append has a cost of its own.
        raw("{\"system\":")
        json(request.system)
        raw(",\"bookingCode\":")
        json(request.bookingCode)
        raw(",\"passengers\":[")
        // Each passenger read where it lies: `for passenger in ...` copied every one (a count up
        // and down of each of its strings).
        let passengers = request.passengers
        for position in passengers.indices {
            if position > 0 { raw(",") }
            raw("{\"index\":")
            number(passengers[position].index)
            raw(",\"passengerId\":")
            json(passengers[position].passengerId)
            raw(",\"membership\":{\"airline\":")
            json(passengers[position].membership.airline)
            raw(",\"membershipId\":")
            json(passengers[position].membership.membershipId)
            raw(",\"level\":")
            json(passengers[position].membership.level)
            raw(",\"skyTeamLevel\":")
            json(passengers[position].membership.skyTeamLevel)
            raw("}}")
        }
        raw("]}\n")
    }
}
