/// A stable sort on a 64-bit key: eight passes of one byte each, from the lowest, each counting
/// the bytes and then moving every element once (against about twenty levels of a comparison sort
/// for a million elements). A pass whose byte is the same in every key moves nothing and is
/// skipped: keys that share their high bytes (a merge order's booking system) take fewer passes.
public enum StableRadixSort {
    /// Sorts `items` by `key`, keeping the order of items whose keys are equal.
    @inlinable
    public static func sort<Element>(_ items: inout [Element], by key: (Element) -> UInt64) {
        let count = items.count
        guard count > 1 else { return }
        var other = items  // room for each pass's result (a copy, made once)
        var counts = [Int](repeating: 0, count: 256)
        for pass in 0..<8 {
            let shift = UInt64(8 * pass)
            var moved = false
            items.withUnsafeBufferPointer { source in
                other.withUnsafeMutableBufferPointer { target in
                    counts.withUnsafeMutableBufferPointer { counts in
                        for index in 0..<256 { counts[index] = 0 }
                        for item in source { counts[Int(truncatingIfNeeded: key(item) >> shift) & 0xFF] += 1 }
                        guard counts[Int(truncatingIfNeeded: key(source[0]) >> shift) & 0xFF] < count else { return }
                        var total = 0
                        for index in 0..<256 {
                            let bucket = counts[index]
                            counts[index] = total
                            total += bucket
                        }
                        for item in source {
                            let digit = Int(truncatingIfNeeded: key(item) >> shift) & 0xFF
                            target[counts[digit]] = item
                            counts[digit] += 1
                        }
                        moved = true
                    }
                }
            }
            if moved { swap(&items, &other) }
        }
    }
}
