/// The writing of one input file's outputs (CONTRACT §4) on a thread of its own: formatting
/// `results.csv`, `errors.csv`, `errors.jsonl`, `attachments.jsonl` and `rejects/NAME` lines and
/// writing them, while the calling thread goes on deciding the bookings after them. Records are
/// written in the order they are sent, which is input order (``OrderedEmitter``).
///
/// It also stages each booking's new attachments in the directory's stage (when one is given):
/// the current file's lookups never need them, and later files see them once the file commits.
///
/// `outputs` and the stage's writing side are handed over: from ``init(outputs:directory:summary:)``
/// until ``finish()`` or ``stop()`` returns, only the write-behind thread touches them.
final class WriteBehind: @unchecked Sendable {
    private let handOff = HandOff<[InputFileProcessor.Finished]>(capacity: 16)
    private var thread: WorkerThread?
    // Written by the thread only, read by the caller only after joining it.
    private var summary: RunSummary.FileSummary
    private var attachmentRequests = 0
    private var failure: (any Error)?
    private var pending: [InputFileProcessor.Finished] = []

    /// Records per hand-over.
    static let batchSize = 256

    init(outputs: RunOutputs, directory: MemberDirectory?, summary: RunSummary.FileSummary) {
        self.summary = summary
        pending.reserveCapacity(Self.batchSize)
        let transfer = Transfer(value: (outputs, directory))
        thread = WorkerThread(name: "memberlink-out") { [self] in
            let (outputs, directory) = transfer.value
            while var batch = handOff.receive() {
                do {
                    // Each record used where it lies in the batch (passed `inout`, through the
                    // array's in-place access): `for finished in batch`, or passing `batch[index]`
                    // by value, copied every one (a reference count per string and array of it)
                    // only to release it again; reversing the batch to pop its records moved each
                    // twice (0.5% of a run's instructions, twenty-eighth session).
                    for index in batch.indices {
                        // The request moved out of its record: read through the record's optional,
                        // it was copied whole (each string and array counted up and down) twice.
                        let request = batch[index].attachmentRequest.take()
                        try write(&batch[index], to: outputs)
                        if let request {
                            try outputs.addAttachmentRequest(
                                system: request.system, bookingCode: request.bookingCode,
                                passengers: request.passengers)
                            attachmentRequests += 1
                            if !request.ledgerEntries.isEmpty { try directory?.stageAttachments(request.ledgerEntries) }
                        }
                    }
                } catch {
                    failure = error
                    handOff.abandon()  // the caller's next send fails and it collects the error
                    return
                }
            }
        }
    }

    /// Writes a record's lines (its booking's request, if any, is written by the caller).
    private func write(_ finished: inout InputFileProcessor.Finished, to outputs: RunOutputs) throws {
        summary.count(finished.record.outcome.code)
        try outputs.add(finished.record, raw: finished.raw)
    }

    /// Queues one record for writing.
    /// - Throws: the error that stopped the writing thread (a full disk, a card number in a field).
    func add(_ finished: consuming InputFileProcessor.Finished) throws {
        pending.append(consume finished)
        if pending.count == Self.batchSize { try flush() }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        // Handed over whole, with no reference kept here (``HandOff/send(_:)``).
        var batch: [InputFileProcessor.Finished] = []
        batch.reserveCapacity(Self.batchSize)
        swap(&batch, &pending)
        guard handOff.send(consume batch) else {
            stop()
            throw failure ?? CancellationError()
        }
    }

    /// Writes what is queued, waits for the thread and returns what was written.
    /// - Throws: the error that stopped the writing thread.
    func finish() throws -> (summary: RunSummary.FileSummary, attachmentRequests: Int) {
        try flush()
        handOff.finish()
        thread?.join()
        thread = nil
        if let failure { throw failure }
        return (summary, attachmentRequests)
    }

    /// Stops writing without waiting for what is queued, and waits for the thread.
    func stop() {
        handOff.abandon()
        thread?.join()
        thread = nil
    }
}
