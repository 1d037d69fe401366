import RecordIO

/// The rows of a member extract file (CSV, plain or gzip, CONTRACT §1.3), read with RecordIO's
/// streaming tokenizer.
final class CSVMemberExtractRows: MemberExtractRowSource {
    private let tokenizer: CSVTokenizer
    /// Whether ``appendRows(to:limit:layout:)`` takes plain one-line rows' cells from the
    /// tokenizer's bytes (``RecordIO/CSVTokenizer/readPlainRow(fieldsWanted:_:)``); off, every row is made first:
    /// what the tests compare it with.
    var readsPlainRowsInPlace = true
    /// Rows taken in place so far (for the tests: a path that declined every row would still give
    /// the same blocks).
    private(set) var rowsReadInPlace = 0

    init(path: String, delimiter: UInt8) throws {
        tokenizer = CSVTokenizer(source: try InputFile.open(path: path), delimiter: delimiter)
        tokenizer.sharesRowStorage = true  // rows become cells or strings before the next one is read
    }

    func nextRow() throws -> MemberExtractRow? {
        guard let row = try tokenizer.next() else { return nil }
        return MemberExtractRow(row)
    }

    /// Reads rows until `block` holds `limit` of them, checked against `layout`: the importer's
    /// path, straight from the tokenizer's bytes for most rows (``HeaderLayout/appendParsed(_:line:to:)``),
    /// through ``HeaderLayout/parse(_:)`` for the others. Returns false at the end of the file.
    func appendRows(to block: inout MemberRowBlock, limit: Int, layout: HeaderLayout) throws -> Bool {
        while block.count < limit {
            // Most rows: a plain line, its cells taken where they lie in the tokenizer's chunk.
            if readsPlainRowsInPlace,
                try tokenizer.readPlainRow({ layout.appendParsed($0, to: &block) ? true : nil }) != nil
            {
                rowsReadInPlace += 1
                continue
            }
            guard let row = try tokenizer.next() else { return false }
            if layout.appendParsed(row, line: row.line, to: &block) { continue }
            let cells = MemberExtractRow(row)
            if MemberImporter.isBlank(cells) { continue }
            block.append(layout.parse(cells), line: row.line)
        }
        return true
    }
}

extension MemberExtractRow {
    /// The row with its cells as text; a cell that is not UTF-8 is nil.
    init(_ row: CSVRow) {
        var cells: [String?] = []
        cells.reserveCapacity(row.fieldCount)
        // Most extract rows are plain ASCII: then every field is valid UTF-8 and needs no
        // validation, which costs more than the tokenizing itself.
        if row.problem == nil, row.raw.allSatisfy({ $0 < 0x80 }) {
            for index in 0..<row.fieldCount {
                cells.append(row.withBytes(index) { String(decoding: $0, as: UTF8.self) })
            }
        } else {
            for index in 0..<row.fieldCount {
                cells.append(row.string(index))
            }
        }
        self.init(line: row.line, cells: cells, problem: row.problem?.explanation)
    }
}

extension MemberImporter {
    /// Replaces the directory's members with the members of the extract files at `paths` (CSV,
    /// gzip recognised by its magic bytes), in one transaction: `memberlink members import`.
    /// - Throws: ``RecordIO/RecordIOError`` when a file cannot be opened or read to its end,
    ///   ``MemberImportError`` for an unusable header; the directory is then unchanged.
    public func importFiles(_ paths: [String], delimiter: UInt8 = UInt8(ascii: ",")) throws -> MemberImportSummary {
        let extracts: [(file: String, rows: any MemberExtractRowSource)] = try paths.map { path in
            (file: path, rows: try CSVMemberExtractRows(path: path, delimiter: delimiter))
        }
        return try importExtracts(extracts)
    }
}
