import RecordIO
import Testing

@testable import MemberLink

@Suite("XML parsed on a thread of its own")
struct XMLParseAheadTests {
    /// Rows read to the end or to the error, and the error's text.
    private func read(_ text: String, parseAhead: Bool) -> (rows: [IngestedRow], error: String?) {
        var rows: [IngestedRow] = []
        do {
            let reader = try XMLBookingReader(
                source: MemoryByteSource(text, chunkSize: 97), displayName: "partner.xml", parseAhead: parseAhead)
            while let row = try reader.next() { rows.append(row) }
            return (rows, nil)
        } catch {
            return (rows, "\(error)")
        }
    }

    private static let manyPassengers: String = {
        var text = "<bookings>\n"
        for booking in 0..<3_000 {
            text += "<booking system=\"VN\" bookingCode=\"B\(booking)\" departureDate=\"2026-12-01\">\n"
            text += "  <passenger index=\"1\" passengerId=\"P\(booking)\"><givenName>An</givenName>"
            text += "<surname>Nguyen</surname></passenger>\n</booking>\n"
        }
        return text + "</bookings>\n"
    }()

    @Test("the same rows as on one thread, in the same order, over thousands of events")
    func sameRows() {
        let oneThread = read(Self.manyPassengers, parseAhead: false)
        let twoThreads = read(Self.manyPassengers, parseAhead: true)
        #expect(oneThread.error == nil && twoThreads.error == nil)
        #expect(twoThreads.rows.count == 3_000)
        #expect(twoThreads.rows.map(\.passengerRecord) == oneThread.rows.map(\.passengerRecord))
    }

    @Test("a document broken midway: the rows before it, then the same error")
    func errorAfterRows() {
        let broken = String(Self.manyPassengers.prefix(60_000)) + "<passenger></booking>"
        let oneThread = read(broken, parseAhead: false)
        let twoThreads = read(broken, parseAhead: true)
        #expect(oneThread.error != nil)
        #expect(twoThreads.error == oneThread.error)
        #expect(twoThreads.rows.map(\.passengerRecord) == oneThread.rows.map(\.passengerRecord))
        #expect(twoThreads.rows.count > 100)
    }

    @Test("a reader dropped before the end stops its parsing thread")
    func droppedEarly() throws {
        let reader = try XMLBookingReader(
            source: MemoryByteSource(Self.manyPassengers, chunkSize: 97), displayName: "partner.xml", parseAhead: true)
        #expect(try reader.next() != nil)
        // Going out of scope joins the thread; a thread left blocked would hang the test run.
    }
}
