internal import CByteScan

/// A streaming RFC 4180 tokenizer over bytes: a cursor whose `next()` returns one ``CSVRow`` at a
/// time, in order, with memory bounded by the largest record (capped by `maxRecordBytes`) and the
/// chunk size, never by the file.
///
/// - Quoted fields with `""` escapes, delimiters and line breaks inside quotes.
/// - CRLF or LF line ends; a UTF-8 byte order mark before the first row is skipped (and kept in the
///   first row's ``CSVRow/raw``, so rejected rows can be written back exactly).
/// - Completely empty lines are skipped; they are not records.
/// - A row that breaks the format comes back with ``CSVRow/problem`` set and the reader carries on:
///   a broken single-line row ends at its line end. When a quoting problem shows up in a row that
///   has already run over several lines (an opening quote that was never closed), only the row's
///   first line is reported as broken and reading resumes on the line after it, so one stray quote
///   cannot swallow the records that follow.
/// - A row longer than `maxRecordBytes` is reported as `tooLarge` without being held in memory, and
///   reading resumes after its line end. A quoted field that is still open past that size after a
///   line break is taken for an unclosed quote: its first line is reported, and reading resumes on
///   the line after it, as above.
///
/// Encodings are not this type's business: it splits bytes, and ``CSVRow/text(_:encoding:)`` decodes.
public final class CSVTokenizer {
    private enum State {
        case fieldStart, unquoted, quoted, quoteInQuoted
        case afterCarriageReturn(closedQuote: Bool)
        case skipToLineEnd, discardToLineEnd
    }

    private static let quote = UInt8(ascii: "\"")
    private static let lineFeed = UInt8(ascii: "\n")
    private static let carriageReturn = UInt8(ascii: "\r")

    private let source: any ByteSource
    private let delimiter: UInt8
    private let maxRecordBytes: Int
    private let chunk: UnsafeMutableRawBufferPointer
    /// For each byte value, whether it ends a run of unquoted field bytes: the delimiter, LF, CR,
    /// a quote or NUL. One load per byte instead of five comparisons.
    private let endsUnquotedRun: UnsafeMutablePointer<Bool>
    private var position = 0
    private var limit = 0
    /// Bytes to read again before the source: the rest of a row that was cut back to its first line.
    private var replay: [UInt8] = []
    private var replayOffset = 0
    private var sourceEnded = false
    private var checkedByteOrderMark = false
    private var byteOrderMark: [UInt8] = []
    private var nextLine = 1

    // The row being read.
    private var state = State.fieldStart
    private var startLine = 1
    private var raw: [UInt8] = []
    private var rawStart = 0
    /// The row's fields; handed to the row that ends, and reclaimed when the next row starts.
    private var fields: CSVFieldBuffer
    /// ``fields`` again, for the appends of every field: a call through a strong reference held in
    /// a `var` retains and releases it each time. Always the same object as ``fields``, which keeps
    /// it alive.
    private var filling: Unmanaged<CSVFieldBuffer>
    /// Whether the last row returned holds ``fields``.
    private var fieldsHandedOut = false
    private var valueStart: Int?
    private var problem: CSVRow.Problem?
    private var lineBreaks = 0
    private var firstLineBreakInRaw: Int?
    private var sawQuote = false
    /// A row that ``sharesRowStorage`` returned: its raw bytes are emptied when the next row starts.
    private var rowReturned = false
    /// When set, a row's raw bytes share the tokenizer's buffer instead of being copied, so a
    /// caller that drops each row before asking for the next pays no allocation per row; a caller
    /// that keeps rows makes the tokenizer allocate a new buffer as large as the old one. Rows are
    /// the same values either way. (A row's fields are always handed over without a copy: their
    /// buffer is reused only once no row holds it.)
    public var sharesRowStorage = false
    /// Where each field of the row ``readPlainRow(fieldsWanted:_:)`` reads ends: `plainFieldEndCount` of
    /// `plainFieldEndCapacity`, reused from row to row (no uniqueness check per field, as an
    /// `Array` would make).
    private var plainFieldEnds: UnsafeMutablePointer<Int>
    private var plainFieldEndCapacity = 16
    private var plainFieldEndCount = 0
    /// Whether plain one-line rows are read in one scan (``readPlainLineInChunk()``); off, every row
    /// goes through the state machine: what the tests compare the scan with.
    var readsPlainLinesInOneScan = true

    /// - Parameters:
    ///   - delimiter: the field separator: `,` by default; `;`, tab and `|` are common.
    ///   - maxRecordBytes: the longest row kept in memory; longer rows are `tooLarge`.
    ///   - chunkSize: how many bytes to read at a time.
    public init(
        source: any ByteSource, delimiter: UInt8 = UInt8(ascii: ","), maxRecordBytes: Int = 1 << 20,
        chunkSize: Int = 1 << 20
    ) {
        precondition(delimiter != Self.quote && delimiter != Self.lineFeed && delimiter != Self.carriageReturn)
        precondition(chunkSize > 0 && maxRecordBytes > 0)
        self.source = source
        self.delimiter = delimiter
        self.maxRecordBytes = maxRecordBytes
        self.chunk = .allocate(byteCount: chunkSize, alignment: 16)
        let fields = CSVFieldBuffer()
        self.fields = fields
        filling = .passUnretained(fields)
        plainFieldEnds = .allocate(capacity: plainFieldEndCapacity)
        endsUnquotedRun = .allocate(capacity: 256)
        endsUnquotedRun.initialize(repeating: false, count: 256)
        for byte in [delimiter, Self.lineFeed, Self.carriageReturn, Self.quote, 0] { endsUnquotedRun[Int(byte)] = true }
    }

    deinit {
        chunk.deallocate()
        endsUnquotedRun.deallocate()
        plainFieldEnds.deallocate()
    }

    /// The next row, or nil at the end of the stream. Throws only when the stream itself fails
    /// (an I/O error, a truncated gzip file); a malformed row is returned with its problem.
    public func next() throws -> CSVRow? {
        try startNextRow()
        if readsPlainLinesInOneScan, let row = readPlainLineInChunk() { return row }
        while true {
            if position == limit {
                flushChunk()
                if raw.count > maxRecordBytes, !isDiscarding {
                    // A quoted field still open after a line break and past the cap is most likely a
                    // stray quote: discarding would swallow every record up to the cap (FuzzCSV).
                    if case .quoted = state, lineBreaks > 0, let firstBreak = firstLineBreakInRaw {
                        return cutBackToFirstLine(firstBreak: firstBreak)
                    }
                    startDiscarding()
                }
                guard try refill() else {
                    if let row = finishAtEndOfStream() { return row }
                    if position == limit { return nil }
                    continue
                }
            }
            let base = chunk.baseAddress!.assumingMemoryBound(to: UInt8.self)
            switch state {
            case .fieldStart:
                if base[position] == Self.quote {
                    sawQuote = true
                    position += 1
                    valueStart = position
                    state = .quoted
                } else {
                    valueStart = position
                    state = .unquoted
                }

            case .unquoted:
                var index = position
                while index < limit, !endsUnquotedRun[Int(base[index])] { index += 1 }
                position = index
                guard index < limit else { continue }
                let byte = base[index]
                if byte == delimiter {
                    appendValue(upTo: index)
                    endField()
                    position += 1
                    if position < limit, base[position] != Self.quote {
                        valueStart = position  // the next field starts unquoted: as `.fieldStart` would
                    } else {
                        state = .fieldStart
                    }
                } else if byte == Self.lineFeed {
                    appendValue(upTo: index)
                    endField()
                    if let row = endRowAtLineFeed() { return row }
                } else if byte == Self.carriageReturn {
                    appendValue(upTo: index)
                    position += 1
                    state = .afterCarriageReturn(closedQuote: false)
                } else if byte == Self.quote {
                    if let row = fail(.strayQuote) { return row }
                } else {
                    problem = problem ?? .nulByte
                    position += 1
                }

            case .quoted:
                var index = position
                while index < limit {
                    let byte = base[index]
                    if byte == Self.quote || byte == 0 { break }
                    if byte == Self.lineFeed { countLineBreak(at: index) }
                    index += 1
                }
                position = index
                guard index < limit else { continue }
                if base[index] == Self.quote {
                    appendValue(upTo: index)
                    position += 1
                    state = .quoteInQuoted
                } else {
                    problem = problem ?? .nulByte
                    position += 1
                }

            case .quoteInQuoted:
                let byte = base[position]
                if byte == Self.quote {
                    valueStart = position  // the second quote of `""` is data
                    position += 1
                    state = .quoted
                } else if byte == delimiter {
                    endField()
                    position += 1
                    state = .fieldStart
                } else if byte == Self.lineFeed {
                    endField()
                    if let row = endRowAtLineFeed() { return row }
                } else if byte == Self.carriageReturn {
                    position += 1
                    state = .afterCarriageReturn(closedQuote: true)
                } else {
                    if let row = fail(.textAfterClosingQuote) { return row }
                }

            case .afterCarriageReturn(let closedQuote):
                if base[position] == Self.lineFeed {
                    endField()
                    if let row = endRowAtLineFeed() { return row }
                } else if closedQuote {
                    if let row = fail(.textAfterClosingQuote) { return row }
                } else {
                    // A lone CR inside an unquoted field is data.
                    filling._withUnsafeGuaranteedRef { $0.append(byte: Self.carriageReturn) }
                    valueStart = position
                    state = .unquoted
                }

            case .skipToLineEnd, .discardToLineEnd:
                var index = position
                while index < limit, base[index] != Self.lineFeed { index += 1 }
                position = index
                guard index < limit else { continue }
                if let row = endRowAtLineFeed() { return row }
            }
        }
    }

    // MARK: - Rows

    /// What reading a row starts with: the row returned before is let go, and before the first
    /// row a byte order mark is skipped. Doing it twice changes nothing.
    private func startNextRow() throws {
        if rowReturned {
            rowReturned = false
            resetRow()
        } else if fieldsHandedOut {
            reclaimFields()
        }
        if !checkedByteOrderMark { try skipByteOrderMark() }
    }

    /// The next row in one scan, when it is the usual kind: one line whose every byte is in the
    /// current chunk, ending in LF or CRLF, with no quote, NUL or other CR (nothing for the state
    /// machine to decide). Anything else (or an empty line) is left untouched, for the state machine of
    /// ``next()``, which reads such a row the same way byte by byte: same fields, raw bytes, line
    /// and problem. Most rows of the benchmark's file take this path (the tokenizer's instructions
    /// about 550M → 400M for 100,000 rows read twice, `Benchmarks/instructions.sh`).
    private func readPlainLineInChunk() -> CSVRow? {
        guard case .fieldStart = state, position < limit, rawStart == position, raw.isEmpty,
            fields.fieldCount == 0, fields.valueCount == 0, valueStart == nil, problem == nil, lineBreaks == 0
        else { return nil }
        let base = UnsafePointer(chunk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        // An empty line (skipped by next()) or a line starting with CR: the state machine's.
        guard base[position] != Self.lineFeed, base[position] != Self.carriageReturn else { return nil }
        // Read once into locals: the loop calls into the field buffer.
        let limit = self.limit
        let delimiter = self.delimiter
        let stops = UnsafePointer(endsUnquotedRun)
        let fields = filling
        var index = position
        var fieldStart = position
        while index < limit {
            let byte = base[index]
            if stops[Int(byte)] {
                guard byte == delimiter else { break }  // LF, CR, a quote or NUL
                fields._withUnsafeGuaranteedRef {
                    $0.appendField(UnsafeBufferPointer(start: base + fieldStart, count: index - fieldStart))
                }
                fieldStart = index + 1
            }
            index += 1
        }
        // The line ends here with LF or CRLF (the CR is not in the last field), or is left whole.
        guard let lineFeed = Self.lineFeedIndex(endingLineAt: index, in: base, limit: limit) else {
            fields._withUnsafeGuaranteedRef { $0.removeAll() }
            return nil
        }
        fields._withUnsafeGuaranteedRef {
            $0.appendField(UnsafeBufferPointer(start: base + fieldStart, count: index - fieldStart))
        }
        position = lineFeed
        return endRowAtLineFeed()
    }

    /// Reads the next row in place when it is a plain one-line row whole in the current chunk
    /// (no NUL and no CR but its line end; a quote only around a whole field that holds no quote
    /// and no line break, e.g. `"SILVER, ELITE"`), for readers that take their values from the
    /// bytes: calls `body` with a ``PlainRow`` over the chunk (the places of its first `wanted`
    /// fields; past those, delimiters are only counted), without copying anything or making a
    /// row. When `body` returns a value the row is consumed, as ``next()`` would have consumed it;
    /// when it returns nil, or the next row is not plain, nothing is consumed and nil comes back:
    /// read that row with ``next()``.
    ///
    /// Inlinable, so that it is specialized for the caller's `Result`: called across modules as a
    /// generic function, it looked up type metadata at run time for every row (1% of a CSV run).
    @inlinable
    public func readPlainRow<Result>(fieldsWanted wanted: Int = .max, _ body: (PlainRow) throws -> Result?) throws
        -> Result?
    {
        var result: Result?
        _ = try readPlainRow(
            fieldsWanted: wanted,
            accept: { row in
                // Moved into `result`: comparing `result` with nil afterwards copied it.
                guard let taken = try body(row) else { return false }
                result = consume taken
                return true
            })
        return result
    }

    /// ``readPlainRow(fieldsWanted:_:)`` without a result type: `accept` tells whether the row is
    /// taken (consumed) or declined; returns whether one was taken.
    public func readPlainRow(fieldsWanted wanted: Int, accept: (PlainRow) throws -> Bool) throws -> Bool {
        try startNextRow()
        guard readsPlainLinesInOneScan, case .fieldStart = state, position < limit, rawStart == position, raw.isEmpty,
            fields.fieldCount == 0, fields.valueCount == 0, valueStart == nil, problem == nil, lineBreaks == 0
        else { return false }
        let base = UnsafePointer(chunk.baseAddress!.assumingMemoryBound(to: UInt8.self))
        let start = position
        guard base[start] != Self.lineFeed, base[start] != Self.carriageReturn else { return false }
        let (stop, delimiters, isASCII) = findDelimiters(in: base, from: start, to: limit, wanted: wanted)
        guard let lineFeed = Self.lineFeedIndex(endingLineAt: stop, in: base, limit: limit),
            lineFeed + 1 - start <= maxRecordBytes  // a row over the size cap is next()'s to report
        else { return false }
        if plainFieldEndCount < wanted { addPlainFieldEnd(stop - start) }
        let row = PlainRow(
            line: UnsafeBufferPointer(start: base + start, count: stop - start),
            raw: UnsafeBufferPointer(start: base + start, count: lineFeed + 1 - start),
            fieldEnds: UnsafeBufferPointer(start: plainFieldEnds, count: plainFieldEndCount),
            fieldCount: delimiters + 1, isASCII: isASCII,
            lineNumber: startLine, byteOrderMark: byteOrderMark)
        guard try accept(row) else { return false }
        // The state next() leaves after such a row, once the row is let go.
        position = lineFeed + 1
        rawStart = position
        nextLine = startLine + 1
        startLine = nextLine
        byteOrderMark = []
        return true
    }

    /// Where the LF is that ends a line whose last field ends at `index`: there, or after a CR
    /// there; nil when neither is (in the chunk).
    @inline(__always)
    private static func lineFeedIndex(endingLineAt index: Int, in base: UnsafePointer<UInt8>, limit: Int) -> Int? {
        if index < limit, base[index] == lineFeed { return index }
        if index + 1 < limit, base[index] == carriageReturn, base[index + 1] == lineFeed { return index + 1 }
        return nil
    }

    /// Counts the delimiters in `base[start..<end]` before the first LF, CR or NUL outside quotes,
    /// and finds where that byte is (`end` when there is none, or when a quote makes the row
    /// anything but plain); sets ``plainFieldEnds`` to the offsets from `start` of the first
    /// `wanted` of them, and tells whether the bytes before that byte are all ASCII. The scan is
    /// C's: `memberlink_scan_plain_row` (32 or sixteen bytes a step) until a quote, then, if that
    /// quote opens a field, `memberlink_scan_quoted_row` (sixteen bytes a step, quoted fields
    /// read whole) to the line's end. Each fills the room the buffer has and counts the rest, and
    /// when more are wanted than fitted, the buffer grows and the scan goes on after the last one
    /// it placed.
    @inline(__always)
    private func findDelimiters(in base: UnsafePointer<UInt8>, from start: Int, to end: Int, wanted: Int)
        -> (stop: Int, delimiters: Int, isASCII: Bool)
    {
        var count = 0
        /// Delimiters counted past the `wanted` ones before the scan with quotes takes over.
        var countedBefore = 0
        var from = start
        var quotes = false
        // Each scan looks at the bytes from `from` on; those before were looked at by the last one.
        var nonASCII: Int32 = 0
        while true {
            if count == plainFieldEndCapacity, count < wanted {
                plainFieldEndCount = count
                growPlainFieldEnds()
            }
            var recorded = 0
            var counted = 0
            var scannedNonASCII: Int32 = 0
            let room = min(wanted, plainFieldEndCapacity) - count
            let stop =
                quotes
                ? memberlink_scan_quoted_row(
                    base, start, from, end, delimiter, plainFieldEnds + count, room, &recorded, &counted,
                    &scannedNonASCII)
                : memberlink_scan_plain_row(
                    base, start, from, end, delimiter, plainFieldEnds + count, room, &recorded, &counted,
                    &scannedNonASCII)
            nonASCII |= scannedNonASCII
            count += recorded
            if counted > 0, count < wanted {
                // The room ran out before the wanted delimiters did: on after the last one placed.
                from = start + plainFieldEnds[count - 1] + 1
                continue
            }
            // A quote that opens a field: the rest of the row is read by the scan with quotes.
            if !quotes, stop < end, base[stop] == Self.quote, stop == start || base[stop - 1] == delimiter {
                quotes = true
                countedBefore = counted
                from = stop
                continue
            }
            plainFieldEndCount = count
            return (stop, count + countedBefore + counted, nonASCII == 0)
        }
    }

    @inline(__always)
    private func addPlainFieldEnd(_ offset: Int) {
        if plainFieldEndCount == plainFieldEndCapacity { growPlainFieldEnds() }
        plainFieldEnds[plainFieldEndCount] = offset
        plainFieldEndCount += 1
    }

    private func growPlainFieldEnds() {
        let grown = UnsafeMutablePointer<Int>.allocate(capacity: plainFieldEndCapacity * 2)
        grown.moveInitialize(from: plainFieldEnds, count: plainFieldEndCount)
        plainFieldEnds.deallocate()
        plainFieldEnds = grown
        plainFieldEndCapacity *= 2
    }

    private var isDiscarding: Bool {
        if case .discardToLineEnd = state { return true }
        return false
    }

    @inline(__always)
    private func appendValue(upTo end: Int) {
        if let start = valueStart, start < end {
            filling._withUnsafeGuaranteedRef { $0.append(UnsafeRawBufferPointer(rebasing: chunk[start..<end])) }
        }
        valueStart = nil
    }

    @inline(__always)
    private func endField() {
        if case .discardToLineEnd = state { return }
        filling._withUnsafeGuaranteedRef { $0.endField() }
    }

    private func countLineBreak(at index: Int) {
        if lineBreaks == 0 { firstLineBreakInRaw = raw.count + (index - rawStart) }
        lineBreaks += 1
    }

    /// Ends the row at the line feed under `position`; nil for an empty line, which is skipped.
    private func endRowAtLineFeed() -> CSVRow? {
        countLineBreak(at: position)
        position += 1
        return finishRow(lineCount: lineBreaks)
    }

    private func finishRow(lineCount: Int) -> CSVRow? {
        if !isDiscarding {
            raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[rawStart..<position]))
        }
        rawStart = position
        let isBlank =
            problem == nil && !sawQuote && fields.fieldCount == 1 && fields.valueCount == 0
            && (raw == [Self.lineFeed] || raw == [Self.carriageReturn, Self.lineFeed] || raw.isEmpty)
        nextLine = startLine + lineCount
        if isBlank {
            resetRow()
            return nil  // an empty line is no record; a byte order mark stays for the first real row
        }
        if raw.count > maxRecordBytes { problem = .tooLarge }
        let row = CSVRow(
            line: startLine, lineCount: max(lineCount, 1),
            raw: sharesRowStorage && byteOrderMark.isEmpty ? raw : byteOrderMark + raw,
            fields: problem == .tooLarge ? CSVFieldBuffer(valueCapacity: 0, fieldCapacity: 0) : fields,
            problem: problem)
        byteOrderMark = []
        fieldsHandedOut = true
        if sharesRowStorage { rowReturned = true } else { resetRow(keepingFields: true) }
        return row
    }

    /// Starts the next row. `keepingFields` leaves ``fields`` to the next call of ``next()``: the
    /// row just returned holds them.
    private func resetRow(keepingFields: Bool = false) {
        state = .fieldStart
        startLine = nextLine
        raw.removeAll(keepingCapacity: true)
        if !keepingFields { reclaimFields() }
        valueStart = nil
        problem = nil
        lineBreaks = 0
        firstLineBreakInRaw = nil
        sawQuote = false
    }

    /// Empties ``fields`` for the next row, or starts new ones when a returned row still holds them.
    private func reclaimFields() {
        fieldsHandedOut = false
        if isKnownUniquelyReferenced(&fields) {
            fields.removeAll()
        } else {
            fields = CSVFieldBuffer()
            filling = .passUnretained(fields)
        }
    }

    /// A quoting problem at `position`. In a row still on its first line, the rest of the line is
    /// skipped; in a row that has run over several lines, the row is cut back to its first line
    /// and everything after that line is read again as new rows.
    private func fail(_ found: CSVRow.Problem) -> CSVRow? {
        guard lineBreaks > 0, let firstBreak = firstLineBreakInRaw else {
            problem = problem ?? found
            valueStart = nil
            state = .skipToLineEnd
            return nil
        }
        return cutBackToFirstLine(firstBreak: firstBreak)
    }

    private func cutBackToFirstLine(firstBreak: Int) -> CSVRow {
        raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[rawStart..<position]))
        var again = Array(raw[(firstBreak + 1)...])
        again.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[position..<limit]))
        again.append(contentsOf: replay[replayOffset...])
        replay = again
        replayOffset = 0
        position = 0
        limit = 0
        rawStart = 0
        let row = CSVRow(
            line: startLine, lineCount: 1, raw: byteOrderMark + raw[...firstBreak],
            fields: CSVFieldBuffer(valueCapacity: 0, fieldCapacity: 0), problem: .unterminatedQuote)
        byteOrderMark = []
        nextLine = startLine + 1
        resetRow()
        return row
    }

    private func startDiscarding() {
        problem = .tooLarge
        raw = []
        reclaimFields()
        valueStart = nil
        state = .discardToLineEnd
    }

    private func finishAtEndOfStream() -> CSVRow? {
        switch state {
        case .fieldStart where raw.isEmpty && fields.fieldCount == 0 && rawStart == position:
            return nil
        case .quoted:
            if lineBreaks > 0, let firstBreak = firstLineBreakInRaw {
                return cutBackToFirstLine(firstBreak: firstBreak)
            }
            problem = problem ?? .unterminatedQuote
        case .fieldStart, .unquoted, .quoteInQuoted, .afterCarriageReturn:
            appendValue(upTo: position)
            endField()
        case .skipToLineEnd, .discardToLineEnd:
            break
        }
        return finishRow(lineCount: lineBreaks + 1)
    }

    // MARK: - Bytes

    /// Moves what the current chunk holds of the row into `raw` and `fields` before it is refilled.
    private func flushChunk() {
        if !isDiscarding {
            raw.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[rawStart..<limit]))
            if let start = valueStart {
                filling._withUnsafeGuaranteedRef { $0.append(UnsafeRawBufferPointer(rebasing: chunk[start..<limit])) }
            }
        }
        rawStart = 0
        if valueStart != nil { valueStart = 0 }
        position = 0
        limit = 0
    }

    private func refill() throws -> Bool {
        if replayOffset < replay.count {
            let count = min(chunk.count, replay.count - replayOffset)
            replay.withUnsafeBytes { bytes in
                chunk.baseAddress!.copyMemory(from: bytes.baseAddress! + replayOffset, byteCount: count)
            }
            replayOffset += count
            if replayOffset == replay.count {
                replay = []
                replayOffset = 0
            }
            limit = count
            return true
        }
        guard !sourceEnded else { return false }
        let count = try source.read(into: chunk)
        if count == 0 {
            sourceEnded = true
            return false
        }
        limit = count
        return true
    }

    private func skipByteOrderMark() throws {
        checkedByteOrderMark = true
        var head: [UInt8] = []
        while head.count < 3 {
            guard try refill() else { break }
            head.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<limit]))
            limit = 0
        }
        if head.starts(with: [0xEF, 0xBB, 0xBF]) {
            byteOrderMark = [0xEF, 0xBB, 0xBF]
            head.removeFirst(3)
        }
        replay = head + replay[replayOffset...]
        replayOffset = 0
    }
}
