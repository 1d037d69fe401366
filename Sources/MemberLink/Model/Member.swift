internal import RecordIO

/// A loyalty member as the member directory extract describes them (CONTRACT §1.3).
///
/// Sendable by hand: its box of fields is changed only while uniquely referenced (copy on write),
/// so a member shared between threads (handed on with its passenger) is only ever read.
public struct Member: @unchecked Sendable, Hashable {
    /// Member status: `A` active, `S` suspended, `C` closed, `F` fraud.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case active = "A"
        case suspended = "S"
        case closed = "C"
        case fraud = "F"

        /// The status `text` names, as ``init(rawValue:)`` reads it, from its one byte: the
        /// string comparisons of `init(rawValue:)` took about 160 instructions a member found.
        @inline(__always)
        init?(letter text: String) {
            // A one-letter ASCII text is a small string: its byte is the first of its words.
            guard let (leading, _, count) = SmallASCIIString.words(of: text), count == 1 else { return nil }
            switch UInt8(truncatingIfNeeded: leading) {
            case UInt8(ascii: "A"): self = .active
            case UInt8(ascii: "S"): self = .suspended
            case UInt8(ascii: "C"): self = .closed
            case UInt8(ascii: "F"): self = .fraud
            default: return nil
            }
        }
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
    ///
    /// The box holds the status and the 25 texts in one allocation of its own, not a struct of
    /// strings: freeing a struct of strings calls the runtime's release for each of them, small
    /// ones included (about 35 instructions a string, 875 a member, a member per passenger found),
    /// while here the strings that live in their own two words are left as they are
    /// (``RecordIO/SmallASCIIString/isSmall(_:)``, as ``FieldValues`` does).
    private final class Storage: ManagedBuffer<Status, String> {
        deinit {
            withUnsafeMutablePointerToElements { texts in
                for index in 0..<Text.count where !SmallASCIIString.isSmall(texts[index]) {
                    (texts + index).deinitialize(count: 1)
                }
            }
        }

        /// A box of `status` and 25 texts, which `initialize` initializes, every one, through the
        /// pointer it is given, in ``Text`` order.
        @inline(__always)
        static func make(status: Status, initializingWith initialize: (UnsafeMutablePointer<String>) -> Void)
            -> Storage
        {
            let storage = unsafeDowncast(create(minimumCapacity: Text.count) { _ in status }, to: Storage.self)
            storage.withUnsafeMutablePointerToElements(initialize)
            return storage
        }

        subscript(field: Text) -> String {
            get { withUnsafeMutablePointerToElements { $0[field.rawValue] } }
            set { withUnsafeMutablePointerToElements { $0[field.rawValue] = newValue } }
        }

        func copy() -> Storage {
            withUnsafeMutablePointerToElements { texts in
                Storage.make(status: header) { $0.initialize(from: texts, count: Text.count) }
            }
        }

        func sameValues(as other: Storage) -> Bool {
            header == other.header && Text.allCases.allSatisfy { self[$0] == other[$0] }
        }
    }

    /// The member's texts, in the order the box holds them: the extract's columns (CONTRACT §1.3)
    /// without the status.
    private enum Text: Int, CaseIterable {
        case programme, ffn, tier, tierExpiry, allianceTier, enrollmentDate, balance, coalition, languagesText,
            segmentsText, title, firstName, familyName, dateOfBirth, gender, maritalStatus, nationality, email,
            phoneCountryCode, phoneNumber, phoneType, addressLinesText, postCode, country, documentsText

        static let count = 25
        /// The status's column in the extract.
        static let statusColumn = 2
    }

    private var storage: Storage

    /// The value of `field` (``MemberField/value(of:)``) as ``RecordIO/SmallASCIIString/words(of:)``
    /// gives it, read in the box without copying the string (no reference counted): nil when the
    /// value is not a small ASCII string. How the output rows write most member cells.
    func smallASCIIWords(of field: MemberField) -> (leading: UInt64, trailing: UInt64, count: Int)? {
        let text: Text
        switch field {
        case .status: return SmallASCIIString.words(of: status.rawValue)
        case .tier: text = .tier
        case .tierExpiry: text = .tierExpiry
        case .allianceTier: text = .allianceTier
        case .enrollmentDate: text = .enrollmentDate
        case .balance: text = .balance
        case .coalition: text = .coalition
        case .languages: text = .languagesText
        case .segments: text = .segmentsText
        case .title: text = .title
        case .firstName: text = .firstName
        case .familyName: text = .familyName
        case .dateOfBirth: text = .dateOfBirth
        case .gender: text = .gender
        case .maritalStatus: text = .maritalStatus
        case .nationality: text = .nationality
        case .email: text = .email
        case .phoneCountryCode: text = .phoneCountryCode
        case .phoneNumber: text = .phoneNumber
        case .phoneType: text = .phoneType
        case .addressLines: text = .addressLinesText
        case .postCode: text = .postCode
        case .country: text = .country
        case .documents: text = .documentsText
        }
        return storage.withUnsafeMutablePointerToElements { texts in
            SmallASCIIString.words(ofStringAt: texts + text.rawValue)
        }
    }

    private mutating func change(_ field: Text, to value: String) {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        storage[field] = value
    }

    public static func == (left: Member, right: Member) -> Bool {
        left.storage === right.storage || left.storage.sameValues(as: right.storage)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.header)
        for field in Text.allCases { hasher.combine(storage[field]) }
    }

    public var programme: String {
        get { storage[.programme] }
        set { change(.programme, to: newValue) }
    }
    public var ffn: String {
        get { storage[.ffn] }
        set { change(.ffn, to: newValue) }
    }
    public var status: Status {
        get { storage.header }
        set {
            if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
            storage.header = newValue
        }
    }
    public var tier: String {
        get { storage[.tier] }
        set { change(.tier, to: newValue) }
    }
    public var tierExpiry: String {
        get { storage[.tierExpiry] }
        set { change(.tierExpiry, to: newValue) }
    }
    public var allianceTier: String {
        get { storage[.allianceTier] }
        set { change(.allianceTier, to: newValue) }
    }
    public var enrollmentDate: String {
        get { storage[.enrollmentDate] }
        set { change(.enrollmentDate, to: newValue) }
    }
    public var balance: String {
        get { storage[.balance] }
        set { change(.balance, to: newValue) }
    }
    public var coalition: String {
        get { storage[.coalition] }
        set { change(.coalition, to: newValue) }
    }
    /// The `|`-separated lists as the extract writes them; the arrays below are read from these
    /// only when asked (a lookup on the hot path never splits lists nobody reads).
    var languagesText: String {
        get { storage[.languagesText] }
        set { change(.languagesText, to: newValue) }
    }
    var segmentsText: String {
        get { storage[.segmentsText] }
        set { change(.segmentsText, to: newValue) }
    }
    var addressLinesText: String {
        get { storage[.addressLinesText] }
        set { change(.addressLinesText, to: newValue) }
    }
    /// `TYPE:NUMBER:ISSUECOUNTRY` items separated by `|`.
    var documentsText: String {
        get { storage[.documentsText] }
        set { change(.documentsText, to: newValue) }
    }
    public var title: String {
        get { storage[.title] }
        set { change(.title, to: newValue) }
    }
    public var firstName: String {
        get { storage[.firstName] }
        set { change(.firstName, to: newValue) }
    }
    public var familyName: String {
        get { storage[.familyName] }
        set { change(.familyName, to: newValue) }
    }
    public var dateOfBirth: String {
        get { storage[.dateOfBirth] }
        set { change(.dateOfBirth, to: newValue) }
    }
    public var gender: String {
        get { storage[.gender] }
        set { change(.gender, to: newValue) }
    }
    public var maritalStatus: String {
        get { storage[.maritalStatus] }
        set { change(.maritalStatus, to: newValue) }
    }
    public var nationality: String {
        get { storage[.nationality] }
        set { change(.nationality, to: newValue) }
    }
    public var email: String {
        get { storage[.email] }
        set { change(.email, to: newValue) }
    }
    public var phoneCountryCode: String {
        get { storage[.phoneCountryCode] }
        set { change(.phoneCountryCode, to: newValue) }
    }
    public var phoneNumber: String {
        get { storage[.phoneNumber] }
        set { change(.phoneNumber, to: newValue) }
    }
    public var phoneType: String {
        get { storage[.phoneType] }
        set { change(.phoneType, to: newValue) }
    }
    public var postCode: String {
        get { storage[.postCode] }
        set { change(.postCode, to: newValue) }
    }
    public var country: String {
        get { storage[.country] }
        set { change(.country, to: newValue) }
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
        let texts = [
            programme, ffn, tier, tierExpiry, allianceTier, enrollmentDate, balance, coalition,
            languages.joined(separator: "|"), segments.joined(separator: "|"), title, firstName, familyName,
            dateOfBirth, gender, maritalStatus, nationality, email, phoneCountryCode, phoneNumber, phoneType,
            addressLines.joined(separator: "|"), postCode, country,
            documents.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|"),
        ]
        precondition(texts.count == Text.count, "the texts in Text order")
        storage = Storage.make(status: status) { $0.initialize(from: texts, count: Text.count) }
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
    init(readingColumns column: (Int) -> String, status: (String) -> Status) {
        // Read in straight lines, before the box is made: called from inside its initializing
        // closure, `column` was no longer inlined (a call per column).
        let programme = column(0)
        let ffn = column(1)
        let status = status(column(Text.statusColumn))
        let tier = column(3)
        let tierExpiry = column(4)
        let allianceTier = column(5)
        let enrollmentDate = column(6)
        let balance = column(7)
        let coalition = column(8)
        let languagesText = column(9)
        let segmentsText = column(10)
        let title = column(11)
        let firstName = column(12)
        let familyName = column(13)
        let dateOfBirth = column(14)
        let gender = column(15)
        let maritalStatus = column(16)
        let nationality = column(17)
        let email = column(18)
        let phoneCountryCode = column(19)
        let phoneNumber = column(20)
        let phoneType = column(21)
        let addressLinesText = column(22)
        let postCode = column(23)
        let country = column(24)
        let documentsText = column(25)
        storage = Storage.make(status: status) { texts in
            texts.initialize(to: programme)
            (texts + 1).initialize(to: ffn)
            (texts + 2).initialize(to: tier)
            (texts + 3).initialize(to: tierExpiry)
            (texts + 4).initialize(to: allianceTier)
            (texts + 5).initialize(to: enrollmentDate)
            (texts + 6).initialize(to: balance)
            (texts + 7).initialize(to: coalition)
            (texts + 8).initialize(to: languagesText)
            (texts + 9).initialize(to: segmentsText)
            (texts + 10).initialize(to: title)
            (texts + 11).initialize(to: firstName)
            (texts + 12).initialize(to: familyName)
            (texts + 13).initialize(to: dateOfBirth)
            (texts + 14).initialize(to: gender)
            (texts + 15).initialize(to: maritalStatus)
            (texts + 16).initialize(to: nationality)
            (texts + 17).initialize(to: email)
            (texts + 18).initialize(to: phoneCountryCode)
            (texts + 19).initialize(to: phoneNumber)
            (texts + 20).initialize(to: phoneType)
            (texts + 21).initialize(to: addressLinesText)
            (texts + 22).initialize(to: postCode)
            (texts + 23).initialize(to: country)
            (texts + 24).initialize(to: documentsText)
        }
    }
}
