internal import CSQLite

/// A failure reported by SQLite: its result code, the extended code, SQLite's own message, and
/// what was being done (the database path and, when there is one, the SQL).
///
/// Codes are SQLite's (<https://www.sqlite.org/rescode.html>): compare ``code`` with the
/// constants below, e.g. `error.code == SQLiteError.busy`.
public struct SQLiteError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The primary result code (`SQLITE_BUSY` is 5, `SQLITE_CONSTRAINT` 19...).
    public var code: Int32
    /// The extended result code (`SQLITE_CONSTRAINT_UNIQUE` is 2067...); equal to ``code`` when
    /// SQLite gave none.
    public var extendedCode: Int32
    /// SQLite's message, e.g. `no such table: members`.
    public var message: String
    /// The database file, as opened.
    public var path: String
    /// The statement that failed, when the failure came from one.
    public var sql: String?

    public init(code: Int32, extendedCode: Int32? = nil, message: String, path: String, sql: String? = nil) {
        self.code = code
        self.extendedCode = extendedCode ?? code
        self.message = message
        self.path = path
        self.sql = sql
    }

    public var description: String {
        var text = "\(path): SQLite error \(extendedCode): \(message)"
        if let sql { text += " (in `\(sql)`)" }
        switch code {
        case Self.busy, Self.locked:
            text += "; another process holds the database, try again when it is done"
        case Self.readOnly, Self.permission, Self.cannotOpen:
            text += "; check that the file and its folder exist and are writable"
        case Self.corrupt, Self.notADatabase:
            text += "; the file is damaged or not a member directory, re-create it with `memberlink members import`"
        case Self.full:
            text += "; free disk space and try again"
        default:
            break
        }
        return text
    }

    /// `SQLITE_ERROR`: a generic SQL error or missing database.
    public static let error: Int32 = SQLITE_ERROR
    /// `SQLITE_PERM`: access permission denied.
    public static let permission: Int32 = SQLITE_PERM
    /// `SQLITE_BUSY`: the database file is locked by another connection.
    public static let busy: Int32 = SQLITE_BUSY
    /// `SQLITE_LOCKED`: a table is locked within this connection.
    public static let locked: Int32 = SQLITE_LOCKED
    /// `SQLITE_READONLY`: an attempt to write a read-only database.
    public static let readOnly: Int32 = SQLITE_READONLY
    /// `SQLITE_CORRUPT`: the database disk image is malformed.
    public static let corrupt: Int32 = SQLITE_CORRUPT
    /// `SQLITE_FULL`: the disk is full.
    public static let full: Int32 = SQLITE_FULL
    /// `SQLITE_CANTOPEN`: the database file cannot be opened.
    public static let cannotOpen: Int32 = SQLITE_CANTOPEN
    /// `SQLITE_CONSTRAINT`: a constraint (unique, not null...) was violated.
    public static let constraint: Int32 = SQLITE_CONSTRAINT
    /// `SQLITE_MISUSE`: the library was used incorrectly.
    public static let misuse: Int32 = SQLITE_MISUSE
    /// `SQLITE_NOTADB`: the file is not a database.
    public static let notADatabase: Int32 = SQLITE_NOTADB
}
