/// Values appended at the end of memory of their own, the capacity doubling when they do not fit:
/// what the hot paths (output lines, CSV fields, XML event batches) use instead of `Array`, whose
/// appends check uniqueness and capacity through generic code (70–90 instructions a call).
///
/// Not copyable: one owner, which frees the memory. A type that needs to share one (a row, a
/// batch, a line) holds it in a class and copies it explicitly (``copy()``).
public struct GrowableBuffer<Element: BitwiseCopyable>: ~Copyable {
    @usableFromInline var base: UnsafeMutablePointer<Element>
    @usableFromInline var used = 0
    @usableFromInline var capacity: Int

    public init(capacity: Int) {
        self.capacity = Swift.max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// How many values it holds.
    @inlinable public var count: Int { used }

    /// The values it holds, valid until it next changes.
    @inlinable public var elements: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: used) }

    /// Where `additional` more values go, the memory grown when they do not fit: the caller writes
    /// them there, then counts them with ``extend(by:)``.
    @inlinable
    public mutating func reserve(_ additional: Int) -> UnsafeMutablePointer<Element> {
        if used + additional > capacity { grow(to: used + additional) }
        return base + used
    }

    /// Counts `written` values written where ``reserve(_:)`` said.
    @inlinable
    public mutating func extend(by written: Int) {
        used += written
    }

    @inlinable
    public mutating func append(_ element: Element) {
        reserve(1).initialize(to: element)
        used += 1
    }

    /// The last value, if any.
    @inlinable public var last: Element? { used > 0 ? base[used - 1] : nil }

    /// Removes and returns the last value, if any.
    @inlinable
    public mutating func popLast() -> Element? {
        guard used > 0 else { return nil }
        used -= 1
        return base[used]
    }

    public mutating func append(contentsOf values: UnsafeBufferPointer<Element>) {
        guard let source = values.baseAddress, values.count > 0 else { return }
        reserve(values.count).initialize(from: source, count: values.count)
        used += values.count
    }

    /// The values it holds, to change in place; valid until it next grows.
    @inlinable public var mutableElements: UnsafeMutableBufferPointer<Element> {
        UnsafeMutableBufferPointer(start: base, count: used)
    }

    /// Keeps the first `newCount` values.
    public mutating func truncate(to newCount: Int) {
        precondition(newCount >= 0 && newCount <= used, "GrowableBuffer.truncate beyond its values")
        used = newCount
    }

    /// A buffer of its own with the same values and capacity.
    public func copy() -> GrowableBuffer {
        var copy = GrowableBuffer(capacity: capacity)
        copy.base.initialize(from: base, count: used)
        copy.used = used
        return copy
    }

    @usableFromInline
    mutating func grow(to needed: Int) {
        var newCapacity = capacity * 2
        while newCapacity < needed { newCapacity *= 2 }
        let grown = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        grown.initialize(from: base, count: used)
        base.deallocate()
        base = grown
        capacity = newCapacity
    }
}

/// Bytes appended at the end of memory of their own (see ``GrowableBuffer``).
public typealias ByteBuffer = GrowableBuffer<UInt8>

extension GrowableBuffer where Element == UInt8 {
    /// The bytes it holds, valid until it next changes.
    @inlinable public var bytes: UnsafeBufferPointer<UInt8> { elements }

    @inlinable
    public mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        UnsafeMutableRawPointer(reserve(bytes.count)).copyMemory(from: source, byteCount: bytes.count)
        used += bytes.count
    }

    /// Appends the bytes of a short ASCII string held in its two words
    /// (``SmallASCIIString/words(of:)``): two eight-byte stores, of which `count` bytes are kept.
    @inlinable @inline(__always)
    public mutating func append(smallASCII words: (leading: UInt64, trailing: UInt64, count: Int)) {
        let target = UnsafeMutableRawPointer(reserve(16))
        target.storeBytes(of: words.leading, as: UInt64.self)
        target.storeBytes(of: words.trailing, toByteOffset: 8, as: UInt64.self)
        used += words.count
    }
}
