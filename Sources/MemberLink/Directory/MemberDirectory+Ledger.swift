import Storage

/// The attachment ledger: which membership an earlier run attached to which passenger, so a rerun
/// answers `ALREADY_ATTACHED` instead of attaching twice (CONTRACT §2 step 7). It lives in the
/// directory's file and survives member imports.
extension MemberDirectory {
    /// The membership attached to passenger `passengerId` of booking `bookingCode` (matched
    /// upper-cased) of `system`, or nil when none was.
    public func ledgerMembership(
        system: String, bookingCode: String, passengerId: String
    ) throws -> (airline: String, membershipId: String)? {
        let passenger = LedgerEntry.Passenger(system: system, bookingCode: bookingCode, passengerId: passengerId)
        if let staged = stagedAttachments[passenger] { return (staged.airline, staged.membershipId) }
        let statement = ledgerLookup
        defer { statement.reset() }
        try statement.bind(system, at: 1)
        try statement.bind(bookingCode.uppercased(), at: 2)
        try statement.bind(passengerId, at: 3)
        guard try statement.step() else { return nil }
        return (statement.text(at: 0), statement.text(at: 1))
    }

    /// Records the attachments of one input file, all in one transaction: either all are recorded
    /// or, when this throws, none. A membership given for a passenger that already has one
    /// replaces it. Call it when the file's outputs are safely written (CONTRACT §4).
    public func recordAttachments(_ entries: [LedgerEntry]) throws {
        guard !entries.isEmpty else { return }
        let statement = ledgerUpsert
        try database.transaction(.immediate) {
            defer { statement.reset() }
            for entry in entries {
                try statement.bind(entry.system, at: 1)
                try statement.bind(entry.bookingCode.uppercased(), at: 2)
                try statement.bind(entry.passengerId, at: 3)
                try statement.bind(entry.airline, at: 4)
                try statement.bind(entry.membershipId, at: 5)
                try statement.run()
            }
        }
    }

    /// Holds the attachments of one committed input file until the run's outputs are published:
    /// later files of the same run already see them (a passenger attached by an earlier file is
    /// `ALREADY_ATTACHED`), but the ledger on disk records them only through
    /// ``commitStagedAttachments()``, after `attachments.jsonl` is safely in place. A crash in
    /// between makes the next run attach again (at least once) rather than lose an attachment.
    public func stageAttachments(_ entries: [LedgerEntry]) {
        for entry in entries { stagedAttachments[entry.passenger] = entry }
    }

    /// Records every staged attachment in the ledger, in one transaction, and clears the stage.
    public func commitStagedAttachments() throws {
        let entries = stagedAttachments.values.sorted {
            ($0.system, $0.bookingCode, $0.passengerId) < ($1.system, $1.bookingCode, $1.passengerId)
        }
        try recordAttachments(entries)
        stagedAttachments = [:]
    }

    /// Number of passengers in the ledger.
    public func ledgerCount() throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM ledger")
        _ = try statement.step()
        return statement.int(at: 0)
    }
}
