import MemberLink
import Testing

@Suite("Source locations")
struct SourceLocationTests {
    @Test("a location gives back its file name byte for byte, and compares as its name and line do")
    func fileNameRoundTrip() {
        let composed = "in/M\u{FC}ller.csv"
        let decomposed = "in/Mu\u{308}ller.csv"
        let first = SourceLocation(file: composed, line: 2)
        #expect(Array(first.file.utf8) == Array(composed.utf8))
        #expect(Array(SourceLocation(file: decomposed, line: 2).file.utf8) == Array(decomposed.utf8))
        #expect(first == SourceLocation(file: composed, line: 2))
        #expect(first != SourceLocation(file: composed, line: 3))
        #expect(first != SourceLocation(file: "in/other.csv", line: 2))
        #expect(Set([first, SourceLocation(file: composed, line: 2)]).count == 1)
        #expect(first.description == "\(composed):2")
        var moved = first
        moved.file = "in/next.csv"
        #expect(moved.file == "in/next.csv" && moved.line == 2 && first.file == composed)
    }
}
