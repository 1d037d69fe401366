/// A name reduced for comparison (CONTRACT §2 step 5): upper-case letters only, in two spellings.
///
/// - ``bare``: diacritics stripped, letters without a decomposition spelled out
///   (`Müller` → `MULLER`, `Øster` → `OSTER`, `Straße` → `STRASSE`, `Þór` → `THOR`).
/// - ``icao``: the transliteration of ICAO Doc 9303 Part 3 (`Müller` → `MUELLER`,
///   `Øster` → `OESTER`, `Åse` → `AASE`, `Иванов` → `IVANOV`).
///
/// For a name in plain ASCII letters both are the same.
public struct FoldedName: Sendable, Hashable {
    public var bare: String
    public var icao: String

    public init(bare: String, icao: String) {
        self.bare = bare
        self.icao = icao
    }

    /// True when neither spelling has a letter (the name had none).
    public var isEmpty: Bool { bare.isEmpty && icao.isEmpty }
}
