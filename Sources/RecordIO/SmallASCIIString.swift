/// `String(decoding: bytes, as: UTF8.self)`, the same string, made without the standard library's
/// general path when the bytes are ASCII and at most 15 of them: most fields of a record.
///
/// Such a string lives inside the `String` value itself (a "small string": the bytes, their count
/// and flags in its two words, no storage to allocate or count references to). The standard
/// library's decoding validates the bytes, then copies them through a path written for every size
/// and encoding: about 150 instructions for a date or a booking code, each of the 16 fields of every
/// record (callgrind). Here the bytes are copied into the two words and the ASCII check is one mask.
///
/// The two words are laid out as the Swift compiler itself lays out a short string literal in every
/// binary it builds (the standard library's `_StringObject`: bytes first, then the count and the
/// flags `small, ASCII` in the last byte), on a little-endian 64-bit target; elsewhere every string
/// is made by `String(decoding:as:)`. ``layoutMatchesStandardLibrary()`` compares the bits of
/// strings made here with the standard library's, for every length: the tests fail on a toolchain
/// that lays them out otherwise. (The same check once per process, kept in a lazily set global,
/// cost more than a quarter of what these strings save: on Linux each use of such a global is two
/// calls, callgrind counted 52M instructions per 100,000 CSV passengers against 185M saved.)
public enum SmallASCIIString {
    /// The longest string a `String` value holds in itself on a 64-bit target.
    @inlinable public static var maxCount: Int { 15 }

    /// `String(decoding: bytes, as: UTF8.self)`: equal, with the same bits, whatever the bytes.
    @inlinable
    public static func decodingUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        #if _endian(little) && _pointerBitWidth(_64)
            if bytes.count <= maxCount, let string = make(bytes) { return string }
        #endif
        return String(decoding: bytes, as: UTF8.self)
    }

    /// ``decodingUTF8(_:)-(UnsafeBufferPointer<UInt8>)`` of raw bytes.
    @inlinable
    public static func decodingUTF8(_ bytes: UnsafeRawBufferPointer) -> String {
        decodingUTF8(bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// The bytes of `string` when it is a small ASCII string (as ``decodingUTF8(_:)-(UnsafeBufferPointer<UInt8>)``
    /// makes them, and as short literals are): its two words, zero past its last byte, and its
    /// count. Nil for any other string (longer, not ASCII, or on another target): read it through
    /// its `utf8` view.
    @inlinable
    public static func words(of string: String) -> (leading: UInt64, trailing: UInt64, count: Int)? {
        #if _endian(little) && _pointerBitWidth(_64)
            let (leading, trailing) = unsafeBitCast(string, to: (UInt64, UInt64).self)
            guard trailing >> 60 == smallASCIIFlags >> 4 else { return nil }
            return (leading, trailing & 0x00FF_FFFF_FFFF_FFFF, Int(truncatingIfNeeded: (trailing >> 56) & 0x0F))
        #else
            return nil
        #endif
    }

    /// ``words(of:)`` of the string stored at `address`, read in place: no copy of it is made, so
    /// no reference is counted, whatever it holds. The caller keeps the string alive and
    /// unchanged while it reads.
    @inlinable @inline(__always)
    public static func words(ofStringAt address: UnsafePointer<String>) -> (
        leading: UInt64, trailing: UInt64, count: Int
    )? {
        smallWords(at: address, asciiOnly: true)
    }

    /// The two words and the count of the string stored at `address` when it is a small string,
    /// ASCII or not (``words(ofStringAt:)`` gives only ASCII ones), read in place; nil for any other.
    @inlinable @inline(__always)
    public static func words(ofSmallStringAt address: UnsafePointer<String>) -> (
        leading: UInt64, trailing: UInt64, count: Int
    )? {
        smallWords(at: address, asciiOnly: false)
    }

    /// The words of the small string (only an ASCII one when `asciiOnly`) stored at `address`,
    /// the flags taken off the second, and its count; nil for any other string.
    @usableFromInline @inline(__always)
    static func smallWords(at address: UnsafePointer<String>, asciiOnly: Bool) -> (
        leading: UInt64, trailing: UInt64, count: Int
    )? {
        #if _endian(little) && _pointerBitWidth(_64)
            let raw = UnsafeRawPointer(address)
            let trailing = raw.load(fromByteOffset: 8, as: UInt64.self)
            let isWanted = asciiOnly ? trailing >> 60 == smallASCIIFlags >> 4 : trailing & 1 << 61 != 0
            guard isWanted else { return nil }
            return (
                raw.load(as: UInt64.self), trailing & 0x00FF_FFFF_FFFF_FFFF,
                Int(truncatingIfNeeded: (trailing >> 56) & 0x0F)
            )
        #else
            return nil
        #endif
    }

    /// A copy of the string stored at `address`: a small string (ASCII or not) is rebuilt from its
    /// two words, with no call into the runtime; any other is copied as usual (its storage
    /// retained). Copying a `String` out of memory costs two runtime calls on Linux
    /// (`swift_bridgeObjectRetain`, then `swift_retain`), which do nothing for a small string but
    /// still run: about 14 instructions a copy.
    @inlinable @inline(__always)
    public static func copy(ofStringAt address: UnsafePointer<String>) -> String {
        #if _endian(little) && _pointerBitWidth(_64)
            let raw = UnsafeRawPointer(address)
            let trailing = raw.load(fromByteOffset: 8, as: UInt64.self)
            guard trailing & 1 << 61 != 0 else { return address.pointee }
            let leading = raw.load(as: UInt64.self)
            var string = ""  // immortal: overwriting it leaves nothing to release
            withUnsafeMutableBytes(of: &string) { bytes in
                bytes.storeBytes(of: leading, toByteOffset: 0, as: UInt64.self)
                bytes.storeBytes(of: trailing, toByteOffset: 8, as: UInt64.self)
            }
            return string
        #else
            return address.pointee
        #endif
    }

    /// Whether `string` lives in its own two words (a small string, ASCII or not): it holds no
    /// reference, so memory holding it may be freed without destroying it first. False for any
    /// other string, and on targets where the layout is not this one.
    @inlinable @inline(__always)
    public static func isSmall(_ string: String) -> Bool {
        #if _endian(little) && _pointerBitWidth(_64)
            return unsafeBitCast(string, to: (UInt64, UInt64).self).1 & 1 << 61 != 0
        #else
            return false
        #endif
    }

    /// Whether `left` and `right` hold the same bytes, decided on their bits when both are small
    /// strings (ASCII or not): a small string's two words are its bytes, zero past the last one,
    /// and flags and a count that follow from them, so the same bytes are the same bits. Nil when
    /// either is not small (or on another target): compare their bytes.
    @inlinable @inline(__always)
    public static func smallStringsMatch(_ left: String, _ right: String) -> Bool? {
        guard isSmall(left), isSmall(right) else { return nil }
        return unsafeBitCast(left, to: (UInt64, UInt64).self) == unsafeBitCast(right, to: (UInt64, UInt64).self)
    }

    /// The small string of `bytes` (at most ``maxCount``), or nil when a byte is not ASCII.
    ///
    /// The bytes are read with at most four loads that may overlap (never past the buffer), and
    /// the words are written into a `String` value in place: neither a call to copy them nor a
    /// reference count on the way out.
    @inlinable @inline(__always)
    static func make(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        let (leading, trailing) = words(bytes)
        guard (leading | trailing) & 0x8080_8080_8080_8080 == 0 else { return nil }
        var string = ""  // immortal: overwriting it leaves nothing to release
        withUnsafeMutableBytes(of: &string) { raw in
            raw.storeBytes(of: leading, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(
                of: trailing | (smallASCIIFlags | UInt64(bytes.count)) << 56, toByteOffset: 8, as: UInt64.self)
        }
        return string
    }

    /// The bytes (at most ``maxCount``) as two little-endian words, zero past the last byte.
    @inlinable @inline(__always)
    static func words(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { return (0, 0) }
        let raw = UnsafeRawPointer(base)
        if count >= 8 {
            let leading = raw.loadUnaligned(as: UInt64.self)
            guard count > 8 else { return (leading, 0) }
            // The last eight bytes, shifted down past the ones the leading word holds.
            let last = raw.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            return (leading, last >> UInt64(8 * (16 - count)))
        }
        if count >= 4 {
            // The first four and the last four, which overlap by the same bytes.
            let first = UInt64(raw.loadUnaligned(as: UInt32.self))
            let last = UInt64(raw.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self))
            return (first | last << UInt64(8 * (count - 4)), 0)
        }
        // One to three bytes: the first, the middle and the last (the same byte, where they meet).
        let middle = count >> 1
        let word =
            UInt64(base[0]) | UInt64(base[middle]) << UInt64(8 * middle)
            | UInt64(base[count - 1]) << UInt64(8 * (count - 1))
        return (word, 0)
    }

    /// `string` with `a`–`z` upper-cased, when it is a small ASCII string (nil for any other:
    /// upper-case it another way). The same value when it has no lower-case letter. Decided and
    /// changed on its two words: each lower-case byte loses 0x20, found by a comparison per byte
    /// within the word (no carry between bytes: at most 0x7F + 0x1F).
    @inlinable
    public static func uppercasedASCII(_ string: String) -> String? {
        guard let (leading, trailing, count) = words(of: string) else { return nil }
        let upperLeading = leading &- (lowerCaseBits(leading) >> 2)
        let upperTrailing = trailing &- (lowerCaseBits(trailing) >> 2)
        guard upperLeading != leading || upperTrailing != trailing else { return string }
        var upper = ""  // immortal: overwriting it leaves nothing to release
        withUnsafeMutableBytes(of: &upper) { raw in
            raw.storeBytes(of: upperLeading, toByteOffset: 0, as: UInt64.self)
            raw.storeBytes(
                of: upperTrailing | (smallASCIIFlags | UInt64(count)) << 56, toByteOffset: 8, as: UInt64.self)
        }
        return upper
    }

    /// The high bit of each byte of `word` (ASCII bytes) that is `a`–`z`.
    @inlinable @inline(__always)
    static func lowerCaseBits(_ word: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = word &+ ones &* 0x1F  // 0x61 + 0x1F = 0x80
        let pastZ = word &+ ones &* 0x05  // 0x7B + 0x05 = 0x80
        return atLeastA & ~pastZ & 0x8080_8080_8080_8080
    }

    /// The last byte of a small ASCII string's second word, less its count: `small`, `ASCII`,
    /// `immortal` (no storage behind it).
    @inlinable static var smallASCIIFlags: UInt64 { 0xE0 }

    /// Whether strings made here have exactly the bits the standard library gives the same bytes,
    /// for samples of every length (for the tests: a toolchain whose layout differs fails them).
    static func layoutMatchesStandardLibrary() -> Bool {
        guard MemoryLayout<String>.size == MemoryLayout<(UInt64, UInt64)>.size else { return false }
        let sample = Array("PAX-12_Z9@x.fr=".utf8)
        return (0...maxCount).allSatisfy { count in
            sample.withUnsafeBufferPointer { all in
                let bytes = UnsafeBufferPointer(rebasing: all[..<count])
                let standard = String(decoding: bytes, as: UTF8.self)
                guard let made = make(bytes) else { return false }
                let madeBits = unsafeBitCast(made, to: (UInt64, UInt64).self)
                let standardBits = unsafeBitCast(standard, to: (UInt64, UInt64).self)
                return madeBits == standardBits && made == standard && made.utf8.count == count
            }
        }
    }
}
