import Testing

@testable import MemberLink

@Suite("Memberships of one booking")
struct MembershipIndexesTests {
    /// With room made for a booking's passengers first, or none: the same answers.
    @Test(
        "finds the passenger that gave each membership, before and after a large booking outgrows the list",
        arguments: [nil, 2, 6, 100])
    func agreesWithADictionary(capacity: Int?) {
        var indexes = capacity.map { MembershipIndexes(capacity: $0) } ?? MembershipIndexes()
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
