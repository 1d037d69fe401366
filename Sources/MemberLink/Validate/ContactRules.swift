/// Rules for email and phone (CONTRACT §1.1). Both are personal data: messages quote them only
/// masked (``Masking``).
enum ContactRules {
    /// Optional; at most 50 characters, exactly one `@`, a non-empty local part, and a domain of
    /// ASCII letters, digits, `-` and `.` with at least one `.` that is neither its first nor its
    /// last character.
    static func email(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty, !isEmail(value) else { return }
        errors.append(
            .broken(
                .emailInvalid, .email,
                "The email address must look like name@example.com (one @, at most 50 characters).",
                rule: "must be at most 50 characters with one '@', a local part and a dotted domain",
                seen: Shown.masked(value)))
    }

    static func isEmail(_ value: String) -> Bool {
        guard ASCII.visibleLength(of: value, isAtMost: 50) else { return false }
        return value.withUTF8Bytes { bytes in
            guard let at = bytes.firstIndex(of: UInt8(ascii: "@")), at > 0 else { return false }
            let domain = bytes[(at + 1)...]
            guard let first = domain.first, let last = domain.last,
                first != UInt8(ascii: "."), last != UInt8(ascii: "."), domain.contains(UInt8(ascii: "."))
            else { return false }
            return domain.allSatisfy { ASCII.isAlnum($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
        }
    }

    /// Optional; spaces and `-` are ignored, then an optional leading `+` and 6 to 15 ASCII digits.
    static func phone(_ value: String, into errors: inout [FieldError]) {
        guard !value.isEmpty, !isPhone(value) else { return }
        errors.append(
            .broken(
                .phoneInvalid, .phone, "The phone number must be 6 to 15 digits, optionally after a +.",
                rule: "must be an optional '+' and 6-15 digits (spaces and '-' ignored)", seen: Shown.masked(value)))
    }

    static func isPhone(_ value: String) -> Bool {
        value.withUTF8Bytes { bytes in
            var digits = 0
            var seenAnything = false
            for byte in bytes where byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") {
                if byte == UInt8(ascii: "+"), !seenAnything {
                    seenAnything = true
                    continue
                }
                guard ASCII.isDigit(byte) else { return false }
                seenAnything = true
                digits += 1
            }
            return (6...15).contains(digits)
        }
    }
}
