import Foundation
import Testing

@testable import RecordIO

#if canImport(Glibc)
    import Glibc
#endif

/// Whether this system gives rings (Linux with io_uring allowed): where it does not, callers read
/// one `pread` at a time and these tests have nothing to check.
private let ringsAvailable = ReadRing.make(entries: 16, stride: 64) != nil

@Suite("ReadRing", .enabled(if: ringsAvailable, "the system gives no io_uring ring"))
struct ReadRingTests {
    let folder: ScratchFolder
    let bytes: [UInt8]
    let path: String

    init() throws {
        folder = try ScratchFolder()
        bytes = (0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 8) }
        path = folder.file("bytes")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    @Test("a batch brings each range's bytes, as pread would, ranges in any order and overlapping")
    func readsWhatPreadReads() throws {
        let ring = try #require(ReadRing.make(entries: 256, stride: 300))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let ranges = (0..<Int.random(in: 1...256, using: &generator)).map { _ in
                (
                    offset: UInt64.random(in: 0..<99_700, using: &generator),
                    length: Int.random(in: 0...300, using: &generator)
                )
            }
            for (index, range) in ranges.enumerated() {
                ring.setRead(index, offset: range.offset, length: range.length)
            }
            #expect(ring.read(descriptor: descriptor, count: ranges.count))
            for (index, range) in ranges.enumerated() {
                let read = try #require(ring.bytes(of: index))
                #expect(Array(read) == Array(bytes[Int(range.offset)..<Int(range.offset) + range.length]))
            }
        }
    }

    @Test(
        "a range past the file's end comes back short and is no bytes; a bad descriptor fails each read, not the ring")
    func failedReads() throws {
        let ring = try #require(ReadRing.make(entries: 16, stride: 100))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let ranges: [(offset: UInt64, length: Int)] = [(99_950, 100), (0, 100), (200_000, 10), (99_900, 100)]
        for (index, range) in ranges.enumerated() { ring.setRead(index, offset: range.offset, length: range.length) }
        #expect(ring.read(descriptor: descriptor, count: ranges.count))
        #expect(ring.bytes(of: 0) == nil)
        #expect(ring.bytes(of: 1).map(Array.init) == Array(bytes[0..<100]))
        #expect(ring.bytes(of: 2) == nil)
        #expect(ring.bytes(of: 3).map(Array.init) == Array(bytes[99_900..<100_000]))

        ring.setRead(0, offset: 0, length: 10)
        ring.setRead(1, offset: 0, length: 10)
        #expect(ring.read(descriptor: -1, count: 2))
        #expect(ring.bytes(of: 0) == nil && ring.bytes(of: 1) == nil)
        // The ring still works after reads that failed.
        ring.setRead(0, offset: 10, length: 20)
        #expect(ring.read(descriptor: descriptor, count: 1))
        #expect(ring.bytes(of: 0).map(Array.init) == Array(bytes[10..<30]))
    }

    @Test("a registered file reads as an unregistered one; one file registers, other descriptors still read")
    func registeredFile() throws {
        let ring = try #require(ReadRing.make(entries: 16, stride: 100))
        let descriptor = open(path, O_RDONLY)
        defer { close(descriptor) }
        let otherPath = folder.file("other")
        try Data(repeating: 7, count: 500).write(to: URL(fileURLWithPath: otherPath))
        let other = open(otherPath, O_RDONLY)
        defer { close(other) }
        // A kernel or a limit that refuses registration leaves reads as they were: checked alike.
        let registered = ring.registerFile(descriptor: descriptor)
        if registered { #expect(!ring.registerFile(descriptor: other), "a ring registers one file") }

        let ranges: [(offset: UInt64, length: Int)] = [(99_950, 100), (5, 100), (99_900, 100), (50_000, 1)]
        for (index, range) in ranges.enumerated() { ring.setRead(index, offset: range.offset, length: range.length) }
        #expect(ring.read(descriptor: descriptor, count: ranges.count))
        #expect(ring.bytes(of: 0) == nil, "past the end: short")
        #expect(ring.bytes(of: 1).map(Array.init) == Array(bytes[5..<105]))
        #expect(ring.bytes(of: 2).map(Array.init) == Array(bytes[99_900..<100_000]))
        #expect(ring.bytes(of: 3).map(Array.init) == [bytes[50_000]])

        ring.setRead(0, offset: 10, length: 20)
        #expect(ring.read(descriptor: other, count: 1))
        #expect(ring.bytes(of: 0).map(Array.init) == Array(repeating: 7, count: 20))
    }

    @Test("only a power of two up to 4096 reads of a positive size make a ring; MEMBERLINK_READ_RING=0 turns rings off")
    func sizesAndSetting() {
        #expect(ReadRing.make(entries: 0, stride: 64) == nil)
        #expect(ReadRing.make(entries: 24, stride: 64) == nil)
        #expect(ReadRing.make(entries: 8192, stride: 64) == nil)
        #expect(ReadRing.make(entries: 16, stride: 0) == nil)
        #expect(ReadRing.make(entries: 1, stride: 1) != nil)
        for setting in ["0", "no", "OFF", "false"] { #expect(ReadRing.isTurnedOff(setting: setting)) }
        for setting in [nil, "1", "yes", ""] { #expect(!ReadRing.isTurnedOff(setting: setting)) }
    }
}
