/// Where each extract column sits in a member extract's rows, read from its header
/// (CONTRACT §1.3: names case-insensitive, order free, unknown columns ignored), and the parsing
/// of one row against it.
struct HeaderLayout: Sendable {
    /// For each ``MemberExtract/Column``, its cell index in a row.
    let cellIndex: [Int]
    /// Number of cells in the header; every row must have as many.
    let width: Int

    init(header: MemberExtractRow, file: String) throws {
        if let problem = header.problem {
            throw MemberImportError(
                code: .headerUnreadable, file: file, line: header.line,
                message: "the header row cannot be read (\(problem)); fix it and import again")
        }
        var indexes = [Int?](repeating: nil, count: MemberExtract.Column.allCases.count)
        for (position, cell) in header.cells.enumerated() {
            guard var name = cell else {
                throw MemberImportError(
                    code: .headerUnreadable, file: file, line: header.line,
                    message: "header cell \(position + 1) is not valid UTF-8; save the extract as UTF-8")
            }
            if position == 0, name.hasPrefix("\u{FEFF}") { name.removeFirst() }
            guard let column = MemberExtract.Column(header: name) else { continue }
            if indexes[column.rawValue] != nil {
                throw MemberImportError(
                    code: .headerColumnRepeated, file: file, line: header.line,
                    message: "the header names column \(column.name) twice; keep one")
            }
            indexes[column.rawValue] = position
        }
        let missing = MemberExtract.Column.allCases.filter { indexes[$0.rawValue] == nil }
        guard missing.isEmpty else {
            throw MemberImportError(
                code: .headerColumnsMissing, file: file, line: header.line,
                message: "the header lacks column(s) \(missing.map(\.name).joined(separator: ", ")); "
                    + "a member extract has the columns of CONTRACT §1.3")
        }
        cellIndex = indexes.map { $0! }
        width = header.cells.count
    }

    /// Checks one row and returns the values to store, or why it is skipped.
    func parse(_ row: MemberExtractRow) -> Result<ParsedMemberRow, RowProblem> {
        if let problem = row.problem {
            return .failure(RowProblem(.rowUnreadable, "the row cannot be read (\(problem)); fix its quoting"))
        }
        guard row.cells.count == width else {
            return .failure(
                RowProblem(.fieldCount, "the row has \(row.cells.count) fields where the header has \(width)"))
        }
        var values: [String] = []
        values.reserveCapacity(cellIndex.count)
        for column in MemberExtract.Column.allCases {
            guard let cell = row.cells[cellIndex[column.rawValue]] else {
                return .failure(RowProblem(.encoding, "column \(column.name) is not valid UTF-8; save the extract as UTF-8"))
            }
            values.append(String(MemberExtract.trim(cell)))
        }
        let programme = values[MemberExtract.Column.programme.rawValue].uppercased()
        guard !programme.isEmpty else { return .failure(RowProblem(.programmeMissing, "programme is empty")) }
        values[MemberExtract.Column.programme.rawValue] = programme
        guard !values[MemberExtract.Column.ffn.rawValue].isEmpty else {
            return .failure(RowProblem(.ffnMissing, "ffn is empty"))
        }
        let status = values[MemberExtract.Column.status.rawValue].uppercased()
        guard Member.Status(rawValue: status) != nil else {
            return .failure(
                RowProblem(.statusUnknown, "status \"\(values[MemberExtract.Column.status.rawValue])\" is not A, S, C or F"))
        }
        values[MemberExtract.Column.status.rawValue] = status
        switch MemberExtract.documents(values[MemberExtract.Column.documents.rawValue]) {
        case .success(let documents):
            values[MemberExtract.Column.documents.rawValue] = MemberExtract.joined(documents)
            return .success(ParsedMemberRow(values: values, documents: documents))
        case .failure(let error):
            let shown = error.item.split(separator: ":", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 1 ? Masking.mask($0.element) : String($0.element) }.joined(separator: ":")
            return .failure(
                RowProblem(
                    .documentMalformed, "documents item \"\(shown)\" is not TYPE:NUMBER:ISSUECOUNTRY"))
        }
    }
}

/// A member row ready to store: the extract columns in contract order, normalised.
struct ParsedMemberRow {
    var values: [String]
    var documents: [Member.Document]
}

/// Why a member row is skipped.
struct RowProblem: Error {
    var reason: MemberImportIssue.Reason
    var message: String

    init(_ reason: MemberImportIssue.Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }
}
