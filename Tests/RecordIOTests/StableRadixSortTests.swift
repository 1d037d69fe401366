import Testing

@testable import RecordIO

@Suite("StableRadixSort: a comparison sort's order, equal keys in the order they came")
struct StableRadixSortTests {
    @Test(
        "random keys, many equal, many sharing their high bytes, any count",
        arguments: [0, 1, 2, 3, 255, 256, 1000, 70_000])
    func sameAsComparisonSort(count: Int) {
        var generator = SplitMix64(seed: 2026_12_07_5 &+ UInt64(count))
        // Keys from a few high-byte prefixes (passes that every key agrees on are skipped), a few
        // values repeated, and the extremes.
        let prefixes: [UInt64] = [0, 0x3141_0000_0000_0000, 0xFFFF_0000_0000_0000, 0x8000_0000_0000_0000]
        var items: [(key: UInt64, position: Int)] = (0..<count).map { position in
            let key: UInt64
            switch generator.next() % 4 {
            case 0: key = prefixes[Int(generator.next() % 4)] | (generator.next() & 0xFFFF)
            case 1: key = generator.next() % 5
            case 2: key = [UInt64.min, .max, 1 << 63][Int(generator.next() % 3)]
            default: key = generator.next()
            }
            return (key, position)
        }
        let expected = items.sorted { $0.key != $1.key ? $0.key < $1.key : $0.position < $1.position }
        StableRadixSort.sort(&items) { $0.key }
        #expect(items.map(\.key) == expected.map(\.key))
        #expect(items.map(\.position) == expected.map(\.position))
    }

    @Test("keys that agree on every byte leave the items as they were")
    func allEqual() {
        var items = (0..<1000).map { (key: UInt64(0x1234_5678_9ABC_DEF0), position: $0) }
        StableRadixSort.sort(&items) { $0.key }
        #expect(items.map(\.position) == Array(0..<1000))
    }
}
