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

    /// Number of passengers in the ledger.
    public func ledgerCount() throws -> Int {
        let statement = try database.prepare("SELECT count(*) FROM ledger")
        _ = try statement.step()
        return statement.int(at: 0)
    }
}
