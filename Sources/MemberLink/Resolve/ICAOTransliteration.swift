/// The transliterations of ICAO Doc 9303 Part 3 (Machine Readable Travel Documents, section 6,
/// "Transliterations recommended for use by States") that canonical decomposition does not give.
///
/// Letters with a diacritic that decompose (É → E + acute) fold to their base letter and need no
/// entry; Ä, Ö, Ü (→ AE, OE, UE) and Å (→ AA) are handled from their combining mark by
/// ``NameFolding``. Where ICAO allows an alternative (Ñ → N or NXX, Ü → UE or UXX), the letter form
/// is used.
enum ICAOTransliteration {
    /// Latin letters without a canonical decomposition: (bare fold, ICAO fold), keyed by scalar.
    static let latin: [UInt32: (bare: String, icao: String)] = [
        0x00C6: ("AE", "AE"), 0x00E6: ("AE", "AE"),  // Æ æ
        0x00D8: ("O", "OE"), 0x00F8: ("O", "OE"),  // Ø ø
        0x0152: ("OE", "OE"), 0x0153: ("OE", "OE"),  // Œ œ
        0x00DF: ("SS", "SS"), 0x1E9E: ("SS", "SS"),  // ß ẞ
        0x00DE: ("TH", "TH"), 0x00FE: ("TH", "TH"),  // Þ þ
        0x00D0: ("D", "D"), 0x00F0: ("D", "D"),  // Ð ð
        0x0110: ("D", "D"), 0x0111: ("D", "D"),  // Đ đ
        0x0141: ("L", "L"), 0x0142: ("L", "L"),  // Ł ł
        0x013F: ("L", "L"), 0x0140: ("L", "L"),  // Ŀ ŀ
        0x0126: ("H", "H"), 0x0127: ("H", "H"),  // Ħ ħ
        0x0131: ("I", "I"),  // ı (dotless i)
        0x0166: ("T", "T"), 0x0167: ("T", "T"),  // Ŧ ŧ
        0x014A: ("N", "N"), 0x014B: ("N", "N"),  // Ŋ ŋ
        0x0132: ("IJ", "IJ"), 0x0133: ("IJ", "IJ"),  // Ĳ ĳ
    ]

    /// Cyrillic capital letters after decomposition (Й is И + breve, Ё is Е + diaeresis), to Latin.
    static let cyrillic: [UInt32: String] = [
        0x0410: "A", 0x0411: "B", 0x0412: "V", 0x0413: "G", 0x0490: "G", 0x0414: "D", 0x0402: "D",
        0x0415: "E", 0x0404: "IE", 0x0416: "ZH", 0x0417: "Z", 0x0405: "DZ", 0x0418: "I", 0x0406: "I",
        0x0408: "J", 0x041A: "K", 0x041B: "L", 0x0409: "LJ", 0x041C: "M", 0x041D: "N", 0x040A: "NJ",
        0x041E: "O", 0x041F: "P", 0x0420: "R", 0x0421: "S", 0x0422: "T", 0x040B: "C", 0x0423: "U",
        0x0424: "F", 0x0425: "KH", 0x0426: "TS", 0x0427: "CH", 0x040F: "DZ", 0x0428: "SH", 0x0429: "SHCH",
        0x042A: "IE", 0x042B: "Y", 0x042C: "", 0x042D: "E", 0x042E: "IU", 0x042F: "IA",
    ]
}
