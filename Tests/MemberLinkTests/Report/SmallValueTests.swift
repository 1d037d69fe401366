import Testing

@testable import MemberLink

@Suite("SmallValue: the output guards' questions, answered eight bytes at a time, as byte by byte")
struct SmallValueTests {
    /// Short values drawn mostly from the bytes the guards care about (seeded, replayable).
    private static func values(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        let special: [UInt8] =
            Array(",\"\n\r\\\t =+-@'0123456789".utf8) + [0x00, 0x01, 0x1F, 0x20, 0x22, 0x23, 0x2C, 0x2D, 0x7F]
        return (0..<count).map { _ in
            let length = Int(generator.next() % 16)
            let bytes = (0..<length).map { _ -> UInt8 in
                generator.next() % 2 == 0
                    ? special[Int(generator.next() % UInt64(special.count))] : UInt8(generator.next() % 0x80)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    @Test("each answer equals the byte-by-byte one")
    func answersMatchBytes() throws {
        for value in Self.values(count: 20_000, seed: 2026_12_07) + [
            "", "4111111111111", "411111111111a", "1234567890123",
        ] {
            let small = try #require(SmallValue(value))
            let bytes = Array(value.utf8)
            #expect(small.count == bytes.count)
            #expect(small.needsCSVQuoting == bytes.contains(where: CSVInjectionGuard.needsQuoting), "\(bytes)")
            #expect(
                small.needsJSONEscape == bytes.contains { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }, "\(bytes)")
            #expect(small.mayHideCardNumber == (bytes.filter(CardNumberGuard.isDigit).count >= 13), "\(bytes)")
            #expect(small.firstByte == bytes.first)
        }
    }

    @Test("longer and non-ASCII strings are not small values")
    func onlyShortASCII() {
        #expect(SmallValue("0123456789abcdef") == nil)
        #expect(SmallValue("jean.dupont@example.com") == nil)
        #expect(SmallValue("Lê") == nil)
        #expect(SmallValue("0123456789abcde") != nil)
    }

    @Test("CSV cells and JSON strings are the contract's bytes, on one line that grows past its buffer")
    func cellsAreTheContractsBytes() {
        var line = OutputLine()
        var expected: [UInt8] = []
        for (position, value) in Self.values(count: 5_000, seed: 99).enumerated() {
            let first = position % 7 == 0
            line.csv(value, first: first)
            expected += Self.referenceCSV(value, first: first)
            line.json(value)
            expected += Self.referenceJSON(value)
        }
        #expect(line.bytes == expected)
    }

    @Test("short card numbers (13 and 15 digits, Luhn-valid) are starred in both formats")
    func shortCardNumbersAreStarred() {
        for card in ["4222222222222", "378282246310005"] {
            var line = OutputLine()
            line.csv(card, first: true)
            line.json(card)
            let stars = String(repeating: "*", count: card.count)
            #expect(line.bytes == Array("\(stars)\"\(stars)\"".utf8))
        }
    }

    /// CONTRACT §4 for one cell, byte by byte: card numbers starred, then a leading `'` for a
    /// formula's first character, then RFC 4180 quotes.
    private static func referenceCSV(_ value: String, first: Bool) -> [UInt8] {
        var bytes = Array(CardNumberGuard.redact(value).utf8)
        if let lead = bytes.first,
            [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D].contains(lead)
        {
            bytes.insert(UInt8(ascii: "'"), at: 0)
        }
        if bytes.contains(where: CSVInjectionGuard.needsQuoting) {
            bytes =
                [UInt8(ascii: "\"")] + bytes.flatMap { $0 == UInt8(ascii: "\"") ? [$0, $0] : [$0] } + [
                    UInt8(ascii: "\"")
                ]
        }
        return (first ? [] : [UInt8(ascii: ",")]) + bytes
    }

    /// RFC 8259 §7 for one string, after the card-number guard.
    private static func referenceJSON(_ value: String) -> [UInt8] {
        var text = "\""
        for scalar in CardNumberGuard.redact(value).unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        return Array((text + "\"").utf8)
    }
}
