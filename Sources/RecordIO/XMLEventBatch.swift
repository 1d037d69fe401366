/// The events of one stretch of a document, in document order, in a compact form that costs no
/// allocation per event: names are numbers (each distinct name is spelled once, in ``newNames``),
/// and attribute values and text are byte ranges of one shared buffer.
///
/// This is what ``XMLEventReader/nextBatch()`` hands out, and what a reader on another thread
/// receives: one value per stretch, with everything it needs. ``XMLEvent`` is the same content,
/// one allocated value per event, for callers that prefer it (``XMLEventReader/next()``).
public struct XMLEventBatch: Sendable {
    public enum Kind: UInt8, Sendable {
        case startElement, endElement, text
    }

    /// One event. For a start tag, its name, the line of its `<` and its attributes
    /// (`first..<first + count` in ``attributes``); for an end tag, its name; for text, its bytes
    /// (`first..<first + count` in ``bytes``).
    public struct Event: Sendable {
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
    public struct Attribute: Sendable {
        public var name: Int32
        public var start: Int32
        public var count: Int32
    }

    public internal(set) var events: [Event] = []
    public internal(set) var attributes: [Attribute] = []
    /// Attribute values and texts, UTF-8, back to back.
    public internal(set) var bytes: [UInt8] = []
    /// Names seen for the first time in this batch, in number order: the first has the number
    /// ``firstNewName``. Names are local names (namespaces dropped), as the document spells them.
    public internal(set) var newNames: [String] = []
    /// The number of the first of ``newNames``: how many names earlier batches introduced.
    public internal(set) var firstNewName: Int32 = 0

    public init() {}

    public var isEmpty: Bool { events.isEmpty }

    /// The bytes of a text event or an attribute value.
    @inlinable
    public func bytes(first: Int32, count: Int32) -> ArraySlice<UInt8> {
        bytes[Int(first)..<Int(first + count)]
    }

    // MARK: Building (XMLEventReader)

    mutating func startElement(name: Int32, line: Int) {
        events.append(Event(kind: .startElement, name: name, first: Int32(attributes.count), count: 0, line: line))
    }

    /// Adds an attribute to the start tag just added.
    mutating func attribute(name: Int32, value: UnsafeBufferPointer<UInt8>) {
        attributes.append(Attribute(name: name, start: Int32(bytes.count), count: Int32(value.count)))
        bytes.append(contentsOf: value)
        events[events.count - 1].count += 1
    }

    mutating func endElement(name: Int32) {
        events.append(Event(kind: .endElement, name: name, first: 0, count: 0, line: 0))
    }

    /// Gathers text: the bytes of a text event still open.
    mutating func appendBytes(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
    }

    /// Closes the text event made of the bytes from `start` on.
    mutating func endText(from start: Int) {
        events.append(Event(kind: .text, name: -1, first: Int32(start), count: Int32(bytes.count - start), line: 0))
    }

    /// Drops the bytes of a text not reported.
    mutating func dropBytes(from start: Int) {
        bytes.removeLast(bytes.count - start)
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
