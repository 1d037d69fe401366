#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Memory for a large table read at random (a lookup file's slots read in by ``HashedRecordFile``,
/// the first pass's table of bookings): mapped anonymous memory that the kernel is asked to back
/// with huge pages (2 MB on x86-64) where transparent huge pages are enabled only on request
/// (`madvise`, the default of many distributions). A random probe into tens of megabytes of 4 KB
/// pages misses the TLB nearly every time, and in a virtual machine each miss walks two sets of
/// page tables.
///
/// The memory is zeroed, as any fresh mapping. Give it back with ``deallocate(_:)``.
public enum HugePageMemory {
    /// Huge pages are asked for from this size on: a smaller table takes few enough 4 KB pages
    /// that the TLB holds most of them, and whole huge pages would be mostly waste.
    static let threshold = 4 << 20
    static let hugePageSize = 2 << 20

    /// `byteCount` bytes of zeroed memory, aligned to a huge page when large enough to use them;
    /// nil when the system has no memory to give.
    public static func allocate(byteCount: Int) -> UnsafeMutableRawBufferPointer? {
        guard byteCount > 0 else { return UnsafeMutableRawBufferPointer(start: nil, count: 0) }
        let mapped = mappedSize(byteCount)
        guard byteCount >= threshold else { return map(mapped).map { .init(start: $0, count: byteCount) } }
        // A huge page more than needed, then the ends cut off: the table starts on a huge page
        // (recent kernels align large mappings themselves; older ones may not).
        guard let region = map(mapped + hugePageSize) else { return nil }
        let address = UInt(bitPattern: region)
        let aligned = (address + UInt(hugePageSize) - 1) / UInt(hugePageSize) * UInt(hugePageSize)
        let head = Int(aligned - address)
        if head > 0 { munmap(region, head) }
        if hugePageSize - head > 0 { munmap(region + head + mapped, hugePageSize - head) }
        let base = region + head
        #if os(Linux)
            _ = madvise(base, mapped, MADV_HUGEPAGE)  // advice: without it the table works the same
        #endif
        return UnsafeMutableRawBufferPointer(start: base, count: byteCount)
    }

    /// Gives back memory from ``allocate(byteCount:)``.
    public static func deallocate(_ memory: UnsafeMutableRawBufferPointer) {
        guard let base = memory.baseAddress else { return }
        munmap(base, mappedSize(memory.count))
    }

    private static func map(_ size: Int) -> UnsafeMutableRawPointer? {
        guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
            base != MAP_FAILED
        else { return nil }
        return base
    }

    /// The size mapped for `byteCount` bytes: whole huge pages for a table that asks for them.
    private static func mappedSize(_ byteCount: Int) -> Int {
        let unit = byteCount >= threshold ? hugePageSize : Int(getpagesize())
        return (byteCount + unit - 1) / unit * unit
    }
}
