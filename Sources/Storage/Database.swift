internal import CSQLite

/// One SQLite connection: a final class owning the `sqlite3*` handle, closed when it goes away.
///
/// A connection is used from one thread at a time (it is not `Sendable`). It is opened in
/// SQLite's multi-thread mode with extended result codes, and waits up to ``busyTimeout``
/// milliseconds for a lock held by another process before reporting `SQLITE_BUSY`.
/// See <https://www.sqlite.org/c3ref/open.html>.
public final class Database {
    /// How a connection opens its file.
    public enum Mode: Sendable, Hashable {
        /// Read and write; the file is created when missing.
        case readWriteCreate
        /// Read and write an existing file.
        case readWrite
        /// Read only.
        case readOnly
    }

    /// How a transaction starts (<https://www.sqlite.org/lang_transaction.html>).
    public enum TransactionKind: String, Sendable, Hashable {
        case deferred = "DEFERRED"
        /// Takes the write lock at once: the choice for any transaction that writes.
        case immediate = "IMMEDIATE"
        case exclusive = "EXCLUSIVE"
    }

    /// Milliseconds a new connection waits for another process's lock: 5 s.
    public static let defaultBusyTimeout: Int32 = 5_000

    /// The file as opened (`:memory:` for an in-memory database).
    public let path: String
    let handle: OpaquePointer
    private var savepointDepth = 0

    /// Opens (or creates) the database at `path`.
    ///
    /// With `attachesURIs`, `ATTACH` on this connection reads `file:` URIs with their query
    /// parameters (`mode=ro`, `immutable=1`: <https://www.sqlite.org/uri.html>); `path` itself
    /// is still a plain path, even one that starts with `file:`.
    /// - Throws: ``SQLiteError`` with SQLite's code and message when the file cannot be opened.
    public init(
        path: String, mode: Mode = .readWriteCreate, busyTimeout: Int32 = Database.defaultBusyTimeout,
        attachesURIs: Bool = false
    ) throws {
        _ = Self.configured
        self.path = path
        var flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        if attachesURIs { flags |= SQLITE_OPEN_URI }
        switch mode {
        case .readWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
        case .readWrite: flags |= SQLITE_OPEN_READWRITE
        case .readOnly: flags |= SQLITE_OPEN_READONLY
        }
        var db: OpaquePointer?
        // A relative path that looks like a URI is opened as the path it is.
        let openedPath = attachesURIs && path.hasPrefix("file:") ? "./" + path : path
        let rc = sqlite3_open_v2(openedPath, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(rc))
            let extended = db.map { sqlite3_extended_errcode($0) } ?? rc
            sqlite3_close_v2(db)
            throw SQLiteError(code: rc & 0xFF, extendedCode: extended, message: message, path: path)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, busyTimeout)
    }

    /// Process-wide SQLite settings, applied once before the first connection: memory statistics
    /// off (they take a global mutex on every SQLite allocation, and nothing reads them).
    private static let configured: Void = {
        _ = memberlink_sqlite_disable_memstatus()
    }()

    deinit {
        // close_v2 defers the close until every statement is finalized, so the order in which
        // Swift releases statements and the connection does not matter.
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that return no rows (schema, pragmas).
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? String(cString: sqlite3_errstr(rc))
            sqlite3_free(errorMessage)
            throw SQLiteError(
                code: rc & 0xFF, extendedCode: sqlite3_extended_errcode(handle), message: message, path: path,
                sql: sql)
        }
    }

    /// Compiles one statement. Pass `persistent: true` for a statement kept and reused many times
    /// (`SQLITE_PREPARE_PERSISTENT`).
    public func prepare(_ sql: String, persistent: Bool = false) throws -> Statement {
        try Statement(database: self, sql: sql, persistent: persistent)
    }

    /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
    ///
    /// Nested calls become savepoints, so a caller's transaction can contain a callee's.
    public func transaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if sqlite3_get_autocommit(handle) == 0 {
            savepointDepth += 1
            let name = "memberlink_sp\(savepointDepth)"
            defer { savepointDepth -= 1 }
            try execute("SAVEPOINT \(name)")
            do {
                let result = try body()
                try execute("RELEASE \(name)")
                return result
            } catch {
                try? execute("ROLLBACK TO \(name); RELEASE \(name)")
                throw error
            }
        }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if sqlite3_get_autocommit(handle) == 0 { try? execute("ROLLBACK") }
            throw error
        }
    }

    /// How long this connection waits for a lock held by another process before reporting
    /// `SQLITE_BUSY` (<https://www.sqlite.org/c3ref/busy_timeout.html>).
    public func setBusyTimeout(milliseconds: Int32) {
        sqlite3_busy_timeout(handle, milliseconds)
    }

    /// True while a transaction is open on this connection.
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    /// The rowid of the last row inserted on this connection.
    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// The SQLite library version, e.g. `3.40.1`.
    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }

    /// The error SQLite last reported on this connection for result code `rc`.
    func error(_ rc: Int32, sql: String? = nil) -> SQLiteError {
        SQLiteError(
            code: rc & 0xFF, extendedCode: sqlite3_extended_errcode(handle),
            message: String(cString: sqlite3_errmsg(handle)), path: path, sql: sql)
    }
}
