/// A member row the import skipped, with where it is and why (CONTRACT §1.3: a malformed member
/// row is reported with its line and skipped, never silently dropped).
public struct MemberImportIssue: Sendable, Hashable, CustomStringConvertible {
    /// Why a row was skipped, as a stable string (new reasons never break callers).
    public struct Reason: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case rowUnreadable, fieldCount, encoding, programmeMissing, ffnMissing, statusUnknown
            case documentMalformed, duplicateMember
        }
        private let kind: Kind
        public var description: String { kind.rawValue }

        /// The reader could not read the row (broken quoting, NUL, a row too large).
        public static let rowUnreadable = Reason(kind: .rowUnreadable)
        /// The row has more or fewer cells than the header.
        public static let fieldCount = Reason(kind: .fieldCount)
        /// A cell is not valid UTF-8.
        public static let encoding = Reason(kind: .encoding)
        /// `programme` is empty.
        public static let programmeMissing = Reason(kind: .programmeMissing)
        /// `ffn` is empty.
        public static let ffnMissing = Reason(kind: .ffnMissing)
        /// `status` is not `A`, `S`, `C` or `F`.
        public static let statusUnknown = Reason(kind: .statusUnknown)
        /// A `documents` item is not `TYPE:NUMBER:ISSUECOUNTRY`.
        public static let documentMalformed = Reason(kind: .documentMalformed)
        /// An earlier row already has the same programme and ffn; the first one is kept.
        public static let duplicateMember = Reason(kind: .duplicateMember)
    }

    /// The extract file as the user named it.
    public var file: String
    /// The 1-based line where the row starts.
    public var line: Int
    public var reason: Reason
    /// What is wrong and what to do, without personal data beyond the programme and ffn.
    public var message: String

    public init(file: String, line: Int, reason: Reason, message: String) {
        self.file = file
        self.line = line
        self.reason = reason
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
