/// Country and authority codes accepted for documentNationality and documentIssueCountry
/// (CONTRACT §1.1, `COUNTRY_INVALID`): ISO 3166-1 alpha-3, plus the codes ICAO Doc 9303 Part 3
/// defines for travel documents that ISO 3166-1 does not have.
///
/// Codes are upper case only, as they are printed in a machine readable zone; `vnm` is not
/// accepted. Germany's ICAO code is the single letter `D` (the MRZ pads it as `D<<`; the
/// filler is not part of the code).
public enum Countries {
    /// True when `code` is an officially assigned ISO 3166-1 alpha-3 code or an ICAO 9303 code
    /// from ``icao9303``.
    public static func isValid(_ code: String) -> Bool {
        code.withUTF8Bytes { bytes in
            switch bytes.count {
            case 1:
                return bytes[0] == UInt8(ascii: "D")
            case 3:
                var key = 0
                for byte in bytes {
                    guard ASCII.isUpper(byte) else { return false }
                    key = key * 26 + Int(byte - UInt8(ascii: "A"))
                }
                return table[key]
            default:
                return false
            }
        }
    }

    /// The 249 officially assigned ISO 3166-1 alpha-3 codes, sorted.
    ///
    /// Origin: ISO 3166-1 as maintained by the ISO 3166 Maintenance Agency, taken from Debian's
    /// `iso-codes` package 4.15.0 (`/usr/share/iso-codes/json/iso_3166-1.json`, 249 entries)
    /// and checked against an independent transcription of the "officially assigned" list
    /// (FactBaseIO/factbase-data-open, `countries/iso-3166-1/currently-assigned`). Reserved
    /// codes and withdrawn ones (ISO 3166-3) are not included.
    public static let iso3166Alpha3: [String] = [
        "ABW", "AFG", "AGO", "AIA", "ALA", "ALB", "AND", "ARE", "ARG", "ARM", "ASM", "ATA", "ATF", "ATG", "AUS", "AUT",
        "AZE", "BDI", "BEL", "BEN", "BES", "BFA", "BGD", "BGR", "BHR", "BHS", "BIH", "BLM", "BLR", "BLZ", "BMU", "BOL",
        "BRA", "BRB", "BRN", "BTN", "BVT", "BWA", "CAF", "CAN", "CCK", "CHE", "CHL", "CHN", "CIV", "CMR", "COD", "COG",
        "COK", "COL", "COM", "CPV", "CRI", "CUB", "CUW", "CXR", "CYM", "CYP", "CZE", "DEU", "DJI", "DMA", "DNK", "DOM",
        "DZA", "ECU", "EGY", "ERI", "ESH", "ESP", "EST", "ETH", "FIN", "FJI", "FLK", "FRA", "FRO", "FSM", "GAB", "GBR",
        "GEO", "GGY", "GHA", "GIB", "GIN", "GLP", "GMB", "GNB", "GNQ", "GRC", "GRD", "GRL", "GTM", "GUF", "GUM", "GUY",
        "HKG", "HMD", "HND", "HRV", "HTI", "HUN", "IDN", "IMN", "IND", "IOT", "IRL", "IRN", "IRQ", "ISL", "ISR", "ITA",
        "JAM", "JEY", "JOR", "JPN", "KAZ", "KEN", "KGZ", "KHM", "KIR", "KNA", "KOR", "KWT", "LAO", "LBN", "LBR", "LBY",
        "LCA", "LIE", "LKA", "LSO", "LTU", "LUX", "LVA", "MAC", "MAF", "MAR", "MCO", "MDA", "MDG", "MDV", "MEX", "MHL",
        "MKD", "MLI", "MLT", "MMR", "MNE", "MNG", "MNP", "MOZ", "MRT", "MSR", "MTQ", "MUS", "MWI", "MYS", "MYT", "NAM",
        "NCL", "NER", "NFK", "NGA", "NIC", "NIU", "NLD", "NOR", "NPL", "NRU", "NZL", "OMN", "PAK", "PAN", "PCN", "PER",
        "PHL", "PLW", "PNG", "POL", "PRI", "PRK", "PRT", "PRY", "PSE", "PYF", "QAT", "REU", "ROU", "RUS", "RWA", "SAU",
        "SDN", "SEN", "SGP", "SGS", "SHN", "SJM", "SLB", "SLE", "SLV", "SMR", "SOM", "SPM", "SRB", "SSD", "STP", "SUR",
        "SVK", "SVN", "SWE", "SWZ", "SXM", "SYC", "SYR", "TCA", "TCD", "TGO", "THA", "TJK", "TKL", "TKM", "TLS", "TON",
        "TTO", "TUN", "TUR", "TUV", "TWN", "TZA", "UGA", "UKR", "UMI", "URY", "USA", "UZB", "VAT", "VCT", "VEN", "VGB",
        "VIR", "VNM", "VUT", "WLF", "WSM", "YEM", "ZAF", "ZMB", "ZWE",
    ]

    /// Codes of ICAO Doc 9303 Part 3 (8th edition, section 5, "Codes for nationality, place of
    /// birth, location of issuing State/authority and other purposes") that are not ISO 3166-1
    /// alpha-3 codes, by the part of that list that defines them.
    ///
    /// Origin: ICAO Doc 9303 Part 3 section 5, as transcribed table by table by two independent
    /// MRZ projects found with the code search (a Python generator and a VB.NET country table);
    /// they agree on parts A to E. Left out on purpose: part F, codes withdrawn from ISO 3166
    /// and kept for old documents (`ANT` Netherlands Antilles, `NTZ` Neutral Zone: no such
    /// document is still valid), part G, the specimen code `UTO` (Utopia: a specimen is not a
    /// travel document), and part H, `IAO` (ICAO itself, which signs master lists, not travel
    /// documents).
    public static let icao9303: [String] = [
        // Part A: Germany, the British nationality classes, Kosovo.
        "D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS",
        // Part B: reserved by the ISO 3166 Maintenance Agency for the European Union.
        "EUE",
        // Part C: United Nations travel documents (UN organisation, specialised agency, UNMIK).
        "UNO", "UNA", "UNK",
        // Part D: other issuing organisations: African Development Bank, African Export-Import
        // Bank, CARICOM, Council of Europe, COMESA, ECOWAS, INTERPOL, OECS, Parliamentary
        // Assembly of the Mediterranean, Sovereign Military Order of Malta, SADC.
        "XBA", "XIM", "XCC", "XCE", "XCO", "XEC", "XPO", "XES", "XMP", "XOM", "XDC",
        // Part E: stateless person, refugee (1951 Convention), refugee (other), unspecified.
        "XXA", "XXB", "XXC", "XXX",
    ]

    /// One flag per three-letter code `AAA`...`ZZZ` (26³ entries): a check is a few byte
    /// operations and one array read, with no hashing and no allocation.
    private static let table: [Bool] = {
        var table = [Bool](repeating: false, count: 26 * 26 * 26)
        for code in iso3166Alpha3 + icao9303 where code.utf8.count == 3 {
            let key = code.utf8.reduce(0) { $0 * 26 + Int($1 - UInt8(ascii: "A")) }
            table[key] = true
        }
        return table
    }()
}
