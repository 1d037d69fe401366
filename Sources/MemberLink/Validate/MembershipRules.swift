/// A programme of the pipeline with its membership-id pattern compiled once.
/// A class, not a struct: every record looks its programme up, and a reference is one count to
/// copy where the struct's strings and pattern were a dozen.
final class CompiledProgramme: Sendable {
    let programme: Programme
    let pattern: MembershipPattern

    init(_ programme: Programme) {
        self.programme = programme
        pattern = MembershipPattern(programme.pattern)
    }
}

/// Rules for airline and membershipId (CONTRACT §1.1, §6).
enum MembershipRules {
    /// Required when membershipId is given; when given, 2 of `A`–`Z` `0`–`9` (upper case) and a
    /// programme the pipeline knows. Returns that programme when every check passed.
    static func airline(
        _ value: String, membershipId: String, programmes: [String: CompiledProgramme],
        into errors: inout [FieldError]
    ) -> CompiledProgramme? {
        guard !value.isEmpty else {
            if !membershipId.isEmpty {
                errors.append(.required(.airline, "The airline is missing: it is needed with a membership id."))
            }
            return nil
        }
        guard ASCII.all(value, length: 2...2, ASCII.isUpperAlnum) else {
            errors.append(
                .broken(
                    .fieldFormat, .airline, "The airline must be a 2-character code of capital letters or digits.",
                    rule: "must be 2 of A-Z 0-9", seen: Shown.value(value)))
            return nil
        }
        guard let programme = programmes[value] else {
            errors.append(
                .broken(
                    .programmeUnknown, .airline,
                    "The airline \(value) is not a loyalty programme this feed can attach.",
                    rule: "must name a programme of the pipeline (\(programmes.keys.sorted().joined(separator: ", ")))",
                    seen: Shown.value(value)))
            return nil
        }
        return programme
    }

    /// Optional; must fit its programme's pattern and check digit. Skipped when the airline is
    /// missing, malformed or unknown (`programme` nil).
    static func membershipId(_ value: String, programme: CompiledProgramme?, into errors: inout [FieldError]) {
        guard !value.isEmpty, let programme else { return }
        let rule: String
        if let problem = programme.pattern.compileError {
            rule =
                "cannot be checked: the pattern of programme \(programme.programme.code) does not compile (\(problem))"
        } else if !programme.pattern.matches(value) {
            rule = "must fit pattern \(programme.programme.pattern) of programme \(programme.programme.code)"
        } else if !programme.programme.checkDigit.isSatisfied(by: value) {
            rule =
                "must pass the \(programme.programme.checkDigit.rawValue) check digit of programme \(programme.programme.code)"
        } else {
            return
        }
        errors.append(
            .broken(
                .membershipIdInvalid, .membershipId,
                "The membership number is not a valid \(programme.programme.code) membership number: check it digit by digit.",
                rule: rule, seen: Shown.value(value)))
    }
}
