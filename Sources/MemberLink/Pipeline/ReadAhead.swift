/// The second pass's reading and record-level validation (CONTRACT §2 step 1), on a thread of its
/// own: while the calling thread decides bookings, this one tokenizes, decodes and validates the
/// records after them. Records come out in file order, in batches, so the outputs are the same
/// bytes as when everything ran on one thread.
///
/// With a `finder`, it also does step 4 for the records without findings: finding the member
/// depends on the record alone, and it is the largest part of deciding a booking.
///
/// The reader and the finder are handed over: from ``init(reader:validator:finder:)`` until
/// ``stop()`` returns, only the read-ahead thread touches them.
final class ReadAhead {
    /// One row of the file as the booking window takes it.
    enum Item {
        case malformed(MalformedRow)
        case entry(BookingWindow.Entry)
    }

    private let producer: BatchedProducer<Item>

    init(reader: any BookingRowReader, validator: RecordValidator, finder: MemberFinder?) {
        let transfer = Transfer(value: (reader, finder))
        producer = BatchedProducer(name: "memberlink-read", batchSize: 256) { batch, limit in
            let (reader, finder) = transfer.value
            while batch.count < limit {
                switch try reader.next() {
                case nil:
                    return false
                case .malformed(let malformed):
                    batch.append(.malformed(malformed))
                case .record(let record, let raw):
                    var entry = BookingWindow.Entry(record: record, raw: raw, errors: validator.validate(record))
                    if entry.errors.isEmpty, let finder { entry.lookup = try finder.find(record) }
                    batch.append(.entry(entry))
                }
            }
            return true
        }
    }

    /// The next rows in file order; nil at the end of the file.
    /// - Throws: what the reader threw (an I/O error, a file cut short), after the rows before it.
    func next() throws -> [Item]? { try producer.next() }

    /// Stops reading (when the file is abandoned early) and waits for the thread.
    func stop() { producer.stop() }
}
