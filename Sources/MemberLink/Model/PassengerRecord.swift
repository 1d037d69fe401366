/// One passenger of one booking, as a partner sent it: every canonical field as text, trimmed of
/// surrounding white space, with `""` for a field that is absent or empty.
///
/// Records are values produced by the Ingest stage and consumed by Validate; they carry no
/// judgement of their own.
public struct PassengerRecord: Sendable, Hashable {
    /// Where the record starts in its input file.
    public var location: SourceLocation
    /// The record's 0-based position among the records of its file, malformed ones included.
    public var sequence: Int
    /// Field values indexed by ``CanonicalField/rawValue``.
    public var fields: FieldValues

    public init(
        location: SourceLocation, sequence: Int, fields: FieldValues = FieldValues(count: CanonicalField.count)
    ) {
        precondition(fields.count == CanonicalField.count, "one value per canonical field")
        self.location = location
        self.sequence = sequence
        self.fields = fields
    }

    /// A record of these values, one per canonical field.
    public init(location: SourceLocation, sequence: Int, fields: [String]) {
        self.init(location: location, sequence: sequence, fields: FieldValues(fields))
    }

    public subscript(field: CanonicalField) -> String {
        @inline(__always) get { fields[field.rawValue] }
        set { fields[field.rawValue] = newValue }
    }

    /// True when any travel-document field is given (CONTRACT §1.1: a document is absent when all
    /// its fields are empty).
    public var hasDocument: Bool {
        // Each value looked at where it lies: through `self[$0].isEmpty` each was copied out
        // (about 170 instructions a record, asked twice of most).
        for field in CanonicalField.documentFields where !fields.isEmpty(at: field.rawValue) { return true }
        return false
    }
}
