/// A failure to read or write bytes: what went wrong (`code`), the file, how far it got, and a
/// message that says what to do. Thrown only for what stops a file or a run; a broken record is a
/// value (``CSVRow/problem``), not an error.
public struct RecordIOError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, as a stable string (new codes never break callers).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case fileNotFound, permissionDenied, ioError, gzipTruncated, gzipCorrupt, sizeLimitExceeded
            case xmlMalformed, xmlForbidden, cannotCreate, damaged
        }
        private let kind: Kind
        public var description: String { kind.rawValue }

        /// The file does not exist.
        public static let fileNotFound = Code(kind: .fileNotFound)
        /// The file exists but may not be read or written.
        public static let permissionDenied = Code(kind: .permissionDenied)
        /// The operating system reported a read, write or sync failure.
        public static let ioError = Code(kind: .ioError)
        /// A gzip stream ended before its end marker.
        public static let gzipTruncated = Code(kind: .gzipTruncated)
        /// A gzip stream is damaged, or followed by bytes that are not gzip.
        public static let gzipCorrupt = Code(kind: .gzipCorrupt)
        /// Decompressed data or a single XML construct exceeded its cap.
        public static let sizeLimitExceeded = Code(kind: .sizeLimitExceeded)
        /// The XML is not well-formed.
        public static let xmlMalformed = Code(kind: .xmlMalformed)
        /// The XML uses something partner files must not (a DOCTYPE, an entity reference).
        public static let xmlForbidden = Code(kind: .xmlForbidden)
        /// An output file or folder could not be created.
        public static let cannotCreate = Code(kind: .cannotCreate)
        /// A file MemberLink wrote (a member lookup file) does not hold what it wrote.
        public static let damaged = Code(kind: .damaged)
    }

    public var code: Code
    public var path: String
    /// The 1-based line, when the failure has one.
    public var line: Int?
    public var message: String

    public init(code: Code, path: String, line: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return "\(path): \(message)"
    }
}
