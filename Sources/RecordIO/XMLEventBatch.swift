/// The events of one stretch of a document, in document order, in a compact form that costs no
/// allocation per event: names are numbers (each distinct name is spelled once, in ``newNames``),
/// and attribute values and text are byte ranges of one shared buffer.
///
/// This is what ``XMLEventReader/nextBatch()`` hands out, and what a reader on another thread
/// receives: one value per stretch, with everything it needs. ``XMLEvent`` is the same content,
/// one allocated value per event, for callers that prefer it (``XMLEventReader/next()``).
public struct XMLEventBatch: Sendable {
    public enum Kind: UInt8, Sendable, BitwiseCopyable {
        case startElement, endElement, text
    }

    /// One event. For a start tag, its name, the line of its `<` and its attributes
    /// (`first..<first + count` in ``attributes``); for an end tag, its name; for text, its bytes
    /// (`first..<first + count` in ``bytes``).
    ///
    /// The name and line are as the parser that read the event gave them: read them through
    /// ``Contents/name(of:)-(Event)`` and ``Contents/line(of:)``, which put them in the document's
    /// numbering and lines (a segment's parser numbers names and counts lines its own way).
    public struct Event: Sendable, BitwiseCopyable {
        public var kind: Kind
        /// The element's name number in its parser's numbering; -1 for text.
        public var nameInParser: Int32
        public var first: Int32
        public var count: Int32
        /// The line of a start tag's `<` as its parser counted it; 0 for other events.
        public var lineInParser: Int
    }

    /// An attribute of a start tag: its local name's number (in its parser's numbering: read it
    /// through ``Contents/name(of:)-(Attribute)``) and its value's bytes (`start..<start + count`
    /// in ``bytes``), already decoded (entities, character references).
    public struct Attribute: Sendable, BitwiseCopyable {
        public var nameInParser: Int32
        public var start: Int32
        public var count: Int32
    }

    /// The events, their attributes and the bytes of values and texts, in memory of their own.
    private var storage: XMLBatchStorage
    /// Names seen for the first time in this batch, in number order: the first has the number
    /// ``firstNewName``. Names are local names (namespaces dropped), as the document spells them.
    public internal(set) var newNames: [String] = []
    /// The number of the first of ``newNames``: how many names earlier batches introduced.
    public internal(set) var firstNewName: Int32 = 0
    /// Added to the line of every start tag where it is read (``Contents/line(of:)``), not in a
    /// pass over the batch: a segment's parser counts lines from its own start.
    private var lineShift = 0

    public init() {
        storage = XMLBatchStorage(byteCapacity: 0, eventCapacity: 0)
    }

    /// An empty batch with room for `byteCount` bytes of values and texts and `eventCount` events.
    init(reservingBytes byteCount: Int, events eventCount: Int = 0) {
        storage = XMLBatchStorage(byteCapacity: byteCount, eventCapacity: eventCount)
    }

    public var isEmpty: Bool { storage.events.count == 0 }

    /// How many events the batch holds.
    public var eventCount: Int { storage.events.count }

    /// How many bytes of attribute values and texts the batch holds.
    public var byteCount: Int { storage.bytes.count }

    /// How many attributes (of all its start tags) the batch holds.
    var attributeCount: Int { storage.attributes.count }

    /// Event `index`, in document order, its name and line already the document's (what
    /// ``Contents/name(of:)-(Event)`` and ``Contents/line(of:)`` give for it).
    public func event(_ index: Int) -> Event {
        precondition(index >= 0 && index < eventCount, "XMLEventBatch event index out of range")
        return withUnsafeContents { contents in
            var event = contents.events[index]
            if event.kind != .text { event.nameInParser = contents.name(of: event) }
            event.lineInParser = contents.line(of: event)
            return event
        }
    }

    /// The attributes of start tag `event` (as ``event(_:)`` gives it), in document order, their
    /// names already the document's numbers.
    public func attributes(of event: Event) -> [Attribute] {
        withUnsafeContents { contents in
            contents.attributes(of: event).map { attribute in
                var attribute = attribute
                attribute.nameInParser = contents.name(of: attribute)
                return attribute
            }
        }
    }

    /// A copy of the bytes of a text event or an attribute value.
    public func bytes(first: Int32, count: Int32) -> [UInt8] {
        withUnsafeContents { Array($0.bytes(first: first, count: count)) }
    }

    /// The batch's events, attributes and bytes, reached through pointers: what a reader of many
    /// events uses, with no reference counting or copying per event.
    public struct Contents {
        public let events: UnsafeBufferPointer<Event>
        public let attributes: UnsafeBufferPointer<Attribute>
        /// Attribute values and texts, back to back (``Event/first`` of a text and
        /// ``Attribute/start`` are offsets into them).
        public let bytes: UnsafeBufferPointer<UInt8>
        /// Added to a start tag's line in its parser (``XMLEventBatch/shiftLines(by:)``).
        public let lineShift: Int
        /// The document's number of each of the parser's names, when they differ
        /// (``XMLEventBatch/renumberNames(_:)``).
        public let documentNames: UnsafeBufferPointer<Int32>?

        /// The line of start tag `event` in the document; 0 for other events.
        @inlinable
        public func line(of event: Event) -> Int {
            event.kind == .startElement ? event.lineInParser + lineShift : 0
        }

        /// The document's number of the name of start or end tag `event` (its spelling is in the
        /// ``XMLEventBatch/newNames`` of this batch or an earlier one).
        @inlinable
        public func name(of event: Event) -> Int32 {
            guard let documentNames else { return event.nameInParser }
            return documentNames[Int(event.nameInParser)]
        }

        /// The document's number of `attribute`'s name.
        @inlinable
        public func name(of attribute: Attribute) -> Int32 {
            guard let documentNames else { return attribute.nameInParser }
            return documentNames[Int(attribute.nameInParser)]
        }

        /// The attributes of start tag `event`.
        @inlinable
        public func attributes(of event: Event) -> UnsafeBufferPointer<Attribute> {
            UnsafeBufferPointer(rebasing: attributes[Int(event.first)..<Int(event.first) + Int(event.count)])
        }

        /// The bytes of a text (`first`, `count` of its event) or of an attribute value.
        @inlinable
        public func bytes(first: Int32, count: Int32) -> UnsafeBufferPointer<UInt8> {
            UnsafeBufferPointer(rebasing: bytes[Int(first)..<Int(first) + Int(count)])
        }
    }

    /// Calls `body` with the batch's contents, without copying them. The pointers are valid only
    /// inside `body`.
    @inlinable
    public func withUnsafeContents<Result>(_ body: (Contents) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(unsafeContents) }
    }

    @usableFromInline
    var unsafeContents: Contents {
        Contents(
            events: storage.events.elements, attributes: storage.attributes.elements, bytes: storage.bytes.bytes,
            lineShift: lineShift, documentNames: storage.documentNames.map { UnsafeBufferPointer($0) })
    }

    // MARK: Building (XMLEventReader)

    /// Adds an attribute of the start tag about to be added (``startElement(name:line:attributesFrom:)``).
    mutating func attribute(name: Int32, value: UnsafeBufferPointer<UInt8>) {
        storage.attributes.append(
            Attribute(nameInParser: name, start: Int32(storage.bytes.count), count: Int32(value.count)))
        storage.bytes.append(UnsafeRawBufferPointer(value))
    }

    /// Adds a start tag whose attributes are those added since there were `firstAttribute`.
    mutating func startElement(name: Int32, line: Int, attributesFrom firstAttribute: Int) {
        storage.events.append(
            Event(
                kind: .startElement, nameInParser: name, first: Int32(firstAttribute),
                count: Int32(storage.attributes.count - firstAttribute), lineInParser: line))
    }

    mutating func endElement(name: Int32) {
        storage.events.append(Event(kind: .endElement, nameInParser: name, first: 0, count: 0, lineInParser: 0))
    }

    /// Gathers text: the bytes of a text event still open.
    mutating func appendBytes(_ text: UnsafeBufferPointer<UInt8>) {
        storage.bytes.append(UnsafeRawBufferPointer(text))
    }

    /// Closes the text event made of the bytes from `start` on.
    mutating func endText(from start: Int) {
        storage.events.append(
            Event(
                kind: .text, nameInParser: -1, first: Int32(start), count: Int32(storage.bytes.count - start),
                lineInParser: 0))
    }

    /// Drops the bytes of a text not reported.
    mutating func dropBytes(from start: Int) {
        storage.bytes.truncate(to: start)
    }

    /// Empties the batch of events, attributes and bytes, keeping the names it introduced.
    mutating func removeEvents() {
        storage.events.truncate(to: 0)
        storage.attributes.truncate(to: 0)
        storage.bytes.truncate(to: 0)
    }

    // MARK: Joining the batches of several parsers (XMLNameUnifier)

    /// Adds `shift` to the line of every start tag: a segment's parser counts lines from its own
    /// start. Applied where a line is read (``Contents/line(of:)``): no pass over the events.
    public mutating func shiftLines(by shift: Int) {
        lineShift += shift
    }

    /// Renames every element and attribute: name `n` becomes `numbers[n]` (`numbers` covers every
    /// name the batch's parser has numbered so far). Applied where a name is read
    /// (``Contents/name(of:)-(Event)``): no pass over the events and attributes.
    mutating func renumberNames(_ numbers: [Int32]) {
        makeStorageUnique()
        let documentNames = UnsafeMutableBufferPointer<Int32>.allocate(capacity: numbers.count)
        if let earlier = storage.documentNames {
            // Renumbered before: its names in the numbering it was renumbered to, then in this one.
            for (index, number) in numbers.enumerated() {
                documentNames.initializeElement(
                    at: index, to: index < earlier.count ? numbers[Int(earlier[index])] : number)
            }
            earlier.deallocate()
        } else {
            _ = documentNames.initialize(from: numbers)
        }
        storage.documentNames = documentNames
    }

    /// Copies the storage when another batch value shares it, so that changing this batch after it
    /// was handed out never changes a copy (a hand-off normally leaves the receiver the only one).
    private mutating func makeStorageUnique() {
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
        }
    }

    /// The same batch without its first `count` events (and the names it introduced): for a reader
    /// that takes over a document part of which was already handed out.
    public func droppingFirstEvents(_ count: Int) -> XMLEventBatch {
        var rest = XMLEventBatch(reservingBytes: byteCount, events: eventCount - count)
        rest.newNames = newNames
        rest.firstNewName = firstNewName
        rest.lineShift = lineShift
        if let documentNames = storage.documentNames { rest.renumberNames(Array(documentNames)) }
        withUnsafeContents { contents in
            rest.storage.bytes.append(UnsafeRawBufferPointer(contents.bytes))
            rest.storage.attributes.append(contentsOf: contents.attributes)
            for event in contents.events.dropFirst(count) { rest.storage.events.append(event) }
        }
        return rest
    }

    /// Whether `bytes` are all XML white space (space, tab, CR, LF).
    @inline(__always)
    static func isWhitespace(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        for byte in bytes where byte != 0x20 && (byte > 0x0D || (0x2600 >> byte) & 1 == 0) { return false }
        return true
    }
}

/// What an ``XMLEventBatch`` holds, in memory of its own: the parser's callbacks append with one
/// capacity check and a store (or a `memcpy`), where an `Array` also checks that its buffer is
/// unique, and a reader reaches everything through three pointers instead of slices that retain
/// arrays.
///
/// Shared by copies of a batch. ``XMLEventReader`` appends only to the batch it is building, which
/// no one else holds until it is handed out (it then starts a new one); after that a batch's
/// storage changes only through its one holder (renumbered names), and is copied
/// first if another value shares it. That is why it can be `Sendable`.
@usableFromInline
final class XMLBatchStorage: @unchecked Sendable {
    @usableFromInline var bytes: ByteBuffer
    @usableFromInline var events: GrowableBuffer<XMLEventBatch.Event>
    @usableFromInline var attributes: GrowableBuffer<XMLEventBatch.Attribute>
    /// The document's number of each name of the batch's parser, when they differ
    /// (``XMLEventBatch/renumberNames(_:)``); owned, freed with the storage.
    @usableFromInline var documentNames: UnsafeMutableBufferPointer<Int32>?

    init(byteCapacity: Int, eventCapacity: Int) {
        bytes = ByteBuffer(capacity: Swift.max(byteCapacity, 64))
        events = GrowableBuffer(capacity: eventCapacity)
        attributes = GrowableBuffer(capacity: eventCapacity / 2)
    }

    private init(
        bytes: consuming ByteBuffer, events: consuming GrowableBuffer<XMLEventBatch.Event>,
        attributes: consuming GrowableBuffer<XMLEventBatch.Attribute>
    ) {
        self.bytes = bytes
        self.events = events
        self.attributes = attributes
    }

    deinit { documentNames?.deallocate() }

    func copy() -> XMLBatchStorage {
        let copy = XMLBatchStorage(bytes: bytes.copy(), events: events.copy(), attributes: attributes.copy())
        if let documentNames {
            let names = UnsafeMutableBufferPointer<Int32>.allocate(capacity: documentNames.count)
            _ = names.initialize(from: documentNames)
            copy.documentNames = names
        }
        return copy
    }
}

/// Spells the names of ``XMLEventBatch`` events: every name the batches so far introduced, by number.
/// A reader of batches keeps one and gives it each batch in order.
public struct XMLNameTable: Sendable {
    public private(set) var names: [String] = []

    public init() {}

    /// Learns the names `batch` introduces.
    public mutating func learn(_ batch: XMLEventBatch) {
        precondition(Int(batch.firstNewName) == names.count, "XMLEventBatch values must be read in order")
        names.append(contentsOf: batch.newNames)
    }

    public subscript(number: Int32) -> String { names[Int(number)] }
}
