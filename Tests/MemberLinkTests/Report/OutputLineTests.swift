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
}
