import MemberLink
import Testing

@Suite struct ReconciliationTests {
    static func sample(records: Reconciliation.Records) -> Reconciliation {
        Reconciliation(
            runId: "run-<1>", pipeline: "vn & co",
            inputs: [
                Reconciliation.Input(
                    path: "in/<a>.csv", sha256: String(repeating: "0", count: 64), bytes: 10, records: 8)
            ],
            records: records,
            byCode: [.membershipNotFound: 1, .attached: 6, .dataInvalid: 1, .memberMismatch: 0],
            attachments: Reconciliation.Attachments(requests: 3, passengers: 6),
            rejectedFiles: [
                Reconciliation.RejectedFile(path: "in/\"bad\".xml", reason: "DOCTYPE for card 4111 1111 1111 1111")
            ],
            timings: Reconciliation.Timings(startedAtEpoch: 1_777_600_800, finishedAtEpoch: 1_777_600_812.9))
    }

    static let balancedRecords = Reconciliation.Records(in: 8, attached: 6, alreadyAttached: 0, rejected: 2)

    @Test func balancedMeansInEqualsTheThreeOutcomes() {
        #expect(Self.sample(records: Self.balancedRecords).balanced)
        #expect(
            !Self.sample(records: Reconciliation.Records(in: 9, attached: 6, alreadyAttached: 0, rejected: 2)).balanced)
    }

    @Test func byCodeListsOccurredCodesSortedByCode() {
        let codes = Self.sample(records: Self.balancedRecords).occurredCodes
        #expect(codes.map(\.code) == [.attached, .dataInvalid, .membershipNotFound])
        #expect(codes.map(\.count) == [6, 1, 1])
    }

    @Test(arguments: [
        (0.0, "1970-01-01T00:00:00Z"),
        (951_782_400, "2000-02-29T00:00:00Z"),
        (1_777_600_812.9, "2026-05-01T02:00:12Z"),
        (-1, "1969-12-31T23:59:59Z"),
        (4_102_444_799, "2099-12-31T23:59:59Z"),
    ])
    func iso8601UTC(epoch: Double, expected: String) {
        #expect(Reconciliation.Timings.iso8601(epochSeconds: epoch) == expected)
    }

    @Test func timingsFromInstants() {
        let timings = Reconciliation.Timings(startedAtEpoch: 1_777_600_800, finishedAtEpoch: 1_777_600_812.5)
        #expect(timings.startedAt == "2026-05-01T02:00:00Z")
        #expect(timings.finishedAt == "2026-05-01T02:00:12Z")
        #expect(timings.seconds == 12.5)
    }

    @Test func jsonIsOneLineInContractOrder() {
        let text = String(decoding: Self.sample(records: Self.balancedRecords).jsonBytes, as: UTF8.self)
        #expect(
            text
                == #"{"runId":"run-<1>","pipeline":"vn & co","inputs":[{"path":"in/<a>.csv","sha256":"0000000000000000000000000000000000000000000000000000000000000000","bytes":10,"records":8}],"records":{"in":8,"attached":6,"alreadyAttached":0,"rejected":2},"byCode":{"ATTACHED":6,"DATA_INVALID":1,"MEMBERSHIP_NOT_FOUND":1},"attachments":{"requests":3,"passengers":6},"rejectedFiles":[{"path":"in/\"bad\".xml","reason":"DOCTYPE for card *******************"}],"timings":{"startedAt":"2026-05-01T02:00:00Z","finishedAt":"2026-05-01T02:00:12Z","seconds":12.900},"balanced":true}"#
                + "\n")
    }

    @Test func jsonSaysFalseWhenUnbalanced() {
        let text = String(
            decoding: Self.sample(records: Reconciliation.Records(in: 9, attached: 6, alreadyAttached: 0, rejected: 2))
                .jsonBytes,
            as: UTF8.self)
        #expect(text.hasSuffix(#""balanced":false}"# + "\n"))
    }

    @Test func htmlIsSelfContainedAndEscaped() {
        let page = Self.sample(records: Self.balancedRecords).html
        #expect(page.hasPrefix("<!DOCTYPE html>\n"))
        #expect(page.hasSuffix("</html>\n"))
        #expect(page.contains("<style>"))
        #expect(page.contains("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        // No external asset: nothing is loaded by URL.
        for needle in ["<script", "<link", "src=", "href=", "url(", "@import"] {
            #expect(!page.contains(needle), "\(needle)")
        }
        // Values are escaped, card numbers starred.
        #expect(page.contains("vn &amp; co"))
        #expect(page.contains("run-&lt;1&gt;"))
        #expect(page.contains("in/&lt;a&gt;.csv"))
        #expect(page.contains("in/&quot;bad&quot;.xml"))
        #expect(page.contains("DOCTYPE for card *******************"))
        #expect(!page.contains("<a>") && !page.contains("4111"))
        // Counts, rates and the balance check.
        #expect(page.contains("Balanced: 8 records in = 6 attached + 0 already attached + 2 rejected."))
        #expect(page.contains("<td class=\"n\">75.0%</td>"))
        #expect(page.contains("<td class=\"n\">25.0%</td>"))
        #expect(page.contains(">MEMBERSHIP_NOT_FOUND</text>"))
        #expect(!page.contains("MEMBER_MISMATCH"))
    }

    @Test func htmlShowsAFailedBalance() {
        let page = Self.sample(records: Reconciliation.Records(in: 9, attached: 6, alreadyAttached: 0, rejected: 2))
            .html
        #expect(page.contains("Not balanced: 9 records in, but 6 attached + 0 already attached + 2 rejected = 8."))
    }
}
