/// A loyalty member as the member directory extract describes them (CONTRACT §1.3).
public struct Member: Sendable, Hashable {
    /// Member status: `A` active, `S` suspended, `C` closed, `F` fraud.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case active = "A"
        case suspended = "S"
        case closed = "C"
        case fraud = "F"
    }

    /// One identity document of a member (`TYPE:NUMBER:ISSUECOUNTRY` in the extract).
    public struct Document: Sendable, Hashable {
        public var type: String
        public var number: String
        public var issueCountry: String

        public init(type: String, number: String, issueCountry: String) {
            self.type = type
            self.number = number
            self.issueCountry = issueCountry
        }
    }

    public var programme: String
    public var ffn: String
    public var status: Status
    public var tier: String
    public var tierExpiry: String
    public var allianceTier: String
    public var enrollmentDate: String
    public var balance: String
    public var coalition: String
    /// The `|`-separated lists as the extract writes them; the arrays below are read from these
    /// only when asked (a lookup on the hot path never splits lists nobody reads).
    var languagesText: String
    var segmentsText: String
    var addressLinesText: String
    /// `TYPE:NUMBER:ISSUECOUNTRY` items separated by `|`.
    var documentsText: String
    public var languages: [String] {
        get { Self.list(languagesText) }
        set { languagesText = newValue.joined(separator: "|") }
    }
    public var segments: [String] {
        get { Self.list(segmentsText) }
        set { segmentsText = newValue.joined(separator: "|") }
    }
    public var title: String
    public var firstName: String
    public var familyName: String
    public var dateOfBirth: String
    public var gender: String
    public var maritalStatus: String
    public var nationality: String
    public var email: String
    public var phoneCountryCode: String
    public var phoneNumber: String
    public var phoneType: String
    public var addressLines: [String] {
        get { Self.list(addressLinesText) }
        set { addressLinesText = newValue.joined(separator: "|") }
    }
    public var postCode: String
    public var country: String
    public var documents: [Document] {
        get {
            documentsText.isEmpty
                ? []
                : documentsText.split(separator: "|").compactMap { item in
                    let parts = item.split(separator: ":", omittingEmptySubsequences: false)
                    guard parts.count == 3 else { return nil }
                    return Document(type: String(parts[0]), number: String(parts[1]), issueCountry: String(parts[2]))
                }
        }
        set { documentsText = newValue.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|") }
    }

    static func list(_ text: String) -> [String] {
        text.isEmpty ? [] : text.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
    }

    public init(
        programme: String, ffn: String, status: Status, tier: String = "", tierExpiry: String = "",
        allianceTier: String = "", enrollmentDate: String = "", balance: String = "", coalition: String = "",
        languages: [String] = [], segments: [String] = [], title: String = "", firstName: String = "",
        familyName: String = "", dateOfBirth: String = "", gender: String = "", maritalStatus: String = "",
        nationality: String = "", email: String = "", phoneCountryCode: String = "", phoneNumber: String = "",
        phoneType: String = "", addressLines: [String] = [], postCode: String = "", country: String = "",
        documents: [Document] = []
    ) {
        self.programme = programme
        self.ffn = ffn
        self.status = status
        self.tier = tier
        self.tierExpiry = tierExpiry
        self.allianceTier = allianceTier
        self.enrollmentDate = enrollmentDate
        self.balance = balance
        self.coalition = coalition
        self.languagesText = languages.joined(separator: "|")
        self.segmentsText = segments.joined(separator: "|")
        self.title = title
        self.firstName = firstName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.gender = gender
        self.maritalStatus = maritalStatus
        self.nationality = nationality
        self.email = email
        self.phoneCountryCode = phoneCountryCode
        self.phoneNumber = phoneNumber
        self.phoneType = phoneType
        self.addressLinesText = addressLines.joined(separator: "|")
        self.postCode = postCode
        self.country = country
        self.documentsText = documents.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|")
    }
}
