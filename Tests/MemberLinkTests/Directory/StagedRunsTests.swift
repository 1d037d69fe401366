import Foundation
import Storage
import Testing

@testable import MemberLink

/// The staged attachments as the ledger merge reads them (``StagedRuns``): every committed entry
/// once, by merge order, entries of one merge order in the order they were staged, across runs.
@Suite("Staged attachments in sorted runs")
struct StagedRunsTests {
    /// Every row of a feed, its five texts.
    static func rows(_ runs: StagedRuns) throws -> [[String]] {
        let feed = try runs.merged()
        var rows: [[String]] = []
        while try feed.advance() {
            rows.append((0..<5).map { String(decoding: feed.column($0), as: UTF8.self) })
        }
        return rows
    }

    static func add(_ runs: StagedRuns, order: Int64, passenger: String, membership: String) throws {
        try runs.add(
            order: order, system: "1A", bookingCode: "B\(order)", passengerId: passenger, airline: "VN",
            membershipId: membership)
    }

    @Test("entries come out by merge order, ties in staging order, across runs and files")
    func mergeOrderAcrossRuns() throws {
        let runs = StagedRuns(folder: nil, entriesPerRun: 7)
        var generator = SystemRandomNumberGenerator()
        var staged: [(order: Int64, sequence: Int)] = []
        for file in 0..<3 {
            for _ in 0..<40 {
                let order = Int64.random(in: -3...3, using: &generator)
                staged.append((order, staged.count))
                try Self.add(runs, order: order, passenger: "P\(staged.count - 1)", membership: "file\(file)")
            }
            try runs.commitFile()
        }
        let expected = staged.sorted { $0.order != $1.order ? $0.order < $1.order : $0.sequence < $1.sequence }
        let rows = try Self.rows(runs)
        #expect(rows.map { $0[2] } == expected.map { "P\($0.sequence)" })
        #expect(rows.map { $0[1] } == expected.map { "B\($0.order)" })
        // Merged a second time (a merge rolled back and run again): the same rows.
        #expect(try Self.rows(runs) == rows)
    }

    @Test("a discarded file's entries are not merged, whether written as runs or still in memory")
    func discardedFileLeavesNothing() throws {
        let runs = StagedRuns(folder: nil, entriesPerRun: 4)
        try Self.add(runs, order: 2, passenger: "kept", membership: "1")
        try runs.commitFile()
        for index in 0..<9 { try Self.add(runs, order: Int64(index), passenger: "dropped", membership: "2") }
        runs.discardFile()
        try Self.add(runs, order: 1, passenger: "later", membership: "3")
        try runs.commitFile()
        #expect(try Self.rows(runs).map { $0[2] } == ["later", "kept"])
    }

    @Test("texts longer than the read buffer and non-ASCII texts come back byte for byte")
    func longAndNonASCIITexts() throws {
        let runs = StagedRuns(folder: nil, entriesPerRun: 3)
        let long = String(repeating: "Đoàn-", count: StagedRuns.readBufferSize / 3)
        for index in 0..<5 {
            try runs.add(
                order: Int64(5 - index), system: "1A", bookingCode: "ÀBC\(index)", passengerId: index == 2 ? long : "P",
                airline: "", membershipId: "M\(index)")
        }
        try runs.commitFile()
        let rows = try Self.rows(runs)
        #expect(rows.map { $0[4] } == ["M4", "M3", "M2", "M1", "M0"])
        #expect(rows[2][2] == long && rows[2][1] == "ÀBC2" && rows[2][3] == "")
    }

    @Test("nothing staged: the merge gives no rows")
    func empty() throws {
        let runs = StagedRuns(folder: nil)
        try runs.commitFile()
        #expect(try Self.rows(runs).isEmpty)
    }
}
