import Testing

@testable import MemberLink

@Suite("Ordered emitter: finished records leave in input order")
struct OrderedEmitterTests {
    /// Records finished in the order bookings complete: each booking's records leave together when
    /// its last one is read, so a booking spread out holds back the records read after its first.
    @Test("every item is released once, in sequence order, whichever way it was put", arguments: [1, 2, 7, 500])
    func releasedInOrder(seed: UInt64) throws {
        var generator = SplitMix(seed: seed)
        let count = 2_000
        // Bookings of one to four records, each record of a booking up to 30 places after the first.
        var bookingOf = [Int](repeating: -1, count: count)
        var bookings: [[Int]] = []
        for sequence in 0..<count where bookingOf[sequence] < 0 {
            var members = [sequence]
            bookingOf[sequence] = bookings.count
            for _ in 0..<Int(generator.next() % 4) {
                let later = sequence + 1 + Int(generator.next() % 30)
                if later < count, bookingOf[later] < 0 {
                    bookingOf[later] = bookings.count
                    members.append(later)
                }
            }
            bookings.append(members.sorted())
        }
        var emitter = OrderedEmitter<Int>()
        var released: [Int] = []
        for sequence in 0..<count {
            let booking = bookings[bookingOf[sequence]]
            guard booking.last == sequence else { continue }  // the booking completes with its last record
            for member in booking {
                if generator.next() % 2 == 0 {
                    emitter.put(member, at: member)
                    emitter.drain { released.append($0) }
                } else {
                    emitter.put(member, at: member) { released.append($0) }
                }
            }
        }
        emitter.drain { released.append($0) }
        #expect(released == Array(0..<count))
        #expect(emitter.waiting == 0)
    }
}

/// A small deterministic generator (SplitMix64), so every failure can be replayed.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
