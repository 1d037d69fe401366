import Foundation
import Testing

/// libxml2 prints some errors itself, input bytes included, unless told not to (found by FuzzXML).
/// A partner file's content must reach no log but ours, where it is masked (CONTRACT §4).
@Suite("libxml2 prints nothing of a partner file")
struct LibXML2StderrTests {
    @Test("bytes invalid in the declared encoding: one clear line of ours, nothing from libxml2")
    func invalidEncodingIsQuiet() throws {
        let work = try CLIRunner.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        let database = work.appendingPathComponent("members.sqlite").path
        let imported = try CLIRunner.run(["members", "import", "SampleData/members.csv", "--directory", database])
        #expect(imported.status == 0, "\(imported.standardError)")
        let input = work.appendingPathComponent("partner.xml")
        let document =
            Array("<?xml version=\"1.0\" encoding=\"windows-1252\"?>\n<bookings><booking system=\"VN\" bookingCode=\"ABC123\">".utf8)
            + Array("<passenger index=\"1\" surname=\"Ngu".utf8) + [0x81, 0x81] + Array("en\"/></booking></bookings>\n".utf8)
        try Data(document).write(to: input)

        let result = try CLIRunner.run([
            "run", "--pipeline", "Pipelines/vn-agency-xml.yaml", "--input", input.path, "--directory", database,
            "--out", work.appendingPathComponent("out").path,
        ])
        #expect(result.status == 65)
        #expect(result.standardError.contains("declared encoding"), "\(result.standardError)")
        for line in result.standardError.split(separator: "\n") {
            #expect(line.contains("memberlink"), "a line not written by memberlink: \(line)")
        }
        #expect(!result.standardError.contains("0x81"))
    }
}
