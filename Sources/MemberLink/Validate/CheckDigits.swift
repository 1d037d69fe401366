/// Check-digit schemes of membership ids (CONTRACT §6 `checkDigit`), computed on ASCII digits.
enum CheckDigits {
    /// ISO/IEC 7812-1 (Luhn): from the right, every second digit is doubled (less 9 when over 9);
    /// the sum of all must be a multiple of 10. `digits` are values 0...9, at least one.
    static func luhn(_ digits: some BidirectionalCollection<UInt8>) -> Bool {
        guard !digits.isEmpty else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            var value = Int(digit)
            if position % 2 == 1 {
                value *= 2
                if value > 9 { value -= 9 }
            }
            sum += value
        }
        return sum % 10 == 0
    }

    /// Luhn over the text, which must be ASCII digits only.
    static func luhn(text: String) -> Bool {
        guard let digits = digitValues(text) else { return false }
        return luhn(digits)
    }

    /// Mod 7: the number formed by every digit but the last, divided by 7, leaves the last digit
    /// as its rest. The rest is computed digit by digit, so ids of any length work. At least two
    /// digits, ASCII digits only.
    static func mod7(text: String) -> Bool {
        guard let digits = digitValues(text), digits.count >= 2 else { return false }
        var rest = 0
        for digit in digits.dropLast() {
            rest = (rest * 10 + Int(digit)) % 7
        }
        return rest == Int(digits[digits.count - 1])
    }

    private static func digitValues(_ text: String) -> [UInt8]? {
        var digits: [UInt8] = []
        digits.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            guard ASCII.isDigit(byte) else { return nil }
            digits.append(byte &- UInt8(ascii: "0"))
        }
        return digits
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
