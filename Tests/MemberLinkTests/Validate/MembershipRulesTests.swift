import MemberLink
import Testing

/// airline and membershipId (CONTRACT §1.1, §6). Programmes: see ``Fixture/programmes``.
@Suite struct MembershipRulesTests {
    @Test(
        arguments: [
            ("VN", nil), ("", .fieldRequired), ("vn", .fieldFormat), ("V", .fieldFormat), ("VNA", .fieldFormat),
            ("V-", .fieldFormat), ("QR", .programmeUnknown), ("9W", .programmeUnknown),
        ] as [(String, ChildCode?)])
    func airlineWithMembershipId(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.airline: value]) == Fixture.expected(code, .airline))
    }

    @Test func airlineIsCheckedWithoutMembershipIdToo() {
        #expect(Fixture.summary([.membershipId: "", .airline: ""]).isEmpty)
        #expect(Fixture.summary([.membershipId: "", .airline: "VN"]).isEmpty)
        #expect(Fixture.summary([.membershipId: "", .airline: "QR"]) == ["PROGRAMME_UNKNOWN@airline"])
        #expect(Fixture.summary([.membershipId: "", .airline: "v"]) == ["FIELD_FORMAT@airline"])
    }

    @Test(arguments: [
        // VN: ^[0-9]{10}$ with Luhn. 920000001 + check digit 7.
        ("VN", "9200000017", true), ("VN", "1234567897", true), ("VN", "9200000018", false),
        ("VN", "920000001", false), ("VN", "92000000171", false), ("VN", "92000000I7", false),
        ("VN", "٩٢٠٠٠٠٠٠١٧", false),
        // AF: ^[0-9]{7}$ with mod 7: 123456 mod 7 = 4.
        ("AF", "1234564", true), ("AF", "1234565", false), ("AF", "12345640", false),
        // DL: ^[A-Z]{2}[0-9]{6,9}$, no check digit.
        ("DL", "AB123456", true), ("DL", "AB123456789", true), ("DL", "AB12345", false),
        ("DL", "ab123456", false), ("DL", "AB1234567890", false),
        // XR: a pattern for the regular-expression engine.
        ("XR", "AB123", true), ("XR", "CD999", true), ("XR", "EF123", false), ("XR", "AB1234", false),
        // BR: the pattern does not compile, so no id can be confirmed.
        ("BR", "1", false),
    ])
    func membershipId(airline: String, id: String, valid: Bool) {
        let summary = Fixture.summary([.airline: airline, .membershipId: id])
        #expect(summary == Fixture.expected(valid ? nil : .membershipIdInvalid, .membershipId))
    }

    @Test(arguments: ["", "vn", "QR"])
    func membershipIdIsNotCheckedWithoutAValidKnownAirline(airline: String) {
        let summary = Fixture.summary([.airline: airline, .membershipId: "not-an-id"])
        #expect(!summary.contains("MEMBERSHIP_ID_INVALID@membershipId"))
        #expect(summary.count == 1)
    }

    @Test func messageSaysWhichRuleFailed() throws {
        let pattern = try #require(Fixture.errors([.membershipId: "92000000"]).first)
        #expect(pattern.developerMessage.contains("pattern"))
        let check = try #require(Fixture.errors([.membershipId: "9200000018"]).first)
        #expect(check.developerMessage.contains("luhn"))
    }

    @Test func cardLikeValuesAreNotEchoed() throws {
        // 4111111111111111 passes Luhn: it looks like a payment card and must not be written.
        let error = try #require(Fixture.errors([.membershipId: "4111111111111111"]).first)
        #expect(error.code == .membershipIdInvalid)
        #expect(!error.developerMessage.contains("4111111111111111"))
    }
}
