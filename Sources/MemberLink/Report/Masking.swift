/// Masking of personal data in `errors.*` and logs (CONTRACT §4): document numbers, emails and
/// phones keep their last four characters, e.g. `******4567`. The one place this is decided.
public enum Masking {
    /// `C1234567` → `******4567`; values of four characters or fewer are hidden entirely.
    public static func mask(_ value: some StringProtocol) -> String {
        guard value.count > 4 else { return "******" }
        return "******" + value.suffix(4)
    }
}
