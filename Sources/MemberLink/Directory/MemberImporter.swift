import Storage

/// Loads member extracts (CONTRACT §1.3) into a ``MemberDirectory``, replacing its members.
///
/// An import is one SQLite transaction: readers see the old members until it commits and the new
/// ones after, never a mix, and a failed import leaves the directory as it was. The attachment
/// ledger is kept. Malformed rows are skipped and reported as ``MemberImportIssue``s: a wrong
/// cell count, a cell that is not UTF-8, an empty programme or ffn, an unknown status, a
/// `documents` item that is not `TYPE:NUMBER:ISSUECOUNTRY`, or a programme + ffn already given
/// by an earlier row (the first one is kept).
///
/// For speed the rows go in with one reused insert statement and without indexes; the lookup
/// indexes are built once at the end, inside the same transaction
/// (<https://www.sqlite.org/lang_createindex.html>).
public final class MemberImporter {
    private let directory: MemberDirectory

    public init(directory: MemberDirectory) {
        self.directory = directory
    }

    /// Replaces the directory's members with the members of one extract.
    /// - Parameters:
    ///   - file: the extract as the user named it, for reports.
    ///   - rows: its rows, header first.
    /// - Throws: ``MemberImportError`` for an unusable header, the source's error when the file
    ///   cannot be read to its end, ``Storage/SQLiteError`` when the directory cannot be written.
    ///   The directory is then unchanged.
    public func importExtract(file: String, rows: any MemberExtractRowSource) throws -> MemberImportSummary {
        try importExtracts([(file: file, rows: rows)])
    }

    /// Replaces the directory's members with the members of all `extracts` together, in one
    /// transaction. A programme + ffn repeated across extracts is a duplicate like within one.
    public func importExtracts(_ extracts: [(file: String, rows: any MemberExtractRowSource)]) throws
        -> MemberImportSummary
    {
        let database = directory.database
        return try database.transaction(.immediate) {
            try database.execute(DirectorySchema.dropIndexes)
            try database.execute("DELETE FROM documents; DELETE FROM members;")
            let writer = try RowWriter(database: database)
            var summary = MemberImportSummary()
            var issues: [(file: Int, issue: MemberImportIssue)] = []
            for (fileIndex, extract) in extracts.enumerated() {
                try importRows(
                    of: extract.file, from: extract.rows, fileIndex: fileIndex, writer: writer, summary: &summary,
                    issues: &issues)
            }
            try database.execute(DirectorySchema.createMemberIndex)
            let duplicates = try removeDuplicates(database: database, files: extracts.map(\.file))
            summary.imported -= duplicates.count
            summary.skipped += duplicates.count
            issues += duplicates
            try database.execute(DirectorySchema.createDocumentIndex)
            summary.issues = issues.sorted { ($0.file, $0.issue.line) < ($1.file, $1.issue.line) }.map(\.issue)
            return summary
        }
    }

    // MARK: Rows

    private func importRows(
        of file: String, from rows: any MemberExtractRowSource, fileIndex: Int, writer: RowWriter,
        summary: inout MemberImportSummary, issues: inout [(file: Int, issue: MemberImportIssue)]
    ) throws {
        guard let header = try rows.nextRow() else {
            throw MemberImportError(
                code: .headerMissing, file: file, line: 1,
                message: "the member extract is empty; it needs a header row naming the columns of CONTRACT §1.3")
        }
        let layout = try HeaderLayout(header: header, file: file)
        // Reading and checking rows runs on a second thread while this one inserts: the two
        // halves of an import cost about the same.
        let transfer = Transfer(value: rows)
        let parsed = BatchedProducer<(line: Int, result: Result<ParsedMemberRow, RowProblem>)>(
            name: "memberlink-parse", batchSize: 256
        ) { batch, limit in
            while batch.count < limit {
                guard let row = try transfer.value.nextRow() else { return false }
                if row.problem == nil, row.cells.count == 1, row.cells[0] == "" { continue }  // a blank line
                batch.append((row.line, layout.parse(row)))
            }
            return true
        }
        defer { parsed.stop() }
        while let batch = try parsed.next() {
            for (line, result) in batch {
                summary.rowsRead += 1
                switch result {
                case .success(let member):
                    try writer.insert(member, file: file, line: line)
                    summary.imported += 1
                case .failure(let problem):
                    summary.skipped += 1
                    issues.append(
                        (fileIndex, MemberImportIssue(file: file, line: line, reason: problem.reason, message: problem.message)))
                }
            }
        }
    }

    /// Finds rows whose programme + ffn an earlier row already has, reports them and deletes
    /// them with their documents. Uses the (programme, ffn) index just built.
    private func removeDuplicates(database: Database, files: [String]) throws -> [(file: Int, issue: MemberImportIssue)] {
        let query = try database.prepare(
            """
            SELECT a.id, a.sourceFile, a.sourceLine, a.programme, a.ffn,
                (SELECT b.sourceLine FROM members AS b
                 WHERE b.programme = a.programme AND b.ffn = a.ffn ORDER BY b.id LIMIT 1),
                (SELECT b.sourceFile FROM members AS b
                 WHERE b.programme = a.programme AND b.ffn = a.ffn ORDER BY b.id LIMIT 1)
            FROM members AS a
            WHERE EXISTS (SELECT 1 FROM members AS b WHERE b.programme = a.programme AND b.ffn = a.ffn AND b.id < a.id)
            ORDER BY a.id
            """)
        var ids: [Int64] = []
        var found: [(file: Int, issue: MemberImportIssue)] = []
        while try query.step() {
            ids.append(query.int64(at: 0))
            let file = query.text(at: 1)
            let firstFile = query.text(at: 6)
            let firstLine = query.int(at: 5)
            let earlier = firstFile == file ? "line \(firstLine)" : "\(firstFile):\(firstLine)"
            found.append(
                (
                    files.firstIndex(of: file) ?? 0,
                    MemberImportIssue(
                        file: file, line: query.int(at: 2), reason: .duplicateMember,
                        message: "programme \(query.text(at: 3)) ffn \(Masking.mask(query.text(at: 4))) is already "
                            + "given on \(earlier); the first row is kept, remove or correct this one")
                ))
        }
        query.reset()
        guard !ids.isEmpty else { return [] }
        try database.execute("CREATE TEMP TABLE IF NOT EXISTS duplicateMembers (id INTEGER PRIMARY KEY)")
        let insert = try database.prepare("INSERT OR IGNORE INTO temp.duplicateMembers (id) VALUES (?1)")
        for id in ids {
            try insert.bind(id, at: 1)
            try insert.run()
        }
        try database.execute(
            """
            DELETE FROM documents WHERE memberId IN (SELECT id FROM temp.duplicateMembers);
            DELETE FROM members WHERE id IN (SELECT id FROM temp.duplicateMembers);
            DROP TABLE temp.duplicateMembers;
            """)
        return found
    }
}

/// The two reused insert statements of an import.
private final class RowWriter {
    private let database: Database
    private let insertMember: Statement
    private let insertDocument: Statement

    init(database: Database) throws {
        self.database = database
        let columns = ["sourceFile", "sourceLine"] + DirectorySchema.memberColumns
        let parameters = (1...columns.count).map { "?\($0)" }.joined(separator: ", ")
        insertMember = try database.prepare(
            "INSERT INTO members (\(columns.joined(separator: ", "))) VALUES (\(parameters))", persistent: true)
        insertDocument = try database.prepare(
            "INSERT INTO documents (memberId, programme, type, number, issueCountry) VALUES (?1, ?2, ?3, ?4, ?5)",
            persistent: true)
    }

    func insert(_ row: ParsedMemberRow, file: String, line: Int) throws {
        try insertMember.bind(file, at: 1)
        try insertMember.bind(line, at: 2)
        for (offset, value) in row.values.enumerated() {
            try insertMember.bind(value, at: Int32(offset + 3))
        }
        try insertMember.run()
        guard !row.documents.isEmpty else { return }
        let memberId = database.lastInsertRowID
        for document in row.documents {
            try insertDocument.bind(memberId, at: 1)
            try insertDocument.bind(row.values[MemberExtract.Column.programme.rawValue], at: 2)
            try insertDocument.bind(document.type, at: 3)
            try insertDocument.bind(document.number, at: 4)
            try insertDocument.bind(document.issueCountry, at: 5)
            try insertDocument.run()
        }
    }
}
