/// The rows of `results.csv`, `errors.csv` and `errors.jsonl`, columns exactly as CONTRACT §4.
extension OutputLine {
    /// `sourceFile,sourceLine,system,bookingCode,passengerId,index,outcome,resolvedBy,airline,
    /// membershipId,level,skyTeamLevel`, then one `member.FIELD` cell per granted field.
    mutating func resultRow(_ record: RecordOutcome, sourceFile: EncodedSourceFile, memberFields: [MemberField]) {
        let outcome = record.outcome
        keyCells(record, sourceFile: sourceFile)
        outcomeCodeCell(outcome.code)
        resolvedByCell(outcome.resolvedBy)
        // Through `if let`, not `?? ""` per cell: each of those made a copy of its string.
        if let membership = outcome.membership {
            csv(membership.airline)
            csv(membership.membershipId)
            csv(membership.level)
            csv(membership.skyTeamLevel)
        } else {
            raw(",,,,")
        }
        if let member = outcome.member {
            for field in memberFields { csv(field, of: member) }
        } else {
            for _ in memberFields { byte(UInt8(ascii: ",")) }  // empty cells
        }
        newline()
    }

    /// `sourceFile,sourceLine,system,bookingCode,passengerId,index,code,childCodes,paths,message`,
    /// child codes and paths joined by `|`, message the outcome's business message (already masked).
    mutating func errorRow(_ record: RecordOutcome, sourceFile: EncodedSourceFile) {
        let outcome = record.outcome
        keyCells(record, sourceFile: sourceFile)
        outcomeCodeCell(outcome.code)
        switch outcome.childErrors.count {
        // Most errors have no child or one: their cells without arrays and joins.
        case 0: raw(",,")
        case 1:
            csv(outcome.childErrors[0].code.rawValue)
            csv(outcome.childErrors[0].path)
        default:
            csv(outcome.childErrors.map(\.code.rawValue).joined(separator: "|"))
            csv(outcome.childErrors.map(\.path).joined(separator: "|"))
        }
        csv(outcome.businessMessage)
        newline()
    }

    /// The error model `{"code","businessMessage","developerMessage","childError":[{"code","path",
    /// "businessMessage","developerMessage"}]}` plus `"sourceFile","sourceLine","system",
    /// "bookingCode","passengerId","index"`; `sourceLine` a number, `index` a string as sent.
    mutating func errorJSONLine(_ record: RecordOutcome, sourceFile: EncodedSourceFile) {
        // The fixed text between two values goes in as one literal (punctuation and keys).
        let outcome = record.outcome
        raw("{\"code\":")
        json(outcome.code.rawValue)
        raw(",\"businessMessage\":")
        json(outcome.businessMessage)
        raw(",\"developerMessage\":")
        json(outcome.developerMessage)
        raw(",\"childError\":[")
        for (position, child) in outcome.childErrors.enumerated() {
            raw(position > 0 ? ",{\"code\":" : "{\"code\":")
            json(child.code.rawValue)
            raw(",\"path\":")
            json(child.path)
            raw(",\"businessMessage\":")
            json(child.businessMessage)
            raw(",\"developerMessage\":")
            json(child.developerMessage)
            raw("}")
        }
        raw("],\"sourceFile\":")
        sourceFile.jsonString.withUnsafeBufferPointer { append($0) }
        raw(",\"sourceLine\":")
        number(record.location.line)
        raw(",\"system\":")
        json(record.system)
        raw(",\"bookingCode\":")
        json(record.bookingCode)
        raw(",\"passengerId\":")
        json(record.passengerId)
        raw(",\"index\":")
        json(record.index)
        raw("}\n")
    }

    /// `sourceFile,sourceLine,system,bookingCode,passengerId,index`, the columns both CSVs start with.
    private mutating func keyCells(_ record: RecordOutcome, sourceFile: EncodedSourceFile) {
        sourceFile.csvCell.withUnsafeBufferPointer { append($0) }
        csv(record.location.line)
        csv(record.system)
        csv(record.bookingCode)
        csv(record.passengerId)
        csv(record.index)
    }
}

/// An input file's path as the rows write it, encoded once per file instead of once per row (a
/// long path was the longest cell of every row): the first CSV cell, and the JSON string. A path
/// names the input; it is not a record's value, so the card-number guard leaves it alone.
struct EncodedSourceFile {
    let csvCell: [UInt8]
    let jsonString: [UInt8]

    init(_ path: String) {
        var line = OutputLine()
        line.csv(path, first: true, isPath: true)
        csvCell = line.bytes
        line.reset()
        line.jsonUnguarded(path)
        jsonString = line.bytes
    }
}
