import Foundation
import MemberLink
import Testing

/// Builds validated passenger records for the resolver.
enum Passenger {
    static func make(
        index: Int, passengerId: String? = nil, airline: String = "", membershipId: String = "",
        document: (type: String, number: String, country: String)? = nil, givenName: String = "An",
        surname: String = "Nguyen", dateOfBirth: String = "", level: String = "", bookingCode: String = "ABC123"
    ) -> PassengerRecord {
        var record = PassengerRecord(location: SourceLocation(file: "in.csv", line: index + 1), sequence: index - 1)
        record[.system] = "1A"
        record[.bookingCode] = bookingCode
        record[.departureDate] = "2026-12-01"
        record[.index] = String(index)
        record[.passengerId] = passengerId ?? "PAX\(index)"
        record[.passengerType] = "ADT"
        record[.givenName] = givenName
        record[.surname] = surname
        record[.dateOfBirth] = dateOfBirth
        record[.airline] = airline
        record[.membershipId] = membershipId
        record[.level] = level
        if let document {
            record[.documentType] = document.type
            record[.documentNumber] = document.number
            record[.documentNationality] = document.country
            record[.documentIssueCountry] = document.country
            record[.documentExpiryDate] = "2030-01-01"
        }
        return record
    }
}

@Suite("BookingResolver (CONTRACT §2 steps 3–7)")
struct BookingResolverTests {
    let fixture: DirectoryFixture
    let directory: MemberDirectory

    static let active = "9200000017"
    static let suspended = "9200000025"
    static let closed = "9200000033"
    static let fraud = "9200000041"
    static let umlaut = "9200000058"
    static let shared1 = "9200000066"
    static let shared2 = "9200000074"

    init() throws {
        fixture = try DirectoryFixture()
        directory = try fixture.directory(with: [
            ExtractRow.make(ffn: Self.active, documents: "P:C1234567:VNM"),
            ExtractRow.make(ffn: Self.suspended, status: "S", documents: "P:S1111111:VNM"),
            ExtractRow.make(ffn: Self.closed, status: "C", documents: "P:K3333333:VNM"),
            ExtractRow.make(
                ffn: Self.fraud, status: "F", firstName: "Binh", familyName: "Tran",
                documents: "P:F2222222:VNM|P:E5555555:VNM"),
            ExtractRow.make(ffn: Self.umlaut, firstName: "Jürgen", familyName: "Müller", documents: "P:E5555555:VNM"),
            ExtractRow.make(ffn: Self.shared1, documents: "P:D4444444:VNM"),
            ExtractRow.make(ffn: Self.shared2, status: "S", documents: "P:D4444444:VNM"),
            ExtractRow.make(programme: "AF", ffn: "1234567", documents: "P:C1234567:VNM"),
        ])
    }

    private func resolve(
        _ records: [PassengerRecord], strategy: ResolutionStrategy, defaultProgramme: String? = "VN",
        matchName: Bool = true
    ) throws -> [Outcome] {
        try BookingResolver(
            directory: directory, strategy: strategy, defaultProgramme: defaultProgramme, matchName: matchName
        ).resolve(records)
    }

    private func codes(
        _ records: [PassengerRecord], strategy: ResolutionStrategy, defaultProgramme: String? = "VN",
        matchName: Bool = true
    ) throws -> [OutcomeCode] {
        try resolve(records, strategy: strategy, defaultProgramme: defaultProgramme, matchName: matchName).map(\.code)
    }

    // MARK: Step 4, strategy ffn

    @Test("ffn: the directory's membership is attached, not the partner's claim")
    func ffnAttached() throws {
        let outcome = try #require(
            try resolve(
                [Passenger.make(index: 1, airline: "VN", membershipId: Self.active, level: "PLATINUM")], strategy: .ffn
            ).first)
        #expect(outcome.code == .attached)
        #expect(outcome.resolvedBy == .ffn)
        #expect(
            outcome.membership
                == Membership(airline: "VN", membershipId: Self.active, level: "GOLD", skyTeamLevel: "ELITE PLUS"))
        #expect(outcome.member?.ffn == Self.active)
        #expect(outcome.childErrors.isEmpty)
    }

    @Test(
        "ffn: each status",
        arguments: [
            (active, OutcomeCode.attached), (suspended, .membershipInactive), (closed, .membershipInactive),
            (fraud, .membershipNotFound), ("9200000099", .membershipNotFound),
        ])
    func ffnStatuses(_ ffn: String, _ expected: OutcomeCode) throws {
        #expect(try codes([Passenger.make(index: 1, airline: "VN", membershipId: ffn)], strategy: .ffn) == [expected])
    }

    @Test("fraud is never disclosed: a member with status F reads exactly like no member")
    func fraudUndisclosed() throws {
        let fraud = try resolve([Passenger.make(index: 1, airline: "VN", membershipId: Self.fraud)], strategy: .ffn)[0]
        let missing = try resolve(
            [Passenger.make(index: 1, airline: "VN", membershipId: "9200000099")], strategy: .ffn)[0]
        #expect(fraud.code == .membershipNotFound)
        #expect(fraud.businessMessage == missing.businessMessage)
        #expect(
            fraud.developerMessage.replacingOccurrences(of: "0041", with: "0099") == missing.developerMessage)
        #expect(fraud.resolvedBy == nil && fraud.member == nil && fraud.membership == nil)
        let all = (fraud.businessMessage + fraud.developerMessage).lowercased()
        #expect(!all.contains("fraud") && !all.contains("status"))
    }

    // MARK: Step 4, strategy document

    @Test(
        "document: each status, ambiguity, and F members left out",
        arguments: [
            ("C1234567", OutcomeCode.attached), ("c1234567", .attached), ("S1111111", .membershipInactive),
            ("K3333333", .membershipInactive), ("F2222222", .membershipNotFound), ("Z9999999", .membershipNotFound),
            ("D4444444", .memberAmbiguous),
            // E5555555 is held by an F member and an active one: not ambiguous, F is no member.
            ("E5555555", .attached),
        ])
    func documentStatuses(_ number: String, _ expected: OutcomeCode) throws {
        let record = Passenger.make(
            index: 1, airline: "VN", document: ("P", number, "VNM"), givenName: "Jürgen",
            surname: number == "E5555555" ? "Mueller" : "Nguyen")
        let outcome = try resolve([record], strategy: .document, matchName: number != "E5555555" ? false : true)[0]
        #expect(outcome.code == expected)
        if expected == .attached { #expect(outcome.resolvedBy == .document) }
        #expect(!outcome.developerMessage.contains(number.uppercased()))
    }

    @Test("document: the passenger's airline, else the default programme, is searched")
    func documentProgramme() throws {
        let noAirline = Passenger.make(index: 1, document: ("P", "C1234567", "VNM"))
        #expect(try codes([noAirline], strategy: .document, defaultProgramme: "VN") == [.attached])
        #expect(try codes([noAirline], strategy: .document, defaultProgramme: nil) == [.membershipNotFound])
        let otherAirline = Passenger.make(index: 1, airline: "AF", document: ("P", "C1234567", "VNM"))
        let outcome = try resolve([otherAirline], strategy: .document)[0]
        #expect(outcome.membership?.airline == "AF")
        #expect(outcome.membership?.membershipId == "1234567")
        let wrongCountry = Passenger.make(index: 1, airline: "VN", document: ("P", "C1234567", "FRA"))
        #expect(try codes([wrongCountry], strategy: .document) == [.membershipNotFound])
    }

    // MARK: Step 4, strategy ffn-then-document

    @Test("ffn-then-document: the document is tried when there is no membershipId or it is not found")
    func fallback() throws {
        let document = (type: "P", number: "C1234567", country: "VNM")
        let byFFN = try resolve(
            [Passenger.make(index: 1, airline: "VN", membershipId: Self.active, document: document)],
            strategy: .ffnThenDocument)[0]
        #expect(byFFN.code == .attached && byFFN.resolvedBy == .ffn)
        let noId = try resolve(
            [Passenger.make(index: 1, airline: "VN", document: document)], strategy: .ffnThenDocument)[0]
        #expect(noId.code == .attached && noId.resolvedBy == .document)
        let unknownId = try resolve(
            [Passenger.make(index: 1, airline: "VN", membershipId: "9200000099", document: document)],
            strategy: .ffnThenDocument)[0]
        #expect(unknownId.code == .attached && unknownId.resolvedBy == .document)
        // F is no member, the fallback included.
        let fraudId = try resolve(
            [Passenger.make(index: 1, airline: "VN", membershipId: Self.fraud, document: document)],
            strategy: .ffnThenDocument)[0]
        #expect(fraudId.code == .attached && fraudId.resolvedBy == .document)
        #expect(fraudId.membership?.membershipId == Self.active)
        #expect(
            try codes([Passenger.make(index: 1, airline: "VN", membershipId: Self.fraud)], strategy: .ffnThenDocument)
                == [.membershipNotFound])
        #expect(
            try codes(
                [Passenger.make(index: 1, airline: "VN", membershipId: Self.fraud, document: ("P", "F2222222", "VNM"))],
                strategy: .ffnThenDocument) == [.membershipNotFound])
    }

    @Test("ffn-then-document: an inactive member found by ffn gets no fallback")
    func noFallbackWhenInactive() throws {
        let record = Passenger.make(
            index: 1, airline: "VN", membershipId: Self.suspended, document: ("P", "C1234567", "VNM"))
        let outcome = try resolve([record], strategy: .ffnThenDocument)[0]
        #expect(outcome.code == .membershipInactive)
        #expect(outcome.resolvedBy == .ffn)
    }

    @Test("strategy ffn ignores the document")
    func ffnIgnoresDocument() throws {
        let record = Passenger.make(
            index: 1, airline: "VN", membershipId: "9200000099", document: ("P", "C1234567", "VNM"))
        #expect(try codes([record], strategy: .ffn) == [.membershipNotFound])
    }

    // MARK: Step 5

    @Test("mismatch: child errors in field order, names only when matchName")
    func mismatch() throws {
        let record = Passenger.make(
            index: 1, airline: "VN", membershipId: Self.active, givenName: "Binh", surname: "Tran",
            dateOfBirth: "1981-01-02")
        let outcome = try resolve([record], strategy: .ffn)[0]
        #expect(outcome.code == .memberMismatch)
        #expect(outcome.childErrors.map(\.code) == [.nameMismatch, .nameMismatch, .dateOfBirthMismatch])
        #expect(outcome.childErrors.map(\.path) == ["givenName", "surname", "dateOfBirth"])
        #expect(outcome.membership == nil)
        #expect(!(outcome.developerMessage + outcome.childErrors.map(\.developerMessage).joined()).contains("Nguyen"))

        let withoutNames = try resolve([record], strategy: .ffn, matchName: false)[0]
        #expect(withoutNames.code == .memberMismatch)
        #expect(withoutNames.childErrors.map(\.path) == ["dateOfBirth"])
    }

    @Test(
        "mismatch: one rule at a time",
        arguments: [
            ("Anh", "Nguyen", "", nil), ("An", "NGUYEN", "1980-01-02", nil), ("Andrew", "Nguyễn", "", nil),
            ("Binh", "Nguyen", "", "givenName"), ("An", "Tran", "", "surname"),
            ("An", "Nguyen", "1980-02-01", "dateOfBirth"),
        ] as [(String, String, String, String?)])
    func oneRule(_ given: String, _ surname: String, _ birth: String, _ path: String?) throws {
        let record = Passenger.make(
            index: 1, airline: "VN", membershipId: Self.active, givenName: given, surname: surname, dateOfBirth: birth)
        let outcome = try resolve([record], strategy: .ffn)[0]
        if let path {
            #expect(outcome.code == .memberMismatch)
            #expect(outcome.childErrors.map(\.path) == [path])
        } else {
            #expect(outcome.code == .attached)
        }
    }

    @Test("names match across diacritics and ICAO transliterations")
    func foldedNames() throws {
        for surname in ["Müller", "MULLER", "MUELLER", "mueller"] {
            let record = Passenger.make(
                index: 1, airline: "VN", membershipId: Self.umlaut, givenName: "Juergen", surname: surname)
            #expect(try codes([record], strategy: .ffn) == [.attached], "surname \(surname)")
        }
    }

    // MARK: Steps 3 and 6

    @Test("one resolver folds each non-ASCII name as itself, however many it has seen")
    func foldsAreKeptPerName() throws {
        let resolver = BookingResolver(directory: directory, strategy: .ffn, defaultProgramme: nil, matchName: true)
        // The same lengths and first letters, so a fold kept under the wrong name would show.
        for (surname, expected) in [
            ("Müller", OutcomeCode.attached), ("Mäller", .memberMismatch), ("Möller", .memberMismatch),
            ("Müller", .attached), ("Mäller", .memberMismatch), ("Muller", .attached),
        ] {
            let record = Passenger.make(
                index: 1, airline: "VN", membershipId: Self.umlaut, givenName: "Jürgen", surname: surname)
            #expect(try resolver.resolve([record]).map(\.code) == [expected], "surname \(surname)")
        }
    }

    @Test("step 3: the same airline + membershipId given twice; the later passenger is the duplicate")
    func duplicateGiven() throws {
        let records = [
            Passenger.make(index: 1, airline: "VN", membershipId: "9200000099"),
            Passenger.make(index: 2, airline: "VN", membershipId: "9200000099"),
            Passenger.make(index: 3, airline: "VN", membershipId: Self.active),
            Passenger.make(index: 4, airline: "VN", membershipId: Self.active),
        ]
        let outcomes = try resolve(records, strategy: .ffn)
        #expect(outcomes.map(\.code) == [.membershipNotFound, .duplicateMembership, .attached, .duplicateMembership])
        #expect(outcomes[1].developerMessage.contains("index 1"))
        #expect(!outcomes[1].developerMessage.contains("9200000099"))
    }

    @Test("step 6: the member already attached to an earlier passenger, found another way")
    func duplicateAttached() throws {
        let records = [
            Passenger.make(index: 1, airline: "VN", membershipId: Self.active),
            Passenger.make(index: 2, passengerId: "PAX2", airline: "VN", document: ("P", "C1234567", "VNM")),
        ]
        let outcomes = try resolve(records, strategy: .ffnThenDocument)
        #expect(outcomes.map(\.code) == [.attached, .duplicateMembership])
        #expect(outcomes[1].resolvedBy == .document)
        #expect(outcomes[1].membership == nil)
    }

    @Test("step 6 counts attachments only: after a mismatch the member is free for a later passenger")
    func mismatchDoesNotAttach() throws {
        let records = [
            Passenger.make(index: 1, airline: "VN", membershipId: Self.active, surname: "Tran"),
            Passenger.make(index: 2, airline: "VN", document: ("P", "C1234567", "VNM")),
        ]
        #expect(try codes(records, strategy: .ffnThenDocument) == [.memberMismatch, .attached])
    }

    // MARK: Step 7

    @Test("step 7: ALREADY_ATTACHED when an earlier run attached the same membership to the passenger")
    func ledger() throws {
        let record = Passenger.make(index: 1, airline: "VN", membershipId: Self.active, bookingCode: "abc123")
        let first = try resolve([record], strategy: .ffn)[0]
        #expect(first.code == .attached)
        // The resolver does not write the ledger: the pipeline does, when the file is done.
        #expect(try resolve([record], strategy: .ffn)[0].code == .attached)
        try directory.recordAttachments([
            LedgerEntry(
                system: "1A", bookingCode: "abc123", passengerId: "PAX1", airline: first.membership!.airline,
                membershipId: first.membership!.membershipId)
        ])
        let nextRun = try fixture.open()
        let again = try BookingResolver(directory: nextRun, strategy: .ffn, defaultProgramme: nil, matchName: true)
            .resolve([Passenger.make(index: 1, airline: "VN", membershipId: Self.active, bookingCode: "ABC123")])[0]
        #expect(again.code == .alreadyAttached)
        #expect(again.membership?.level == "GOLD")
        // Another passenger of the booking, or another membership, is a new attachment.
        let other = Passenger.make(index: 1, passengerId: "PAX9", airline: "VN", membershipId: Self.active)
        #expect(try codes([other], strategy: .ffn) == [.attached])
        let changed = Passenger.make(
            index: 1, airline: "VN", membershipId: Self.umlaut, givenName: "J", surname: "Muller")
        #expect(try codes([changed], strategy: .ffn) == [.attached])
    }

    @Test("step 7: one read of the ledger serves a booking; each passenger is matched by its own key, as written")
    func ledgerOfABooking() throws {
        try directory.recordAttachments([
            LedgerEntry(
                system: "1A", bookingCode: "ABC123", passengerId: "PAX1", airline: "VN", membershipId: Self.active),
            LedgerEntry(
                system: "1A", bookingCode: "ABC123", passengerId: "PAX3", airline: "VN", membershipId: Self.umlaut),
            LedgerEntry(
                system: "1A", bookingCode: "ABC123", passengerId: "PAX4", airline: "VN", membershipId: Self.shared1),
        ])
        let nextRun = try fixture.open()
        var spelledLowerCase = Passenger.make(
            index: 3, airline: "VN", membershipId: Self.umlaut, givenName: "Jurgen", surname: "Mueller")
        spelledLowerCase[.system] = "1a"  // the same booking, but the ledger's key holds the system as sent
        let booking = [
            Passenger.make(index: 1, airline: "VN", membershipId: Self.active),
            Passenger.make(index: 2, airline: "VN", membershipId: Self.shared1),
            spelledLowerCase,
            Passenger.make(index: 4, airline: "AF", membershipId: "1234567"),
        ]
        let resolver = BookingResolver(directory: nextRun, strategy: .ffn, defaultProgramme: nil, matchName: true)
        // PAX1: the ledger's membership. PAX2: not in the ledger. PAX3: in it under system "1A",
        // not "1a". PAX4: the ledger holds another membership for them.
        #expect(try resolver.resolve(booking).map(\.code) == [.alreadyAttached, .attached, .attached, .attached])
        // A passenger id is the ledger's key byte for byte.
        #expect(
            try resolver.resolve([
                Passenger.make(index: 1, passengerId: "pax1", airline: "VN", membershipId: Self.active)
            ])
            .map(\.code) == [.attached])
    }

    @Test("one outcome per record, in order, with no unmasked document number in any message")
    func masking() throws {
        let records = [
            Passenger.make(index: 1, airline: "VN", document: ("P", "C1234567", "VNM"), surname: "Tran"),
            Passenger.make(index: 2, airline: "VN", document: ("P", "D4444444", "VNM")),
            Passenger.make(index: 3, airline: "VN", document: ("P", "S1111111", "VNM")),
            Passenger.make(index: 4, airline: "VN", document: ("P", "Z9999999", "VNM")),
            Passenger.make(
                index: 5, airline: "VN", document: ("P", "E5555555", "VNM"), givenName: "J", surname: "Müller"),
        ]
        let outcomes = try resolve(records, strategy: .document)
        #expect(
            outcomes.map(\.code) == [
                .memberMismatch, .memberAmbiguous, .membershipInactive, .membershipNotFound, .attached,
            ])
        for outcome in outcomes {
            let text =
                ([outcome.businessMessage, outcome.developerMessage]
                + outcome.childErrors.flatMap { [$0.businessMessage, $0.developerMessage] }).joined(separator: " ")
            for number in ["C1234567", "D4444444", "S1111111", "Z9999999", "E5555555"] {
                #expect(!text.contains(number))
            }
        }
    }
}
