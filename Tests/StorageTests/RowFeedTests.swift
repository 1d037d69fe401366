import Storage
import Testing

/// Rows from an array of rows of text, in order.
private final class ArrayFeed: RowFeed {
    let rows: [[String]]
    var position = -1
    var current: [[UInt8]] = []
    /// Throws when asked for the row at this position.
    var failAt: Int?

    init(_ rows: [[String]], failAt: Int? = nil) {
        self.rows = rows
        self.failAt = failAt
    }

    func advance() throws -> Bool {
        position += 1
        if position == failAt { throw FeedFailure() }
        guard position < rows.count else { return false }
        current = rows[position].map { Array($0.utf8) }
        return true
    }

    var columnCount: Int { 2 }

    func column(_ index: Int) -> UnsafeRawBufferPointer {
        current[index].withUnsafeBytes { $0 }  // the array outlives the call: kept in `current`
    }
}

private struct FeedFailure: Error {}

/// Rows whose texts all stay where they are for the whole feed: SQLite may read them in place.
private final class LastingFeed: RowFeed {
    let rows: [[[UInt8]]]
    var position = -1

    init(_ rows: [[String]]) { self.rows = rows.map { $0.map { Array($0.utf8) } } }

    func advance() throws -> Bool {
        position += 1
        return position < rows.count
    }

    var columnCount: Int { 2 }
    var textsOutliveNextRow: Bool { true }

    func column(_ index: Int) -> UnsafeRawBufferPointer {
        rows[position][index].withUnsafeBytes { $0 }  // `rows` outlives the feed's use
    }
}

@Suite("Rows fed to SQLite from Swift")
struct RowFeedTests {
    let folder: ScratchFolder
    let database: Database

    init() throws {
        folder = try ScratchFolder()
        database = try Database(path: folder.file("feed.sqlite"))
        try database.execute("CREATE TABLE t (key TEXT PRIMARY KEY, value TEXT NOT NULL, position INTEGER)")
        try database.registerFeed(named: "rows", columns: ["key", "value"])
    }

    @Test("every row goes in, in the feed's order, its text byte for byte")
    func rowsInOrder() throws {
        let insert = try database.prepare(
            "INSERT INTO t (key, value, position) SELECT key, value, rowid FROM rows(?1)")
        try insert.run(feeding: ArrayFeed([["b", "Đoàn"], ["a", ""], ["c", "x,y\"z"]]), at: 1)
        let read = try database.prepare("SELECT key, value, position FROM t ORDER BY position")
        var found: [[String]] = []
        while try read.step() { found.append([read.text(at: 0), read.text(at: 1), read.text(at: 2)]) }
        #expect(found == [["b", "Đoàn", "1"], ["a", "", "2"], ["c", "x,y\"z", "3"]])
    }

    @Test("texts that outlive the next row are read in place and stored byte for byte, through ON CONFLICT too")
    func textsReadInPlace() throws {
        let upsert = try database.prepare(
            "INSERT INTO t (key, value) SELECT key, value FROM rows(?1) WHERE true "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        let rows = (0..<5_000).map { ["k\($0 % 4_000)", "Đoàn \($0)"] }
        try upsert.run(feeding: LastingFeed(rows), at: 1)
        let read = try database.prepare("SELECT key, value FROM t ORDER BY CAST(substr(key, 2) AS INTEGER)")
        var found: [[String]] = []
        while try read.step() { found.append([read.text(at: 0), read.text(at: 1)]) }
        let expected = (0..<4_000).map { ["k\($0)", "Đoàn \($0 < 1_000 ? $0 + 4_000 : $0)"] }
        #expect(found == expected)
    }

    @Test("a later row of the same key wins through ON CONFLICT, and the statement runs again")
    func upsertInFeedOrder() throws {
        let upsert = try database.prepare(
            "INSERT INTO t (key, value) SELECT key, value FROM rows(?1) WHERE true "
                + "ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        try upsert.run(feeding: ArrayFeed([["k", "first"], ["k", "second"]]), at: 1)
        try upsert.run(feeding: ArrayFeed([["k", "third"], ["m", "one"]]), at: 1)
        let read = try database.prepare("SELECT key, value FROM t ORDER BY key")
        var found: [String] = []
        while try read.step() { found.append(read.text(at: 0) + "=" + read.text(at: 1)) }
        #expect(found == ["k=third", "m=one"])
    }

    @Test("an error thrown by the feed is the statement's error, and the transaction rolls it back")
    func feedErrorPropagates() throws {
        let insert = try database.prepare("INSERT INTO t (key, value) SELECT key, value FROM rows(?1)")
        try database.execute("BEGIN")
        #expect(throws: FeedFailure.self) {
            try insert.run(feeding: ArrayFeed([["a", "1"], ["b", "2"], ["c", "3"]], failAt: 2), at: 1)
        }
        try database.execute("ROLLBACK")
        let count = try database.prepare("SELECT count(*) FROM t")
        _ = try count.step()
        #expect(count.int64(at: 0) == 0)
    }

    @Test("without its feed the function is refused, not read as empty")
    func feedRequired() throws {
        #expect(throws: SQLiteError.self) { try database.prepare("SELECT key FROM rows") }
    }
}
