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
                    attributes: [XMLAttribute(name: "system", value: "VN"), XMLAttribute(name: "bookingCode", value: "ABC123")],
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

    @Test("namespaces are dropped from names")
    func namespaces() throws {
        let events = try xmlEvents(#"<b:bookings xmlns:b="urn:x"><b:booking b:system="VN"/></b:bookings>"#)
        #expect(events.first == .startElement(name: "bookings", attributes: [], line: 1))
        #expect(events[1] == .startElement(name: "booking", attributes: [XMLAttribute(name: "system", value: "VN")], line: 1))
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
            for event in batch.events {
                switch event.kind {
                case .startElement:
                    let attributes = batch.attributes[Int(event.first)..<Int(event.first + event.count)].map {
                        names[$0.name] + "=" + String(decoding: batch.bytes(first: $0.start, count: $0.count), as: UTF8.self)
                    }
                    events.append("<" + ([names[event.name]] + attributes).joined(separator: " ") + ">")
                case .endElement:
                    events.append("</" + names[event.name] + ">")
                case .text:
                    events.append(String(decoding: batch.bytes(first: event.first, count: event.count), as: UTF8.self))
                }
            }
        }
        #expect(spelled == ["b", "p", "n", "x", "q"])
        #expect(events == ["<b>", "<p n=1 x=é>", "t1", "</p>", "<p n=2>", "t2", "</p>", "<q n=3>", "</q>", "</b>"])
        #expect(try reader.nextBatch() == nil)
    }
}
