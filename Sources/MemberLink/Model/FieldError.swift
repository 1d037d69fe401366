/// One broken rule: its code, the canonical field it concerns (`path`) and two messages.
///
/// Messages never contain an unmasked document number, email or phone: rules that quote a value
/// quote it through ``Masking``.
public struct FieldError: Sendable, Hashable {
    public var code: ChildCode
    /// The canonical field name, or `document` / `membership` for the resolution requirement.
    public var path: String
    /// For the people who correct the data, e.g. "The booking code must be 5 to 8 letters or digits."
    public var businessMessage: String
    /// For the people who debug the feed: the rule and, masked where needed, the value seen.
    public var developerMessage: String

    public init(code: ChildCode, path: String, businessMessage: String, developerMessage: String) {
        self.code = code
        self.path = path
        self.businessMessage = businessMessage
        self.developerMessage = developerMessage
    }

    public init(code: ChildCode, field: CanonicalField, businessMessage: String, developerMessage: String) {
        self.init(code: code, path: field.name, businessMessage: businessMessage, developerMessage: developerMessage)
    }
}
