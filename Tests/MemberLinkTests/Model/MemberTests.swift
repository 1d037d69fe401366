import Testing

@testable import MemberLink
@testable import RecordIO

@Suite("Member is a value")
struct MemberTests {
    let original = Member(
        programme: "VN", ffn: "9200000017", status: .active, tier: "GOLD", languages: ["vi", "en"],
        firstName: "An", familyName: "Nguyen", addressLines: ["1 Le Loi", "District 1"],
        documents: [Member.Document(type: "P", number: "C1234567", issueCountry: "VNM")])

    @Test("changing a copy leaves the original as it was")
    func copiesAreIndependent() {
        var copy = original
        copy.tier = "PLATINUM"
        copy.languages = ["fr"]
        copy.documents = []
        #expect(original.tier == "GOLD")
        #expect(original.languages == ["vi", "en"])
        #expect(original.documents == [Member.Document(type: "P", number: "C1234567", issueCountry: "VNM")])
        #expect(copy.tier == "PLATINUM" && copy.languages == ["fr"] && copy.documents.isEmpty)
        #expect(copy != original)
    }

    @Test("members with the same fields are equal and hash alike, however they were made")
    func equalByFields() {
        var rebuilt = Member(programme: "VN", ffn: "9200000017", status: .suspended)
        rebuilt.status = .active
        rebuilt.tier = "GOLD"
        rebuilt.languages = ["vi", "en"]
        rebuilt.firstName = "An"
        rebuilt.familyName = "Nguyen"
        rebuilt.addressLines = ["1 Le Loi", "District 1"]
        rebuilt.documents = [Member.Document(type: "P", number: "C1234567", issueCountry: "VNM")]
        #expect(rebuilt == original)
        #expect(Set([rebuilt, original]).count == 1)
        var other = rebuilt
        other.email = "an@example.vn"
        #expect(other != original)
    }

    /// 26 distinct texts in extract order (CONTRACT §1.3), short and long (longer than a string
    /// holds in itself), ASCII and not.
    static let columns = [
        "VN", "9200000017", "S", "GOLD", "2027-03-31", "ELITE PLUS", "2005-02-08", "105832",
        "a coalition partner name", "vi|en", "BUSINESS|FREQUENT", "MR", "Đức Thắng", "Vũ-Nguyễn Phạm Long",
        "1985-11-24", "M", "D", "VNM", "ducthang.vu0@example.com", "+84", "5552688513", "MOBILE",
        "12 Pho Hang Bai|Hoan Kiem|Ha Noi", "100000", "VNM", "P:C01234567:VNM|I:X1:VNM",
    ]

    private static func fields(of member: Member) -> [String] {
        [
            member.programme, member.ffn, member.status.rawValue, member.tier, member.tierExpiry,
            member.allianceTier, member.enrollmentDate, member.balance, member.coalition,
            member.languages.joined(separator: "|"), member.segments.joined(separator: "|"), member.title,
            member.firstName, member.familyName, member.dateOfBirth, member.gender, member.maritalStatus,
            member.nationality, member.email, member.phoneCountryCode, member.phoneNumber, member.phoneType,
            member.addressLines.joined(separator: "|"), member.postCode, member.country,
            member.documents.map { "\($0.type):\($0.number):\($0.issueCountry)" }.joined(separator: "|"),
        ]
    }

    @Test("each field of an extract row is read back from its own column, however the member was made")
    func fieldsInTheirColumns() {
        let columns = Self.columns
        let fromRow = Member(extractColumns: columns, status: .suspended)
        #expect(Self.fields(of: fromRow) == columns)
        let fromFields = Member(
            programme: columns[0], ffn: columns[1], status: .suspended, tier: columns[3], tierExpiry: columns[4],
            allianceTier: columns[5], enrollmentDate: columns[6], balance: columns[7], coalition: columns[8],
            languages: ["vi", "en"], segments: ["BUSINESS", "FREQUENT"], title: columns[11], firstName: columns[12],
            familyName: columns[13], dateOfBirth: columns[14], gender: columns[15], maritalStatus: columns[16],
            nationality: columns[17], email: columns[18], phoneCountryCode: columns[19], phoneNumber: columns[20],
            phoneType: columns[21], addressLines: ["12 Pho Hang Bai", "Hoan Kiem", "Ha Noi"], postCode: columns[23],
            country: columns[24],
            documents: [
                Member.Document(type: "P", number: "C01234567", issueCountry: "VNM"),
                Member.Document(type: "I", number: "X1", issueCountry: "VNM"),
            ])
        #expect(Self.fields(of: fromFields) == columns)
        #expect(fromFields == fromRow && fromFields.hashValue == fromRow.hashValue)
        // A copy changed in its status or one text keeps every other text, long ones included.
        var copy = fromRow
        copy.status = .active
        copy.familyName = "Lê"
        var expected = columns
        expected[2] = "A"
        expected[13] = "Lê"
        #expect(Self.fields(of: copy) == expected)
        #expect(Self.fields(of: fromRow) == columns)
    }

    /// A lookup reads a member's status from its one letter: the same status `init(rawValue:)`
    /// reads, and none for any other text (a lower-case letter, two letters, an empty text).
    @Test("a status read from its letter is the status its raw value names")
    func statusFromItsLetter() {
        for text in ["A", "S", "C", "F", "a", "X", "", "AA", "É", " A"] {
            #expect(Member.Status(letter: text) == Member.Status(rawValue: text), "\(text)")
        }
        #expect(Member.Status(letter: "F") == .fraud)
    }

    @Test("a field read in place as small words is the field's value, for every field; other values give nil")
    func smallWordsAreTheFieldsValue() {
        var member = original
        member.email = "an.nguyen.longer@example.vn"  // longer than a small string holds
        member.nationality = "Việt"  // not ASCII
        member.gender = ""
        for field in MemberField.allCases {
            let value = field.value(of: member)
            let inPlace = member.smallASCIIWords(of: field)
            if let expected = SmallASCIIString.words(of: value) {
                #expect(inPlace?.leading == expected.leading, "\(field)")
                #expect(inPlace?.trailing == expected.trailing, "\(field)")
                #expect(inPlace?.count == expected.count, "\(field)")
            } else {
                #expect(inPlace == nil, "\(field): \(value)")
            }
        }
        #expect(member.smallASCIIWords(of: .email) == nil)
        #expect(member.smallASCIIWords(of: .nationality) == nil)
        #expect(member.smallASCIIWords(of: .tier)?.count == 4)
        #expect(member.smallASCIIWords(of: .gender)?.count == 0)
    }
}
