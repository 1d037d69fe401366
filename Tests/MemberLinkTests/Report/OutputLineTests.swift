import Testing

@testable import MemberLink

@Suite("Output line buffer")
struct OutputLineTests {
    @Test("a line grows past its first buffer and keeps every byte in order")
    func grows() {
        var line = OutputLine()
        var expected: [UInt8] = []
        for number in 0..<1_000 {
            line.number(number)
            line.byte(UInt8(ascii: ","))
            expected += Array("\(number),".utf8)
        }
        line.newline()
        expected.append(UInt8(ascii: "\n"))
        #expect(line.bytes == expected)
        #expect(line.withBytes { Array($0) } == expected)
        line.reset()
        line.raw("x")
        #expect(line.bytes == [UInt8(ascii: "x")])
    }

    /// `text` as a string made at run time: the same text, with storage of its own.
    private static func madeAtRunTime(_ text: String) -> String { String(decoding: Array(text.utf8), as: UTF8.self) }

    @Test("long literals are written from the cache as the writers first wrote them, in JSON and CSV")
    func literalsWrittenAgainAlike() {
        let literals = [
            "No membership was found for this passenger; check the membership number or the document.",
            "A \"quoted\", comma'd message, with a card-like 4111 1111 1111 1111 in it",
            "=starts like a formula and is long enough to be stored apart",
        ]
        #expect(LiteralCache.key(of: literals[0]) != nil)
        #expect(LiteralCache.key(of: Self.madeAtRunTime(literals[0])) == nil, "a string with storage of its own")
        #expect(LiteralCache.key(of: "short") == nil)
        for literal in literals {
            var fresh = OutputLine()
            fresh.json(Self.madeAtRunTime(literal))
            fresh.csv(Self.madeAtRunTime(literal))
            let expected = fresh.bytes
            var line = OutputLine()
            for _ in 0..<3 {
                line.reset()
                line.json(literal)
                line.csv(literal)
                #expect(line.bytes == expected, "\(literal)")
            }
        }
        // Many literals in turn: each still written as itself, whatever its slot held before.
        var line = OutputLine()
        for round in 0..<2 {
            for (number, literal) in literals.enumerated() {
                line.reset()
                line.json(literal)
                var fresh = OutputLine()
                fresh.json(Self.madeAtRunTime(literal))
                #expect(line.bytes == fresh.bytes, "round \(round), literal \(number)")
            }
        }
    }
}
