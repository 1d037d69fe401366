import Testing

@testable import MemberLink

/// CONTRACT §1.1: records with the same system and booking code, compared case-insensitively, are
/// one booking; the window hands a booking over whole when its last record (from the first pass)
/// arrives, whatever the records of other bookings between.
@Suite("Booking window: a booking's records together, complete at its last record")
struct BookingWindowTests {
    /// Adds records given as (system, booking code), the records at `last` being their booking's
    /// last; returns each completed booking as the sequences of its records.
    static func completed(_ records: [(String, String)], last: Set<Int>) -> [[Int]] {
        var lastRecords = RecordSet()
        for sequence in last { lastRecords.insert(sequence) }
        var window = BookingWindow(lastRecords: lastRecords)
        var bookings: [[Int]] = []
        for (sequence, (system, code)) in records.enumerated() {
            var record = PassengerRecord(
                location: SourceLocation(fileNumber: 0, line: sequence + 2), sequence: sequence)
            record[.system] = system
            record[.bookingCode] = code
            if let complete = window.add(BookingWindow.Entry(record: record, raw: [], errors: [])) {
                bookings.append(complete.map(\.record.sequence))
            }
        }
        #expect(window.openBookings == 0)
        return bookings
    }

    @Test("interleaved bookings, spelled in other cases, each whole at its last record")
    func interleavedAndCases() {
        let bookings = Self.completed(
            [("1A", "ABC123"), ("1S", "ABC123"), ("1a", "abc123"), ("1A", "XYZ9"), ("1A", "Abc123"), ("1S", "abc123")],
            last: [3, 4, 5])
        #expect(bookings == [[3], [0, 2, 4], [1, 5]])
    }

    @Test("the same code in another Unicode form is the same booking (composed and decomposed, Kelvin sign and K)")
    func unicodeForms() {
        let bookings = Self.completed(
            [("1A", "ÀB1"), ("1A", "A\u{300}B1"), ("1A", "K7QW2M"), ("1A", "\u{212A}7QW2M"), ("1A", "à\u{0}")],
            last: [1, 3, 4])
        #expect(bookings == [[0, 1], [2, 3], [4]])
        #expect(
            BookingWindow.keyHash(system: "1A", bookingCode: "\u{212A}7qw2m")
                == BookingWindow.keyHash(system: "1a", bookingCode: "K7QW2M"))
    }
}
