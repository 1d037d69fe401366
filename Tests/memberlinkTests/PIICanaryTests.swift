import Foundation
import Testing

/// CONTRACT §4: "Document numbers, emails and phones are masked in `errors.*` and logs
/// (`******4567`)" and "a value that looks like a payment card number (13–19 digits that pass Luhn)
/// is never written anywhere". Fake personal data is planted in records that are rejected, and
/// every byte the run produces is searched for it (RELIABILITY: the canary test).
@Suite("PII canary")
struct PIICanaryTests {
    /// A 16-digit number that passes Luhn (ISO/IEC 7812-1), plain and in groups.
    static let card = "4929123456789015"
    static let cardGrouped = "4929 1234 5678 9015"
    static let document = "QX7654321"
    static let invalidDocument = "QX-7654322"
    static let email = "canary.person@example.org"
    static let invalidEmail = "canary.other@@example.org"
    static let phone = "+44 7700 900123"
    static let invalidPhone = "+44 (0) 7700 900456"

    /// What must not appear unmasked in `errors.*`, stdout or stderr (the values and the forms a
    /// message might normalise them to).
    static let personal = [
        document, "7654321", invalidDocument, "7654322", email, "canary.person", invalidEmail, "canary.other", phone,
        "447700900123", "7700 900123", "7700900123", invalidPhone, "7700 900456", "7700900456",
    ]
    static let cards = [card, cardGrouped]

    static func row(
        passengerId: String, bookingCode: String = "PII001", index: Int, givenName: String = "Bao",
        surname: String = "Tran",
        email: String = "", phone: String = "", membershipId: String = "", level: String = "",
        documentNumber: String = "",
        expiry: String = "2030-05-01"
    ) -> String {
        let airline = membershipId.isEmpty ? "" : "VN"
        let document = documentNumber.isEmpty ? ",,,," : "P,\(documentNumber),VNM,VNM,\(expiry)"
        return "VN,\(bookingCode),2026-12-05,\(index),\(passengerId),,ADT,MR,M,\(givenName),\(surname),1980-01-02,"
            + "\(email),\(phone),\(airline),\(membershipId),\(level),,\(document),\n"
    }

    static var input: String {
        var text = ExitCodeTests.canonicalHeader + "\n"
        // DATA_INVALID (email), with the card number as passengerId and a valid document and phone.
        text += row(passengerId: card, index: 1, email: invalidEmail, phone: phone, documentNumber: document)
        // DATA_INVALID (membershipId, documentNumber, phone): the card as membership id, grouped in level.
        text += row(
            passengerId: "C2", index: 2, email: email, phone: invalidPhone, membershipId: card, level: cardGrouped,
            documentNumber: invalidDocument)
        // DATA_INVALID (document expired) with every canary in valid form.
        text += row(
            passengerId: "C3", bookingCode: "PII002", index: 1, email: email, phone: phone, documentNumber: document,
            expiry: "2026-11-30")
        // MEMBERSHIP_NOT_FOUND: a valid record whose passport is not in the directory.
        text += row(
            passengerId: "C4", bookingCode: "PII003", index: 1, email: email, phone: phone, documentNumber: document)
        // MEMBER_MISMATCH: V1's membership id with another name.
        text += row(
            passengerId: "C5", bookingCode: "PII004", index: 1, email: email, phone: phone, membershipId: "9200000017",
            documentNumber: document)
        // RECORD_MALFORMED: one field too many.
        text +=
            "VN,PII005,2026-12-05,1,C6,,ADT,MR,M,Bao,Tran,1980-01-02,\(email),\(phone),VN,\(card),,,P,\(document),VNM,VNM,2030-05-01,,extra\n"
        return text
    }

    /// Fake secrets planted in the environment: no byte of a run may carry them.
    static let tokens = ["canary-token-7f3c9a1e", "canary-password-52be"]

    @Test("planted document numbers, emails and phones are masked; the card number and secrets are written nowhere")
    func canary() throws {
        let workspace = try CLIWorkspace()
        let database = try workspace.importSampleMembers()
        let input = try workspace.write("in/canary.csv", Self.input)
        let out = workspace.path("out")
        let result = try CLIRunner.run(
            [
                "run", "--pipeline", "Pipelines/vn-agency.yaml", "--directory", database, "--out", out, "--input",
                input, "--log-format", "json",
            ],
            environment: ["MEMBERLINK_API_TOKEN": Self.tokens[0], "DATABASE_PASSWORD": Self.tokens[1]])
        #expect(result.status == 0 || result.status == 65, "\(result.standardError)")

        let errors = CSVTable.records(try #require(workspace.text("out/errors.csv")))
        #expect(errors.count == 6, "every planted record is rejected: \(errors.map { $0["code"] ?? "" })")
        #expect(
            errors.map { $0["code"] ?? "" }.sorted() == [
                "DATA_INVALID", "DATA_INVALID", "DATA_INVALID", "MEMBERSHIP_NOT_FOUND", "MEMBER_MISMATCH",
                "RECORD_MALFORMED",
            ])

        var masked: [String: String] = [
            "stdout": result.standardOutput, "stderr": result.standardError,
        ]
        for name in ["errors.csv", "errors.jsonl", "reconciliation.json", "reconciliation.html"] {
            let text = try #require(workspace.text("out/\(name)"), "\(name) is missing")
            masked[name] = text
        }
        for (name, text) in masked {
            for value in Self.personal {
                #expect(!text.contains(value), "\(name) holds '\(value)' unmasked")
            }
        }

        // The card number: nowhere, rejects/ included.
        var everything = masked
        let enumerator = try #require(FileManager.default.enumerator(atPath: out))
        for case let name as String in enumerator {
            if let text = workspace.text("out/\(name)") { everything[name] = text }
        }
        #expect(everything.keys.contains("rejects/canary.csv"))
        for (name, text) in everything {
            for value in Self.cards {
                #expect(!text.contains(value), "\(name) holds the card number '\(value)'")
            }
            for token in Self.tokens {
                #expect(!text.contains(token), "\(name) holds a secret from the environment")
            }
        }

        // Masking keeps the last four characters (CONTRACT §4: `******4567`), so the report stays useful.
        let jsonl = masked["errors.jsonl"] ?? ""
        #expect(jsonl.contains("******4321"), "the document number is shown masked in errors.jsonl")
    }
}
