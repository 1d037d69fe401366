/// `reconciliation.html` (CONTRACT §4): the reconciliation for people, as one self-contained page
/// (inline CSS and an inline SVG chart; no script, no external asset, so it opens offline and
/// from a mail attachment). Every value passes the card-number guard, then HTML escaping.
extension Reconciliation {
    /// The page's exact bytes (UTF-8, LF line ends).
    public var htmlBytes: [UInt8] { Array(html.utf8) }

    /// The page.
    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Reconciliation: \(Self.text(pipeline))</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem;color:#1f2328;max-width:60rem}
            h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem}
            table{border-collapse:collapse;margin:.5rem 0}
            th,td{border:1px solid #d0d7de;padding:.3rem .6rem;text-align:left;vertical-align:top}
            td.n{text-align:right;font-variant-numeric:tabular-nums}
            code{font-size:.85em;word-break:break-all}
            .ok{color:#1a7f37;font-weight:600}.fail{color:#cf222e;font-weight:600}
            .meta{color:#59636e}
            </style>
            </head>
            <body>
            <h1>Reconciliation: \(Self.text(pipeline))</h1>
            <p class="meta">Run <code>\(Self.text(runId))</code>, started \(Self.text(timings.startedAt)), finished \(Self.text(timings.finishedAt)) (\(Self.decimal(timings.seconds)) s).</p>

            """
        let total = records.in
        let sum = records.attached + records.alreadyAttached + records.rejected
        if balanced {
            page +=
                "<p class=\"ok\">Balanced: \(total) records in = \(records.attached) attached + "
                + "\(records.alreadyAttached) already attached + \(records.rejected) rejected.</p>\n"
        } else {
            page +=
                "<p class=\"fail\">Not balanced: \(total) records in, but \(records.attached) attached + "
                + "\(records.alreadyAttached) already attached + \(records.rejected) rejected = \(sum).</p>\n"
        }
        page += """
            <h2>Records</h2>
            <table>
            <tr><th>outcome</th><th>records</th><th>share of records in</th></tr>
            <tr><td>in</td><td class="n">\(total)</td><td class="n">\(Self.rate(total, of: total))</td></tr>
            <tr><td>attached</td><td class="n">\(records.attached)</td><td class="n">\(Self.rate(records.attached, of: total))</td></tr>
            <tr><td>already attached</td><td class="n">\(records.alreadyAttached)</td><td class="n">\(Self.rate(records.alreadyAttached, of: total))</td></tr>
            <tr><td>rejected</td><td class="n">\(records.rejected)</td><td class="n">\(Self.rate(records.rejected, of: total))</td></tr>
            </table>
            <p>Add Membership requests: \(attachments.requests), for \(attachments.passengers) passengers.</p>
            <h2>Outcome codes</h2>

            """
        page += codeChart
        page += "<h2>Input files</h2>\n"
        if inputs.isEmpty {
            page += "<p>No input files.</p>\n"
        } else {
            page += "<table>\n<tr><th>file</th><th>records</th><th>bytes</th><th>SHA-256</th></tr>\n"
            for input in inputs {
                page +=
                    "<tr><td>\(Self.text(input.path))</td><td class=\"n\">\(input.records)</td>"
                    + "<td class=\"n\">\(input.bytes)</td><td><code>\(Self.escape(input.sha256))</code></td></tr>\n"
            }
            page += "</table>\n"
        }
        page += "<h2>Rejected files</h2>\n"
        if rejectedFiles.isEmpty {
            page += "<p>None: every input file was read to its end.</p>\n"
        } else {
            page += "<table>\n<tr><th>file</th><th>reason</th></tr>\n"
            for file in rejectedFiles {
                page += "<tr><td>\(Self.text(file.path))</td><td>\(Self.text(file.reason))</td></tr>\n"
            }
            page += "</table>\n"
        }
        page += "</body>\n</html>\n"
        return page
    }

    /// A horizontal bar per outcome code that occurred, as inline SVG, and the same numbers as a
    /// table for screen readers and copying.
    private var codeChart: String {
        let codes = occurredCodes
        guard let largest = codes.map(\.count).max(), largest > 0 else { return "<p>No records.</p>\n" }
        let rowHeight = 26
        let labelWidth = 230
        let barWidth = 330
        let height = codes.count * rowHeight + 8
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(labelWidth + barWidth + 90)\" height=\"\(height)\" "
            + "role=\"img\" aria-label=\"Records by outcome code\" font-family=\"system-ui,sans-serif\" font-size=\"13\">\n"
        for (row, entry) in codes.enumerated() {
            let y = 4 + row * rowHeight
            let width = max(1, entry.count * barWidth / largest)
            let colour = entry.code.isSuccess ? "#2da44e" : "#d4772c"
            svg +=
                "<text x=\"0\" y=\"\(y + 17)\">\(Self.text(entry.code.rawValue))</text>"
                + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(width)\" height=\"18\" fill=\"\(colour)\"/>"
                + "<text x=\"\(labelWidth + width + 6)\" y=\"\(y + 17)\">\(entry.count)</text>\n"
        }
        svg += "</svg>\n<table>\n<tr><th>code</th><th>records</th><th>share of records in</th></tr>\n"
        for entry in codes {
            svg +=
                "<tr><td>\(Self.text(entry.code.rawValue))</td><td class=\"n\">\(entry.count)</td>"
                + "<td class=\"n\">\(Self.rate(entry.count, of: records.in))</td></tr>\n"
        }
        return svg + "</table>\n"
    }

    /// A share as a percentage with one decimal, e.g. `12.5%`, by integer arithmetic; `–` of nothing.
    static func rate(_ count: Int, of total: Int) -> String {
        guard total > 0 else { return "–" }
        let tenths = (count * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// A value for the page: card numbers starred, then escaped.
    static func text(_ value: String) -> String {
        escape(CardNumberGuard.redact(value))
    }

    /// HTML escaping of text and attribute values: `&`, `<`, `>`, `"` and `'`.
    static func escape(_ value: String) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }
}
