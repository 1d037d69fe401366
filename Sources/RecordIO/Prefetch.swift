internal import CByteScan

/// Bringing memory into the cache ahead of its use: what a loop that probes a large table at
/// random uses to wait for several cache misses at once instead of one after the other.
public enum Prefetch {
    /// Starts loading the cache line at `address` for reading, and returns at once. Only a hint:
    /// any address may be given, a bad one is ignored.
    @inline(__always)
    public static func forReading(_ address: UnsafeRawPointer) {
        memberlink_prefetch(address)
    }
}
