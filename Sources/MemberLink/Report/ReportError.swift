/// A failure of the Report stage that is not an I/O error (those are `RecordIOError`s): the run's
/// counts do not balance, an input's rejects name is unusable, or the stage was driven out of
/// order. The message says what to do.
public struct ReportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, as a stable string (new codes never break callers).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case unbalanced, invalidRejectsName, outOfOrder
        }
        private let kind: Kind
        public var description: String { kind.rawValue }

        /// The reconciliation does not balance, or does not match the rows written: nothing final
        /// was written (CONTRACT §4 conservation).
        public static let unbalanced = Code(kind: .unbalanced)
        /// A `rejects/NAME` name is not a plain file name, or two CSV inputs share it.
        public static let invalidRejectsName = Code(kind: .invalidRejectsName)
        /// A method was called in the wrong state (e.g. `add` before `beginFile`): a bug in the caller.
        public static let outOfOrder = Code(kind: .outOfOrder)
    }

    public var code: Code
    /// The output folder or file concerned.
    public var path: String
    public var message: String

    public init(code: Code, path: String, message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "\(path): \(message)" }
}
