internal import Storage

/// One line of the attachment ledger: the membership attached to one passenger of one booking
/// (CONTRACT §2 step 7). The key is (system, bookingCode, passengerId); bookingCode is kept
/// upper-cased, as the contract writes it.
public struct LedgerEntry: Sendable, Hashable {
    public var system: String
    public var bookingCode: String
    public var passengerId: String
    public var airline: String
    public var membershipId: String

    public init(system: String, bookingCode: String, passengerId: String, airline: String, membershipId: String) {
        self.system = system
        self.bookingCode = bookingCode
        self.passengerId = passengerId
        self.airline = airline
        self.membershipId = membershipId
    }
}

extension LedgerEntry {
    /// A booking code as the ledger keys it: upper-cased, so `abc123` and `ABC123` are one booking.
    /// The one place this is decided, for the ledger, the stage and their lookups.
    static func keyBookingCode(_ bookingCode: String) -> String {
        bookingCode.uppercasedASCIIFast
    }

    /// The ledger's key: one passenger of one booking.
    public struct Passenger: Sendable, Hashable {
        public var system: String
        public var bookingCode: String
        public var passengerId: String

        public init(system: String, bookingCode: String, passengerId: String) {
            self.system = system
            self.bookingCode = LedgerEntry.keyBookingCode(bookingCode)
            self.passengerId = passengerId
        }
    }

    public var passenger: Passenger {
        Passenger(system: system, bookingCode: bookingCode, passengerId: passengerId)
    }
}

extension LedgerEntry {
    /// Binds the entry as parameters 1 to 5 (system, bookingCode upper-cased, passengerId, airline,
    /// membershipId) of an insert into the ledger or the stage.
    func bind(to statement: Statement) throws {
        try statement.bind(system, at: 1)
        try statement.bind(Self.keyBookingCode(bookingCode), at: 2)
        try statement.bind(passengerId, at: 3)
        try statement.bind(airline, at: 4)
        try statement.bind(membershipId, at: 5)
    }
}

/// The ledger's entries for the passengers of one booking (see
/// ``MemberDirectory/ledgerBooking(system:bookingCode:)``), as the system and booking code were
/// given when they were read.
public struct LedgerBooking: Sendable {
    public let system: String
    public let bookingCode: String
    /// Usually none: most passengers were never attached before.
    public var entries: [(passengerId: String, airline: String, membershipId: String)] = []

    init(system: String, bookingCode: String) {
        self.system = system
        self.bookingCode = bookingCode
    }

    /// Whether these are the entries of the booking that `system` and `bookingCode` name, written
    /// the same way (byte for byte: another spelling of the same booking is read again).
    public func holds(system: String, bookingCode: String) -> Bool {
        system.hasSameUTF8(as: self.system) && bookingCode.hasSameUTF8(as: self.bookingCode)
    }

    /// The membership recorded for passenger `passengerId` (compared byte for byte, as the
    /// ledger's key is), or nil.
    public func membership(passengerId: String) -> (airline: String, membershipId: String)? {
        guard let entry = entries.first(where: { $0.passengerId.hasSameUTF8(as: passengerId) }) else {
            return nil
        }
        return (entry.airline, entry.membershipId)
    }
}
