internal import Foundation
internal import Logging
internal import RecordIO

/// Runs one partner file (CSV or XML) through the stages as one transaction (CONTRACT §4).
///
/// Two passes over the file keep memory bounded while bookings may be spread anywhere in it:
/// the first pass checks the header, reads the file to its end (a truncated gzip file is found
/// here, before anything is committed), counts records, computes the SHA-256, and notes each
/// booking's last record; the second pass validates each record as it comes, holds a booking's
/// records until its last one arrives, decides the booking, and hands outcomes on in input order.
struct InputFileProcessor {
    let configuration: PipelineConfiguration
    let validator: RecordValidator
    let bookings: BookingProcessor
    let directory: MemberDirectory
    /// Step 4 on a finding thread of ``ReadAhead``, with its own connection to the directory; nil
    /// to do it while deciding bookings.
    let finder: MemberFinder?
    let logger: Logger
    let options: RunOptions

    /// Reports progress and honours a stop request every 4,096 records.
    private func checkpoint(_ done: Int, total: Int, file: String, pass: RunProgress.Pass) throws {
        guard done & 4095 == 0 else { return }
        try options.cancellation?.check()
        options.progress?(RunProgress(file: file, pass: pass, recordsDone: done, recordsTotal: total))
    }

    /// What the file produced, ready to be committed.
    struct Result {
        var summary: RunSummary.FileSummary
        var scan: BookingScan
        var attachmentRequests: Int
    }

    /// First pass: the header, the booking map, size and checksum. Throws when the file cannot be
    /// read to its end, so that nothing of it is committed.
    func scan(path: String, displayName: String) throws -> BookingScan {
        var scan = BookingScan()
        // The checksum is computed on a thread of its own, from copies of the chunks read.
        let checksum = ChecksumBehind()
        defer { checksum.stop() }
        let source = try InputFile.open(path: path, maxDecompressedBytes: configuration.maxDecompressedBytes) { bytes in
            checksum.update(bytes)
        }
        // In this pass nothing else runs: XML is parsed on a second thread.
        let reader = try BookingRowReaders.make(
            format: configuration.format, source: source, displayName: displayName, csv: configuration.csv,
            parseAhead: true)
        var lastRecords = LastRecordFinder()
        // Once the file has records enough, the lookup tables are read into memory on the core this
        // pass leaves free, instead of by the finding thread in the second pass, whose threads would
        // wait for it (about 0.15 s at 1M members).
        let prepareAt = try finder?.recordsWorthPreparingLookups()
        var preparing: LookupPreparation?
        defer { preparing?.wait() }
        while let row = try reader.skim() {
            scan.records += 1
            try checkpoint(scan.records, total: 0, file: displayName, pass: .scanning)
            if let fingerprint = row.bookingFingerprint { try lastRecords.note(fingerprint, sequence: row.sequence) }
            if scan.records == prepareAt, let finder { preparing = LookupPreparation(finder) }
        }
        scan.lastRecords = try lastRecords.lastRecords()
        try preparing?.finish()
        scan.sha256 = checksum.finalize()
        scan.bytes = try fileSize(path)
        return scan
    }

    /// Second pass: every record to exactly one outcome, written to `outputs` in input order.
    ///
    /// Four threads share the work (``ReadAhead``'s two, this one, ``WriteBehind``): reading and
    /// validating records, finding their members, deciding bookings against the directory, and
    /// writing the outputs. Each hands the next one its records in input order, so the outputs are
    /// the same bytes as on one thread.
    func process(path: String, displayName: String, rejectsName: String, scan: BookingScan, outputs: RunOutputs) throws
        -> Result
    {
        let source = try InputFile.open(path: path, maxDecompressedBytes: configuration.maxDecompressedBytes)
        // XML is parsed on threads of its own here too: on XML the read-ahead thread is the busiest.
        // Nothing needs this pass's bytes in order (the checksum is the first pass's), so a large
        // plain file is parsed by two parsers at once.
        let reader = try BookingRowReaders.make(
            format: configuration.format, source: source, displayName: displayName, csv: configuration.csv,
            parseAhead: true, splitPath: path)
        try outputs.beginFile(displayName: displayName, rejectsName: rejectsName, csvHeader: reader.headerRaw)

        // Every lookup of a file sees one snapshot of the directory.
        try finder?.directory.beginSnapshot()
        defer { finder?.directory.endSnapshot() }
        let readAhead = ReadAhead(reader: reader, validator: validator, finder: finder)
        defer { readAhead.stop() }
        let writeBehind = WriteBehind(
            outputs: outputs, directory: directory.hasStage ? directory : nil,
            summary: RunSummary.FileSummary(path: displayName))
        defer { writeBehind.stop() }

        var window = BookingWindow(lastRecords: scan.lastRecords)
        var emitter = OrderedEmitter<Finished>()

        func finish(_ entries: inout [BookingWindow.Entry]) throws {
            var (outcomes, newAttachments) = try bookings.decide(entries)
            // Records are read where they lie in `entries`, not copied out. A booking's records
            // give the same booking code (``BookingKey``), mostly in the same bytes: upper-cased
            // once for those, and on its own for a record that spells it otherwise (another case,
            // another Unicode form of the same text), as that record gave it.
            let firstCode = entries[0].record[.bookingCode]
            let bookingCode = firstCode.uppercasedASCIIFast
            func keyBookingCode(_ position: Int) -> String {
                let code = entries[position].record[.bookingCode]
                return code.hasSameUTF8(as: firstCode) ? bookingCode : code.uppercasedASCIIFast
            }
            var request: AttachmentRequest?
            if !newAttachments.isEmpty {
                // The request's passengers and the ledger's entries in one pass, each membership
                // read out of its outcome once.
                var passengers: [AttachmentLine.Passenger] = []
                var ledgerEntries: [LedgerEntry] = []
                passengers.reserveCapacity(newAttachments.count)
                ledgerEntries.reserveCapacity(newAttachments.count)
                for position in newAttachments {
                    let membership = outcomes[position].membership!
                    let passengerId = entries[position].record[.passengerId]
                    ledgerEntries.append(
                        LedgerEntry(
                            system: entries[position].record[.system], bookingCode: keyBookingCode(position),
                            passengerId: passengerId, airline: membership.airline,
                            membershipId: membership.membershipId))
                    passengers.append(
                        AttachmentLine.Passenger(
                            index: Int(entries[position].record[.index]) ?? 0, passengerId: passengerId,
                            membership: membership))
                }
                request = AttachmentRequest(
                    system: entries[0].record[.system], bookingCode: bookingCode, passengers: passengers)
                // With a stage, the write-behind thread stages them (WriteBehind).
                if directory.hasStage {
                    request?.ledgerEntries = ledgerEntries
                } else {
                    try directory.stageAttachments(ledgerEntries)
                }
            }
            // Each outcome and raw row moved into its record, not copied: a count up and down less
            // for each of their arrays and strings.
            outcomes.withUnsafeMutableBufferPointer { $0.reverse() }
            for position in entries.indices {
                var raw: [UInt8] = []
                swap(&raw, &entries[position].raw)
                try emitter.put(
                    Finished(
                        record: RecordOutcome(
                            location: entries[position].record.location, sequence: entries[position].record.sequence,
                            system: entries[position].record[.system], bookingCode: keyBookingCode(position),
                            passengerId: entries[position].record[.passengerId],
                            index: entries[position].record[.index],
                            outcome: outcomes.popLast()!),
                        raw: consume raw, attachmentRequest: position == 0 ? request.take() : nil),
                    // A closure, not `writeBehind.add`: the method's partial application retained
                    // the write-behind object for every record, a count its thread shares.
                    at: entries[position].record.sequence, release: { try writeBehind.add($0) })
            }
        }

        var read = 0
        while var items = try readAhead.next() {
            // Each item's entry or row moved out of it where it lies in the batch, not copied: a
            // record's strings are retained once, and the batch is not reversed to be popped (a
            // move of every item twice).
            for index in items.indices {
                read += 1
                try checkpoint(read, total: scan.records, file: displayName, pass: .processing)
                if items[index].entry != nil {
                    // Taken straight into the window: through a `let` it was copied.
                    if var complete = window.add(items[index].entry.take()!) { try finish(&complete) }
                } else {
                    let malformed = items[index].malformed.take()!  // an item is one or the other
                    try emitter.put(
                        Finished(
                            record: RecordOutcome(
                                location: malformed.location, sequence: malformed.sequence, system: "", bookingCode: "",
                                passengerId: "", index: "",
                                outcome: .recordMalformed(reason: malformed.reason, location: malformed.location)),
                            raw: malformed.raw, attachmentRequest: nil),
                        at: malformed.sequence, release: { try writeBehind.add($0) })
                }
            }
        }
        for var remaining in window.removeRemaining() { try finish(&remaining) }
        try emitter.drain(writeBehind.add)
        let (summary, attachmentRequests) = try writeBehind.finish()
        guard emitter.waiting == 0, summary.records == scan.records else {
            throw MemberLinkError(
                code: .inputUnreadable, path: displayName,
                message: "the file changed while it was being read (\(scan.records) records, then \(summary.records)); "
                    + "deliver files complete, e.g. by renaming them into the inbox")
        }
        return Result(summary: summary, scan: scan, attachmentRequests: attachmentRequests)
    }

    /// `rejects/NAME`: the input's file name without a `.gz` ending (the rejected records are
    /// written uncompressed); when an earlier input of the run already has that name, `2-NAME`,
    /// `3-NAME` and so on, in input order.
    static func rejectsName(_ displayName: String, taken: inout Set<String>) -> String {
        var name = (displayName as NSString).lastPathComponent
        if name.lowercased().hasSuffix(".gz") { name = String(name.dropLast(3)) }
        var candidate = name
        var number = 1
        while taken.contains(candidate) {
            number += 1
            candidate = "\(number)-\(name)"
        }
        taken.insert(candidate)
        return candidate
    }

    private func fileSize(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return (attributes[.size] as? NSNumber)?.intValue ?? 0
    }

    /// A record ready to be written, and the Add Membership request of its booking when it is the
    /// booking's first record (requests are written in the order bookings begin).
    struct Finished {
        var record: RecordOutcome
        var raw: [UInt8]
        var attachmentRequest: AttachmentRequest?
    }

    struct AttachmentRequest {
        var system: String
        var bookingCode: String
        var passengers: [AttachmentLine.Passenger]
        /// The booking's new attachments for the stage, staged by the write-behind thread.
        var ledgerEntries: [LedgerEntry] = []
    }
}

/// ``MemberFinder/prepareLookups()`` on a thread of its own, beside a file's first pass.
private final class LookupPreparation: @unchecked Sendable {
    private let finder: MemberFinder
    private var thread: WorkerThread?
    /// What the preparation threw; read after the thread is joined.
    private var failure: (any Error)?

    init(_ finder: MemberFinder) {
        self.finder = finder
        thread = WorkerThread(name: "memberlink-prep") { [self] in
            do { try self.finder.prepareLookups() } catch { failure = error }
        }
    }

    /// Waits for the preparation to end.
    func wait() { thread?.join() }

    /// Waits for the preparation to end, and throws what it threw: a lookup file that cannot be
    /// read would fail the lookups too.
    func finish() throws {
        wait()
        if let failure { throw failure }
    }
}
