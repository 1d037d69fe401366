public import RecordIO

/// Reads a partner booking CSV file (CONTRACT §1.1) as a cursor of ``IngestedRow``s, in file order.
///
/// The header is read and checked when the reader is made, before any record: a header that
/// lacks a required column or names one twice throws, and the file is rejected whole. After that,
/// a row that cannot be read (broken quoting, a NUL, the wrong number of fields, bytes that are not
/// valid in the file's encoding, too large) becomes a ``MalformedRow`` and reading carries on.
public final class CSVBookingReader {
    /// The file as the user named it (the `sourceFile` of every outcome).
    public let displayName: String
    /// `displayName`'s number for the records' locations (``InputFileNames``).
    private let fileNumber: Int32
    /// The header row's exact bytes, for `rejects/NAME`.
    public let header: [UInt8]
    public let mapping: ColumnMapping
    /// (field index, column) for every mapped field: the only columns decoded.
    private let mappedColumns: [(Int, Int)]
    /// The column of each canonical field, -1 when none is mapped.
    private let columnOfField: [Int]
    private let tokenizer: CSVTokenizer
    private let encoding: TextEncoding
    private var sequence = 0
    /// The columns of the system and the booking code, when the header has both.
    private let bookingColumns: (system: Int, code: Int)?
    /// Whether ``skim()`` reads plain one-line rows without making rows
    /// (``CSVTokenizer/readPlainRow(fieldsWanted:_:)``); off, it tokenizes every row: what the tests
    /// compare it with.
    var skimsPlainRows = true
    /// Rows skimmed in place so far (for the tests: a path that declined every row would still
    /// give the same rows).
    private(set) var rowsSkimmedInPlace = 0
    /// Whether ``next()`` makes the records of plain one-line rows from the tokenizer's bytes
    /// (``CSVTokenizer/readPlainRow(fieldsWanted:_:)``); off, it tokenizes every row: what the
    /// tests compare it with.
    var readsPlainRowsInPlace = true
    /// Records made in place so far (for the tests).
    private(set) var rowsReadInPlace = 0

    /// - Throws: ``MemberLinkError`` `inputUnreadable` for a missing or unusable header; errors of the
    ///   byte source (I/O, gzip) as they come.
    public init(source: any ByteSource, displayName: String, options: CSVInputOptions) throws {
        self.displayName = displayName
        fileNumber = InputFileNames.number(of: displayName)
        self.encoding = options.encoding
        tokenizer = CSVTokenizer(source: source, delimiter: options.delimiter, maxRecordBytes: options.maxRecordBytes)
        guard let header = try tokenizer.next() else {
            throw MemberLinkError(
                code: .inputUnreadable, path: displayName, line: 1,
                message: "the file is empty; a header row is required (CONTRACT §1.1)")
        }
        if let problem = header.problem {
            throw MemberLinkError(
                code: .inputUnreadable, path: displayName, line: header.line,
                message: "the header row cannot be read: \(problem.explanation)")
        }
        var names: [String] = []
        for column in 0..<header.fieldCount {
            guard let name = header.text(column, encoding: options.encoding) else {
                throw MemberLinkError(
                    code: .inputUnreadable, path: displayName, line: header.line,
                    message: "the header row is not valid \(options.encoding.rawValue); "
                        + "set input.encoding in the pipeline to the file's real encoding")
            }
            names.append(name)
        }
        do {
            mapping = try ColumnMapping(header: names, renames: options.renames)
        } catch {
            throw MemberLinkError(
                code: .inputUnreadable, path: displayName, line: header.line, message: error.description)
        }
        self.header = header.raw
        mappedColumns = mapping.columnOfField.enumerated().compactMap { field, column in column.map { (field, $0) } }
        columnOfField = mapping.columnOfField.map { $0 ?? -1 }
        precondition(columnOfField.count == CanonicalField.count, "a column, or none, for every canonical field")
        if let system = mapping.columnOfField[CanonicalField.system.rawValue],
            let code = mapping.columnOfField[CanonicalField.bookingCode.rawValue]
        {
            bookingColumns = (system, code)
        } else {
            bookingColumns = nil
        }
    }

    /// The first pass's view of the next row: the same checks as ``next()``, but only the system
    /// and booking code are decoded.
    public func skim() throws -> SkimmedRow? {
        tokenizer.sharesRowStorage = true  // a skimmed row is dropped before the next one is read
        if skimsPlainRows, let (systemColumn, codeColumn) = bookingColumns,
            let row = try tokenizer.readPlainRow(
                fieldsWanted: max(systemColumn, codeColumn) + 1,
                { skimmed($0, system: systemColumn, code: codeColumn) })
        {
            sequence += 1
            rowsSkimmedInPlace += 1
            return row
        }
        guard let row = try tokenizer.next() else { return nil }
        defer { sequence += 1 }
        guard row.problem == nil, row.fieldCount == mapping.columnCount, row.isValid(in: encoding) else {
            return SkimmedRow(bookingFingerprint: nil, sequence: sequence)
        }
        return SkimmedRow(bookingFingerprint: fingerprint(of: row), sequence: sequence)
    }

    /// ``skim()`` of a plain one-line row, from the line's bytes as the tokenizer found them (no
    /// row made, no field copied): the same row ``skim()`` gives through ``CSVTokenizer/next()``.
    /// Nil for a line that is not valid in the file's encoding: ``next()``'s checks report it.
    ///
    /// A plain line's fields are its bytes between the (ASCII) delimiters, so a valid line has
    /// valid fields; in UTF-8 the converse can fail (a character cut by a delimiter), hence nil.
    private func skimmed(_ row: PlainRow, system systemColumn: Int, code codeColumn: Int) -> SkimmedRow? {
        guard row.isASCII || encoding.isValid(row.line) else { return nil }
        guard row.fieldCount == mapping.columnCount else {
            return SkimmedRow(bookingFingerprint: nil, sequence: sequence)
        }
        let fingerprint = fingerprint(system: row.field(systemColumn), code: row.field(codeColumn))
        return SkimmedRow(bookingFingerprint: fingerprint, sequence: sequence)
    }

    /// ``next()`` of a plain one-line row, from the line's bytes as the tokenizer found them (no
    /// row made, no field copied but the row's raw bytes): the record ``next()`` makes through
    /// ``CSVTokenizer/next()``. Nil for a row of the wrong width or not valid in the file's
    /// encoding: read as a row, it is reported with the field at fault.
    private func ingestedRow(from row: PlainRow) -> IngestedRow? {
        guard row.fieldCount == mapping.columnCount, row.isASCII || encoding.isValid(row.line) else { return nil }
        // Each field made once, in place, from its bytes in the line: unquoted as
        // ``RecordIO/PlainRow/field(_:)`` does, then trimmed as ``RecordIO/TextEncoding/trimmed(_:)``
        // does, on plain offsets (through those two, each field's slices checked their bounds
        // again: about 50 instructions a field, 24 fields a record).
        let encoding = encoding
        let fields = columnOfField.withUnsafeBufferPointer { columns in
            FieldValues(unsafeUninitializedCount: CanonicalField.count) { values in
                guard let line = row.line.baseAddress, let ends = row.fieldEnds.baseAddress else {
                    values.initialize(repeating: "", count: CanonicalField.count)
                    return
                }
                for field in 0..<CanonicalField.count {
                    let column = columns[field]
                    guard column >= 0 else {
                        (values + field).initialize(to: "")
                        continue
                    }
                    var start = column == 0 ? 0 : ends[column - 1] + 1
                    var end = ends[column]
                    if start < end, line[start] == UInt8(ascii: "\"") {
                        start += 1
                        end -= 1
                    }
                    while start < end, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
                    while end > start, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
                    (values + field).initialize(
                        to: start == end
                            ? "" : encoding.decodeValid(UnsafeBufferPointer(start: line + start, count: end - start)))
                }
            }
        }
        let record = PassengerRecord(
            location: SourceLocation(fileNumber: fileNumber, line: row.lineNumber), sequence: sequence, fields: fields)
        return .record(record, raw: row.byteOrderMark.isEmpty ? Array(row.raw) : row.byteOrderMark + Array(row.raw))
    }

    /// ``BookingKey/fingerprint(of:)`` of a readable row.
    private func fingerprint(of row: CSVRow) -> UInt64 {
        Self.withField(mapping.columnOfField[CanonicalField.system.rawValue], of: row) { system in
            Self.withField(mapping.columnOfField[CanonicalField.bookingCode.rawValue], of: row) { code in
                fingerprint(system: system, code: code)
            }
        }
    }

    /// ``BookingKey/fingerprint(of:)`` of a record giving these system and booking code fields
    /// (valid in the file's encoding, not yet trimmed): from the bytes when they are ASCII, else
    /// from the fields decoded as a record holds them.
    private func fingerprint(system: UnsafeBufferPointer<UInt8>, code: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let system = TextEncoding.trimmed(system)
        let code = TextEncoding.trimmed(code)
        if let ascii = BookingKey.fingerprint(asciiSystem: system, bookingCode: code) { return ascii }
        var key = PassengerRecord(location: SourceLocation(fileNumber: fileNumber, line: 0), sequence: sequence)
        key[.system] = encoding.decodeValid(system)
        key[.bookingCode] = encoding.decodeValid(code)
        return BookingKey.fingerprint(of: key)
    }

    /// Calls `body` with the bytes of `column` of `row`, or with no bytes when the column is not mapped.
    private static func withField<Result>(
        _ column: Int?, of row: CSVRow, _ body: (UnsafeBufferPointer<UInt8>) -> Result
    ) -> Result {
        guard let column else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return row.withBytes(column, body)
    }

    /// The next row, or nil at the end of the file.
    public func next() throws -> IngestedRow? {
        tokenizer.sharesRowStorage = false  // records keep their row's bytes (for rejects/)
        if readsPlainRowsInPlace, let ingested = try tokenizer.readPlainRow({ ingestedRow(from: $0) }) {
            sequence += 1
            rowsReadInPlace += 1
            return ingested
        }
        guard let row = try tokenizer.next() else { return nil }
        defer { sequence += 1 }
        let location = SourceLocation(fileNumber: fileNumber, line: row.line)
        if let problem = row.problem {
            return .malformed(
                MalformedRow(location: location, sequence: sequence, reason: problem.explanation, raw: row.raw))
        }
        guard row.fieldCount == mapping.columnCount else {
            return .malformed(
                MalformedRow(
                    location: location, sequence: sequence,
                    reason: "the row has \(row.fieldCount) field(s) but the header has \(mapping.columnCount)",
                    raw: row.raw))
        }
        guard row.isValid(in: encoding) else {
            let column = (0..<row.fieldCount).first { column in
                !row.withBytes(column) { encoding.isValid($0) }
            }
            return .malformed(
                MalformedRow(
                    location: location, sequence: sequence,
                    reason: "field \((column ?? 0) + 1) is not valid \(encoding.rawValue); "
                        + "check the file's encoding (input.encoding in the pipeline)",
                    raw: row.raw))
        }
        var record = PassengerRecord(location: location, sequence: sequence)
        for (field, column) in mappedColumns {
            record.fields[field] = row.validText(column, encoding: encoding)
        }
        return .record(record, raw: row.raw)
    }
}
