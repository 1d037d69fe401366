/// The one outcome every passenger record gets (CONTRACT §2), in order of precedence.
public enum OutcomeCode: String, Sendable, Hashable, CaseIterable, Comparable {
    case recordMalformed = "RECORD_MALFORMED"
    case dataInvalid = "DATA_INVALID"
    case duplicateMembership = "DUPLICATE_MEMBERSHIP"
    case membershipNotFound = "MEMBERSHIP_NOT_FOUND"
    case membershipInactive = "MEMBERSHIP_INACTIVE"
    case memberAmbiguous = "MEMBER_AMBIGUOUS"
    case memberMismatch = "MEMBER_MISMATCH"
    case attached = "ATTACHED"
    case alreadyAttached = "ALREADY_ATTACHED"

    /// ATTACHED and ALREADY_ATTACHED go to `results.csv`; every other code to `errors.*`.
    public var isSuccess: Bool { self == .attached || self == .alreadyAttached }

    public static func < (lhs: OutcomeCode, rhs: OutcomeCode) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
