#if canImport(Glibc)
    internal import Glibc
#elseif canImport(Darwin)
    internal import Darwin
#endif

extension UnsafeRawBufferPointer {
    /// Whether `other` holds the same bytes: one `memcmp`. (`elementsEqual` is generic over
    /// sequences: an iterator step per byte, a few hundred instructions for a short cell.)
    public func hasSameBytes(as other: UnsafeRawBufferPointer) -> Bool {
        count == other.count && (count == 0 || memcmp(baseAddress!, other.baseAddress!, count) == 0)
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether `other` holds the same bytes (see ``Swift/UnsafeRawBufferPointer/hasSameBytes(as:)``).
    public func hasSameBytes(as other: UnsafeBufferPointer<UInt8>) -> Bool {
        UnsafeRawBufferPointer(self).hasSameBytes(as: UnsafeRawBufferPointer(other))
    }
}
