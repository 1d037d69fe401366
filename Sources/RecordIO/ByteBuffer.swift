/// Bytes appended at the end of memory of their own, the capacity doubling when they do not fit:
/// what the hot paths (output lines, CSV fields, XML event batches) use instead of `[UInt8]`,
/// whose appends check uniqueness and capacity through generic code (70–90 instructions a call).
///
/// Not copyable: one owner, which frees the memory. A type that needs to share one (a row, a
/// batch, a line) holds it in a class and copies it explicitly (``copy()``).
public struct ByteBuffer: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<UInt8>
    @usableFromInline var used = 0
    @usableFromInline var capacity: Int

    public init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// How many bytes it holds.
    @inlinable public var count: Int { used }

    /// The bytes it holds, valid until it next changes.
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: used) }

    /// Where `additional` more bytes go, the memory grown when they do not fit: the caller writes
    /// them there, then counts them with ``extend(by:)``.
    @inlinable
    public mutating func reserve(_ additional: Int) -> UnsafeMutablePointer<UInt8> {
        if used + additional > capacity { grow(to: used + additional) }
        return base + used
    }

    /// Counts `written` bytes written where ``reserve(_:)`` said.
    @inlinable
    public mutating func extend(by written: Int) {
        used += written
    }

    @inlinable
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(reserve(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
    }

    @inlinable
    public mutating func append(_ byte: UInt8) {
        reserve(1).initialize(to: byte)
        used += 1
    }

    /// Keeps the first `newCount` bytes.
    public mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= used, "ByteBuffer.truncate beyond its bytes")
        used = newCount
    }

    /// A buffer of its own with the same bytes and capacity.
    public func copy() -> ByteBuffer {
        var copy = ByteBuffer(capacity: capacity)
        copy.base.initialize(from: base, count: used)
        copy.used = used
        return copy
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: used)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}
