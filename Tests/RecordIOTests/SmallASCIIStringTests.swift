import Testing

@testable import RecordIO

@Suite("SmallASCIIString: the same strings as String(decoding:as:), made faster")
struct SmallASCIIStringTests {
    /// The two words of a `String` value, to compare what two strings are made of.
    private func bits(_ string: String) -> (UInt64, UInt64) { unsafeBitCast(string, to: (UInt64, UInt64).self) }

    /// Decodes `bytes` from a buffer of exactly their size (AddressSanitizer, in CI, reports a read
    /// past it) and checks the string against the standard library's: equal, with the same bits
    /// (where it is made here: ASCII, at most 15 bytes; other strings have storage of their own) and
    /// hash, usable like any other.
    private func expectSameAsStandard(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let exact = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        defer { exact.deallocate() }
        _ = exact.initialize(from: bytes)
        let made = SmallASCIIString.decodingUTF8(UnsafeBufferPointer(exact))
        let standard = String(decoding: bytes, as: UTF8.self)
        #expect(made == standard, sourceLocation: sourceLocation)
        if bytes.count <= SmallASCIIString.maxCount, bytes.allSatisfy({ $0 < 0x80 }) {
            #expect(bits(made) == bits(standard), "\(bytes)", sourceLocation: sourceLocation)
        }
        #expect(made.hashValue == standard.hashValue, sourceLocation: sourceLocation)
        #expect(Array(made.utf8) == Array(standard.utf8), sourceLocation: sourceLocation)
        #expect(made.uppercased() + "|" == standard.uppercased() + "|", sourceLocation: sourceLocation)
    }

    @Test("strings made here have the standard library's layout on this target")
    func layoutIsTheStandardLibrarys() {
        #expect(SmallASCIIString.layoutMatchesStandardLibrary())
        #expect(Array("2026-12-07".utf8).withUnsafeBufferPointer { SmallASCIIString.make($0) } == "2026-12-07")
        #expect(Array("Lê".utf8).withUnsafeBufferPointer { SmallASCIIString.make($0) } == nil)
    }

    @Test("every length from 0 to 15, each ASCII byte at every position")
    func everyLengthAndByte() {
        for count in 0...SmallASCIIString.maxCount {
            expectSameAsStandard(Array("ABCDEFGHIJKLMNO".utf8.prefix(count)))
            for position in 0..<count {
                for byte in UInt8(0)...0x7F {
                    var bytes = Array(repeating: UInt8(ascii: "x"), count: count)
                    bytes[position] = byte
                    let made = bytes.withUnsafeBufferPointer { SmallASCIIString.decodingUTF8($0) }
                    #expect(bits(made) == bits(String(decoding: bytes, as: UTF8.self)))
                }
            }
        }
    }

    @Test("non-ASCII, invalid and longer bytes are the standard library's own strings")
    func everythingElseFallsBack() {
        expectSameAsStandard(Array("Lê-Đỗ".utf8))
        expectSameAsStandard(Array("é".utf8))
        expectSameAsStandard([0xC3])  // a character cut short: repaired to U+FFFD, as decoding does
        expectSameAsStandard([0x41, 0xFF, 0x42])
        expectSameAsStandard(Array("jean.dupont@example.com".utf8))
        expectSameAsStandard(Array("0123456789ABCDEF".utf8))  // 16 bytes: one past the small size
    }

    @Test("random bytes of any kind decode as String(decoding:as:) does (seeded)")
    func randomBytes() {
        var generator = SplitMix64(seed: 20261207)
        for _ in 0..<5_000 {
            let count = Int(generator.next() % 20)
            let asciiOnly = generator.next() % 4 != 0
            let bytes = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) & (asciiOnly ? 0x7F : 0xFF) }
            expectSameAsStandard(bytes)
        }
    }

    @Test("a short ASCII string reads back as its bytes, whoever made it; any other string does not")
    func wordsOfAString() throws {
        var generator = SplitMix64(seed: 1207)
        for _ in 0..<2_000 {
            let bytes = (0..<Int(generator.next() % 16)).map { _ in UInt8(generator.next() % 0x80) }
            for string in [
                String(decoding: bytes, as: UTF8.self),
                bytes.withUnsafeBufferPointer { SmallASCIIString.decodingUTF8($0) },
            ] {
                let words = try #require(SmallASCIIString.words(of: string))
                var back = [UInt8](repeating: 0xFF, count: 16)
                withUnsafeBytes(of: (words.leading, words.trailing)) { back = Array($0) }
                #expect(words.count == bytes.count)
                #expect(Array(back[..<bytes.count]) == bytes)
                #expect(back[bytes.count...].allSatisfy { $0 == 0 }, "zero past the last byte")
            }
        }
        #expect(SmallASCIIString.words(of: "PAX_1_1")?.count == 7)  // a literal
        #expect(SmallASCIIString.words(of: "0123456789abcdef") == nil)  // 16 bytes: stored apart
        #expect(SmallASCIIString.words(of: String(repeating: "x", count: 40)) == nil)
        #expect(SmallASCIIString.words(of: "Lê") == nil)  // small, not ASCII
        #expect(SmallASCIIString.words(of: String("PAX_1_1 and more"[...].prefix(7))) != nil)
    }

    @Test("two small strings match on their bits exactly when their bytes match; a longer one is left to its bytes")
    func smallStringsMatchOnBits() {
        var generator = SystemRandomNumberGenerator()
        // Short ASCII and non-ASCII values, made in different ways, and longer ones.
        let alphabet = Array("AB1-é".unicodeScalars)
        var samples: [String] = ["", "A", "AB", "Lê", "é", "0123456789ABCDE", "0123456789ABCDEF", "ÀÉÎÕÜàéîõü"]
        for _ in 0..<300 {
            let count = Int.random(in: 0...9, using: &generator)
            samples.append(String(String.UnicodeScalarView((0..<count).map { _ in alphabet.randomElement()! })))
        }
        for left in samples {
            for right in samples.shuffled().prefix(40) + [left, String(decoding: Array(left.utf8), as: UTF8.self)] {
                let bytesMatch = Array(left.utf8) == Array(right.utf8)
                let bothSmall = SmallASCIIString.isSmall(left) && SmallASCIIString.isSmall(right)
                let match = SmallASCIIString.smallStringsMatch(left, right)
                #expect(match == (bothSmall ? bytesMatch : nil), "\(left) | \(right)")
            }
        }
        // A string of 15 bytes or fewer kept in storage of its own (a `String` grown and cut back)
        // is not small: the comparison is left to the bytes.
        var stored = String(repeating: "x", count: 40)
        stored.removeLast(38)
        #expect(stored == "xx")
        #expect(SmallASCIIString.smallStringsMatch(stored, "xx") == (SmallASCIIString.isSmall(stored) ? true : nil))
    }

    @Test("a string is small exactly when it lives in its own two words (15 bytes or fewer)")
    func smallStrings() {
        #expect(SmallASCIIString.isSmall(""))
        #expect(SmallASCIIString.isSmall("PAX_1_1"))
        #expect(SmallASCIIString.isSmall("Lê-Đỗ"))  // small, not ASCII
        #expect(SmallASCIIString.isSmall(String(decoding: Array("0123456789abcde".utf8), as: UTF8.self)))
        #expect(!SmallASCIIString.isSmall(String(decoding: Array("0123456789abcdef".utf8), as: UTF8.self)))
        #expect(!SmallASCIIString.isSmall("a literal longer than fifteen bytes"))
        #expect(!SmallASCIIString.isSmall(String(repeating: "é", count: 8)))  // 16 bytes
    }

    @Test("raw bytes decode as typed ones do")
    func rawBytes() {
        let bytes = Array("NL432179".utf8)
        let made = bytes.withUnsafeBytes { SmallASCIIString.decodingUTF8($0) }
        #expect(made == "NL432179")
        #expect(bits(made) == bits(String(decoding: bytes, as: UTF8.self)))
    }

    @Test("a short ASCII string upper-cased on its words is the standard library's upper-casing, bit for bit")
    func upperCasedOnWords() {
        for count in 0...SmallASCIIString.maxCount {
            for position in 0..<max(count, 1) {
                for byte in UInt8(0)...0x7F where count > 0 || byte == 0 {
                    var bytes = Array("aZ-9q`{@[xyzMn!".utf8.prefix(count))
                    if count > 0 { bytes[position] = byte }
                    let string = String(decoding: bytes, as: UTF8.self)
                    let upper = SmallASCIIString.uppercasedASCII(string)
                    let standard = String(
                        decoding: bytes.map { (0x61...0x7A).contains($0) ? $0 - 0x20 : $0 }, as: UTF8.self)
                    #expect(upper == standard && upper == string.uppercased(), "\(bytes)")
                    #expect(upper.map(bits) ?? (0, 0) == bits(standard), "\(bytes)")
                }
            }
        }
        // Longer or non-ASCII strings are left to another way.
        #expect(SmallASCIIString.uppercasedASCII("a literal longer than fifteen bytes") == nil)
        #expect(SmallASCIIString.uppercasedASCII("lê") == nil)
    }

    @Test("a string copied or read in place is the stored string, small or not, and outlives it")
    func copiedAndReadInPlace() {
        let samples = [
            "", "A", "PAX_1_1", "0123456789abcde", "0123456789abcdef", "Lê", "Nguyễn Thị Minh Khai",
            String(repeating: "long value ", count: 20),
        ]
        let stored = UnsafeMutablePointer<String>.allocate(capacity: samples.count)
        defer { stored.deallocate() }
        for (position, sample) in samples.enumerated() {
            // Made at run time, so that the long ones have storage of their own to count.
            (stored + position).initialize(to: String(decoding: Array(sample.utf8), as: UTF8.self))
        }
        var copies: [String] = []
        for position in samples.indices {
            let copy = SmallASCIIString.copy(ofStringAt: stored + position)
            #expect(copy == samples[position])
            #expect(bits(copy) == bits(stored[position]), "the same value, bit for bit")
            copies.append(copy)
            let words = SmallASCIIString.words(ofStringAt: stored + position)
            let expected = SmallASCIIString.words(of: stored[position])
            #expect(words?.leading == expected?.leading && words?.trailing == expected?.trailing)
            #expect(words?.count == expected?.count)
        }
        // The stored strings destroyed: every copy still holds its value (a long one was retained).
        stored.deinitialize(count: samples.count)
        #expect(copies == samples)
    }
}
