import Foundation
import MemberLink
import Testing

/// CONTRACT §2 step 7 and §4 "an input file is one transaction": a passenger attached by the first
/// file of a run is ALREADY_ATTACHED when the second file of the same run gives it again, and
/// `attachments.jsonl` asks for the attachment once.
@Suite("Two files of one run share the attachment ledger")
struct SameRunTwoFilesTests {
    static let header =
        "system,bookingCode,departureDate,index,passengerId,parentId,passengerType,title,gender,givenName,surname,"
        + "dateOfBirth,email,phone,airline,membershipId,level,skyTeamLevel,documentType,documentNumber,"
        + "documentNationality,documentIssueCountry,documentExpiryDate,documentIssueDate\n"

    /// Member V1 of the sample directory (VN 9200000017, VAN AN NGUYEN, 1980-01-02) in booking `code`.
    static func v1(bookingCode code: String) -> String {
        "VN,\(code),2026-12-05,1,P01,,ADT,MR,M,Van An,Nguyen,1980-01-02,,,VN,9200000017,,,P,C1234567,VNM,VNM,2030-05-01,2020-05-01\n"
    }

    @Test("attached by the first file, ALREADY_ATTACHED in the second", arguments: ["K7QW2M", "k7qw2m"])
    func alreadyAttachedInSecondFile(secondBookingCode: String) throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        let first = try folder.write("in/first.csv", Array((Self.header + Self.v1(bookingCode: "K7QW2M")).utf8))
        let second = try folder.write(
            "in/second.csv", Array((Self.header + Self.v1(bookingCode: secondBookingCode)).utf8))
        let out = folder.path("out")

        let summary = try PipelineRunFolder.run(
            try PipelineRunFolder.configuration(
                pipeline: "vn-agency", inputs: [first, second], directory: database, out: out))
        #expect(summary.exitCode == 0)

        let outputs = try RunOutputFiles(out: out)
        #expect(outputs.errors.isEmpty, "\(outputs.errors)")
        let outcomes = outputs.results.map { [$0["sourceFile"] ?? "", $0["outcome"] ?? ""] }
        #expect(outcomes == [[first, "ATTACHED"], [second, "ALREADY_ATTACHED"]])
        #expect(outputs.records == ["in": 2, "attached": 1, "alreadyAttached": 1, "rejected": 0])

        let attachments = try #require(PipelineRunFolder.text(out + "/attachments.jsonl"))
        let lines = attachments.split(separator: "\n")
        #expect(lines.count == 1, "one Add Membership request: \(attachments)")
        #expect(attachments.components(separatedBy: "\"passengerId\":\"P01\"").count == 2, "P01 is asked for once")
        #expect(lines.first?.contains("\"bookingCode\":\"K7QW2M\"") == true)
    }
}
