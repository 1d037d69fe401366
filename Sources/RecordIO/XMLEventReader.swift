internal import CLibXML2

/// A streaming XML reader on libxml2's SAX2 push parser, fed from a ``ByteSource`` (so plain and
/// gzip files share one path and libxml2 never opens a file, a URL or a gzip stream itself).
///
/// A cursor: `while let batch = try reader.nextBatch() { … }` hands out the events of one chunk of
/// input at a time, compactly (``XMLEventBatch``); `while let event = try reader.next() { … }` one
/// event at a time. Memory holds one chunk's events. The parsers of a split read
/// (``XMLSplitPlan``) use libxml2's pull parser instead, each on one segment of the file
/// (``init(pulling:path:limits:chunkSize:segment:)``, ``pullSegment(handingBatchesTo:)``).
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
/// - Nesting deeper than ``XMLLimits/maxDepth``, a run of bytes without `>` longer than
///   ``XMLLimits/maxRunWithoutTagEnd`` and more distinct names than ``XMLLimits/maxDistinctNames``
///   stop the file (`sizeLimitExceeded`).
public final class XMLEventReader {
    private let source: any ByteSource
    private let path: String
    private let limits: XMLLimits
    private var context: xmlParserCtxtPtr?
    private var handler = xmlSAXHandler()
    private let chunk: UnsafeMutableRawBufferPointer
    /// The events of the chunk being parsed.
    private var batch = XMLEventBatch()
    /// ``next()``'s batch and its position in it.
    private var pending = XMLEventBatch()
    private var pendingIndex = 0
    private var pendingNames = XMLNameTable()
    private var finished = false
    private var failure: RecordIOError?
    private var depth = 0
    private var runWithoutTagEnd = 0
    /// Where the text being gathered starts in the batch's bytes (libxml2 may report one run of
    /// text in several calls), or nil when there is none.
    private var textStart: Int?
    /// Whether the text being gathered is all XML white space so far (checked as it arrives).
    private var textIsWhitespace = true
    /// When set, text made only of XML white space (space, tab, CR, LF) is not reported: the
    /// indentation between elements, which a reader that trims values never needs.
    public var skipsWhitespaceOnlyText = false
    /// libxml2 interns names in a dictionary: one number per distinct name pointer.
    private var nameNumbers: [UnsafeRawPointer: Int32] = [:]
    /// The last names looked up, by pointer bits: most elements hit here, without hashing.
    private let recentNames = UnsafeMutablePointer<RecentName>.allocate(capacity: recentNameSlots)
    private static let recentNameSlots = 512
    private struct RecentName {
        var pointer: UnsafeRawPointer?
        var number: Int32
    }
    /// libxml2's line at the last callback: a start tag reported on that same line has its `<` there.
    private var lineAtLastCallback = 0
    /// Whether the source's end is the document's (else a cut between segments, ``XMLSegment``).
    private var endsDocument = true
    /// libxml2's line where the bytes of the source begin (after a segment's prefix).
    private var lineAtSourceStart = 1
    /// Set when a segment's source ran out: whether the parse stood at a clean cut.
    public private(set) var endedAtCleanCut = false

    // Pull mode (``init(pulling:path:limits:chunkSize:segment:)``): libxml2 reads through
    // ``pull(into:capacity:)`` instead of being pushed chunks.
    private let pulls: Bool
    /// The segment's prefix, handed to libxml2 before the source's bytes, and how much of it went.
    private var pullPrefix: [UInt8] = []
    private var pullPrefixSent = 0
    /// The chunk being handed to libxml2: `pullChunkSent` of its `pullChunkCount` bytes went.
    private var pullChunkCount = 0
    private var pullChunkSent = 0
    /// Whether the first event handed on is the prefix's root start tag, to drop.
    private var dropsPrefixEvent = false
    /// Where ``pullSegment(handingBatchesTo:)`` hands its batches; false back stops the parse.
    private var handOff: ((XMLEventBatch) -> Bool)?
    private var pullStarted = false
    private var sourceExhausted = false
    private var handOffRefused = false
    /// Set while libxml2 waits in ``pull(into:capacity:)``: stopping the parser there would free
    /// the input buffer under libxml2's feet, so a failure is only noted, and the end of input
    /// that the callback returns stops the parse.
    private var insidePull = false

    public convenience init(
        source: any ByteSource, path: String, limits: XMLLimits = XMLLimits(), chunkSize: Int = 64 << 10
    ) throws {
        try self.init(source: source, path: path, limits: limits, chunkSize: chunkSize, pulledSegment: nil)
    }

    /// A reader of one segment on which libxml2 pulls its input (``pullSegment(handingBatchesTo:)``)
    /// instead of being pushed chunks: libxml2's pull parse runs about a tenth fewer instructions
    /// than its push parse of the same bytes (Benchmarks/README.md). For the parsers of a split
    /// read (``XMLSplitPlan``), whose failures are never the document's: only the push parse's
    /// failures and lines are, so a caller that sees this one fail (or not end at a clean cut)
    /// reads the file again with a push reader.
    public convenience init(
        pulling source: any ByteSource, path: String, limits: XMLLimits = XMLLimits(), chunkSize: Int = 64 << 10,
        segment: XMLSegment
    ) throws {
        try self.init(source: source, path: path, limits: limits, chunkSize: chunkSize, pulledSegment: segment)
    }

    /// A push reader of a whole document (`pulledSegment` nil), or a pulling reader of a segment.
    private init(
        source: any ByteSource, path: String, limits: XMLLimits, chunkSize: Int, pulledSegment segment: XMLSegment?
    ) throws {
        XMLEventReader.configureLibraryOnce
        self.source = source
        self.path = path
        self.limits = limits
        pulls = segment != nil
        chunk = .allocate(byteCount: chunkSize, alignment: 16)
        recentNames.initialize(repeating: RecentName(pointer: nil, number: 0), count: Self.recentNameSlots)
        if let segment {
            endsDocument = segment.endsDocument
            if let prefix = segment.prefix {
                pullPrefix = prefix
                dropsPrefixEvent = true
                lineAtSourceStart = 1 + prefix.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
                runWithoutTagEnd = segment.runBefore
            }
        }
        installCallbacks()
        let userData = Unmanaged.passUnretained(self).toOpaque()
        if pulls {
            context = xmlCreateIOParserCtxt(
                &handler, userData,
                { reader, buffer, capacity in
                    guard let buffer, capacity > 0 else { return 0 }
                    return XMLEventReader.reader(reader).pull(into: buffer, capacity: Int(capacity))
                }, nil, userData, XML_CHAR_ENCODING_NONE)
        } else {
            context = path.withCString { xmlCreatePushParserCtxt(&handler, userData, nil, 0, $0) }
        }
        guard let context else {
            chunk.deallocate()
            recentNames.deallocate()
            throw RecordIOError(code: .ioError, path: path, message: "cannot create an XML parser (out of memory?)")
        }
        xmlCtxtUseOptions(context, Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue))
    }

    /// How a pulled segment's parse ended.
    public enum PulledSegmentEnd: Equatable {
        /// The last segment, read to the document's well-formed end.
        case documentEnd
        /// A segment before the last, ended at a clean cut (``endedAtCleanCut``).
        case cleanCut
        /// A segment before the last whose end is not a clean cut: the next segment's parser
        /// cannot take over there.
        case notClean
        /// `send` returned false: the caller wants no more.
        case stopped
    }

    /// Parses the whole segment, handing its events to `send` a batch per chunk of input (as
    /// ``nextBatch()`` would hand them out) until it returns false. Throws what stopped the parse
    /// (not well-formed, a limit, a DTD, the source): a failure of this parse, not necessarily the
    /// document's (see ``init(pulling:path:limits:chunkSize:segment:)``).
    public func pullSegment(handingBatchesTo send: @escaping (XMLEventBatch) -> Bool) throws -> PulledSegmentEnd {
        precondition(pulls && !pullStarted, "pullSegment(handingBatchesTo:) is for a pulling reader, once")
        pullStarted = true
        handOff = send
        defer { handOff = nil }
        let status = withErrorChannels { xmlParseDocument(context) }
        if handOffRefused { return .stopped }
        if let failure { throw failure }
        if endedAtCleanCut {
            flushText()
            return handOn() ? .cleanCut : .stopped
        }
        if !endsDocument { return .notClean }
        flushText()
        if status != 0 { throw malformed(line: nil, message: explain(status, "the document is not well-formed")) }
        if depth != 0 {
            throw malformed(line: nil, message: "the document ends inside an element; the file is probably truncated")
        }
        return handOn() ? .documentEnd : .stopped
    }

    /// Hands the events gathered so far to ``handOff`` (nothing when there are none); false when
    /// the taker wants no more.
    private func handOn() -> Bool {
        guard let handOff else { return true }
        guard !batch.isEmpty || !batch.newNames.isEmpty else { return true }
        var next = takeBatch()
        if dropsPrefixEvent, next.eventCount > 0 {
            dropsPrefixEvent = false
            next = next.droppingFirstEvents(1)
        }
        if handOff(next) { return true }
        handOffRefused = true
        return false
    }

    /// libxml2's read callback in pull mode: the prefix first, then the source's bytes. The events
    /// of a chunk are handed on when the next one is read; the run limit is checked per chunk.
    private func pull(into buffer: UnsafeMutablePointer<CChar>, capacity: Int) -> Int32 {
        if failure != nil || handOffRefused || sourceExhausted { return 0 }
        insidePull = true
        defer { insidePull = false }
        if pullPrefixSent < pullPrefix.count {
            let count = min(capacity, pullPrefix.count - pullPrefixSent)
            pullPrefix.withUnsafeBytes {
                UnsafeMutableRawPointer(buffer).copyMemory(from: $0.baseAddress! + pullPrefixSent, byteCount: count)
            }
            pullPrefixSent += count
            return Int32(count)
        }
        if pullChunkSent == pullChunkCount {
            guard handOn() else { return 0 }
            do {
                pullChunkCount = try source.read(into: chunk)
                pullChunkSent = 0
                if pullChunkCount == 0 {
                    sourceExhausted = true
                    return 0
                }
                try checkRuns(UnsafeRawBufferPointer(rebasing: chunk[..<pullChunkCount]))
            } catch {
                fail(error as? RecordIOError ?? RecordIOError(code: .ioError, path: path, message: "\(error)"))
                return 0
            }
        }
        let count = min(capacity, pullChunkCount - pullChunkSent)
        UnsafeMutableRawPointer(buffer).copyMemory(from: chunk.baseAddress! + pullChunkSent, byteCount: count)
        pullChunkSent += count
        return Int32(count)
    }

    /// Lines the source's bytes took so far: libxml2's line counts those parsed, and the line
    /// feeds of bytes still waiting in its buffer (a segment's trailing white space) are added.
    public var linesRead: Int {
        guard let input = context?.pointee.input, var cursor = input.pointee.cur, let end = input.pointee.end else {
            return 0
        }
        var pending = 0
        while cursor < end {
            if cursor.pointee == UInt8(ascii: "\n") { pending += 1 }
            cursor += 1
        }
        return Int(input.pointee.line) - lineAtSourceStart + pending
    }

    /// Whether libxml2's error `code` in pull mode is the end of a segment's bytes at a clean cut:
    /// the source ran out before a cut, nothing failed, only the root is open, no text but white
    /// space is pending, and libxml2 found the root unfinished at the end of its input.
    private func standsAtPulledCleanCut(_ code: Int32) -> Bool {
        guard code == Int32(XML_ERR_TAG_NOT_FINISHED.rawValue), !endsDocument, sourceExhausted, failure == nil,
            skipsWhitespaceOnlyText, depth == 1, textStart == nil || textIsWhitespace,
            let input = context?.pointee.input, let cursor = input.pointee.cur, let end = input.pointee.end
        else { return false }
        return XMLEventBatch.isWhitespace(UnsafeBufferPointer(start: cursor, count: end - cursor))
    }

    deinit {
        if let context {
            xmlFreeParserCtxt(context)
        }
        chunk.deallocate()
        recentNames.deallocate()
    }

    /// The events of the next chunk of input, in document order, or nil at the end of a
    /// well-formed document. Batches must be read in order: each spells only the names it
    /// introduces (``XMLNameTable``). Throws when the file is not well-formed, uses a DTD or
    /// entities, or exceeds a limit; the file must then be rejected whole.
    public func nextBatch() throws -> XMLEventBatch? {
        // After a failure nothing more comes, not even the events of the failing chunk.
        precondition(!pulls, "a pulling reader hands its batches through pullSegment(handingBatchesTo:)")
        if let failure { throw failure }
        while batch.isEmpty {
            if finished { return nil }
            try feed()
        }
        return takeBatch()
    }

    /// The events gathered so far as a batch; a run of text still open goes on in the next.
    private func takeBatch() -> XMLEventBatch {
        var full = batch
        // Room for a quarter more than the last batch: the next one is about as large, and each
        // time one outgrew the room its events were copied whole (442 times in 806 batches of a
        // 52 MB file, before).
        batch = XMLEventBatch(
            reservingBytes: full.byteCount + full.byteCount / 4, events: full.eventCount + full.eventCount / 4)
        batch.firstNewName = Int32(nameNumbers.count)
        if let start = textStart {
            // A run of text still open at the end of the chunk goes on in the next batch.
            full.withUnsafeContents { batch.appendBytes(UnsafeBufferPointer(rebasing: $0.bytes[start...])) }
            full.dropBytes(from: start)
            textStart = 0
        }
        return full
    }

    /// The next event, or nil at the end of a well-formed document. Throws as ``nextBatch()``.
    public func next() throws -> XMLEvent? {
        while pendingIndex == pending.eventCount {
            guard let next = try nextBatch() else { return nil }
            pending = next
            pendingIndex = 0
            pendingNames.learn(next)
        }
        defer { pendingIndex += 1 }
        let event = pending.event(pendingIndex)
        switch event.kind {
        case .startElement:
            let attributes = pending.attributes(of: event).map {
                XMLAttribute(
                    name: pendingNames[$0.nameInParser],
                    value: String(decoding: pending.bytes(first: $0.start, count: $0.count), as: UTF8.self))
            }
            return .startElement(
                name: pendingNames[event.nameInParser], attributes: attributes, line: event.lineInParser)
        case .endElement:
            return .endElement(name: pendingNames[event.nameInParser])
        case .text:
            return .text(String(decoding: pending.bytes(first: event.first, count: event.count), as: UTF8.self))
        }
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
            if depth != 0 {
                throw malformed(
                    line: nil, message: "the document ends inside an element; the file is probably truncated")
            }
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
        withErrorChannels { xmlParseChunk(context, bytes, count, terminate) }
    }

    private func withErrorChannels(_ parse: () -> Int32) -> Int32 {
        memberlink_silence_generic_errors()
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque()) { context, error in
            guard let context, let error else { return }
            XMLEventReader.reader(context).contextlessError(UnsafePointer(error))
        }
        defer { xmlSetStructuredErrorFunc(nil) { _, _ in } }
        return parse()
    }

    /// Only notes the failure: these errors come from inside libxml2's input buffer, where stopping
    /// the parser would free the buffer under it. libxml2 halts the parse itself (status -1).
    private func contextlessError(_ error: UnsafePointer<xmlError>) {
        guard failure == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        let encoding =
            error.pointee.domain == Int32(XML_FROM_I18N.rawValue)
            || error.pointee.code == Int32(XML_IO_ENCODER.rawValue)
        var message = Self.encodingMessage
        if !encoding {
            message = error.pointee.message.map { String(cString: $0) } ?? "XML error \(error.pointee.code)"
            while message.last == "\n" { message.removeLast() }
            message = "not well-formed XML: \(message)"
        }
        failure = RecordIOError(code: .xmlMalformed, path: path, line: currentLine, message: message)
    }

    /// Checks that no run of bytes without `>` is longer than the limit, carrying the open run from
    /// chunk to chunk. Looks at few bytes: from the end of each window of allowed length back to
    /// its last `>`.
    private func checkRuns(_ bytes: UnsafeRawBufferPointer) throws {
        let count = bytes.count
        var start = 0  // just after the last `>` found, or the chunk's start
        var run = runWithoutTagEnd  // bytes without `>` before `start`
        while true {
            let allowed = limits.maxRunWithoutTagEnd - run
            if count - start <= allowed {
                if let last = Self.lastTagEnd(in: bytes, from: start, to: count) {
                    runWithoutTagEnd = count - last - 1
                } else {
                    runWithoutTagEnd = run + count - start
                }
                return
            }
            guard let last = Self.lastTagEnd(in: bytes, from: start, to: start + allowed + 1) else {
                throw fail(
                    RecordIOError(
                        code: .sizeLimitExceeded, path: path,
                        message: "a tag or text run is longer than \(limits.maxRunWithoutTagEnd) bytes; "
                            + "partner booking files never need one: the file is damaged or hostile"))
            }
            start = last + 1
            run = 0
        }
    }

    /// The offset of the last `>` in `bytes[from..<to]`, searching from the end.
    private static func lastTagEnd(in bytes: UnsafeRawBufferPointer, from: Int, to: Int) -> Int? {
        var index = to - 1
        while index >= from {
            if bytes[index] == UInt8(ascii: ">") { return index }
            index -= 1
        }
        return nil
    }

    @discardableResult
    private func fail(_ error: RecordIOError) -> RecordIOError {
        if failure == nil { failure = error }
        if let context, !insidePull { xmlStopParser(context) }
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

    /// Runs `body` on the reader behind a callback's context, without retaining it: the parser
    /// only calls back from inside ``feed()``, while the reader is alive.
    private static func withReader(_ pointer: UnsafeMutableRawPointer?, _ body: (XMLEventReader) -> Void) {
        Unmanaged<XMLEventReader>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
    }

    /// The number of an interned name, spelling it into the batch the first time it is seen.
    /// Inlined into each callback: a name seen recently costs a multiply, a load and a compare.
    @inline(__always)
    private func name(_ pointer: UnsafePointer<xmlChar>) -> Int32 {
        let key = UnsafeRawPointer(pointer)
        let slot = Int(truncatingIfNeeded: (UInt64(UInt(bitPattern: key)) &* 0x9E37_79B9_7F4A_7C15) >> 55)
        if recentNames[slot].pointer == key { return recentNames[slot].number }
        return name(key, missedInSlot: slot)
    }

    @inline(never)
    private func name(_ key: UnsafeRawPointer, missedInSlot slot: Int) -> Int32 {
        if let known = nameNumbers[key] {
            recentNames[slot] = RecentName(pointer: key, number: known)
            return known
        }
        if nameNumbers.count == limits.maxDistinctNames {
            fail(
                RecordIOError(
                    code: .sizeLimitExceeded, path: path, line: currentLine,
                    message: "the document uses more than \(limits.maxDistinctNames) distinct element and attribute "
                        + "names; partner booking files use a few dozen: the file is damaged or hostile"))
        }
        let number = Int32(nameNumbers.count)
        nameNumbers[key] = number
        batch.newNames.append(String(cString: key.assumingMemoryBound(to: CChar.self)))
        return number
    }

    private func flushText() {
        guard let start = textStart else { return }
        textStart = nil
        if !skipsWhitespaceOnlyText || !textIsWhitespace {
            batch.endText(from: start)
        } else {
            batch.dropBytes(from: start)
        }
    }

    /// The line of the `<` that opened the start tag being reported: libxml2's current line, less
    /// the line breaks between that `<` and the parser's position (a `<` cannot occur inside a tag).
    ///
    /// Most start tags need no search: the `<` comes after the position of the previous callback,
    /// so when libxml2's line has not moved since then, the `<` is on it.
    private func startTagLine() -> Int {
        guard let input = context?.pointee.input else { return currentLine ?? 0 }
        let line = Int(input.pointee.line)
        defer { lineAtLastCallback = line }
        if line == lineAtLastCallback { return line }
        guard let base = input.pointee.base, var cursor = input.pointee.cur else { return line }
        var tagLine = line
        while cursor > base {
            cursor -= 1
            if cursor.pointee == UInt8(ascii: "<") { break }
            if cursor.pointee == UInt8(ascii: "\n") { tagLine -= 1 }
        }
        return tagLine
    }

    /// Notes libxml2's line at a callback other than a start tag's (see ``startTagLine()``).
    private func noteLine() {
        if let input = context?.pointee.input { lineAtLastCallback = Int(input.pointee.line) }
    }

    private func startElement(
        localName: UnsafePointer<xmlChar>, attributeCount: Int,
        attributes: UnsafeMutablePointer<UnsafePointer<xmlChar>?>?
    ) {
        guard failure == nil else { return }
        flushText()
        depth += 1
        if depth > limits.maxDepth {
            fail(
                RecordIOError(
                    code: .sizeLimitExceeded, path: path, line: currentLine,
                    message: "elements are nested deeper than \(limits.maxDepth) levels; the file is damaged or hostile"
                ))
            return
        }
        let elementName = name(localName)  // numbered before its attributes' names
        let firstAttribute = batch.attributeCount
        if let attributes, attributeCount > 0 {
            for index in 0..<attributeCount {
                let base = index * 5
                guard let localName = attributes[base], let start = attributes[base + 3], let end = attributes[base + 4]
                else { continue }
                batch.attribute(name: name(localName), value: UnsafeBufferPointer(start: start, count: end - start))
            }
        }
        batch.startElement(name: elementName, line: startTagLine(), attributesFrom: firstAttribute)
    }

    private func endElement(localName: UnsafePointer<xmlChar>) {
        guard failure == nil else { return }
        flushText()
        depth -= 1
        batch.endElement(name: name(localName))
        noteLine()
    }

    private func characters(_ bytes: UnsafePointer<xmlChar>, _ count: Int) {
        guard failure == nil else { return }
        let text = UnsafeBufferPointer(start: bytes, count: count)
        if textStart == nil {
            textStart = batch.byteCount
            textIsWhitespace = true
        }
        if textIsWhitespace && skipsWhitespaceOnlyText { textIsWhitespace = XMLEventBatch.isWhitespace(text) }
        batch.appendBytes(text)
        noteLine()
    }

    private func forbidden(_ what: String) {
        fail(
            RecordIOError(
                code: .xmlForbidden, path: path, line: currentLine,
                message: "\(what) is not allowed in partner files (no DTD, no entities); remove it and resend the file")
        )
    }

    private func structuredError(_ error: UnsafePointer<xmlError>) {
        guard error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        if pulls, standsAtPulledCleanCut(error.pointee.code) {
            // The segment's bytes are all parsed and only the root is open: libxml2 says the root
            // is not finished, which is what a clean cut looks like from inside.
            endedAtCleanCut = true
            if let context { xmlStopParser(context) }
            return
        }
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
            XMLEventReader.withReader(context) {
                $0.startElement(localName: localName!, attributeCount: Int(attributeCount), attributes: attributes)
            }
        }
        handler.endElementNs = { context, localName, _, _ in
            XMLEventReader.withReader(context) { $0.endElement(localName: localName!) }
        }
        handler.characters = { context, bytes, count in
            XMLEventReader.withReader(context) { $0.characters(bytes!, Int(count)) }
        }
        handler.cdataBlock = { context, bytes, count in
            XMLEventReader.withReader(context) { $0.characters(bytes!, Int(count)) }
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
