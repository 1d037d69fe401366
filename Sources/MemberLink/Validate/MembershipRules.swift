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

/// The pipeline's programmes by airline code, found by the code's two bytes: every record looks
/// its programme up, and a `Dictionary` hashed the code with SipHash first (this table took 24M
/// instructions off 100,000 passengers, `Benchmarks/instructions.sh`). A pipeline has a few
/// programmes; an airline code is two ASCII characters, so a programme whose code is not can never
/// be found, as it could not be in a dictionary either.
struct ProgrammeTable: Sendable {
    private let keys: [UInt16]
    private let programmes: [CompiledProgramme]
    /// Every programme's code, sorted: what the messages list.
    let codes: [String]

    init(_ programmes: [String: CompiledProgramme]) {
        var keys: [UInt16] = []
        var found: [CompiledProgramme] = []
        for (code, programme) in programmes {
            guard let key = Self.key(code) else { continue }
            keys.append(key)
            found.append(programme)
        }
        self.keys = keys
        self.programmes = found
        codes = programmes.keys.sorted()
    }

    /// The programme of `code`, nil when the pipeline has none.
    subscript(code code: String) -> CompiledProgramme? {
        guard let key = Self.key(code) else { return nil }
        for index in keys.indices where keys[index] == key { return programmes[index] }
        return nil
    }

    /// A two-byte ASCII code as one number; nil for any other text.
    private static func key(_ code: String) -> UInt16? {
        code.withUTF8Bytes { bytes in
            guard bytes.count == 2, bytes[0] < 0x80, bytes[1] < 0x80 else { return nil }
            return UInt16(bytes[0]) << 8 | UInt16(bytes[1])
        }
    }
}

/// Rules for airline and membershipId (CONTRACT §1.1, §6).
enum MembershipRules {
    /// Required when membershipId is given; when given, 2 of `A`–`Z` `0`–`9` (upper case) and a
    /// programme the pipeline knows. Returns that programme when every check passed.
    static func airline(
        _ value: String, membershipId: String, programmes: ProgrammeTable,
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
        guard let programme = programmes[code: value] else {
            errors.append(
                .broken(
                    .programmeUnknown, .airline,
                    "The airline \(value) is not a loyalty programme this feed can attach.",
                    rule: "must name a programme of the pipeline (\(programmes.codes.joined(separator: ", ")))",
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
