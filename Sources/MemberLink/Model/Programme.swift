/// How a loyalty programme's membership ids look: a pattern and a check digit (CONTRACT §6).
public struct Programme: Sendable, Hashable {
    /// The check-digit scheme of a programme's membership ids.
    public enum CheckDigit: String, Sendable, Hashable, CaseIterable {
        /// No check digit.
        case none
        /// ISO/IEC 7812 (Luhn) over all digits.
        case luhn
        /// The last digit is the rest of the other digits, read as one number, divided by 7.
        case mod7
    }

    /// The airline code, e.g. `VN`.
    public var code: String
    /// A regular expression every membership id of the programme must match, e.g. `^[0-9]{10}$`.
    public var pattern: String
    public var checkDigit: CheckDigit

    public init(code: String, pattern: String, checkDigit: CheckDigit) {
        self.code = code
        self.pattern = pattern
        self.checkDigit = checkDigit
    }
}

/// How a pipeline finds the member behind a passenger (CONTRACT §2 step 4).
public enum ResolutionStrategy: String, Sendable, Hashable, CaseIterable {
    case ffn
    case document
    case ffnThenDocument = "ffn-then-document"
}
