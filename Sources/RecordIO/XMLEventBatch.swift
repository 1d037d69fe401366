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
    public struct Event: Sendable, BitwiseCopyable {
        public var kind: Kind
        /// The element's name number (see ``XMLEventBatch/newNames``); -1 for text.
        public var name: Int32
        public var first: Int32
        public var count: Int32
        /// The line of a start tag's `<`; 0 for other events.
        public var line: Int
    }

    /// An attribute of a start tag: its local name's number and its value's bytes
    /// (`start..<start + count` in ``bytes``), already decoded (entities, character references).
    public struct Attribute: Sendable, BitwiseCopyable {
        public var name: Int32
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

    /// Event `index`, in document order.
    public func event(_ index: Int) -> Event {
        precondition(index >= 0 && index < eventCount, "XMLEventBatch event index out of range")
        return withUnsafeContents { $0.events[index] }
    }

    /// The attributes of start tag `event`, in document order.
    public func attributes(of event: Event) -> [Attribute] {
        withUnsafeContents { Array($0.attributes(of: event)) }
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
        Contents(events: storage.events.elements, attributes: storage.attributes.elements, bytes: storage.bytes.bytes)
    }

    // MARK: Building (XMLEventReader)

    /// Adds an attribute of the start tag about to be added (``startElement(name:line:attributesFrom:)``).
    mutating func attribute(name: Int32, value: UnsafeBufferPointer<UInt8>) {
        storage.attributes.append(Attribute(name: name, start: Int32(storage.bytes.count), count: Int32(value.count)))
        storage.bytes.append(UnsafeRawBufferPointer(value))
    }

    /// Adds a start tag whose attributes are those added since there were `firstAttribute`.
    mutating func startElement(name: Int32, line: Int, attributesFrom firstAttribute: Int) {
        storage.events.append(
            Event(
                kind: .startElement, name: name, first: Int32(firstAttribute),
                count: Int32(storage.attributes.count - firstAttribute), line: line))
    }

    mutating func endElement(name: Int32) {
        storage.events.append(Event(kind: .endElement, name: name, first: 0, count: 0, line: 0))
    }

    /// Gathers text: the bytes of a text event still open.
    mutating func appendBytes(_ text: UnsafeBufferPointer<UInt8>) {
        storage.bytes.append(UnsafeRawBufferPointer(text))
    }

    /// Closes the text event made of the bytes from `start` on.
    mutating func endText(from start: Int) {
        storage.events.append(
            Event(kind: .text, name: -1, first: Int32(start), count: Int32(storage.bytes.count - start), line: 0))
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
    /// start.
    public mutating func shiftLines(by shift: Int) {
        guard shift != 0 else { return }
        makeStorageUnique()
        let events = storage.events.mutableElements
        for index in events.indices where events[index].kind == .startElement {
            events[index].line += shift
        }
    }

    /// Renames every element and attribute: name `n` becomes `numbers[n]`.
    mutating func renumberNames(_ numbers: [Int32]) {
        makeStorageUnique()
        let events = storage.events.mutableElements
        for index in events.indices where events[index].kind != .text {
            events[index].name = numbers[Int(events[index].name)]
        }
        let attributes = storage.attributes.mutableElements
        for index in attributes.indices {
            attributes[index].name = numbers[Int(attributes[index].name)]
        }
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
/// storage changes only through its one holder (renumbered names, shifted lines), and is copied
/// first if another value shares it. That is why it can be `Sendable`.
@usableFromInline
final class XMLBatchStorage: @unchecked Sendable {
    @usableFromInline var bytes: ByteBuffer
    @usableFromInline var events: GrowableBuffer<XMLEventBatch.Event>
    @usableFromInline var attributes: GrowableBuffer<XMLEventBatch.Attribute>

    init(byteCapacity: Int, eventCapacity: Int) {
        bytes = ByteBuffer(capacity: Swift.max(byteCapacity, 64))
        events = GrowableBuffer(capacity: eventCapacity)
        attributes = GrowableBuffer(capacity: eventCapacity / 2)
    }

    private init(bytes: consuming ByteBuffer, events: consuming GrowableBuffer<XMLEventBatch.Event>,
                 attributes: consuming GrowableBuffer<XMLEventBatch.Attribute>) {
        self.bytes = bytes
        self.events = events
        self.attributes = attributes
    }

    func copy() -> XMLBatchStorage {
        XMLBatchStorage(bytes: bytes.copy(), events: events.copy(), attributes: attributes.copy())
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
