import RecordIO

extension HeaderLayout {
    /// Checks one CSV row and, when it is a member row, adds it to `block` straight from the
    /// row's bytes: the same values as ``parse(_:)`` gives, without a `String` per cell.
    ///
    /// Only the common case is done here: a readable row of the right width whose cells are
    /// UTF-8, whose programme, status and documents are ASCII (upper-casing anything else is
    /// Unicode's business), and which ``parse(_:)`` would accept. For any other row it returns
    /// false and leaves `block` as it was: the caller then takes the `String` path, which gives
    /// the reasons and messages of skipped rows. Trimming works on bytes only where that is the
    /// same as trimming `Character`s: a space next to a non-ASCII character could be part of its
    /// grapheme cluster, so such a cell goes the `String` way too.
    func appendParsed(_ row: CSVRow, line: Int, to block: inout MemberRowBlock) -> Bool {
        guard row.problem == nil, row.fieldCount == width else { return false }
        return row.withFieldBytes { values, ends in
            let isASCII = Self.isASCII(values)
            if !isASCII {
                // The whole row valid and every cell starting on a character boundary: then every
                // cell is valid on its own.
                guard UTF8Validation.isValid(values) else { return false }
                for index in 0..<ends.count - 1 where ends[index] < values.count {
                    if values[ends[index]] & 0xC0 == 0x80 { return false }
                }
            }
            return appendCells(isASCII: isASCII, line: line, to: &block) { index in
                UnsafeBufferPointer(rebasing: values[(index == 0 ? 0 : ends[index - 1])..<ends[index]])
            }
        }
    }

    /// ``appendParsed(_:line:to:)`` for a plain one-line row read in place
    /// (``RecordIO/CSVTokenizer/readPlainRow(fieldsWanted:_:)``): its cells are the line's bytes between the
    /// delimiters. A line that is valid UTF-8 has valid cells (a delimiter is ASCII, so it never
    /// cuts a character); for one that is not, this returns false and the row is read again as a
    /// row, which decides.
    func appendParsed(_ row: PlainRow, to block: inout MemberRowBlock) -> Bool {
        guard row.fieldCount == width else { return false }
        let isASCII = row.isASCII
        guard isASCII || UTF8Validation.isValid(row.line) else { return false }
        return appendCells(isASCII: isASCII, line: row.lineNumber, to: &block) { row.field($0) }
    }

    /// Checks the cells of a row whose cells are valid UTF-8 (`cell(i)` is field `i`) and adds it
    /// to `block` as a member; false, with `block` as it was, for a row to take the `String` way.
    @inline(__always)
    private func appendCells(
        isASCII: Bool, line: Int, to block: inout MemberRowBlock, cell: (Int) -> UnsafeBufferPointer<UInt8>
    ) -> Bool {
        let mark = block.mark
        var documentCount = 0
        for column in MemberExtract.Column.allCases {
            guard let trimmed = Self.trimmed(cell(cellIndex[column.rawValue])) else {
                return rollBack(block: &block, to: mark)
            }
            switch column {
            case .programme:
                guard !trimmed.isEmpty, isASCII || Self.isASCII(trimmed) else {
                    return rollBack(block: &block, to: mark)
                }
                block.appendUppercasedASCII(trimmed)
            case .ffn:
                guard !trimmed.isEmpty else { return rollBack(block: &block, to: mark) }
                block.appendBytes(trimmed)
            case .status:
                guard trimmed.count == 1, Self.isStatus(trimmed[0]) else {
                    return rollBack(block: &block, to: mark)
                }
                block.appendUppercasedASCII(trimmed)
            case .documents:
                guard isASCII || Self.isASCII(trimmed),
                    let count = Self.appendDocuments(trimmed, to: &block)
                else { return rollBack(block: &block, to: mark) }
                documentCount = count
                continue  // appendDocuments ended the cell and added the documents' own
            default:
                block.appendBytes(trimmed)
            }
            block.endCell()
        }
        block.commitMember(from: mark, line: line, documentCount: documentCount)
        return true
    }

    private func rollBack(block: inout MemberRowBlock, to mark: MemberRowBlock.Mark) -> Bool {
        block.rollBack(to: mark)
        return false
    }

    /// `A`, `S`, `C` or `F` in any case (``Member/Status``).
    private static func isStatus(_ byte: UInt8) -> Bool {
        switch byte | 0x20 {
        case UInt8(ascii: "a"), UInt8(ascii: "s"), UInt8(ascii: "c"), UInt8(ascii: "f"): true
        default: false
        }
    }

    /// The cell without leading and trailing spaces and tabs, as ``MemberExtract/trim(_:)`` gives
    /// it; nil when a space removed touches a non-ASCII character (see above).
    static func trimmed(_ cell: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8>? {
        var start = 0
        var end = cell.count
        while start < end, cell[start] == 0x20 || cell[start] == 0x09 { start += 1 }
        while end > start, cell[end - 1] == 0x20 || cell[end - 1] == 0x09 { end -= 1 }
        // A tab is a control character, always a cluster of its own; a space joins a following
        // combining mark (or a preceding prepended one, UAX #29 GB9, GB9a, GB9b).
        if start > 0, start < end, cell[start - 1] == 0x20, cell[start] >= 0x80 { return nil }
        if end < cell.count, end > start, cell[end] == 0x20, cell[end - 1] >= 0x80 { return nil }
        return UnsafeBufferPointer(rebasing: cell[start..<end])
    }

    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var combined: UInt8 = 0
        for byte in bytes { combined |= byte }
        return combined < 0x80
    }

    /// Appends the normalised `documents` cell of an ASCII `text` (as ``MemberExtract/documents(_:)``
    /// and ``MemberExtract/joined(_:)`` make it: `TYPE:NUMBER:ISSUECOUNTRY` items joined by `|`,
    /// each part trimmed and upper-cased), ends it, and adds a cell for each part of each item.
    /// Returns the number of documents, or nil when an item is malformed.
    static func appendDocuments(_ text: UnsafeBufferPointer<UInt8>, to block: inout MemberRowBlock) -> Int? {
        var count = 0
        var itemStart = 0
        while itemStart <= text.count, !text.isEmpty {
            var itemEnd = itemStart
            while itemEnd < text.count, text[itemEnd] != UInt8(ascii: "|") { itemEnd += 1 }
            if count > 0 { block.appendByte(UInt8(ascii: "|")) }
            var partStart = itemStart
            for part in 0..<3 {
                var partEnd = partStart
                while partEnd < itemEnd, text[partEnd] != UInt8(ascii: ":") { partEnd += 1 }
                // Parts 0 and 1 end at a colon, part 2 at the item's end.
                guard part == 2 ? partEnd == itemEnd : partEnd < itemEnd else { return nil }
                guard let trimmed = trimmed(UnsafeBufferPointer(rebasing: text[partStart..<partEnd])),
                    !trimmed.isEmpty
                else { return nil }
                if part > 0 { block.appendByte(UInt8(ascii: ":")) }
                block.appendUppercasedASCII(trimmed)
                partStart = partEnd + 1
            }
            count += 1
            itemStart = itemEnd + 1
        }
        block.endCell()
        // The parts again as cells of their own: the normalised text has no `|` or `:` inside a part.
        let joinedEnd = block.bytes.count
        var partStart = block.cellStart(block.cellEnds.count - 1)
        var position = partStart
        while position <= joinedEnd, count > 0 {
            if position == joinedEnd || block.bytes[position] == UInt8(ascii: ":")
                || block.bytes[position] == UInt8(ascii: "|")
            {
                block.appendCopy(of: partStart..<position)
                block.endCell()
                partStart = position + 1
            }
            position += 1
        }
        return count
    }
}
