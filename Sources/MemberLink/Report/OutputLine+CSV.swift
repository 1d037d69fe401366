/// CSV cells as the outputs write them (CONTRACT §4): every value passes the card-number guard,
/// then the CSV-injection guard, then RFC 4180 quoting. Lines end with LF.
extension OutputLine {
    /// Appends one guarded, quoted-if-needed cell, preceded by a comma unless it is the first.
    /// `isPath` exempts an input file's path from the card-number guard: a path names the input
    /// (e.g. `batch-4929-1234-5678-9015/…`), it is not a value from a record.
    ///
    /// Asked to be inlined where it is called (the compiler still calls it from some rows): most
    /// cells take the first branch, which is then a few word operations with `first` and `isPath`
    /// known, not a call of about 90 instructions.
    @inline(__always)
    mutating func csv(_ value: String, first: Bool = false, isPath: Bool = false) {
        // Most cells: a short ASCII value that neither guard changes and that needs no quotes,
        // looked at and copied eight bytes at a time.
        if let small = SmallValue(value), appendUnchangedCell(small, first: first, isPath: isPath) { return }
        csvGuarded(value, first: first, isPath: isPath)
    }

    /// Appends `small` as a cell, with its comma unless it is the first, when neither guard
    /// changes it and it needs no quotes (most cells); false, with nothing appended, otherwise.
    @inline(__always)
    private mutating func appendUnchangedCell(_ small: SmallValue, first: Bool, isPath: Bool) -> Bool {
        guard isPath || !small.mayHideCardNumber, !small.needsCSVQuoting,
            !CSVInjectionGuard.needsPrefix(firstByte: small.firstByte)
        else { return false }
        append(small, opening: first ? nil : UInt8(ascii: ","), closing: nil)
        return true
    }

    /// ``csv(_:first:isPath:)`` of a member's field, preceded by a comma: a small ASCII value
    /// that no guard changes is written from its words as the member holds them (no copy of the
    /// string, no reference counted); any other through its string.
    mutating func csv(_ field: MemberField, of member: Member) {
        if let words = member.smallASCIIWords(of: field),
            appendUnchangedCell(SmallValue(words), first: false, isPath: false)
        {
            return
        }
        csvGuarded(field.value(of: member), first: false, isPath: false)
    }

    /// ``csv(_:first:isPath:)`` of a value that is not a short ASCII value every guard leaves as
    /// it is.
    @inline(never)
    private mutating func csvGuarded(_ value: String, first: Bool, isPath: Bool) {
        // A long literal (a message) after a comma is written as it was the last time
        // (``LiteralCache``).
        if !first, !isPath, let key = LiteralCache.key(of: value) {
            if let written = csvLiterals.written(for: key) {
                written.withUnsafeBufferPointer { append($0) }
                return
            }
            let start = count
            csvScanned(value, first: false, isPath: false)
            let written = withBytes(from: start) { Array($0) }
            csvLiterals.keep(written, for: key)
            return
        }
        csvScanned(value, first: first, isPath: isPath)
    }

    /// ``csv(_:first:isPath:)`` of any value: scanned, guarded and quoted as needed.
    private mutating func csvScanned(_ value: String, first: Bool, isPath: Bool) {
        value.withUTF8Bytes { utf8 in
            // One pass finds what quoting needs and whether the value has digits enough to hide a
            // card number (almost none has): the guard's stars change only digits, spaces and
            // hyphens, so neither the quoting nor the leading `'` depends on them.
            let (digits, needsQuotes, hasQuote) = ValueScan.csv(utf8)
            CardNumberGuard.withGuarded(utf8, digits: isPath ? 0 : digits) {
                csvCell($0, first: first, needsQuotes: needsQuotes, hasQuote: hasQuote)
            }
        }
    }

    /// Appends a cell's bytes (already guarded) with its comma, its leading `'` and its quotes.
    private mutating func csvCell(
        _ utf8: UnsafeBufferPointer<UInt8>, first: Bool, needsQuotes: Bool, hasQuote: Bool
    ) {
        let prefixed = CSVInjectionGuard.needsPrefix(firstByte: utf8.first)
        if !needsQuotes, !prefixed {
            // The usual case: the comma and the bytes as they are, in one step.
            if first { append(utf8) } else { append(utf8, after: UInt8(ascii: ",")) }
            return
        }
        if !first { byte(UInt8(ascii: ",")) }
        if needsQuotes { byte(UInt8(ascii: "\"")) }
        if prefixed { byte(UInt8(ascii: "'")) }
        if hasQuote {
            for unit in utf8 {
                if unit == UInt8(ascii: "\"") { byte(unit) }
                byte(unit)
            }
        } else {
            append(utf8)
        }
        if needsQuotes { byte(UInt8(ascii: "\"")) }
    }

    /// Appends a cell holding one of the contract's identifiers (an outcome code, how a member was
    /// found), preceded by a comma: fixed text of letters and underscores, which neither guard nor
    /// quoting changes (OutputEscapingTests checks every one), so it goes in as it is.
    mutating func identifierCell(_ identifier: String) {
        var identifier = identifier
        identifier.withUTF8 { append($0, after: UInt8(ascii: ",")) }
    }

    /// ``identifierCell(_:)`` of an outcome code, from its bytes made once: through the code's
    /// string, about 95 instructions a cell.
    mutating func outcomeCodeCell(_ code: OutcomeCode) {
        Self.outcomeCodeCells[code.tallyIndex].withUnsafeBufferPointer { append($0) }
    }

    /// ``identifierCell(_:)`` of how a member was found, empty when none was.
    mutating func resolvedByCell(_ resolvedBy: ResolvedBy?) {
        switch resolvedBy {
        case nil: byte(UInt8(ascii: ","))
        case .ffn?: raw(",ffn")
        case .document?: raw(",document")
        }
    }

    /// `,CODE` for each outcome code, by ``OutcomeCode/tallyIndex``.
    private static let outcomeCodeCells: [[UInt8]] = {
        var cells = [[UInt8]](repeating: [], count: OutcomeCode.allCases.count)
        for code in OutcomeCode.allCases { cells[code.tallyIndex] = Array(",\(code.rawValue)".utf8) }
        return cells
    }()

    /// Appends a number cell, preceded by a comma.
    mutating func csv(_ value: Int) {
        byte(UInt8(ascii: ","))
        number(value)
    }
}

/// The CSV-injection guard (CONTRACT §4): a cell that begins with `=`, `+`, `-`, `@`, tab or
/// carriage return is written with a leading `'`, so a spreadsheet shows it as text instead of
/// running it as a formula (OWASP "CSV Injection"). The one place this is decided.
enum CSVInjectionGuard {
    /// Whether a cell needs the leading `'`, given its first byte (nil for an empty cell).
    static func needsPrefix(firstByte first: UInt8?) -> Bool {
        guard let first else { return false }
        switch first {
        case UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D: return true
        default: return false
        }
    }

    /// RFC 4180: a field holding a comma, a double quote, CR or LF is enclosed in double quotes.
    static func needsQuoting(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"") || byte == 0x0A || byte == 0x0D
    }
}
