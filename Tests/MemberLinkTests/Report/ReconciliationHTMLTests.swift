import Foundation
import Testing

@testable import MemberLink

/// `reconciliation.html` (CONTRACT §4: "one self-contained page with counts, rates and charts"):
/// nothing loaded from outside, every value escaped and card numbers starred, the figures a reader
/// needs, an accessible chart, and the same bytes for the same run apart from the meta line.
@Suite struct ReconciliationHTMLTests {
    static let records = Reconciliation.Records(in: 8, attached: 5, alreadyAttached: 1, rejected: 2)

    /// A run with hostile names everywhere a user can put text: pipeline, run id, paths, reasons.
    static func sample(previous: Reconciliation.PreviousRun? = nil) -> Reconciliation {
        Reconciliation(
            runId: "run-<1>", pipeline: "vn & co <script>",
            inputs: [
                Reconciliation.Input(
                    path: "in/<a>&'b'.csv", sha256: String(repeating: "0", count: 64), bytes: 12_345, records: 8,
                    outcomes: records),
                Reconciliation.Input(
                    path: "in/\"bad\" 4111 1111 1111 1111\u{1}.xml", sha256: String(repeating: "f", count: 64),
                    bytes: 10, records: 0, outcomes: .zero),
            ],
            records: records,
            byCode: [.attached: 5, .alreadyAttached: 1, .dataInvalid: 1, .membershipNotFound: 1, .memberMismatch: 0],
            attachments: Reconciliation.Attachments(requests: 4, passengers: 5),
            rejectedFiles: [
                Reconciliation.RejectedFile(
                    path: "in/\"bad\" 4111 1111 1111 1111\u{1}.xml",
                    reason: "DOCTYPE <!ENTITY> for card 4111-1111-1111-1111")
            ],
            timings: Reconciliation.Timings(startedAtEpoch: 1_777_600_800, finishedAtEpoch: 1_777_600_812.9),
            bySystem: [
                "VN": Reconciliation.Records(in: 6, attached: 5, alreadyAttached: 1, rejected: 0),
                "": Reconciliation.Records(in: 1, attached: 0, alreadyAttached: 0, rejected: 1),
                "1G": Reconciliation.Records(in: 1, attached: 0, alreadyAttached: 0, rejected: 1),
            ],
            previous: previous)
    }

    static let previous = Reconciliation.PreviousRun(
        runId: "prev-<2>", finishedAt: "2026-04-30T02:00:09Z",
        records: Reconciliation.Records(in: 10, attached: 2, alreadyAttached: 0, rejected: 8),
        byCode: [.attached: 2, .dataInvalid: 5, .recordMalformed: 3])

    static let pages: [String] = [
        sample().html,
        sample(previous: previous).html,
        {
            var unbalanced = sample()
            unbalanced.records.in = 9
            return unbalanced.html
        }(),
        Reconciliation(
            runId: "r", pipeline: "p", inputs: [], records: .zero, byCode: [:],
            attachments: Reconciliation.Attachments(requests: 0, passengers: 0), rejectedFiles: [],
            timings: Reconciliation.Timings(startedAt: "", finishedAt: "", seconds: 0)
        ).html,
    ]

    /// Every tag name on the page; escaping is right when only the page's own tags appear.
    static func tagNames(_ page: String) -> Set<String> {
        Set(page.matches(of: #/</?([!A-Za-z][A-Za-z0-9]*)/#).map { String($0.output.1).lowercased() })
    }

    static let allowedTags: Set<String> = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "p", "code", "nav", "a",
        "main", "section", "dl", "div", "dt", "dd", "span", "em", "br", "wbr", "figure", "figcaption", "svg", "desc",
        "line", "g", "text", "rect", "table", "caption", "thead", "tbody", "tr", "th", "td",
    ]

    @Test(arguments: 0..<pages.count)
    func loadsNothingFromOutside(page index: Int) {
        let page = Self.pages[index]
        #expect(page.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">\n"))
        #expect(page.hasSuffix("</html>\n"))
        // No URL of any kind: no scheme, no source, no style sheet or font fetched, no script.
        for needle in [
            "http", "src=", "<script", "<link", "<img", "<iframe", "<object", "<embed", "url(", "@import",
            "@font-face", "xlink", "//", "javascript:", "data:",
        ] {
            #expect(!page.lowercased().contains(needle), "\(needle)")
        }
        // The only links are anchors to the page's own sections, and each target exists.
        let hrefs = page.matches(of: #/href="([^"]*)"/#).map { String($0.output.1) }
        #expect(page.components(separatedBy: "href=").count - 1 == hrefs.count)
        for href in hrefs {
            #expect(href.hasPrefix("#"), "\(href)")
            #expect(page.contains("id=\"\(href.dropFirst())\""), "\(href)")
        }
        #expect(Self.tagNames(page).subtracting(Self.allowedTags).isEmpty, "\(Self.tagNames(page))")
    }

    @Test func escapesEveryNameAndStarsCardNumbers() {
        let page = Self.sample(previous: Self.previous).html
        #expect(page.contains("<h1>Reconciliation: vn &amp; co &lt;script&gt;</h1>"))
        #expect(page.contains("<title>Reconciliation: vn &amp; co &lt;script&gt;</title>"))
        #expect(page.contains("<code>run-&lt;1&gt;</code>"))
        #expect(page.contains("<code>prev-&lt;2&gt;</code>"))
        #expect(page.contains("in/<wbr>&lt;a&gt;&amp;&#39;b&#39;.csv"))
        // A control character in a file name is shown as its control picture, not written raw.
        #expect(page.contains("in/<wbr>&quot;bad&quot; *******************\u{2401}.xml"))
        #expect(page.contains("DOCTYPE &lt;!ENTITY&gt; for card *******************"))
        #expect(!page.contains("4111") && !page.contains("\u{1}"))
        #expect(!page.contains("<a>") && !page.contains("<script>") && !page.contains("<!ENTITY"))
    }

    @Test func showsTheTotalsAndTheBalanceCheck() {
        let page = Self.sample().html
        #expect(page.contains("Balanced: 8 records in = 5 attached + 1 already attached + 2 rejected."))
        #expect(page.contains("<dt>Attached</dt><dd class=\"value\">5</dd><dd>62.5% of records in</dd>"))
        #expect(page.contains("<dt>Rejected</dt><dd class=\"value\">2</dd><dd>25.0% of records in</dd>"))
        #expect(page.contains("<dt>Add Membership requests</dt><dd class=\"value\">4</dd><dd>for 5 passengers</dd>"))
        #expect(page.contains("nothing to compare with"))
        #expect(!page.contains("previous"))

        var unbalanced = Self.sample()
        unbalanced.records.in = 9
        #expect(
            unbalanced.html.contains(
                "<p class=\"check fail\"><span aria-hidden=\"true\">✗ </span>Not balanced: 9 records in, but 5 attached + "
                    + "1 already attached + 2 rejected = 8."))
    }

    /// The chart is an image with a title and a description that reads out every figure, and the
    /// same figures are in a table with column and row headers.
    @Test func theChartHasTextAlternatives() throws {
        let page = Self.sample().html
        #expect(page.contains("<svg role=\"img\" aria-labelledby=\"codes-chart-title codes-chart-desc\""))
        #expect(page.contains("<title id=\"codes-chart-title\">Records by outcome code</title>"))
        #expect(
            page.contains(
                "<desc id=\"codes-chart-desc\">ATTACHED 5 (62.5%); ALREADY_ATTACHED 1 (12.5%); DATA_INVALID 1 (12.5%); "
                    + "MEMBERSHIP_NOT_FOUND 1 (12.5%).</desc>"))
        #expect(page.contains("<title>ALREADY_ATTACHED: 1 record, 12.5%</title>"))
        #expect(
            page.contains(
                "<tr><th scope=\"row\"><code>DATA_INVALID</code></th><td class=\"n\">1</td><td class=\"n\">12.5%</td></tr>"
            ))
        #expect(!page.contains("MEMBER_MISMATCH"))  // a code with 0 records is left out
        // Largest count first, ties by code text.
        let order = ["ATTACHED<", "ALREADY_ATTACHED<", "DATA_INVALID<", "MEMBERSHIP_NOT_FOUND<"].map {
            page.range(of: ">" + $0)!.lowerBound
        }
        #expect(order == order.sorted())
        // Every table has a caption and column headers.
        let tables = page.components(separatedBy: "<table").count - 1
        #expect(tables == 4)
        #expect(page.components(separatedBy: "<caption>").count - 1 == tables)
        #expect(!page.contains("<th>"))
    }

    @Test func countsPerPartnerSystemAndPerInputFile() throws {
        let page = Self.sample().html
        // Systems by code, records without a valid system last.
        let vn = try #require(page.range(of: "<code>VN</code>"))
        let other = try #require(page.range(of: "<em>missing or invalid</em>"))
        let oneG = try #require(page.range(of: "<code>1G</code>"))
        #expect(oneG.lowerBound < vn.lowerBound && vn.lowerBound < other.lowerBound)
        #expect(
            page.contains(
                "<code>VN</code></th><td class=\"n\">6</td><td class=\"n\">5</td><td class=\"n\">1</td>"
                    + "<td class=\"n\">0</td><td class=\"n\">0.0%</td></tr>"))
        #expect(
            page.contains(
                "<code class=\"digest\">" + String(repeating: "0", count: 64) + "</code></th><td class=\"n\">8</td>"
                    + "<td class=\"n\">5</td><td class=\"n\">1</td><td class=\"n\">2</td><td class=\"n\">25.0%</td>"
                    + "<td class=\"n\">12,345</td></tr>"))
        #expect(page.contains("rejected whole: see <a href=\"#rejected-files\">Rejected files</a>"))
    }

    /// With a previous run: its shares beside this run's, the change in percentage points, and
    /// codes that occurred in either run.
    @Test func comparesRatesWithThePreviousRun() {
        let page = Self.sample(previous: Self.previous).html
        #expect(!page.contains("nothing to compare with"))
        #expect(page.contains("<dt>Records in</dt><dd class=\"value\">8</dd><dd class=\"then\">previous run 10</dd>"))
        #expect(
            page.contains(
                "<dt>Attached</dt><dd class=\"value\">5</dd><dd>62.5% of records in</dd>"
                    + "<dd class=\"then\">previous run 20.0%</dd><dd class=\"then\">change +42.5 pp</dd>"))
        #expect(page.contains("<dd class=\"then\">previous run 80.0%</dd><dd class=\"then\">change −55.0 pp</dd>"))
        #expect(
            page.contains(
                "<tr><th scope=\"row\"><code>RECORD_MALFORMED</code></th><td class=\"n\">0</td><td class=\"n\">0.0%</td>"
                    + "<td class=\"n\">3</td><td class=\"n\">30.0%</td><td class=\"n\">−30.0 pp</td></tr>"))
        #expect(
            page.contains(
                "<tr><th scope=\"row\"><code>MEMBERSHIP_NOT_FOUND</code></th><td class=\"n\">1</td><td class=\"n\">12.5%</td>"
                    + "<td class=\"n\">0</td><td class=\"n\">0.0%</td><td class=\"n\">+12.5 pp</td></tr>"))
        #expect(page.contains("MEMBERSHIP_NOT_FOUND 1 (12.5%), previous run 0 (0.0%)"))
        #expect(page.contains("<title>DATA_INVALID in the previous run: 5 records, 50.0%</title>"))
    }

    /// The run ids and timings (this run's and the previous one's) are all on the one meta line
    /// that the golden tests normalise; everything else depends only on the figures.
    @Test func onlyTheMetaLineDiffersBetweenRunsOfTheSameFigures() {
        var first = Self.sample(previous: Self.previous)
        var second = first
        second.runId = "another"
        second.timings = Reconciliation.Timings(startedAtEpoch: 1_800_000_000, finishedAtEpoch: 1_800_000_100)
        second.previous?.runId = "x"
        second.previous?.finishedAt = "2030-01-01T00:00:00Z"
        #expect(first.htmlBytes == Self.sample(previous: Self.previous).htmlBytes)
        func normalised(_ page: String) -> String {
            page.replacing(#/<p class="meta">Run .*</p>/#, with: "<p class=\"meta\">RUN</p>")
        }
        #expect(first.html != second.html)
        #expect(normalised(first.html) == normalised(second.html))
        #expect(first.html.split(separator: "\n").filter { $0.contains("<p class=\"meta\">Run ") }.count == 1)
        first.previous = nil
        #expect(normalised(first.html).components(separatedBy: "<p class=\"meta\">RUN</p>").count == 2)
    }

    @Test(arguments: [
        (0, 0, "–"), (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 8, "12.5%"), (5, 8, "62.5%"), (3, 3, "100.0%"),
        (1, 2_000, "0.1%"), (1, 2_001, "0.0%"),
    ])
    func rate(count: Int, total: Int, expected: String) {
        #expect(Reconciliation.rate(count, of: total) == expected)
    }

    @Test(arguments: [
        (5, 8, 2, 10, "+42.5 pp"), (2, 10, 5, 8, "−42.5 pp"), (1, 3, 1, 3, "0.0 pp"), (1, 0, 1, 3, "–"),
        (1, 3, 0, 0, "–"), (1, 1_000, 0, 10, "+0.1 pp"),
    ])
    func change(count: Int, total: Int, earlier: Int, earlierTotal: Int, expected: String) {
        #expect(Reconciliation.change(count, of: total, from: earlier, of: earlierTotal) == expected)
    }

    @Test(arguments: [(0, "0"), (999, "999"), (1_000, "1,000"), (1_234_567, "1,234,567"), (-12_345, "-12,345")])
    func count(value: Int, expected: String) {
        #expect(Reconciliation.count(value) == expected)
    }
}
