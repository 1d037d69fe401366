/// Decides the outcomes of one complete booking: booking rules (CONTRACT §2 step 2), then
/// resolution of the records that passed, in index order (steps 3–7).
struct BookingProcessor {
    let resolver: BookingResolver

    /// The outcome of each entry, in the booking's file order, and the positions of the entries
    /// newly attached, in index order. Entries are not copied: the caller reads them where they are.
    func decide(_ entries: [BookingWindow.Entry]) throws -> (outcomes: [Outcome], newAttachments: [Int]) {
        // Booking-level findings, kept apart from the records' own: nearly every booking has none,
        // and then no list of error lists is made (a copy of each record's list, an allocation).
        var bookingErrors: [(position: Int, error: FieldError)] = []
        // Fields read where they lie: a mapped collection of records copied each whole entry.
        BookingValidator.validate(
            count: entries.count, field: { entries[$0].record[$1] }, record: { entries[$0].record },
            report: { bookingErrors.append(($0, $1)) })
        var errors: [[FieldError]]?
        if !bookingErrors.isEmpty || entries.contains(where: { !$0.errors.isEmpty }) {
            var all = entries.map(\.errors)
            for (position, error) in bookingErrors { all[position].append(error) }
            for position in Set(bookingErrors.map(\.position)) { all[position].sortCanonically() }
            errors = all
        }

        if errors == nil, Self.inIndexOrder(entries) {
            // Every record valid and in index order already (most bookings): resolved where they
            // lie, and the outcomes are the resolver's, with no table of optional outcomes to fill
            // and empty again.
            let resolved = try resolver.resolve(
                ValidRecords(entries: entries, valid: nil), found: { entries[$0].lookup })
            precondition(resolved.count == entries.count, "the resolver decides every record it is given")
            var newAttachments: [Int] = []
            for position in resolved.indices where resolved[position].code == .attached {
                // Room for the whole booking at the first: grown one at a time, the array was
                // allocated again at each attachment of a booking of two or three.
                if newAttachments.isEmpty { newAttachments.reserveCapacity(entries.count - position) }
                newAttachments.append(position)
            }
            return (resolved, newAttachments)
        }

        var valid: [Int] = []
        valid.reserveCapacity(entries.count)
        for position in entries.indices where errors?[position].isEmpty ?? true { valid.append(position) }
        // Index order; a valid record's index is a whole number from 1 to 99, unique in its booking.
        if valid.count > 1 {
            valid.sort { Int(entries[$0].record[.index]) ?? 0 < Int(entries[$1].record[.index]) ?? 0 }
        }
        let resolved = try resolver.resolve(
            ValidRecords(entries: entries, valid: valid), found: { entries[valid[$0]].lookup })
        precondition(resolved.count == valid.count, "the resolver decides every record it is given")
        var newAttachments: [Int] = []
        var outcomes = [Outcome?](repeating: nil, count: entries.count)
        if let errors {
            for position in entries.indices where !errors[position].isEmpty {
                outcomes[position] = .dataInvalid(errors[position])
            }
        }
        for (position, outcome) in zip(valid, resolved) {
            if outcome.code == .attached {
                if newAttachments.isEmpty { newAttachments.reserveCapacity(valid.count) }
                newAttachments.append(position)
            }
            outcomes[position] = outcome
        }
        var decided: [Outcome] = []
        decided.reserveCapacity(entries.count)
        for position in outcomes.indices { decided.append(outcomes[position].take()!) }
        return (decided, newAttachments)
    }

    /// Whether the records' indexes increase in file order (a booking of one record, most, does).
    /// Asked only of valid records, whose indexes are numbers and unique in their booking.
    private static func inIndexOrder(_ entries: [BookingWindow.Entry]) -> Bool {
        guard entries.count > 1 else { return true }
        var previous = 0
        for position in entries.indices {
            guard let index = BookingKeyRules.indexValue(entries[position].record[.index]), index > previous
            else { return false }
            previous = index
        }
        return true
    }
}

/// The valid records of a booking, in index order, read where they lie in its entries: a
/// collection whose elements are lent (`_read`), not copied out.
private struct ValidRecords: RandomAccessCollection {
    let entries: [BookingWindow.Entry]
    /// The positions of the valid records in index order; nil when that is every entry in order.
    let valid: [Int]?

    var startIndex: Int { 0 }
    var endIndex: Int { valid?.count ?? entries.count }

    subscript(position: Int) -> PassengerRecord {
        _read { yield entries[valid?[position] ?? position].record }
    }
}
