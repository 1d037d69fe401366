internal import CSQLite
internal import CSQLiteFeed

/// Rows that Swift hands to one SQLite statement, which reads them as a table-valued function
/// (``Database/registerFeed(named:columns:)``): `INSERT INTO t SELECT a, b FROM NAME(?1)`, with
/// `?1` bound by ``Statement/run(feeding:at:)``. SQLite reads the rows once, in the feed's order,
/// so rows already sorted by the table's key go in without SQLite sorting them again.
public protocol RowFeed: AnyObject {
    /// Moves to the next row; false when there is none.
    func advance() throws -> Bool
    /// The UTF-8 text of column `index` of the current row; valid until the next ``advance()``.
    func column(_ index: Int) -> UnsafeRawBufferPointer
}

extension Database {
    /// Registers the table-valued function `name`, whose columns (all text) are `columns` and
    /// whose rows are those of the feed given as its one argument. Once per connection and name.
    public func registerFeed(named name: String, columns: [String]) throws {
        let rc = memberlink_feed_register(handle, name, columns.joined(separator: ", "))
        guard rc == SQLITE_OK else { throw error(rc) }
    }
}

extension Statement {
    /// Runs the statement to its end with `feed` bound as parameter `index` (the argument of a
    /// function registered by ``Database/registerFeed(named:columns:)``), then resets it. An error
    /// the feed throws is rethrown as it was.
    public func run(feeding feed: any RowFeed, at index: Int32) throws {
        let box = FeedBox(feed)
        let context = Unmanaged.passUnretained(box).toOpaque()
        var callbacks = memberlink_feed(
            context: context,
            next: { context in
                let box = Unmanaged<FeedBox>.fromOpaque(context!).takeUnretainedValue()
                do {
                    return try box.feed.advance() ? 1 : 0
                } catch {
                    box.failure = error
                    return -1
                }
            },
            column: { context, column, text, length in
                let box = Unmanaged<FeedBox>.fromOpaque(context!).takeUnretainedValue()
                let bytes = box.feed.column(Int(column))
                text!.pointee = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
                length!.pointee = Int32(bytes.count)
            })
        try withExtendedLifetime(box) {
            try withUnsafeMutablePointer(to: &callbacks) { callbacks in
                defer { reset() }
                let rc = memberlink_feed_bind(handle, index, callbacks)
                guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
                do {
                    while try step() {}
                } catch {
                    throw box.failure ?? error
                }
            }
        }
    }
}

/// The feed as the C callbacks reach it, with the error it threw.
private final class FeedBox {
    let feed: any RowFeed
    var failure: (any Error)?

    init(_ feed: any RowFeed) { self.feed = feed }
}
