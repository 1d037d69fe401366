/// The member directory extract format (CONTRACT §1.3): its columns, lists and documents.
enum MemberExtract {
    /// The extract's columns in contract order. Headers name them case-insensitively, in any order.
    enum Column: Int, CaseIterable {
        case programme, ffn, status, tier, tierExpiry, allianceTier, enrollmentDate, balance, coalition
        case languages, segments, title, firstName, familyName, dateOfBirth, gender, maritalStatus
        case nationality, email, phoneCountryCode, phoneNumber, phoneType, addressLines, postCode, country
        case documents

        var name: String { DirectorySchema.memberColumns[rawValue] }

        /// Looks a header cell up, ignoring case and surrounding white space.
        init?(header: String) {
            let wanted = Self.trimmed(header).lowercased()
            guard let index = DirectorySchema.memberColumns.firstIndex(where: { $0.lowercased() == wanted }) else {
                return nil
            }
            self.init(rawValue: index)
        }

        private static func trimmed(_ text: String) -> Substring {
            MemberExtract.trim(text)
        }
    }

    /// Parses the `documents` cell: `TYPE:NUMBER:ISSUECOUNTRY` items separated by `|`, each part
    /// non-empty; type, number and country are upper-cased (numbers are matched upper-case,
    /// CONTRACT §1.1). Returns nil, with the offending item, when an item is malformed.
    static func documents(_ text: String) -> Result<[Member.Document], DocumentItemError> {
        guard !text.isEmpty else { return .success([]) }
        var documents: [Member.Document] = []
        for item in text.split(separator: "|", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false).map { trim($0) }
            guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
                return .failure(DocumentItemError(item: String(item)))
            }
            documents.append(
                Member.Document(
                    type: parts[0].uppercased(), number: parts[1].uppercased(), issueCountry: parts[2].uppercased()))
        }
        return .success(documents)
    }

    /// The normalised `documents` cell written to `members.documents`.
    static func joined(_ documents: [Member.Document]) -> String {
        documents.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|")
    }

    /// The text without leading and trailing spaces and tabs.
    static func trim(_ text: String) -> Substring {
        trim(Substring(text))
    }

    /// The text without leading and trailing spaces and tabs.
    static func trim(_ text: Substring) -> Substring {
        let isBlank: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        if let head = text.utf8.first, let tail = text.utf8.last, head != 0x20, head != 0x09, tail != 0x20,
            tail != 0x09
        {
            return text
        }
        guard let first = text.firstIndex(where: { !isBlank($0) }),
            let last = text.lastIndex(where: { !isBlank($0) })
        else { return Substring() }
        return text[first...last]
    }

    /// A `documents` item that is not `TYPE:NUMBER:ISSUECOUNTRY`.
    struct DocumentItemError: Error {
        var item: String
    }
}
