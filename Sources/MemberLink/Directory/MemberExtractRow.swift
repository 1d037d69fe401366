/// One row of a member extract as the importer reads it: its line and its cells as text.
///
/// This is the boundary between the CSV reader (RecordIO) and ``MemberImporter``; tests build
/// rows directly.
public struct MemberExtractRow: Sendable, Hashable {
    /// The 1-based physical line where the row starts (the header is line 1).
    public var line: Int
    /// The cells; `nil` for a cell that is not valid UTF-8.
    public var cells: [String?]
    /// Why the reader could not read the row (broken quoting, NUL, too large), or nil.
    public var problem: String?

    public init(line: Int, cells: [String?], problem: String? = nil) {
        self.line = line
        self.cells = cells
        self.problem = problem
    }
}

/// A cursor over the rows of one member extract, header first: `nil` at the end.
public protocol MemberExtractRowSource: AnyObject {
    /// The next row, or nil at the end of the file.
    /// - Throws: when the file cannot be read on (I/O error, truncated gzip): the import stops.
    func nextRow() throws -> MemberExtractRow?
}

/// A row source over rows already in memory.
public final class MemberExtractRows: MemberExtractRowSource {
    private var rows: [MemberExtractRow]
    private var position = 0

    public init(_ rows: [MemberExtractRow]) {
        self.rows = rows
    }

    /// Rows from lines of cells, the first at line 1 (the header).
    public convenience init(lines: [[String]]) {
        self.init(lines.enumerated().map { MemberExtractRow(line: $0.offset + 1, cells: $0.element) })
    }

    public func nextRow() throws -> MemberExtractRow? {
        guard position < rows.count else { return nil }
        defer { position += 1 }
        return rows[position]
    }
}
