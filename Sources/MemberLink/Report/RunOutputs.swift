import RecordIO

/// Every output file of a run (CONTRACT §4), written atomically: `results.csv`,
/// `attachments.jsonl`, `errors.csv`, `errors.jsonl`, `reconciliation.json`,
/// `reconciliation.html` and `rejects/NAME`.
///
/// The pipeline drives it file by file, in input order:
/// ```swift
/// let outputs = try RunOutputs(directory: out, memberFields: MemberField.granted(by: scopes))
/// try outputs.beginFile(displayName: "in/a.csv", rejectsName: "a.csv", csvHeader: headerBytes)
/// try outputs.add(outcome, raw: rowBytes)            // once per record, in input order
/// try outputs.addAttachmentRequest(system: "VN", bookingCode: "ABC123", passengers: [...])
/// try outputs.commitFile()                           // or discardFile() when the file is rejected whole
/// try outputs.publish(reconciliation)                // counts from `records`, `byCode`, `bySystem`, `attachmentCounts`
/// ```
///
/// Until ``publish(_:)`` everything lives in temporary files (mode 0600, in the output folder):
/// no final name appears early, and a run that stops leaves only temporary files, which the next
/// run sweeps (their names start with `AtomicFileWriter.temporaryPrefix`).
///
/// One file, one transaction: each output's size is noted at ``beginFile(displayName:rejectsName:csvHeader:)``;
/// ``discardFile()`` truncates back to it, so rows are never held in memory and a rejected file
/// leaves no trace. (This replaces staging each file's rows in separate temporary files and
/// copying them at ``commitFile()``: same guarantee, half the writes.)
public final class RunOutputs {
    /// The output folder.
    public let directory: String
    private let memberFields: [MemberField]
    private let results: AtomicFileWriter
    private let attachments: AtomicFileWriter
    private let errorsCSV: AtomicFileWriter
    private let errorsJSONL: AtomicFileWriter
    /// Sealed `rejects/NAME` files of committed inputs, renamed at publish.
    private var pendingRejects: [AtomicFileWriter] = []
    private var rejectsNames: Set<String> = []
    private var current: OpenFile?
    private var line = OutputLine()
    private var committed = Tally()
    private var published = false

    /// Counts of what was written for a set of records.
    private struct Tally {
        var byCode: [OutcomeCode: Int] = [:]
        /// Keyed by `Reconciliation.systemKey(_:)`.
        var bySystem: [String: Reconciliation.Records] = [:]
        var requests = 0
        var passengers = 0
        /// Records counted by ``count(_:system:)`` and not yet in ``byCode`` and ``bySystem``
        /// (``settled()`` puts them there): by code, in `OutcomeCode.allCases` order, and by the
        /// system text the records give, for the few texts seen latest (a file gives a handful of
        /// systems, mixed or in runs). Two dictionary updates per record, with the system's key
        /// worked out and hashed each time, cost about 800 instructions; a run of one system at a
        /// time still cost 300 where systems alternate.
        private var unsettledByCode = [Int](repeating: 0, count: OutcomeCode.allCases.count)
        private var unsettledBySystem: [(system: String, records: Reconciliation.Records)] = []
        /// System texts counted apart before they are settled into ``bySystem``.
        private static let unsettledSystems = 16

        /// Counts one record written with `code`, of the system its record gives (as given).
        mutating func count(_ code: OutcomeCode, system: String) {
            unsettledByCode[code.tallyIndex] += 1
            for index in unsettledBySystem.indices where unsettledBySystem[index].system == system {
                unsettledBySystem[index].records.count(code)
                return
            }
            if unsettledBySystem.count == Self.unsettledSystems { settleSystems() }
            var records = Reconciliation.Records.zero
            records.count(code)
            unsettledBySystem.append((system, records))
        }

        private mutating func settleSystems() {
            for (system, records) in unsettledBySystem {
                bySystem[Reconciliation.systemKey(system), default: .zero].add(records)
            }
            unsettledBySystem.removeAll(keepingCapacity: true)
        }

        /// The same counts with every record counted in ``byCode`` and ``bySystem``.
        func settled() -> Tally {
            var tally = self
            tally.settleSystems()
            for (index, count) in unsettledByCode.enumerated() where count > 0 {
                tally.byCode[OutcomeCode.allCases[index], default: 0] += count
            }
            tally.unsettledByCode = [Int](repeating: 0, count: OutcomeCode.allCases.count)
            return tally
        }

        mutating func add(_ other: Tally) {
            let other = other.settled()
            byCode.merge(other.byCode, uniquingKeysWith: +)
            for (system, records) in other.bySystem { bySystem[system, default: .zero].add(records) }
            requests += other.requests
            passengers += other.passengers
        }
    }

    /// The input file between `beginFile` and `commitFile`/`discardFile`.
    private final class OpenFile {
        let displayName: String
        /// `displayName` as the rows write it.
        let sourceFile: EncodedSourceFile
        let rejectsName: String
        let csvHeader: [UInt8]?
        /// Each run output's size when the file began, to roll back to.
        let marks: [Int64]
        var tally = Tally()
        var rejects: AtomicFileWriter?

        init(displayName: String, rejectsName: String, csvHeader: [UInt8]?, marks: [Int64]) {
            self.displayName = displayName
            sourceFile = EncodedSourceFile(displayName)
            self.rejectsName = rejectsName
            self.csvHeader = csvHeader
            self.marks = marks
        }
    }

    /// Creates the output folder (0700) if needed; writes temp files only; nothing final appears before publish.
    ///
    /// - Parameters:
    ///   - directory: the run's output folder; missing parents are created too.
    ///   - memberFields: the granted member fields, in `results.csv` column order
    ///     (``MemberField/granted(by:)``).
    public init(directory: String, memberFields: [MemberField]) throws {
        self.directory = directory
        self.memberFields = memberFields
        try AtomicFileWriter.makeDirectory(atPath: directory)
        results = try AtomicFileWriter(path: "\(directory)/results.csv")
        attachments = try AtomicFileWriter(path: "\(directory)/attachments.jsonl")
        errorsCSV = try AtomicFileWriter(path: "\(directory)/errors.csv")
        errorsJSONL = try AtomicFileWriter(path: "\(directory)/errors.jsonl")

        var header = Self.resultsHeader
        for field in memberFields { header += ",member.\(field.rawValue)" }
        try results.write(header + "\n")
        try errorsCSV.write(Self.errorsHeader + "\n")
    }

    /// The `results.csv` columns before the `member.FIELD` ones (CONTRACT §4).
    public static let resultsHeader =
        "sourceFile,sourceLine,system,bookingCode,passengerId,index,outcome,resolvedBy,airline,membershipId,level,skyTeamLevel"
    /// The `errors.csv` columns (CONTRACT §4).
    public static let errorsHeader =
        "sourceFile,sourceLine,system,bookingCode,passengerId,index,code,childCodes,paths,message"

    // MARK: Counts of the committed files, for the reconciliation

    /// Records of committed files: `in` is their sum, `rejected` every code but ATTACHED and ALREADY_ATTACHED.
    public var records: Reconciliation.Records {
        var attached = 0
        var alreadyAttached = 0
        var rejected = 0
        for (code, count) in committed.byCode {
            switch code {
            case .attached: attached += count
            case .alreadyAttached: alreadyAttached += count
            default: rejected += count
            }
        }
        return Reconciliation.Records(
            in: attached + alreadyAttached + rejected, attached: attached, alreadyAttached: alreadyAttached,
            rejected: rejected)
    }

    /// Records of committed files per outcome code (codes that occurred only).
    public var byCode: [OutcomeCode: Int] { committed.byCode }

    /// Records of committed files per partner system, keyed by ``Reconciliation/systemKey(_:)``.
    public var bySystem: [String: Reconciliation.Records] { committed.bySystem }

    /// Add Membership requests written for committed files, and their passengers.
    public var attachmentCounts: Reconciliation.Attachments {
        Reconciliation.Attachments(requests: committed.requests, passengers: committed.passengers)
    }

    // MARK: Driving

    /// Starts an input file. `displayName` is the path as the user gave it (sourceFile column).
    /// `csvHeader` is the exact bytes of a CSV input's header line (with its line ending), nil for XML.
    ///
    /// `rejectsName` is the file name under `rejects/` for a CSV input's rejected records: a plain
    /// name (no `/`), different for every CSV input of the run.
    public func beginFile(displayName: String, rejectsName: String, csvHeader: [UInt8]?) throws {
        guard current == nil else {
            throw outOfOrder(
                "beginFile(\(displayName)) while \(current!.displayName) is still open; call commitFile() or discardFile() first"
            )
        }
        try checkOpenForWriting()
        if csvHeader != nil {
            guard !rejectsName.isEmpty, rejectsName != ".", rejectsName != "..", !rejectsName.contains("/"),
                !rejectsName.utf8.contains(0), !rejectsName.hasPrefix(AtomicFileWriter.temporaryPrefix)
            else {
                throw ReportError(
                    code: .invalidRejectsName, path: "\(directory)/rejects",
                    message: "'\(rejectsName)' for \(displayName) is not a plain file name; pass the input's base name")
            }
            guard rejectsNames.insert(rejectsName).inserted else {
                throw ReportError(
                    code: .invalidRejectsName, path: "\(directory)/rejects/\(rejectsName)",
                    message:
                        "\(displayName) would share rejects/\(rejectsName) with an earlier input; give each input a distinct rejects name"
                )
            }
        }
        current = OpenFile(
            displayName: displayName, rejectsName: rejectsName, csvHeader: csvHeader,
            marks: [results.size, attachments.size, errorsCSV.size, errorsJSONL.size])
    }

    /// One record's outcome, called in input order. `raw` = the exact bytes of a CSV record (for rejects/NAME).
    ///
    /// ATTACHED and ALREADY_ATTACHED go to `results.csv`; every other outcome to `errors.csv`,
    /// `errors.jsonl` and, for a CSV input, `rejects/NAME`.
    public func add(_ record: RecordOutcome, raw: [UInt8]?) throws {
        guard let file = current else { throw outOfOrder("add(_:raw:) without beginFile; call beginFile first") }
        let code = record.outcome.code
        line.reset()
        if code.isSuccess {
            line.resultRow(record, sourceFile: file.sourceFile, memberFields: memberFields)
            try line.withBytes { try results.write($0) }
        } else {
            line.errorRow(record, sourceFile: file.sourceFile)
            try line.withBytes { try errorsCSV.write($0) }
            line.reset()
            line.errorJSONLine(record, sourceFile: file.sourceFile)
            try line.withBytes { try errorsJSONL.write($0) }
            if let header = file.csvHeader, let raw {
                // CONTRACT §4 asks for rejected records "byte for byte", and also that a card
                // number is "never written anywhere". Where they conflict, the card rule wins: the
                // bytes are copied as they were except card-number runs, starred to the same
                // length (a partner resubmitting such a row must re-enter that value anyway).
                try rejectsWriter(for: file, header: header).write(CardNumberGuard.redact(raw))
            }
        }
        file.tally.count(code, system: record.system)
    }

    /// One Add Membership request body for one booking with NEW attachments (ATTACHED only), passengers
    /// already in index order. A request without passengers is not written.
    public func addAttachmentRequest(system: String, bookingCode: String, passengers: [AttachmentLine.Passenger]) throws
    {
        guard let file = current else {
            throw outOfOrder("addAttachmentRequest without beginFile; call beginFile first")
        }
        guard !passengers.isEmpty else { return }
        line.reset()
        line.jsonLine(AttachmentLine(system: system, bookingCode: bookingCode, passengers: passengers))
        try line.withBytes { try attachments.write($0) }
        file.tally.requests += 1
        file.tally.passengers += passengers.count
    }

    /// The current file's rows become part of the run's outputs (one file, one transaction).
    public func commitFile() throws {
        guard let file = current else { throw outOfOrder("commitFile without beginFile") }
        if let rejects = file.rejects {
            // Flushed and closed: no descriptor held per input until the publication, which syncs
            // it with the other outputs while the ledger merge runs, instead of stopping the run
            // here to wait for the disk (0.27 s at the end of a 1M run, `Benchmarks/README.md`).
            try rejects.close()
            pendingRejects.append(rejects)
            file.rejects = nil
        }
        committed.add(file.tally)
        current = nil
    }

    /// True between ``beginFile(displayName:rejectsName:csvHeader:)`` and its commit or discard.
    public var hasOpenFile: Bool { current != nil }

    /// The current file was rejected whole: none of its rows appear anywhere.
    public func discardFile() throws {
        guard let file = current else { throw outOfOrder("discardFile without beginFile") }
        current = nil
        file.rejects?.abandon()
        file.rejects = nil
        let writers = [results, attachments, errorsCSV, errorsJSONL]
        for (writer, mark) in zip(writers, file.marks) { try writer.truncate(to: mark) }
    }

    /// Writes reconciliation.json and .html, and atomically publishes every output file.
    ///
    /// First re-checks conservation (CONTRACT §4): `in = attached + alreadyAttached + rejected`,
    /// and the reconciliation's `records`, `byCode`, `bySystem` and `attachments` equal the rows actually
    /// written for the committed files. If not, throws ``ReportError/Code/unbalanced`` and no
    /// final file appears. Each file then appears whole under its name; `reconciliation.json`
    /// comes last, so its presence means the run's outputs are complete.
    public func publish(_ reconciliation: Reconciliation) throws {
        if let file = current {
            throw outOfOrder(
                "publish while \(file.displayName) is still open; call commitFile() or discardFile() first")
        }
        try checkOpenForWriting()
        try checkConservation(reconciliation)

        let json = try AtomicFileWriter(path: "\(directory)/reconciliation.json")
        let html = try AtomicFileWriter(path: "\(directory)/reconciliation.html")
        try json.write(reconciliation.jsonBytes)
        try html.write(reconciliation.htmlBytes)

        let ordered = [results, attachments, errorsCSV, errorsJSONL] + pendingRejects + [html, json]
        for writer in ordered { try writer.seal() }  // every byte on disk before any name appears
        for writer in ordered { try writer.commit() }
        pendingRejects = []
        published = true
    }

    // MARK: Private

    private func checkConservation(_ reconciliation: Reconciliation) throws {
        let records = reconciliation.records
        guard reconciliation.balanced else {
            throw ReportError(
                code: .unbalanced, path: directory,
                message: "the run does not balance: \(records.in) records in, but \(records.attached) attached + "
                    + "\(records.alreadyAttached) already attached + \(records.rejected) rejected = "
                    + "\(records.attached + records.alreadyAttached + records.rejected); no output was published, "
                    + "report this as a bug with the input files")
        }
        var mismatches: [String] = []
        let written = self.records
        if records != written {
            mismatches.append(
                "records in/attached/alreadyAttached/rejected \(records.in)/\(records.attached)/\(records.alreadyAttached)/"
                    + "\(records.rejected) but rows written \(written.in)/\(written.attached)/\(written.alreadyAttached)/\(written.rejected)"
            )
        }
        if reconciliation.byCode.filter({ $0.value != 0 }) != committed.byCode {
            mismatches.append("byCode differs from the rows written")
        }
        if reconciliation.bySystem.filter({ $0.value.in != 0 }) != committed.bySystem {
            mismatches.append("bySystem differs from the rows written")
        }
        if reconciliation.attachments != attachmentCounts {
            mismatches.append(
                "attachments \(reconciliation.attachments.requests)/\(reconciliation.attachments.passengers) "
                    + "but written \(committed.requests)/\(committed.passengers)")
        }
        guard mismatches.isEmpty else {
            throw ReportError(
                code: .unbalanced, path: directory,
                message: "the reconciliation does not match the outputs (\(mismatches.joined(separator: "; "))); "
                    + "no output was published, report this as a bug with the input files")
        }
    }

    private func checkOpenForWriting() throws {
        guard !published else { throw outOfOrder("the outputs were already published; start a new RunOutputs") }
    }

    private func rejectsWriter(for file: OpenFile, header: [UInt8]) throws -> AtomicFileWriter {
        if let writer = file.rejects { return writer }
        let folder = "\(directory)/rejects"
        try AtomicFileWriter.makeDirectory(atPath: folder)
        let writer = try AtomicFileWriter(path: "\(folder)/\(file.rejectsName)")
        try writer.write(CardNumberGuard.redact(header))
        file.rejects = writer
        return writer
    }

    private func outOfOrder(_ message: String) -> ReportError {
        ReportError(code: .outOfOrder, path: directory, message: message)
    }
}

extension OutcomeCode {
    /// The code's place in `allCases`, without searching it.
    var tallyIndex: Int {
        switch self {
        case .recordMalformed: 0
        case .dataInvalid: 1
        case .duplicateMembership: 2
        case .membershipNotFound: 3
        case .membershipInactive: 4
        case .memberAmbiguous: 5
        case .memberMismatch: 6
        case .attached: 7
        case .alreadyAttached: 8
        }
    }
}
