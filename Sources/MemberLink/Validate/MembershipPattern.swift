internal import RecordIO

/// A programme's membership-id `pattern` (CONTRACT §6), compiled once per programme.
///
/// An id fits when the pattern matches the whole id (`^` and `$` are implied), case-sensitively,
/// with `\d`, `\w` and `\s` meaning ASCII characters only. Simple patterns, the usual kind
/// (`^[0-9]{10}$`, `^VN[0-9]{8}$`, `^[A-Z]{2}\d{6,9}$`), are matched on the id's bytes with no
/// regular-expression engine; any other pattern goes to Swift `Regex`.
struct MembershipPattern: Sendable {
    private enum Matcher: Sendable {
        case simple([SimplePatternAtom])
        case regex(RegexMatcher)
        case invalid
    }

    /// The pattern as the pipeline gave it.
    let source: String
    /// Why the pattern does not compile, or nil. An invalid pattern matches nothing.
    let compileError: String?
    private let matcher: Matcher

    init(_ pattern: String) {
        source = pattern
        if let atoms = SimplePatternAtom.parse(pattern) {
            matcher = .simple(atoms)
            compileError = nil
            return
        }
        do {
            matcher = .regex(try RegexMatcher(pattern: pattern))
            compileError = nil
        } catch {
            matcher = .invalid
            compileError = "\(error)"
        }
    }

    /// True when the whole `id` fits the pattern.
    func matches(_ id: String) -> Bool {
        switch matcher {
        case .simple(let atoms): SimplePatternAtom.matches(atoms, id)
        case .regex(let regex): regex.matches(id)
        case .invalid: false
        }
    }
}

extension Programme {
    /// Why ``pattern`` is not a usable regular expression, or nil when it is. For configuration
    /// checks: the validator treats every id of a programme with a broken pattern as invalid.
    public var patternError: String? {
        MembershipPattern(pattern).compileError
    }
}

/// Swift `Regex` behind a lock: `Regex` is not `Sendable`, and one validator serves every task.
private final class RegexMatcher: Sendable {
    private let regex: Locked<Regex<AnyRegexOutput>>

    init(pattern: String) throws {
        let compiled = try Regex(pattern).asciiOnlyCharacterClasses()
        regex = Locked(compiled)
    }

    func matches(_ id: String) -> Bool {
        regex.withLock { id.wholeMatch(of: $0) != nil }
    }
}

/// One element of a simple pattern: a set of ASCII bytes repeated `minimum...maximum` times.
///
/// A simple pattern is an optional `^`, then literals `A`–`Z` `a`–`z` `0`–`9`, `\d` or bracket
/// sets of such characters and ranges (`[0-9A-Z]`), each followed by nothing or `{n}`, then an
/// optional `$`. Only the last element may repeat a variable number of times (`{n,m}`, `{n,}`,
/// `+`, `*`, `?`), so matching needs no backtracking. Anything else is not simple.
struct SimplePatternAtom: Sendable, Hashable {
    /// Bit `b` of the 128-bit set: byte `b` is allowed.
    var low: UInt64 = 0
    var high: UInt64 = 0
    var minimum = 1
    var maximum = 1

    func contains(_ byte: UInt8) -> Bool {
        byte < 64 ? low & (1 << UInt64(byte)) != 0 : byte < 128 ? high & (1 << UInt64(byte - 64)) != 0 : false
    }

    mutating func insert(_ byte: UInt8) {
        if byte < 64 { low |= 1 << UInt64(byte) } else { high |= 1 << UInt64(byte - 64) }
    }

    static func matches(_ atoms: [SimplePatternAtom], _ id: String) -> Bool {
        id.withUTF8Bytes { bytes in
            var position = 0
            for atom in atoms {
                let remaining = bytes.count - position
                let count = atom.minimum == atom.maximum ? atom.minimum : remaining
                guard count >= atom.minimum, count <= atom.maximum, count <= remaining else { return false }
                for byte in bytes[position..<(position + count)] where !atom.contains(byte) { return false }
                position += count
            }
            return position == bytes.count
        }
    }

    /// The atoms of a simple pattern, or nil when the pattern is not simple.
    static func parse(_ pattern: String) -> [SimplePatternAtom]? {
        var bytes = Array(pattern.utf8)
        if bytes.first == UInt8(ascii: "^") { bytes.removeFirst() }
        if bytes.last == UInt8(ascii: "$") { bytes.removeLast() }
        var atoms: [SimplePatternAtom] = []
        var position = 0
        while position < bytes.count {
            guard atoms.last.map({ $0.minimum == $0.maximum }) ?? true else { return nil }
            var atom = SimplePatternAtom()
            let byte = bytes[position]
            if ASCII.isAlnum(byte) {
                atom.insert(byte)
                position += 1
            } else if byte == UInt8(ascii: "\\"), position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "d") {
                for digit in UInt8(ascii: "0")...UInt8(ascii: "9") { atom.insert(digit) }
                position += 2
            } else if byte == UInt8(ascii: "[") {
                guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "]")), end > position + 1,
                    parseSet(bytes[(position + 1)..<end], into: &atom)
                else { return nil }
                position = end + 1
            } else {
                return nil
            }
            guard parseQuantifier(bytes, &position, into: &atom) else { return nil }
            atoms.append(atom)
        }
        return atoms.isEmpty ? nil : atoms
    }

    private static func parseSet(_ set: ArraySlice<UInt8>, into atom: inout SimplePatternAtom) -> Bool {
        var index = set.startIndex
        while index < set.endIndex {
            let first = set[index]
            guard ASCII.isAlnum(first) else { return false }
            if index + 2 < set.endIndex, set[index + 1] == UInt8(ascii: "-") {
                let last = set[index + 2]
                let sameClass =
                    (ASCII.isDigit(first) && ASCII.isDigit(last)) || (ASCII.isUpper(first) && ASCII.isUpper(last))
                    || (ASCII.isLower(first) && ASCII.isLower(last))
                guard sameClass, first <= last else { return false }
                for member in first...last { atom.insert(member) }
                index += 3
            } else {
                atom.insert(first)
                index += 1
            }
        }
        return true
    }

    private static func parseQuantifier(
        _ bytes: [UInt8], _ position: inout Int, into atom: inout SimplePatternAtom
    ) -> Bool {
        guard position < bytes.count else { return true }
        switch bytes[position] {
        case UInt8(ascii: "+"): (atom.minimum, atom.maximum) = (1, Int.max)
        case UInt8(ascii: "*"): (atom.minimum, atom.maximum) = (0, Int.max)
        case UInt8(ascii: "?"): (atom.minimum, atom.maximum) = (0, 1)
        case UInt8(ascii: "{"):
            guard let end = bytes[position...].firstIndex(of: UInt8(ascii: "}")) else { return false }
            let parts = bytes[(position + 1)..<end].split(
                separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            guard (1...2).contains(parts.count), let minimum = number(parts[0]) else { return false }
            let maximum = parts.count == 1 ? minimum : parts[1].isEmpty ? Int.max : number(parts[1])
            guard let maximum, minimum <= maximum else { return false }
            (atom.minimum, atom.maximum) = (minimum, maximum)
            position = end
        default:
            return true
        }
        position += 1
        return true
    }

    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        guard (1...4).contains(digits.count), digits.allSatisfy(ASCII.isDigit) else { return nil }
        return digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
    }
}
