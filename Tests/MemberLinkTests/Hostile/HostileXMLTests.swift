import Foundation
import Testing

@testable import MemberLink

/// Hostile XML partner files through the whole Pipeline (RELIABILITY.md, "XML: the safe recipe";
/// CONTRACT §4: a file that cannot be read to its end commits none of its records, is listed under
/// rejectedFiles, and the run exits 65 after the other files).
@Suite("Hostile XML inputs through the pipeline", .serialized)
struct HostileXMLTests {
    @Test(
        "an external entity, external DTD or parameter entity that points at a local file is refused; the file's content reaches no output",
        arguments: [
            "<!DOCTYPE bookings [<!ENTITY x SYSTEM \"file://CANARY\">]>",
            "<!DOCTYPE bookings SYSTEM \"file://CANARY\">",
            "<!DOCTYPE bookings [<!ENTITY % p SYSTEM \"file://CANARY\"> %p;]>",
            "<!DOCTYPE bookings PUBLIC \"-//X//Y\" \"CANARY\">",
        ])
    func externalEntity(doctype: String) throws {
        let run = try HostileRun()
        let token = "CANARY-" + UUID().uuidString
        let canary = try run.write("canary.txt", token + "\n")
        let document = HostileXML.document(prolog: doctype.replacing("CANARY", with: canary))
            .replacing("<givenName>Van An</givenName>", with: "<givenName>&x;</givenName>")
        let input = try run.write("xxe.xml", document)
        let result = try run.run([input], format: .xml)
        run.expectRejectedWhole(result, input)
        #expect(!result.anyOutputContains(token), "the canary file's content leaked into an output")
        let reason = result.summary.files.first?.rejectedWhole ?? ""
        #expect(!reason.contains(token))
    }

    @Test("XInclude is not processed: an xi:include element is an unknown element, ignored")
    func xInclude() throws {
        let run = try HostileRun()
        let token = "CANARY-" + UUID().uuidString
        let canary = try run.write("canary.txt", token)
        let include =
            "<xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file://\(canary)\" parse=\"text\"/>"
        let input = try run.write(
            "xinclude.xml", HostileXML.document().replacing("<surname>", with: include + "<surname>"))
        let result = try run.run([input], format: .xml)
        #expect(result.summary.rejectedFiles.isEmpty)
        #expect(result.summary.records == 1)
        #expect(!result.anyOutputContains(token))
    }

    @Test("billion laughs is refused at its DOCTYPE, before any entity is expanded")
    func billionLaughs() throws {
        let run = try HostileRun()
        var doctype = "<!DOCTYPE bookings [<!ENTITY lol0 \"lol\">"
        for level in 1...9 {
            doctype += "<!ENTITY lol\(level) \"" + String(repeating: "&lol\(level - 1);", count: 10) + "\">"
        }
        doctype += "]>"
        let document = HostileXML.document(prolog: doctype)
            .replacing("<givenName>Van An</givenName>", with: "<givenName>&lol9;</givenName>")
        let input = try run.write("laughs.xml", document)
        run.expectRejectedWhole(try run.run([input], format: .xml), input)
    }

    @Test("quadratic blowup (one big entity referenced many times) is refused")
    func quadraticBlowup() throws {
        let run = try HostileRun()
        let doctype = "<!DOCTYPE bookings [<!ENTITY a \"" + String(repeating: "a", count: 50_000) + "\">]>"
        let document = HostileXML.document(prolog: doctype)
            .replacing(
                "<givenName>Van An</givenName>",
                with: "<givenName>" + String(repeating: "&a;", count: 50_000) + "</givenName>")
        let input = try run.write("quadratic.xml", document)
        run.expectRejectedWhole(try run.run([input], format: .xml), input)
    }

    @Test("elements nested 100,000 deep stop the file at the depth cap")
    func deepNesting() throws {
        let run = try HostileRun()
        let input = try run.stream("deep.xml") { emit in
            try emit(Array("<bookings><booking system=\"VN\" bookingCode=\"DEEP01\"><passenger>".utf8))
            let open = Array(String(repeating: "<x>", count: 1000).utf8)
            for _ in 0..<100 { try emit(open) }
            let close = Array(String(repeating: "</x>", count: 1000).utf8)
            for _ in 0..<100 { try emit(close) }
            try emit(Array("</passenger></booking></bookings>".utf8))
        }
        run.expectRejectedWhole(try run.run([input], format: .xml), input, reason: "nested deeper")
    }

    @Test("endless distinct element names (each one remembered) stop the file at the name cap")
    func endlessNames() throws {
        let run = try HostileRun()
        let input = try run.stream("names.xml") { emit in
            try emit(Array("<bookings><booking system=\"VN\" bookingCode=\"NAMES1\"><passenger>".utf8))
            for block in 0..<100 {
                try emit(Array((0..<1000).map { "<n\(block)x\($0)/>" }.joined().utf8))
            }
            try emit(Array("</passenger></booking></bookings>".utf8))
        }
        run.expectRejectedWhole(try run.run([input], format: .xml), input, reason: "distinct element")
    }

    @Test(
        "an encoding the bytes do not match, or one libxml2 does not know, rejects the file whole",
        arguments: [
            // Declared (or defaulted) UTF-8, written in Latin-1: 0xE9 is not UTF-8.
            ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", [UInt8]([0xE9])),
            ("", [0xE9]),
            // Declared UTF-16, written in single bytes.
            ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>", Array("e".utf8)),
            ("<?xml version=\"1.0\" encoding=\"x-no-such-encoding\"?>", Array("e".utf8)),
        ])
    func wrongEncoding(declaration: String, nameBytes: [UInt8]) throws {
        let run = try HostileRun()
        let parts = HostileXML.document(prolog: declaration).components(separatedBy: "Van An")
        let bytes = Array(parts[0].utf8) + Array("Van ".utf8) + nameBytes + Array(parts[1].utf8)
        let input = try run.write("encoding.xml", bytes)
        run.expectRejectedWhole(try run.run([input], format: .xml), input)
    }

    @Test(
        "a declared single-byte encoding over UTF-8 bytes cannot be told apart: read as declared, one outcome per passenger"
    )
    func latin1DeclaredOverUTF8() throws {
        let run = try HostileRun()
        let document = HostileXML.document(passengers: 2, prolog: "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>")
            .replacing("Van An", with: "Văn Ăn")
        let input = try run.write("mislabelled.xml", document)
        let result = try run.run([input], format: .xml)
        #expect(result.summary.rejectedFiles.isEmpty)
        #expect(result.summary.records == 2)
        #expect(result.reconciliation.contains("\"balanced\":true"))
    }

    @Test(
        "invalid UTF-8 or a NUL byte anywhere in an XML file rejects it whole",
        arguments: [[0xC3, 0x28], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF], [0x00]]
            as [[UInt8]])
    func invalidBytes(bad: [UInt8]) throws {
        let run = try HostileRun()
        let parts = HostileXML.document(passengers: 3).components(separatedBy: "<surname>Nguyen</surname>")
        var bytes = Array(parts[0].utf8) + Array("<surname>Ng".utf8) + bad + Array("uyen</surname>".utf8)
        bytes += Array(parts.dropFirst().joined(separator: "<surname>Nguyen</surname>").utf8)
        let input = try run.write("bad-bytes.xml", bytes)
        run.expectRejectedWhole(try run.run([input], format: .xml), input)
    }

    @Test("malformed XML mid-file: that file commits nothing, the others are processed, the run exits 65 at the end")
    func malformedMidFile() throws {
        let run = try HostileRun()
        let first = try run.write("a-first.xml", HostileXML.document(bookingCode: "GOOD01", passengers: 2))
        let broken = HostileXML.document(bookingCode: "BAD001", passengers: 60)
            .replacing("<passenger index=\"41\"", with: "<passenger index=\"41\"><givenName>Broken</surname>")
        let bad = try run.write("b-broken.xml", broken)
        let last = try run.write("c-last.xml", HostileXML.document(bookingCode: "GOOD02", passengers: 2))
        let result = try run.run([first, bad, last], format: .xml)

        run.expectRejectedWhole(result, bad, reason: "not well-formed")
        #expect(result.summary.files.map(\.path) == [first, bad, last])
        #expect(result.summary.files.map(\.records) == [2, 0, 2])
        #expect(result.summary.records == 4)
        #expect(!result.anyOutputContains("BAD001"), "no record of the broken file is committed anywhere")
        #expect(result.text("attachments.jsonl").contains("GOOD01"))
        #expect(result.text("attachments.jsonl").contains("GOOD02"))
        #expect(result.reconciliation.contains("\"balanced\":true"))
        #expect(result.reconciliation.contains(bad))
    }
}
