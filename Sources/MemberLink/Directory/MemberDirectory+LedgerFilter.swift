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
        // Taken out of the connection's state, so that the writer changes the only copy of its
        // words (up to 32 MiB) in place; the state reads it again unless the write commits.
        let stored = ledgerFilterState.filter
        ledgerFilterState = LedgerFilterState()
        if let filter = stored, filter.bookings + count <= filter.capacity || filter.isAtMaximumSize {
            return filter
        }
        let held = stored?.bookings ?? 0
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
        // Rows are passengers: more than the bookings, counted without the sort a DISTINCT takes.
        let rows = try database.prepare("SELECT count(*) FROM ledger")
        _ = try rows.step()
        var filter = LedgerBookingFilter(capacity: max(capacity, 2 * rows.int(at: 0)))
        // In key order: a booking's passengers come one after the other, added once.
        let keys = try database.prepare("SELECT system, bookingCode FROM ledger")
        var previous: UInt64?
        while try keys.step() {
            let hash = LedgerBookingFilter.hash(system: keys.textBytes(at: 0), bookingCode: keys.textBytes(at: 1))
            if hash != previous { filter.insert(hash) }
            previous = hash
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
        // Read where the words are, not copied first: a filter may be 32 MiB.
        try filter.withBlob { words in
            try store.bind(blob: words, at: 2, copying: false)
            try store.run()
        }
        let generation = try database.prepare("SELECT generation FROM ledger_filter WHERE id = 1")
        _ = try generation.step()
        return generation.int(at: 0)
    }
}
