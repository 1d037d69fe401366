/// The canonical fields of a partner booking record (CONTRACT §1.1), in contract order.
///
/// CSV columns and XML attributes or elements are mapped onto these names; everything else in a
/// partner file is ignored. The raw value indexes ``PassengerRecord/fields``.
public enum CanonicalField: Int, CaseIterable, Sendable, Hashable, BitwiseCopyable {
    case system, bookingCode, departureDate, index, passengerId, parentId, passengerType
    case title, gender, givenName, surname, dateOfBirth, email, phone
    case airline, membershipId, level, skyTeamLevel
    case documentType, documentNumber, documentNationality, documentIssueCountry
    case documentExpiryDate, documentIssueDate

    /// How many canonical fields there are: a stored constant, where `allCases.count` builds the
    /// array of every case on each use (records are made by the million).
    public static let count = allCases.count

    /// The name used in headers, error paths and outputs, e.g. `bookingCode`.
    public var name: String { Self.names[rawValue] }

    private static let names: [String] = [
        "system", "bookingCode", "departureDate", "index", "passengerId", "parentId", "passengerType",
        "title", "gender", "givenName", "surname", "dateOfBirth", "email", "phone",
        "airline", "membershipId", "level", "skyTeamLevel",
        "documentType", "documentNumber", "documentNationality", "documentIssueCountry",
        "documentExpiryDate", "documentIssueDate",
    ]

    /// Columns a CSV header must name, or the whole file is rejected (CONTRACT §1.1).
    public static let requiredInHeader: [CanonicalField] = [
        .system, .bookingCode, .departureDate, .index, .passengerId, .passengerType, .givenName, .surname,
    ]

    /// The fields that make up a travel document; a document is absent when all are empty.
    public static let documentFields: [CanonicalField] = [
        .documentType, .documentNumber, .documentNationality, .documentIssueCountry,
        .documentExpiryDate, .documentIssueDate,
    ]

    /// Looks a field up by its canonical name, ignoring case (`BOOKINGCODE` is `bookingCode`).
    public init?(name: some StringProtocol) {
        let lowered = name.lowercased()
        guard let index = Self.names.firstIndex(where: { $0.lowercased() == lowered }) else { return nil }
        self.init(rawValue: index)
    }
}
