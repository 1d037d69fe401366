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

    /// The fields, in one shared box: a member travels with its passenger through several values
    /// (lookup, outcome, output line), and copying a box is one reference count where copying 26
    /// strings was 400 bytes and a reference count per string. Changing a copy copies the box first
    /// (copy on write), so `Member` keeps value semantics.
    private final class Storage: @unchecked Sendable {
        var values: Values
        init(_ values: Values) { self.values = values }
    }

    private struct Values: Hashable {
        var programme: String
        var ffn: String
        var status: Status
        var tier: String
        var tierExpiry: String
        var allianceTier: String
        var enrollmentDate: String
        var balance: String
        var coalition: String
        var languagesText: String
        var segmentsText: String
        var addressLinesText: String
        var documentsText: String
        var title: String
        var firstName: String
        var familyName: String
        var dateOfBirth: String
        var gender: String
        var maritalStatus: String
        var nationality: String
        var email: String
        var phoneCountryCode: String
        var phoneNumber: String
        var phoneType: String
        var postCode: String
        var country: String
    }

    private var storage: Storage

    private mutating func change(_ body: (inout Values) -> Void) {
        if !isKnownUniquelyReferenced(&storage) { storage = Storage(storage.values) }
        body(&storage.values)
    }

    public static func == (left: Member, right: Member) -> Bool {
        left.storage === right.storage || left.storage.values == right.storage.values
    }

    public func hash(into hasher: inout Hasher) {
        storage.values.hash(into: &hasher)
    }

    public var programme: String {
        get { storage.values.programme }
        set { change { $0.programme = newValue } }
    }
    public var ffn: String {
        get { storage.values.ffn }
        set { change { $0.ffn = newValue } }
    }
    public var status: Status {
        get { storage.values.status }
        set { change { $0.status = newValue } }
    }
    public var tier: String {
        get { storage.values.tier }
        set { change { $0.tier = newValue } }
    }
    public var tierExpiry: String {
        get { storage.values.tierExpiry }
        set { change { $0.tierExpiry = newValue } }
    }
    public var allianceTier: String {
        get { storage.values.allianceTier }
        set { change { $0.allianceTier = newValue } }
    }
    public var enrollmentDate: String {
        get { storage.values.enrollmentDate }
        set { change { $0.enrollmentDate = newValue } }
    }
    public var balance: String {
        get { storage.values.balance }
        set { change { $0.balance = newValue } }
    }
    public var coalition: String {
        get { storage.values.coalition }
        set { change { $0.coalition = newValue } }
    }
    /// The `|`-separated lists as the extract writes them; the arrays below are read from these
    /// only when asked (a lookup on the hot path never splits lists nobody reads).
    var languagesText: String {
        get { storage.values.languagesText }
        set { change { $0.languagesText = newValue } }
    }
    var segmentsText: String {
        get { storage.values.segmentsText }
        set { change { $0.segmentsText = newValue } }
    }
    var addressLinesText: String {
        get { storage.values.addressLinesText }
        set { change { $0.addressLinesText = newValue } }
    }
    /// `TYPE:NUMBER:ISSUECOUNTRY` items separated by `|`.
    var documentsText: String {
        get { storage.values.documentsText }
        set { change { $0.documentsText = newValue } }
    }
    public var title: String {
        get { storage.values.title }
        set { change { $0.title = newValue } }
    }
    public var firstName: String {
        get { storage.values.firstName }
        set { change { $0.firstName = newValue } }
    }
    public var familyName: String {
        get { storage.values.familyName }
        set { change { $0.familyName = newValue } }
    }
    public var dateOfBirth: String {
        get { storage.values.dateOfBirth }
        set { change { $0.dateOfBirth = newValue } }
    }
    public var gender: String {
        get { storage.values.gender }
        set { change { $0.gender = newValue } }
    }
    public var maritalStatus: String {
        get { storage.values.maritalStatus }
        set { change { $0.maritalStatus = newValue } }
    }
    public var nationality: String {
        get { storage.values.nationality }
        set { change { $0.nationality = newValue } }
    }
    public var email: String {
        get { storage.values.email }
        set { change { $0.email = newValue } }
    }
    public var phoneCountryCode: String {
        get { storage.values.phoneCountryCode }
        set { change { $0.phoneCountryCode = newValue } }
    }
    public var phoneNumber: String {
        get { storage.values.phoneNumber }
        set { change { $0.phoneNumber = newValue } }
    }
    public var phoneType: String {
        get { storage.values.phoneType }
        set { change { $0.phoneType = newValue } }
    }
    public var postCode: String {
        get { storage.values.postCode }
        set { change { $0.postCode = newValue } }
    }
    public var country: String {
        get { storage.values.country }
        set { change { $0.country = newValue } }
    }

    public var languages: [String] {
        get { Self.list(languagesText) }
        set { languagesText = newValue.joined(separator: "|") }
    }

    public var segments: [String] {
        get { Self.list(segmentsText) }
        set { segmentsText = newValue.joined(separator: "|") }
    }

    public var addressLines: [String] {
        get { Self.list(addressLinesText) }
        set { addressLinesText = newValue.joined(separator: "|") }
    }

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
        storage = Storage(
            Values(
                programme: programme, ffn: ffn, status: status, tier: tier, tierExpiry: tierExpiry,
                allianceTier: allianceTier, enrollmentDate: enrollmentDate, balance: balance, coalition: coalition,
                languagesText: languages.joined(separator: "|"), segmentsText: segments.joined(separator: "|"),
                addressLinesText: addressLines.joined(separator: "|"),
                documentsText: documents.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|"),
                title: title, firstName: firstName, familyName: familyName, dateOfBirth: dateOfBirth, gender: gender,
                maritalStatus: maritalStatus, nationality: nationality, email: email,
                phoneCountryCode: phoneCountryCode, phoneNumber: phoneNumber, phoneType: phoneType,
                postCode: postCode, country: country))
    }

    /// A member from the 26 columns of a member extract row in extract order (CONTRACT §1.3), lists
    /// and documents as the extract writes them.
    init(extractColumns text: [String], status: Status) {
        precondition(text.count == 26, "one value per extract column")
        self.init(readingColumns: { text[$0] }, status: { _ in status })
    }

    /// A member from the 26 columns of a member extract row, each the text `column(index)` gives,
    /// asked for in extract order (0 to 25, each once); `status` reads the status column's text.
    /// Without an array of the columns first: a run makes one member per passenger found.
    @inline(__always)
    init(readingColumns column: (Int) throws -> String, status: (String) -> Status) rethrows {
        let programme = try column(0)
        let ffn = try column(1)
        let status = status(try column(2))
        let tier = try column(3)
        let tierExpiry = try column(4)
        let allianceTier = try column(5)
        let enrollmentDate = try column(6)
        let balance = try column(7)
        let coalition = try column(8)
        let languagesText = try column(9)
        let segmentsText = try column(10)
        let title = try column(11)
        let firstName = try column(12)
        let familyName = try column(13)
        let dateOfBirth = try column(14)
        let gender = try column(15)
        let maritalStatus = try column(16)
        let nationality = try column(17)
        let email = try column(18)
        let phoneCountryCode = try column(19)
        let phoneNumber = try column(20)
        let phoneType = try column(21)
        let addressLinesText = try column(22)
        let postCode = try column(23)
        let country = try column(24)
        let documentsText = try column(25)
        storage = Storage(
            Values(
                programme: programme, ffn: ffn, status: status, tier: tier, tierExpiry: tierExpiry,
                allianceTier: allianceTier, enrollmentDate: enrollmentDate, balance: balance, coalition: coalition,
                languagesText: languagesText, segmentsText: segmentsText, addressLinesText: addressLinesText,
                documentsText: documentsText, title: title, firstName: firstName, familyName: familyName,
                dateOfBirth: dateOfBirth, gender: gender, maritalStatus: maritalStatus, nationality: nationality,
                email: email, phoneCountryCode: phoneCountryCode, phoneNumber: phoneNumber, phoneType: phoneType,
                postCode: postCode, country: country))
    }
}
