/// The record-level rules of CONTRACT §1.1: every field rule of one passenger record, with the
/// resolution requirement of the pipeline's strategy.
///
/// Booking-level rules (a repeated index, an infant's parent) need the other records of the
/// booking and are in ``BookingValidator``. A check that compares with another field or depends
/// on it is skipped when that field is missing or failed any of its own rules.
///
/// The validator is built once per pipeline (each programme's membership-id pattern is compiled
/// here) and shared: it is immutable and `Sendable`.
public struct RecordValidator: Sendable {
    private let programmes: ProgrammeTable
    private let strategy: ResolutionStrategy

    /// - Parameters:
    ///   - programmes: the pipeline's programmes by airline code (`programmes:` in CONTRACT §6).
    ///   - strategy: the pipeline's resolution strategy, which decides what a record must carry.
    public init(programmes: [String: Programme], strategy: ResolutionStrategy) {
        self.programmes = ProgrammeTable(programmes.mapValues(CompiledProgramme.init))
        self.strategy = strategy
    }

    /// Record-level rules of CONTRACT §1.1: every failure, not only the first, at most one per
    /// field, in canonical field order (``FieldError/canonicalRank``). Empty when the record is
    /// valid.
    public func validate(_ record: PassengerRecord) -> [FieldError] {
        var errors: [FieldError] = []
        BookingKeyRules.system(record[.system], into: &errors)
        BookingKeyRules.bookingCode(record[.bookingCode], into: &errors)
        let departure = DateRules.departureDate(record[.departureDate], into: &errors)
        BookingKeyRules.index(record[.index], into: &errors)
        BookingKeyRules.passengerId(record[.passengerId], into: &errors)
        let type = BookingKeyRules.passengerType(record[.passengerType], into: &errors)
        NameRules.title(record[.title], into: &errors)
        ProfileRules.gender(record[.gender], into: &errors)
        NameRules.givenName(record[.givenName], into: &errors)
        NameRules.surname(record[.surname], into: &errors)
        let birth = DateRules.dateOfBirth(record[.dateOfBirth], departure: departure, into: &errors)
        DateRules.age(birth: birth, departure: departure, type: type, into: &errors)
        ContactRules.email(record[.email], into: &errors)
        ContactRules.phone(record[.phone], into: &errors)
        let programme = MembershipRules.airline(
            record[.airline], membershipId: record[.membershipId], programmes: programmes, into: &errors)
        MembershipRules.membershipId(record[.membershipId], programme: programme, into: &errors)
        ProfileRules.level(record[.level], .level, into: &errors)
        ProfileRules.level(record[.skyTeamLevel], .skyTeamLevel, into: &errors)
        DocumentRules.check(record, departure: departure, birth: birth, into: &errors)
        ResolutionRequirement.check(record, strategy: strategy, into: &errors)
        errors.sortCanonically()
        return errors
    }
}
