/// A run of member extract rows, checked and normalised, on their way from the parsing thread to
/// the inserting one (``MemberImporter``): the member rows' cells back to back in one byte buffer,
/// so a row costs no allocation of its own and its cells are bound to SQLite where they are.
///
/// A member row takes 26 + 3 × documents cells: the ``MemberExtract/Column``s in contract order
/// (trimmed; programme and status upper-cased; documents normalised, CONTRACT §1.3), then the
/// type, number and issue country of each of its documents. Every cell is UTF-8.
struct MemberRowBlock {
    /// One row of the block, in file order.
    enum Entry {
        /// A member to store: its cells start at cell `firstCell`.
        case member(line: Int, firstCell: Int, documentCount: Int)
        /// A row that is skipped, and why.
        case skipped(line: Int, RowProblem)
    }

    /// The cells of the member rows, back to back.
    private(set) var bytes: [UInt8] = []
    /// The end offset in ``bytes`` of each cell.
    private(set) var cellEnds: [Int] = []
    private(set) var entries: [Entry] = []

    static let columnCount = MemberExtract.Column.allCases.count

    init(reservingRows rows: Int = 0) {
        entries.reserveCapacity(rows)
        cellEnds.reserveCapacity(rows * (Self.columnCount + 3))
        bytes.reserveCapacity(rows * 256)
    }

    var count: Int { entries.count }

    // MARK: Adding rows

    /// Adds the outcome of ``HeaderLayout/parse(_:)`` for the row at `line`.
    mutating func append(_ result: Result<ParsedMemberRow, RowProblem>, line: Int) {
        switch result {
        case .success(let row):
            let firstCell = cellEnds.count
            for value in row.values { appendCell(value) }
            for document in row.documents {
                appendCell(document.type)
                appendCell(document.number)
                appendCell(document.issueCountry)
            }
            entries.append(.member(line: line, firstCell: firstCell, documentCount: row.documents.count))
        case .failure(let problem):
            entries.append(.skipped(line: line, problem))
        }
    }

    private mutating func appendCell(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        cellEnds.append(bytes.count)
    }

    /// Where a member row being built starts: pass it to ``rollBack(to:)`` to drop the row, or to
    /// ``commitMember(from:line:documentCount:)`` once all its cells are in.
    struct Mark {
        fileprivate let bytes: Int
        fileprivate let cells: Int
    }

    var mark: Mark { Mark(bytes: bytes.count, cells: cellEnds.count) }

    /// Drops every cell added since `mark`.
    mutating func rollBack(to mark: Mark) {
        bytes.removeSubrange(mark.bytes...)
        cellEnds.removeSubrange(mark.cells...)
    }

    /// Records the cells added since `mark` as a member row.
    mutating func commitMember(from mark: Mark, line: Int, documentCount: Int) {
        assert(cellEnds.count - mark.cells == Self.columnCount + 3 * documentCount)
        entries.append(.member(line: line, firstCell: mark.cells, documentCount: documentCount))
    }

    /// Appends bytes to the cell being built.
    mutating func appendBytes(_ source: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: source)
    }

    /// Appends bytes to the cell being built, ASCII letters upper-cased.
    mutating func appendUppercasedASCII(_ source: UnsafeBufferPointer<UInt8>) {
        for byte in source { bytes.append(byte &- (byte &- 0x61 < 26 ? 0x20 : 0)) }
    }

    /// Appends one byte to the cell being built.
    mutating func appendByte(_ byte: UInt8) {
        bytes.append(byte)
    }

    /// Appends a copy of bytes already in the block (`range`) to the cell being built.
    mutating func appendCopy(of range: Range<Int>) {
        for index in range { bytes.append(bytes[index]) }
    }

    /// Ends the cell being built.
    mutating func endCell() {
        cellEnds.append(bytes.count)
    }

    /// The offset in ``bytes`` where cell `index` starts.
    func cellStart(_ index: Int) -> Int {
        index == 0 ? 0 : cellEnds[index - 1]
    }

    // MARK: Reading

    /// Calls `body` with the block's cells in place.
    func withCells<Result>(_ body: (Cells) throws -> Result) rethrows -> Result {
        try bytes.withUnsafeBytes { bytes in
            try cellEnds.withUnsafeBufferPointer { ends in try body(Cells(bytes: bytes, ends: ends)) }
        }
    }

    /// The cells of a block, valid inside ``withCells(_:)`` only.
    struct Cells {
        let bytes: UnsafeRawBufferPointer
        let ends: UnsafeBufferPointer<Int>

        subscript(index: Int) -> UnsafeRawBufferPointer {
            let start = index == 0 ? 0 : ends[index - 1]
            return UnsafeRawBufferPointer(rebasing: bytes[start..<ends[index]])
        }

        /// The bytes of cell `index`.
        func length(_ index: Int) -> Int {
            ends[index] - (index == 0 ? 0 : ends[index - 1])
        }

        /// The bytes of `count` cells from `first` on, which are back to back.
        func span(from first: Int, count: Int) -> UnsafeRawBufferPointer {
            let start = first == 0 ? 0 : ends[first - 1]
            return UnsafeRawBufferPointer(rebasing: bytes[start..<ends[first + count - 1]])
        }
    }
}
