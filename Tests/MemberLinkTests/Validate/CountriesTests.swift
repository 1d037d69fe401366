import Testing

@testable import MemberLink

@Suite struct CountriesTests {
    @Test(arguments: [
        "VNM", "FRA", "DEU", "GBR", "USA", "NAM", "SSD", "BES", "CUW", "SXM", "PSE", "TWN", "ALA", "ATA",
        // ICAO Doc 9303 Part 3 codes.
        "D", "GBD", "GBN", "GBO", "GBP", "GBS", "RKS", "EUE", "UNO", "UNA", "UNK", "XXA", "XXB", "XXC",
        "XXX", "XOM", "XPO", "XCC", "XBA", "XIM", "XCE", "XCO", "XEC", "XES", "XMP", "XDC",
    ])
    func acceptedCodes(code: String) {
        #expect(Countries.isValid(code))
    }

    @Test(arguments: [
        "ZZZ", "vnm", "Vnm", "VN", "DE", "D<<", "d", "E", "VNMX", "", "ANT", "NTZ", "UTO", "IAO", "SUN", "YUG",
        "XKX", "EUR", "V N", "ÄÄÄ", "12A",
    ])
    func rejectedCodes(code: String) {
        #expect(!Countries.isValid(code))
    }

    @Test func tablesAreComplete() {
        #expect(Countries.iso3166Alpha3.count == 249)
        #expect(Set(Countries.iso3166Alpha3).count == 249)
        #expect(Countries.iso3166Alpha3 == Countries.iso3166Alpha3.sorted())
        #expect(Set(Countries.icao9303).isDisjoint(with: Countries.iso3166Alpha3))
        for code in Countries.iso3166Alpha3 + Countries.icao9303 {
            #expect(Countries.isValid(code), "\(code)")
        }
    }
}
