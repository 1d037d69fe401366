/// Holds finished records until every record before them is finished too, and releases them in
/// input order, so outputs are in input order even when a booking's records are far apart.
///
/// What it holds is the window between the oldest unfinished booking's first record and the newest
/// record read: one booking when a file keeps each booking's rows together (the usual case).
struct OrderedEmitter<Item> {
    private var pending: [Int: Item] = [:]
    private(set) var nextSequence = 0

    /// How many finished items wait for an earlier one.
    var waiting: Int { pending.count }

    mutating func put(_ item: consuming Item, at sequence: Int) {
        precondition(sequence >= nextSequence && pending[sequence] == nil, "each record is finished exactly once")
        pending[sequence] = item
    }

    /// Releases `item` to `body` at once when every earlier item has been released (most records:
    /// they skip the dictionary), then whatever it was the last to wait for; otherwise holds it.
    /// Never holds the next item to release: this and ``drain(_:)`` release it as soon as it comes.
    mutating func put(_ item: consuming Item, at sequence: Int, release body: (consuming Item) throws -> Void) rethrows {
        guard sequence == nextSequence else { return put(item, at: sequence) }
        nextSequence += 1
        try body(item)
        if !pending.isEmpty { try drain(body) }
    }

    /// Releases every item whose predecessors have all been released, in order.
    mutating func drain(_ body: (consuming Item) throws -> Void) rethrows {
        while let item = pending.removeValue(forKey: nextSequence) {
            nextSequence += 1
            try body(item)
        }
    }
}
