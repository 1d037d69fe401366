internal import CLibXML2

/// A streaming XML reader on libxml2's SAX2 push parser, fed from a ``ByteSource`` (so plain and
/// gzip files share one path and libxml2 never opens a file, a URL or a gzip stream itself).
///
/// A cursor: `while let event = try reader.next() { … }`. Memory holds one chunk's events.
///
/// Hardened as `RELIABILITY.md` describes, each for a reason:
/// - Partner files need no DTD: a DOCTYPE, an entity declaration or a reference to a non-predefined
///   entity rejects the file (`xmlForbidden`). This stops XXE, billion laughs and quadratic blowup
///   before any entity is expanded.
/// - Options are `XML_PARSE_NONET | XML_PARSE_NOCDATA` only: never `NOENT` (substitution),
///   `DTDLOAD`, `DTDATTR`, `DTDVALID`, `XINCLUDE`, `HUGE` or `RECOVER`.
/// - The external entity loader refuses everything and catalogs are off, process-wide.
/// - Any error of level error or worse rejects the file (`xmlMalformed`) with libxml2's line:
///   libxml2 treats some, such as namespace errors, as recoverable; partner files must not rely on it.
/// - Nesting deeper than ``XMLLimits/maxDepth`` and a run of bytes without `>` longer than
///   ``XMLLimits/maxRunWithoutTagEnd`` stop the file (`sizeLimitExceeded`).
public final class XMLEventReader {
    private let source: any ByteSource
    private let path: String
    private let limits: XMLLimits
    private var context: xmlParserCtxtPtr?
    private var handler = xmlSAXHandler()
    private let chunk: UnsafeMutableRawBufferPointer
    private var events: [XMLEvent] = []
    private var eventIndex = 0
    private var finished = false
    private var failure: RecordIOError?
    private var depth = 0
    private var runWithoutTagEnd = 0
    private var text: [UInt8] = []
    /// When set, text made only of XML white space (space, tab, CR, LF) is not reported: the
    /// indentation between elements, which a reader that trims values never needs.
    public var skipsWhitespaceOnlyText = false
    /// libxml2 interns names in a dictionary: one Swift string per distinct name pointer.
    private var names: [UnsafeRawPointer: String] = [:]

    public init(source: any ByteSource, path: String, limits: XMLLimits = XMLLimits(), chunkSize: Int = 64 << 10) throws {
        XMLEventReader.configureLibraryOnce
        self.source = source
        self.path = path
        self.limits = limits
        chunk = .allocate(byteCount: chunkSize, alignment: 16)
        installCallbacks()
        let userData = Unmanaged.passUnretained(self).toOpaque()
        context = path.withCString { xmlCreatePushParserCtxt(&handler, userData, nil, 0, $0) }
        guard let context else {
            chunk.deallocate()
            throw RecordIOError(code: .ioError, path: path, message: "cannot create an XML parser (out of memory?)")
        }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
    }

    deinit {
        if let context {
            xmlFreeParserCtxt(context)
        }
        chunk.deallocate()
    }

    /// The next event, or nil at the end of a well-formed document. Throws when the file is not
    /// well-formed, uses a DTD or entities, or exceeds a limit; the file must then be rejected whole.
    public func next() throws -> XMLEvent? {
        while eventIndex == events.count {
            if let failure { throw failure }
            if finished { return nil }
            events.removeAll(keepingCapacity: true)
            eventIndex = 0
            try feed()
        }
        defer { eventIndex += 1 }
        return events[eventIndex]
    }

    // MARK: - Feeding

    private func feed() throws {
        guard context != nil else { return }
        let count = try source.read(into: chunk)
        if count == 0 {
            finished = true
            let status = parseChunk(nil, 0, terminate: 1)
            flushText()
            if let failure { throw failure }
            if status != 0 { throw malformed(line: nil, message: explain(status, "the document is incomplete")) }
            if depth != 0 { throw malformed(line: nil, message: "the document ends inside an element; the file is probably truncated") }
            return
        }
        try checkRuns(UnsafeRawBufferPointer(rebasing: chunk[..<count]))
        let status = chunk.baseAddress!.withMemoryRebound(to: CChar.self, capacity: count) {
            parseChunk($0, Int32(count), terminate: 0)
        }
        if let failure { throw failure }
        if status != 0 { throw malformed(line: nil, message: explain(status, "the document is not well-formed")) }
    }

    /// A parser status in words, for failures that came with no error of their own.
    private func explain(_ status: Int32, _ general: String) -> String {
        if status == Int32(XML_ERR_INVALID_ENCODING.rawValue) { return Self.encodingMessage }
        return "\(general) (libxml2 status \(status))"
    }

    static let encodingMessage =
        "bytes that are not valid in the document's declared encoding; check the encoding in the "
        + "<?xml ...?> declaration (UTF-8 when there is none) against the file's real encoding"

    /// `xmlParseChunk` with libxml2's thread-local error channels pointed at this reader: errors
    /// raised without a parser context (a failed encoding conversion of pushed bytes, reported only
    /// as status -1) reach ``contextlessError(_:)`` instead of stderr, and nothing is printed.
    private func parseChunk(_ bytes: UnsafePointer<CChar>?, _ count: Int32, terminate: Int32) -> Int32 {
        memberlink_silence_generic_errors()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque()) { context, error in
            guard let context, let error else { return }
            XMLEventReader.reader(context).contextlessError(UnsafePointer(error))
        }
        defer { xmlSetStructuredErrorFunc(nil) { _, _ in } }
        return xmlParseChunk(context, bytes, count, terminate)
    }

    /// Only notes the failure: these errors come from inside libxml2's input buffer, where stopping
    /// the parser would free the buffer under it. libxml2 halts the parse itself (status -1).
    private func contextlessError(_ error: UnsafePointer<xmlError>) {
        guard failure == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let encoding =
            error.pointee.domain == Int32(XML_FROM_I18N.rawValue) || error.pointee.code == Int32(XML_IO_ENCODER.rawValue)
        var message = Self.encodingMessage
        if !encoding {
            message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
            while message.last == "\n" { message.removeLast() }
            message = "not well-formed XML: \(message)"
        }
        failure = RecordIOError(code: .xmlMalformed, path: path, line: currentLine, message: message)
    }

    private func checkRuns(_ bytes: UnsafeRawBufferPointer) throws {
        var run = runWithoutTagEnd
        for byte in bytes {
            if byte == UInt8(ascii: ">") {
                run = 0
            } else {
                run += 1
                if run > limits.maxRunWithoutTagEnd {
                    throw fail(
                        RecordIOError(
                            code: .sizeLimitExceeded, path: path,
                            message: "a tag or text run is longer than \(limits.maxRunWithoutTagEnd) bytes; "
                                + "partner booking files never need one: the file is damaged or hostile"))
                }
            }
        }
        runWithoutTagEnd = run
    }

    @discardableResult
    private func fail(_ error: RecordIOError) -> RecordIOError {
        if failure == nil { failure = error }
        if let context { xmlStopParser(context) }
        return failure!
    }

    private func malformed(line: Int?, message: String) -> RecordIOError {
        fail(RecordIOError(code: .xmlMalformed, path: path, line: line ?? currentLine, message: message))
    }

    private var currentLine: Int? {
        guard let input = context?.pointee.input else { return nil }
        return Int(input.pointee.line)
    }

    // MARK: - Callbacks

    private static func reader(_ pointer: UnsafeMutableRawPointer?) -> XMLEventReader {
        Unmanaged<XMLEventReader>.fromOpaque(pointer!).takeUnretainedValue()
    }

    private func name(_ pointer: UnsafePointer<xmlChar>) -> String {
        let key = UnsafeRawPointer(pointer)
        if let known = names[key] { return known }
        let made = String(cString: pointer)
        names[key] = made
        return made
    }

    private func flushText() {
        guard !text.isEmpty else { return }
        if !skipsWhitespaceOnlyText || text.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) {
            events.append(.text(String(decoding: text, as: UTF8.self)))
        }
        text.removeAll(keepingCapacity: true)
    }

    /// The line of the `<` that opened the start tag being reported: libxml2's current line, less
    /// the line breaks between that `<` and the parser's position (a `<` cannot occur inside a tag).
    private func startTagLine() -> Int {
        guard let input = context?.pointee.input, let base = input.pointee.base, var cursor = input.pointee.cur else {
            return currentLine ?? 0
        }
        var line = Int(input.pointee.line)
        while cursor > base {
            cursor -= 1
            if cursor.pointee == UInt8(ascii: "<") { break }
            if cursor.pointee == UInt8(ascii: "\n") { line -= 1 }
        }
        return line
    }

    private func startElement(
        localName: UnsafePointer<xmlChar>, attributeCount: Int, attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil else { return }
        flushText()
        depth += 1
        if depth > limits.maxDepth {
            fail(
                RecordIOError(
                    code: .sizeLimitExceeded, path: path, line: currentLine,
                    message: "elements are nested deeper than \(limits.maxDepth) levels; the file is damaged or hostile"))
            return
        }
        var list: [XMLAttribute] = []
        if let attributes, attributeCount > 0 {
            list.reserveCapacity(attributeCount)
            for index in 0..<attributeCount {
                let base = index * 5
                guard let localName = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
                else { continue }
                let value = String(decoding: UnsafeBufferPointer(start: start, count: end - start), as: UTF8.self)
                list.append(XMLAttribute(name: name(localName), value: value))
            }
        }
        events.append(.startElement(name: name(localName), attributes: list, line: startTagLine()))
    }

    private func endElement(localName: UnsafePointer<xmlChar>) {
        guard failure == nil else { return }
        flushText()
        depth -= 1
        events.append(.endElement(name: name(localName)))
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        guard failure == nil else { return }
        text.append(contentsOf: UnsafeBufferPointer(start: bytes, count: count))
    }

    private func forbidden(_ what: String) {
        fail(
            RecordIOError(
                code: .xmlForbidden, path: path, line: currentLine,
                message: "\(what) is not allowed in partner files (no DTD, no entities); remove it and resend the file"))
    }

    private func structuredError(_ error: UnsafePointer<xmlError>) {
        guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        var message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
        while message.last == "\n" { message.removeLast() }
        let line = error.pointee.line > 0 ? Int(error.pointee.line) : currentLine
        if error.pointee.code == XML_ERR_UNDECLARED_ENTITY.rawValue
            || error.pointee.code == XML_WAR_UNDECLARED_ENTITY.rawValue
        {
            fail(
                RecordIOError(
                    code: .xmlForbidden, path: path, line: line,
                    message: "an entity reference (\(message)) is not allowed in partner files; "
                        + "use the character itself or a character reference such as &#233;"))
            return
        }
        _ = malformed(line: line, message: "not well-formed XML: \(message)")
    }

    private func installCallbacks() {
        handler.initialized = UInt32(XML_SAX2_MAGIC)
        handler.startElementNs = { context, localName, _, _, _, _, attributeCount, _, attributes in
            XMLEventReader.reader(context).startElement(
                localName: localName!, attributeCount: Int(attributeCount), attributes: attributes)
        }
        handler.endElementNs = { context, localName, _, _ in
            XMLEventReader.reader(context).endElement(localName: localName!)
        }
        handler.characters = { context, bytes, count in
            XMLEventReader.reader(context).characters(bytes!, Int(count))
        }
        handler.cdataBlock = { context, bytes, count in
            XMLEventReader.reader(context).characters(bytes!, Int(count))
        }
        handler.internalSubset = { context, _, _, _ in
            XMLEventReader.reader(context).forbidden("A DOCTYPE")
        }
        handler.externalSubset = { context, _, _, _ in
            XMLEventReader.reader(context).forbidden("A DOCTYPE")
        }
        handler.entityDecl = { context, _, _, _, _, _ in
            XMLEventReader.reader(context).forbidden("An entity declaration")
        }
        handler.reference = { context, _ in
            XMLEventReader.reader(context).forbidden("An entity reference")
        }
        handler.getEntity = { _, _ in nil }
        handler.resolveEntity = { _, _, _ in nil }
        handler.serror = { context, error in
            guard let error else { return }
            XMLEventReader.reader(context).structuredError(UnsafePointer(error))
        }
    }

    /// Process-wide libxml2 set-up, once, before any parse: initialise, refuse every external
    /// entity, disable catalogs.
    private static let configureLibraryOnce: Void = {
        xmlInitParser()
        xmlSetExternalEntityLoader { _, _, _ in nil }
        xmlCatalogSetDefaults(XML_CATA_ALLOW_NONE)
    }()
}
