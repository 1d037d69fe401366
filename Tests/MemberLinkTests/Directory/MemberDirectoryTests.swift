import Foundation
@testable import MemberLink
import Testing

@Suite("MemberDirectory lookups")
struct MemberDirectoryTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    @Test("a member comes back by programme + ffn with every extract column")
    func byFFN() throws {
        let directory = try fixture.directory(with: [
            ExtractRow.make(ffn: "9200000017", documents: "P:c1234567:VNM|I:079180000001:vnm")
        ])
        let member = try #require(try directory.member(programme: "VN", ffn: "9200000017"))
        #expect(member.status == .active)
        #expect(member.tier == "GOLD")
        #expect(member.allianceTier == "ELITE PLUS")
        #expect(member.tierExpiry == "2027-12-31")
        #expect(member.languages == ["vi", "en"])
        #expect(member.segments == ["BUSINESS", "LEISURE"])
        #expect(member.addressLines == ["1 Trang Tien", "Hoan Kiem"])
        #expect(member.familyName == "Nguyen")
        #expect(member.phoneNumber == "912345678")
        // Document numbers are upper-cased on import (CONTRACT §1.1: matched upper-case).
        #expect(
            member.documents == [
                .init(type: "P", number: "C1234567", issueCountry: "VNM"),
                .init(type: "I", number: "079180000001", issueCountry: "VNM"),
            ])
        #expect(try directory.member(programme: "VN", ffn: "9200000025") == nil)
        #expect(try directory.member(programme: "AF", ffn: "9200000017") == nil)
    }

    @Test("members come back by document within their programme, matched upper-case")
    func byDocument() throws {
        let directory = try fixture.directory(with: [
            ExtractRow.make(ffn: "1", documents: "P:C1234567:VNM"),
            ExtractRow.make(ffn: "2", status: "F", documents: "P:C1234567:VNM"),
            ExtractRow.make(programme: "AF", ffn: "3", documents: "P:C1234567:VNM"),
            ExtractRow.make(ffn: "4", documents: "P:C1234567:FRA"),
        ])
        let found = try directory.members(
            programme: "VN", documentType: "P", documentNumber: "c1234567", issueCountry: "VNM")
        // Every status comes back: deciding what F means is the resolver's job.
        #expect(found.map(\.ffn) == ["1", "2"])
        #expect(
            try directory.members(programme: "VN", documentType: "I", documentNumber: "C1234567", issueCountry: "VNM")
                .isEmpty)
    }

    @Test("a member listing the same document twice comes back once")
    func sameDocumentTwice() throws {
        let directory = try fixture.directory(with: [
            ExtractRow.make(ffn: "1", documents: "P:C1234567:VNM|P:c1234567:VNM")
        ])
        let found = try directory.members(
            programme: "VN", documentType: "P", documentNumber: "C1234567", issueCountry: "VNM")
        #expect(found.count == 1)
    }

    @Test("a new directory file and its folder are readable by their owner only")
    func permissions() throws {
        _ = try fixture.open()
        let attributes = try FileManager.default.attributesOfItem(atPath: fixture.path)
        let mode = try #require(attributes[.posixPermissions] as? Int)
        #expect(mode & 0o077 == 0)
    }
}

@Suite("MemberDirectory lookups limited to a run's fields")
struct LimitedLookupTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    @Test("what resolution reads and the granted fields come back; fields no scope grants stay empty")
    func limited() throws {
        let directory = try fixture.directory(with: [
            ExtractRow.make(ffn: "9200000017", documents: "P:C1234567:VNM")
        ])
        try directory.limitLookups(to: MemberField.granted(by: [Scope.phone]))
        for member in [
            try #require(try directory.member(programme: "VN", ffn: "9200000017")),
            try #require(
                try directory.members(programme: "VN", documentType: "P", documentNumber: "c1234567", issueCountry: "VNM")
                    .first),
        ] {
            // CONTRACT §2 steps 4-5 and the membership: always read.
            #expect(member.programme == "VN" && member.ffn == "9200000017" && member.status == .active)
            #expect(member.tier == "GOLD" && member.allianceTier == "ELITE PLUS")
            #expect(member.firstName == "An" && member.familyName == "Nguyen" && member.dateOfBirth == "1980-01-02")
            // Granted by member-phone.
            #expect(member.phoneCountryCode == "84" && member.phoneNumber == "912345678" && member.phoneType == "MOBILE")
            // Granted by no scope of the run: never read.
            #expect(member.email.isEmpty && member.addressLines.isEmpty && member.documents.isEmpty)
            #expect(member.tierExpiry.isEmpty && member.balance.isEmpty)
        }
    }
}
