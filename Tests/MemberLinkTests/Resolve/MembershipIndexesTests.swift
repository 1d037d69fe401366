import Testing

@testable import MemberLink

@Suite("Memberships of one booking")
struct MembershipIndexesTests {
    @Test("finds the passenger that gave each membership, before and after a large booking outgrows the list")
    func agreesWithADictionary() {
        var indexes = MembershipIndexes()
        var model: [MembershipKey: String] = [:]
        for number in 0..<(MembershipIndexes.listLimit * 3) {
            // Two programmes share numbers: only both parts together are one membership.
            for programme in ["AF", "KL"] {
                let key = MembershipKey(programme: programme, ffn: "\(number)")
                #expect(indexes[key] == nil)
                indexes.insert(key, index: "\(programme)-\(number)")
                model[key] = "\(programme)-\(number)"
            }
            for (key, index) in model { #expect(indexes[key] == index) }
            #expect(indexes[MembershipKey(programme: "AZ", ffn: "\(number)")] == nil)
        }
    }
}
