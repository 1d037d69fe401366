import RecordIO
import Testing

@Suite("Byte comparison")
struct ByteComparisonTests {
    private func same(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        left.withUnsafeBytes { left in right.withUnsafeBytes { left.hasSameBytes(as: $0) } }
    }

    @Test("the same bytes, and only those, compare the same")
    func sameBytes() {
        #expect(same(Array("PAX1".utf8), Array("PAX1".utf8)))
        #expect(same([], []))
        #expect(!same(Array("PAX1".utf8), Array("pax1".utf8)))
        #expect(!same(Array("PAX1".utf8), Array("PAX10".utf8)))
        #expect(!same([], [0]))
        // Canonically equivalent text in two Unicode forms is two different byte strings.
        #expect(!same(Array("M\u{FC}ller".utf8), Array("Mu\u{308}ller".utf8)))
        let typed = Array("1A".utf8)
        #expect(typed.withUnsafeBufferPointer { left in typed.withUnsafeBufferPointer { left.hasSameBytes(as: $0) } })
    }
}
