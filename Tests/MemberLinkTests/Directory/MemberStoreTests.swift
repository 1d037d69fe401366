import Foundation
@testable import MemberLink
import RecordIO
import Storage
import Testing

@Suite("Member store files beside the directory")
struct MemberStoreTests {
    let fixture: DirectoryFixture

    init() throws { fixture = try DirectoryFixture() }

    /// The names in the directory's folder, sorted.
    private func folderNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: fixture.folder + "/dir").sorted()
    }

    private func importRows(_ rows: [[String]], into directory: MemberDirectory) throws {
        _ = try MemberImporter(directory: directory).importExtract(
            file: "members.csv", rows: MemberExtractRows(lines: [ExtractRow.header] + rows))
    }

    /// Another process's hold on a lock file, as an import would take it.
    private static func takeLock(at path: String, note: String) throws -> FileLock? {
        if case .acquired(let lock) = try FileLock.attempt(path: path, note: note) { return lock }
        return nil
    }

    /// Rows that fail to read after the first one, as a file cut short by an I/O error would.
    final class FailingRows: MemberExtractRowSource {
        struct ReadFailure: Error {}
        private var given = 0
        func nextRow() throws -> MemberExtractRow? {
            given += 1
            switch given {
            case 1: return MemberExtractRows(lines: [ExtractRow.header]).nextRowOrNil()
            case 2: return MemberExtractRows(lines: [ExtractRow.header, ExtractRow.make(ffn: "9")]).secondRow()
            default: throw ReadFailure()
            }
        }
    }

    @Test("each import writes a new store file, owner-only, and removes the one before; the directory's own tables stay empty")
    func generations() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        #expect(directory.storeGeneration == 1)
        #expect(try folderNames().contains("members.sqlite.members-1"))
        try importRows([ExtractRow.make(ffn: "2"), ExtractRow.make(ffn: "3")], into: directory)
        #expect(directory.storeGeneration == 2)
        let stores = try folderNames().filter { $0.contains(".members-") }
        #expect(stores == ["members.sqlite.members-2", "members.sqlite.members-2.lookup"])
        for file in [".members-2", ".members-2.lookup"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: fixture.path + file)
            #expect((attributes[.posixPermissions] as? Int ?? 0o777) & 0o077 == 0)
        }
        #expect(try directory.memberCount() == 2)
        let own = try Database(path: fixture.path).prepare("SELECT count(*) FROM members")
        _ = try own.step()
        #expect(own.int(at: 0) == 0)
    }

    @Test("a snapshot keeps its members while an import replaces them, even with the old file deleted; the next sees the new")
    func snapshotOutlivesItsFile() throws {
        let writer = try fixture.directory(with: [ExtractRow.make(ffn: "old")])
        let reader = try fixture.open()
        try reader.beginSnapshot()
        try importRows([ExtractRow.make(ffn: "new")], into: writer)
        #expect(!FileManager.default.fileExists(atPath: fixture.path + ".members-1"))
        #expect(!FileManager.default.fileExists(atPath: fixture.path + ".members-1.lookup"))
        #expect(reader.isReadingLookupFile)
        #expect(try reader.member(programme: "VN", ffn: "old") != nil)
        #expect(try reader.member(programme: "VN", ffn: "new") == nil)
        reader.endSnapshot()
        #expect(try reader.member(programme: "VN", ffn: "old") == nil)
        #expect(try reader.member(programme: "VN", ffn: "new") != nil)
        #expect(reader.storeGeneration == 2)
    }

    @Test("an import that fails leaves the directory's store as it was and no file of its own")
    func failedImport() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        #expect(throws: FailingRows.ReadFailure.self) {
            _ = try MemberImporter(directory: directory).importExtract(file: "members.csv", rows: FailingRows())
        }
        #expect(try folderNames().filter { $0.contains(".members-") } == ["members.sqlite.members-1", "members.sqlite.members-1.lookup"])
        #expect(try fixture.open().member(programme: "VN", ffn: "1") != nil)
        #expect(try directory.member(programme: "VN", ffn: "9") == nil)
    }

    @Test("the file a killed import left is replaced by the next import; a later generation is left alone")
    func leftovers() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        // A killed import leaves the next generation's file half written.
        try Data("half a store".utf8).write(to: URL(fileURLWithPath: fixture.path + ".members-2"))
        try Data("half a lookup file".utf8).write(to: URL(fileURLWithPath: fixture.path + ".members-2.lookup"))
        // A later generation than the next is never deleted (only older ones are).
        try Data("later".utf8).write(to: URL(fileURLWithPath: fixture.path + ".members-3"))
        try Data("not ours".utf8).write(to: URL(fileURLWithPath: fixture.path + ".members-notes"))
        try importRows([ExtractRow.make(ffn: "2")], into: directory)
        #expect(try fixture.open().member(programme: "VN", ffn: "2") != nil)
        #expect(
            try folderNames().filter { $0.contains(".members-") } == [
                "members.sqlite.members-2", "members.sqlite.members-2.lookup", "members.sqlite.members-3",
                "members.sqlite.members-notes",
            ])
        #expect(try fixture.open().isReadingLookupFile)
    }

    @Test("an import while another holds the directory's import lock stops at once, naming the holder")
    func oneImportAtATime() throws {
        let directory = try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        let lockPath = fixture.folder + "/dir/locks/members.sqlite.import.lock"
        var held = try Self.takeLock(at: lockPath, note: "pid 4242 on batch-7")
        #expect(held != nil)
        let error = try #require(throws: MemberLinkError.self) {
            try importRows([ExtractRow.make(ffn: "2")], into: directory)
        }
        #expect(error.code == .locked)
        #expect(error.message.contains("pid 4242 on batch-7"))
        #expect(try folderNames().filter { $0.contains(".members-") } == ["members.sqlite.members-1", "members.sqlite.members-1.lookup"])
        held = nil  // the other import ends
        try importRows([ExtractRow.make(ffn: "2")], into: directory)
        #expect(try directory.member(programme: "VN", ffn: "2") != nil)
    }

    @Test("a directory file copied without its store names the missing store and what to do")
    func copiedWithoutStore() throws {
        try fixture.directory(with: [ExtractRow.make(ffn: "1")])
        let copy = fixture.folder + "/dir/copy.sqlite"
        try FileManager.default.copyItem(atPath: fixture.path, toPath: copy)
        let error = try #require(throws: DirectoryError.self) { try MemberDirectory(path: copy) }
        #expect(error.path == copy)
        #expect(error.message.contains("copy.sqlite.members-1, which is missing"))
        #expect(error.message.contains("copy or restore them"))
        try FileManager.default.copyItem(atPath: fixture.path + ".members-1", toPath: copy + ".members-1")
        let withoutLookup = try #require(throws: DirectoryError.self) { try MemberDirectory(path: copy) }
        #expect(withoutLookup.message.contains("copy.sqlite.members-1.lookup, which is missing"))
        try FileManager.default.copyItem(
            atPath: fixture.path + ".members-1.lookup", toPath: copy + ".members-1.lookup")
        #expect(try MemberDirectory(path: copy).member(programme: "VN", ffn: "1") != nil)
    }

    @Test("a directory whose path has characters with a meaning in URIs finds its store", arguments: ["a?b#c", "50% off", "file:x"])
    func uriCharacters(folder: String) throws {
        let base = fixture.folder + "/" + folder
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let path = base + "/members.sqlite"
        let directory = try MemberDirectory(path: path)
        try importRows([ExtractRow.make(ffn: "1")], into: directory)
        #expect(try MemberDirectory(path: path).member(programme: "VN", ffn: "1") != nil)
    }
}

extension MemberExtractRows {
    /// The first row of these lines.
    fileprivate func nextRowOrNil() -> MemberExtractRow? { try? nextRow() }
    /// The second row of these lines.
    fileprivate func secondRow() -> MemberExtractRow? {
        _ = try? nextRow()
        return try? nextRow()
    }
}
