/// Step 4 of CONTRACT §2 for one record that passed validation: the member behind it, by the
/// pipeline's strategy. A member with status `F` is exactly no member, document fallback included;
/// `S` or `C` is inactive without fallback; a document held by several members that are not `F` is
/// ambiguous.
///
/// It depends on the record alone (not on the rest of its booking), so a run does it on a thread
/// of its own (``ReadAhead``) with a connection of its own, while the bookings before are decided.
final class MemberFinder {
    let directory: MemberDirectory
    private let strategy: ResolutionStrategy
    private let defaultProgramme: String?

    /// - Parameter defaultProgramme: the programme searched by document when a passenger gives no airline.
    init(directory: MemberDirectory, strategy: ResolutionStrategy, defaultProgramme: String?) {
        self.directory = directory
        self.strategy = strategy
        self.defaultProgramme = defaultProgramme.flatMap { $0.isEmpty ? nil : $0.uppercased() }
    }

    /// How many records of a file make it worth preparing the directory's lookups before the
    /// file's records are looked up (``prepareLookups()``); nil when there is nothing to prepare.
    func recordsWorthPreparingLookups() throws -> Int? {
        try directory.lookupsWorthPreparing(byFFN: usesFFN, byDocument: usesDocuments)
    }

    /// Reads into memory what the lookups of many records read (``MemberDirectory/prepareLookups(byFFN:byDocument:)``),
    /// by the tables the strategy searches: documents may be searched for any record under
    /// `ffn-then-document`, so its document table is read in too. Not while ``find(_:)`` runs.
    func prepareLookups() throws {
        try directory.prepareLookups(byFFN: usesFFN, byDocument: usesDocuments)
    }

    private var usesFFN: Bool { strategy != .document }
    private var usesDocuments: Bool { strategy != .ffn }

    /// What step 4 finds for `record`.
    /// - Throws: only when the directory cannot be read.
    func find(_ record: PassengerRecord) throws -> MemberLookup {
        try lookUp(record, airline: record[.airline].uppercasedASCIIFast, membershipId: record[.membershipId])
    }

    /// Starts bringing into the cache what ``find(_:)`` reads first for `record`, when that is a
    /// lookup by FFN; only a hint, asked a few records ahead of the record's ``find(_:)``.
    func prefetch(_ record: PassengerRecord) {
        guard let key = ffnKey(of: record) else { return }
        directory.prefetchMember(programme: key.programme, ffn: key.ffn)
    }

    /// Adds to `hashes` the hash of the programme + FFN that ``find(_:)`` looks `record` up by
    /// first (``MemberDirectory/memberLookupHash(programme:ffn:)``), when it looks it up by FFN.
    func addFFNHash(of record: PassengerRecord, to hashes: inout [UInt64]) {
        guard var (programme, ffn) = ffnKey(of: record) else { return }
        let hash = programme.withUTF8 { programme in
            ffn.withUTF8 { ffn in
                MemberDirectory.memberLookupHash(
                    programme: UnsafeRawBufferPointer(programme), ffn: UnsafeRawBufferPointer(ffn))
            }
        }
        hashes.append(hash)
    }

    /// The programme + FFN that ``find(_:)`` looks `record` up by first, or nil when it makes no
    /// lookup by FFN (a strategy by document, no FFN, or no airline: ``byFFN(airline:membershipId:)``).
    private func ffnKey(of record: PassengerRecord) -> (programme: String, ffn: String)? {
        guard strategy != .document else { return nil }
        let membershipId = record[.membershipId]
        guard !membershipId.isEmpty else { return nil }
        let airline = record[.airline].uppercasedASCIIFast
        guard !airline.isEmpty else { return nil }
        return (airline, membershipId)
    }

    /// Reads ahead, in one batch, the member records that ``find(_:)`` reads first for the records
    /// whose hashes are `hashes` (``addFFNHash(of:to:)``): one system call instead of one each.
    /// Only a hint, asked before those records are found.
    /// - Returns: whether it read them (their lookup slots are then in the cache too).
    func readAhead(hashes: [UInt64]) -> Bool {
        hashes.withUnsafeBufferPointer { directory.readMembersAhead(hashes: $0) }
    }

    private func lookUp(_ record: PassengerRecord, airline: String, membershipId: String) throws -> MemberLookup {
        switch strategy {
        case .ffn:
            return try byFFN(airline: airline, membershipId: membershipId)
        case .document:
            return try byDocument(record, airline: airline)
        case .ffnThenDocument:
            guard !membershipId.isEmpty else { return try byDocument(record, airline: airline) }
            let byFFN = try byFFN(airline: airline, membershipId: membershipId)
            guard case .notFound(let searchedFFN) = byFFN, record.hasDocument else { return byFFN }
            switch try byDocument(record, airline: airline) {
            case .notFound(let searchedDocument):
                return .notFound(searched: "\(searchedFFN); \(searchedDocument)")
            case let other:
                return other
            }
        }
    }

    private func byFFN(airline: String, membershipId: String) throws -> MemberLookup {
        // The description of what was searched is built only when it is needed: this is the hot path.
        var notFound: MemberLookup {
            .notFound(searched: ResolutionMessages.searchedFFN(programme: airline, ffn: membershipId))
        }
        guard !airline.isEmpty, !membershipId.isEmpty,
            let member = try directory.member(programme: airline, ffn: membershipId)
        else { return notFound }
        switch member.status {
        case .active: return .found(member, .ffn)
        case .suspended, .closed: return .inactive(member, .ffn)
        case .fraud: return notFound  // never disclosed
        }
    }

    private func byDocument(_ record: PassengerRecord, airline: String) throws -> MemberLookup {
        let programme = airline.isEmpty ? defaultProgramme ?? "" : airline
        let type = record[.documentType].uppercasedASCIIFast
        let number = record[.documentNumber].uppercasedASCIIFast
        let country = record[.documentIssueCountry].uppercasedASCIIFast
        var searched: String {
            ResolutionMessages.searchedDocument(
                programme: programme.isEmpty ? "no programme" : programme, type: type, number: number,
                issueCountry: country)
        }
        guard !programme.isEmpty, !type.isEmpty, !number.isEmpty, !country.isEmpty else {
            return .notFound(searched: searched)
        }
        let members = try directory.members(
            programme: programme, documentType: type, documentNumber: number, issueCountry: country
        ).filter { $0.status != .fraud }
        guard let member = members.first else { return .notFound(searched: searched) }
        guard members.count == 1 else { return .ambiguous(count: members.count, searched: searched) }
        return member.status == .active ? .found(member, .document) : .inactive(member, .document)
    }
}
