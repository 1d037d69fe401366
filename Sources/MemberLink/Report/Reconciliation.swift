/// What a run read and what became of it: the content of `reconciliation.json` and
/// `reconciliation.html` (CONTRACT §4). Conservation: `in = attached + alreadyAttached + rejected`
/// (``balanced``); `RunOutputs.publish(_:)` re-checks it and writes nothing final when it fails.
public struct Reconciliation: Sendable, Hashable {
    /// One input file: as the user named it, its SHA-256, its size and how many records it held.
    public struct Input: Sendable, Hashable {
        public var path: String
        /// Lower-case hex SHA-256 of the file's bytes as stored (compressed, for `.gz`).
        public var sha256: String
        public var bytes: Int
        public var records: Int
        /// What became of the file's records (all zero for a file rejected whole); nil when not
        /// known, and then not written.
        public var outcomes: Records?

        public init(path: String, sha256: String, bytes: Int, records: Int, outcomes: Records? = nil) {
            self.path = path
            self.sha256 = sha256
            self.bytes = bytes
            self.records = records
            self.outcomes = outcomes
        }
    }

    /// Record counts over the files that were committed.
    public struct Records: Sendable, Hashable {
        public var `in`: Int
        public var attached: Int
        public var alreadyAttached: Int
        /// Every outcome other than ATTACHED and ALREADY_ATTACHED.
        public var rejected: Int

        public init(in: Int, attached: Int, alreadyAttached: Int, rejected: Int) {
            self.in = `in`
            self.attached = attached
            self.alreadyAttached = alreadyAttached
            self.rejected = rejected
        }

        /// No records.
        public static let zero = Records(in: 0, attached: 0, alreadyAttached: 0, rejected: 0)

        /// Counts one more record with this outcome.
        public mutating func count(_ code: OutcomeCode) {
            self.in += 1
            switch code {
            case .attached: attached += 1
            case .alreadyAttached: alreadyAttached += 1
            default: rejected += 1
            }
        }

        /// Adds another set of counts to these.
        public mutating func add(_ other: Records) {
            self.in += other.in
            attached += other.attached
            alreadyAttached += other.alreadyAttached
            rejected += other.rejected
        }
    }

    /// Add Membership requests written to `attachments.jsonl`, and the passengers they carry.
    public struct Attachments: Sendable, Hashable {
        public var requests: Int
        public var passengers: Int

        public init(requests: Int, passengers: Int) {
            self.requests = requests
            self.passengers = passengers
        }
    }

    /// An input file rejected whole (bad header, truncated gzip, malformed XML, a DOCTYPE).
    public struct RejectedFile: Sendable, Hashable {
        public var path: String
        public var reason: String

        public init(path: String, reason: String) {
            self.path = path
            self.reason = reason
        }
    }

    /// When the run started and finished (ISO 8601, UTC) and how long it took.
    public struct Timings: Sendable, Hashable {
        /// E.g. `2026-05-01T02:00:00Z`.
        public var startedAt: String
        public var finishedAt: String
        public var seconds: Double

        public init(startedAt: String, finishedAt: String, seconds: Double) {
            self.startedAt = startedAt
            self.finishedAt = finishedAt
            self.seconds = seconds
        }

        /// From two instants in seconds since 1970-01-01T00:00:00Z (e.g. `Date().timeIntervalSince1970`).
        public init(startedAtEpoch start: Double, finishedAtEpoch finish: Double) {
            self.init(
                startedAt: Self.iso8601(epochSeconds: start), finishedAt: Self.iso8601(epochSeconds: finish),
                seconds: max(0, finish - start))
        }

        /// `YYYY-MM-DDTHH:MM:SSZ` for an instant, whole seconds, proleptic Gregorian calendar, UTC;
        /// no Foundation formatter (days-from-civil, H. Hinnant's `civil_from_days`).
        public static func iso8601(epochSeconds: Double) -> String {
            let total = Int(epochSeconds.rounded(.down))
            let days = total >= 0 ? total / 86_400 : (total - 86_399) / 86_400
            let secondOfDay = total - days * 86_400
            let z = days + 719_468
            let era = (z >= 0 ? z : z - 146_096) / 146_097
            let dayOfEra = z - era * 146_097
            let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
            let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
            let mp = (5 * dayOfYear + 2) / 153
            let day = dayOfYear - (153 * mp + 2) / 5 + 1
            let month = mp < 10 ? mp + 3 : mp - 9
            let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
            func pad(_ value: Int, _ width: Int) -> String {
                let text = String(value)
                return String(repeating: "0", count: max(0, width - text.count)) + text
            }
            return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
                + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
        }
    }

    /// The run's id; with the timings, the only part of the outputs that differs between two runs
    /// of the same inputs.
    public var runId: String
    /// The pipeline's `name`.
    public var pipeline: String
    public var inputs: [Input]
    public var records: Records
    /// How many records got each outcome code; codes that did not occur may be left out or be 0
    /// (they are not written).
    public var byCode: [OutcomeCode: Int]
    public var attachments: Attachments
    public var rejectedFiles: [RejectedFile]
    public var timings: Timings
    /// Record counts per partner system, keyed by ``systemKey(_:)``: the record's `system` when it
    /// is a valid one (CONTRACT §1.1: 2–3 of `A`–`Z` `0`–`9`), else `""` (missing, malformed or an
    /// unreadable row), so that no other record value reaches the reports.
    public var bySystem: [String: Records]
    /// The figures of the previous run of the same pipeline, read from the `reconciliation.json`
    /// its output folder held before this run published; nil for a first run. Shown on the page
    /// only (rates then and now), not written to `reconciliation.json`.
    public var previous: PreviousRun?

    public init(
        runId: String, pipeline: String, inputs: [Input], records: Records, byCode: [OutcomeCode: Int],
        attachments: Attachments, rejectedFiles: [RejectedFile], timings: Timings,
        bySystem: [String: Records] = [:], previous: PreviousRun? = nil
    ) {
        self.runId = runId
        self.pipeline = pipeline
        self.inputs = inputs
        self.records = records
        self.byCode = byCode
        self.attachments = attachments
        self.rejectedFiles = rejectedFiles
        self.timings = timings
        self.bySystem = bySystem
        self.previous = previous
    }

    /// Conservation (CONTRACT §4): every record read ended in exactly one of the three counts.
    public var balanced: Bool {
        records.in == records.attached + records.alreadyAttached + records.rejected
    }

    /// The codes that occurred with their counts, sorted by code text (the order of `byCode` in
    /// `reconciliation.json` and of the HTML chart).
    public var occurredCodes: [(code: OutcomeCode, count: Int)] {
        byCode.filter { $0.value != 0 }.sorted { $0.key.rawValue < $1.key.rawValue }.map {
            (code: $0.key, count: $0.value)
        }
    }

    /// The ``bySystem`` key of a record's `system` value: itself when it is a valid system code
    /// (2–3 of `A`–`Z` `0`–`9`, CONTRACT §1.1), else `""`.
    public static func systemKey(_ system: String) -> String {
        ASCII.all(system, length: 2...3, ASCII.isUpperAlnum) ? system : ""
    }

    /// ``bySystem`` in report order: valid systems by code text, then `""` (no valid system) last.
    public var systemCounts: [(system: String, records: Records)] {
        bySystem.filter { $0.value.in != 0 }.sorted { lhs, rhs in
            if lhs.key.isEmpty != rhs.key.isEmpty { return !lhs.key.isEmpty }
            return lhs.key < rhs.key
        }.map { (system: $0.key, records: $0.value) }
    }
}
