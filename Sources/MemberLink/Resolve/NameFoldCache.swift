/// The folds of names already seen (``NameFolding/fold(_:)``), for the names that take the slow
/// path (non-ASCII: Unicode decomposition), which recur all night.
///
/// A direct-mapped table: a name has one slot, picked by a hash of its UTF-8 bytes; the name found
/// there with the same bytes gives its fold, any other name is folded and replaces it. Memory is
/// bounded by the table's size, and a fold found is exactly the one folding would give: two
/// spellings of one name (another Unicode form) are two names with the same fold. (A `Dictionary`
/// hashed each name with SipHash and compared through closures: about 480 instructions a lookup.)
struct NameFoldCache {
    /// The slot is the top `slotBits` bits of the name's mixed hash.
    private static let slotBits = 13
    static let slotCount = 1 << slotBits

    private var names: [String?]
    private var folds: [FoldedName]

    init() {
        names = Array(repeating: nil, count: Self.slotCount)
        folds = Array(repeating: FoldedName(bare: "", icao: ""), count: Self.slotCount)
    }

    /// The fold of `name`: the one kept for it, or `fold(name)`, then kept.
    mutating func fold(_ name: String, _ fold: (String) -> FoldedName) -> FoldedName {
        let slot = Self.slot(of: name)
        if let kept = names[slot], kept.hasSameUTF8(as: name) { return folds[slot] }
        let folded = fold(name)
        names[slot] = name
        folds[slot] = folded
        return folded
    }

    /// FNV-1a over the UTF-8 bytes, mixed by a multiplication so that the top bits depend on all
    /// of them.
    static func slot(of name: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        name.withUTF8Bytes { bytes in
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        }
        return Int(truncatingIfNeeded: (hash &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - slotBits))
    }
}
