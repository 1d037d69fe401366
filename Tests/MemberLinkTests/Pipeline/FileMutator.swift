/// SplitMix64: a tiny seeded generator, so every mutated file is the same on every machine and run
/// (Swift's `SystemRandomNumberGenerator` cannot be seeded).
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Deterministic damage to a partner file's records (never its header, so the file is read and
/// each damaged record must still end in exactly one outcome).
struct FileMutator {
    enum Mutation: String, CaseIterable {
        case deleteBytes, insertBytes, duplicateLine, swapLines, dropLine, strayQuote, truncate
    }

    /// Bytes a partner file plausibly gets wrong: separators, quotes, line ends, NUL, Latin-1 and
    /// invalid UTF-8 bytes, letters and digits.
    static let palette: [UInt8] = [
        UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\t"), UInt8(ascii: "\n"),
        UInt8(ascii: "\r"), 0x00, 0xE9, 0xFF, 0xC3, 0x81, UInt8(ascii: "A"), UInt8(ascii: "7"), UInt8(ascii: " "),
    ]

    var generator: SplitMix64

    init(seed: UInt64) { generator = SplitMix64(seed: seed) }

    /// `bytes` with 1–4 mutations applied after the header line; the names of the mutations applied.
    mutating func mutate(_ bytes: [UInt8]) -> (bytes: [UInt8], applied: [Mutation]) {
        let headerEnd = (bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count - 1) + 1
        let header = Array(bytes[..<headerEnd])
        var body = Array(bytes[headerEnd...])
        var applied: [Mutation] = []
        let count = Int.random(in: 1...4, using: &generator)
        for _ in 0..<count {
            guard !body.isEmpty else { break }
            let mutation = Mutation.allCases.randomElement(using: &generator)!
            // Truncation is rarer: it removes everything after its point.
            if mutation == .truncate, Int.random(in: 0..<3, using: &generator) != 0 { continue }
            apply(mutation, to: &body)
            applied.append(mutation)
        }
        return (header + body, applied)
    }

    private mutating func apply(_ mutation: Mutation, to body: inout [UInt8]) {
        switch mutation {
        case .deleteBytes:
            let start = Int.random(in: 0..<body.count, using: &generator)
            let length = min(Int.random(in: 1...5, using: &generator), body.count - start)
            body.removeSubrange(start..<(start + length))
        case .insertBytes:
            let at = Int.random(in: 0...body.count, using: &generator)
            let inserted = (0..<Int.random(in: 1...4, using: &generator)).map { _ in
                Self.palette.randomElement(using: &generator)!
            }
            body.insert(contentsOf: inserted, at: at)
        case .strayQuote:
            body.insert(UInt8(ascii: "\""), at: Int.random(in: 0...body.count, using: &generator))
        case .truncate:
            body.removeSubrange(Int.random(in: 0..<body.count, using: &generator)...)
        case .duplicateLine, .swapLines, .dropLine:
            var lines = Self.lines(body)
            guard !lines.isEmpty else { return }
            let first = Int.random(in: 0..<lines.count, using: &generator)
            switch mutation {
            case .duplicateLine:
                lines.insert(lines[first], at: Int.random(in: 0...lines.count, using: &generator))
            case .swapLines:
                lines.swapAt(first, Int.random(in: 0..<lines.count, using: &generator))
            default:
                lines.remove(at: first)
            }
            body = lines.flatMap { $0 }
        }
    }

    /// Physical lines, each with its `\n` (the last one may lack it).
    static func lines(_ bytes: [UInt8]) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var start = 0
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") {
            lines.append(Array(bytes[start...offset]))
            start = offset + 1
        }
        if start < bytes.count { lines.append(Array(bytes[start...])) }
        return lines
    }
}
