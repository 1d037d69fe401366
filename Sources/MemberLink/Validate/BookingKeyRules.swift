/// Rules for the fields that name a booking and a passenger in it (CONTRACT §1.1): system,
/// bookingCode, index, passengerId and passengerType.
enum BookingKeyRules {
    /// Required; 2–3 of `A`–`Z` `0`–`9`, upper case only.
    static func system(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty else {
            errors.append(.required(.system, "The booking system code is missing."))
            return
        }
        guard ASCII.all(value, length: 2...3, ASCII.isUpperAlnum) else {
            errors.append(
                .broken(
                    .fieldFormat, .system, "The booking system code must be 2 or 3 capital letters or digits.",
                    rule: "must be 2-3 of A-Z 0-9", seen: Shown.value(value)))
            return
        }
    }

    /// Required; 5–8 of `A`–`Z` `0`–`9`, case-insensitive (`abc123` is `ABC123`).
    static func bookingCode(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty else {
            errors.append(.required(.bookingCode, "The booking code is missing."))
            return
        }
        guard ASCII.all(value, length: 5...8, ASCII.isAlnum) else {
            errors.append(
                .broken(
                    .fieldFormat, .bookingCode, "The booking code must be 5 to 8 letters or digits.",
                    rule: "must be 5-8 of A-Z 0-9 (any case)", seen: Shown.value(value)))
            return
        }
    }

    /// The passenger's index: ASCII digits only with a value of 1...99 (`01` is 1), or nil.
    static func indexValue(_ value: String) -> Int? {
        value.withUTF8Bytes { bytes in
            guard !bytes.isEmpty else { return nil }
            var number = 0
            for byte in bytes {
                guard ASCII.isDigit(byte) else { return nil }
                number = number * 10 + Int(byte &- UInt8(ascii: "0"))
                if number > 99 { return nil }
            }
            return number >= 1 ? number : nil
        }
    }

    /// Required; an integer 1–99. An empty index is `FIELD_FORMAT`: the contract row lists no
    /// `FIELD_REQUIRED` for it. Uniqueness is a booking rule (``BookingValidator``).
    static func index(_ value: String, into errors: inout [FieldError]) {
        guard indexValue(value) == nil else { return }
        errors.append(
            .broken(
                .fieldFormat, .index, "The passenger index must be a whole number from 1 to 99.",
                rule: "must be an integer 1-99 of ASCII digits",
                seen: value.isEmpty ? "an empty field" : Shown.value(value)))
    }

    /// Required; 1–20 of `A`–`Z` `a`–`z` `0`–`9` `-` `_`.
    static func passengerId(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty else {
            errors.append(.required(.passengerId, "The passenger id is missing."))
            return
        }
        let allowed = ASCII.all(value, length: 1...20) {
            ASCII.isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }
        guard allowed else {
            errors.append(
                .broken(
                    .fieldFormat, .passengerId,
                    "The passenger id must be 1 to 20 letters, digits, hyphens or underscores.",
                    rule: "must be 1-20 of A-Z a-z 0-9 - _", seen: Shown.value(value)))
            return
        }
    }

    /// The passenger types of CONTRACT §1.1, upper case only.
    enum PassengerType: String, Sendable, CaseIterable {
        case adult = "ADT"
        case child = "CHD"
        case infant = "INF"

        /// `init(rawValue:)` read from the bytes: a `String` raw value is looked up by comparing
        /// the text with each case's through the runtime (about 200 instructions for every record).
        /// The raw values are ASCII, which only the same bytes equal.
        init?(exactly text: String) {
            let type: PassengerType? = text.withUTF8Bytes { bytes in
                guard bytes.count == 3 else { return nil }
                switch (bytes[0], bytes[1], bytes[2]) {
                case (UInt8(ascii: "A"), UInt8(ascii: "D"), UInt8(ascii: "T")): return .adult
                case (UInt8(ascii: "C"), UInt8(ascii: "H"), UInt8(ascii: "D")): return .child
                case (UInt8(ascii: "I"), UInt8(ascii: "N"), UInt8(ascii: "F")): return .infant
                default: return nil
                }
            }
            guard let type else { return nil }
            self = type
        }
    }

    /// Required; `ADT`, `CHD` or `INF`. Empty is `PASSENGER_TYPE_INVALID` (the row's own code).
    static func passengerType(_ value: String, into errors: inout [FieldError]) -> PassengerType? {
        if let type = PassengerType(exactly: value) { return type }
        errors.append(
            .broken(
                .passengerTypeInvalid, .passengerType, "The passenger type must be ADT, CHD or INF.",
                rule: "must be ADT, CHD or INF (upper case)",
                seen: value.isEmpty ? "an empty field" : Shown.value(value)))
        return nil
    }
}
