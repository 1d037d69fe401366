import Storage
import Testing

@testable import MemberLink

/// Staged-entry rows from an array, in order; throws at `failAt` when given.
private final class EntryRows: RowFeed {
    let rows: [[String]]
    private var position = -1
    private var current: [[UInt8]] = []
    let failAt: Int?

    init(_ rows: [[String]], failAt: Int? = nil) {
        self.rows = rows
        self.failAt = failAt
    }

    var columnCount: Int { 5 }

    func advance() throws -> Bool {
        position += 1
        if position == failAt { throw EntryRowsFailure() }
        guard position < rows.count else { return false }
        current = rows[position].map { Array($0.utf8) }
        return true
    }

    func column(_ index: Int) -> UnsafeRawBufferPointer { current[index].withUnsafeBytes { $0 } }
}

private struct EntryRowsFailure: Error {}

@Suite("Merged entries read ahead")
struct MergedEntriesAheadTests {
    /// Enough rows for many blocks, one with a text longer than a block.
    private static let rows: [[String]] = (0..<20_000).map { number in
        let membership = number == 7_777 ? String(repeating: "9", count: 300_000) : "\(number * 31)"
        return ["1A", "BK\(number / 2)", "P\(number % 2)", number % 3 == 0 ? "VN" : "AF", membership]
    }

    private func read(_ feed: MergedEntriesAhead) throws -> [[String]] {
        var found: [[String]] = []
        while try feed.advance() {
            found.append((0..<5).map { String(decoding: feed.column($0), as: UTF8.self) })
        }
        return found
    }

    @Test("every row comes out as it went in, in order, across many blocks and one longer than a block")
    func rowsInOrder() throws {
        let feed = MergedEntriesAhead(EntryRows(Self.rows), addingTo: LedgerBookingFilter(capacity: 20_000))
        #expect(try read(feed) == Self.rows)
        let filter = try feed.finish()
        // Counted, not expected one by one: a failed expectation prints the filter's every word.
        let missing = (0..<10_000).filter {
            !filter.mayContain(LedgerBookingFilter.hash(system: "1A", bookingCode: "BK\($0)"))
        }
        #expect(missing.isEmpty, "not found: \(missing.prefix(10))")
        #expect(filter.bookings > 9_950 && filter.bookings <= 10_000)
    }

    @Test("a row's texts are still there, unchanged, after the next row (SQLite reads them in place)")
    func textsOutliveNextRow() throws {
        let feed = MergedEntriesAhead(EntryRows(Self.rows), addingTo: LedgerBookingFilter(capacity: 20_000))
        #expect(feed.textsOutliveNextRow)
        var previous: (texts: [UnsafeRawBufferPointer], row: [String])?
        var row = 0
        while try feed.advance() {
            if let previous {
                #expect(previous.texts.map { String(decoding: $0, as: UTF8.self) } == previous.row, "row \(row - 1)")
            }
            previous = ((0..<5).map { feed.column($0) }, Self.rows[row])
            row += 1
        }
        try feed.finish()
    }

    @Test("what the rows throw reaches the merge, after the rows before it")
    func failureReachesTheMerge() throws {
        let feed = MergedEntriesAhead(
            EntryRows(Self.rows, failAt: 12_345), addingTo: LedgerBookingFilter(capacity: 100))
        var count = 0
        #expect(throws: EntryRowsFailure.self) {
            while try feed.advance() { count += 1 }
        }
        #expect(count == 12_345)
        #expect(throws: EntryRowsFailure.self) { try feed.finish() }
    }

    @Test("a merge that stops early stops the reading thread too")
    func stoppedEarly() throws {
        let feed = MergedEntriesAhead(EntryRows(Self.rows), addingTo: LedgerBookingFilter(capacity: 100))
        #expect(try feed.advance())
        try feed.finish()  // returns: the reading thread, blocked on a full hand-off, is let go
    }
}
