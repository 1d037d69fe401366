/// One event of a streamed XML document. Names are local names: namespace prefixes are dropped,
/// since partner files may use namespaces and matching ignores them (CONTRACT §1.2).
public enum XMLEvent: Sendable, Hashable {
    /// A start tag with its attributes in document order and the line of its `<`.
    case startElement(name: String, attributes: [XMLAttribute], line: Int)
    case endElement(name: String)
    /// Character data: text, CDATA and character references, already decoded.
    case text(String)
}

/// An attribute of a start tag, by local name.
public struct XMLAttribute: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Caps that keep a hostile XML file from exhausting time or memory (RELIABILITY.md).
public struct XMLLimits: Sendable, Hashable {
    /// Deepest element nesting accepted.
    public var maxDepth: Int
    /// Longest run of bytes without a `>`: bounds a tag (200,000 attributes take minutes otherwise)
    /// and a text run.
    public var maxRunWithoutTagEnd: Int

    /// Most distinct element and attribute names in one document: partner files use a few dozen,
    /// and each distinct name is remembered until the end of the file.
    public var maxDistinctNames: Int

    public init(maxDepth: Int = 256, maxRunWithoutTagEnd: Int = 64 << 10, maxDistinctNames: Int = 1 << 16) {
        self.maxDepth = maxDepth
        self.maxRunWithoutTagEnd = maxRunWithoutTagEnd
        self.maxDistinctNames = maxDistinctNames
    }
}
