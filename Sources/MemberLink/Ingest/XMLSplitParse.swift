internal import RecordIO

/// A plain XML file read by two libxml2 parsers at once, one per segment in turn (``RecordIO/XMLSplitPlan``),
/// its events handed out in document order exactly as one parser would hand them out: the same
/// events, names numbered the same, lines the same, and the same failure at the same place.
///
/// libxml2 cannot share the parse of one document between threads, and its parse is most of the
/// cost of reading XML: with one parser, one core parses while the other mostly waits. Here worker
/// 0 parses segments 0, 2, 4…, worker 1 segments 1, 3, 5…, each from the document's prolog and root
/// start tag, while the reader's own thread takes their batches in order.
///
/// The workers' parsers pull their input (``RecordIO/XMLEventReader/init(pulling:path:limits:chunkSize:segment:)``):
/// libxml2's pull parse costs about a tenth fewer instructions than its push parse. Only a push
/// parse of the whole file speaks for the document, as every other read of XML does (its events,
/// its failures, its lines), so nothing of the workers' is taken on trust:
/// - A segment's events are handed out only after the previous segment's parse ended at a clean
///   cut (in the root's content, only the root open, nothing left but white space).
/// - When a segment does not end at a clean cut, a worker's parse fails (whichever segment it
///   began at), or the names outgrow ``RecordIO/XMLLimits/maxDistinctNames``, the workers are
///   stopped and the file is read again by one push parser from its start: the events already
///   handed out are skipped, and that parser's failure, if any, is thrown. A cut that is not
///   clean (the plan's `<booking` found inside a comment or a CDATA section) costs a second
///   reading of the file up to there; a broken file, a second reading up to its fault.
///
/// Memory: each worker runs at most ``queueCapacity`` batches (one per 64 KiB of input) ahead of
/// the reader, about one segment, so two segments' events at most are held.
final class XMLSplitParse: XMLEventSource {
    private enum Message {
        case batch(XMLEventBatch)
        /// The segment ended at a clean cut, after `lines` lines.
        case segmentEnd(lines: Int)
        /// The segment did not end at a clean cut: the next segment's parser cannot take over.
        case notClean
        case documentEnd
        /// The worker's parse failed. Not the document's failure, which only a push parse of the
        /// file tells (with its line): the reader reads the file again.
        case failed
    }

    /// Segments of this size, by default: big enough that the prolog parsed again and the thread
    /// hand-overs cost nothing, small enough that two are little memory.
    static let defaultSegmentBytes = 8 << 20
    private let queueCapacity: Int

    private let path: String
    private let displayName: String
    private let limits: XMLLimits
    private let plan: XMLSplitPlan
    private let prefixLines: Int
    private let queues: [HandOff<Message>]
    private var workers: [WorkerThread] = []

    /// The segment whose batches come next.
    private var segment = 0
    /// The file's line at the current segment's first byte.
    private var lineAtCut = 1
    private var names = XMLNameUnifier()
    private var stream = XMLNameUnifier.Stream()
    /// Events handed out so far.
    private var delivered = 0
    /// After a failure of a parser that began at a cut: one parser from the file's start, and the
    /// events it has still to skip.
    private var fallback: XMLEventReader?
    private var toSkip = 0
    private var ended = false
    /// Whether the file is being read again by one parser (for tests: a file cut only cleanly
    /// never is).
    private(set) var readsAgain = false

    /// A split read of the plain file at `path`, or nil when the file is too small, compressed or
    /// not simple enough at its start to be cut (``RecordIO/XMLSplitPlan``).
    static func open(
        path: String, displayName: String, limits: XMLLimits, segmentBytes: Int = defaultSegmentBytes
    ) throws -> XMLSplitParse? {
        guard let plan = try XMLSplitPlan.make(path: path, segmentBytes: segmentBytes) else { return nil }
        return XMLSplitParse(
            path: path, displayName: displayName, limits: limits, plan: plan, segmentBytes: segmentBytes)
    }

    private init(path: String, displayName: String, limits: XMLLimits, plan: XMLSplitPlan, segmentBytes: Int) {
        self.path = path
        self.displayName = displayName
        self.limits = limits
        self.plan = plan
        prefixLines = plan.prefix.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        queueCapacity = max(segmentBytes / (64 << 10), 1) + 8
        queues = [HandOff(capacity: queueCapacity), HandOff(capacity: queueCapacity)]
        let job = Transfer(value: (path, displayName, limits, plan))
        for worker in 0..<2 {
            let queue = queues[worker]
            workers.append(
                WorkerThread(name: "memberlink-xml\(worker)") {
                    let (path, displayName, limits, plan) = job.value
                    Self.parseSegments(
                        from: worker, path: path, displayName: displayName, limits: limits, plan: plan, into: queue)
                })
        }
    }

    deinit {
        for queue in queues { queue.abandon() }
        for worker in workers { worker.join() }
    }

    // MARK: - Workers

    /// Parses segments `first`, `first + 2`, … into `queue`, until the last one, a segment that
    /// does not end at a clean cut (then on to the document's end), a failure or a stop.
    private static func parseSegments(
        from first: Int, path: String, displayName: String, limits: XMLLimits, plan: XMLSplitPlan,
        into queue: HandOff<Message>
    ) {
        defer { queue.finish() }
        var index = first
        while index <= plan.cuts.count {
            let isLast = index == plan.cuts.count
            do {
                let source = try FileRangeByteSource(
                    path: path, from: index == 0 ? 0 : plan.cuts[index - 1].offset,
                    to: isLast ? nil : plan.cuts[index].offset)
                let reader = try XMLEventReader(
                    pulling: source, path: displayName, limits: limits,
                    segment: XMLSegment(
                        prefix: index == 0 ? nil : plan.prefix,
                        runBefore: index == 0 ? 0 : plan.cuts[index - 1].runBefore,
                        endsDocument: isLast))
                reader.skipsWhitespaceOnlyText = true
                switch try reader.pullSegment(handingBatchesTo: { queue.send(.batch($0)) }) {
                case .stopped:
                    return
                case .documentEnd:
                    _ = queue.send(.documentEnd)
                    return
                case .cleanCut:
                    guard queue.send(.segmentEnd(lines: reader.linesRead)) else { return }
                case .notClean:
                    _ = queue.send(.notClean)
                    return
                }
            } catch {
                _ = queue.send(.failed)
                return
            }
            index += 2
        }
    }

    // MARK: - Joining

    func nextBatch() throws -> XMLEventBatch? {
        while !ended {
            if fallback != nil { return try nextFromFallback() }
            guard let message = queues[segment % 2].receive() else {
                // A worker stops early only when told to; reaching here means a bug, not a file problem.
                preconditionFailure("an XML segment worker stopped without a last message")
            }
            // Consumed, so that the batch taken out of it is the only reference to its storage and
            // is renumbered in place, not copied (XMLEventBatch copies a shared storage first).
            switch consume message {
            case .batch(var batch):
                if segment > 0 { batch.shiftLines(by: lineAtCut - (1 + prefixLines)) }
                names.unify(&batch, stream: &stream)
                if names.count > limits.maxDistinctNames {
                    try startFallback()
                    continue
                }
                delivered += batch.eventCount
                return batch
            case .segmentEnd(let lines):
                lineAtCut += lines
                segment += 1
                stream = XMLNameUnifier.Stream()
            case .documentEnd:
                ended = true
            case .notClean, .failed:
                // The workers' parse pulls its input, and only the push parse of one reader speaks
                // for the document: its events from the start, its failure, its lines.
                try startFallback()
            }
        }
        return nil
    }

    /// Stops the workers and reads the file again with one parser, from its start.
    private func startFallback() throws {
        readsAgain = true
        for queue in queues { queue.abandon() }
        let reader = try XMLEventReader(source: try FileByteSource(path: path), path: displayName, limits: limits)
        reader.skipsWhitespaceOnlyText = true
        fallback = reader
        toSkip = delivered
        stream = XMLNameUnifier.Stream()
    }

    private func nextFromFallback() throws -> XMLEventBatch? {
        while let reader = fallback {
            guard var batch = try reader.nextBatch() else {
                ended = true
                return nil
            }
            names.unify(&batch, stream: &stream)
            if toSkip >= batch.eventCount {
                toSkip -= batch.eventCount
                // Names new to the document are handed on even when their events were handed out.
                if batch.newNames.isEmpty { continue }
                return batch.droppingFirstEvents(batch.eventCount)
            }
            if toSkip > 0 {
                batch = batch.droppingFirstEvents(toSkip)
                toSkip = 0
            }
            delivered += batch.eventCount
            return batch
        }
        return nil
    }
}
