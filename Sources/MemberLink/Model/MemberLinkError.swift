/// What stops a run or an input file: a code, the file it concerns, the line when there is one,
/// and a message that says what to do. Bad records are outcomes, never errors.
public struct MemberLinkError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure; each maps to one sysexits exit code (CONTRACT §5).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Kind: String, Sendable, Hashable {
            case usage, inputUnreadable, inputMissing, cannotCreateOutput, ioError, locked, configuration
            case interrupted, terminated
        }
        private let kind: Kind
        public var description: String { kind.rawValue }

        /// The command line is wrong (exit 64).
        public static let usage = Code(kind: .usage)
        /// An input file cannot be read as data: a bad header, truncated gzip, malformed XML (exit 65).
        public static let inputUnreadable = Code(kind: .inputUnreadable)
        /// An input file does not exist or cannot be opened (exit 66).
        public static let inputMissing = Code(kind: .inputMissing)
        /// An output folder or file cannot be created (exit 73).
        public static let cannotCreateOutput = Code(kind: .cannotCreateOutput)
        /// Reading or writing failed underneath (exit 74).
        public static let ioError = Code(kind: .ioError)
        /// Another run holds the pipeline's lock (exit 75).
        public static let locked = Code(kind: .locked)
        /// The pipeline file or a flag is wrong (exit 78).
        public static let configuration = Code(kind: .configuration)
        /// Stopped by SIGINT (exit 130, the shell's convention).
        public static let interrupted = Code(kind: .interrupted)
        /// Stopped by SIGTERM (exit 143).
        public static let terminated = Code(kind: .terminated)

        /// The sysexits code a process should exit with.
        public var exitCode: Int32 {
            switch kind {
            case .usage: 64
            case .inputUnreadable: 65
            case .inputMissing: 66
            case .cannotCreateOutput: 73
            case .ioError: 74
            case .locked: 75
            case .configuration: 78
            case .interrupted: 130
            case .terminated: 143
            }
        }
    }

    public var code: Code
    public var path: String
    public var line: Int?
    public var message: String

    public init(code: Code, path: String, line: Int? = nil, message: String) {
        self.code = code
        self.path = path
        self.line = line
        self.message = message
    }

    /// One line: `path:line: message`.
    public var description: String {
        if let line { return "\(path):\(line): \(message)" }
        return path.isEmpty ? message : "\(path): \(message)"
    }
}
