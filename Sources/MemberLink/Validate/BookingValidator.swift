/// The booking-level rules of CONTRACT §1.1, over the records of one booking.
public enum BookingValidator {
    /// Booking-level rules over ALL well-formed records of one booking (same system and
    /// bookingCode, case-insensitive), given in file order.
    ///
    /// `errors[i]` holds record i's record-level errors already (``RecordValidator``); this
    /// appends, keeping each list in canonical order:
    /// - a repeated index: `FIELD_FORMAT` on path `index` of the later record in file order.
    ///   Indexes compare by value (`01` repeats `1`); records whose own index is invalid take no
    ///   part.
    /// - an `INF` whose parentId is empty or is not the passengerId of a record of type `ADT` in
    ///   the same booking, whatever that adult's own outcome: `PARENT_INVALID` on path
    ///   `parentId`. passengerIds compare exactly (case-sensitive). Records whose passengerType
    ///   is not exactly `INF` are not checked.
    public static func validate<Records: RandomAccessCollection<PassengerRecord>>(
        _ records: Records, errors: inout [[FieldError]]
    ) where Records.Index == Int {
        precondition(records.count == errors.count, "one error list per record")
        var added = Set<Int>()
        validate(
            count: records.count, field: { records[records.startIndex + $0][$1] },
            record: { records[records.startIndex + $0] },
            report: { position, error in
                errors[position].append(error)
                added.insert(position)
            })
        for position in added { errors[position].sortCanonically() }
    }

    /// The same rules over the `count` records of a booking as `field(position, field)` and
    /// `record(position)` read them: for callers that hold records inside other values and read
    /// their fields where they lie (a collection of records copied each one out, a reference
    /// count per array and long string; the rules read two or three fields of most). Each
    /// finding goes to `report` with its record's position, in file order; a record has at most
    /// one finding of each rule. Nearly every booking has none: the caller keeps no lists for them.
    static func validate(
        count: Int, field: (Int, CanonicalField) -> String, record: (Int) -> PassengerRecord,
        report: (Int, FieldError) -> Void
    ) {
        // Indexes seen so far, one bit each (0...99): a booking costs no allocation here.
        var seenIndexes: (low: UInt64, high: UInt64) = (0, 0)
        for position in 0..<count {
            if let index = BookingKeyRules.indexValue(field(position, .index)) {
                let bit = UInt64(1) << UInt64(index & 63)
                let seen = index < 64 ? seenIndexes.low & bit != 0 : seenIndexes.high & bit != 0
                if seen {
                    let first = (0..<position).first { BookingKeyRules.indexValue(field($0, .index)) == index }!
                    report(position, repeatedIndex(record(position), first: record(first)))
                } else if index < 64 {
                    seenIndexes.low |= bit
                } else {
                    seenIndexes.high |= bit
                }
            }
            if field(position, .passengerType) == BookingKeyRules.PassengerType.infant.rawValue {
                let parent = field(position, .parentId)
                let adult = BookingKeyRules.PassengerType.adult.rawValue
                if parent.isEmpty
                    || !(0..<count).contains(where: {
                        field($0, .passengerType) == adult && field($0, .passengerId) == parent
                    })
                {
                    report(position, parentInvalid(parent))
                }
            }
        }
    }

    private static func repeatedIndex(_ record: PassengerRecord, first: PassengerRecord) -> FieldError {
        FieldError(
            code: .fieldFormat, field: .index,
            businessMessage: "Another passenger of this booking already has this index: each passenger needs its own.",
            developerMessage:
                "index \(Shown.value(record[.index])) repeats the index of passenger \(Shown.value(first[.passengerId])) at line \(first.location.line) of the same booking (CONTRACT §1.1: unique within its booking)."
        )
    }

    private static func parentInvalid(_ parent: String) -> FieldError {
        FieldError(
            code: .parentInvalid, field: .parentId,
            businessMessage: parent.isEmpty
                ? "An infant (INF) needs the passenger id of the adult travelling with them as parentId."
                : "An infant's parentId must be the passenger id of an adult (ADT) in the same booking.",
            developerMessage: parent.isEmpty
                ? "parentId is required for passengerType INF (CONTRACT §1.1) but is empty."
                : "parentId \(Shown.value(parent)) is not the passengerId of an ADT record in the same booking (CONTRACT §1.1)."
        )
    }
}
