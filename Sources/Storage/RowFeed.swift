internal import CSQLite
internal import CSQLiteFeed

/// Rows that Swift hands to one SQLite statement, which reads them as a table-valued function
/// (``Database/registerFeed(named:columns:)``): `INSERT INTO t SELECT a, b FROM NAME(?1)`, with
/// `?1` bound by ``Statement/run(feeding:at:)``. SQLite reads the rows once, in the feed's order,
/// so rows already sorted by the table's key go in without SQLite sorting them again.
public protocol RowFeed: AnyObject {
    /// The columns of every row: as many as the function was registered with.
    var columnCount: Int { get }
    /// Moves to the next row; false when there is none.
    func advance() throws -> Bool
    /// The UTF-8 text of column `index` of the current row; valid until the next ``advance()``.
    func column(_ index: Int) -> UnsafeRawBufferPointer
    /// True when every row's texts stay valid and unchanged until ``advance()`` has been called
    /// twice more: SQLite then reads them where they are instead of copying them. False by default.
    var textsOutliveNextRow: Bool { get }
    /// Writes where each column of the current row starts and how many bytes it has, column `i` at
    /// `starts[i]` and `lengths[i]`, as ``column(_:)`` gives them. By default a call of
    /// ``column(_:)`` per column; a feed whose rows have many columns can do it in one loop.
    func writeColumns(starts: UnsafeMutablePointer<UnsafePointer<CChar>?>, lengths: UnsafeMutablePointer<Int32>)
}

extension RowFeed {
    public var textsOutliveNextRow: Bool { false }

    public func writeColumns(starts: UnsafeMutablePointer<UnsafePointer<CChar>?>, lengths: UnsafeMutablePointer<Int32>)
    {
        for index in 0..<columnCount {
            let bytes = column(index)
            starts[index] = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
            lengths[index] = Int32(bytes.count)
        }
    }
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
        var callbacks = memberlink_feed(
            context: Unmanaged.passUnretained(box).toOpaque(),
            next: { context in
                // The box lives for the whole run (below): no reference counting per row.
                Unmanaged<FeedBox>.fromOpaque(context!)._withUnsafeGuaranteedRef { $0.next() }
            },
            columnCount: Int32(box.columns), texts: box.texts, lengths: box.lengths,
            textsOutliveNextRow: feed.textsOutliveNextRow ? 1 : 0)
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

/// The feed as the C callbacks reach it: the current row's texts where the C side reads them, and
/// the error the feed threw.
private final class FeedBox {
    let feed: any RowFeed
    let columns: Int
    let texts: UnsafeMutablePointer<UnsafePointer<CChar>?>
    let lengths: UnsafeMutablePointer<Int32>
    var failure: (any Error)?

    init(_ feed: any RowFeed) {
        self.feed = feed
        columns = feed.columnCount
        texts = .allocate(capacity: columns)
        texts.initialize(repeating: nil, count: columns)
        lengths = .allocate(capacity: columns)
        lengths.initialize(repeating: 0, count: columns)
    }

    deinit {
        texts.deallocate()
        lengths.deallocate()
    }

    /// Moves the feed on and publishes the row's texts: 1, 0 at the end, -1 on an error.
    func next() -> Int32 {
        do {
            guard try feed.advance() else { return 0 }
        } catch {
            failure = error
            return -1
        }
        feed.writeColumns(starts: texts, lengths: lengths)
        return 1
    }
}
