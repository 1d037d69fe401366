extension Outcome {
    /// `RECORD_MALFORMED`: the row could not be read (CONTRACT §2 step 1).
    public static func recordMalformed(reason: String, location: SourceLocation) -> Outcome {
        Outcome(
            code: .recordMalformed,
            businessMessage: "The row could not be read: \(reason). Correct the row and resubmit it.",
            developerMessage: "\(location): \(reason)")
    }

    /// `DATA_INVALID` with every broken rule (CONTRACT §2 step 2).
    public static func dataInvalid(_ errors: [FieldError]) -> Outcome {
        var paths: [String] = []
        for error in errors where !paths.contains(error.path) { paths.append(error.path) }
        return Outcome(
            code: .dataInvalid, childErrors: errors,
            businessMessage: "Invalid passenger data in \(paths.joined(separator: ", ")); correct and resubmit.",
            developerMessage: errors.map { "\($0.path): \($0.developerMessage)" }.joined(separator: "; "))
    }
}
