@testable import MemberLink
import Testing

@Suite("First pass: each booking's last record")
struct LastRecordTableTests {
    @Test("the last record of every booking is found, across table growth and bookings spread through the file")
    func lastOfEach() {
        var table = LastRecordTable()
        var expected = Set<Int>()
        // 20,000 bookings of 1 to 3 records; every 7th booking gets one more record much later.
        var sequence = 0
        var late: [(UInt64, Int)] = []
        for booking in 0..<20_000 {
            let fingerprint = UInt64(booking) &* 0x9E37_79B9_7F4A_7C15 ^ 0xABCD
            for _ in 0...(booking % 3) {
                table.note(fingerprint, sequence: sequence)
                sequence += 1
            }
            if booking % 7 == 0 { late.append((fingerprint, booking)) } else { expected.insert(sequence - 1) }
        }
        for (fingerprint, _) in late {
            table.note(fingerprint, sequence: sequence)
            expected.insert(sequence)
            sequence += 1
        }
        #expect(table.count == 20_000)
        let last = table.lastRecords()
        #expect((0..<sequence).filter { last.contains($0) } == expected.sorted())
        #expect(!last.contains(sequence) && !last.contains(-1))
    }
}
