import Testing

@testable import MemberLink

@Suite("Upper-casing without Unicode machinery for ASCII")
struct UppercasedASCIIFastTests {
    @Test(
        "the same as uppercased() for every kind of text",
        arguments: ["", "ABC123", "abc123", "AbC-1 x", "@[`{~", "straße", "Nguyễn", "ǆ", "ﬁ", "i\u{307}", "z\u{0}a"])
    func sameAsUppercased(text: String) {
        #expect(text.uppercasedASCIIFast == text.uppercased())
        #expect(Array(text.uppercasedASCIIFast.utf8) == Array(text.uppercased().utf8))
    }

    @Test("every ASCII byte upper-cases as uppercased() does")
    func everyASCIIByte() {
        let all = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        #expect(Array(all.uppercasedASCIIFast.utf8) == Array(all.uppercased().utf8))
    }
}
