import Testing

@testable import RecordIO

func xmlEvents(_ text: String, chunkSize: Int = 4096, limits: XMLLimits = XMLLimits()) throws -> [XMLEvent] {
    let reader = try XMLEventReader(
        source: MemoryByteSource(text, chunkSize: chunkSize), path: "partner.xml", limits: limits, chunkSize: chunkSize)
    var events: [XMLEvent] = []
    while let event = try reader.next() { events.append(event) }
    return events
}

@Suite("XML event reader (libxml2 SAX2 push, hardened)")
struct XMLEventReaderTests {
    @Test("elements, attributes, text and the line of each start tag's '<'", arguments: chunkSizes)
    func basics(chunkSize: Int) throws {
        let text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <bookings>
              <booking system="VN"
                       bookingCode="ABC123">
                <passenger
                    index="1"><surname>Nguy&#7877;n &amp; Co</surname><title><![CDATA[MR]]></title></passenger>
              </booking>
            </bookings>
            """
        let events = try xmlEvents(text, chunkSize: chunkSize).filter {
            if case .text(let value) = $0 { return !value.allSatisfy(\.isWhitespace) }
            return true
        }
        #expect(
            events == [
                .startElement(name: "bookings", attributes: [], line: 2),
                .startElement(
                    name: "booking",
                    attributes: [
                        XMLAttribute(name: "system", value: "VN"), XMLAttribute(name: "bookingCode", value: "ABC123"),
                    ],
                    line: 3),
                .startElement(name: "passenger", attributes: [XMLAttribute(name: "index", value: "1")], line: 5),
                .startElement(name: "surname", attributes: [], line: 6),
                .text("Nguyễn & Co"),
                .endElement(name: "surname"),
                .startElement(name: "title", attributes: [], line: 6),
                .text("MR"),
                .endElement(name: "title"),
                .endElement(name: "passenger"),
                .endElement(name: "booking"),
                .endElement(name: "bookings"),
            ])
    }

    @Test("a start tag's line is the line of its '<', however the lines before it were broken", arguments: chunkSizes)
    func startTagLines(chunkSize: Int) throws {
        // Line breaks inside tags, attribute values, text, CDATA sections, comments and processing
        // instructions; tags on the line of the previous event and after it.
        let text = """
            <?xml version="1.0"?>
            <!-- a comment
                 over two lines --><bookings><b n="1"/><b
            n="2"/><!-- one line --><b n="3">text
            over lines</b><b n="4"
            m="x
            y"><![CDATA[a
            b]]></b><?pi over
            lines?><b n="5"/>

            <b n="6"><c/><c
            /></b><b n="7">a&#10;b</b><b n="8"/></bookings>
            """
        let expected = Self.linesOfStartTags(in: text)
        let lines = try xmlEvents(text, chunkSize: chunkSize).compactMap { event -> Int? in
            if case .startElement(_, _, let line) = event { return line }
            return nil
        }
        #expect(lines == expected)
        #expect(lines == [3, 3, 3, 4, 5, 9, 11, 11, 11, 12, 12])
    }

    /// The line of every `<` that opens a start tag, found by reading `text` character by character.
    private static func linesOfStartTags(in text: String) -> [Int] {
        var lines: [Int] = []
        var line = 1
        let characters = Array(text.utf8)
        var skipUntil: [UInt8]?
        var index = 0
        while index < characters.count {
            if let end = skipUntil {
                if characters[index...].starts(with: end) { skipUntil = nil; index += end.count; continue }
            } else if characters[index...].starts(with: Array("<!--".utf8)) {
                skipUntil = Array("-->".utf8)
            } else if characters[index...].starts(with: Array("<![CDATA[".utf8)) {
                skipUntil = Array("]]>".utf8)
            } else if characters[index...].starts(with: Array("<?".utf8)) {
                skipUntil = Array("?>".utf8)
            } else if characters[index] == UInt8(ascii: "<"), index + 1 < characters.count,
                characters[index + 1] != UInt8(ascii: "/")
            {
                lines.append(line)
            }
            if characters[index] == UInt8(ascii: "\n") { line += 1 }
            index += 1
        }
        return lines
    }

    @Test("namespaces are dropped from names")
    func namespaces() throws {
        let events = try xmlEvents(#"<b:bookings xmlns:b="urn:x"><b:booking b:system="VN"/></b:bookings>"#)
        #expect(events.first == .startElement(name: "bookings", attributes: [], line: 1))
        #expect(
            events[1]
                == .startElement(name: "booking", attributes: [XMLAttribute(name: "system", value: "VN")], line: 1))
    }

    @Test(
        "hostile and broken documents are rejected with a clear error",
        arguments: [
            ("<!DOCTYPE b [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><b>&x;</b>", RecordIOError.Code.xmlForbidden),
            (
                "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><l>&b;</l>",
                .xmlForbidden
            ),
            ("<!DOCTYPE b SYSTEM \"http://example.com/b.dtd\"><b/>", .xmlForbidden),
            ("<b>&undefined;</b>", .xmlForbidden),
            ("<b><c></b>", .xmlMalformed),
            ("<b><c>text", .xmlMalformed),
            ("<b x=\"1\" x=\"2\"/>", .xmlMalformed),
            ("<a:b/>", .xmlMalformed),
            ("", .xmlMalformed),
        ])
    func rejected(document: String, code: RecordIOError.Code) throws {
        let error = try #require(throws: RecordIOError.self) { try xmlEvents(document) }
        #expect(error.code == code, "\(error)")
        #expect(error.path == "partner.xml")
    }

    @Test("nesting beyond the limit stops the file")
    func deepNesting() throws {
        let document = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        let error = try #require(throws: RecordIOError.self) { try xmlEvents(document) }
        #expect(error.code == .sizeLimitExceeded)
    }

    @Test("a run without '>' beyond the limit stops the file")
    func longRun() throws {
        let document = "<a " + String(repeating: "x=\"1\" ", count: 20_000) + "/>"
        let error = try #require(throws: RecordIOError.self) {
            try xmlEvents(document, limits: XMLLimits(maxRunWithoutTagEnd: 64 << 10))
        }
        #expect(error.code == .sizeLimitExceeded)
    }

    @Test("more distinct names than the limit stop the file")
    func tooManyNames() throws {
        let document = "<a>" + (0..<300).map { "<e\($0)/>" }.joined() + "</a>"
        #expect(try xmlEvents(document, limits: XMLLimits(maxDistinctNames: 301)).count == 602)
        let error = try #require(throws: RecordIOError.self) {
            try xmlEvents(document, limits: XMLLimits(maxDistinctNames: 256))
        }
        #expect(error.code == .sizeLimitExceeded)
        #expect(error.message.contains("more than 256 distinct"))
    }

    @Test("batches spell each name once, in number order, and carry the same events", arguments: chunkSizes)
    func batches(chunkSize: Int) throws {
        let text = "<b><p n=\"1\" x=\"é\">t1</p><p n=\"2\">t2</p><q n=\"3\"/></b>"
        let reader = try XMLEventReader(
            source: MemoryByteSource(text, chunkSize: chunkSize), path: "partner.xml", chunkSize: chunkSize)
        var names = XMLNameTable()
        var spelled: [String] = []
        var events: [String] = []
        while let batch = try reader.nextBatch() {
            #expect(!batch.isEmpty)
            names.learn(batch)
            spelled += batch.newNames
            for index in 0..<batch.eventCount {
                let event = batch.event(index)
                switch event.kind {
                case .startElement:
                    let attributes = batch.attributes(of: event).map {
                        names[$0.nameInParser] + "="
                            + String(decoding: batch.bytes(first: $0.start, count: $0.count), as: UTF8.self)
                    }
                    events.append("<" + ([names[event.nameInParser]] + attributes).joined(separator: " ") + ">")
                case .endElement:
                    events.append("</" + names[event.nameInParser] + ">")
                case .text:
                    events.append(String(decoding: batch.bytes(first: event.first, count: event.count), as: UTF8.self))
                }
            }
        }
        #expect(spelled == ["b", "p", "n", "x", "q"])
        #expect(events == ["<b>", "<p n=1 x=é>", "t1", "</p>", "<p n=2>", "t2", "</p>", "<q n=3>", "</q>", "</b>"])
        #expect(try reader.nextBatch() == nil)
    }

    @Test("a batch is a value: shifting the lines of one copy leaves the other as it was")
    func batchIsAValue() throws {
        let reader = try XMLEventReader(source: MemoryByteSource("<b>\n<p/>\n<p/></b>"), path: "partner.xml")
        let original = try #require(try reader.nextBatch())
        var shifted = original
        shifted.shiftLines(by: 100)
        let lines = { (batch: XMLEventBatch) in
            (0..<batch.eventCount).map { batch.event($0) }.filter { $0.kind == .startElement }.map(\.lineInParser)
        }
        #expect(lines(original) == [1, 2, 3])
        #expect(lines(shifted) == [101, 102, 103])
    }

    @Test(
        "renumbered names and shifted lines are what every reading gives, in one copy only, and survive dropping events"
    )
    func renumberedBatch() throws {
        let reader = try XMLEventReader(source: MemoryByteSource("<b>\n<p n=\"1\"/>\n<q/></b>"), path: "partner.xml")
        reader.skipsWhitespaceOnlyText = true
        let original = try #require(try reader.nextBatch())
        #expect(original.newNames == ["b", "p", "n", "q"])
        var renumbered = original
        renumbered.renumberNames([10, 11, 12, 13])
        renumbered.renumberNames([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22, 23])  // composed: 10 → 20, …
        renumbered.shiftLines(by: 100)
        func spelled(_ batch: XMLEventBatch) -> [String] {
            let resolved = (0..<batch.eventCount).map { index -> String in
                let event = batch.event(index)
                let attributes = batch.attributes(of: event).map { " \($0.nameInParser)" }.joined()
                return "\(event.kind) \(event.nameInParser)\(attributes) \(event.lineInParser)"
            }
            let read = batch.withUnsafeContents { contents in
                contents.events.map { event -> String in
                    let attributes = contents.attributes(of: event).map { " \(contents.name(of: $0))" }.joined()
                    return "\(event.kind) \(contents.name(of: event))\(attributes) \(contents.line(of: event))"
                }
            }
            #expect(resolved == read, "event(_:) and Contents agree")
            return read
        }
        #expect(
            spelled(original) == [
                "startElement 0 1", "startElement 1 2 2", "endElement 1 0", "startElement 3 3", "endElement 3 0",
                "endElement 0 0",
            ])
        #expect(
            spelled(renumbered) == [
                "startElement 20 101", "startElement 21 22 102", "endElement 21 0", "startElement 23 103",
                "endElement 23 0", "endElement 20 0",
            ])
        #expect(spelled(renumbered.droppingFirstEvents(3)) == Array(spelled(renumbered).dropFirst(3)))
    }

    @Test("a batch's bytes keep every text and value appended, in order, however far they grow")
    func batchBytesGrow() {
        var batch = XMLEventBatch()
        var expected: [UInt8] = []
        var ends: [Int] = []
        for index in 0..<500 {
            let text = Array("value \(index) ".utf8) + Array(repeating: UInt8(ascii: "x"), count: index % 37)
            text.withUnsafeBufferPointer { batch.appendBytes($0) }
            expected += text
            batch.endText(from: expected.count - text.count)
            ends.append(expected.count)
        }
        #expect(batch.byteCount == expected.count)
        #expect(batch.withUnsafeContents { Array($0.bytes) } == expected)
        #expect(batch.eventCount == 500)
        let last = batch.event(499)
        #expect(batch.bytes(first: last.first, count: last.count) == Array(expected[ends[498]...]))
        Array("  \t\r\n".utf8).withUnsafeBufferPointer { batch.appendBytes($0) }
        batch.dropBytes(from: expected.count)
        #expect(batch.withUnsafeContents { Array($0.bytes) } == expected)
    }
}
