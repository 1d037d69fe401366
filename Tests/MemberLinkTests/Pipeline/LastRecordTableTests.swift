import Testing

@testable import MemberLink

@Suite("First pass: each booking's last record")
struct LastRecordTableTests {
    @Test("the last record of every booking is found, across table growth and bookings spread through the file")
    func lastOfEach() {
        let table = LastRecordTable()
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

    @Test("a table grown onto huge pages keeps every booking, fingerprint 0 included")
    func largeTable() {
        let table = LastRecordTable()
        let bookings = 400_000  // 2^20 slots of 12 bytes: past HugePageMemory's threshold
        for booking in 0..<bookings { table.note(UInt64(booking) &* 0x2545_F491_4F6C_DD1D, sequence: 2 * booking) }
        for booking in stride(from: 0, to: bookings, by: 3) {
            table.note(UInt64(booking) &* 0x2545_F491_4F6C_DD1D, sequence: 2 * booking + 1)
        }
        #expect(table.count == bookings)
        #expect(table.capacity * LastRecordTable.slotSize >= 4 << 20)
        let last = table.lastRecords()
        let expected = (0..<bookings).map { 2 * $0 + ($0 % 3 == 0 ? 1 : 0) }
        #expect((0..<2 * bookings).filter { last.contains($0) } == expected)
    }

    @Test("past its memory bound the finder spills to temporary files and finds the same last records")
    func spilled() throws {
        let table = LastRecordTable()
        var finder = LastRecordFinder(maxSlots: 64, partitionCount: 4)
        var small = LastRecordFinder(maxSlots: 1 << 22)
        // 5,000 bookings, records spread through the file: each booking's records are far apart.
        var generator = SystemRandomNumberGenerator()
        let bookings = (0..<20_000).map { _ in UInt64.random(in: 0..<5_000, using: &generator) &* 0x2545_F491_4F6C_DD1D
        }
        for (sequence, fingerprint) in bookings.enumerated() {
            table.note(fingerprint, sequence: sequence)
            try finder.note(fingerprint, sequence: sequence)
            try small.note(fingerprint, sequence: sequence)
        }
        #expect(finder.hasSpilled)
        #expect(!small.hasSpilled)
        let expected = table.lastRecords()
        #expect(try finder.lastRecords() == expected)
        #expect(try small.lastRecords() == expected)
        var lastOf: [UInt64: Int] = [:]
        for (sequence, fingerprint) in bookings.enumerated() { lastOf[fingerprint] = sequence }
        #expect((0..<bookings.count).filter { expected.contains($0) } == lastOf.values.sorted())
    }

    @Test("a table made for n bookings takes them without growing, and one hashing otherwise takes them in any order")
    func presized() {
        let source = LastRecordTable()
        for booking in 0..<50_000 { source.note(UInt64(booking) &* 0x2545_F491_4F6C_DD1D, sequence: booking) }
        // The spill writes pairs in slot order; a partition's table reads them back in that order.
        var pairs: [(UInt64, UInt32)] = []
        source.forEach { pairs.append(($0, $1)) }
        let table = LastRecordTable(minimumCapacity: pairs.count)
        let capacity = table.capacity
        #expect(capacity * 7 >= (pairs.count + 1) * 10)
        for (fingerprint, value) in pairs { table.note(fingerprint, sequence: Int(value) - 1) }
        #expect(table.capacity == capacity)
        #expect(table.lastRecords() == source.lastRecords())
        #expect(LastRecordTable(minimumCapacity: 0).capacity == 1 << 12)
        // A partition's table hashes otherwise: fed the same order from a small start, it grows.
        let grown = LastRecordTable(hashMultiplier: LastRecordTable.partitionMultiplier)
        for (fingerprint, value) in pairs { grown.note(fingerprint, sequence: Int(value) - 1) }
        #expect(grown.capacity > 1 << 12)
        #expect(grown.lastRecords() == source.lastRecords())
    }
}
