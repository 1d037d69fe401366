internal import CReadRing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Batches of reads from one file made with one system call (Linux's io_uring, through
/// `CReadRing`), where a `pread` each would enter and leave the kernel once per read: about 0.5 µs
/// of a 1.9 µs random read of a member record on this project's machine in a slow hour
/// (`Benchmarks/README.md`). The kernel still finds and copies each read's bytes; only the calls
/// are saved.
///
/// ``make(entries:stride:)`` is nil where the system has no io_uring or refuses it (an older
/// kernel, a container's seccomp filter, `kernel.io_uring_disabled`, `MEMBERLINK_READ_RING=0` in
/// the environment): a caller then reads one `pread` at a time, as it would without a ring. Used
/// by one thread at a time.
public final class ReadRing {
    private let ring: OpaquePointer
    /// The most reads a batch takes.
    public let entries: Int
    /// The most bytes a read takes.
    public let stride: Int
    private let offsets: UnsafeMutableBufferPointer<UInt64>
    private let lengths: UnsafeMutableBufferPointer<UInt32>
    private let results: UnsafeMutableBufferPointer<Int32>
    /// Where the reads land, read `i` at `i * stride` (the ring's memory).
    private let buffers: UnsafeMutableRawPointer

    /// A ring for batches of up to `entries` reads (a power of two, at most 4096) of up to `stride`
    /// bytes each, or nil when the system gives none.
    public static func make(entries: Int, stride: Int) -> ReadRing? {
        guard !isTurnedOff(setting: getenv("MEMBERLINK_READ_RING").map { String(cString: $0) }), entries > 0,
            entries <= 4096, entries & (entries - 1) == 0, stride > 0, stride <= Int(UInt32.max),
            let ring = memberlink_read_ring_create(UInt32(entries), UInt32(stride))
        else { return nil }
        return ReadRing(ring: ring, entries: entries, stride: stride)
    }

    /// Whether `MEMBERLINK_READ_RING`'s value (nil when unset) turns rings off: `0`, `no`, `off`
    /// or `false`, for a system whose io_uring misbehaves.
    static func isTurnedOff(setting: String?) -> Bool {
        guard let setting else { return false }
        return ["0", "no", "off", "false"].contains(setting.lowercased())
    }

    private init(ring: OpaquePointer, entries: Int, stride: Int) {
        self.ring = ring
        self.entries = entries
        self.stride = stride
        buffers = UnsafeMutableRawPointer(memberlink_read_ring_buffer(ring, 0))
        offsets = .allocate(capacity: entries)
        offsets.initialize(repeating: 0)
        lengths = .allocate(capacity: entries)
        lengths.initialize(repeating: 0)
        results = .allocate(capacity: entries)
        results.initialize(repeating: -1)
    }

    deinit {
        memberlink_read_ring_destroy(ring)
        offsets.deallocate()
        lengths.deallocate()
        results.deallocate()
    }

    /// Sets read `index` of the next batch: `length` bytes (at most ``stride``) at `offset`.
    @inline(__always)
    public func setRead(_ index: Int, offset: UInt64, length: Int) {
        precondition(index >= 0 && index < entries && length >= 0 && length <= stride, "a read the ring takes")
        offsets[index] = offset
        lengths[index] = UInt32(truncatingIfNeeded: length)
    }

    /// Registers the file open as `descriptor` with the ring (once), so that its reads skip the
    /// kernel's look-up of the descriptor: about 0.1 µs of a 1.4 µs read of a member record
    /// (`Benchmarks/README.md`). The ring then holds the file open until it is freed, and takes a
    /// later read of the same descriptor number for a read of that file: register only a
    /// descriptor that stays open as long as the ring. Returns false when the kernel refuses it;
    /// reads still work, unregistered.
    @discardableResult
    public func registerFile(descriptor: Int32) -> Bool {
        memberlink_read_ring_register_file(ring, descriptor) == 0
    }

    /// Reads the first `count` reads set by ``setRead(_:offset:length:)`` from the file open as
    /// `descriptor`, all with one system call. Returns false when the ring failed (it then refuses
    /// later batches: read another way); a read that failed alone, or came back short, shows in
    /// ``bytes(of:)``.
    public func read(descriptor: Int32, count: Int) -> Bool {
        precondition(count >= 0 && count <= entries, "a batch of at most `entries` reads")
        for index in 0..<count { results[index] = -1 }
        return memberlink_read_ring_read(
            ring, descriptor, UInt32(count), offsets.baseAddress, lengths.baseAddress, results.baseAddress) == 0
    }

    /// The bytes read `index` of the last batch brought, when it read all it was asked for; nil
    /// when it failed or came back short. Valid until the next batch.
    @inline(__always)
    public func bytes(of index: Int) -> UnsafeRawBufferPointer? {
        let result = results[index]
        guard result >= 0, UInt32(result) == lengths[index] else { return nil }
        return UnsafeRawBufferPointer(start: buffers + index * stride, count: Int(result))
    }
}
