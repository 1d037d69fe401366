/// The rows of `results.csv`, `errors.csv` and `errors.jsonl`, columns exactly as CONTRACT §4.
extension OutputLine {
    /// `sourceFile,sourceLine,system,bookingCode,passengerId,index,outcome,resolvedBy,airline,
    /// membershipId,level,skyTeamLevel`, then one `member.FIELD` cell per granted field.
    mutating func resultRow(_ record: RecordOutcome, sourceFile: EncodedSourceFile, memberFields: [MemberField]) {
        let outcome = record.outcome
        keyCells(record, sourceFile: sourceFile)
        csv(outcome.code.rawValue)
        csv(outcome.resolvedBy?.rawValue ?? "")
        csv(outcome.membership?.airline ?? "")
        csv(outcome.membership?.membershipId ?? "")
        csv(outcome.membership?.level ?? "")
        csv(outcome.membership?.skyTeamLevel ?? "")
        for field in memberFields {
            csv(outcome.member.map { field.value(of: $0) } ?? "")
        }
        newline()
    }

    /// `sourceFile,sourceLine,system,bookingCode,passengerId,index,code,childCodes,paths,message`,
    /// child codes and paths joined by `|`, message the outcome's business message (already masked).
    mutating func errorRow(_ record: RecordOutcome, sourceFile: EncodedSourceFile) {
        let outcome = record.outcome
        keyCells(record, sourceFile: sourceFile)
        csv(outcome.code.rawValue)
        csv(outcome.childErrors.map(\.code.rawValue).joined(separator: "|"))
        csv(outcome.childErrors.map(\.path).joined(separator: "|"))
        csv(outcome.businessMessage)
        newline()
    }

    /// The error model `{"code","businessMessage","developerMessage","childError":[{"code","path",
    /// "businessMessage","developerMessage"}]}` plus `"sourceFile","sourceLine","system",
    /// "bookingCode","passengerId","index"`; `sourceLine` a number, `index` a string as sent.
    mutating func errorJSONLine(_ record: RecordOutcome, sourceFile: EncodedSourceFile) {
        let outcome = record.outcome
        raw("{")
        key("code")
        json(outcome.code.rawValue)
        raw(",")
        key("businessMessage")
        json(outcome.businessMessage)
        raw(",")
        key("developerMessage")
        json(outcome.developerMessage)
        raw(",")
        key("childError")
        raw("[")
        for (position, child) in outcome.childErrors.enumerated() {
            if position > 0 { raw(",") }
            raw("{")
            key("code")
            json(child.code.rawValue)
            raw(",")
            key("path")
            json(child.path)
            raw(",")
            key("businessMessage")
            json(child.businessMessage)
            raw(",")
            key("developerMessage")
            json(child.developerMessage)
            raw("}")
        }
        raw("],")
        key("sourceFile")
        sourceFile.jsonString.withUnsafeBufferPointer { append($0) }
        raw(",")
        key("sourceLine")
        number(record.location.line)
        raw(",")
        key("system")
        json(record.system)
        raw(",")
        key("bookingCode")
        json(record.bookingCode)
        raw(",")
        key("passengerId")
        json(record.passengerId)
        raw(",")
        key("index")
        json(record.index)
        raw("}")
        newline()
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
