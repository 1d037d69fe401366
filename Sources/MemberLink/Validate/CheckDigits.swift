/// Check-digit schemes of membership ids (CONTRACT §6 `checkDigit`), computed on ASCII digits.
enum CheckDigits {
    /// ISO/IEC 7812-1 (Luhn): from the right, every second digit is doubled (less 9 when over 9);
    /// the sum of all must be a multiple of 10. At least one digit; any other byte fails.
    /// `ignoring` bytes are skipped (spaces and dashes in a card number written for people).
    static func luhn(_ bytes: UnsafeBufferPointer<UInt8>, ignoring: (UInt8) -> Bool = { _ in false }) -> Bool {
        var sum = 0
        var count = 0
        for byte in bytes.reversed() where !ignoring(byte) {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { return false }
            var value = Int(digit)
            if count % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
            count += 1
        }
        return count > 0 && sum % 10 == 0
    }

    /// Luhn over the text, which must be ASCII digits only.
    static func luhn(text: String) -> Bool {
        text.withUTF8Bytes { luhn($0) }
    }

    /// Mod 7: the number formed by every digit but the last, divided by 7, leaves the last digit
    /// as its rest. The rest is computed digit by digit, so ids of any length work. At least two
    /// digits, ASCII digits only.
    static func mod7(text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            guard bytes.count >= 2 else { return false }
            var rest = 0
            for byte in bytes.dropLast() {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return false }
                rest = (rest * 10 + Int(digit)) % 7
            }
            let last = bytes[bytes.count - 1] &- UInt8(ascii: "0")
            return last < 10 && rest == Int(last)
        }
    }
}

extension Programme.CheckDigit {
    /// True when `id` passes this scheme: always for `none`; for `luhn` and `mod7`, `id` must be
    /// ASCII digits only and its check digit right (CONTRACT §6).
    public func isSatisfied(by id: String) -> Bool {
        switch self {
        case .none: true
        case .luhn: CheckDigits.luhn(text: id)
        case .mod7: CheckDigits.mod7(text: id)
        }
    }
}
