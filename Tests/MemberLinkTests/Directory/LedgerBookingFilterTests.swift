import Testing

@testable import MemberLink

@Suite("Ledger booking filter")
struct LedgerBookingFilterTests {
    private static func hash(_ system: String, _ bookingCode: String) -> UInt64 {
        LedgerBookingFilter.hash(system: system, bookingCode: bookingCode)
    }

    @Test("every booking put in is found: the filter never answers 'holds none' for one it holds")
    func noFalseNegatives() {
        var filter = LedgerBookingFilter(capacity: 50_000)
        for number in 0..<80_000 { filter.insert(Self.hash("1A", "BK\(number)")) }
        // Counted, not expected one by one: a failed expectation prints the filter's every word.
        let missing = (0..<80_000).filter { !filter.mayContain(Self.hash("1A", "BK\($0)")) }
        #expect(missing.isEmpty, "not found: \(missing.prefix(10))")
    }

    @Test("at its capacity, about 1% of bookings it does not hold answer 'maybe'")
    func falsePositiveShare() {
        var filter = LedgerBookingFilter(capacity: 100_000)
        for number in 0..<filter.capacity { filter.insert(Self.hash("1A", "BK\(number)")) }
        var maybes = 0
        for number in 0..<100_000 where filter.mayContain(Self.hash("1B", "BK\(number)")) { maybes += 1 }
        #expect(maybes < 2_000, "\(maybes) of 100,000 absent bookings answered maybe")
        #expect(maybes > 0, "a filter this full cannot be exact")
    }

    @Test("the system and the booking code are both part of the key")
    func keyParts() {
        var filter = LedgerBookingFilter(capacity: 1_000)
        filter.insert(Self.hash("1A", "ABC123"))
        let holds = filter.mayContain(Self.hash("1A", "ABC123"))
        #expect(holds)
        // "1" + "AABC123" would be the same bytes without the separator between the two.
        #expect(Self.hash("1", "AABC123") != Self.hash("1A", "ABC123"))
        let otherSystem = filter.mayContain(Self.hash("1B", "ABC123"))
        let otherCode = filter.mayContain(Self.hash("1A", "ABC124"))
        #expect(!otherSystem && !otherCode)
    }

    @Test("bookings counts the bookings that set a new bit, not passengers of the same booking")
    func bookingCount() {
        var filter = LedgerBookingFilter(capacity: 1_000)
        for _ in 0..<3 { filter.insert(Self.hash("1A", "ABC123")) }
        filter.insert(Self.hash("1A", "XYZ789"))
        #expect(filter.bookings == 2)
    }

    @Test("the stored bytes read back as the same filter; bytes that are not whole blocks are refused")
    func storedForm() throws {
        var filter = LedgerBookingFilter(capacity: 10_000)
        for number in 0..<5_000 { filter.insert(Self.hash("1A", "BK\(number)")) }
        let copy = try #require(filter.withBlob { LedgerBookingFilter(blob: $0, bookings: filter.bookings) })
        let sameWords = copy.words == filter.words
        #expect(sameWords && copy.bookings == 5_000)
        #expect(filter.withBlob { $0.count } == filter.blockCount * 32)
        let ragged: [UInt8] = Array(repeating: 0, count: 33)
        #expect(ragged.withUnsafeBytes { LedgerBookingFilter(blob: $0, bookings: 0) } == nil)
        #expect(LedgerBookingFilter(blob: UnsafeRawBufferPointer(start: nil, count: 0), bookings: 0) == nil)
    }

    @Test("the hash is the one stored directories were written with (changing it needs a new schema version)")
    func storedHash() {
        // Worked out apart from this code: 64-bit FNV-1a over "1A", 0x1F, "ABC123", then
        // MurmurHash3's fmix64 (in Python: x ^= x >> 33; x *= 0xff51afd7ed558ccd; ...).
        #expect(Self.hash("1A", "ABC123") == 0xe20c_cf86_94cc_8fd2)
        #expect(Self.hash("", "") == 0x3661_0c0f_0fbc_67ca)
    }

    @Test("a filter's size has a floor of one block and a ceiling of 32 MiB")
    func sizeBounds() {
        // Booleans and sizes are checked, not the filters: a failure would print every word.
        #expect(LedgerBookingFilter(capacity: 0).blockCount == 1)
        let largest = LedgerBookingFilter(capacity: Int(Int32.max))
        let largestBytes = largest.blockCount * 32
        let largestIsAtMaximum = largest.isAtMaximumSize
        #expect(largestBytes == LedgerBookingFilter.maximumBytes)
        #expect(largestIsAtMaximum)
        let smallGrows = !LedgerBookingFilter(capacity: 1 << 20).isAtMaximumSize
        #expect(smallGrows)
        // A filter of 20 MiB, more than half the largest, still grows: to the largest.
        let twentyMiBGrows = !LedgerBookingFilter(capacity: (20 << 20) * 8 / LedgerBookingFilter.bitsPerBooking)
            .isAtMaximumSize
        #expect(twentyMiBGrows)
    }
}
