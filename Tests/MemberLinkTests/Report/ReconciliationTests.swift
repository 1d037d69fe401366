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
                == #"{"runId":"run-<1>","pipeline":"vn & co","inputs":[{"path":"in/<a>.csv","sha256":"0000000000000000000000000000000000000000000000000000000000000000","bytes":10,"records":8}],"records":{"in":8,"attached":6,"alreadyAttached":0,"rejected":2},"byCode":{"ATTACHED":6,"DATA_INVALID":1,"MEMBERSHIP_NOT_FOUND":1},"attachments":{"requests":3,"passengers":6},"rejectedFiles":[{"path":"in/\"bad\".xml","reason":"DOCTYPE for card *******************"}],"timings":{"startedAt":"2026-05-01T02:00:00Z","finishedAt":"2026-05-01T02:00:12Z","seconds":12.900},"balanced":true,"bySystem":{}}"#
                + "\n")
    }

    /// New keys come at the end of their objects: an input's outcome counts after `records`,
    /// `bySystem` after `balanced`, valid systems by code and `""` (no valid system) last.
    @Test func jsonAddsPerInputAndPerSystemCountsAtTheEnd() {
        var reconciliation = Self.sample(records: Self.balancedRecords)
        reconciliation.inputs[0].outcomes = Self.balancedRecords
        reconciliation.bySystem = [
            "VN": Reconciliation.Records(in: 5, attached: 4, alreadyAttached: 0, rejected: 1),
            "": Reconciliation.Records(in: 1, attached: 0, alreadyAttached: 0, rejected: 1),
            "1G": Reconciliation.Records(in: 2, attached: 2, alreadyAttached: 0, rejected: 0),
            "AF": .zero,
        ]
        let text = String(decoding: reconciliation.jsonBytes, as: UTF8.self)
        #expect(text.contains(#""bytes":10,"records":8,"attached":6,"alreadyAttached":0,"rejected":2}]"#))
        #expect(
            text.hasSuffix(
                #""balanced":true,"bySystem":{"1G":{"in":2,"attached":2,"alreadyAttached":0,"rejected":0},"#
                    + #""VN":{"in":5,"attached":4,"alreadyAttached":0,"rejected":1},"#
                    + #""":{"in":1,"attached":0,"alreadyAttached":0,"rejected":1}}}"# + "\n"))
    }

    /// CONTRACT §1.1: a system is 2–3 of A–Z 0–9; anything else is counted under `""`.
    @Test(arguments: [
        ("VN", "VN"), ("1G", "1G"), ("AAA", "AAA"), ("", ""), ("V", ""), ("ABCD", ""), ("vn", ""),
        ("V N", ""), ("ÉV", ""), ("4111111111111111", ""), ("<b>", ""),
    ])
    func systemKey(system: String, key: String) {
        #expect(Reconciliation.systemKey(system) == key)
    }

    @Test func jsonSaysFalseWhenUnbalanced() {
        let text = String(
            decoding: Self.sample(records: Reconciliation.Records(in: 9, attached: 6, alreadyAttached: 0, rejected: 2))
                .jsonBytes,
            as: UTF8.self)
        #expect(text.contains(#""balanced":false,"#))
    }
}
