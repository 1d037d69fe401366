import Foundation
import MemberLink
import Testing

/// CONTRACT §1.1: records are one booking when their system and booking code match
/// case-insensitively; each record's outcome still names the booking code as that record gave it
/// (upper-cased), byte for byte, even when the records of one booking spell it differently.
@Suite("Booking codes: each record's outcome keeps its own spelling")
struct BookingCodeSpellingTests {
    @Test("one booking code in two Unicode forms: each error row has its own record's bytes")
    func ownSpelling() throws {
        let folder = try PipelineRunFolder()
        let database = try folder.importSampleMembers()
        let header =
            "system,bookingCode,departureDate,index,passengerId,parentId,passengerType,title,gender,givenName,"
            + "surname,dateOfBirth,email,phone,airline,membershipId,level,skyTeamLevel,documentType,documentNumber,"
            + "documentNationality,documentIssueCountry,documentExpiryDate,documentIssueDate\n"
        // É as one code point (NFC), then as E and a combining acute accent (NFD): the same text in
        // other bytes, so one booking. A booking code must be ASCII: every record is DATA_INVALID.
        // The third record keeps the booking open past the second, so the first two are decided
        // together.
        let composed = "\u{00C9}K7QW2"
        let decomposed = "E\u{0301}K7QW2"
        func row(_ code: String, index: Int) -> String {
            "VN,\(code),2026-12-05,\(index),P0\(index),,ADT,MR,M,An,Nguyen,1980-01-02,,,,,,,,,,,,\n"
        }
        let rows = row(composed, index: 1) + row(decomposed, index: 2) + row(composed, index: 3)
        let input = try folder.write("in.csv", Array((header + rows).utf8))
        let out = folder.path("out")
        _ = try PipelineRunFolder.run(
            try PipelineRunFolder.configuration(pipeline: "vn-agency", inputs: [input], directory: database, out: out))

        let errors = try RunOutputFiles(out: out).errors
        #expect(errors.map { $0["sourceLine"] ?? "" } == ["2", "3", "4"])
        #expect(
            errors.map { Array(($0["bookingCode"] ?? "").utf8) }
                == [Array(composed.utf8), Array(decomposed.utf8), Array(composed.utf8)])
    }
}
