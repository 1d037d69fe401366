internal import RecordIO

/// The canonical field values an XML booking or passenger has given so far, each with the line it
/// was given on, and the first structural problem that makes the record unreadable.
///
/// CONTRACT §1.2 accepts every field as an attribute or a child element. Giving a field twice with
/// the same value is harmless; with different values nobody can tell which is meant, so the record
/// is `RECORD_MALFORMED`. An empty value counts as not given (an empty CSV cell is an absent field).
struct XMLGivenFields {
    var values: FieldValues
    /// The line each field was given at (0: not given), in the value itself: no array to allocate,
    /// share and copy per passenger.
    var lines = InlineArray<24, Int>(repeating: 0)
    /// The first problem found, in words that say what to fix; nil while the record is readable.
    var problem: String?
    /// The longest value accepted, in UTF-8 bytes, however it is given (attribute or element).
    let maxValueBytes: Int
    // The initializers are in an extension and delegate to the memberwise one: one that assigns
    // the properties made Swift 6.3 copy the whole value (its line table, 192 bytes, and a count
    // of its values) wherever it went, twice per passenger.

    /// New values: a booking's three fields as given (the first three canonical fields, the only
    /// ones a booking gives), every other field empty.
    private static func newValues(
        system: String = "", bookingCode: String = "", departureDate: String = ""
    ) -> FieldValues {
        assert(
            [CanonicalField.system, .bookingCode, .departureDate].map(\.rawValue) == [0, 1, 2],
            "a booking's fields are the first three")
        return FieldValues(unsafeUninitializedCount: CanonicalField.count) { values in
            values.initialize(to: system)
            (values + 1).initialize(to: bookingCode)
            (values + 2).initialize(to: departureDate)
            (values + 3).initialize(repeating: "", count: CanonicalField.count - 3)
        }
    }

    /// Gives `field` the (untrimmed) UTF-8 `value` found at `line`; returns false on a conflict.
    @discardableResult
    mutating func give(_ field: CanonicalField, _ value: UnsafeBufferPointer<UInt8>, line: Int) -> Bool {
        let trimmed = Self.trimmedBytes(value)
        guard !trimmed.isEmpty else { return true }
        guard trimmed.count <= maxValueBytes else {
            // An attribute value is not bounded by XMLLimits (a '>' may sit inside quotes).
            flag("its \(field.name) (line \(line)) is longer than \(maxValueBytes) bytes")
            return false
        }
        let slot = field.rawValue
        if values[slot].isEmpty {
            values[slot] = SmallASCIIString.decodingUTF8(trimmed)
            lines[slot] = line
            return true
        }
        if values[slot].utf8.elementsEqual(trimmed) { return true }
        // Values are personal data: the reason names the field and the lines, never the values.
        flag(
            "\(field.name) is given twice with different values (lines \(lines[slot]) and \(line)); "
                + "give each field once, as an attribute or as a child element")
        return false
    }

    /// Records `problem` unless an earlier one is already recorded (the first is the one to fix).
    mutating func flag(_ problem: String) {
        if self.problem == nil { self.problem = problem }
    }

    /// `value` without leading and trailing XML white space (space, tab, CR, LF: XML 1.0 §2.3 `S`).
    @inline(__always)
    static func trimmedBytes(_ value: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        var lower = 0
        var upper = value.count
        while lower < upper, isSpace(value[lower]) { lower += 1 }
        while upper > lower, isSpace(value[upper - 1]) { upper -= 1 }
        return UnsafeBufferPointer(rebasing: value[lower..<upper])
    }
}

extension XMLGivenFields {
    /// No field given yet.
    init(maxValueBytes: Int) {
        self.init(values: Self.newValues(), maxValueBytes: maxValueBytes)
        assert(lines.count == CanonicalField.count, "one line per canonical field")
    }

    /// No field given yet, for a booking: room for the three fields a booking gives (the first
    /// three canonical fields), not for all 24.
    init(bookingWithMaxValueBytes maxValueBytes: Int) {
        self.init(
            values: FieldValues(count: CanonicalField.departureDate.rawValue + 1), maxValueBytes: maxValueBytes)
    }

    /// The booking fields `inherited` gives (a passenger starts with its booking's), without their
    /// problem. The values are new ones at once: shared with the booking's, the passenger's first
    /// field would copy them.
    init(inheritingBookingFields inherited: borrowing XMLGivenFields) {
        assert(
            (0..<inherited.values.count).allSatisfy {
                $0 <= CanonicalField.departureDate.rawValue || inherited.values[$0].isEmpty
            },
            "a booking gives only its three fields")
        self.init(
            values: Self.newValues(
                system: inherited.values[CanonicalField.system.rawValue],
                bookingCode: inherited.values[CanonicalField.bookingCode.rawValue],
                departureDate: inherited.values[CanonicalField.departureDate.rawValue]),
            lines: inherited.lines, maxValueBytes: inherited.maxValueBytes)
    }
}
