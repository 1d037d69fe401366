/// The second pass's reading and record-level validation (CONTRACT §2 step 1), on a thread of its
/// own: while the calling thread decides bookings and looks members up, this one tokenizes,
/// decodes and validates the records after them. Records come out in file order, in batches, so
/// the outputs are the same bytes as when everything ran on one thread.
///
/// With a `finder`, it also does steps 4 and 7 (the ledger of earlier runs) for the records without
/// findings: they depend on the record alone, and they are the largest part of deciding a booking.
///
/// The reader and the finder are handed over: from ``init(reader:validator:finder:)`` until
/// ``stop()`` returns, only the read-ahead thread touches them.
final class ReadAhead {
    /// One row of the file as the booking window takes it.
    enum Item {
        case malformed(MalformedRow)
        case entry(BookingWindow.Entry)
    }

    private enum Message {
        case items([Item])
        case failed(any Error)
    }

    /// Rows per hand-over: enough to make the locking negligible, few enough to keep memory small.
    static let batchSize = 256
    private let handOff = HandOff<Message>(capacity: 16)
    private let thread: WorkerThread

    init(reader: any BookingRowReader, validator: RecordValidator, finder: MemberFinder?) {
        let handOff = self.handOff
        let transfer = Transfer(value: (reader, finder))
        thread = WorkerThread(name: "memberlink-read") {
            let (reader, finder) = transfer.value
            var batch: [Item] = []
            batch.reserveCapacity(Self.batchSize)
            do {
                while let row = try reader.next() {
                    switch row {
                    case .malformed(let malformed):
                        batch.append(.malformed(malformed))
                    case .record(let record, let raw):
                        var entry = BookingWindow.Entry(record: record, raw: raw, errors: validator.validate(record))
                        if entry.errors.isEmpty, let finder { entry.ahead = try finder.findAhead(record) }
                        batch.append(.entry(entry))
                    }
                    if batch.count == Self.batchSize {
                        guard handOff.send(.items(batch)) else { return }  // the consumer stopped
                        batch = []
                        batch.reserveCapacity(Self.batchSize)
                    }
                }
                if !batch.isEmpty, !handOff.send(.items(batch)) { return }
            } catch {
                _ = handOff.send(.failed(error))
            }
            handOff.finish()
        }
    }

    /// The next rows in file order; nil at the end of the file.
    /// - Throws: what the reader threw (an I/O error, a file cut short), after the rows before it.
    func next() throws -> [Item]? {
        switch handOff.receive() {
        case nil: return nil
        case .items(let items): return items
        case .failed(let error): throw error
        }
    }

    /// Stops reading (when the file is abandoned early) and waits for the thread. Call it once the
    /// rows are no longer wanted, whether or not the end was reached.
    func stop() {
        handOff.abandon()
        thread.join()
    }
}
