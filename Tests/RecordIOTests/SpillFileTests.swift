import Foundation
import Testing

@testable import RecordIO

@Suite("Spill file")
struct SpillFileTests {
    @Test("what is written comes back in order, across buffer flushes, and the folder is left as it was")
    func roundTrip() throws {
        let folder = NSTemporaryDirectory() + "spill-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try SpillFile(folder: folder, bufferSize: 100)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
        for value in 0..<1_000 { try file.write(UInt32(value)) }
        try file.rewind()
        var read: [UInt32] = []
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64, alignment: 4)
        defer { buffer.deallocate() }
        while true {
            let count = try file.read(into: buffer)
            guard count > 0 else { break }
            for offset in stride(from: 0, to: count, by: 4) { read.append(buffer.load(fromByteOffset: offset, as: UInt32.self)) }
        }
        #expect(read == (0..<1_000).map(UInt32.init))
    }

    @Test("a folder that cannot hold a file gives a clear error naming it")
    func missingFolder() {
        let error = #expect(throws: RecordIOError.self) { try SpillFile(folder: "/nonexistent/memberlink") }
        #expect(error?.code == .cannotCreate)
        #expect(error?.path == "/nonexistent/memberlink")
        #expect(error?.message.contains("TMPDIR") == true)
    }
}
