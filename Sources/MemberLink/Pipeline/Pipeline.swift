internal import Foundation
public import Logging
internal import RecordIO

/// Wires the stages for one run of a pipeline: Ingest → Validate → Resolve → Report, input file by
/// input file, each file one transaction (CONTRACT §4).
///
/// Only what stops the run is thrown (bad configuration, a missing input, an unusable directory or
/// output folder). A file that cannot be read to its end is rejected whole and the run goes on.
public final class Pipeline {
    public let configuration: PipelineConfiguration
    private let logger: Logger
    private let options: RunOptions

    public init(configuration: PipelineConfiguration, logger: Logger, options: RunOptions = RunOptions()) {
        self.configuration = configuration
        self.logger = logger
        self.options = options
    }

    /// Runs every input of the pipeline and publishes the outputs.
    /// - Throws: ``MemberLinkError`` for what stops the run (its code gives the exit code).
    public func run() throws -> RunSummary {
        do {
            return try runStages()
        } catch {
            throw MemberLinkError.wrapping(error)
        }
    }

    private func runStages() throws -> RunSummary {
        let started = Date()
        try configuration.validateScopes(line: nil)
        guard !configuration.inputs.isEmpty else {
            throw MemberLinkError(
                code: .usage, path: configuration.sourcePath,
                message:
                    "no input files: list files, folders or patterns under 'inputs' in the pipeline, or pass --input")
        }
        let discovered = try InputDiscovery.expand(configuration.inputs)
        guard FileManager.default.fileExists(atPath: configuration.directoryPath) else {
            throw MemberLinkError(
                code: .inputMissing, path: configuration.directoryPath,
                message: "no member directory here; load one with 'memberlink members import EXTRACT --directory "
                    + "\(configuration.directoryPath)'")
        }
        var summary = RunSummary(pipeline: configuration.name, outDirectory: configuration.outDirectory)
        guard !discovered.isEmpty else { return summary }  // an empty inbox: nothing to do, outputs untouched

        let lock = try RunLock.acquire(
            pipeline: configuration.name, directoryPath: configuration.directoryPath, started: started)
        defer { withExtendedLifetime(lock) {} }
        Self.sweepTemporaryFiles(in: configuration.outDirectory)
        if let quarantine = configuration.quarantineDirectory { Self.sweepTemporaryFiles(in: quarantine) }
        let directory = try MemberDirectory(path: configuration.directoryPath)
        try directory.limitLookups(to: MemberField.granted(by: configuration.scopes))
        // This connection reads the ledger and writes it at the end; members are looked up on the
        // second one, which keeps the default cache (memory stays under 256 MB: Benchmarks/README.md).
        try directory.limitMemory(cacheKiB: 8 * 1024, mmapBytes: 0)
        // A second connection finds members on the finding thread (ReadAhead).
        let lookups = try MemberDirectory(path: configuration.directoryPath)
        try lookups.limitLookups(to: MemberField.granted(by: configuration.scopes))
        // A dry run writes its outputs into a private folder that is removed at the end.
        let outDirectory =
            options.dryRun
            ? (NSTemporaryDirectory() as NSString).appendingPathComponent("memberlink-dry-run-\(UUID().uuidString)")
            : configuration.outDirectory
        defer { if options.dryRun { try? FileManager.default.removeItem(atPath: outDirectory) } }
        let outputs = try RunOutputs(
            directory: outDirectory, memberFields: MemberField.granted(by: configuration.scopes))
        let processor = InputFileProcessor(
            configuration: configuration,
            validator: RecordValidator(programmes: configuration.programmes, strategy: configuration.strategy),
            bookings: BookingProcessor(
                resolver: BookingResolver(
                    directory: directory, strategy: configuration.strategy,
                    defaultProgramme: configuration.defaultProgramme, matchName: configuration.matchName)),
            directory: directory,
            finder: MemberFinder(
                directory: lookups, strategy: configuration.strategy, defaultProgramme: configuration.defaultProgramme),
            logger: logger, options: options)
        try directory.openStage(pipeline: configuration.name)
        defer { directory.discardStage() }  // a no-op once the stage is committed

        var inputs: [Reconciliation.Input] = []
        var rejectedFiles: [Reconciliation.RejectedFile] = []
        var rejectsNames: Set<String> = []
        var processedPaths: [String] = []
        var quarantined: [(path: String, reason: String)] = []
        for (position, input) in discovered.enumerated() {
            let path = input.path
            var fileSummary = RunSummary.FileSummary(path: path)
            do {
                let scan = try processor.scan(path: path, displayName: path)
                if input.fromInbox,
                    let earlier = try directory.processedFile(pipeline: configuration.name, sha256: scan.sha256)
                {
                    summary.skippedFiles.append(
                        RunSummary.SkippedFile(path: path, processedAs: earlier.path, processedAt: earlier.processedAt))
                    processedPaths.append(path)
                    continue
                }
                try directory.beginFile(laterFilesFollow: position < discovered.count - 1)
                do {
                    let result = try processor.process(
                        path: path, displayName: path,
                        rejectsName: InputFileProcessor.rejectsName(path, taken: &rejectsNames), scan: scan,
                        outputs: outputs)
                    if input.fromInbox {
                        try directory.stageProcessedFile(
                            pipeline: configuration.name, sha256: scan.sha256, path: path, records: scan.records,
                            processedAt: Reconciliation.Timings.iso8601(epochSeconds: started.timeIntervalSince1970))
                    }
                    try outputs.commitFile()
                    try directory.endFile(committed: true)
                    fileSummary = result.summary
                    summary.attachmentRequests += result.attachmentRequests
                    inputs.append(
                        Reconciliation.Input(
                            path: path, sha256: scan.sha256, bytes: scan.bytes, records: scan.records,
                            outcomes: Reconciliation.Records(
                                in: fileSummary.records, attached: fileSummary.attached,
                                alreadyAttached: fileSummary.alreadyAttached, rejected: fileSummary.rejected)))
                    processedPaths.append(path)
                } catch {
                    if outputs.hasOpenFile { try outputs.discardFile() }
                    try directory.endFile(committed: false)
                    throw error
                }
            } catch let error where Self.rejectsFileWhole(error) {
                let (sha256, bytes) = try Self.digest(path)
                if input.fromInbox,
                    let earlier = try directory.processedFile(pipeline: configuration.name, sha256: sha256),
                    let reason = earlier.rejectedReason
                {
                    // Rejected before (the run was stopped before it could quarantine the file):
                    // quarantine it now, and leave the outputs of that run as they are.
                    summary.skippedFiles.append(
                        RunSummary.SkippedFile(path: path, processedAs: earlier.path, processedAt: earlier.processedAt))
                    quarantined.append((path, reason))
                    continue
                }
                let reason = "\(error)"
                fileSummary.rejectedWhole = reason
                inputs.append(Reconciliation.Input(path: path, sha256: sha256, bytes: bytes, records: 0))
                rejectedFiles.append(Reconciliation.RejectedFile(path: path, reason: reason))
                quarantined.append((path, reason))
                if input.fromInbox {
                    try directory.stageProcessedFile(
                        pipeline: configuration.name, sha256: sha256, path: path, records: 0,
                        processedAt: Reconciliation.Timings.iso8601(epochSeconds: started.timeIntervalSince1970),
                        rejectedReason: reason)
                }
                // The command line reports it on stderr; the log has it for structured logging.
                logger.info("input rejected whole", metadata: ["file": "\(path)", "reason": "\(reason)"])
            }
            summary.files.append(fileSummary)
        }

        let mover = InputMover(archive: configuration.archiveDirectory, quarantine: configuration.quarantineDirectory)
        guard !summary.files.isEmpty else {
            // Every file was processed before (a rerun over the inbox): a no-op, outputs untouched.
            if !options.dryRun {
                for path in processedPaths { try mover.archive(path) }
                for file in quarantined { try mover.quarantine(file.path, reason: file.reason) }
            }
            return summary
        }
        let rejectedShare = summary.records == 0 ? 0 : Double(summary.rejected) / Double(summary.records)
        if let threshold = configuration.rejectThreshold, rejectedShare > threshold {
            summary.thresholdExceeded = true
        }
        let finished = Date()
        summary.seconds = finished.timeIntervalSince(started)
        // The ledger records the run's attachments (and processed inbox files) only once the
        // outputs are published; then the inputs leave the inbox (RELIABILITY.md's order). The
        // merge is written meanwhile, on another thread, and committed after the publication.
        let merge = options.dryRun ? nil : LedgerMergeBehind(directory: directory)
        do {
            // The previous run's figures, for the page's rates then and now: read from the
            // pipeline's own output folder (a dry run's folder is a fresh one) before this run
            // replaces them.
            let previous = Reconciliation.PreviousRun.read(
                folder: configuration.outDirectory, pipeline: configuration.name)
            try outputs.publish(
                Reconciliation(
                    runId: UUID().uuidString.lowercased(), pipeline: configuration.name, inputs: inputs,
                    records: outputs.records, byCode: outputs.byCode, attachments: outputs.attachmentCounts,
                    rejectedFiles: rejectedFiles,
                    timings: Reconciliation.Timings(
                        startedAtEpoch: started.timeIntervalSince1970, finishedAtEpoch: finished.timeIntervalSince1970),
                    bySystem: outputs.bySystem, previous: previous))
        } catch {
            merge?.abandon()
            throw error
        }
        summary.published = !options.dryRun
        guard let merge else { return summary }
        try merge.commit()
        for path in processedPaths { try mover.archive(path) }
        for file in quarantined { try mover.quarantine(file.path, reason: file.reason) }
        return summary
    }
}

extension Pipeline {
    /// Errors that mean a file's content is unusable (a bad header, truncated gzip, malformed XML),
    /// as opposed to the machine failing: the file is rejected whole and the run goes on.
    static func rejectsFileWhole(_ error: any Error) -> Bool {
        if let error = error as? MemberLinkError { return error.code == .inputUnreadable }
        if let error = error as? RecordIOError {
            return [.gzipTruncated, .gzipCorrupt, .sizeLimitExceeded, .xmlMalformed, .xmlForbidden].contains(error.code)
        }
        return false
    }

    /// Removes temporary files a killed run left in the output folder. Only ever called with the
    /// pipeline's lock held, so no live run's files are touched.
    static func sweepTemporaryFiles(in folder: String) {
        for subfolder in [folder, (folder as NSString).appendingPathComponent("rejects")] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: subfolder)) ?? []
            for name in names where name.hasPrefix(AtomicFileWriter.temporaryPrefix) {
                try? FileManager.default.removeItem(atPath: (subfolder as NSString).appendingPathComponent(name))
            }
        }
    }

    /// SHA-256 and size of a file as it is on disk (for inputs rejected whole).
    static func digest(_ path: String) throws -> (sha256: String, bytes: Int) {
        let file = try FileByteSource(path: path)
        var digest = SHA256()
        var bytes = 0
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            if count == 0 { break }
            bytes += count
            digest.update(UnsafeRawBufferPointer(rebasing: buffer[..<count]))
        }
        return (digest.finalize(), bytes)
    }
}
