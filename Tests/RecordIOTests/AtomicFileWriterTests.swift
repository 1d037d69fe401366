import Foundation
import RecordIO
import Testing

@Suite struct AtomicFileWriterTests {
    /// A fresh folder per test, removed afterwards.
    final class Folder {
        let path: String
        init() throws {
            path = NSTemporaryDirectory() + "atomic-\(UInt64.random(in: 0...UInt64.max))"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
        var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
        func read(_ name: String) -> [UInt8]? {
            FileManager.default.contents(atPath: "\(path)/\(name)").map { Array($0) }
        }
        func mode(_ name: String) throws -> Int {
            let attributes = try FileManager.default.attributesOfItem(atPath: "\(path)/\(name)")
            return (attributes[.posixPermissions] as? NSNumber)?.intValue ?? -1
        }
    }

    @Test func nothingUnderTheFinalNameBeforeCommitAndNoTempAfter() throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/out.csv")
        try writer.write("a,b\n")
        try writer.write([UInt8]("1,2\n".utf8))
        try writer.flush()
        #expect(folder.read("out.csv") == nil)
        #expect(folder.entries.count == 1)
        #expect(folder.entries[0].hasPrefix(AtomicFileWriter.temporaryPrefix))
        try writer.commit()
        #expect(folder.entries == ["out.csv"])
        #expect(folder.read("out.csv") == Array("a,b\n1,2\n".utf8))
        #expect(try folder.mode("out.csv") == 0o600)
    }

    @Test func abandonRemovesTheTemporaryFile() throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/out.csv")
        try writer.write("half")
        writer.abandon()
        #expect(folder.entries.isEmpty)
        #expect(throws: RecordIOError.self) { try writer.write("more") }
    }

    @Test func deinitAbandonsAnUncommittedFile() throws {
        let folder = try Folder()
        do {
            let writer = try AtomicFileWriter(path: "\(folder.path)/out.csv")
            try writer.write("half")
            try writer.flush()
            #expect(folder.entries.count == 1)
        }
        #expect(folder.entries.isEmpty)
    }

    @Test func commitReplacesAnExistingFileWhole() throws {
        let folder = try Folder()
        try Data("old\n".utf8).write(to: URL(fileURLWithPath: "\(folder.path)/out.csv"))
        let writer = try AtomicFileWriter(path: "\(folder.path)/out.csv")
        try writer.write("new\n")
        #expect(folder.read("out.csv") == Array("old\n".utf8))
        try writer.commit()
        #expect(folder.read("out.csv") == Array("new\n".utf8))
        #expect(folder.entries == ["out.csv"])
    }

    /// Writes larger than the buffer, and many small ones across buffer boundaries, keep every byte in order.
    @Test(arguments: [1, 7, 4096, 65_535, 65_536, 200_000])
    func bytesSurviveBuffering(chunk: Int) throws {
        let folder = try Folder()
        let data = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ $0 >> 8) }
        let writer = try AtomicFileWriter(path: "\(folder.path)/big.bin")
        var start = 0
        while start < data.count {
            let end = min(start + chunk, data.count)
            try writer.write(data[start..<end])
            start = end
        }
        #expect(writer.size == Int64(data.count))
        try writer.commit()
        #expect(folder.read("big.bin") == data)
    }

    /// A non-contiguous sequence goes through the byte-by-byte path.
    @Test func writesAnyByteSequence() throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/seq.txt")
        try writer.write("héllo".utf8.lazy.map { $0 })
        try writer.commit()
        #expect(folder.read("seq.txt") == Array("héllo".utf8))
    }

    @Test(arguments: [0, 3, 70_000])
    func truncateRollsBack(keep: Int) throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/t.bin")
        let head = [UInt8](repeating: 1, count: keep)
        try writer.write(head)
        let mark = writer.size
        try writer.write([UInt8](repeating: 2, count: 100_000))
        try writer.truncate(to: mark)
        try writer.write([3, 3])
        try writer.commit()
        #expect(folder.read("t.bin") == head + [3, 3])
    }

    /// Past every 8 MiB handed to the kernel the writer starts their disk write: a hint that
    /// changes no byte, also when the file is cut back below where the last one started.
    @Test func writtenAcrossDiskWritesAndCutBackBelowThem() throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/big.jsonl")
        let block = (0..<1_000_003).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        var expected: [UInt8] = []
        for _ in 0..<20 {
            try writer.write(block)
            expected += block
        }
        try writer.flush()
        try writer.truncate(to: 5_000_000)
        expected.removeSubrange(5_000_000...)
        for _ in 0..<10 {
            try writer.write(block)
            expected += block
        }
        try writer.commit()
        #expect(folder.read("big.jsonl") == expected)
    }

    /// Closed without a sync (an input's rejects, until the run publishes them): no descriptor
    /// held, nothing under the final name, no more writes; committing syncs it by name and
    /// publishes it whole, abandoning removes it.
    @Test func closeThenCommitOrAbandon() throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/rejects.csv")
        try writer.write("h\n1\n")
        try writer.close()
        try writer.close()
        #expect(throws: RecordIOError.self) { try writer.write("2\n") }
        #expect(folder.read("rejects.csv") == nil)
        #expect(folder.entries.count == 1)
        try writer.seal()
        try writer.commit()
        #expect(folder.entries == ["rejects.csv"])
        #expect(folder.read("rejects.csv") == Array("h\n1\n".utf8))
        #expect(try folder.mode("rejects.csv") == 0o600)

        let dropped = try AtomicFileWriter(path: "\(folder.path)/dropped.csv")
        try dropped.write("x\n")
        try dropped.close()
        dropped.abandon()
        #expect(folder.entries == ["rejects.csv"])

        let committedUnsealed = try AtomicFileWriter(path: "\(folder.path)/unsealed.csv")
        try committedUnsealed.write("y\n")
        try committedUnsealed.close()
        try committedUnsealed.commit()
        #expect(folder.read("unsealed.csv") == Array("y\n".utf8))
    }

    @Test func sealThenCommit() throws {
        let folder = try Folder()
        let writer = try AtomicFileWriter(path: "\(folder.path)/s.txt")
        try writer.write("x")
        try writer.seal()
        try writer.seal()
        #expect(throws: RecordIOError.self) { try writer.write("y") }
        #expect(folder.read("s.txt") == nil)
        try writer.commit()
        #expect(folder.read("s.txt") == Array("x".utf8))
        #expect(folder.entries == ["s.txt"])
    }

    @Test func missingFolderIsCannotCreate() throws {
        let folder = try Folder()
        #expect {
            _ = try AtomicFileWriter(path: "\(folder.path)/missing/out.csv")
        } throws: { error in
            (error as? RecordIOError)?.code == .cannotCreate
                && (error as? RecordIOError)?.path == "\(folder.path)/missing/out.csv"
        }
    }

    @Test func makeDirectoryCreatesParentsOwnerOnly() throws {
        let folder = try Folder()
        try AtomicFileWriter.makeDirectory(atPath: "\(folder.path)/a/b")
        try AtomicFileWriter.makeDirectory(atPath: "\(folder.path)/a/b")
        #expect(try folder.mode("a") == 0o700)
        #expect(try folder.mode("a/b") == 0o700)
        try Data().write(to: URL(fileURLWithPath: "\(folder.path)/file"))
        #expect(throws: RecordIOError.self) { try AtomicFileWriter.makeDirectory(atPath: "\(folder.path)/file") }
    }
}
