/// How a rule quotes the value it saw in a developer message (CONTRACT §4): never a long value,
/// never a payment card number, and document numbers, emails and phones only through
/// ``Masking``.
enum Shown {
    /// The longest value echoed as it is.
    static let maximumLength = 40

    /// `'ABC12'`, or a description of the value when it is too long or looks like a card number.
    static func value(_ text: String) -> String {
        let length = ASCII.visibleLength(text)
        if length > maximumLength { return "a value of \(length) characters (not shown)" }
        if looksLikePaymentCard(text) { return "a value that looks like a payment card number (not shown)" }
        return "'\(text)'"
    }

    /// `'******4567'`: for document numbers, emails and phones.
    static func masked(_ text: String) -> String {
        "'\(Masking.mask(text))'"
    }

    /// 13 to 19 digits, once spaces and `-` are left out, that pass the Luhn check (CONTRACT §4:
    /// such a value is never written anywhere).
    static func looksLikePaymentCard(_ text: String) -> Bool {
        text.withUTF8Bytes { bytes in
            let ignored = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "-") }
            let digits = bytes.count { !ignored($0) }
            return (13...19).contains(digits) && CheckDigits.luhn(bytes, ignoring: ignored)
        }
    }
}
