import MemberLink
import Testing

@Suite("Name folding (CONTRACT §2 step 5, ICAO Doc 9303 Part 3)")
struct NameFoldingTests {
    /// Spellings the contract lists as matching one another: every pair, both ways.
    static let matchingGroups: [[String]] = [
        ["José", "JOSE", "jose"],
        ["O'Brien", "OBRIEN"],
        ["Smith-Jones", "SMITH JONES", "SMITHJONES"],
        ["Müller", "MULLER", "MUELLER", "Mu\u{0308}ller"],  // the last one decomposed (NFD)
        ["Øster", "OSTER", "OESTER"],
        ["Åse", "ASE", "AASE"],
        ["Straße", "STRASSE"],
        ["Þórsson", "THORSSON"],
        ["Ægir", "AEGIR"],
        ["Łukasz", "LUKASZ"],
        ["Nguyễn", "NGUYEN"],
        ["Иванов", "IVANOV"],
        ["Щукин", "SHCHUKIN"],
    ]

    static let matchingPairs: [(String, String)] = matchingGroups.flatMap { group in
        group.flatMap { a in group.filter { $0 != a }.map { (a, $0) } }
    }

    @Test("spellings the contract lists match, both ways", arguments: matchingPairs)
    func matches(_ a: String, _ b: String) {
        #expect(NameFolding.familyNamesMatch(a, b))
    }

    static let differentPairs: [(String, String)] = [
        ("MULLER", "MILLER"), ("Müller", "Miller"), ("SMITH", "SMYTH"), ("OBRIEN", "BRIEN"), ("Øster", "ASTER"),
        ("NGUYEN", "NGUYET"), ("", "SMITH"), ("-", "-"), ("Иванов", "IVANOVA"),
    ]

    @Test("different names do not match, both ways", arguments: differentPairs)
    func differs(_ a: String, _ b: String) {
        #expect(!NameFolding.familyNamesMatch(a, b))
        #expect(!NameFolding.familyNamesMatch(b, a))
    }

    @Test(
        "bare and ICAO folds",
        arguments: [
            ("Müller", "MULLER", "MUELLER"), ("Øster", "OSTER", "OESTER"), ("Åse", "ASE", "AASE"),
            ("Straße", "STRASSE", "STRASSE"), ("Þór", "THOR", "THOR"), ("Œuvre", "OEUVRE", "OEUVRE"),
            ("Đặng", "DANG", "DANG"), ("O'Brien-Smith Jr", "OBRIENSMITHJR", "OBRIENSMITHJR"),
            ("Ĳsselmeer", "IJSSELMEER", "IJSSELMEER"), ("Ðorđe", "DORDE", "DORDE"), ("Ëlla", "ELLA", "ELLA"),
        ])
    func folds(_ name: String, _ bare: String, _ icao: String) {
        let folded = NameFolding.fold(name)
        #expect(folded.bare == bare)
        #expect(folded.icao == icao)
    }

    @Test(
        "given names compare by their first folded letter",
        arguments: [
            ("José", "Joseph", true), ("Émile", "EMMA", true), ("Øyvind", "Oscar", true), ("Ægir", "Axel", true),
            ("Anna", "Elena", false), ("Jean-Luc", "JL", true), ("Юрий", "YURI", false), ("Юрий", "IURII", true),
            ("", "Anna", false),
        ])
    func initials(_ a: String, _ b: String, _ same: Bool) {
        #expect(NameFolding.initialsMatch(a, b) == same)
        #expect(NameFolding.initialsMatch(b, a) == same)
    }
}
