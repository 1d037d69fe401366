/// What step 4 of CONTRACT §2 found for one passenger.
enum MemberLookup {
    /// One member with status `A`.
    case found(Member, ResolvedBy)
    /// One member with status `S` or `C`: no fallback.
    case inactive(Member, ResolvedBy)
    /// Several members with a status other than `F` hold the document.
    case ambiguous(count: Int, searched: String)
    /// No member, or only members with status `F` (never told apart). `searched` says what was
    /// looked for, masked.
    case notFound(searched: String)
}
