import RecordIO
import Foundation
import Testing

@testable import MemberLink

let contractExample = """
    name: vn-nightly
    input: { format: csv, delimiter: ",", encoding: utf-8, columns: { PNR: bookingCode } }
    directory: { sqlite: .memberlink/members.sqlite }
    resolve: { strategy: ffn-then-document, programme: VN, matchName: true }
    programmes:
      VN: { pattern: "^[0-9]{10}$", checkDigit: luhn }
    scopes: [member-tier, member-status, member-name]
    consent: DPA-2026-014
    out: out/vn-nightly
    """

@Suite("Pipeline file (CONTRACT §6)")
struct PipelineConfigurationTests {
    @Test("the contract's example loads as written")
    func contractExampleLoads() throws {
        let configuration = try PipelineConfiguration.parse(yaml: contractExample, path: "vn.yaml")
        #expect(configuration.name == "vn-nightly")
        #expect(configuration.csv.renames == ["PNR": .bookingCode])
        #expect(configuration.strategy == .ffnThenDocument)
        #expect(configuration.defaultProgramme == "VN")
        #expect(configuration.programmes["VN"] == Programme(code: "VN", pattern: "^[0-9]{10}$", checkDigit: .luhn))
        #expect(configuration.scopes == [.tier, .status, .name])
        #expect(configuration.consent == "DPA-2026-014")
        #expect(configuration.outDirectory == "out/vn-nightly")
        #expect(configuration.directoryPath == ".memberlink/members.sqlite")
    }

    @Test(
        "problems name the key and its line",
        arguments: [
            ("consent: DPA-2026-014", "consent: \"\"", "consent", 7),
            ("scopes: [member-tier, member-status, member-name]", "scopes: [member-tier, member-shoe-size]", "member-shoe-size", 7),
            ("checkDigit: luhn", "checkDigit: crc32", "checkDigit", 6),
            ("strategy: ffn-then-document", "strategy: guess", "resolve.strategy", 4),
            ("out: out/vn-nightly", "out: out/vn-nightly\ncolour: blue", "colour", 10),
            ("encoding: utf-8", "encoding: ebcdic", "input.encoding", 2),
            ("PNR: bookingCode", "PNR: bookingKode", "bookingKode", 2),
            ("pattern: \"^[0-9]{10}$\"", "pattern: \"^[0-9\"", "pattern", 6),
        ])
    func problems(original: String, replacement: String, mentioned: String, line: Int) throws {
        let yaml = contractExample.replacingOccurrences(of: original, with: replacement)
        let error = try #require(throws: MemberLinkError.self) { try PipelineConfiguration.parse(yaml: yaml, path: "vn.yaml") }
        #expect(error.code == .configuration)
        #expect(error.code.exitCode == 78)
        #expect(error.path == "vn.yaml")
        #expect(error.line == line)
        #expect(error.description.contains(mentioned))
    }

    @Test("a personal scope without consent stops the run before reading input")
    func personalScopeNeedsConsent() throws {
        let yaml = contractExample.replacingOccurrences(of: "consent: DPA-2026-014\n", with: "")
        let error = try #require(throws: MemberLinkError.self) { try PipelineConfiguration.parse(yaml: yaml, path: "p.yaml") }
        #expect(error.message.contains("member-name"))
        #expect(error.message.contains("consent"))
    }

    @Test("generic scopes need no consent")
    func genericScopesWithoutConsent() throws {
        let yaml = contractExample.replacingOccurrences(of: "consent: DPA-2026-014\n", with: "")
            .replacingOccurrences(of: ", member-name]", with: "]")
        #expect(try PipelineConfiguration.parse(yaml: yaml, path: "p.yaml").scopes == [.tier, .status])
    }

    @Test("defaults: comma, utf-8, ffn-then-document, matchName true, out/NAME", arguments: [
        "name: minimal\nprogrammes: { VN: { pattern: \"^[0-9]{10}$\" } }\n"
    ])
    func defaults(yaml: String) throws {
        let configuration = try PipelineConfiguration.parse(yaml: yaml, path: "p.yaml")
        #expect(configuration.csv.delimiter == UInt8(ascii: ","))
        #expect(configuration.csv.encoding == .utf8)
        #expect(configuration.strategy == .ffnThenDocument)
        #expect(configuration.matchName)
        #expect(configuration.outDirectory == "out/minimal")
        #expect(configuration.programmes["VN"]?.checkDigit == Programme.CheckDigit.none)
    }

    @Test("tab delimiter may be written as tab or \\t", arguments: ["tab", "\"\\t\""])
    func tabDelimiter(spelling: String) throws {
        let yaml = "name: t\ninput: { delimiter: \(spelling) }\nprogrammes: { VN: { pattern: \"^[0-9]{10}$\" } }\n"
        #expect(try PipelineConfiguration.parse(yaml: yaml, path: "p.yaml").csv.delimiter == 0x09)
    }
}
