/// A loyalty membership as attached to a passenger: the shape of `membership` in the Add
/// Membership request body (`POST /api/v1/flight/addmembership`).
public struct Membership: Sendable, Hashable {
    public var airline: String
    public var membershipId: String
    /// The directory's tier, never the partner's claim.
    public var level: String
    /// The directory's alliance tier, never the partner's claim.
    public var skyTeamLevel: String

    public init(airline: String, membershipId: String, level: String, skyTeamLevel: String) {
        self.airline = airline
        self.membershipId = membershipId
        self.level = level
        self.skyTeamLevel = skyTeamLevel
    }
}

/// How a membership was found (`resolvedBy` in `results.csv`).
public enum ResolvedBy: String, Sendable, Hashable {
    case ffn
    case document
}
