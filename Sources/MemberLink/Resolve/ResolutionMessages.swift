/// The messages of the outcomes the resolver gives (CONTRACT §2 steps 3–7).
///
/// Business messages are for the people who correct bookings; developer messages say what was
/// looked up, with membership and document numbers masked (``Masking``). No message tells a
/// member with status `F` from no member, nor quotes the member's own data.
enum ResolutionMessages {
    static func duplicateGiven(airline: String, membershipId: String, earlierIndex: String) -> Outcome {
        Outcome(
            code: .duplicateMembership,
            businessMessage: "This membership is already given for another passenger of the booking.",
            developerMessage: "airline \(airline) membershipId \(Masking.mask(membershipId)) was already given "
                + "by the passenger with index \(earlierIndex) of this booking")
    }

    static func duplicateAttached(_ member: Member, by resolvedBy: ResolvedBy, earlierIndex: String) -> Outcome {
        Outcome(
            code: .duplicateMembership,
            businessMessage: "This membership is already attached to another passenger of the booking.",
            developerMessage: "the member found by \(resolvedBy.rawValue) (\(member.programme) "
                + "\(Masking.mask(member.ffn))) is already attached to the passenger with index \(earlierIndex)",
            resolvedBy: resolvedBy)
    }

    static func notFound(searched: String) -> Outcome {
        Outcome(
            code: .membershipNotFound,
            businessMessage: "No membership was found for this passenger; check the membership number or the document.",
            developerMessage: "no member found: \(searched)")
    }

    static func inactive(_ member: Member, by resolvedBy: ResolvedBy) -> Outcome {
        Outcome(
            code: .membershipInactive,
            businessMessage: "The membership is not active, so it cannot be attached.",
            developerMessage: "the member found by \(resolvedBy.rawValue) (\(member.programme) "
                + "\(Masking.mask(member.ffn))) is \(member.status == .suspended ? "suspended" : "closed")",
            resolvedBy: resolvedBy)
    }

    static func ambiguous(count: Int, searched: String) -> Outcome {
        Outcome(
            code: .memberAmbiguous,
            businessMessage: "The travel document fits several members; give the membership number.",
            developerMessage: "\(count) members fit \(searched)")
    }

    static func mismatch(_ children: [FieldError], by resolvedBy: ResolvedBy) -> Outcome {
        Outcome(
            code: .memberMismatch, childErrors: children,
            businessMessage: "The passenger's name or date of birth differs from the member's.",
            developerMessage: "the member found by \(resolvedBy.rawValue) differs on "
                + children.map(\.path).joined(separator: ", "),
            resolvedBy: resolvedBy)
    }

    static let givenNameMismatch = FieldError(
        code: .nameMismatch, field: .givenName,
        businessMessage: "The given name does not match the member's.",
        developerMessage: "the first letters of the given names differ once folded (CONTRACT §2 step 5)")

    static let surnameMismatch = FieldError(
        code: .nameMismatch, field: .surname,
        businessMessage: "The surname does not match the member's family name.",
        developerMessage: "the surname and the member's family name differ once folded (CONTRACT §2 step 5)")

    static let dateOfBirthMismatch = FieldError(
        code: .dateOfBirthMismatch, field: .dateOfBirth,
        businessMessage: "The date of birth does not match the member's.",
        developerMessage: "the passenger's and the member's dates of birth are both given and differ")

    static func attached(
        _ membership: consuming Membership, member: consuming Member, by resolvedBy: ResolvedBy, already: Bool
    ) -> Outcome {
        Outcome(
            code: already ? .alreadyAttached : .attached,
            businessMessage: already
                ? "The membership was already attached to this passenger by an earlier run."
                : "The membership was attached.",
            developerMessage: attachedDeveloperMessage(by: resolvedBy, already: already),
            resolvedBy: resolvedBy, membership: membership, member: member)
    }

    /// Fixed texts: `results.csv` names the membership, and no output writes these messages, so a
    /// million attached passengers should not cost a million formatted strings.
    private static func attachedDeveloperMessage(by resolvedBy: ResolvedBy, already: Bool) -> String {
        switch (resolvedBy, already) {
        case (.ffn, false): "the member was found by ffn"
        case (.ffn, true): "the member was found by ffn, already in the ledger"
        case (.document, false): "the member was found by document"
        case (.document, true): "the member was found by document, already in the ledger"
        }
    }

    /// What an FFN lookup looked for, masked.
    static func searchedFFN(programme: String, ffn: String) -> String {
        "airline \(programme) membershipId \(Masking.mask(ffn))"
    }

    /// What a document lookup looked for, masked.
    static func searchedDocument(programme: String, type: String, number: String, issueCountry: String) -> String {
        "document \(type) \(Masking.mask(number)) issued by \(issueCountry) among members of \(programme)"
    }
}
