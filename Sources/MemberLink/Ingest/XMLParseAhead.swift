public import RecordIO

/// Where ``XMLBookingReader`` takes its events from: libxml2's parser on the same thread
/// (``RecordIO/XMLEventReader``) or on a thread of its own (``XMLParseAhead``).
protocol XMLEventSource: AnyObject {
    /// The next batch of events in document order (batches in order, see
    /// ``RecordIO/XMLNameTable``), or nil at the end of the document.
    func nextBatch() throws -> XMLEventBatch?
}

extension XMLEventReader: XMLEventSource {}

/// libxml2's parsing and the making of events on a thread of their own, handed over in document
/// order, one ``RecordIO/XMLEventBatch`` per chunk of input (``BatchedProducer``): reading XML
/// costs about as much in the parser as in turning events into records, so the two halves run on
/// both cores. A failure (not well-formed, a DTD, a limit) arrives after every batch before it, as
/// on one thread.
///
/// The event reader is handed over: only the parsing thread touches it, until the parse-ahead
/// goes away (its deinit stops and joins the thread).
final class XMLParseAhead: XMLEventSource {
    private let producer: BatchedProducer<XMLEventBatch>
    private var batches: [XMLEventBatch] = []
    private var position = 0
    private var ended = false

    init(_ events: XMLEventReader) {
        let transfer = Transfer(value: events)
        // A batch is one 64 KiB chunk's events: a handful per hand-over is plenty.
        producer = BatchedProducer(name: "memberlink-xml", batchSize: 4) { batches, limit in
            while batches.count < limit {
                guard let batch = try transfer.value.nextBatch() else { return false }
                batches.append(batch)
            }
            return true
        }
    }

    deinit { producer.stop() }

    func nextBatch() throws -> XMLEventBatch? {
        while position == batches.count {
            guard !ended else { return nil }
            do {
                guard let next = try producer.next() else {
                    ended = true
                    return nil
                }
                batches = next
                position = 0
            } catch {
                ended = true
                throw error
            }
        }
        defer { position += 1 }
        return batches[position]
    }
}
