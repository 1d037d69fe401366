import MemberLink
import Testing

/// email and phone (CONTRACT §1.1).
@Suite struct ContactRulesTests {
    @Test(arguments: [
        ("", true), ("an@example.com", true), ("a@b.c", true), ("first.last+tag@mail.example-site.vn", true),
        ("AN@EXAMPLE.COM", true), ("an@a.b.c", true),
        (String(repeating: "a", count: 38) + "@example.com", true),  // 50 characters
        (String(repeating: "a", count: 39) + "@example.com", false),  // 51 characters
        ("anexample.com", false), ("an@@example.com", false), ("an@ex@ample.com", false), ("@example.com", false),
        ("an@", false), ("an@example", false), ("an@.example.com", false), ("an@example.com.", false),
        ("an@exa_mple.com", false), ("an@exämple.com", false), ("an@example .com", false),
    ])
    func email(value: String, valid: Bool) {
        #expect(Fixture.summary([.email: value]) == Fixture.expected(valid ? nil : .emailInvalid, .email))
    }

    @Test("random addresses, short and long, ASCII or not, are valid exactly as the contract reads them")
    func emailsAsTheContractSays() {
        // CONTRACT §1.1: at most 50 characters, one @ after a non-empty local part, a domain of
        // ASCII letters, digits, - and . with a dot that is neither its first nor its last byte.
        func valid(_ value: String) -> Bool {
            let parts = value.split(separator: "@", omittingEmptySubsequences: false)
            guard value.count <= 50, parts.count == 2, !parts[0].isEmpty else { return false }
            let domain = Array(parts[1].utf8)
            return domain.contains(UInt8(ascii: ".")) && domain.first != UInt8(ascii: ".")
                && domain.last != UInt8(ascii: ".")
                && domain.allSatisfy { byte in
                    (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
                        || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".")
                }
        }
        var generator = SplitMix64(seed: 2026_12_07_4)
        let pieces = ["a", "Z", "9", "-", ".", "@", "_", "+", " ", "é", "`", "{", "/", ":", "[", "ab.cd", "x@y.z"]
        for _ in 0..<4_000 {
            let value = (0..<Int(generator.next() % 40)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            .joined()
            guard !value.isEmpty else { continue }
            #expect(
                Fixture.summary([.email: value]) == Fixture.expected(valid(value) ? nil : .emailInvalid, .email),
                "\(value)"
            )
        }
    }

    @Test(arguments: [
        ("", true), ("+84 912345678", true), ("0912-345-678", true), ("123456", true), ("+123456789012345", true),
        ("+84 91 234 56 78", true), ("12345", false), ("1234567890123456", false), ("+", false),
        ("84+912345678", false), ("++84912345678", false), ("(084) 912345678", false), ("0912.345.678", false),
        ("09123456x", false), ("٠٩١٢٣٤٥٦٧٨", false),
    ])
    func phone(value: String, valid: Bool) {
        #expect(Fixture.summary([.phone: value]) == Fixture.expected(valid ? nil : .phoneInvalid, .phone))
    }

    @Test func messagesMaskEmailAndPhone() throws {
        let errors = Fixture.errors([.email: "secret.person@nowhere", .phone: "+849123456x"])
        #expect(Fixture.summary(errors) == ["EMAIL_INVALID@email", "PHONE_INVALID@phone"])
        for error in errors {
            #expect(!error.developerMessage.contains("secret"))
            #expect(!error.developerMessage.contains("9123"))
            #expect(!error.businessMessage.contains("secret"))
        }
        #expect(errors[0].developerMessage.contains("******here"))
        #expect(errors[1].developerMessage.contains("******456x"))
    }
}
