public import RecordIO

/// Reads a partner booking XML file (CONTRACT §1.2) as a cursor of ``IngestedRow``s: one row per
/// `passenger` element, in document order, each located at the line of its `<passenger` start tag.
///
/// A `booking` carries system, bookingCode and departureDate; its `passenger`s carry the rest,
/// grouped under `membership` (airline, membershipId, level, skyTeamLevel) and `document` (type,
/// number, national, issueCountry, issueDate, expiryDate, or the canonical names). Every field may be
/// an attribute or a child element of the same name; names match ignoring case and namespaces;
/// values are trimmed of XML white space; unknown elements and attributes are ignored.
///
/// Where things are recognised, so that no passenger is ever lost and no value is misattributed:
/// - `booking` and `passenger` elements count wherever they are (a `<passengers>` wrapper is fine).
/// - Fields, `membership` and `document` count only as direct children (or attributes) of their
///   owner: a `givenName` inside an unknown element such as `<emergencyContact>` is ignored, never
///   taken as the passenger's name.
///
/// A passenger whose structure leaves it unreadable becomes a ``MalformedRow`` (`RECORD_MALFORMED`)
/// with the reason, and reading carries on: a field given twice with different values, a passenger
/// outside any booking or inside another passenger, a booking inside a booking, markup inside a
/// field, a field longer than ``maxFieldBytes``. What cannot be confined to one passenger throws, and
/// the file is rejected whole: XML that is not well-formed, a DOCTYPE or entity, a limit exceeded
/// (all from ``XMLEventReader``), and a booking field given after the booking's first passenger
/// (the passengers already handed on would have lacked it).
///
/// Memory is flat: the reader holds the open booking's three fields and the current passenger only.
public final class XMLBookingReader {
    /// The file as the user named it (the `sourceFile` of every outcome).
    public let displayName: String
    /// `displayName`'s number for the records' locations (``InputFileNames``).
    private let fileNumber: Int32
    /// The longest field value accepted, in UTF-8 bytes; a longer one makes its record malformed.
    public let maxFieldBytes: Int
    private let events: any XMLEventSource
    /// The batch of events being read, and the next event's position in it.
    private var batch = XMLEventBatch()
    private var position = 0
    /// The spelling and the meaning of every name the batches so far introduced, by number.
    private var names = XMLNameTable()
    private var meanings = GrowableBuffer<XMLBookingName>(capacity: 64)
    /// When the current batch's names are numbered by another parser than the document's
    /// (``RecordIO/XMLEventBatch/Contents/documentNames``): the meaning of each of that parser's
    /// numbers, composed once a batch so that an event's meaning is one look-up either way.
    private var batchMeanings = GrowableBuffer<XMLBookingName>(capacity: 64)
    private var batchRenumbers = false
    /// One frame per open element, innermost last (at most ``XMLLimits/maxDepth``).
    private var frames = GrowableBuffer<Frame>(capacity: 64)
    private var booking: OpenBooking?
    /// How many `booking` elements are open inside the outermost open one.
    private var nestedBookings = 0
    private var passenger: OpenPassenger?
    /// The text of the open field element, UTF-8: while it is one text event, where that event's
    /// bytes are in the current batch (``fieldTextInBatch``, no copy); else copied here.
    private var fieldText: [UInt8] = []
    private var fieldTextInBatch: UnsafeBufferPointer<UInt8>?
    private var sequence = 0

    /// - Parameter parseAhead: run libxml2's parser on a thread of its own (``XMLParseAhead``):
    ///   the same rows, read on two cores.
    /// - Throws: errors of the byte source (I/O, gzip) as they come.
    public init(
        source: any ByteSource, displayName: String, limits: XMLLimits = XMLLimits(), maxFieldBytes: Int = 64 << 10,
        parseAhead: Bool = false
    ) throws {
        self.displayName = displayName
        fileNumber = InputFileNames.number(of: displayName)
        self.maxFieldBytes = maxFieldBytes
        let parser = try XMLEventReader(source: source, path: displayName, limits: limits)
        // Values are trimmed of XML white space: the indentation between elements is never needed.
        parser.skipsWhitespaceOnlyText = true
        events = parseAhead ? XMLParseAhead(parser) : parser
    }

    /// Reads the plain file at `path` with two parsers at once (``XMLSplitParse``), or nil when the
    /// file cannot be split (too small, compressed, not simple at its start): the same rows as
    /// ``init(source:displayName:limits:maxFieldBytes:parseAhead:)``, on both cores.
    public static func splitting(
        path: String, displayName: String, limits: XMLLimits = XMLLimits(), maxFieldBytes: Int = 64 << 10,
        segmentBytes: Int? = nil
    ) throws -> XMLBookingReader? {
        guard
            let events = try XMLSplitParse.open(
                path: path, displayName: displayName, limits: limits,
                segmentBytes: segmentBytes ?? XMLSplitParse.defaultSegmentBytes)
        else { return nil }
        return XMLBookingReader(events: events, displayName: displayName, maxFieldBytes: maxFieldBytes)
    }

    private init(events: any XMLEventSource, displayName: String, maxFieldBytes: Int) {
        self.displayName = displayName
        fileNumber = InputFileNames.number(of: displayName)
        self.maxFieldBytes = maxFieldBytes
        self.events = events
    }

    /// The next row, or nil at the end of a well-formed document.
    /// - Throws: ``RecordIOError`` when the XML is not well-formed, uses a DTD or entities, or
    ///   exceeds a limit; ``MemberLinkError`` `inputUnreadable` for a booking field given after the
    ///   booking's first passenger. Either way the file must be rejected whole.
    public func next() throws -> IngestedRow? {
        while true {
            let batch = self.batch  // one reference for the whole batch, not one per event or value
            if let row = try batch.withUnsafeContents({ try readEvents(of: $0) }) { return row }
            guard let next = try events.nextBatch() else { return nil }
            names.learn(next)
            for name in next.newNames { meanings.append(XMLBookingName(name)) }
            keepFieldText()  // the text still points into the batch let go here
            self.batch = next
            position = 0
            composeBatchMeanings()
        }
    }

    /// Sets ``batchMeanings`` for the batch just taken, when its parser numbers names its own way.
    private func composeBatchMeanings() {
        batchRenumbers = batch.withUnsafeContents { contents in
            guard let documentNames = contents.documentNames else { return false }
            batchMeanings.truncate(to: 0)
            for number in documentNames { batchMeanings.append(meanings.elements[Int(number)]) }
            return true
        }
    }

    /// The meaning of name `number` of the current batch (in its parser's numbering).
    @inline(__always)
    private func meaning(_ number: Int32) -> XMLBookingName {
        batchRenumbers ? batchMeanings.elements[Int(number)] : meanings.elements[Int(number)]
    }

    /// Reads the current batch's events from ``position`` on, up to the end of the next passenger
    /// (its row) or of the batch (nil). `batch` is the batch's contents, valid only during the call.
    private func readEvents(of batch: XMLEventBatch.Contents) throws -> IngestedRow? {
        while position < batch.events.count {
            let event = batch.events[position]
            position += 1
            switch event.kind {
            case .startElement:
                start(event, of: batch)
            case .endElement:
                if let row = try end() { return row }
            case .text:
                if case .field = frames.last { appendFieldText(batch.bytes(first: event.first, count: event.count)) }
            }
        }
        return nil
    }

    /// Calls `body` with each attribute of a start tag of `batch`: the attribute name's meaning and
    /// its value's bytes.
    private func forEachAttribute(
        of event: XMLEventBatch.Event, in batch: XMLEventBatch.Contents,
        _ body: (XMLBookingName, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        guard event.count > 0 else { return }
        for attribute in batch.attributes(of: event) {
            body(meaning(attribute.nameInParser), batch.bytes(first: attribute.start, count: attribute.count))
        }
    }

    // MARK: - Start tags

    private func start(_ event: XMLEventBatch.Event, of batch: XMLEventBatch.Contents) {
        let meaning = self.meaning(event.nameInParser)
        let line = batch.line(of: event)
        if case .field(let target, let fieldLine) = frames.last {
            flag(
                target,
                "its \(target.field.name) element (line \(fieldLine)) contains a <\(names[batch.name(of: event)])> element "
                    + "(line \(line)); a field holds text only")
        }
        if meaning.isPassenger {
            startPassenger(event, of: batch)
        } else if meaning.isBooking, passenger == nil {
            startBooking(event, of: batch)
        } else if meaning.isBooking, var open = passenger {
            open.fields.flag("it contains a <booking> element (line \(line)); a passenger belongs to one booking")
            passenger = open
            frames.append(.other)
        } else {
            frames.append(child(meaning, event, of: batch))
        }
    }

    private func startBooking(
        _ event: XMLEventBatch.Event, of batch: XMLEventBatch.Contents
    ) {
        let line = batch.line(of: event)
        if booking != nil {
            nestedBookings += 1
            frames.append(.booking(nested: true))
            return
        }
        var open = OpenBooking(line: line, fields: XMLGivenFields(bookingWithMaxValueBytes: maxFieldBytes))
        forEachAttribute(of: event, in: batch) { name, value in
            if let field = name.bookingField { open.fields.give(field, value, line: line) }
        }
        booking = open
        frames.append(.booking(nested: false))
    }

    private func startPassenger(
        _ event: XMLEventBatch.Event, of batch: XMLEventBatch.Contents
    ) {
        let line = batch.line(of: event)
        if var open = passenger {
            open.fields.flag(
                "it contains another <passenger> element (line \(line)); close each passenger before the next")
            passenger = open
            frames.append(.other)
            return
        }
        var fields: XMLGivenFields
        if nestedBookings > 0 {
            fields = XMLGivenFields(maxValueBytes: maxFieldBytes)
            fields.flag("its <booking> is inside another <booking>; bookings do not nest")
        } else if booking != nil {
            booking!.passengers += 1
            // A passenger starts with its booking's fields, read where they are (not a copy of the
            // booking, whose every array and string a copy would retain and release).
            fields = XMLGivenFields(inheritingBookingFields: booking!.fields)
            if let problem = booking!.fields.problem {
                fields.flag("its booking (line \(booking!.line)) cannot be read: \(problem)")
            }
        } else {
            fields = XMLGivenFields(maxValueBytes: maxFieldBytes)
            fields.flag("it is not inside a <booking>; a booking element carries system, bookingCode and departureDate")
        }
        forEachAttribute(of: event, in: batch) { name, value in
            if let field = name.passengerField { fields.give(field, value, line: line) }
        }
        passenger = OpenPassenger(line: line, sequence: sequence, fields: consume fields)
        sequence += 1
        frames.append(.passenger)
    }

    /// The frame for an element that is neither a booking nor a passenger, given its parent.
    private func child(
        _ meaning: XMLBookingName, _ event: XMLEventBatch.Event, of batch: XMLEventBatch.Contents
    ) -> Frame {
        let line = batch.line(of: event)
        switch frames.last {
        case .booking(nested: false):
            guard let field = meaning.bookingField else { return .other }
            return beginField(.booking(field), line: line)
        case .passenger:
            if meaning.isMembership || meaning.isDocument {
                let membership = meaning.isMembership
                forEachAttribute(of: event, in: batch) { name, value in
                    if let field = membership ? name.membershipField : name.documentField {
                        passenger?.fields.give(field, value, line: line)
                    }
                }
                return membership ? .membership : .document
            }
            guard let field = meaning.passengerField else { return .other }
            return beginField(.passenger(field), line: line)
        case .membership:
            guard let field = meaning.membershipField else { return .other }
            return beginField(.passenger(field), line: line)
        case .document:
            guard let field = meaning.documentField else { return .other }
            return beginField(.passenger(field), line: line)
        default:
            return .other
        }
    }

    private func beginField(_ target: Target, line: Int) -> Frame {
        clearFieldText()
        return .field(target, line: line)
    }

    // MARK: - Text and end tags

    private func appendFieldText(_ text: UnsafeBufferPointer<UInt8>) {
        guard case .field(let target, let line) = frames.last else { return }
        guard fieldText.count + (fieldTextInBatch?.count ?? 0) + text.count <= maxFieldBytes else {
            flag(target, "its \(target.field.name) (line \(line)) is longer than \(maxFieldBytes) bytes")
            return
        }
        if fieldText.isEmpty, fieldTextInBatch == nil {
            fieldTextInBatch = text
            return
        }
        keepFieldText()
        fieldText.append(contentsOf: text)
    }

    /// Copies the field's text out of the current batch.
    private func keepFieldText() {
        guard let text = fieldTextInBatch else { return }
        fieldText.append(contentsOf: text)
        fieldTextInBatch = nil
    }

    private func withFieldText<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        if let text = fieldTextInBatch { return try body(text) }
        return try fieldText.withUnsafeBufferPointer(body)
    }

    private func clearFieldText() {
        fieldTextInBatch = nil
        if !fieldText.isEmpty { fieldText.removeAll(keepingCapacity: true) }
    }

    private func end() throws -> IngestedRow? {
        guard let frame = frames.popLast() else { return nil }
        switch frame {
        case .field(.booking(let field), let line):
            try endBookingField(field, line: line)
        case .field(.passenger(let field), let line):
            _ = withFieldText { passenger?.fields.give(field, $0, line: line) }
            clearFieldText()
        case .booking(nested: true):
            nestedBookings -= 1
        case .booking(nested: false):
            booking = nil
        case .passenger:
            return finishPassenger()
        case .membership, .document, .other:
            break
        }
        return nil
    }

    private func endBookingField(_ field: CanonicalField, line: Int) throws {
        // Taken out and put back, so that the value given is not a copy of a shared array.
        guard var open = booking.take() else { return }
        defer {
            booking = open
            clearFieldText()
        }
        let changes = withFieldText { text in
            let value = XMLGivenFields.trimmedBytes(text)
            return !value.isEmpty && !open.fields.values[field.rawValue].utf8.elementsEqual(value)
        }
        if open.passengers > 0, changes {
            throw MemberLinkError(
                code: .inputUnreadable, path: displayName, line: line,
                message: "the booking at line \(open.line) gives \(field.name) after its first passenger, "
                    + "so its earlier passengers would lack it; put system, bookingCode and departureDate on the "
                    + "<booking> element or before its first <passenger>")
        }
        withFieldText { _ = open.fields.give(field, $0, line: line) }
    }

    private func finishPassenger() -> IngestedRow? {
        guard let open = passenger.take() else { return nil }
        let location = SourceLocation(fileNumber: fileNumber, line: open.line)
        if let problem = open.fields.problem {
            return .malformed(MalformedRow(location: location, sequence: open.sequence, reason: problem, raw: []))
        }
        return .record(
            PassengerRecord(location: location, sequence: open.sequence, fields: open.fields.values), raw: [])
    }

    private func flag(_ target: Target, _ problem: String) {
        switch target {
        case .booking: booking?.fields.flag(problem)
        case .passenger: passenger?.fields.flag(problem)
        }
    }

    // MARK: - State

    /// What an open element is, for the elements inside it.
    private enum Frame: BitwiseCopyable {
        case booking(nested: Bool)
        case passenger, membership, document
        /// A field element; `line` is its start tag's.
        case field(Target, line: Int)
        /// Anything else: ignored, though bookings and passengers inside it still count.
        case other
    }

    /// Whose field a field element gives.
    private enum Target: BitwiseCopyable {
        case booking(CanonicalField)
        case passenger(CanonicalField)

        var field: CanonicalField {
            switch self {
            case .booking(let field), .passenger(let field): field
            }
        }
    }

    private struct OpenBooking {
        var line: Int
        var fields: XMLGivenFields
        /// Passengers started so far: after the first, a booking field can no longer change.
        var passengers = 0
    }

    private struct OpenPassenger {
        var line: Int
        var sequence: Int
        var fields: XMLGivenFields
    }
}

extension XMLBookingReader: BookingRowReader {
    /// XML files have no header row, and no `rejects/NAME` file (CONTRACT §4: CSV inputs only).
    public var headerRaw: [UInt8]? { nil }
}
