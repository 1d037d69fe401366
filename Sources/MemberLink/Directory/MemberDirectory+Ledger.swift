internal import Foundation
import Storage

/// The attachment ledger: which membership an earlier run attached to which passenger, so a rerun
/// answers `ALREADY_ATTACHED` instead of attaching twice (CONTRACT §2 step 7). It lives in the
/// directory's file and survives member imports.
extension MemberDirectory {
    /// The membership attached to passenger `passengerId` of booking `bookingCode` (matched
    /// upper-cased) of `system`, or nil when none was: by an earlier file of this run (the stage),
    /// else by an earlier run (the ledger).
    public func ledgerMembership(
        system: String, bookingCode: String, passengerId: String
    ) throws -> (airline: String, membershipId: String)? {
        if let staged = try stagedMembership(system: system, bookingCode: bookingCode, passengerId: passengerId) {
            return staged
        }
        return try ledgerBooking(system: system, bookingCode: bookingCode).membership(passengerId: passengerId)
    }

    /// What the ledger holds for the passengers of booking `bookingCode` (matched upper-cased) of
    /// `system`: one query for a whole booking, where
    /// ``ledgerMembership(system:bookingCode:passengerId:)`` makes one per passenger. Attachments
    /// of this run's earlier files are not in it: ask ``stagedMembership(system:bookingCode:passengerId:)``
    /// first.
    public func ledgerBooking(system: String, bookingCode: String) throws -> LedgerBooking {
        var booking = LedgerBooking(system: system, bookingCode: bookingCode)
        try system.withUTF8Bytes { system in
            try LedgerEntry.keyBookingCode(bookingCode).withUTF8Bytes { bookingCode in
                // Most bookings a run decides are not in the ledger: the filter says so without a
                // query (and without resetting a statement that did not run).
                guard
                    ledgerMayHold(
                        system: UnsafeRawBufferPointer(system), bookingCode: UnsafeRawBufferPointer(bookingCode))
                else { return }
                let statement = ledgerBookingLookup
                defer { statement.reset() }
                try statement.bind(utf8: UnsafeRawBufferPointer(system), at: 1, copying: false)
                try statement.bind(utf8: UnsafeRawBufferPointer(bookingCode), at: 2, copying: false)
                while try statement.step() {
                    booking.entries.append(
                        (
                            passengerId: statement.text(at: 0), airline: statement.text(at: 1),
                            membershipId: statement.text(at: 2)
                        ))
                }
            }
        }
        return booking
    }

    /// The membership an earlier file of this run attached to the passenger (held on the stage,
    /// not yet in the ledger), or nil.
    public func stagedMembership(
        system: String, bookingCode: String, passengerId: String
    ) throws -> (airline: String, membershipId: String)? {
        try stage?.membership(system: system, bookingCode: bookingCode, passengerId: passengerId)
    }

    /// Records the attachments of one input file, all in one transaction: either all are recorded
    /// or, when this throws, none. A membership given for a passenger that already has one
    /// replaces it. Call it when the file's outputs are safely written (CONTRACT §4).
    public func recordAttachments(_ entries: [LedgerEntry]) throws {
        guard !entries.isEmpty else { return }
        let statement = ledgerUpsert
        do {
            try database.transaction(.immediate) {
                defer { statement.reset() }
                var filter = try ledgerFilterForWriting(adding: entries.count)
                for entry in entries {
                    try entry.bind(to: statement)
                    try statement.run()
                    filter.insert(
                        LedgerBookingFilter.hash(
                            system: entry.system, bookingCode: LedgerEntry.keyBookingCode(entry.bookingCode)))
                }
                try storeLedgerFilter(filter)
            }
        } catch {
            ledgerFilterRolledBack()
            throw error
        }
        ledgerFilterCommitted()
    }

    /// Starts holding a run's attachments apart from the ledger (one stage per pipeline, used with
    /// its lock held): later files of the same run already see them (a passenger attached by an
    /// earlier file is `ALREADY_ATTACHED`), but the ledger records them only through
    /// ``commitStagedAttachments()``, once `attachments.jsonl` is safely in place. A crash in
    /// between makes the next run attach again (at least once) rather than lose an attachment.
    public func openStage(pipeline: String) throws {
        stage?.delete()
        stage = try AttachmentStage(pipeline: pipeline, directoryPath: path)
    }

    /// Starts an input file's transaction: on the stage, and a read snapshot of the directory
    /// (every lookup of the file sees the same members, and none pays for its own lock).
    /// `laterFilesFollow` false says this is the run's last file: no later lookup asks for its
    /// attachments, so they are staged for the ledger merge alone.
    public func beginFile(laterFilesFollow: Bool = true) throws {
        try stage?.beginFile(laterFilesFollow: laterFilesFollow)
        try refreshStore()
        if !database.isInTransaction { try database.execute("BEGIN DEFERRED") }
        try refreshLedgerFilter()
    }

    /// Starts a read transaction, so that every lookup until ``endSnapshot()`` sees the same members
    /// (and none pays for its own lock). For a connection that only looks members up.
    public func beginSnapshot() throws {
        try refreshStore()
        if !database.isInTransaction { try database.execute("BEGIN DEFERRED") }
    }

    /// Ends the read transaction of ``beginSnapshot()``.
    public func endSnapshot() {
        ledgerFilterTransactionEnded()
        if database.isInTransaction { try? database.execute("COMMIT") }
    }

    /// Whether a stage is open (``openStage(pipeline:)``).
    public var hasStage: Bool { stage != nil }

    /// Holds the attachments of the current input file on the stage (or records them in the ledger
    /// at once when no stage is open). Later files of the run see them; lookups of the current file
    /// do not need to, since a booking is decided once, after all its records. With a stage open,
    /// this may be called from another thread than the lookups (the write-behind thread), one
    /// thread at a time, between ``beginFile()`` and ``endFile(committed:)``.
    public func stageAttachments(_ entries: [LedgerEntry]) throws {
        guard let stage else { return try recordAttachments(entries) }
        try stage.stage(entries)
    }

    /// Ends the current input file: keeps (`committed`) or rolls back its staged attachments.
    public func endFile(committed: Bool) throws {
        ledgerFilterTransactionEnded()
        if database.isInTransaction { try database.execute("COMMIT") }
        if committed { try stage?.commitFile() } else { try stage?.discardFile() }
    }

    /// Notes an inbox file as processed; recorded with the staged attachments, in the same
    /// transaction, by ``commitStagedAttachments()``.
    /// `rejectedReason` is set for a file rejected whole: found again, it is only quarantined.
    public func stageProcessedFile(
        pipeline: String, sha256: String, path: String, records: Int, processedAt: String, rejectedReason: String? = nil
    ) throws {
        try stage?.stageProcessedFile(
            pipeline: pipeline, sha256: sha256, path: path, records: records, processedAt: processedAt,
            rejectedReason: rejectedReason)
    }

    /// When an inbox file with this content was processed by `pipeline` before: its path then and
    /// the time, or nil.
    public func processedFile(pipeline: String, sha256: String) throws
        -> (path: String, processedAt: String, rejectedReason: String?)?
    {
        let statement = try database.prepare(
            "SELECT path, processedAt, rejectedReason FROM processed_files WHERE pipeline = ?1 AND sha256 = ?2")
        try statement.bind(pipeline, at: 1)
        try statement.bind(sha256, at: 2)
        guard try statement.step() else { return nil }
        return (statement.text(at: 0), statement.text(at: 1), statement.optionalText(at: 2))
    }

    /// Records every staged attachment (and processed inbox file) in the directory, in one
    /// transaction, and deletes the stage: ``mergeStagedAttachments()`` then
    /// ``commitMergedAttachments()``.
    public func commitStagedAttachments() throws {
        do {
            try mergeStagedAttachments()
        } catch {
            rollBackMergedAttachments()
            throw error
        }
        try commitMergedAttachments()
    }

    /// Writes every staged attachment (and processed inbox file) into the directory in one
    /// transaction that it leaves open: nothing of it is recorded until
    /// ``commitMergedAttachments()``, and ``rollBackMergedAttachments()`` undoes it. A run merges
    /// while its outputs are being published (on another thread: the connection is used by no
    /// other meanwhile) and commits once they are, so the ledger never records an attachment whose
    /// outputs are not in place. Entries go in about in the ledger's key order, as the stage's
    /// sorted runs give them (``StagedRuns``, by ``AttachmentStage/mergeOrder(system:bookingCode:)``):
    /// neighbouring inserts instead of one in random order each; of a passenger staged twice, the
    /// later entry is applied last and wins.
    public func mergeStagedAttachments() throws {
        guard let stage else { return }
        ledgerFilterTransactionEnded()
        if database.isInTransaction { try database.execute("COMMIT") }  // a file's read snapshot
        try database.execute("ATTACH DATABASE '\(stage.path.replacingOccurrences(of: "'", with: "''"))' AS stage")
        try database.execute("BEGIN IMMEDIATE")
        if !registeredStagedFeed {
            try database.registerFeed(named: "staged_entries", columns: StagedRuns.columns)
            registeredStagedFeed = true
        }
        // The entries come already in merge order (``StagedRuns``): SQLite does not sort them.
        let merge = try database.prepare(
            """
            INSERT INTO ledger (system, bookingCode, passengerId, airline, membershipId)
            SELECT system, bookingCode, passengerId, airline, membershipId FROM staged_entries(?1) WHERE true
            ON CONFLICT (system, bookingCode, passengerId)
            DO UPDATE SET airline = excluded.airline, membershipId = excluded.membershipId
            """)
        // A thread of its own reads the staged entries ahead and adds their bookings to the
        // ledger's filter, which is stored with the merge; this thread has SQLite insert them. A
        // run that attached nobody leaves the ledger and its filter (up to 32 MiB) as they are.
        if stage.committedEntryCount > 0 {
            let entries = MergedEntriesAhead(
                try stage.mergedEntries(), addingTo: try ledgerFilterForWriting(adding: stage.committedEntryCount))
            do {
                try merge.run(feeding: entries, at: 1)
            } catch {
                _ = try? entries.finish()
                throw error
            }
            try storeLedgerFilter(try entries.finish())
        }
        try database.execute(
            """
            INSERT OR REPLACE INTO processed_files (pipeline, sha256, path, records, processedAt, rejectedReason)
            SELECT pipeline, sha256, path, records, processedAt, rejectedReason FROM stage.files
            """)
    }

    /// Commits what ``mergeStagedAttachments()`` wrote and deletes the stage.
    public func commitMergedAttachments() throws {
        guard stage != nil else { return }
        do {
            try database.execute("COMMIT")
        } catch {
            rollBackMergedAttachments()
            throw error
        }
        ledgerFilterCommitted()
        try database.execute("DETACH DATABASE stage")
        discardStage()
    }

    /// Undoes what ``mergeStagedAttachments()`` wrote, or what part of it it wrote before it
    /// failed; the stage stays until ``discardStage()``.
    public func rollBackMergedAttachments() {
        guard stage != nil else { return }
        if database.isInTransaction { try? database.execute("ROLLBACK") }
        ledgerFilterRolledBack()
        try? database.execute("DETACH DATABASE stage")
    }

    /// Forgets the stage without recording it (a dry run, or a run that stopped).
    public func discardStage() {
        stage?.delete()
        stage = nil
    }

    /// Number of passengers in the ledger.
    public func ledgerCount() throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM ledger")
        _ = try statement.step()
        return statement.int(at: 0)
    }
}
