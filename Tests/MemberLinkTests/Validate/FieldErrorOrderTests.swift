import MemberLink
import Testing

@Suite struct FieldErrorOrderTests {
    static func error(_ code: ChildCode, _ path: String) -> FieldError {
        FieldError(code: code, path: path, businessMessage: "b", developerMessage: "d")
    }

    @Test func sortsByCanonicalFieldThenDocumentThenMembership() {
        let errors = [
            Self.error(.fieldRequired, "membership"), Self.error(.fieldRequired, "document"),
            Self.error(.parentInvalid, "parentId"), Self.error(.fieldRequired, "membershipId"),
            Self.error(.fieldFormat, "system"), Self.error(.dateInvalid, "documentIssueDate"),
        ]
        #expect(
            errors.sortedCanonically().map(\.path) == [
                "system", "parentId", "membershipId", "documentIssueDate", "document", "membership",
            ])
    }

    @Test func equalRanksKeepTheirOrder() {
        var errors = [
            Self.error(.fieldFormat, "index"), Self.error(.parentInvalid, "parentId"),
            Self.error(.dateInvalid, "index"),
        ]
        errors.sortCanonically()
        #expect(errors.map(\.code) == [.fieldFormat, .dateInvalid, .parentInvalid])
    }

    @Test func ranksFollowTheModel() {
        for field in CanonicalField.allCases {
            #expect(FieldError.rank(ofPath: field.name) == field.rawValue)
        }
        #expect(FieldError.rank(ofPath: "document") < FieldError.rank(ofPath: "membership"))
        #expect(FieldError.rank(ofPath: "membership") < FieldError.rank(ofPath: "somethingElse"))
    }
}
