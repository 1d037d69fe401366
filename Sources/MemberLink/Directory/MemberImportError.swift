/// An extract the import cannot use at all: the import stops and the directory keeps its previous
/// members. Row-level problems are ``MemberImportIssue``s instead.
public struct MemberImportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, as a stable string.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case headerMissing, headerColumnsMissing, headerColumnRepeated, headerUnreadable
        }
        private let kind: Kind
        public var description: String { kind.rawValue }

        /// The file is empty: it has no header row.
        public static let headerMissing = Code(kind: .headerMissing)
        /// The header lacks one or more extract columns.
        public static let headerColumnsMissing = Code(kind: .headerColumnsMissing)
        /// The header names a column twice.
        public static let headerColumnRepeated = Code(kind: .headerColumnRepeated)
        /// The header row itself is malformed or not UTF-8.
        public static let headerUnreadable = Code(kind: .headerUnreadable)
    }

    public var code: Code
    public var file: String
    public var line: Int
    public var message: String

    public init(code: Code, file: String, line: Int, message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
