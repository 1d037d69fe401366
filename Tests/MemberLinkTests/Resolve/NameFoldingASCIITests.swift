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

    @Test("a non-ASCII name is left to the folds")
    func nonASCII() {
        #expect(NameFolding.asciiFamilyNamesMatch("Müller", "MULLER") == nil)
        #expect(NameFolding.asciiInitialsMatch("ANNA", "Émile") == nil)
        #expect(NameFolding.asciiHasLetter("Ø") == nil)
    }
}
