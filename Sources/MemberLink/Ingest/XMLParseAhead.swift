public import RecordIO

/// Where ``XMLBookingReader`` takes its events from: libxml2's parser on the same thread
/// (``RecordIO/XMLEventReader``) or on a thread of its own (``XMLParseAhead``).
protocol XMLEventSource: AnyObject {
    func next() throws -> XMLEvent?
}

extension XMLEventReader: XMLEventSource {}

/// libxml2's parsing and the making of events on a thread of their own, handed over in document
/// order in batches (``HandOff``): reading XML costs about as much in the parser as in turning
/// events into records, so the two halves run on both cores. A failure (not well-formed, a DTD, a
/// limit) arrives after every event before it, as on one thread.
///
/// The event reader is handed over: only the parsing thread touches it, until the parse-ahead
/// goes away (its deinit stops and joins the thread).
final class XMLParseAhead: XMLEventSource {
    private enum Message {
        case events([XMLEvent])
        case failed(any Error)
    }

    private let handOff = HandOff<Message>(capacity: 16)
    private let thread: WorkerThread
    private var batch: [XMLEvent] = []
    private var position = 0
    private var ended = false

    init(_ events: XMLEventReader) {
        let handOff = self.handOff
        let transfer = Transfer(value: events)
        thread = WorkerThread(name: "memberlink-xml") {
            let events = transfer.value
            var batch: [XMLEvent] = []
            batch.reserveCapacity(1024)
            do {
                while let event = try events.next() {
                    batch.append(event)
                    if batch.count == 1024 {
                        guard handOff.send(.events(batch)) else { return }  // the reader went away
                        batch.removeAll(keepingCapacity: true)
                    }
                }
                if !batch.isEmpty, !handOff.send(.events(batch)) { return }
            } catch {
                if !batch.isEmpty, !handOff.send(.events(batch)) { return }
                _ = handOff.send(.failed(error))
            }
            handOff.finish()
        }
    }

    deinit {
        handOff.abandon()
        thread.join()
    }

    func next() throws -> XMLEvent? {
        while position == batch.count {
            guard !ended else { return nil }
            switch handOff.receive() {
            case nil:
                ended = true
                return nil
            case .events(let events):
                batch = events
                position = 0
            case .failed(let error):
                ended = true
                throw error
            }
        }
        defer { position += 1 }
        return batch[position]
    }
}
