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
    private var storage: XMLBatchBytes
    /// Names seen for the first time in this batch, in number order: the first has the number
    /// ``firstNewName``. Names are local names (namespaces dropped), as the document spells them.
    public internal(set) var newNames: [String] = []
    /// The number of the first of ``newNames``: how many names earlier batches introduced.
    public internal(set) var firstNewName: Int32 = 0

    public init() {
        storage = XMLBatchBytes(minimumCapacity: 0)
    }

    /// An empty batch with room for `byteCount` bytes of values and texts.
    init(reservingBytes byteCount: Int) {
        storage = XMLBatchBytes(minimumCapacity: byteCount)
    }

    public var isEmpty: Bool { events.isEmpty }

    /// How many bytes of attribute values and texts the batch holds.
    public var byteCount: Int { storage.count }

    /// A copy of the bytes of a text event or an attribute value.
    public func bytes(first: Int32, count: Int32) -> [UInt8] {
        withUnsafeBytes { Array($0[Int(first)..<Int(first + count)]) }
    }

    /// Calls `body` with all the batch's bytes of values and texts (``Event/first`` and
    /// ``Attribute/start`` are offsets into them), without copying them. The pointer is valid only
    /// inside `body`.
    @inlinable
    public func withUnsafeBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try withExtendedLifetime(self) { try body(unsafeBytes) }
    }

    @usableFromInline
    var unsafeBytes: UnsafeBufferPointer<UInt8> { storage.buffer }

    // MARK: Building (XMLEventReader)

    mutating func startElement(name: Int32, line: Int) {
        events.append(Event(kind: .startElement, name: name, first: Int32(attributes.count), count: 0, line: line))
    }

    /// Adds an attribute to the start tag just added.
    mutating func attribute(name: Int32, value: UnsafeBufferPointer<UInt8>) {
        attributes.append(Attribute(name: name, start: Int32(storage.count), count: Int32(value.count)))
        storage.append(value)
        events[events.count - 1].count += 1
    }

    mutating func endElement(name: Int32) {
        events.append(Event(kind: .endElement, name: name, first: 0, count: 0, line: 0))
    }

    /// Gathers text: the bytes of a text event still open.
    mutating func appendBytes(_ text: UnsafeBufferPointer<UInt8>) {
        storage.append(text)
    }

    /// Closes the text event made of the bytes from `start` on.
    mutating func endText(from start: Int) {
        events.append(Event(kind: .text, name: -1, first: Int32(start), count: Int32(storage.count - start), line: 0))
    }

    /// Drops the bytes of a text not reported.
    mutating func dropBytes(from start: Int) {
        storage.truncate(to: start)
    }

    /// Whether the bytes from `start` on are all XML white space (space, tab, CR, LF).
    func isWhitespace(from start: Int) -> Bool {
        let bytes = storage.buffer
        for index in start..<bytes.count {
            let byte = bytes[index]
            if byte != 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D { return false }
        }
        return true
    }
}

/// The bytes of one ``XMLEventBatch``, in memory of their own: the parser's callbacks append to
/// them with one bounds check and a `memcpy`, where an `Array` also checks that its buffer is
/// unique, and a reader reaches them through a pointer instead of a slice that retains the array.
///
/// Shared by copies of a batch, so only ``XMLEventReader`` mutates one, and only the batch it is
/// building, which no one else holds until it is handed out (after that it is never changed: the
/// reader starts a new batch). That is why it can be `Sendable`.
@usableFromInline
final class XMLBatchBytes: @unchecked Sendable {
    private var bytes: ByteBuffer

    init(minimumCapacity: Int) {
        bytes = ByteBuffer(capacity: Swift.max(minimumCapacity, 64))
    }

    var count: Int { bytes.count }

    @usableFromInline
    var buffer: UnsafeBufferPointer<UInt8> { bytes.bytes }

    func append(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(UnsafeRawBufferPointer(text))
    }

    func truncate(to newCount: Int) {
        bytes.truncate(to: newCount)
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
