import RecordIO
import Testing

@Suite("ByteBuffer")
struct ByteBufferTests {
    @Test("keeps every byte appended, in order, however far it grows; a copy is its own")
    func appendsGrowsAndCopies() {
        var buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        for index in 0..<300 {
            let chunk = Array("chunk \(index);".utf8)
            chunk.withUnsafeBytes { buffer.append($0) }
            buffer.append(UInt8(index % 256))
            expected += chunk + [UInt8(index % 256)]
        }
        let written = Array("written in place".utf8)
        let target = buffer.reserve(written.count)
        target.initialize(from: written, count: written.count)
        buffer.extend(by: written.count)
        expected += written
        #expect(buffer.count == expected.count)
        #expect(Array(buffer.bytes) == expected)

        let copy = buffer.copy()
        buffer.truncate(to: 5)
        Array("!?".utf8).withUnsafeBytes { buffer.append($0) }
        #expect(Array(buffer.bytes) == Array(expected.prefix(5)) + Array("!?".utf8))
        #expect(Array(copy.bytes) == expected, "changing the original leaves the copy as it was")
    }
}
