/// The one outcome a passenger record ends with (CONTRACT §2).
///
/// Its properties are declared in another order than ``init(code:childErrors:businessMessage:developerMessage:resolvedBy:membership:member:)``
/// takes them, so that the memberwise initializer Swift synthesizes stays (with other labels) and
/// the public one delegates to it: an initializer that assigns the properties one by one made
/// Swift 6.3 build each outcome on the stack and copy it where it went, destroying the original (a
/// count up and down of every string and reference in it; `Benchmarks/README.md`).
public struct Outcome: Sendable, Hashable {
    public var code: OutcomeCode
    public var businessMessage: String
    public var developerMessage: String
    /// Every broken rule behind a `DATA_INVALID` or `MEMBER_MISMATCH`, in contract field order.
    public var childErrors: [FieldError]
    /// How the member was found, for outcomes that found one.
    public var resolvedBy: ResolvedBy?
    /// The membership attached (ATTACHED, ALREADY_ATTACHED).
    public var membership: Membership?
    /// The member behind the membership, whose granted fields go into `results.csv`.
    public var member: Member?
}

extension Outcome {
    public init(
        code: OutcomeCode, childErrors: [FieldError] = [], businessMessage: String, developerMessage: String,
        resolvedBy: ResolvedBy? = nil, membership: Membership? = nil, member: Member? = nil
    ) {
        self.init(
            code: code, businessMessage: businessMessage, developerMessage: developerMessage,
            childErrors: childErrors, resolvedBy: resolvedBy, membership: membership, member: member)
    }
}

/// A record's outcome with what the reports need to name it: where it came from and the booking
/// keys as the partner sent them (bookingCode upper-cased).
public struct RecordOutcome: Sendable, Hashable {
    public var location: SourceLocation
    /// The record's 0-based position in its file; reports are written in this order.
    public var sequence: Int
    public var system: String
    public var bookingCode: String
    public var passengerId: String
    public var index: String
    public var outcome: Outcome

    public init(
        location: SourceLocation, sequence: Int, system: String, bookingCode: String, passengerId: String,
        index: String, outcome: Outcome
    ) {
        self.location = location
        self.sequence = sequence
        self.system = system
        self.bookingCode = bookingCode
        self.passengerId = passengerId
        self.index = index
        self.outcome = outcome
    }
}
