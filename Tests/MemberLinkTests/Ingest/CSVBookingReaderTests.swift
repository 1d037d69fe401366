import RecordIO
import Testing

@testable import MemberLink

let canonicalHeader = "system,bookingCode,departureDate,index,passengerId,passengerType,givenName,surname"

func readRows(_ bytes: [UInt8], options: CSVInputOptions = CSVInputOptions(), chunkSize: Int = 1 << 20) throws
    -> [IngestedRow]
{
    let reader = try CSVBookingReader(
        source: MemoryByteSource(bytes, chunkSize: chunkSize), displayName: "partner.csv", options: options)
    var rows: [IngestedRow] = []
    while let row = try reader.next() { rows.append(row) }
    return rows
}

func readRows(_ text: String, options: CSVInputOptions = CSVInputOptions()) throws -> [IngestedRow] {
    try readRows(Array(text.utf8), options: options)
}

@Suite("CSV booking reader (CONTRACT §1.1)")
struct CSVBookingReaderTests {
    @Test("header names match in any case, unknown columns are ignored, values are trimmed")
    func headerMatching() throws {
        let rows = try readRows(
            "SYSTEM,BookingCode,departuredate,Index,passengerID,notes,passengerType,givenName,surname\n"
                + "VN, abc123 ,2026-12-01,1,PAX1,hello,ADT,An,Nguyen\n")
        guard case .record(let record, _) = try #require(rows.first) else {
            Issue.record("expected a record")
            return
        }
        #expect(record[.system] == "VN")
        #expect(record[.bookingCode] == "abc123")
        #expect(record[.passengerId] == "PAX1")
        #expect(record.location == SourceLocation(file: "partner.csv", line: 2))
    }

    @Test("pipeline renames map partner columns to canonical names")
    func renames() throws {
        let options = CSVInputOptions(
            delimiter: UInt8(ascii: ";"), renames: ["PNR": .bookingCode, "gds": .system, "PAX_NO": .index])
        let rows = try readRows(
            "GDS;pnr;departureDate;pax_no;passengerId;passengerType;givenName;surname\nVN;ABC123;2026-12-01;2;P2;CHD;Bi;Tran\n",
            options: options)
        guard case .record(let record, _) = try #require(rows.first) else {
            Issue.record("expected a record")
            return
        }
        #expect(record[.bookingCode] == "ABC123")
        #expect(record[.index] == "2")
    }

    @Test(
        "a header that lacks a required column or names one twice rejects the file before any record",
        arguments: [
            ("system,bookingCode,departureDate,index,passengerId,passengerType,givenName", ["surname"], [String]()),
            (canonicalHeader + ",BOOKINGCODE", [], ["bookingCode"]),
            (
                "system,departureDate,index,passengerId,passengerType,givenName,surname,system", ["bookingCode"],
                ["system"]
            ),
        ])
    func badHeader(header: String, missing: [String], repeated: [String]) throws {
        let error = try #require(throws: MemberLinkError.self) { try readRows(header + "\nVN,X\n") }
        #expect(error.code == .inputUnreadable)
        #expect(error.path == "partner.csv")
        #expect(error.line == 1)
        for name in missing + repeated { #expect(error.message.contains(name)) }
    }

    @Test("an empty file is rejected: a header is required")
    func emptyFile() throws {
        #expect(throws: MemberLinkError.self) { try readRows("") }
    }

    @Test("a row with the wrong number of fields is RECORD_MALFORMED and reading carries on")
    func wrongFieldCount() throws {
        let rows = try readRows(
            canonicalHeader + "\nVN,ABC123,2026-12-01,1,P1,ADT,An\nVN,ABC123,2026-12-01,2,P2,ADT,Bi,Tran\n")
        guard case .malformed(let malformed) = rows[0] else {
            Issue.record("expected malformed")
            return
        }
        #expect(malformed.location.line == 2)
        #expect(malformed.reason.contains("7 field(s)"))
        #expect(malformed.raw == Array("VN,ABC123,2026-12-01,1,P1,ADT,An\n".utf8))
        guard case .record(let record, _) = rows[1] else {
            Issue.record("expected a record")
            return
        }
        #expect(record.location.line == 3)
        #expect(rows.map(\.sequence) == [0, 1])
    }

    @Test("invalid UTF-8 is RECORD_MALFORMED under utf-8")
    func invalidUTF8() throws {
        let bytes =
            Array((canonicalHeader + "\nVN,ABC123,2026-12-01,1,P1,ADT,").utf8) + [0xC3, 0x28] + Array(",X\n".utf8)
        let rows = try readRows(bytes)
        guard case .malformed(let malformed) = rows[0] else {
            Issue.record("expected malformed")
            return
        }
        #expect(malformed.reason.contains("utf-8"))
    }

    @Test(
        "windows-1252 and latin1 are decoded",
        arguments: [
            (TextEncoding.windows1252, [0x4F, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6E] as [UInt8], "O\u{2019}Brien"),
            (TextEncoding.latin1, [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72] as [UInt8], "Müller"),
            (TextEncoding.windows1252, [0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72] as [UInt8], "Müller"),
        ])
    func legacyEncodings(encoding: TextEncoding, surname: [UInt8], expected: String) throws {
        let bytes = Array((canonicalHeader + "\nVN,ABC123,2026-12-01,1,P1,ADT,An,").utf8) + surname + [0x0A]
        let rows = try readRows(bytes, options: CSVInputOptions(encoding: encoding))
        guard case .record(let record, _) = rows[0] else {
            Issue.record("expected a record")
            return
        }
        #expect(record[.surname] == expected)
    }

    @Test("a byte that Windows-1252 leaves undefined makes the row malformed")
    func undefinedWindows1252() throws {
        let bytes = Array((canonicalHeader + "\nVN,ABC123,2026-12-01,1,P1,ADT,An,").utf8) + [0x81] + [0x0A]
        let rows = try readRows(bytes, options: CSVInputOptions(encoding: .windows1252))
        guard case .malformed = rows[0] else {
            Issue.record("expected malformed")
            return
        }
    }
}

/// Partner files of random rows over ``canonicalHeader``: mostly plain cells (ASCII, UTF-8 names,
/// empty, padded), some quoted (with a delimiter, a line break, an escaped quote), not UTF-8, with a
/// NUL, or a character cut by the delimiter; mostly eight cells, some seven or nine; LF, CRLF and
/// blank lines; a byte order mark on some. What two ways of reading rows are compared on.
func randomPartnerFiles(seed: UInt64, count: Int = 300) -> [[UInt8]] {
    var generator = SplitMix64(seed: seed)
    let plainCells: [[UInt8]] = [
        Array("1S".utf8), Array("1A".utf8), Array("abc123".utf8), Array("ABC123".utf8), Array(" S4PL00 ".utf8),
        Array("Nguyễn".utf8), Array("ÉTÉ42".utf8), [], Array("2027-01-08".utf8),
    ]
    let oddCells: [[UInt8]] = [
        Array("\"quoted, comma\"".utf8), Array("\"two\nlines\"".utf8), [0xFF], Array("x".utf8) + [0] + Array("y".utf8),
        Array("\"a\"\"b\"".utf8),
        // A character cut by the delimiter: the line is not UTF-8, its fields put together are.
        Array("ab".utf8) + [0xC3], [0xA9] + Array("cd".utf8),
    ]
    func cell() -> [UInt8] {
        let cells = generator.next() % 8 == 0 ? oddCells : plainCells
        return cells[Int(generator.next() % UInt64(cells.count))]
    }
    return (0..<count).map { round in
        var bytes: [UInt8] = round % 4 == 0 ? [0xEF, 0xBB, 0xBF] : []
        bytes += Array(canonicalHeader.utf8) + [0x0A]
        for _ in 0..<Int(generator.next() % 30) {
            let width = generator.next() % 6 == 0 ? 7 + 2 * Int(generator.next() % 2) : 8  // mostly 8, some 7 or 9
            let row = (0..<width).map { _ in cell() }
            bytes += Array(row.joined(separator: [0x2C]))
            bytes += generator.next() % 4 == 0 ? [0x0D, 0x0A] : generator.next() % 20 == 0 ? [0x0A, 0x0A] : [0x0A]
        }
        return bytes
    }
}

/// Reads each of ``randomPartnerFiles(seed:count:)`` at several chunk sizes, once in place
/// (`inPlace` true) and once tokenizing every row, with `read` (which sets the reader up and
/// describes every row it gives), expects the same rows both ways, and returns the rows read
/// tokenizing and how many of them the readers took in place.
func readPartnerFilesBothWays(
    seed: UInt64, _ read: (_ reader: CSVBookingReader, _ inPlace: Bool) throws -> (rows: [String], inPlace: Int)
) throws -> (rows: [String], inPlace: Int) {
    var all: [String] = []
    var inPlaceCount = 0
    for bytes in randomPartnerFiles(seed: seed) {
        for chunkSize in [1, 9, 4096] {
            func reader() throws -> CSVBookingReader {
                try CSVBookingReader(
                    source: MemoryByteSource(bytes, chunkSize: chunkSize), displayName: "partner.csv",
                    options: CSVInputOptions())
            }
            let inPlace = try read(reader(), true)
            let tokenized = try read(reader(), false)
            #expect(
                inPlace.rows == tokenized.rows,
                "chunk \(chunkSize): \(String(decoding: bytes, as: UTF8.self).debugDescription)")
            all += tokenized.rows
            inPlaceCount += inPlace.inPlace
        }
    }
    return (all, inPlaceCount)
}

extension CSVBookingReaderTests {
    /// The first pass reads plain one-line rows straight from the tokenizer's bytes
    /// (`CSVTokenizer.readPlainRow`); every other row, and any row it cannot decide, through a full
    /// row. Either way each row must give the booking fingerprint (or none, for a row the second
    /// pass rejects) that tokenizing every row gives.
    @Test("the first pass gives the same booking of every row whether it skims plain rows or not")
    func skimmingPlainRowsFindsTheSameBookings() throws {
        let (rows, inPlace) = try readPartnerFilesBothWays(seed: 1205) { reader, inPlace in
            reader.skimsPlainRows = inPlace
            var rows: [String] = []
            while let row = try reader.skim() {
                rows.append("\(row.sequence):\(row.bookingFingerprint.map { "\($0)" } ?? "none")")
            }
            return (rows, reader.rowsSkimmedInPlace)
        }
        let fingerprints = rows.filter { !$0.hasSuffix("none") }.count
        #expect(rows.count > 3_000)  // the comparison is not vacuous
        #expect(fingerprints > 1_000)  // and rows with a booking were among them
        // and, read in chunks of 4,096 bytes (a third of the reads), most were skimmed in place
        #expect(inPlace > fingerprints / 6)
    }

    /// The second pass makes the records of plain one-line rows from the tokenizer's bytes too.
    /// Every row must come out the same either way: the same record (fields, line, sequence) with
    /// the same raw bytes, or the same malformed row with the same reason.
    @Test("the second pass reads the same records whether it reads plain rows in place or not")
    func readingPlainRowsInPlaceMakesTheSameRecords() throws {
        let (rows, inPlace) = try readPartnerFilesBothWays(seed: 1206) { reader, inPlace in
            reader.readsPlainRowsInPlace = inPlace
            var rows: [String] = []
            while let row = try reader.next() {
                switch row {
                case .record(let record, let raw): rows.append("record \(record) \(raw)")
                case .malformed(let malformed): rows.append("malformed \(malformed)")
                }
            }
            return (rows, reader.rowsReadInPlace)
        }
        let records = rows.filter { $0.hasPrefix("record") }.count
        #expect(records > 1_000)  // the comparison is not vacuous
        #expect(inPlace > records / 6)  // and, in chunks of 4,096 bytes, most records were read in place
    }
}
