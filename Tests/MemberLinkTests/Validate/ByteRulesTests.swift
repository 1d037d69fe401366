import Testing

@testable import MemberLink

/// Rules decided on a value's bytes say what the contract's words say: every spelling of the
/// accepted words in every case, and the near misses around them.
@Suite("Rules decided on bytes")
struct ByteRulesTests {
    /// Every way to write `word` with each letter in either case.
    private static func caseVariants(_ word: String) -> [String] {
        word.reduce([""]) { spellings, letter in
            spellings.flatMap { [$0 + letter.uppercased(), $0 + letter.lowercased()] }
        }
    }

    private static let nearMisses = [
        "", " M", "M ", "MM", "MA", "MAL", "MALES", "FEMAL", "TRU", "FALS", "FALSEE", "X", "É", "Ｍ", "M\u{301}",
        "male\u{0}", "ADT ", "AD", "ADTT", "adt", "Adt", "CHd", "INf", "INF\u{301}", "ＡDT",
    ]

    @Test("gender is M, F, MALE, FEMALE, TRUE or FALSE in any case, and nothing else")
    func genderWords() {
        let words = ["M", "F", "MALE", "FEMALE", "TRUE", "FALSE"]
        for word in words {
            for spelling in Self.caseVariants(word) { #expect(ProfileRules.isGender(spelling), "\(spelling)") }
        }
        for miss in Self.nearMisses where !words.contains(miss.uppercased()) {
            #expect(!ProfileRules.isGender(miss), "\(miss)")
        }
    }

    @Test("a passenger type read from the bytes is the one its raw value names, and only that")
    func passengerTypeAsRawValue() {
        let texts = BookingKeyRules.PassengerType.allCases.flatMap { Self.caseVariants($0.rawValue) } + Self.nearMisses
        for text in texts {
            #expect(
                BookingKeyRules.PassengerType(exactly: text) == BookingKeyRules.PassengerType(rawValue: text), "\(text)"
            )
        }
        #expect(BookingKeyRules.PassengerType(exactly: "CHD") == .child)
    }
}
