import MemberLink
import Testing

@Suite("Member is a value")
struct MemberTests {
    let original = Member(
        programme: "VN", ffn: "9200000017", status: .active, tier: "GOLD", languages: ["vi", "en"],
        firstName: "An", familyName: "Nguyen", addressLines: ["1 Le Loi", "District 1"],
        documents: [Member.Document(type: "P", number: "C1234567", issueCountry: "VNM")])

    @Test("changing a copy leaves the original as it was")
    func copiesAreIndependent() {
        var copy = original
        copy.tier = "PLATINUM"
        copy.languages = ["fr"]
        copy.documents = []
        #expect(original.tier == "GOLD")
        #expect(original.languages == ["vi", "en"])
        #expect(original.documents == [Member.Document(type: "P", number: "C1234567", issueCountry: "VNM")])
        #expect(copy.tier == "PLATINUM" && copy.languages == ["fr"] && copy.documents.isEmpty)
        #expect(copy != original)
    }

    @Test("members with the same fields are equal and hash alike, however they were made")
    func equalByFields() {
        var rebuilt = Member(programme: "VN", ffn: "9200000017", status: .suspended)
        rebuilt.status = .active
        rebuilt.tier = "GOLD"
        rebuilt.languages = ["vi", "en"]
        rebuilt.firstName = "An"
        rebuilt.familyName = "Nguyen"
        rebuilt.addressLines = ["1 Le Loi", "District 1"]
        rebuilt.documents = [Member.Document(type: "P", number: "C1234567", issueCountry: "VNM")]
        #expect(rebuilt == original)
        #expect(Set([rebuilt, original]).count == 1)
        var other = rebuilt
        other.email = "an@example.vn"
        #expect(other != original)
    }
}
