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
