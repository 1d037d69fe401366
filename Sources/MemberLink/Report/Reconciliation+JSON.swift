/// `reconciliation.json` (CONTRACT §4): one JSON object on one LF-terminated line, keys in this
/// fixed order, no spaces:
///
/// ```
/// {"runId","pipeline",
///  "inputs":[{"path","sha256","bytes","records","attached","alreadyAttached","rejected"}],
///  "records":{"in","attached","alreadyAttached","rejected"},"byCode":{CODE:count,…},
///  "attachments":{"requests","passengers"},"rejectedFiles":[{"path","reason"}],
///  "timings":{"startedAt","finishedAt","seconds"},"balanced":true,
///  "bySystem":{SYSTEM:{"in","attached","alreadyAttached","rejected"},…}}
/// ```
/// `byCode` holds the codes that occurred, sorted by code text; `seconds` has three decimals.
/// Keys added later come at the end of their object, so readers of the earlier shape keep working:
/// an input's `attached`, `alreadyAttached` and `rejected` (written when known), and `bySystem`
/// (systems in ``systemCounts`` order; `""` counts the records without a valid system).
extension Reconciliation {
    /// The file's exact bytes.
    public var jsonBytes: [UInt8] {
        var line = OutputLine()
        line.raw("{")
        line.key("runId")
        line.json(runId)
        line.raw(",")
        line.key("pipeline")
        line.json(pipeline)
        line.raw(",")
        line.key("inputs")
        line.raw("[")
        for (position, input) in inputs.enumerated() {
            if position > 0 { line.raw(",") }
            line.raw("{")
            line.key("path")
            line.jsonUnguarded(input.path)  // paths name inputs: not record values
            line.raw(",")
            line.key("sha256")
            // A digest the run computed: hex that may hold a Luhn-valid digit run by chance.
            line.jsonUnguarded(input.sha256)
            line.raw(",")
            line.key("bytes")
            line.number(input.bytes)
            line.raw(",")
            line.key("records")
            line.number(input.records)
            if let outcomes = input.outcomes {
                line.raw(",")
                line.key("attached")
                line.number(outcomes.attached)
                line.raw(",")
                line.key("alreadyAttached")
                line.number(outcomes.alreadyAttached)
                line.raw(",")
                line.key("rejected")
                line.number(outcomes.rejected)
            }
            line.raw("}")
        }
        line.raw("],")
        line.key("records")
        line.raw("{")
        line.key("in")
        line.number(records.in)
        line.raw(",")
        line.key("attached")
        line.number(records.attached)
        line.raw(",")
        line.key("alreadyAttached")
        line.number(records.alreadyAttached)
        line.raw(",")
        line.key("rejected")
        line.number(records.rejected)
        line.raw("},")
        line.key("byCode")
        line.raw("{")
        for (position, entry) in occurredCodes.enumerated() {
            if position > 0 { line.raw(",") }
            line.json(entry.code.rawValue)
            line.raw(":")
            line.number(entry.count)
        }
        line.raw("},")
        line.key("attachments")
        line.raw("{")
        line.key("requests")
        line.number(attachments.requests)
        line.raw(",")
        line.key("passengers")
        line.number(attachments.passengers)
        line.raw("},")
        line.key("rejectedFiles")
        line.raw("[")
        for (position, file) in rejectedFiles.enumerated() {
            if position > 0 { line.raw(",") }
            line.raw("{")
            line.key("path")
            line.jsonUnguarded(file.path)
            line.raw(",")
            line.key("reason")
            line.json(file.reason)
            line.raw("}")
        }
        line.raw("],")
        line.key("timings")
        line.raw("{")
        line.key("startedAt")
        line.json(timings.startedAt)
        line.raw(",")
        line.key("finishedAt")
        line.json(timings.finishedAt)
        line.raw(",")
        line.key("seconds")
        line.rawText(Self.decimal(timings.seconds))
        line.raw("},")
        line.key("balanced")
        if balanced { line.raw("true") } else { line.raw("false") }
        line.raw(",")
        line.key("bySystem")
        line.raw("{")
        for (position, entry) in systemCounts.enumerated() {
            if position > 0 { line.raw(",") }
            line.json(entry.system)  // a valid system code or "": never another record value
            line.raw(":{")
            line.key("in")
            line.number(entry.records.in)
            line.raw(",")
            line.key("attached")
            line.number(entry.records.attached)
            line.raw(",")
            line.key("alreadyAttached")
            line.number(entry.records.alreadyAttached)
            line.raw(",")
            line.key("rejected")
            line.number(entry.records.rejected)
            line.raw("}")
        }
        line.raw("}")
        line.raw("}")
        line.newline()
        return line.bytes
    }

    /// A non-negative number of seconds with exactly three decimals, e.g. `12.034`, without
    /// locale or floating-point formatting surprises.
    static func decimal(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds > 0 else { return "0.000" }
        let millis = Int((seconds * 1000).rounded())
        let fraction = String(millis % 1000)
        return "\(millis / 1000)." + String(repeating: "0", count: 3 - fraction.count) + fraction
    }
}
