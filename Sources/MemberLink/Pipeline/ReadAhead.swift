/// The second pass's reading and record-level validation (CONTRACT §2 step 1), on a thread of its
/// own: while the calling thread decides bookings, this one tokenizes, decodes and validates the
/// records after them. Records come out in file order, in batches, so the outputs are the same
/// bytes as when everything ran on one thread.
///
/// With a `finder`, step 4 is done ahead too, on a third thread, for the records without findings:
/// finding the member depends on the record alone, and it costs as much as reading and validating
/// together, so the two run side by side instead of one after the other.
///
/// The reader and the finder are handed over: from ``init(reader:validator:finder:)`` until
/// ``stop()`` returns, only the reading thread touches the reader and only the finding thread the
/// finder.
final class ReadAhead {
    /// One row of the file as the booking window takes it: a row that could not be read, or a
    /// record with its findings. A struct of two optionals rather than an enum: a record is moved
    /// out of it (`entry.take()`) and changed where it lies, where taking an enum's payload out
    /// copied it (a reference count per array and long string of the record).
    struct Item {
        /// Exactly one of the two is set.
        ///
        /// Made with the memberwise initializer, which has no declaration here: a struct with an
        /// initializer of its own was built on the stack and then copied into the batch, the
        /// original destroyed (a count up and down of every array and long string of the record;
        /// Swift 6.3's optimizer, `Benchmarks/README.md`).
        var malformed: MalformedRow?
        var entry: BookingWindow.Entry?
    }

    private let reading: BatchedProducer<Item>
    /// Looks up the members of `reading`'s records; nil without a finder.
    private let finding: BatchedProducer<Item>?

    /// Records per hand-over.
    static let batchSize = 256
    /// How many records ahead of its lookup a record's lookup table slot is prefetched.
    static let prefetchDistance = 4

    init(reader: any BookingRowReader, validator: RecordValidator, finder: MemberFinder?) {
        let transferredReader = Transfer(value: reader)
        let reading = BatchedProducer<Item>(name: "memberlink-read", batchSize: Self.batchSize) { batch, limit in
            let reader = transferredReader.value
            while batch.count < limit {
                guard let row = try reader.next() else { return false }
                // Consumed: the record and its row are moved into the batch, not counted up and down.
                switch consume row {
                case .malformed(let malformed):
                    batch.append(Item(malformed: malformed, entry: nil))
                case .record(let record, let raw):
                    // Validated before the record is moved into the entry.
                    let errors = validator.validate(record)
                    batch.append(
                        Item(malformed: nil, entry: BookingWindow.Entry(record: record, raw: raw, errors: errors)))
                }
            }
            return true
        }
        self.reading = reading
        guard let finder else {
            finding = nil
            return
        }
        let transferred = Transfer(value: (reading, finder))
        finding = BatchedProducer<Item>(name: "memberlink-find", batchSize: Self.batchSize) { batch, _ in
            let (reading, finder) = transferred.value
            guard let items = try reading.next() else { return false }
            batch = items
            // Each entry changed where it lies: copying it out and back retained and released
            // every array and long string of its record.
            try batch.withUnsafeMutableBufferPointer { batch in
                // The member records of the batch's lookups by FFN read in one system call; the
                // read-ahead brought their lookup slots into the cache too.
                var hashes: [UInt64] = []
                hashes.reserveCapacity(batch.count)
                for index in batch.indices { batch[index].addFFNHash(with: finder, to: &hashes) }
                let readAhead = finder.readAhead(hashes: hashes)
                // Else each record's slot in the lookup table prefetched a few records before its
                // lookup: a cache miss each, overlapped with the lookups before it.
                if !readAhead {
                    for index in batch.indices.prefix(Self.prefetchDistance) {
                        batch[index].prefetchMember(with: finder)
                    }
                }
                for index in batch.indices {
                    if !readAhead, index + Self.prefetchDistance < batch.count {
                        batch[index + Self.prefetchDistance].prefetchMember(with: finder)
                    }
                    try batch[index].findMember(with: finder)
                }
            }
            return true
        }
    }

    /// The next rows in file order; nil at the end of the file.
    /// - Throws: what the reader threw (an I/O error, a file cut short), after the rows before it.
    func next() throws -> [Item]? { try (finding ?? reading).next() }

    /// Stops reading (when the file is abandoned early) and waits for the threads. The reading
    /// thread stops first: a finding thread waiting for its records then gets none and ends.
    func stop() {
        reading.stop()
        finding?.stop()
    }
}

extension ReadAhead.Item {
    /// Starts bringing into the cache what ``findMember(with:)`` will read first (a hint).
    /// Mutating though it changes nothing: the item is then used where it lies, where a
    /// non-mutating call copied it (every array and long string of its record counted up and down).
    mutating func prefetchMember(with finder: MemberFinder) {
        guard entry?.errors.isEmpty == true else { return }
        finder.prefetch(entry!.record)
    }

    /// Adds the hash of the FFN ``findMember(with:)`` will look the entry up by first, if any.
    mutating func addFFNHash(with finder: MemberFinder, to hashes: inout [UInt64]) {
        guard entry?.errors.isEmpty == true else { return }
        finder.addFFNHash(of: entry!.record, to: &hashes)
    }

    /// Step 4 for an entry without record-level findings: its lookup, set in place.
    mutating func findMember(with finder: MemberFinder) throws {
        guard entry?.errors.isEmpty == true else { return }
        entry!.lookup = try finder.find(entry!.record)
    }
}
