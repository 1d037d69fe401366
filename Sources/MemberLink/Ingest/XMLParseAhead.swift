public import RecordIO

/// Where ``XMLBookingReader`` takes its events from: libxml2's parser on the same thread
/// (``RecordIO/XMLEventReader``) or on a thread of its own (``XMLParseAhead``).
protocol XMLEventSource: AnyObject {
    func next() throws -> XMLEvent?
}

extension XMLEventReader: XMLEventSource {}

/// libxml2's parsing and the making of events on a thread of their own, handed over in document
/// order in batches (``BatchedProducer``): reading XML costs about as much in the parser as in turning
/// events into records, so the two halves run on both cores. A failure (not well-formed, a DTD, a
/// limit) arrives after every event before it, as on one thread.
///
/// The event reader is handed over: only the parsing thread touches it, until the parse-ahead
/// goes away (its deinit stops and joins the thread).
final class XMLParseAhead: XMLEventSource {
    private let producer: BatchedProducer<XMLEvent>
    private var batch: [XMLEvent] = []
    private var position = 0
    private var ended = false

    init(_ events: XMLEventReader) {
        let transfer = Transfer(value: events)
        producer = BatchedProducer(name: "memberlink-xml", batchSize: 1024) { batch, limit in
            while batch.count < limit {
                guard let event = try transfer.value.next() else { return false }
                batch.append(event)
            }
            return true
        }
    }

    deinit { producer.stop() }

    func next() throws -> XMLEvent? {
        while position == batch.count {
            guard !ended else { return nil }
            do {
                guard let events = try producer.next() else {
                    ended = true
                    return nil
                }
                batch = events
                position = 0
            } catch {
                ended = true
                throw error
            }
        }
        defer { position += 1 }
        return batch[position]
    }
}
