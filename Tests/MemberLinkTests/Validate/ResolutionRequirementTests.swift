import MemberLink
import Testing

/// What each resolution strategy needs a record to carry (CONTRACT §1.1).
@Suite struct ResolutionRequirementTests {
    static let noDocument = Dictionary(uniqueKeysWithValues: CanonicalField.documentFields.map { ($0, "") })
    static let noMembership: [CanonicalField: String] = [.membershipId: "", .airline: ""]
    static let nothing = noDocument.merging(noMembership) { $1 }

    @Test func ffnNeedsAMembershipId() {
        #expect(Fixture.summary(Self.noMembership, strategy: .ffn) == ["FIELD_REQUIRED@membershipId"])
        #expect(Fixture.summary(Self.noDocument, strategy: .ffn).isEmpty)
    }

    @Test func documentNeedsADocument() {
        #expect(Fixture.summary(Self.noDocument, strategy: .document) == ["FIELD_REQUIRED@document"])
        #expect(Fixture.summary(Self.noMembership, strategy: .document).isEmpty)
    }

    @Test func ffnThenDocumentNeedsEither() {
        #expect(Fixture.summary(Self.nothing, strategy: .ffnThenDocument) == ["FIELD_REQUIRED@membership"])
        #expect(Fixture.summary(Self.noDocument, strategy: .ffnThenDocument).isEmpty)
        #expect(Fixture.summary(Self.noMembership, strategy: .ffnThenDocument).isEmpty)
    }

    /// Only an entirely absent thing is this error; a present but broken one has its own errors.
    @Test func presentButInvalidIsNotMissing() {
        #expect(
            Fixture.summary(Self.noDocument.merging([.membershipId: "123"]) { $1 }, strategy: .ffn)
                == ["MEMBERSHIP_ID_INVALID@membershipId"])
        #expect(
            Fixture.summary(Self.noMembership.merging([.documentType: "X"]) { $1 }, strategy: .document)
                == ["DOCUMENT_TYPE_INVALID@documentType"])
        // A lone issue date is a document (incomplete, so FIELD_REQUIRED on its parts, not on `membership`).
        let summary = Fixture.summary(Self.nothing.merging([.documentIssueDate: "2019-05-01"]) { $1 })
        #expect(!summary.contains("FIELD_REQUIRED@membership"))
        #expect(summary.count == 5)
    }

    @Test func requirementsSortAfterTheFields() {
        let summary = Fixture.summary(
            Self.nothing.merging([.level: String(repeating: "x", count: 21)]) { $1 }, strategy: .document)
        #expect(summary == ["FIELD_FORMAT@level", "FIELD_REQUIRED@document"])
        let ffn = Fixture.summary(
            Self.nothing.merging([.phone: "1", .level: String(repeating: "x", count: 21)]) { $1 }, strategy: .ffn)
        #expect(ffn == ["PHONE_INVALID@phone", "FIELD_REQUIRED@membershipId", "FIELD_FORMAT@level"])
    }
}
