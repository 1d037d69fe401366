/// A data-protection scope a pipeline grants (CONTRACT §3). Result rows carry the member fields of
/// granted scopes only; personal scopes need the pipeline's `consent` reference.
public enum Scope: String, Sendable, Hashable, CaseIterable {
    case balance = "member-balance"
    case coalition = "member-coalition"
    case enrollment = "member-enrollment"
    case language = "member-language"
    case segment = "member-segment"
    case status = "member-status"
    case tier = "member-tier"
    case address = "member-address"
    case birthdate = "member-birthdate"
    case document = "member-document"
    case email = "member-email"
    case gender = "member-gender"
    case marital = "member-marital"
    case name = "member-name"
    case nationality = "member-nationality"
    case phone = "member-phone"

    /// Personal or sensitive scopes: granting any of them requires a `consent` reference.
    public var isPersonal: Bool {
        switch self {
        case .balance, .coalition, .enrollment, .language, .segment, .status, .tier: false
        default: true
        }
    }

    /// The member fields this scope releases, as named in the member extract (CONTRACT §1.3).
    public var memberFields: [MemberField] {
        switch self {
        case .balance: [.balance]
        case .coalition: [.coalition]
        case .enrollment: [.enrollmentDate]
        case .language: [.languages]
        case .segment: [.segments]
        case .status: [.status]
        case .tier: [.tier, .tierExpiry, .allianceTier]
        case .address: [.addressLines, .postCode, .country]
        case .birthdate: [.dateOfBirth]
        case .document: [.documents]
        case .email: [.email]
        case .gender: [.gender]
        case .marital: [.maritalStatus]
        case .name: [.title, .firstName, .familyName]
        case .nationality: [.nationality]
        case .phone: [.phoneCountryCode, .phoneNumber, .phoneType]
        }
    }
}

/// A column of the member extract that a scope can release (`member.FIELD` in `results.csv`),
/// in extract order.
public enum MemberField: String, Sendable, Hashable, CaseIterable {
    case status, tier, tierExpiry, allianceTier, enrollmentDate, balance, coalition, languages, segments
    case title, firstName, familyName, dateOfBirth, gender, maritalStatus, nationality, email
    case phoneCountryCode, phoneNumber, phoneType, addressLines, postCode, country, documents

    /// The granted fields of a set of scopes, in extract order: the `member.FIELD` columns.
    public static func granted(by scopes: some Sequence<Scope>) -> [MemberField] {
        let granted = Set(scopes.flatMap(\.memberFields))
        return allCases.filter(granted.contains)
    }

    /// The field's value as written in `results.csv`: lists joined by `|`, documents as
    /// `TYPE:NUMBER:ISSUECOUNTRY` items joined by `|`, as in the extract.
    public func value(of member: Member) -> String {
        switch self {
        case .status: member.status.rawValue
        case .tier: member.tier
        case .tierExpiry: member.tierExpiry
        case .allianceTier: member.allianceTier
        case .enrollmentDate: member.enrollmentDate
        case .balance: member.balance
        case .coalition: member.coalition
        case .languages: member.languagesText
        case .segments: member.segmentsText
        case .title: member.title
        case .firstName: member.firstName
        case .familyName: member.familyName
        case .dateOfBirth: member.dateOfBirth
        case .gender: member.gender
        case .maritalStatus: member.maritalStatus
        case .nationality: member.nationality
        case .email: member.email
        case .phoneCountryCode: member.phoneCountryCode
        case .phoneNumber: member.phoneNumber
        case .phoneType: member.phoneType
        case .addressLines: member.addressLinesText
        case .postCode: member.postCode
        case .country: member.country
        case .documents: member.documentsText
        }
    }
}
