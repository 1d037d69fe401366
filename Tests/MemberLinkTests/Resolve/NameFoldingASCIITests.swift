import Testing

@testable import MemberLink

/// The resolver compares ASCII names letter by letter instead of folding them into strings
/// (``NameFolding/asciiFamilyNamesMatch(_:_:)``): it must say what the folds say, for every pair.
@Suite("ASCII names compared without folding agree with the folds")
struct NameFoldingASCIITests {
    /// Names over an alphabet rich in the ICAO digraphs (AE, OE, UE, AA), cases, and non-letters.
    static func randomNames(count: Int, seed: UInt64) -> [String] {
        var generator = SplitMix64(seed: seed)
        let alphabet = Array("AEOUaeouMLRN -'.1")
        return (0..<count).map { _ in
            let length = Int(generator.next() % 9)
            return String((0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] })
        }
    }

    @Test("family names: the same answer as foldsMatch for 40,000 random pairs and the contract's pairs")
    func familyNames() {
        let names =
            Self.randomNames(count: 400, seed: 7)
            + [
                "MULLER", "MUELLER", "Mueller", "MILLER", "AASE", "ASE", "OESTER", "OSTER", "", "-", "O'Brien",
                "OBRIEN",
            ]
        for a in names {
            for b in names.prefix(100) + names.suffix(12) {
                let expected = NameFolding.foldsMatch(NameFolding.fold(a), NameFolding.fold(b))
                #expect(NameFolding.asciiFamilyNamesMatch(a, b) == expected, "\(a) / \(b)")
            }
        }
    }

    @Test("given names: the same answer as initialsMatch; a name without letters has none")
    func givenNames() {
        let names = Self.randomNames(count: 300, seed: 11) + ["", "-", "Anna", "anna", "Jean-Luc", "JL", "'Emma"]
        for a in names {
            #expect(NameFolding.asciiHasLetter(a) == !NameFolding.fold(a).isEmpty, "\(a)")
            for b in names {
                let expected = NameFolding.initialsMatch(NameFolding.fold(a), NameFolding.fold(b))
                #expect(NameFolding.asciiInitialsMatch(a, b) == expected, "\(a) / \(b)")
            }
        }
    }

    @Test("a given name's leading ASCII initial is the first letter of both its folds, accents after it or not")
    func leadingASCIIInitials() {
        let names =
            Self.randomNames(count: 300, seed: 13)
            + [
                "Zoë", "José", "Günther", "jürgen", "'Ånund", "-Éva", "Émile", "Øystein", "Åse", "Ängel", "ß",
                "Ольга", "O\u{0308}zil", "A\u{030A}se", "1 Ülkü", "", "-", "Jean-Luc", "Nguyễn", "Đức", "Ægir",
            ]
        for name in names {
            let fold = NameFolding.fold(name)
            guard let initial = NameFolding.leadingASCIIInitial(name) else {
                // Nil only for a name whose first letter is not an ASCII byte before any other.
                #expect(
                    name.utf8.first(where: { $0 >= 0x80 || (0x41...0x5A).contains($0 & 0xDF) }).map { $0 >= 0x80 }
                        ?? true, "\(name)")
                continue
            }
            let letter = Unicode.Scalar(initial)
            #expect(fold.bare.unicodeScalars.first == letter, "\(name): \(fold.bare)")
            #expect(fold.icao.unicodeScalars.first == letter, "\(name): \(fold.icao)")
        }
        for name in names {
            // A name with an ASCII letter folds to a non-empty name, which matches itself.
            if NameFolding.hasASCIILetter(name) {
                #expect(!NameFolding.fold(name).isEmpty, "\(name)")
                #expect(NameFolding.familyNamesMatch(name, name), "\(name)")
            }
        }
        #expect(NameFolding.hasASCIILetter("1 Ülkü") && !NameFolding.hasASCIILetter("Øå-1"))
        #expect(NameFolding.leadingASCIIInitial("Zoë") == UInt8(ascii: "Z"))
        #expect(NameFolding.leadingASCIIInitial("'ånund") == nil)
        #expect(NameFolding.leadingASCIIInitial("1 Ülkü") == nil)
    }

    @Test("a non-ASCII name is left to the folds")
    func nonASCII() {
        #expect(NameFolding.asciiFamilyNamesMatch("Müller", "MULLER") == nil)
        #expect(NameFolding.asciiInitialsMatch("ANNA", "Émile") == nil)
        #expect(NameFolding.asciiHasLetter("Ø") == nil)
    }
}
