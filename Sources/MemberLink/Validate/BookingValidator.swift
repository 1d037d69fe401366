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
        // Indexes seen so far, one bit each (0...99): a booking costs no allocation here.
        var seenIndexes: (low: UInt64, high: UInt64) = (0, 0)
        for (position, record) in records.enumerated() {
            var added = false
            if let index = BookingKeyRules.indexValue(record[.index]) {
                let bit = UInt64(1) << UInt64(index & 63)
                let seen = index < 64 ? seenIndexes.low & bit != 0 : seenIndexes.high & bit != 0
                if seen {
                    let first = records[..<position].first { BookingKeyRules.indexValue($0[.index]) == index }!
                    errors[position].append(repeatedIndex(record, first: first))
                    added = true
                } else if index < 64 {
                    seenIndexes.low |= bit
                } else {
                    seenIndexes.high |= bit
                }
            }
            if record[.passengerType] == BookingKeyRules.PassengerType.infant.rawValue {
                let parent = record[.parentId]
                let adult = BookingKeyRules.PassengerType.adult.rawValue
                if parent.isEmpty || !records.contains(where: { $0[.passengerType] == adult && $0[.passengerId] == parent }) {
                    errors[position].append(parentInvalid(parent))
                    added = true
                }
            }
            if added { errors[position].sortCanonically() }
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
