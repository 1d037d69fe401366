import Testing

@testable import RecordIO

@Suite("HugePageMemory")
struct HugePageMemoryTests {
    @Test("a large table's memory starts on a huge page, is zeroed, writable to its last byte, and as large as asked")
    func largeTable() throws {
        let size = HugePageMemory.threshold * 2 + 12_345
        let memory = try #require(HugePageMemory.allocate(byteCount: size))
        defer { HugePageMemory.deallocate(memory) }
        #expect(memory.count == size)
        #expect(UInt(bitPattern: memory.baseAddress) % UInt(HugePageMemory.hugePageSize) == 0)
        #expect(memory.allSatisfy { $0 == 0 })
        memory[0] = 1
        memory[size - 1] = 2
        #expect(memory[0] == 1 && memory[size - 1] == 2)
    }

    @Test("a small one and an empty one work the same way")
    func smallAndEmpty() throws {
        let small = try #require(HugePageMemory.allocate(byteCount: 100))
        defer { HugePageMemory.deallocate(small) }
        #expect(small.count == 100 && small.allSatisfy { $0 == 0 })
        small[99] = 7
        #expect(small[99] == 7)
        let empty = try #require(HugePageMemory.allocate(byteCount: 0))
        #expect(empty.isEmpty)
        HugePageMemory.deallocate(empty)
    }
}
