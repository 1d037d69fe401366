extension FieldError {
    /// Where an error sorts in a `childError` list (CONTRACT §2): the position of its path among
    /// the canonical fields (``CanonicalField`` order), then `document`, then `membership`, then
    /// any other path. The resolution requirement on `membershipId` sorts as that field.
    public var canonicalRank: Int { Self.rank(ofPath: path) }

    /// The rank of a path; see ``canonicalRank``.
    public static func rank(ofPath path: String) -> Int {
        ranks[path] ?? CanonicalField.count + 2
    }

    private static let ranks: [String: Int] = {
        var ranks: [String: Int] = [:]
        for field in CanonicalField.allCases { ranks[field.name] = field.rawValue }
        ranks[ResolutionRequirement.documentPath] = CanonicalField.count
        ranks[ResolutionRequirement.membershipPath] = CanonicalField.count + 1
        return ranks
    }()
}

extension Array where Element == FieldError {
    /// Sorts errors by ``FieldError/canonicalRank``, keeping the order of errors of equal rank.
    public mutating func sortCanonically() {
        guard count > 1 else { return }
        self = sortedCanonically()
    }

    /// Errors by ``FieldError/canonicalRank``; errors of equal rank keep their order.
    public func sortedCanonically() -> [FieldError] {
        enumerated()
            .map { (rank: $0.element.canonicalRank, offset: $0.offset, error: $0.element) }
            .sorted { ($0.rank, $0.offset) < ($1.rank, $1.offset) }
            .map(\.error)
    }
}
