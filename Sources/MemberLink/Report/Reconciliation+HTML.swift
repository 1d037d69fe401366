/// `reconciliation.html` (CONTRACT §4): the reconciliation for people, as one self-contained page
/// that opens offline and from a mail attachment: inline CSS and an inline SVG chart, no script,
/// and nothing loaded from anywhere (no font, image, style sheet or link; the only `href`s are
/// `#` anchors to the page's own sections).
///
/// The page shows the totals and the balance check, outcome codes by count (chart and table),
/// counts per partner system and per input file, the files rejected whole, and, when the output
/// folder held a previous run of the same pipeline, its shares next to this run's. Every value
/// passes the card-number guard, then HTML escaping; no record value appears (partner systems are
/// shown only when they are valid system codes). Everything but the `<p class="meta">Run …</p>`
/// line (run ids and timings) is the same for the same inputs and the same previous run.
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
            \(Self.styleSheet)</style>
            </head>
            <body>
            <header>
            <h1>Reconciliation: \(Self.text(pipeline))</h1>
            \(metaLine)
            <nav aria-label="Sections"><a href="#totals">Totals</a> <a href="#codes">Outcome codes</a> <a href="#systems">Partner systems</a> <a href="#inputs">Input files</a> <a href="#rejected-files">Rejected files</a></nav>
            </header>
            <main>

            """
        page += totalsSection
        page += codesSection
        page += systemsSection
        page += inputsSection
        page += rejectedFilesSection
        page += "</main>\n</body>\n</html>\n"
        return page
    }

    /// The one line with the run ids and timings (the golden tests normalise it as a whole).
    private var metaLine: String {
        var line =
            "<p class=\"meta\">Run <code>\(Self.text(runId))</code>, started \(Self.text(timings.startedAt)), "
            + "finished \(Self.text(timings.finishedAt)) (\(Self.decimal(timings.seconds)) s)."
        if let previous {
            line +=
                " Compared with the previous run <code>\(Self.text(previous.runId))</code>, finished "
                + "\(Self.text(previous.finishedAt))."
        }
        return line + "</p>"
    }

    // MARK: Sections

    private var totalsSection: String {
        var out = "<section id=\"totals\" aria-labelledby=\"totals-heading\">\n<h2 id=\"totals-heading\">Totals</h2>\n"
        let sum = records.attached + records.alreadyAttached + records.rejected
        if balanced {
            out +=
                "<p class=\"check ok\"><span aria-hidden=\"true\">✓ </span>Balanced: \(Self.count(records.in)) records in = "
                + "\(Self.count(records.attached)) attached + \(Self.count(records.alreadyAttached)) already attached + "
                + "\(Self.count(records.rejected)) rejected.</p>\n"
        } else {
            out +=
                "<p class=\"check fail\"><span aria-hidden=\"true\">✗ </span>Not balanced: \(Self.count(records.in)) records in, "
                + "but \(Self.count(records.attached)) attached + \(Self.count(records.alreadyAttached)) already attached + "
                + "\(Self.count(records.rejected)) rejected = \(Self.count(sum)). Report this run as a bug, with its input files.</p>\n"
        }
        out += "<dl class=\"tiles\">\n"
        out += tile("Records in", records.in, share: nil, previous: previous.map { ($0.records.in, nil) })
        out += tile(
            "Attached", records.attached, share: records.attached,
            previous: previous.map { ($0.records.attached, $0.records.in) })
        out += tile(
            "Already attached", records.alreadyAttached, share: records.alreadyAttached,
            previous: previous.map { ($0.records.alreadyAttached, $0.records.in) })
        out += tile(
            "Rejected", records.rejected, share: records.rejected,
            previous: previous.map { ($0.records.rejected, $0.records.in) }, rejected: true)
        out +=
            "<div><dt>Add Membership requests</dt><dd class=\"value\">\(Self.count(attachments.requests))</dd>"
            + "<dd>for \(Self.count(attachments.passengers, "passenger", "passengers"))</dd></div>\n"
        out += "</dl>\n"
        if previous == nil {
            out +=
                "<p class=\"note\">No earlier run of this pipeline in its output folder: nothing to compare with.</p>\n"
        }
        return out + "</section>\n"
    }

    /// One headline figure; `share` is shown as a share of records in, `previous` is the previous
    /// run's count and, for a share, its records in.
    private func tile(
        _ label: String, _ value: Int, share: Int?, previous: (count: Int, total: Int?)?, rejected: Bool = false
    ) -> String {
        var out =
            "<div\(rejected && value > 0 ? " class=\"bad\"" : "")><dt>\(label)</dt><dd class=\"value\">\(Self.count(value))</dd>"
        if let share { out += "<dd>\(Self.rate(share, of: records.in)) of records in</dd>" }
        if let previous {
            if let total = previous.total {
                out +=
                    "<dd class=\"then\">previous run \(Self.rate(previous.count, of: total))</dd>"
                    + "<dd class=\"then\">change \(Self.change(share ?? 0, of: records.in, from: previous.count, of: total))</dd>"
            } else {
                out += "<dd class=\"then\">previous run \(Self.count(previous.count))</dd>"
            }
        }
        return out + "</div>\n"
    }

    private var codesSection: String {
        var out =
            "<section id=\"codes\" aria-labelledby=\"codes-heading\">\n<h2 id=\"codes-heading\">Outcome codes</h2>\n"
        let rows = codeRows
        guard !rows.isEmpty else { return out + "<p>No records.</p>\n</section>\n" }
        out += codeChart(rows)
        out += "<table>\n<caption>Records by outcome code, as shares of records in</caption>\n<thead><tr>"
        out +=
            "<th scope=\"col\">code</th><th scope=\"col\" class=\"n\">records</th><th scope=\"col\" class=\"n\">share</th>"
        if previous != nil {
            out +=
                "<th scope=\"col\" class=\"n\">previous run</th><th scope=\"col\" class=\"n\">previous share</th>"
                + "<th scope=\"col\" class=\"n\">change</th>"
        }
        out += "</tr></thead>\n<tbody>\n"
        for row in rows {
            out +=
                "<tr><th scope=\"row\"><code>\(Self.text(row.code.rawValue))</code></th><td class=\"n\">\(Self.count(row.now))</td>"
                + "<td class=\"n\">\(Self.rate(row.now, of: records.in))</td>"
            if let previous {
                let then = row.then ?? 0
                out +=
                    "<td class=\"n\">\(Self.count(then))</td><td class=\"n\">\(Self.rate(then, of: previous.records.in))</td>"
                    + "<td class=\"n\">\(Self.change(row.now, of: records.in, from: then, of: previous.records.in))</td>"
            }
            out += "</tr>\n"
        }
        out += "</tbody>\n</table>\n"
        if previous != nil {
            out += "<p class=\"note\">Change is in percentage points (pp) of records in.</p>\n"
        }
        return out + "</section>\n"
    }

    private var systemsSection: String {
        var out =
            "<section id=\"systems\" aria-labelledby=\"systems-heading\">\n"
            + "<h2 id=\"systems-heading\">Partner systems</h2>\n"
        let systems = systemCounts
        guard !systems.isEmpty else { return out + "<p>No records.</p>\n</section>\n" }
        out += "<table>\n<caption>Records by the booking system named in each record</caption>\n<thead><tr>"
        out += "<th scope=\"col\">system</th>" + Self.outcomeHeaders + "</tr></thead>\n<tbody>\n"
        for entry in systems {
            let name = entry.system.isEmpty ? "<em>missing or invalid</em>" : "<code>\(Self.text(entry.system))</code>"
            out += "<tr><th scope=\"row\">\(name)</th>" + Self.outcomeCells(entry.records) + "</tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private var inputsSection: String {
        var out =
            "<section id=\"inputs\" aria-labelledby=\"inputs-heading\">\n<h2 id=\"inputs-heading\">Input files</h2>\n"
        guard !inputs.isEmpty else { return out + "<p>No input files.</p>\n</section>\n" }
        let rejectedWhole = Set(rejectedFiles.map(\.path))
        out += "<table class=\"wide\">\n<caption>Each input file as read, in input order</caption>\n<thead><tr>"
        out +=
            "<th scope=\"col\">file and its SHA-256</th>" + Self.outcomeHeaders
            + "<th scope=\"col\" class=\"n\">bytes</th></tr></thead>\n<tbody>\n"
        for input in inputs {
            out +=
                "<tr><th scope=\"row\" class=\"path\">\(Self.path(input.path))<br>"
                + "<code class=\"digest\">\(Self.escape(input.sha256))</code></th>"
            if rejectedWhole.contains(input.path) {
                out +=
                    "<td colspan=\"5\" class=\"bad\">rejected whole: see <a href=\"#rejected-files\">Rejected files</a></td>"
            } else if let outcomes = input.outcomes {
                out += Self.outcomeCells(outcomes)
            } else {
                out += "<td class=\"n\">\(Self.count(input.records))</td><td colspan=\"4\">outcomes not known</td>"
            }
            out += "<td class=\"n\">\(Self.count(input.bytes))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    private var rejectedFilesSection: String {
        var out =
            "<section id=\"rejected-files\" aria-labelledby=\"rejected-files-heading\">\n"
            + "<h2 id=\"rejected-files-heading\">Rejected files</h2>\n"
        guard !rejectedFiles.isEmpty else {
            return out + "<p>None: every input file was read to its end.</p>\n</section>\n"
        }
        out +=
            "<table class=\"wide\">\n<caption>Files rejected whole: none of their records was processed</caption>\n"
            + "<thead><tr><th scope=\"col\">file</th><th scope=\"col\">reason</th></tr></thead>\n<tbody>\n"
        for file in rejectedFiles {
            out +=
                "<tr><th scope=\"row\" class=\"path\">\(Self.path(file.path))</th><td>\(Self.text(file.reason))</td></tr>\n"
        }
        return out + "</tbody>\n</table>\n</section>\n"
    }

    // MARK: Shared cells

    private static let outcomeHeaders =
        "<th scope=\"col\" class=\"n\">records</th><th scope=\"col\" class=\"n\">attached</th>"
        + "<th scope=\"col\" class=\"n\">already attached</th><th scope=\"col\" class=\"n\">rejected</th>"
        + "<th scope=\"col\" class=\"n\">rejected share</th>"

    private static func outcomeCells(_ records: Records) -> String {
        "<td class=\"n\">\(count(records.in))</td><td class=\"n\">\(count(records.attached))</td>"
            + "<td class=\"n\">\(count(records.alreadyAttached))</td><td class=\"n\">\(count(records.rejected))</td>"
            + "<td class=\"n\">\(rate(records.rejected, of: records.in))</td>"
    }
}
