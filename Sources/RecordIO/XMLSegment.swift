#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One segment of a document for a parser of its own (``XMLEventReader/init(pulling:path:limits:chunkSize:segment:)``):
/// the bytes from a cut (``XMLSplitPlan``) to the next cut or to the end.
///
/// A segment after the first is parsed after its ``prefix`` (the document's prolog and root start
/// tag, whose events are dropped), so its parser stands where the whole document's would: in the
/// root's content. That holds only if the previous segment's parse ended at a clean cut
/// (``XMLEventReader/endedAtCleanCut``); whoever joins the segments checks it.
public struct XMLSegment: Sendable {
    /// The prolog and root start tag parsed first; nil for the first segment.
    public var prefix: [UInt8]?
    /// Bytes without a `>` just before the segment's first byte (for ``XMLLimits/maxRunWithoutTagEnd``).
    public var runBefore: Int
    /// Whether the segment runs to the end of the document (the last one) or to a cut.
    public var endsDocument: Bool

    public init(prefix: [UInt8]?, runBefore: Int, endsDocument: Bool) {
        self.prefix = prefix
        self.runBefore = runBefore
        self.endsDocument = endsDocument
    }
}

/// Where a plain UTF-8 XML file may be cut so that several parsers read it at once: just before a
/// start tag of the name of the root's first child, after a `>` and a little white space. Such a
/// cut is almost always between two children of the root; the parse proves it or not
/// (``XMLEventReader/endedAtCleanCut``), and a reader that joins segments falls back to one parser
/// when it does not.
///
/// Only files that are simple at their start are planned: no byte order mark, an XML declaration
/// (if any) that says UTF-8, no DOCTYPE, comment or processing instruction before the root, and a
/// root whose first child is an element. Any other file gets no plan and is read by one parser.
public struct XMLSplitPlan: Sendable, Equatable {
    /// The prolog and the root's start tag, parsed before every segment but the first.
    public let prefix: [UInt8]
    /// Where each segment after the first starts, in file order.
    public let cuts: [Cut]

    public struct Cut: Sendable, Equatable {
        /// The offset of the `<` the segment starts with.
        public var offset: Int
        /// White space between the `>` before it and the cut.
        public var runBefore: Int
    }

    /// White space allowed between the `>` before a cut and the cut.
    static let maxWhitespaceBeforeCut = 256
    /// Bytes looked at past each target offset for a cut.
    static let searchWindow = 256 << 10

    /// A plan with segments of about `segmentBytes`, or nil when the file is too small to be worth
    /// cutting, compressed, or not simple at its start.
    public static func make(path: String, segmentBytes: Int) throws -> XMLSplitPlan? {
        let file = try FileRangeByteSource(path: path, from: 0, to: nil)
        let size = file.fileSize
        guard segmentBytes > 0, size >= 2 * segmentBytes else { return nil }
        let head = try file.bytes(at: 0, count: min(size, 64 << 10))
        guard let (prefix, childName) = prologAndFirstChild(head) else { return nil }
        var cuts: [Cut] = []
        var target = segmentBytes
        while target < size - segmentBytes / 2 {
            let window = try file.bytes(at: target, count: min(searchWindow, size - target))
            if let (offset, run) = firstCut(in: window, childName: childName) {
                cuts.append(Cut(offset: target + offset, runBefore: run))
                target += offset + segmentBytes
            } else {
                target += segmentBytes
            }
        }
        guard !cuts.isEmpty else { return nil }
        return XMLSplitPlan(prefix: prefix, cuts: cuts)
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    private static func isNameStart(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
            || byte == UInt8(ascii: ":") || byte >= 0x80
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    /// The bytes up to the end of the root's start tag, and the name of the root's first child;
    /// nil when the start is not simple (see the type's notes).
    static func prologAndFirstChild(_ head: [UInt8]) -> (prefix: [UInt8], childName: [UInt8])? {
        var index = 0
        func skipWhitespace() { while index < head.count, isWhitespace(head[index]) { index += 1 } }
        func starts(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            return index + bytes.count <= head.count && head[index..<index + bytes.count].elementsEqual(bytes)
        }
        if starts("<?xml") {
            guard let end = find(Array("?>".utf8), in: head, from: index) else { return nil }
            let declaration = String(decoding: head[index..<end], as: UTF8.self).lowercased()
            if declaration.contains("encoding") {
                guard declaration.contains("\"utf-8\"") || declaration.contains("'utf-8'") else { return nil }
            }
            index = end + 2
        }
        skipWhitespace()
        guard index + 1 < head.count, head[index] == UInt8(ascii: "<"), isNameStart(head[index + 1]) else { return nil }
        index += 1
        while index < head.count, !endsName(head[index]) { index += 1 }
        // Attributes, quoted values may hold `>`.
        while true {
            skipWhitespace()
            guard index < head.count else { return nil }
            if head[index] == UInt8(ascii: ">") { break }
            guard head[index] != UInt8(ascii: "/") else { return nil }  // an empty root
            while index < head.count, head[index] != UInt8(ascii: "=") { index += 1 }
            index += 1
            skipWhitespace()
            guard index < head.count, head[index] == UInt8(ascii: "\"") || head[index] == UInt8(ascii: "'") else {
                return nil
            }
            let quote = head[index]
            index += 1
            while index < head.count, head[index] != quote { index += 1 }
            index += 1
        }
        let prefix = Array(head[0...index])
        index += 1
        skipWhitespace()
        guard index + 1 < head.count, head[index] == UInt8(ascii: "<"), isNameStart(head[index + 1]) else { return nil }
        let nameStart = index + 1
        index = nameStart
        while index < head.count, !endsName(head[index]) { index += 1 }
        guard index < head.count else { return nil }
        return (prefix, Array(head[nameStart..<index]))
    }

    /// The first `<` + `childName` in `window` that follows a `>` and at most
    /// ``maxWhitespaceBeforeCut`` bytes of white space, and that white space's length.
    static func firstCut(in window: [UInt8], childName: [UInt8]) -> (offset: Int, whitespace: Int)? {
        let pattern = [UInt8(ascii: "<")] + childName
        var from = 0
        while let found = find(pattern, in: window, from: from) {
            from = found + 1
            let after = found + pattern.count
            guard after < window.count, endsName(window[after]) else { continue }
            var before = found - 1
            while before >= 0, found - before <= maxWhitespaceBeforeCut, isWhitespace(window[before]) { before -= 1 }
            guard before >= 0, window[before] == UInt8(ascii: ">") else { continue }
            return (found, found - before - 1)
        }
        return nil
    }

    private static func find(_ pattern: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard let first = pattern.first, pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == first, bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}

/// Names the events of several parsers' batches as one parser reading the whole document would:
/// each distinct name gets the next number when the joined batches first use it, in document
/// order. One per joined document; one ``Stream`` per parser.
public struct XMLNameUnifier: Sendable {
    private var numbers: [String: Int32] = [:]
    /// Distinct names so far.
    public var count: Int { numbers.count }

    public init() {}

    /// A parser's names: its number of each name, in the document's numbering.
    public struct Stream: Sendable {
        fileprivate var documentNumbers: [Int32] = []
        fileprivate var isIdentity = true

        public init() {}
    }

    /// Rewrites `batch`, read by the parser of `stream`, in the document's numbering: its names
    /// are renumbered and its ``XMLEventBatch/newNames`` become the names new to the document.
    public mutating func unify(_ batch: inout XMLEventBatch, stream: inout Stream) {
        precondition(Int(batch.firstNewName) == stream.documentNumbers.count, "a stream's batches come in order")
        let firstNew = Int32(numbers.count)
        var newToDocument: [String] = []
        for name in batch.newNames {
            let number: Int32
            if let known = numbers[name] {
                number = known
            } else {
                number = Int32(numbers.count)
                numbers[name] = number
                newToDocument.append(name)
            }
            if number != Int32(stream.documentNumbers.count) { stream.isIdentity = false }
            stream.documentNumbers.append(number)
        }
        if !stream.isIdentity { batch.renumberNames(stream.documentNumbers) }
        batch.newNames = newToDocument
        batch.firstNewName = firstNew
    }
}

/// The bytes of a file from one offset to another, read with `pread`: what a segment's parser
/// reads (``XMLSegment``). The end can be moved on to the end of the file.
public final class FileRangeByteSource: ByteSource {
    public let path: String
    private let descriptor: Int32
    public let fileSize: Int
    private var position: Int
    private let end: Int

    /// The bytes of `path` from `start` to `end` (nil: to the end of the file).
    public init(path: String, from start: Int, to end: Int?) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RecordIOError.fromErrno(errno, path: path, doing: "open") }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let number = errno
            close(fd)
            throw RecordIOError.fromErrno(number, path: path, doing: "read")
        }
        descriptor = fd
        fileSize = Int(info.st_size)
        position = start
        self.end = min(end ?? fileSize, fileSize)
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let wanted = min(buffer.count, end - position)
        guard wanted > 0 else { return 0 }
        while true {
            let count = pread(descriptor, buffer.baseAddress, wanted, off_t(position))
            if count >= 0 {
                position += count
                return count
            }
            if errno == EINTR { continue }
            throw RecordIOError.fromErrno(errno, path: path, doing: "read")
        }
    }

    /// `count` bytes at `offset` (fewer at the end of the file).
    func bytes(at offset: Int, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let read = bytes.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + got, count - got, off_t(offset + got))
            }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { throw RecordIOError.fromErrno(errno, path: path, doing: "read") }
            if read == 0 { break }
            got += read
        }
        return Array(bytes.prefix(got))
    }
}
