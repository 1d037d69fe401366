/// What an XML element or attribute name means in a partner booking file (CONTRACT §1.2), in each
/// place it can occur. Names are local names (namespaces already dropped) and match ignoring case,
/// as CSV header names do (CONTRACT §1.1).
struct XMLBookingName: Sendable, BitwiseCopyable {
    /// `booking`: carries system, bookingCode and departureDate.
    var isBooking = false
    /// `passenger`: carries the passenger's own fields.
    var isPassenger = false
    /// `membership`: airline, membershipId, level, skyTeamLevel.
    var isMembership = false
    /// `document`: the travel document's fields.
    var isDocument = false
    /// The field this name gives on a `booking` element.
    var bookingField: CanonicalField?
    /// The field this name gives on a `passenger` element: any canonical name (a passenger may
    /// restate its booking's fields; a different value is a conflict).
    var passengerField: CanonicalField?
    /// The field this name gives on a `membership` element.
    var membershipField: CanonicalField?
    /// The field this name gives on a `document` element: the short names of CONTRACT §1.2 (`type`,
    /// `number`, `national`, `issueCountry`, `issueDate`, `expiryDate`) or the canonical ones.
    var documentField: CanonicalField?

    init(_ name: String) {
        let lowered = name.lowercased()
        isBooking = lowered == "booking"
        isPassenger = lowered == "passenger"
        isMembership = lowered == "membership"
        isDocument = lowered == "document"
        let canonical = CanonicalField(name: lowered)
        passengerField = canonical
        if let canonical, Self.bookingFields.contains(canonical) { bookingField = canonical }
        if let canonical, Self.membershipFields.contains(canonical) { membershipField = canonical }
        if let canonical, CanonicalField.documentFields.contains(canonical) {
            documentField = canonical
        } else {
            documentField = Self.documentShortNames[lowered]
        }
    }

    static let bookingFields: [CanonicalField] = [.system, .bookingCode, .departureDate]
    static let membershipFields: [CanonicalField] = [.airline, .membershipId, .level, .skyTeamLevel]

    /// CONTRACT §1.2: `document` attributes map to documentType, documentNumber, documentNationality,
    /// documentIssueCountry, documentIssueDate, documentExpiryDate.
    static let documentShortNames: [String: CanonicalField] = [
        "type": .documentType, "number": .documentNumber, "national": .documentNationality,
        "issuecountry": .documentIssueCountry, "issuedate": .documentIssueDate, "expirydate": .documentExpiryDate,
    ]
}
