import Foundation

/// How names are compared when a passenger is matched to a member (CONTRACT §2 step 5): upper-cased,
/// without diacritics, without anything that is not a letter, with the ICAO Doc 9303 Part 3
/// transliterations accepted as well as the bare letter.
///
/// `José` = `JOSE`; `O'Brien` = `OBRIEN`; `Smith-Jones` = `SMITH JONES`; `Müller` = `MULLER` =
/// `MUELLER`; `Øster` = `OSTER` = `OESTER`.
///
/// Two names match when any spelling of one (``FoldedName/bare`` or ``FoldedName/icao``) equals
/// any spelling of the other, or when their bare spellings agree once the ICAO digraphs that stand
/// for a single accented letter (`AE`, `OE`, `UE`, `AA`) are read as that letter: so `MULLER` and
/// `MUELLER`, both plain ASCII, match as the contract lists them.
///
/// Pure-ASCII names take a fast path over their UTF-8 bytes; others are decomposed (NFD) once.
public enum NameFolding {
    /// The two spellings of `name`.
    public static func fold(_ name: String) -> FoldedName {
        if let ascii = asciiFold(name) { return FoldedName(bare: ascii, icao: ascii) }
        return unicodeFold(name)
    }

    /// True when two family names match (CONTRACT §2 step 5). Names without letters match nothing.
    public static func familyNamesMatch(_ first: String, _ second: String) -> Bool {
        foldsMatch(fold(first), fold(second))
    }

    /// True when two folded names match (see ``NameFolding``).
    public static func foldsMatch(_ a: FoldedName, _ b: FoldedName) -> Bool {
        if a.isEmpty || b.isEmpty { return false }
        if a.bare == b.bare || a.bare == b.icao || a.icao == b.bare || a.icao == b.icao { return true }
        return loose(a.bare) == loose(b.bare)
    }

    /// True when two given names start with the same letter once folded (CONTRACT §2 step 5:
    /// "the first letters of the given names differ"). Names without letters match nothing.
    public static func initialsMatch(_ first: String, _ second: String) -> Bool {
        initialsMatch(fold(first), fold(second))
    }

    /// True when two folded given names start with the same letter in any of their spellings.
    public static func initialsMatch(_ a: FoldedName, _ b: FoldedName) -> Bool {
        let initialsB = (b.bare.unicodeScalars.first, b.icao.unicodeScalars.first)
        func isInitialOfB(_ initial: Unicode.Scalar?) -> Bool {
            guard let initial else { return false }  // a spelling without letters matches nothing
            return initial == initialsB.0 || initial == initialsB.1
        }
        return isInitialOfB(a.bare.unicodeScalars.first) || isInitialOfB(a.icao.unicodeScalars.first)
    }

    // MARK: ASCII

    /// What ``foldsMatch(_:_:)`` says of the folds of two family names, compared letter by letter
    /// without folding either into a string, or nil when either name has a non-ASCII byte.
    static func asciiFamilyNamesMatch(_ first: String, _ second: String) -> Bool? {
        withASCIIBytes(first, second) { a, b in
            guard firstLetter(a) != nil, firstLetter(b) != nil else { return false }
            return sameLetters(ASCIILetters(a), ASCIILetters(b))
                || sameLetters(LooseLetters(ASCIILetters(a)), LooseLetters(ASCIILetters(b)))
        }
    }

    /// What ``initialsMatch(_:_:)-(FoldedName,FoldedName)`` says of the folds of two given names,
    /// or nil when either name has a non-ASCII byte.
    static func asciiInitialsMatch(_ first: String, _ second: String) -> Bool? {
        withASCIIBytes(first, second) { a, b in
            guard let initial = firstLetter(a) else { return false }
            return initial == firstLetter(b)
        }
    }

    /// The initial of a given name (the first letter of both its spellings, ``fold(_:)``), when
    /// its bytes reach an ASCII letter before any non-ASCII byte: that letter, upper-cased. The
    /// letters after it need not be ASCII (`Zoë`, `José`): decomposing leaves an ASCII prefix as it
    /// is, and its non-letters are dropped. Nil for a name that starts otherwise (`Émile`, `Øystein`)
    /// or has no letter: fold it.
    static func leadingASCIIInitial(_ name: String) -> UInt8? {
        name.withUTF8Bytes { bytes in
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if let letter = upperLetter(byte) { return letter }
            }
            return nil
        }
    }

    /// Whether a name has an ASCII letter, whatever else it holds: its fold is then not empty.
    static func hasASCIILetter(_ name: String) -> Bool {
        name.withUTF8Bytes { firstLetter($0) != nil }
    }

    /// Whether an ASCII name has a letter (its fold is not empty), or nil when it has a non-ASCII byte.
    static func asciiHasLetter(_ name: String) -> Bool? {
        name.withUTF8Bytes { bytes in
            for byte in bytes where byte >= 0x80 { return nil }
            return firstLetter(bytes) != nil
        }
    }

    /// `byte` upper-cased when it is an ASCII letter (`A`–`Z` kept, `a`–`z` upper-cased), else nil.
    @inline(__always)
    private static func upperLetter(_ byte: UInt8) -> UInt8? {
        if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { return byte }
        if byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") { return byte - 0x20 }
        return nil
    }

    private static func firstLetter(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        var letters = ASCIILetters(bytes)
        return letters.next()
    }

    private static func withASCIIBytes(
        _ first: String, _ second: String, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Bool
    ) -> Bool? {
        first.withUTF8Bytes { a in
            second.withUTF8Bytes { b in
                for byte in a where byte >= 0x80 { return nil }
                for byte in b where byte >= 0x80 { return nil }
                return body(a, b)
            }
        }
    }

    private static func sameLetters(_ a: some IteratorProtocol<UInt8>, _ b: some IteratorProtocol<UInt8>) -> Bool {
        var (a, b) = (a, b)
        while true {
            let (left, right) = (a.next(), b.next())
            if left != right { return false }
            if left == nil { return true }
        }
    }

    /// The letters of ASCII bytes as ``asciiFold(_:)`` keeps them: `A`–`Z`, `a`–`z` upper-cased.
    private struct ASCIILetters: IteratorProtocol {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func next() -> UInt8? {
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                if let letter = upperLetter(byte) { return letter }
            }
            return nil
        }
    }

    /// Upper-case letters with the ICAO digraphs read as ``loose(_:)`` reads them.
    private struct LooseLetters: IteratorProtocol {
        var letters: ASCIILetters
        var previous: UInt8?

        init(_ letters: ASCIILetters) { self.letters = letters }

        mutating func next() -> UInt8? {
            while let letter = letters.next() {
                if let before = previous,
                    (letter == UInt8(ascii: "E")
                        && (before == UInt8(ascii: "A") || before == UInt8(ascii: "O") || before == UInt8(ascii: "U")))
                        || (letter == UInt8(ascii: "A") && before == UInt8(ascii: "A"))
                {
                    previous = nil
                    continue
                }
                previous = letter
                return letter
            }
            return nil
        }
    }

    /// The fold of a pure-ASCII name (`A`–`Z` kept, `a`–`z` upper-cased, the rest dropped), or nil
    /// when the name has a non-ASCII byte.
    static func asciiFold(_ name: String) -> String? {
        var name = name
        return name.withUTF8 { asciiFold(bytes: $0) }
    }

    private static func asciiFold(bytes: UnsafeBufferPointer<UInt8>) -> String? {
        for byte in bytes where byte >= 0x80 { return nil }
        return String(unsafeUninitializedCapacity: bytes.count) { out in
            var count = 0
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                    out[count] = byte
                    count += 1
                case UInt8(ascii: "a")...UInt8(ascii: "z"):
                    out[count] = byte - 0x20
                    count += 1
                default:
                    break
                }
            }
            return count
        }
    }

    /// Reads the ICAO digraphs `AE`, `OE`, `UE` and `AA` of an upper-case fold as the single
    /// letter they transliterate (`MUELLER` → `MULLER`), left to right.
    static func loose(_ folded: String) -> String {
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in folded.unicodeScalars {
            if let letter = previous,
                (scalar == "E" && (letter == "A" || letter == "O" || letter == "U")) || (scalar == "A" && letter == "A")
            {
                previous = nil
                continue
            }
            scalars.append(scalar)
            previous = scalar
        }
        return String(scalars)
    }

    // MARK: Unicode

    private static func unicodeFold(_ name: String) -> FoldedName {
        var bare = String.UnicodeScalarView()
        var icao = String.UnicodeScalarView()
        // The last base letter, while its combining marks follow: A, O or U take an E for a
        // diaeresis (Ä → AE), A another A for a ring (Å → AA), once.
        var umlautBase: Unicode.Scalar?
        for scalar in name.decomposedStringWithCanonicalMapping.unicodeScalars {
            if scalar.isASCII {
                umlautBase = nil
                guard let upper = asciiUpperLetter(scalar) else { continue }
                bare.append(upper)
                icao.append(upper)
                if upper == "A" || upper == "O" || upper == "U" { umlautBase = upper }
                continue
            }
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark:
                if let base = umlautBase {
                    if scalar == "\u{0308}" {
                        icao.append("E")
                        umlautBase = nil
                    } else if scalar == "\u{030A}" && base == "A" {
                        icao.append("A")
                        umlautBase = nil
                    }
                }
                continue
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                umlautBase = nil
                if let special = ICAOTransliteration.latin[scalar.value] {
                    bare.append(contentsOf: special.bare.unicodeScalars)
                    icao.append(contentsOf: special.icao.unicodeScalars)
                    continue
                }
                let upper = scalar.properties.uppercaseMapping
                bare.append(contentsOf: upper.unicodeScalars)
                for letter in upper.unicodeScalars {
                    if let latin = ICAOTransliteration.cyrillic[letter.value] {
                        icao.append(contentsOf: latin.unicodeScalars)
                    } else {
                        icao.append(letter)
                    }
                }
            default:
                umlautBase = nil
            }
        }
        return FoldedName(bare: String(bare), icao: String(icao))
    }

    private static func asciiUpperLetter(_ scalar: Unicode.Scalar) -> Unicode.Scalar? {
        switch scalar.value {
        case 0x41...0x5A: scalar
        case 0x61...0x7A: Unicode.Scalar(UInt8(scalar.value - 0x20))
        default: nil
        }
    }
}
