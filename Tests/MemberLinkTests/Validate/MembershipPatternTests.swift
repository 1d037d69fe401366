import RecordIO
import Testing

@testable import MemberLink

@Suite struct MembershipPatternTests {
    static let patterns = [
        "^[0-9]{10}$", "[0-9]{10}", "^VN[0-9]{8}$", "^[A-Z]{2}\\d{6,9}$", "^[A-Z0-9]+$", "^[a-c]?$",
        "^X[0-9]*$", "^(AB|CD)[0-9]{3}$", "^[^0-9]{3}$", "^[0-9]{2,3}[A-Z]$", "^\\w{4}$",
    ]
    static let ids = [
        "9200000017", "920000001", "92000000171", "VN12345678", "VN1234567", "AB123456", "AB1234567890",
        "ab123456", "ABC", "", "a", "d", "X", "X12", "AB123", "CD999", "EF123", "abc", "12A", "123A", "1234A",
        "٠١٢٣٤٥٦٧٨٩", "92000000١7", "é123", "abcd", "ab_d",
    ]

    @Test func simplePatternsAreRecognised() {
        #expect(SimplePatternAtom.parse("^[0-9]{10}$") != nil)
        #expect(SimplePatternAtom.parse("^VN[0-9]{8}$") != nil)
        #expect(SimplePatternAtom.parse("^[A-Z]{2}\\d{6,9}$") != nil)
        #expect(SimplePatternAtom.parse("^(AB|CD)[0-9]{3}$") == nil)
        #expect(SimplePatternAtom.parse("^[0-9]{2,3}[A-Z]$") == nil, "a variable atom must be the last")
        #expect(SimplePatternAtom.parse("^[^0-9]{3}$") == nil)
    }

    /// The byte-level fast path and Swift Regex agree on every pattern and id (whole match,
    /// ASCII character classes).
    @Test(arguments: patterns)
    func fastPathAgreesWithRegex(pattern: String) throws {
        let regex = try Regex(pattern).asciiOnlyCharacterClasses()
        let compiled = MembershipPattern(pattern)
        #expect(compiled.compileError == nil)
        for id in Self.ids {
            #expect(compiled.matches(id) == (id.wholeMatch(of: regex) != nil), "\(pattern) on \(id)")
        }
    }

    @Test func brokenPatternMatchesNothing() {
        let broken = MembershipPattern("[0-9")
        #expect(broken.compileError != nil)
        #expect(!broken.matches("1"))
        #expect(Programme(code: "BR", pattern: "[0-9", checkDigit: .none).patternError != nil)
        #expect(Programme(code: "VN", pattern: "^[0-9]{10}$", checkDigit: .luhn).patternError == nil)
    }

    /// One validator serves every thread of a run, so a pattern that needs Swift `Regex` is matched
    /// from several threads at once (and CI runs this under ThreadSanitizer).
    @Test func regexPatternGivesTheSameAnswersOnSeveralThreadsAtOnce() throws {
        let pattern = "^(AB|CD)[0-9]{3}$"
        let compiled = MembershipPattern(pattern)
        #expect(SimplePatternAtom.parse(pattern) == nil, "this test needs a pattern that goes to Regex")
        let expected = Self.ids.map { compiled.matches($0) }
        #expect(expected.contains(true) && expected.contains(false))
        let disagreements = Locked(0)
        let threads = (0..<3).map { _ in
            WorkerThread(name: "test-matcher") {
                for _ in 0..<200 where Self.ids.map({ compiled.matches($0) }) != expected {
                    disagreements.withLock { $0 += 1 }
                }
            }
        }
        for thread in threads { thread.join() }
        #expect(disagreements.withLock { $0 } == 0)
    }
}
