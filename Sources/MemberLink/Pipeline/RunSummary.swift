/// What a run did, for the terminal, the exit code and `--json`.
public struct RunSummary: Sendable {
    /// One input file's totals.
    public struct FileSummary: Sendable {
        public var path: String
        public var records = 0
        public var attached = 0
        public var alreadyAttached = 0
        public var rejected = 0
        /// Set when the file was rejected whole (bad header, truncated gzip, malformed XML).
        public var rejectedWhole: String?
        /// Records by outcome code; codes no record has are absent.
        public var byCode: [OutcomeCode: Int] {
            var byCode: [OutcomeCode: Int] = [:]
            for code in OutcomeCode.allCases where counts[code.tallyIndex] > 0 {
                byCode[code] = counts[code.tallyIndex]
            }
            return byCode
        }
        /// The counts by ``OutcomeCode/tallyIndex``: counting a record is an array increment (a
        /// dictionary keyed by the code hashed its raw value, per record).
        private var counts = [Int](repeating: 0, count: OutcomeCode.allCases.count)

        public init(path: String) {
            self.path = path
        }

        mutating func count(_ code: OutcomeCode) {
            records += 1
            counts[code.tallyIndex] += 1
            switch code {
            case .attached: attached += 1
            case .alreadyAttached: alreadyAttached += 1
            default: rejected += 1
            }
        }
    }

    /// An inbox file whose content was processed before, skipped (and archived).
    public struct SkippedFile: Sendable {
        public var path: String
        /// The path the same content had when it was processed, and when.
        public var processedAs: String
        public var processedAt: String
    }

    public var pipeline: String
    public var outDirectory: String
    public var files: [FileSummary] = []
    public var skippedFiles: [SkippedFile] = []
    /// Whether outputs were published (not for a dry run, nor when there was nothing to process).
    public var published = false
    public var attachmentRequests = 0
    public var seconds = 0.0
    /// True when the rejected share exceeded the pipeline's `rejectThreshold`.
    public var thresholdExceeded = false

    public init(pipeline: String, outDirectory: String) {
        self.pipeline = pipeline
        self.outDirectory = outDirectory
    }

    public var records: Int { files.reduce(0) { $0 + $1.records } }
    public var attached: Int { files.reduce(0) { $0 + $1.attached } }
    public var alreadyAttached: Int { files.reduce(0) { $0 + $1.alreadyAttached } }
    public var rejected: Int { files.reduce(0) { $0 + $1.rejected } }
    public var rejectedFiles: [FileSummary] { files.filter { $0.rejectedWhole != nil } }

    /// 0 when the run finished; 65 when a file was unreadable or the reject threshold was exceeded.
    public var exitCode: Int32 {
        rejectedFiles.isEmpty && !thresholdExceeded ? 0 : MemberLinkError.Code.inputUnreadable.exitCode
    }
}
