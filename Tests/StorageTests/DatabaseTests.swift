import Foundation
import Storage
import Testing

/// A fresh folder per test, removed afterwards.
final class ScratchFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.path + "/storage-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

@Suite("Database and Statement")
struct DatabaseTests {
    let folder: ScratchFolder
    let database: Database

    init() throws {
        folder = try ScratchFolder()
        database = try Database(path: folder.file("test.sqlite"))
        try database.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, n INTEGER)")
    }

    @Test("a statement is prepared once and reused after reset")
    func reuse() throws {
        let insert = try database.prepare("INSERT INTO t (name, n) VALUES (?1, ?2)", persistent: true)
        for (name, n) in [("ä-Ø", 1), ("b", 2), ("", 3)] {
            try insert.bind(name, at: 1)
            try insert.bind(n, at: 2)
            try insert.run()
        }
        let select = try database.prepare("SELECT name, n FROM t WHERE n >= ?1 ORDER BY n")
        try select.bind(2, at: 1)
        var rows: [(String, Int)] = []
        while try select.step() { rows.append((select.text(at: 0), select.int(at: 1))) }
        #expect(rows.map(\.0) == ["b", ""])
        select.reset()
        try select.bind(1, at: 1)
        #expect(try select.step())
        #expect(select.text(at: 0) == "ä-Ø")
    }

    @Test("an empty string is stored as text, nil as NULL")
    func emptyAndNull() throws {
        let insert = try database.prepare("INSERT INTO t (id, name) VALUES (?1, ?2)")
        try insert.bind(1, at: 1)
        try insert.bind("", at: 2)
        try insert.run()
        try insert.bind(2, at: 1)
        try insert.bind(nil as String?, at: 2)
        try insert.run()
        let select = try database.prepare("SELECT name FROM t ORDER BY id")
        #expect(try select.step())
        #expect(select.optionalText(at: 0) == "")
        #expect(try select.step())
        #expect(select.optionalText(at: 0) == nil)
        #expect(try !select.step())
    }

    @Test("text bound from bytes is stored as those bytes, copied or in place; no bytes is \"\", not NULL")
    func bindBytes() throws {
        let insert = try database.prepare("INSERT INTO t (name, n) VALUES (?1, ?2)", persistent: true)
        var buffer = Array("Nguyễn|x".utf8)
        for (n, copying) in [(1, true), (2, false)] {
            try buffer.withUnsafeBytes { bytes in
                try insert.bind(utf8: UnsafeRawBufferPointer(rebasing: bytes[0..<8]), at: 1, copying: copying)
                try insert.bind(n, at: 2)
                try insert.run()
            }
        }
        buffer[0] = UInt8(ascii: "M")  // after the step: the rows keep what was bound
        try insert.bind(utf8: UnsafeRawBufferPointer(start: nil, count: 0), at: 1, copying: false)
        try insert.bind(3, at: 2)
        try insert.run()
        let select = try database.prepare("SELECT name, name IS NULL FROM t ORDER BY n")
        var rows: [(String, Int)] = []
        var bytes: [[UInt8]] = []
        while try select.step() {
            rows.append((select.text(at: 0), select.int(at: 1)))
            bytes.append(Array(select.textBytes(at: 0)))
        }
        #expect(rows.map(\.0) == ["Nguyễn", "Nguyễn", ""])
        #expect(bytes == [Array("Nguyễn".utf8), Array("Nguyễn".utf8), []])
        #expect(rows.map(\.1) == [0, 0, 0])
    }

    @Test("a transaction commits when its body returns and rolls back when it throws")
    func transactions() throws {
        struct Stop: Error {}
        try database.transaction { try database.execute("INSERT INTO t (name) VALUES ('kept')") }
        #expect(throws: Stop.self) {
            try database.transaction {
                try database.execute("INSERT INTO t (name) VALUES ('dropped')")
                throw Stop()
            }
        }
        #expect(!database.isInTransaction)
        try database.transaction {
            try database.execute("INSERT INTO t (name) VALUES ('outer')")
            try? database.transaction {
                try database.execute("INSERT INTO t (name) VALUES ('inner')")
                throw Stop()
            }
        }
        let select = try database.prepare("SELECT name FROM t ORDER BY id")
        var names: [String] = []
        while try select.step() { names.append(select.text(at: 0)) }
        #expect(names == ["kept", "outer"])
    }

    @Test("errors carry SQLite's code, message and the SQL")
    func errors() throws {
        try database.execute("CREATE UNIQUE INDEX t_name ON t (name)")
        try database.execute("INSERT INTO t (name) VALUES ('x')")
        let insert = try database.prepare("INSERT INTO t (name) VALUES ('x')")
        let error = try #require(throws: SQLiteError.self) { try insert.run() }
        #expect(error.code == SQLiteError.constraint)
        #expect(error.extendedCode != error.code)  // SQLITE_CONSTRAINT_UNIQUE
        #expect(error.message.contains("UNIQUE"))
        #expect(error.sql == "INSERT INTO t (name) VALUES ('x')")

        let syntax = try #require(throws: SQLiteError.self) { try database.prepare("SELEC 1") }
        #expect(syntax.code == SQLiteError.error)
        #expect(syntax.description.contains(folder.file("test.sqlite")))
    }

    @Test("opening a missing file without create fails with SQLITE_CANTOPEN")
    func cannotOpen() throws {
        let error = try #require(throws: SQLiteError.self) {
            try Database(path: folder.file("missing/none.sqlite"), mode: .readWrite)
        }
        #expect(error.code == SQLiteError.cannotOpen)
    }
}
