import Testing

@testable import MemberLink

@Suite struct CheckDigitTests {
    // Check digits computed independently: 920000001 → 7, 123456789 → 7, 411111111111111 → 1.
    @Test(arguments: [
        ("9200000017", true), ("1234567897", true), ("4111111111111111", true), ("0000000000", true),
        ("79927398713", true), ("9200000018", false), ("9200000071", false), ("1234567890", false),
        ("92000000I7", false), ("", false), ("920000001-7", false),
    ])
    func luhn(id: String, valid: Bool) {
        #expect(Programme.CheckDigit.luhn.isSatisfied(by: id) == valid)
    }

    // 123456 mod 7 = 4, 920000001 mod 7 = 4, 1000000 mod 7 = 1, 6 mod 7 = 6, 999999999999 mod 7 = 0.
    @Test(arguments: [
        ("1234564", true), ("9200000014", true), ("10000001", true), ("66", true), ("9999999999990", true),
        ("00", true), ("1234565", false), ("9200000017", false), ("7", false), ("", false), ("12345a4", false),
        ("6 6", false),
    ])
    func mod7(id: String, valid: Bool) {
        #expect(Programme.CheckDigit.mod7.isSatisfied(by: id) == valid)
    }

    @Test func noneAcceptsAnything() {
        #expect(Programme.CheckDigit.none.isSatisfied(by: "AB-12"))
    }
}
