import Testing

@testable import MemberLink

@Suite("Fold cache of non-ASCII names")
struct NameFoldCacheTests {
    /// Names of the slow path, more of them than the table has slots, each asked for twice in a
    /// row and then all again: every answer is the name's own fold, whether kept or made.
    @Test("a fold from the cache is the name's fold, whatever the cache held before")
    func foldsAreTheNamesOwn() {
        var cache = NameFoldCache()
        let letters = ["É", "Ø", "Ä", "ß", "Ł", "Ñ", "Þ", "Å", "Ü", "Ç"]
        let names = (0..<(NameFoldCache.slotCount + 500)).map { number in
            letters[number % letters.count] + "lise" + String(number) + letters[(number / 10) % letters.count]
        }
        var folded = 0
        func foldCounted(_ name: String) -> FoldedName {
            folded += 1
            return NameFolding.fold(name)
        }
        for name in names {
            #expect(cache.fold(name, foldCounted) == NameFolding.fold(name))
            #expect(cache.fold(name, foldCounted) == NameFolding.fold(name))
        }
        #expect(folded == names.count)  // the second ask of each was answered from the cache
        for name in names { #expect(cache.fold(name, foldCounted) == NameFolding.fold(name)) }
        #expect(folded > names.count)  // the table is smaller than the names: some were replaced
    }

    /// Two Unicode forms of one name are two spellings: each gets the fold folding gives it (the
    /// same one), never the other's slot by mistake.
    @Test("two spellings of a name are kept apart and fold alike")
    func spellingsAreKeptApart() {
        var cache = NameFoldCache()
        let composed = "Jos\u{E9}"
        let decomposed = "Jose\u{301}"
        let first = cache.fold(composed, NameFolding.fold)
        let second = cache.fold(decomposed, NameFolding.fold)
        #expect(first == NameFolding.fold(composed))
        #expect(second == NameFolding.fold(decomposed))
        #expect(first == second)
    }
}
