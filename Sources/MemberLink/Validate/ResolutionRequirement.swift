/// What a passenger must carry to be resolved under a strategy (CONTRACT §1.1, §2 step 4).
enum ResolutionRequirement {
    /// Path of the error when strategy `document` finds no document at all.
    static let documentPath = "document"
    /// Path of the error when strategy `ffn-then-document` finds neither a membershipId nor a
    /// document.
    static let membershipPath = "membership"

    /// `FIELD_REQUIRED` when the thing the strategy needs is entirely absent: a membershipId for
    /// `ffn` (path `membershipId`), a document for `document` (path `document`), either for
    /// `ffn-then-document` (path `membership`). A membershipId or document that is present but
    /// invalid has its own errors, not this one.
    static func check(
        _ record: PassengerRecord, strategy: ResolutionStrategy, into errors: inout [FieldError]
    ) {
        let hasMembershipId = !record[.membershipId].isEmpty
        switch strategy {
        case .ffn where !hasMembershipId:
            errors.append(
                FieldError(
                    code: .fieldRequired, field: .membershipId,
                    businessMessage: "A membership number is needed to attach this passenger's membership.",
                    developerMessage:
                        "membershipId is required by resolution strategy ffn (CONTRACT §1.1) but is empty."))
        case .document where !record.hasDocument:
            errors.append(
                FieldError(
                    code: .fieldRequired, path: documentPath,
                    businessMessage: "A travel document is needed to find this passenger's membership.",
                    developerMessage:
                        "a document (documentType, documentNumber, documentNationality, documentIssueCountry, documentExpiryDate) is required by resolution strategy document (CONTRACT §1.1) but every document field is empty."
                ))
        case .ffnThenDocument where !hasMembershipId && !record.hasDocument:
            errors.append(
                FieldError(
                    code: .fieldRequired, path: membershipPath,
                    businessMessage:
                        "A membership number or a travel document is needed to find this passenger's membership.",
                    developerMessage:
                        "a membershipId or a document is required by resolution strategy ffn-then-document (CONTRACT §1.1) but both are empty."
                ))
        default:
            break
        }
    }
}
