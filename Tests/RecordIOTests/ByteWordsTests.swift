import Testing

@testable import RecordIO

@Suite("ByteWords: each byte's answer, eight at a time, as byte by byte")
struct ByteWordsTests {
    /// `word` with `byte` at position `position` and `filler` in the other seven.
    private static func word(_ byte: UInt8, at position: Int, filler: UInt8) -> UInt64 {
        var bytes = [UInt8](repeating: filler, count: 8)
        bytes[position] = byte
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
    }

    /// The high bit of byte `position` when `answer` holds for `byte`.
    private static func bit(_ answer: Bool, at position: Int) -> UInt64 { answer ? 0x80 << UInt64(8 * position) : 0 }

    @Test("every byte value at every position, among fillers that answer yes and no")
    func everyByteEveryPosition() {
        // Fillers at the edges of the ranges asked about, so that a borrow or carry would show.
        for filler: UInt8 in [0x00, 0x1F, 0x20, 0x2F, 0x30, 0x39, 0x3A, 0x41, 0x5A, 0x60, 0x61, 0x7A, 0x7F, 0x80, 0xFF]
        {
            for value in 0...255 {
                let byte = UInt8(value)
                for position in 0..<8 {
                    let word = Self.word(byte, at: position, filler: filler)
                    let mask = ~(0xFF << UInt64(8 * position)) & ByteWords.highBits  // the fillers' bits
                    func expect(_ got: UInt64, _ answer: (UInt8) -> Bool, _ what: String) {
                        let fillers = (0..<8).reduce(UInt64(0)) { $0 | Self.bit(answer(filler), at: $1) } & mask
                        #expect(
                            got == Self.bit(answer(byte), at: position) | fillers,
                            "\(what) of \(byte) at \(position) among \(filler)")
                    }
                    expect(ByteWords.equal(word, 0x22), { $0 == 0x22 }, "equal 0x22")
                    expect(ByteWords.equal(word, 0x00), { $0 == 0x00 }, "equal 0x00")
                    expect(ByteWords.below(word, 0x20), { $0 < 0x20 }, "below 0x20")
                    expect(ByteWords.below(word, 0x80), { $0 < 0x80 }, "below 0x80")
                    expect(ByteWords.digits(word), { (0x30...0x39).contains($0) }, "digits")
                    expect(
                        ByteWords.letters(word), { (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) }, "letters"
                    )
                    expect(ByteWords.inRange(word, 0x01, 0x7F), { (0x01...0x7F).contains($0) }, "inRange 1...7F")
                }
            }
        }
    }

    @Test("the first bytes: none, some, all")
    func firstBytes() {
        #expect(ByteWords.firstBytes(-3) == 0 && ByteWords.firstBytes(0) == 0)
        #expect(ByteWords.firstBytes(1) == 0x80)
        #expect(ByteWords.firstBytes(3) == 0x80_8080)
        #expect(ByteWords.firstBytes(8) == ByteWords.highBits && ByteWords.firstBytes(12) == ByteWords.highBits)
    }
}
