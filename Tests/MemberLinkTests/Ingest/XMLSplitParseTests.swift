import Foundation
import RecordIO
import Testing

@testable import MemberLink

/// A file read by two parsers at once must give exactly what one parser gives: the same events
/// (names, attributes, texts, lines), the same rows, and the same failure at the same place.
/// Segments of a few hundred bytes make every document here cut in many places, clean or not.
@Suite("XML parsed by two parsers at once (XMLSplitParse)")
struct XMLSplitParseTests {
    static let segmentBytes = 300

    /// A file of its own for `text`, removed when the test ends.
    final class TextFile {
        let path: String

        init(_ text: String) throws {
            path = FileManager.default.temporaryDirectory.path + "/split-" + UUID().uuidString + ".xml"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Every event spelled out with its names, attributes and line, then the failure (code, line,
    /// message) if the read ended with one.
    static func spelled(limits: XMLLimits, _ next: () throws -> XMLEventBatch?) -> [String] {
        var names = XMLNameTable()
        var spelled: [String] = []
        do {
            while let batch = try next() {
                names.learn(batch)
                batch.withUnsafeContents { contents in
                    for event in contents.events {
                        switch event.kind {
                        case .startElement:
                            let attributes = contents.attributes(of: event).map {
                                names[contents.name(of: $0)] + "="
                                    + String(decoding: contents.bytes(first: $0.start, count: $0.count), as: UTF8.self)
                            }
                            spelled.append(
                                "<\(names[contents.name(of: event)]) \(attributes) line \(contents.line(of: event))>")
                        case .endElement:
                            spelled.append("</\(names[contents.name(of: event)])>")
                        case .text:
                            spelled.append(
                                String(decoding: contents.bytes(first: event.first, count: event.count), as: UTF8.self))
                        }
                    }
                }
            }
            spelled.append("end")
        } catch let error as RecordIOError {
            spelled.append("failed: \(error.code) line \(error.line ?? -1): \(error.message)")
        } catch {
            spelled.append("failed: \(error)")
        }
        return spelled
    }

    static func oneParser(_ file: TextFile, limits: XMLLimits = XMLLimits()) throws -> [String] {
        let reader = try XMLEventReader(
            source: try FileByteSource(path: file.path), path: "partner.xml", limits: limits)
        reader.skipsWhitespaceOnlyText = true
        return spelled(limits: limits) { try reader.nextBatch() }
    }

    static func twoParsers(_ file: TextFile, limits: XMLLimits = XMLLimits()) throws -> [String]? {
        try twoParsersReadingAgain(file, limits: limits)?.spelled
    }

    /// The split read's events, and whether it had to read the file again with one parser.
    static func twoParsersReadingAgain(
        _ file: TextFile, limits: XMLLimits = XMLLimits()
    ) throws -> (spelled: [String], readAgain: Bool)? {
        guard
            let split = try XMLSplitParse.open(
                path: file.path, displayName: "partner.xml", limits: limits, segmentBytes: segmentBytes)
        else { return nil }
        let spelled = spelled(limits: limits) { try split.nextBatch() }
        return (spelled, split.readsAgain)
    }

    /// The rows `XMLBookingReader` reads from `file` with one parser, then with the file split.
    static func rowsOfOneAndTwoParsers(_ file: TextFile) throws -> (one: [IngestedRow], two: [IngestedRow]) {
        let one = try XMLBookingReader(source: try FileByteSource(path: file.path), displayName: "partner.xml")
        let two = try #require(
            try XMLBookingReader.splitting(path: file.path, displayName: "partner.xml", segmentBytes: 300))
        var rowsOne: [IngestedRow] = []
        var rowsTwo: [IngestedRow] = []
        while let row = try one.next() { rowsOne.append(row) }
        while let row = try two.next() { rowsTwo.append(row) }
        return (rowsOne, rowsTwo)
    }

    static func booking(_ number: Int, lineBreak: String = "\n") -> String {
        "<booking system=\"VN\" bookingCode=\"B\(number)\" departureDate=\"2026-12-01\">\(lineBreak)"
            + "  <passenger index=\"1\" passengerId=\"P\(number)\"><givenName>Zoë \(number)</givenName>"
            + "<surname>Nguyễn</surname>\(lineBreak)    <document type=\"P\" number=\"X\(number)\"/></passenger>\(lineBreak)"
            + "</booking>\(lineBreak)"
    }

    static func document(_ bookings: Int, lineBreak: String = "\n", insert: (Int) -> String = { _ in "" }) -> String {
        var text =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\(lineBreak)<bookings xmlns=\"urn:example:partner-bookings:1\"\(lineBreak)  version=\"2 > 1\">\(lineBreak)"
        for number in 0..<bookings { text += booking(number, lineBreak: lineBreak) + insert(number) }
        return text + "</bookings>\(lineBreak)"
    }

    @Test("the same events, names, attributes and lines as one parser", arguments: ["\n", "\r\n"])
    func sameEvents(lineBreak: String) throws {
        let file = try TextFile(Self.document(200, lineBreak: lineBreak))
        let one = try Self.oneParser(file)
        let two = try #require(try Self.twoParsersReadingAgain(file), "a plain UTF-8 file of many bookings is split")
        #expect(one.last == "end")
        #expect(two.spelled == one)
        // Every cut is between two bookings: each worker's pull parse ends clean and hands over.
        #expect(!two.readAgain)
    }

    @Test("names a later segment's parser meets in another order: the same events and rows as one parser")
    func namesInAnotherOrder() throws {
        // From booking 100 on, the surname comes before the given name and an unknown element
        // opens the passenger: a parser that starts there numbers its names otherwise than the
        // document does, and its batches are renumbered where they are read.
        let text = Self.document(300).replacingOccurrences(
            of:
                #"(<passenger index="1" passengerId="P([1-9][0-9][0-9])">)<givenName>([^<]*)</givenName><surname>Nguyễn</surname>"#,
            with: "$1<remark seat=\"1A\">x</remark><surname>Nguyễn</surname><givenName>$3</givenName>",
            options: .regularExpression)
        #expect(text.contains("<remark seat=\"1A\">x</remark><surname>Nguyễn</surname><givenName>Zoë 100</givenName>"))
        let file = try TextFile(text)
        let one = try Self.oneParser(file)
        let two = try #require(try Self.twoParsersReadingAgain(file), "a plain UTF-8 file of many bookings is split")
        #expect(one.last == "end")
        #expect(two.spelled == one)
        #expect(!two.readAgain)

        let (rowsOne, rowsTwo) = try Self.rowsOfOneAndTwoParsers(file)
        #expect(rowsOne.count == 300)
        #expect(rowsOne.allSatisfy { $0.passengerRecord?[.surname] == "Nguyễn" })
        #expect(rowsTwo.map(\.passengerRecord) == rowsOne.map(\.passengerRecord))
    }

    /// Text that looks like a cut (`>`, white space, `<booking`) where it is none: in a comment, in
    /// a CDATA section, one level down. The parse before it does not end clean, so its parser reads
    /// on; either way the events are one parser's.
    @Test(
        "cuts that are not clean (in a comment, in CDATA, deeper than the root's children) change nothing",
        arguments: [
            "<!-- a comment > <booking system=\"XX\"> inside -->\n",
            "<note><![CDATA[ a > <booking in CDATA ]]></note>\n",
            "<group><x/>\n<booking system=\"deep\"></booking></group>\n",
            "<!-- unterminated? no: ends on the next line\n> <booking --> \n",
        ])
    func uncleanCuts(filler: String) throws {
        let file = try TextFile(Self.document(120) { number in number % 3 == 0 ? filler : "" })
        let one = try Self.oneParser(file)
        let two = try #require(try Self.twoParsers(file))
        #expect(one.last == "end")
        #expect(two == one)
    }

    // A failure rejects the file whole, so which events came before it does not matter (one
    // parser does not even hand out the events of the chunk it fails in): the failure must match.

    @Test("a document broken in a later segment fails as one parser fails: same code, line and message")
    func brokenLater() throws {
        let text = Self.document(150) { number in number == 97 ? "<booking><passenger></booking>\n" : "" }
        let file = try TextFile(text)
        let one = try Self.oneParser(file)
        let two = try #require(try Self.twoParsers(file))
        #expect(one.last?.hasPrefix("failed: xmlMalformed") == true)
        #expect(two.last == one.last)
    }

    @Test("a document cut short fails as one parser fails")
    func truncated() throws {
        let whole = Array(Self.document(150).utf8)
        let file = try TextFile(String(decoding: whole.dropLast(400), as: UTF8.self))
        let one = try Self.oneParser(file)
        let two = try #require(try Self.twoParsers(file))
        #expect(one.last?.hasPrefix("failed: xmlMalformed") == true)
        #expect(two.last == one.last)
    }

    @Test("more distinct names than the limit, in a later segment: the same failure as one parser")
    func tooManyNames() throws {
        let limits = XMLLimits(maxDistinctNames: 40)
        let file = try TextFile(Self.document(150) { number in number > 100 ? "<extra\(number)/>\n" : "" })
        let one = try Self.oneParser(file, limits: limits)
        let two = try #require(try Self.twoParsers(file, limits: limits))
        #expect(one.last?.hasPrefix("failed: sizeLimitExceeded") == true)
        #expect(two.last == one.last)
    }

    @Test(
        "files that are not simple at their start, or small, are left to one parser",
        arguments: [
            "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<bookings>\n",
            "<!DOCTYPE bookings>\n<bookings>\n",
            "<!-- a comment first -->\n<bookings>\n",
            "\u{FEFF}<bookings>\n",
            "<bookings>\n<!-- the first child is a comment -->\n",
        ])
    func notSplit(start: String) throws {
        var text = start
        for number in 0..<100 { text += Self.booking(number) }
        text += "</bookings>\n"
        let file = try TextFile(text)
        let small = try TextFile(Self.document(2))
        #expect(
            try XMLSplitParse.open(path: file.path, displayName: "x", limits: XMLLimits(), segmentBytes: 300) == nil)
        #expect(
            try XMLSplitParse.open(path: small.path, displayName: "x", limits: XMLLimits(), segmentBytes: 300) == nil)
    }

    @Test("rows through XMLBookingReader: the same as with one parser, the record lines included")
    func sameRows() throws {
        let (rowsOne, rowsTwo) = try Self.rowsOfOneAndTwoParsers(try TextFile(Self.document(300)))
        #expect(rowsOne.count == 300)
        #expect(rowsTwo.map(\.passengerRecord) == rowsOne.map(\.passengerRecord))
        #expect(rowsTwo.map { $0.passengerRecord?.location } == rowsOne.map { $0.passengerRecord?.location })
    }

    @Test("the plan cuts just before a child of the root, after a tag end and a little white space")
    func planCuts() throws {
        let text = Self.document(100)
        let file = try TextFile(text)
        let plan = try #require(try XMLSplitPlan.make(path: file.path, segmentBytes: 300))
        let bytes = Array(text.utf8)
        #expect(String(decoding: plan.prefix, as: UTF8.self).hasSuffix("version=\"2 > 1\">"))
        #expect(plan.cuts.count > 10)
        for cut in plan.cuts {
            #expect(String(decoding: bytes[cut.offset..<cut.offset + 8], as: UTF8.self) == "<booking")
            #expect(bytes[cut.offset - cut.runBefore - 1] == UInt8(ascii: ">"))
        }
    }
}
