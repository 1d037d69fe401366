import Testing

@testable import MemberLink

/// CONTRACT §4: "A value that looks like a payment card number (13–19 digits that pass Luhn) is
/// never written anywhere."
@Suite struct CardNumberGuardTests {
    @Test(arguments: [
        // A 16-digit Luhn number alone, inside a name, grouped by spaces or hyphens.
        ("4111111111111111", "****************"),
        ("Ann 4111111111111111 Lee", "Ann **************** Lee"),
        ("Marie4111111111111111", "Marie****************"),
        ("4111 1111 1111 1111", "*******************"),
        ("4111-1111-1111-1111", "*******************"),
        ("card: 5555-5555-5555-4444.", "card: *******************."),
        // 15 (Amex layout) and 13 digits passing Luhn.
        ("3782 822463 10005", "*****************"),
        ("1234567890128", "*************"),
        // A card number next to another number, separated by a space.
        ("ref 12 4111 1111 1111 1111", "ref 12 *******************"),
        // Non-ASCII around it stays as it was.
        ("Đặng 4111111111111111 ✓", "Đặng **************** ✓"),
    ])
    func starsCardNumbers(input: String, expected: String) {
        #expect(CardNumberGuard.redact(input) == expected)
    }

    @Test(arguments: [
        "1234567890123",  // 13 digits, not Luhn
        "4111111111111112",  // 16 digits, not Luhn
        "411111111111",  // 12 digits
        "12345678901234567890123",  // 23 digits in one run: no card number
        "4111  1111 1111 1111",  // a double space breaks the run: 4 + 12 digits
        "9200000017",  // a 10-digit membership id
        "2026-12-01",
        "+84 912345678",
        "",
    ])
    func leavesOtherValuesAlone(input: String) {
        #expect(CardNumberGuard.redact(input) == input)
    }

    /// The one-pass test that lets most raw rows through must never let a card number through:
    /// wherever the full search finds a span, it says there may be one.
    @Test func longDigitChainTestMissesNoCardNumber() {
        var generator = SplitMix64(seed: 1213)  // seeded, so that a failing value can be replayed
        let alphabet = Array("0123456789 -a,".utf8)
        var spansFound = 0
        var rowsLetThrough = 0
        for _ in 0..<20_000 {
            // Mostly digits, so that chains of 13 or more (and Luhn-valid spans) are common.
            let bytes = (0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Bool.random(using: &generator)
                    ? alphabet[Int.random(in: 0..<10, using: &generator)] : alphabet.randomElement(using: &generator)!
            }
            bytes.withUnsafeBufferPointer { bytes in
                let spans = CardNumberGuard.cardSpans(in: bytes)
                let mayHide = CardNumberGuard.hasLongDigitChain(bytes)
                #expect(spans.isEmpty || mayHide, "\(Array(bytes))")
                if !spans.isEmpty { spansFound += 1 }
                if !mayHide { rowsLetThrough += 1 }
            }
        }
        #expect(spansFound > 100)  // the property was tried on values holding card numbers
        #expect(rowsLetThrough > 1_000)  // and the test lets some values through
        // A raw row of the benchmark's kind: dates, a phone and a membership number, no card.
        let row = Array("1A,P87J90,2027-01-14,4,LE,1961-09-18,+84 179 918 453,VN,9001725051\n".utf8)
        #expect(!row.withUnsafeBufferPointer { CardNumberGuard.hasLongDigitChain($0) })
    }

    /// The word-at-a-time run test that comes first says no only where the byte-by-byte chain
    /// test says no (a chain lies in a run of digits, spaces and hyphens), on random bytes of any
    /// value and on bytes that make long runs, at every alignment; and it lets rows through.
    @Test func longDigitRunTestMissesNoChain() {
        var generator = SplitMix64(seed: 1207)
        let runBytes = Array("0123456789 -".utf8)
        var chainsFound = 0
        var letThrough = 0
        for round in 0..<20_000 {
            let bytes = (0..<Int.random(in: 0...60, using: &generator)).map { _ -> UInt8 in
                switch Int.random(in: 0..<10, using: &generator) {
                case 0: UInt8.random(in: 0...255, using: &generator)
                case 1: round % 2 == 0 ? UInt8(ascii: ",") : 0xB0  // ends a run; 0xB0 is `0` | 0x80
                default: runBytes.randomElement(using: &generator)!
                }
            }
            bytes.withUnsafeBufferPointer { bytes in
                let chain = CardNumberGuard.hasLongDigitChainByteByByte(bytes)
                let run = CardNumberGuard.hasLongDigitRun(bytes)
                #expect(!chain || run, "\(Array(bytes))")
                #expect(CardNumberGuard.hasLongDigitChain(bytes) == chain)
                if chain { chainsFound += 1 }
                if !run { letThrough += 1 }
            }
        }
        #expect(chainsFound > 1_000)
        #expect(letThrough > 1_000)
        // Thirteen run bytes are a run wherever they start; twelve are not.
        for start in 0..<16 {
            for length in [12, 13] {
                let bytes =
                    [UInt8](repeating: UInt8(ascii: "a"), count: start)
                    + [UInt8](repeating: UInt8(ascii: "7"), count: length)
                    + [UInt8(ascii: ",")]
                #expect(bytes.withUnsafeBufferPointer { CardNumberGuard.hasLongDigitRun($0) } == (length == 13))
            }
        }
    }

    @Test func redactsRawBytes() {
        let raw = Array("VN,ABC123,\"Ann\r\n4111 1111 1111 1111\",1234567890123\r\n".utf8)
        let expected = Array("VN,ABC123,\"Ann\r\n*******************\",1234567890123\r\n".utf8)
        #expect(CardNumberGuard.redact(raw) == expected)
        var latin1: [UInt8] = [0xE9, 0x20] + Array("4111111111111111".utf8)  // "é " in Latin-1
        #expect(CardNumberGuard.redact(bytes: &latin1))
        #expect(latin1 == [0xE9, 0x20] + [UInt8](repeating: UInt8(ascii: "*"), count: 16))
    }
}
