/// Finds the member behind each passenger of one booking and decides their outcome: CONTRACT §2
/// steps 3 to 7, for records that passed validation (steps 1 and 2).
///
/// 3. `DUPLICATE_MEMBERSHIP` when an earlier passenger (in index order) gave the same airline +
///    membershipId.
/// 4. Resolution by the strategy. A member with status `F` is exactly no member, document fallback
///    included (`MEMBERSHIP_NOT_FOUND` when none remains); `S` or `C` is `MEMBERSHIP_INACTIVE`
///    without fallback; a document held by several members that are not `F` is `MEMBER_AMBIGUOUS`.
/// 5. `MEMBER_MISMATCH`: `NAME_MISMATCH` on givenName or surname (when names are matched, see
///    ``NameFolding``), `DATE_OF_BIRTH_MISMATCH` when both dates are known and differ.
/// 6. `DUPLICATE_MEMBERSHIP` when the member found is already attached to an earlier passenger.
/// 7. `ATTACHED`, or `ALREADY_ATTACHED` when the ledger holds the same membership for the passenger.
///
/// The resolver reads the ledger but never writes it: the pipeline records a file's attachments
/// when the file is done (``MemberDirectory/recordAttachments(_:)``).
public final class BookingResolver {
    private let directory: MemberDirectory
    private let finder: MemberFinder
    private let matchName: Bool
    /// Folds of non-ASCII names already seen: folding those goes through Unicode decomposition,
    /// and the same names recur all night.
    private var folds = NameFoldCache()

    /// - Parameters:
    ///   - defaultProgramme: the programme searched by document when a passenger gives no airline.
    ///   - matchName: whether names are compared in step 5 (dates of birth always are).
    public init(directory: MemberDirectory, strategy: ResolutionStrategy, defaultProgramme: String?, matchName: Bool) {
        self.directory = directory
        self.finder = MemberFinder(directory: directory, strategy: strategy, defaultProgramme: defaultProgramme)
        self.matchName = matchName
    }

    /// One outcome per record, in the order given.
    /// - Parameter records: the records of one booking that passed validation, in index order.
    /// - Throws: only when the directory cannot be read.
    public func resolve(_ records: [PassengerRecord]) throws -> [Outcome] {
        try resolve(records, found: { _ in nil })
    }

    /// One outcome per record, with step 4 already done for some of them (by a ``MemberFinder``
    /// on another thread, over the same snapshot of the directory): `found[i]`, when present and
    /// not nil, is what step 4 gives for `records[i]`; the others are looked up here.
    func resolve(_ records: [PassengerRecord], found: [MemberLookup?]) throws -> [Outcome] {
        try resolve(records, found: { $0 < found.count ? found[$0] : nil })
    }

    /// One outcome per record of `records`, read where they lie (each `records[i]` is borrowed,
    /// never copied: the records were made on another thread, and counting them up and down here
    /// would move their memory to this core); `found(i)` is step 4's answer for `records[i]` when
    /// it was looked up ahead, else nil.
    func resolve<Records: RandomAccessCollection<PassengerRecord>>(
        _ records: Records, found: (Int) -> MemberLookup?
    ) throws -> [Outcome] where Records.Index == Int {
        // A booking of one passenger cannot give or attach a membership twice: most bookings.
        let checksDuplicates = records.count > 1
        // airline + membershipId → index that gave it; programme + ffn → index it is attached to.
        var given = checksDuplicates ? MembershipIndexes(capacity: records.count) : MembershipIndexes()
        var attached = checksDuplicates ? MembershipIndexes(capacity: records.count) : MembershipIndexes()
        var outcomes: [Outcome] = []
        outcomes.reserveCapacity(records.count)
        var ledger: LedgerBooking?  // read at the first passenger found, once for the booking
        for position in records.indices {
            let airline = records[position][.airline].uppercasedASCIIFast
            let membershipId = records[position][.membershipId]
            if checksDuplicates, !membershipId.isEmpty {
                let key = MembershipKey(programme: airline, ffn: membershipId)
                if let earlier = given[key] {
                    outcomes.append(
                        ResolutionMessages.duplicateGiven(
                            airline: airline, membershipId: membershipId, earlierIndex: earlier))
                    continue
                }
                given.insert(key, index: records[position][.index])
            }
            switch try found(position) ?? finder.find(records[position]) {
            case .notFound(let searched):
                outcomes.append(ResolutionMessages.notFound(searched: searched))
            case .ambiguous(let count, let searched):
                outcomes.append(ResolutionMessages.ambiguous(count: count, searched: searched))
            case .inactive(let member, let resolvedBy):
                outcomes.append(ResolutionMessages.inactive(member, by: resolvedBy))
            case .found(let member, let resolvedBy):
                let mismatches = self.mismatches(
                    givenName: records[position][.givenName], surname: records[position][.surname],
                    dateOfBirth: records[position][.dateOfBirth], member)
                if !mismatches.isEmpty {
                    outcomes.append(ResolutionMessages.mismatch(mismatches, by: resolvedBy))
                    continue
                }
                if checksDuplicates {
                    let key = MembershipKey(programme: member.programme, ffn: member.ffn)
                    if let earlier = attached[key] {
                        outcomes.append(
                            ResolutionMessages.duplicateAttached(member, by: resolvedBy, earlierIndex: earlier))
                        continue
                    }
                    attached.insert(key, index: records[position][.index])
                }
                let previous = try previousMembership(
                    system: records[position][.system], bookingCode: records[position][.bookingCode],
                    passengerId: records[position][.passengerId], ledger: &ledger)
                let membership = Membership(
                    airline: member.programme, membershipId: member.ffn, level: member.tier,
                    skyTeamLevel: member.allianceTier)
                let already = previous.map { $0.airline == member.programme && $0.membershipId == member.ffn } ?? false
                outcomes.append(
                    ResolutionMessages.attached(membership, member: member, by: resolvedBy, already: already))
            }
        }
        return outcomes
    }

    /// The membership attached to the passenger before: by an earlier file of this run (the
    /// stage), else by an earlier run (the ledger, read once for the booking: `ledger` keeps what
    /// it holds for the booking between the booking's passengers). Given the record's fields, not
    /// the record: passing a record counted its fields array up and down around the call.
    private func previousMembership(
        system: String, bookingCode: String, passengerId: String, ledger: inout LedgerBooking?
    ) throws -> (airline: String, membershipId: String)? {
        if let staged = try directory.stagedMembership(
            system: system, bookingCode: bookingCode, passengerId: passengerId)
        {
            return staged
        }
        if ledger?.holds(system: system, bookingCode: bookingCode) != true {
            ledger = try directory.ledgerBooking(system: system, bookingCode: bookingCode)
        }
        return ledger?.membership(passengerId: passengerId)
    }

    // MARK: Step 5

    private func fold(_ name: String) -> FoldedName {
        if let ascii = NameFolding.asciiFold(name) { return FoldedName(bare: ascii, icao: ascii) }
        return folds.fold(name, NameFolding.fold)
    }

    /// Whether the passenger's given name differs from the member's: their folds start with
    /// different letters, when the member's has any.
    private func givenNamesDiffer(_ passenger: String, _ member: String) -> Bool {
        // Most given names, accented ones included, start with an ASCII letter: that letter is the
        // initial of both spellings, so neither name is folded (a fold cost about 380
        // instructions, a given name's comparison about 790).
        if let passengerInitial = NameFolding.leadingASCIIInitial(passenger),
            let memberInitial = NameFolding.leadingASCIIInitial(member)
        {
            return passengerInitial != memberInitial
        }
        return namesDiffer(passenger, member, ascii: NameFolding.asciiInitialsMatch, folded: NameFolding.initialsMatch)
    }

    /// Whether the passenger's family name differs from the member's (``NameFolding``), when the
    /// member's has a letter.
    private func familyNamesDiffer(_ passenger: String, _ member: String) -> Bool {
        // The same bytes are the same folds: an accented name spelled as the directory spells it
        // is not folded twice to find it so.
        if passenger.hasSameUTF8(as: member), NameFolding.hasASCIILetter(member) { return false }
        return namesDiffer(passenger, member, ascii: NameFolding.asciiFamilyNamesMatch, folded: NameFolding.foldsMatch)
    }

    /// Whether two names differ by `folded` (a member's name without letters cannot differ).
    /// ASCII names (most) are compared letter by letter by `ascii`, without folding them into
    /// strings first; `ascii` says nil for a name it leaves to the folds.
    private func namesDiffer(
        _ passenger: String, _ member: String, ascii: (String, String) -> Bool?,
        folded: (FoldedName, FoldedName) -> Bool
    ) -> Bool {
        if let memberHasLetter = NameFolding.asciiHasLetter(member), let same = ascii(passenger, member) {
            return memberHasLetter && !same
        }
        let memberFold = fold(member)
        return !memberFold.isEmpty && !folded(fold(passenger), memberFold)
    }

    /// The NAME_MISMATCH and DATE_OF_BIRTH_MISMATCH child errors, in contract field order. A name
    /// or date the directory does not know (empty) cannot differ.
    private func mismatches(givenName: String, surname: String, dateOfBirth passengerBirth: String, _ member: Member)
        -> [FieldError]
    {
        var errors: [FieldError] = []
        if matchName {
            if givenNamesDiffer(givenName, member.firstName) {
                errors.append(ResolutionMessages.givenNameMismatch)
            }
            if familyNamesDiffer(surname, member.familyName) {
                errors.append(ResolutionMessages.surnameMismatch)
            }
        }
        if !passengerBirth.isEmpty, !member.dateOfBirth.isEmpty, passengerBirth != member.dateOfBirth {
            errors.append(ResolutionMessages.dateOfBirthMismatch)
        }
        return errors
    }
}

/// A membership as a lookup key: programme (airline) + ffn (membershipId).
struct MembershipKey: Hashable {
    var programme: String
    var ffn: String
}

/// The memberships one booking has given (or attached) so far, each with the index of the
/// passenger that gave it. A booking has a handful of passengers, so a short list searched in
/// order: no hashing and no table per booking (a dictionary cost about 1,700 instructions per
/// insert). Past ``listLimit`` entries (a large group booking) a dictionary takes over.
struct MembershipIndexes {
    private var list: [(key: MembershipKey, index: String)] = []
    private var table: [MembershipKey: String]?
    static let listLimit = 16

    init() {}

    /// Room for `count` memberships at once (a booking's passenger count, up to ``listLimit``):
    /// grown one append at a time, the list was allocated again each time it doubled.
    init(capacity count: Int) {
        list.reserveCapacity(min(count, Self.listLimit))
    }

    subscript(key: MembershipKey) -> String? {
        if let table { return table[key] }
        for entry in list where entry.key.ffn == key.ffn && entry.key.programme == key.programme { return entry.index }
        return nil
    }

    /// Records that the passenger at `index` gave `key` (the caller checked it is not there yet).
    mutating func insert(_ key: MembershipKey, index: String) {
        if table != nil {
            table![key] = index
        } else if list.count < Self.listLimit {
            list.append((key, index))
        } else {
            var table = Dictionary(list.map { ($0.key, $0.index) }, uniquingKeysWith: { first, _ in first })
            table[key] = index
            self.table = table
            list = []
        }
    }
}
