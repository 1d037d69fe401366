/// Decides the outcomes of one complete booking: booking rules (CONTRACT §2 step 2), then
/// resolution of the records that passed, in index order (steps 3–7).
struct BookingProcessor {
    let resolver: BookingResolver

    /// One decided record of the booking.
    struct Decided {
        var entry: BookingWindow.Entry
        var outcome: Outcome
    }

    /// Outcomes in the booking's file order, and the new attachments in index order.
    func decide(_ entries: [BookingWindow.Entry]) throws -> (decided: [Decided], newAttachments: [Decided]) {
        var errors = entries.map(\.errors)
        BookingValidator.validate(entries.map(\.record), errors: &errors)

        var outcomes = [Outcome?](repeating: nil, count: entries.count)
        var valid: [Int] = []
        for position in entries.indices {
            if errors[position].isEmpty {
                valid.append(position)
            } else {
                outcomes[position] = .dataInvalid(errors[position])
            }
        }
        // Index order; a valid record's index is a whole number from 1 to 99, unique in its booking.
        valid.sort { Int(entries[$0].record[.index]) ?? 0 < Int(entries[$1].record[.index]) ?? 0 }
        let resolved = try resolver.resolve(valid.map { entries[$0].record }, found: valid.map { entries[$0].lookup })
        precondition(resolved.count == valid.count, "the resolver decides every record it is given")
        var newAttachments: [Decided] = []
        for (position, outcome) in zip(valid, resolved) {
            outcomes[position] = outcome
            if outcome.code == .attached {
                newAttachments.append(Decided(entry: entries[position], outcome: outcome))
            }
        }
        let decided = zip(entries, outcomes).map { Decided(entry: $0, outcome: $1!) }
        return (decided, newAttachments)
    }
}
