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

    @Test("a short ASCII string's words append exactly its bytes, however far the buffer grows")
    func appendsSmallASCIIWords() throws {
        var buffer = ByteBuffer(capacity: 1)
        var expected: [UInt8] = []
        for index in 0..<500 {
            let text = String((String(index, radix: 36) + "-ABCDEFGHIJKLMNOP").prefix(index % 16))
            buffer.append(smallASCII: try #require(SmallASCIIString.words(of: text)))
            buffer.append(UInt8(ascii: "|"))
            expected += Array(text.utf8) + [UInt8(ascii: "|")]
        }
        #expect(Array(buffer.bytes) == expected)
    }
}

@Suite("GrowableBuffer of values other than bytes")
struct GrowableBufferTests {
    struct Pair: Equatable, BitwiseCopyable {
        var number: Int32
        var wide: Int
    }

    @Test("keeps every value appended, in order, however far it grows; truncating keeps the first ones")
    func appendsAndGrows() {
        var buffer = GrowableBuffer<Pair>(capacity: 0)
        var expected: [Pair] = []
        for index in 0..<1_000 {
            let pair = Pair(number: Int32(index), wide: index * 1_000_003)
            buffer.append(pair)
            expected.append(pair)
        }
        #expect(buffer.count == 1_000)
        #expect(Array(buffer.elements) == expected)
        buffer.truncate(to: 17)
        #expect(Array(buffer.elements) == Array(expected.prefix(17)))
    }
}
