import MemberLink
import Testing

/// givenName, surname, title, gender, level, skyTeamLevel (CONTRACT §1.1).
@Suite struct NameRulesTests {
    static let names: [(String, Bool)] = [
        ("An", true), ("Jean-Luc", true), ("O'Brien", true), ("O’Brien", true), ("Mary Ann", true),
        ("José", true), ("Jose\u{301}", true), ("Müller", true), ("Øster", true), ("Nguyễn", true),
        ("Владимир", true), ("李", true), ("محمد", true), ("ʻOlelo", true), ("A", true),
        ("R2D2", false), ("Anne.", false), ("Anne,", false), ("Anne_", false), ("'", false), ("- -", false),
        ("Anne\u{00A0}Marie", false), ("Emoji😀", false), ("An\tB", false),
    ]

    @Test(arguments: names)
    func givenName(value: String, valid: Bool) {
        #expect(Fixture.summary([.givenName: value]) == Fixture.expected(valid ? nil : .nameInvalid, .givenName))
    }

    @Test(arguments: names)
    func surname(value: String, valid: Bool) {
        #expect(Fixture.summary([.surname: value]) == Fixture.expected(valid ? nil : .nameInvalid, .surname))
    }

    @Test func lengthsCountCharacters() {
        let a25 = String(repeating: "a", count: 25)
        #expect(Fixture.summary([.givenName: a25]).isEmpty)
        #expect(Fixture.summary([.givenName: a25 + "b"]) == ["NAME_INVALID@givenName"])
        #expect(Fixture.summary([.surname: String(repeating: "b", count: 40)]).isEmpty)
        #expect(Fixture.summary([.surname: String(repeating: "b", count: 41)]) == ["NAME_INVALID@surname"])
        // 25 accented letters are 25 characters, composed or not (50 or 75 bytes).
        #expect(Fixture.summary([.givenName: String(repeating: "é", count: 25)]).isEmpty)
        #expect(Fixture.summary([.givenName: String(repeating: "e\u{301}", count: 25)]).isEmpty)
        #expect(Fixture.summary([.givenName: String(repeating: "e\u{301}", count: 26)]) == ["NAME_INVALID@givenName"])
    }

    @Test("short ASCII names and titles (decided on their two words) are valid exactly as the contract reads them")
    func shortASCIINamesAsTheContractSays() {
        // CONTRACT §1.1: letters, at least one; names also ' - and space, titles also '.'.
        func isLetter(_ byte: UInt8) -> Bool { (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) }
        func valid(_ bytes: [UInt8], extras: Set<UInt8>, length: ClosedRange<Int>) -> Bool {
            length.contains(bytes.count) && bytes.contains(where: isLetter)
                && bytes.allSatisfy { isLetter($0) || extras.contains($0) }
        }
        var generator = SplitMix64(seed: 2026_12_07)
        let alphabet = Array("aZ'-. ,_0@[`{zA9\t".utf8) + [0x00, 0x40, 0x5B, 0x60, 0x7B, 0x7F]
        for _ in 0..<4_000 {
            let bytes = (0..<Int(generator.next() % 17)).map { _ in
                alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
            let value = String(decoding: bytes, as: UTF8.self)
            guard !value.isEmpty else { continue }
            let name = valid(bytes, extras: Set("'- ".utf8), length: 1...25)
            let title = valid(bytes, extras: Set(".".utf8), length: 1...30)
            #expect(
                Fixture.summary([.givenName: value]) == Fixture.expected(name ? nil : .nameInvalid, .givenName),
                "\(bytes)")
            #expect(
                Fixture.summary([.title: value]) == Fixture.expected(title ? nil : .fieldFormat, .title), "\(bytes)")
        }
    }

    @Test("names of any script are valid exactly as the contract reads them: letters, marks, ' ’ - and space")
    func anyScriptAsTheContractSays() {
        // CONTRACT §1.1, from Unicode's general categories: letters (L), combining marks (M),
        // apostrophes, hyphen and space; at least one letter; 1 to 25 characters.
        func valid(_ value: String) -> Bool {
            var hasLetter = false
            for scalar in value.unicodeScalars {
                switch scalar.properties.generalCategory {
                case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                    hasLetter = true
                case .nonspacingMark, .spacingMark, .enclosingMark: continue
                default: guard "'\u{2019}- ".unicodeScalars.contains(scalar) else { return false }
                }
            }
            return hasLetter && (1...25).contains(value.count)
        }
        var generator = SplitMix64(seed: 2026_12_07_3)
        let pieces = [
            "a", "Z", "'", "-", " ", ".", "7", "Đ", "ứ", "ễ", "é", "e\u{301}", "\u{301}", "’", "李", "Ж", "ß", "Ø",
            "\u{00A0}", "😀", "ʻ", "\u{2000}", "\u{1E9E}", "ﬁ", "\t",
        ]
        for _ in 0..<4_000 {
            let value = (0..<Int(generator.next() % 30)).map { _ in pieces[Int(generator.next() % UInt64(pieces.count))]
            }
            .joined()
            guard !value.isEmpty else { continue }
            #expect(
                Fixture.summary([.givenName: value]) == Fixture.expected(valid(value) ? nil : .nameInvalid, .givenName),
                "\(Array(value.unicodeScalars))")
        }
    }

    @Test func emptyNamesAreRequired() {
        #expect(
            Fixture.summary([.givenName: "", .surname: ""]) == ["FIELD_REQUIRED@givenName", "FIELD_REQUIRED@surname"])
    }

    @Test(
        arguments: [
            ("", nil), ("MR", nil), ("Dr.", nil), ("Mme", nil), ("Prof.Dr.", nil), ("Herr", nil), ("Sr.", nil),
            (String(repeating: "M", count: 30), nil), (String(repeating: "M", count: 31), .fieldFormat),
            ("Prof. Dr.", .fieldFormat), ("Mr1", .fieldFormat), ("Mr-", .fieldFormat), (".", .fieldFormat),
        ] as [(String, ChildCode?)])
    func title(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.title: value]) == Fixture.expected(code, .title))
    }

    @Test(
        arguments: [
            ("", nil), ("M", nil), ("f", nil), ("MALE", nil), ("female", nil), ("Female", nil), ("true", nil),
            ("FALSE", nil), ("X", .fieldFormat), ("U", .fieldFormat), ("man", .fieldFormat), ("1", .fieldFormat),
            ("FALſE", .fieldFormat),
        ] as [(String, ChildCode?)])
    func gender(value: String, code: ChildCode?) {
        #expect(Fixture.summary([.gender: value]) == Fixture.expected(code, .gender))
    }

    @Test(arguments: [CanonicalField.level, .skyTeamLevel])
    func levelsAreAtMostTwentyCharacters(field: CanonicalField) {
        #expect(Fixture.summary([field: ""]).isEmpty)
        #expect(Fixture.summary([field: String(repeating: "G", count: 20)]).isEmpty)
        #expect(Fixture.summary([field: String(repeating: "É", count: 20)]).isEmpty)
        #expect(Fixture.summary([field: String(repeating: "G", count: 21)]) == Fixture.expected(.fieldFormat, field))
    }
}
