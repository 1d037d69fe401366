internal import RecordIO
import Storage

/// The ledger merge's rows read ahead on a thread of their own: that thread merges the staged runs
/// (``AttachmentStage/mergedEntries()``), adds each booking to the ledger's filter and hands the
/// rows over in blocks, while the merging thread has SQLite insert them. At the end of a run the
/// merge is the one thing left to do, and SQLite's inserting is most of it: the reading and the
/// filter no longer wait in line with it.
///
/// Memory stays bounded: at most ``blocksAhead`` blocks of about ``blockBytes`` wait.
final class MergedEntriesAhead: RowFeed, @unchecked Sendable {
    static let blocksAhead = 4
    static let blockBytes = 256 << 10

    let columnCount: Int
    private let handOff = HandOff<RowBlock>(capacity: MergedEntriesAhead.blocksAhead)
    private var thread: WorkerThread?
    /// Written by the reading thread only, read after ``finish()`` joined it.
    private var filter: LedgerBookingFilter
    private var failure: (any Error)?
    /// The block being given to SQLite, and the row of it that is current.
    private var block: RowBlock?
    private var row = 0
    /// The block before, kept until the next is taken: a row's texts outlive the next row.
    private var previousBlock: RowBlock?

    var textsOutliveNextRow: Bool { true }

    /// Starts reading `rows` (whose columns 0 and 1 are the system and the upper-cased booking
    /// code, as ``StagedRuns/columns``) and adding their bookings to `filter`.
    init(_ rows: any RowFeed, addingTo filter: LedgerBookingFilter) {
        columnCount = rows.columnCount
        self.filter = filter
        let rows = Transfer(value: rows)
        thread = WorkerThread(name: "memberlink-runs") { [self] in
            readAhead(rows.value)
        }
    }

    private func readAhead(_ rows: any RowFeed) {
        defer { handOff.finish() }
        var block = RowBlock(columns: columnCount, bytes: Self.blockBytes)
        // Each booking goes into the filter eight rows after its block is prefetched.
        var delayed = InlineArray<8, UInt64>(repeating: 0)
        var delayedCount = 0
        var oldest = 0
        defer {
            for index in 0..<delayedCount { filter.insert(delayed[index]) }
        }
        do {
            while try rows.advance() {
                let hash = LedgerBookingFilter.hash(system: rows.column(0), bookingCode: rows.column(1))
                filter.prefetch(hash)
                if delayedCount < delayed.count {
                    delayed[delayedCount] = hash
                    delayedCount += 1
                } else {
                    filter.insert(delayed[oldest])
                    delayed[oldest] = hash
                    oldest = (oldest + 1) & (delayed.count - 1)
                }
                for column in 0..<columnCount { block.append(rows.column(column)) }
                if block.isFull {
                    guard handOff.send(block) else { return }  // the merge stopped
                    block = RowBlock(columns: columnCount, bytes: Self.blockBytes)
                }
            }
        } catch {
            failure = error  // given after the rows read before it
        }
        if block.rowCount > 0 { _ = handOff.send(block) }
    }

    func advance() throws -> Bool {
        row += 1
        if let block, row < block.rowCount { return true }
        previousBlock = block
        guard let next = handOff.receive() else {
            block = nil
            // The reading thread wrote `failure` before it finished the hand-off.
            if let failure { throw failure }
            return false
        }
        block = next
        row = 0
        return true
    }

    func column(_ index: Int) -> UnsafeRawBufferPointer {
        block.unsafelyUnwrapped.text(row * columnCount + index)
    }

    /// Stops the reading thread (when the merge stopped early) and waits for it: the filter with
    /// every booking read added, or what reading threw.
    @discardableResult
    func finish() throws -> LedgerBookingFilter {
        handOff.abandon()
        thread?.join()
        thread = nil
        if let failure { throw failure }
        return filter
    }

    /// Rows back to back: their texts in one buffer, where each ends in another.
    private final class RowBlock {
        private var texts: ByteBuffer
        private let capacity: Int
        /// Where each text ends, after a leading 0: text `n` is `ends[n]..<ends[n + 1]`.
        private var ends: [Int]
        private let columns: Int

        init(columns: Int, bytes capacity: Int) {
            self.columns = columns
            self.capacity = capacity
            texts = ByteBuffer(capacity: capacity)
            ends = [0]
            ends.reserveCapacity(capacity / 8)
        }

        var rowCount: Int { (ends.count - 1) / columns }

        /// Full once less than a row's usual size is left (a longer row still fits: the buffer
        /// grows for it, and is not read before the block is handed over).
        var isFull: Bool { capacity - texts.count < 1024 }

        func append(_ text: UnsafeRawBufferPointer) {
            texts.append(text)
            ends.append(texts.count)
        }

        func text(_ index: Int) -> UnsafeRawBufferPointer {
            let start = ends[index]
            return UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(texts.bytes)[start..<ends[index + 1]])
        }
    }
}
