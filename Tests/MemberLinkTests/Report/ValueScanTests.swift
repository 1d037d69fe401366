import Testing

@testable import MemberLink

@Suite("ValueScan: the output writers' pass over a value, eight bytes at a time, as byte by byte")
struct ValueScanTests {
    /// Byte strings of 0–70 bytes (every position in a word and the tail), drawn mostly from the
    /// bytes the answers turn on, and from every byte value, non-ASCII ones included (seeded).
    private static func byteStrings(count: Int, seed: UInt64) -> [[UInt8]] {
        var generator = SplitMix64(seed: seed)
        let special: [UInt8] =
            Array(",\"\n\r\\\t /:0123456789".utf8) + [
                0x00, 0x01, 0x1F, 0x20, 0x21, 0x23, 0x2B, 0x2D, 0x2F, 0x3A, 0x5B, 0x5D,
            ]
            + [0x7F, 0x80, 0xA2, 0xAC, 0xB0, 0xB9, 0xDC, 0xFF]
        return (0..<count).map { _ in
            (0..<Int(generator.next() % 71)).map { _ -> UInt8 in
                generator.next() % 2 == 0
                    ? special[Int(generator.next() % UInt64(special.count))]
                    : UInt8(truncatingIfNeeded: generator.next())
            }
        }
    }

    /// CONTRACT §4's definitions, byte by byte.
    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
    private static func needsJSONEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }

    @Test("digits, JSON escapes, CSV quotes and double quotes: the byte-by-byte answers, for any bytes")
    func sameAsByteByByte() {
        let cases =
            Self.byteStrings(count: 20_000, seed: 2026_12_07_2) + [
                [], Array("4111 1111 1111 1111".utf8), Array("a,b".utf8), Array("12345678\"".utf8),
                Array("1234567\n".utf8), [UInt8](repeating: 0x22, count: 16), [UInt8](repeating: 0xB0, count: 24),
            ]
        for bytes in cases {
            let json = bytes.withUnsafeBufferPointer { ValueScan.json($0) }
            let csv = bytes.withUnsafeBufferPointer { ValueScan.csv($0) }
            let digits = bytes.filter(Self.isDigit).count
            #expect(json.digits == digits, "\(bytes)")
            #expect(json.escapes == bytes.contains(where: Self.needsJSONEscape), "\(bytes)")
            #expect(csv.digits == digits, "\(bytes)")
            #expect(csv.needsQuotes == bytes.contains(where: CSVInjectionGuard.needsQuoting), "\(bytes)")
            #expect(csv.hasQuote == bytes.contains(UInt8(ascii: "\"")), "\(bytes)")
        }
    }

    @Test("each byte value alone, at every position of a word, is classed as its own definition says")
    func everyByteAtEveryPosition() {
        for value in 0...255 {
            let byte = UInt8(value)
            for position in 0..<8 {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: 8)
                bytes[position] = byte
                let json = bytes.withUnsafeBufferPointer { ValueScan.json($0) }
                let csv = bytes.withUnsafeBufferPointer { ValueScan.csv($0) }
                #expect(json.digits == (Self.isDigit(byte) ? 1 : 0), "byte \(byte) at \(position)")
                #expect(json.escapes == Self.needsJSONEscape(byte), "byte \(byte) at \(position)")
                #expect(csv.needsQuotes == CSVInjectionGuard.needsQuoting(byte), "byte \(byte) at \(position)")
                #expect(csv.hasQuote == (byte == UInt8(ascii: "\"")), "byte \(byte) at \(position)")
            }
        }
    }
}
