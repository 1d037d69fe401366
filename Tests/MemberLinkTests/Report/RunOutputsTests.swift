import Foundation
import MemberLink
import RecordIO
import Testing

/// The output files of CONTRACT §4, byte for byte. Expected texts are written from the contract.
@Suite struct RunOutputsTests {
    // MARK: A small run: two committed files (CSV and XML) and one rejected whole

    static let headerA = Array(
        "system,bookingCode,departureDate,index,passengerId,passengerType,givenName,surname,membershipId,airline\r\n"
            .utf8)
    static let rawA2 = Array("VN,ABC123,2026-12-01,=1+2,PAX002,ADT,Binh,Tran 1234567890123,,VN\r\n".utf8)
    static let rawA4 = Array(
        "VN,ABC123,2026-12-01,3,PAX003,ADT,\"Ann\r\nMarie 4111 1111 1111 1111\",Lee,9200000033,VN\r\n".utf8)

    static let gold = Membership(airline: "VN", membershipId: "9200000017", level: "GOLD", skyTeamLevel: "ELITE")
    static let silver = Membership(
        airline: "VN", membershipId: "9200000025", level: "SILVER", skyTeamLevel: "ELITE PLUS")

    static func record(
        _ file: String, line: Int, sequence: Int, booking: String = "ABC123", passengerId: String, index: String,
        _ outcome: Outcome
    ) -> RecordOutcome {
        RecordOutcome(
            location: SourceLocation(file: file, line: line), sequence: sequence, system: "VN", bookingCode: booking,
            passengerId: passengerId, index: index, outcome: outcome)
    }

    static let attachedA = record(
        "in/a.csv", line: 2, sequence: 0, passengerId: "PAX001", index: "1",
        Outcome(
            code: .attached, businessMessage: "Attached.", developerMessage: "ffn hit", resolvedBy: .ffn,
            membership: gold,
            member: Member(programme: "VN", ffn: "9200000017", status: .active, tier: "GOLD", familyName: "Nguyen, Van")
        ))

    static let invalidA = record(
        "in/a.csv", line: 3, sequence: 1, passengerId: "PAX002", index: "=1+2",
        Outcome(
            code: .dataInvalid,
            childErrors: [
                FieldError(
                    code: .fieldFormat, field: .index, businessMessage: "The index must be a number from 1 to 99.",
                    developerMessage: "index \"=1+2\" is not ^[0-9]{1,2}$"),
                FieldError(
                    code: .emailInvalid, field: .email, businessMessage: "The email address is not valid.",
                    developerMessage: "email ******.com\u{1}"),
            ],
            businessMessage: "The record has 2 invalid fields: \"index\", email.",
            developerMessage: "rules failed: index\\email\n"))

    static let notFoundA = record(
        "in/a.csv", line: 4, sequence: 2, passengerId: "PAX003", index: "3",
        Outcome(
            code: .membershipNotFound, businessMessage: "No member has this membership number.",
            developerMessage: "ffn VN 9200000033 not found; card 4111-1111-1111-1111 seen"))

    static let alreadyA = record(
        "in/a.csv", line: 6, sequence: 3, passengerId: "PAX004", index: "4",
        Outcome(
            code: .alreadyAttached, businessMessage: "Already attached.", developerMessage: "ledger hit",
            resolvedBy: .document, membership: silver,
            member: Member(programme: "VN", ffn: "9200000025", status: .active, tier: "", familyName: "-Dash")))

    static let invalidB = record(
        "in/b.xml", line: 3, sequence: 0, booking: "XYZ789", passengerId: "P1", index: "1",
        Outcome(
            code: .dataInvalid,
            childErrors: [
                FieldError(
                    code: .fieldRequired, field: .surname, businessMessage: "Le nom « Đặng » est requis.",
                    developerMessage: "surname empty")
            ],
            businessMessage: "Le nom « Đặng » est requis.", developerMessage: "1 rule failed"))

    /// Drives the small run and returns the outputs, not yet published.
    static func drive(into folder: String) throws -> RunOutputs {
        let outputs = try RunOutputs(directory: folder, memberFields: [.tier, .familyName])
        try outputs.beginFile(displayName: "in/a.csv", rejectsName: "a.csv", csvHeader: headerA)
        try outputs.add(attachedA, raw: Array("VN,ABC123,2026-12-01,1,PAX001,ADT,Van,Nguyen,9200000017,VN\r\n".utf8))
        try outputs.add(invalidA, raw: rawA2)
        try outputs.add(notFoundA, raw: rawA4)
        try outputs.add(alreadyA, raw: Array("VN,ABC123,2026-12-01,4,PAX004,ADT,Dee,Dash,,\r\n".utf8))
        try outputs.addAttachmentRequest(
            system: "VN", bookingCode: "ABC123",
            passengers: [AttachmentLine.Passenger(index: 1, passengerId: "PAX001", membership: gold)])
        try outputs.commitFile()

        try outputs.beginFile(displayName: "in/b.xml", rejectsName: "b.xml", csvHeader: nil)
        try outputs.add(invalidB, raw: nil)
        try outputs.commitFile()

        // Rejected whole midway (e.g. truncated gzip): none of its rows may appear.
        try outputs.beginFile(displayName: "in/c.csv", rejectsName: "c.csv", csvHeader: Array("system\n".utf8))
        try outputs.add(
            record("in/c.csv", line: 2, sequence: 0, passengerId: "CCC", index: "1", attachedA.outcome),
            raw: Array("C-ROW\n".utf8))
        try outputs.add(
            record("in/c.csv", line: 3, sequence: 1, passengerId: "DDD", index: "2", notFoundA.outcome),
            raw: Array("D-ROW\n".utf8))
        try outputs.addAttachmentRequest(
            system: "VN", bookingCode: "CCCCC",
            passengers: [AttachmentLine.Passenger(index: 1, passengerId: "CCC", membership: silver)])
        try outputs.discardFile()
        return outputs
    }

    static let digestA = "ab4111111111111111cd" + String(repeating: "0", count: 44)
    static let digestB = String(repeating: "f", count: 64)

    static let reconciliation = Reconciliation(
        runId: "run-1", pipeline: "vn-nightly",
        inputs: [
            Reconciliation.Input(path: "in/a.csv", sha256: digestA, bytes: 400, records: 4),
            Reconciliation.Input(path: "in/b.xml", sha256: digestB, bytes: 300, records: 1),
        ],
        records: Reconciliation.Records(in: 5, attached: 1, alreadyAttached: 1, rejected: 3),
        byCode: [.attached: 1, .alreadyAttached: 1, .dataInvalid: 2, .membershipNotFound: 1],
        attachments: Reconciliation.Attachments(requests: 1, passengers: 1),
        rejectedFiles: [Reconciliation.RejectedFile(path: "in/c.csv", reason: "gzip stream truncated <at byte 90>")],
        timings: Reconciliation.Timings(
            startedAt: "2026-05-01T02:00:00Z", finishedAt: "2026-05-01T02:00:12Z", seconds: 12.345),
        bySystem: ["VN": Reconciliation.Records(in: 5, attached: 1, alreadyAttached: 1, rejected: 3)])

    static let expectedResults = """
        sourceFile,sourceLine,system,bookingCode,passengerId,index,outcome,resolvedBy,airline,membershipId,level,skyTeamLevel,member.tier,member.familyName
        in/a.csv,2,VN,ABC123,PAX001,1,ATTACHED,ffn,VN,9200000017,GOLD,ELITE,GOLD,"Nguyen, Van"
        in/a.csv,6,VN,ABC123,PAX004,4,ALREADY_ATTACHED,document,VN,9200000025,SILVER,ELITE PLUS,,'-Dash

        """

    static let expectedErrorsCSV = """
        sourceFile,sourceLine,system,bookingCode,passengerId,index,code,childCodes,paths,message
        in/a.csv,3,VN,ABC123,PAX002,'=1+2,DATA_INVALID,FIELD_FORMAT|EMAIL_INVALID,index|email,"The record has 2 invalid fields: ""index"", email."
        in/a.csv,4,VN,ABC123,PAX003,3,MEMBERSHIP_NOT_FOUND,,,No member has this membership number.
        in/b.xml,3,VN,XYZ789,P1,1,DATA_INVALID,FIELD_REQUIRED,surname,Le nom « Đặng » est requis.

        """

    static let expectedErrorsJSONL =
        #"{"code":"DATA_INVALID","businessMessage":"The record has 2 invalid fields: \"index\", email.","developerMessage":"rules failed: index\\email\n","childError":[{"code":"FIELD_FORMAT","path":"index","businessMessage":"The index must be a number from 1 to 99.","developerMessage":"index \"=1+2\" is not ^[0-9]{1,2}$"},{"code":"EMAIL_INVALID","path":"email","businessMessage":"The email address is not valid.","developerMessage":"email ******.com\u0001"}],"sourceFile":"in/a.csv","sourceLine":3,"system":"VN","bookingCode":"ABC123","passengerId":"PAX002","index":"=1+2"}"#
        + "\n"
        + #"{"code":"MEMBERSHIP_NOT_FOUND","businessMessage":"No member has this membership number.","developerMessage":"ffn VN 9200000033 not found; card ******************* seen","childError":[],"sourceFile":"in/a.csv","sourceLine":4,"system":"VN","bookingCode":"ABC123","passengerId":"PAX003","index":"3"}"#
        + "\n"
        + #"{"code":"DATA_INVALID","businessMessage":"Le nom « Đặng » est requis.","developerMessage":"1 rule failed","childError":[{"code":"FIELD_REQUIRED","path":"surname","businessMessage":"Le nom « Đặng » est requis.","developerMessage":"surname empty"}],"sourceFile":"in/b.xml","sourceLine":3,"system":"VN","bookingCode":"XYZ789","passengerId":"P1","index":"1"}"#
        + "\n"

    static let expectedAttachments =
        #"{"system":"VN","bookingCode":"ABC123","passengers":[{"index":1,"passengerId":"PAX001","membership":{"airline":"VN","membershipId":"9200000017","level":"GOLD","skyTeamLevel":"ELITE"}}]}"#
        + "\n"

    /// Header and rejected records exactly as they were (CRLF kept, the quoted line break kept),
    /// except the card number, starred; the 13-digit non-Luhn number stays.
    static let expectedRejectsA =
        "system,bookingCode,departureDate,index,passengerId,passengerType,givenName,surname,membershipId,airline\r\n"
        + "VN,ABC123,2026-12-01,=1+2,PAX002,ADT,Binh,Tran 1234567890123,,VN\r\n"
        + "VN,ABC123,2026-12-01,3,PAX003,ADT,\"Ann\r\nMarie *******************\",Lee,9200000033,VN\r\n"

    static let expectedReconciliationJSON =
        #"{"runId":"run-1","pipeline":"vn-nightly","inputs":[{"path":"in/a.csv","sha256":"ab4111111111111111cd00000000000000000000000000000000000000000000","bytes":400,"records":4},{"path":"in/b.xml","sha256":"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff","bytes":300,"records":1}],"records":{"in":5,"attached":1,"alreadyAttached":1,"rejected":3},"byCode":{"ALREADY_ATTACHED":1,"ATTACHED":1,"DATA_INVALID":2,"MEMBERSHIP_NOT_FOUND":1},"attachments":{"requests":1,"passengers":1},"rejectedFiles":[{"path":"in/c.csv","reason":"gzip stream truncated <at byte 90>"}],"timings":{"startedAt":"2026-05-01T02:00:00Z","finishedAt":"2026-05-01T02:00:12Z","seconds":12.345},"balanced":true,"bySystem":{"VN":{"in":5,"attached":1,"alreadyAttached":1,"rejected":3}}}"#
        + "\n"

    @Test func everyFileByteForByte() throws {
        let folder = try ReportTestFolder()
        let outputs = try Self.drive(into: folder.path)
        try outputs.publish(Self.reconciliation)

        #expect(folder.text("results.csv") == Self.expectedResults)
        #expect(folder.text("errors.csv") == Self.expectedErrorsCSV)
        #expect(folder.text("errors.jsonl") == Self.expectedErrorsJSONL)
        #expect(folder.text("attachments.jsonl") == Self.expectedAttachments)
        #expect(folder.bytes("rejects/a.csv") == Array(Self.expectedRejectsA.utf8))
        #expect(folder.text("reconciliation.json") == Self.expectedReconciliationJSON)
        // Only the final names remain: no temporary file, no rejects for the XML or the discarded file.
        #expect(
            folder.entries == [
                "attachments.jsonl", "errors.csv", "errors.jsonl", "reconciliation.html", "reconciliation.json",
                "rejects", "rejects/a.csv", "results.csv",
            ])
    }

    @Test func theRunsCountsAreTheCommittedRows() throws {
        let folder = try ReportTestFolder()
        let outputs = try Self.drive(into: folder.path)
        #expect(outputs.records == Self.reconciliation.records)
        #expect(outputs.byCode == Self.reconciliation.byCode)
        #expect(outputs.attachmentCounts == Self.reconciliation.attachments)
        #expect(outputs.bySystem == Self.reconciliation.bySystem)
    }

    /// Many system texts, mixed (more than the writer counts apart before settling them): every
    /// record counted once, under its system's key, whatever the order.
    @Test func manySystemsMixedAreEachCountedOnce() throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        try outputs.beginFile(displayName: "in/a.xml", rejectsName: "a.xml", csvHeader: nil)
        var generator = SystemRandomNumberGenerator()
        let systems = (0..<40).map { "S\($0)" } + ["", "s1", "TOOLONG"]
        var expected: [String: Reconciliation.Records] = [:]
        for _ in 0..<2_000 {
            let system = systems.randomElement(using: &generator)!
            var record = Bool.random(using: &generator) ? Self.invalidB : Self.attachedA
            record.system = system
            try outputs.add(record, raw: nil)
            expected[Reconciliation.systemKey(system), default: .zero].count(record.outcome.code)
        }
        try outputs.commitFile()
        #expect(outputs.bySystem == expected)
        #expect(outputs.bySystem.values.map(\.in).reduce(0, +) == 2_000)
    }

    /// Per-system counts use the record's system when it is a valid code, else `""`, so no other
    /// record value becomes a key; a discarded file's records are not counted.
    @Test func recordsAreCountedBySystem() throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        try outputs.beginFile(displayName: "in/a.xml", rejectsName: "a.xml", csvHeader: nil)
        var invalid = Self.invalidB
        for system in ["1G", "1G", "vn", "", "4111111111111111", "AF"] {
            invalid.system = system
            try outputs.add(invalid, raw: nil)
        }
        var attached = Self.attachedA
        attached.system = "1G"
        try outputs.add(attached, raw: nil)
        try outputs.commitFile()
        try outputs.beginFile(displayName: "in/b.xml", rejectsName: "b.xml", csvHeader: nil)
        try outputs.add(Self.invalidB, raw: nil)
        try outputs.discardFile()
        #expect(
            outputs.bySystem == [
                "1G": Reconciliation.Records(in: 3, attached: 1, alreadyAttached: 0, rejected: 2),
                "AF": Reconciliation.Records(in: 1, attached: 0, alreadyAttached: 0, rejected: 1),
                "": Reconciliation.Records(in: 3, attached: 0, alreadyAttached: 0, rejected: 3),
            ])
    }

    /// Every code is counted as itself, over two files: each code a number of times of its own
    /// (its place in `allCases` plus one), twice as many in the second file.
    @Test func everyOutcomeCodeIsCountedAsItself() throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        var expected: [OutcomeCode: Int] = [:]
        for (file, times) in [("in/a.xml", 1), ("in/b.xml", 2)] {
            try outputs.beginFile(displayName: file, rejectsName: file, csvHeader: nil)
            for (place, code) in OutcomeCode.allCases.enumerated() {
                var record = code.isSuccess ? Self.attachedA : Self.invalidB
                record.outcome.code = code
                for _ in 0..<(place + 1) * times { try outputs.add(record, raw: nil) }
                expected[code, default: 0] += (place + 1) * times
            }
            try outputs.commitFile()
        }
        #expect(outputs.byCode == expected)
    }

    /// Per-system counts that disagree with the rows written are caught like the other counts.
    @Test func bySystemThatDisagreesWithTheRowsPublishesNothing() throws {
        let folder = try ReportTestFolder()
        let outputs = try Self.drive(into: folder.path)
        var wrong = Self.reconciliation
        wrong.bySystem = ["AF": wrong.records]
        #expect {
            try outputs.publish(wrong)
        } throws: { ($0 as? ReportError)?.code == .unbalanced }
        #expect(folder.entries.filter { !$0.contains(AtomicFileWriter.temporaryPrefix) } == ["rejects"])
    }

    @Test func nothingFinalBeforePublish() throws {
        let folder = try ReportTestFolder()
        let outputs = try Self.drive(into: folder.path)
        let finals = folder.entries.filter {
            !$0.hasPrefix(AtomicFileWriter.temporaryPrefix)
                && !$0.hasPrefix("rejects/\(AtomicFileWriter.temporaryPrefix)")
        }
        #expect(finals == ["rejects"])
        withExtendedLifetime(outputs) {}
    }

    /// A run that stops before publishing (an error, a bad reconciliation) leaves no temporary file.
    @Test func droppingUnpublishedOutputsRemovesTheirTemporaryFiles() throws {
        let folder = try ReportTestFolder()
        do { _ = try Self.drive(into: folder.path) }
        #expect(folder.entries == ["rejects"])
    }

    @Test func filesAreOwnerOnly() throws {
        let folder = try ReportTestFolder()
        let out = "\(folder.path)/out/nightly"
        let outputs = try Self.drive(into: out)
        try outputs.publish(Self.reconciliation)
        #expect(try folder.mode("out/nightly") == 0o700)
        #expect(try folder.mode("out/nightly/rejects") == 0o700)
        for name in [
            "results.csv", "attachments.jsonl", "errors.csv", "errors.jsonl", "reconciliation.json",
            "reconciliation.html", "rejects/a.csv",
        ] {
            #expect(try folder.mode("out/nightly/\(name)") == 0o600, "\(name)")
        }
    }

    @Test func sameInputsGiveIdenticalBytes() throws {
        let first = try ReportTestFolder()
        let second = try ReportTestFolder()
        try Self.drive(into: first.path).publish(Self.reconciliation)
        try Self.drive(into: second.path).publish(Self.reconciliation)
        #expect(first.entries == second.entries)
        for name in first.entries where name != "rejects" {
            #expect(first.bytes(name) == second.bytes(name), "\(name)")
        }
    }

    @Test func aDiscardedFileLeavesNoTrace() throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        try outputs.beginFile(displayName: "in/c.csv", rejectsName: "c.csv", csvHeader: Array("h\n".utf8))
        try outputs.add(Self.attachedA, raw: Array("x\n".utf8))
        try outputs.add(Self.notFoundA, raw: Array("y\n".utf8))
        try outputs.addAttachmentRequest(
            system: "VN", bookingCode: "ABC123",
            passengers: [AttachmentLine.Passenger(index: 1, passengerId: "PAX001", membership: Self.gold)])
        try outputs.discardFile()
        #expect(outputs.records == Reconciliation.Records(in: 0, attached: 0, alreadyAttached: 0, rejected: 0))
        try outputs.publish(
            Reconciliation(
                runId: "r", pipeline: "p", inputs: [], records: outputs.records, byCode: [:],
                attachments: outputs.attachmentCounts,
                rejectedFiles: [Reconciliation.RejectedFile(path: "in/c.csv", reason: "truncated")],
                timings: Reconciliation.Timings(startedAt: "", finishedAt: "", seconds: 0)))
        #expect(folder.text("results.csv") == RunOutputs.resultsHeader + "\n")
        #expect(folder.text("errors.csv") == RunOutputs.errorsHeader + "\n")
        #expect(folder.text("errors.jsonl") == "")
        #expect(folder.text("attachments.jsonl") == "")
        #expect(!folder.entries.contains { $0.hasPrefix("rejects/") })
        #expect(!folder.entries.contains { $0.contains(AtomicFileWriter.temporaryPrefix) })
    }

    @Test func anUnbalancedRunPublishesNothing() throws {
        let folder = try ReportTestFolder()
        let outputs = try Self.drive(into: folder.path)
        var unbalanced = Self.reconciliation
        unbalanced.records.in = 6
        #expect(!unbalanced.balanced)
        #expect {
            try outputs.publish(unbalanced)
        } throws: { ($0 as? ReportError)?.code == .unbalanced }
        #expect(folder.entries.filter { !$0.contains(AtomicFileWriter.temporaryPrefix) } == ["rejects"])
    }

    /// Balanced arithmetic that does not match the rows written is caught too.
    @Test func countsThatDisagreeWithTheRowsPublishNothing() throws {
        let folder = try ReportTestFolder()
        let outputs = try Self.drive(into: folder.path)
        var wrong = Self.reconciliation
        wrong.records = Reconciliation.Records(in: 6, attached: 2, alreadyAttached: 1, rejected: 3)
        wrong.byCode[.attached] = 2
        #expect(wrong.balanced)
        #expect {
            try outputs.publish(wrong)
        } throws: { ($0 as? ReportError)?.code == .unbalanced }
        #expect(folder.entries.filter { !$0.contains(AtomicFileWriter.temporaryPrefix) } == ["rejects"])
    }

    @Test func outOfOrderCallsThrow() throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        #expect(throws: ReportError.self) { try outputs.add(Self.attachedA, raw: nil) }
        #expect(throws: ReportError.self) { try outputs.commitFile() }
        try outputs.beginFile(displayName: "a.csv", rejectsName: "a.csv", csvHeader: nil)
        #expect(throws: ReportError.self) {
            try outputs.beginFile(displayName: "b.csv", rejectsName: "b.csv", csvHeader: nil)
        }
        #expect(throws: ReportError.self) { try outputs.publish(Self.reconciliation) }
    }

    @Test(arguments: ["", ".", "..", "a/b.csv"])
    func rejectsNamesMustBePlain(name: String) throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        #expect {
            try outputs.beginFile(displayName: "in/x.csv", rejectsName: name, csvHeader: Array("h\n".utf8))
        } throws: { ($0 as? ReportError)?.code == .invalidRejectsName }
    }

    @Test func twoCSVInputsCannotShareARejectsName() throws {
        let folder = try ReportTestFolder()
        let outputs = try RunOutputs(directory: folder.path, memberFields: [])
        try outputs.beginFile(displayName: "a/x.csv", rejectsName: "x.csv", csvHeader: Array("h\n".utf8))
        try outputs.commitFile()
        #expect {
            try outputs.beginFile(displayName: "b/x.csv", rejectsName: "x.csv", csvHeader: Array("h\n".utf8))
        } throws: { ($0 as? ReportError)?.code == .invalidRejectsName }
    }
}
