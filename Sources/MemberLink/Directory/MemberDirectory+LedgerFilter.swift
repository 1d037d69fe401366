import Storage

/// The ledger's booking filter (``LedgerBookingFilter``): read at the start of each input file's
/// transaction, trusted by ``MemberDirectory/ledgerBooking(system:bookingCode:)`` only inside it,
/// and written in the transaction of every ledger write.
extension MemberDirectory {
    /// The capacity of a new directory's filter (80 KB); it grows as the ledger does.
    static let initialLedgerFilterCapacity = 1 << 16

    /// What the connection knows of the stored filter.
    struct LedgerFilterState {
        /// The filter as stored at ``generation``; nil when none is stored.
        var filter: LedgerBookingFilter?
        /// The stored row's generation when it was read; -1 before the first read.
        var generation = -1
        /// Whether ``filter`` was checked against the file inside the current transaction: only
        /// then does a look-up trust it (another connection may write the ledger in between).
        var isCurrent = false
        /// The filter a write of this connection stored, adopted when its transaction commits.
        var written: (filter: LedgerBookingFilter, generation: Int)?
    }

    /// Reads the stored filter's generation, and the filter when it changed since the last read:
    /// inside a transaction, whose snapshot the look-ups that follow share.
    func refreshLedgerFilter() throws {
        // The generation alone first: the bits (up to 32 MiB) are read only when they changed.
        let generationQuery = try database.prepare("SELECT generation FROM ledger_filter WHERE id = 1")
        guard try generationQuery.step() else {
            ledgerFilterState = LedgerFilterState(filter: nil, generation: -1, isCurrent: true)
            return
        }
        let generation = generationQuery.int(at: 0)
        if generation != ledgerFilterState.generation || ledgerFilterState.filter == nil {
            let stored = try database.prepare("SELECT bookings, bits FROM ledger_filter WHERE id = 1")
            ledgerFilterState.filter =
                try stored.step()
                ? LedgerBookingFilter(blob: stored.blobBytes(at: 1), bookings: stored.int(at: 0)) : nil
            ledgerFilterState.generation = generation
        }
        ledgerFilterState.isCurrent = true
    }

    /// False when the ledger certainly holds no passenger of the booking (its code upper-cased);
    /// true when it may, or when no filter read in this transaction says otherwise.
    @inline(__always)
    func ledgerMayHold(system: UnsafeRawBufferPointer, bookingCode: UnsafeRawBufferPointer) -> Bool {
        guard ledgerFilterState.isCurrent, let filter = ledgerFilterState.filter else { return true }
        return filter.mayContain(LedgerBookingFilter.hash(system: system, bookingCode: bookingCode))
    }

    /// The filter to add `count` more bookings to, inside a write transaction: the stored one, or,
    /// when it would hold more than its capacity (or none is stored), a larger one built from the
    /// ledger as it is.
    func ledgerFilterForWriting(adding count: Int) throws -> LedgerBookingFilter {
        try refreshLedgerFilter()
        if let filter = ledgerFilterState.filter,
            filter.bookings + count <= filter.capacity || filter.isAtMaximumSize
        {
            return filter
        }
        let held = ledgerFilterState.filter?.bookings ?? 0
        return try Self.ledgerFilterBuilt(
            from: database, capacity: max(Self.initialLedgerFilterCapacity, 2 * (held + count)))
    }

    /// Stores `filter` as the next generation, inside the transaction that wrote the ledger; the
    /// connection adopts it when that transaction commits (``ledgerFilterCommitted()``).
    func storeLedgerFilter(_ filter: LedgerBookingFilter) throws {
        let generation = try Self.storeLedgerFilter(filter, in: database)
        ledgerFilterState.written = (filter, generation)
    }

    /// The transaction (or savepoint) that stored a filter committed: the connection holds what is
    /// stored, and may trust it as long as an enclosing transaction lasts.
    func ledgerFilterCommitted() {
        guard let written = ledgerFilterState.written else { return }
        ledgerFilterState = LedgerFilterState(
            filter: written.filter, generation: written.generation, isCurrent: database.isInTransaction)
    }

    /// The transaction that stored a filter rolled back: read it again next time.
    func ledgerFilterRolledBack() {
        ledgerFilterState = LedgerFilterState()
    }

    /// A transaction ended: the filter is not trusted until read again in the next.
    func ledgerFilterTransactionEnded() {
        ledgerFilterState.isCurrent = false
    }

    /// A filter for at least `capacity` bookings holding every booking of the ledger of `database`.
    static func ledgerFilterBuilt(from database: Database, capacity: Int) throws -> LedgerBookingFilter {
        let count = try database.prepare("SELECT count(*) FROM (SELECT DISTINCT system, bookingCode FROM ledger)")
        _ = try count.step()
        var filter = LedgerBookingFilter(capacity: max(capacity, 2 * count.int(at: 0)))
        // In key order: a booking's passengers come one after the other, hashed once.
        let bookings = try database.prepare("SELECT DISTINCT system, bookingCode FROM ledger")
        while try bookings.step() {
            filter.insert(
                LedgerBookingFilter.hash(system: bookings.textBytes(at: 0), bookingCode: bookings.textBytes(at: 1)))
        }
        return filter
    }

    /// Writes `filter` as the stored one with the next generation, which it returns.
    @discardableResult
    static func storeLedgerFilter(_ filter: LedgerBookingFilter, in database: Database) throws -> Int {
        let store = try database.prepare(
            """
            INSERT INTO ledger_filter (id, generation, bookings, bits)
            VALUES (1, coalesce((SELECT generation FROM ledger_filter WHERE id = 1), 0) + 1, ?1, ?2)
            ON CONFLICT (id) DO UPDATE
            SET generation = excluded.generation, bookings = excluded.bookings, bits = excluded.bits
            """)
        try store.bind(filter.bookings, at: 1)
        try filter.withBlob { try store.bind(blob: $0, at: 2) }
        try store.run()
        let generation = try database.prepare("SELECT generation FROM ledger_filter WHERE id = 1")
        _ = try generation.step()
        return generation.int(at: 0)
    }
}
