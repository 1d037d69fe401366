internal import CSQLite

/// A compiled SQL statement: a final class owning the `sqlite3_stmt*`, finalized when it goes
/// away. Prepare once, then bind, step and ``reset()`` for each use
/// (<https://www.sqlite.org/c3ref/stmt.html>).
///
/// Parameter indexes are 1-based and column indexes 0-based, as in SQLite's C API.
public final class Statement {
    /// The connection the statement belongs to; kept alive as long as the statement.
    public let database: Database
    /// The SQL text, for error messages.
    public let sql: String
    let handle: OpaquePointer

    init(database: Database, sql: String, persistent: Bool) throws {
        self.database = database
        self.sql = sql
        var statement: OpaquePointer?
        let flags: UInt32 = persistent ? UInt32(SQLITE_PREPARE_PERSISTENT) : 0
        let rc = sqlite3_prepare_v3(database.handle, sql, -1, flags, &statement, nil)
        guard rc == SQLITE_OK, let statement else {
            sqlite3_finalize(statement)
            throw database.error(rc == SQLITE_OK ? SQLITE_MISUSE : rc, sql: sql)
        }
        handle = statement
    }

    deinit {
        sqlite3_finalize(handle)
    }

    // MARK: Binding

    /// Binds text (SQLite copies it), or NULL for `nil`.
    public func bind(_ value: String?, at index: Int32) throws {
        guard let value else { return try bindNull(at: index) }
        var text = value
        try text.withUTF8 { try bind(utf8: UnsafeRawBufferPointer($0), at: index, copying: true) }
    }

    /// Binds `bytes` as text, or as `""` when there are none. The bytes must be UTF-8 (they are
    /// not checked). With `copying: false` SQLite reads them where they are instead of copying them
    /// first (`SQLITE_STATIC`): then they must stay valid and unchanged until the statement has
    /// been stepped and reset or bound again.
    public func bind(utf8 bytes: UnsafeRawBufferPointer, at index: Int32, copying: Bool = true) throws {
        // A non-nil pointer even for "" so SQLite stores an empty string, not NULL.
        let base = bytes.baseAddress ?? UnsafeRawPointer(("" as StaticString).utf8Start)
        let rc = sqlite3_bind_text(
            handle, index, base.assumingMemoryBound(to: CChar.self), Int32(bytes.count),
            copying ? memberlink_sqlite_transient() : memberlink_sqlite_static())
        try check(rc)
    }

    /// Binds `bytes` as a blob; an empty buffer binds an empty blob, not NULL. With `copying: false`
    /// SQLite reads them where they are (`SQLITE_STATIC`): then they must stay valid and unchanged
    /// until the statement has been stepped and reset or bound again.
    public func bind(blob bytes: UnsafeRawBufferPointer, at index: Int32, copying: Bool = true) throws {
        let rc =
            bytes.isEmpty
            ? sqlite3_bind_zeroblob(handle, index, 0)
            : sqlite3_bind_blob64(
                handle, index, bytes.baseAddress, UInt64(bytes.count),
                copying ? memberlink_sqlite_transient() : memberlink_sqlite_static())
        try check(rc)
    }

    /// Binds a 64-bit integer.
    public func bind(_ value: Int64, at index: Int32) throws {
        try check(sqlite3_bind_int64(handle, index, value))
    }

    /// Binds an integer.
    public func bind(_ value: Int, at index: Int32) throws {
        try bind(Int64(value), at: index)
    }

    /// Binds NULL.
    public func bindNull(at index: Int32) throws {
        try check(sqlite3_bind_null(handle, index))
    }

    /// Binds several text values to parameters 1, 2, 3...
    public func bind(_ values: String?...) throws {
        for (offset, value) in values.enumerated() {
            try bind(value, at: Int32(offset + 1))
        }
    }

    // MARK: Running

    /// Advances to the next row: `true` when a row is available, `false` when the statement is done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default: throw database.error(rc, sql: sql)
        }
    }

    /// Steps a statement that returns no rows to its end, then resets it for the next use.
    public func run() throws {
        defer { reset() }
        while try step() {}
    }

    /// Makes the statement ready to run again and clears its bindings (values bound in place,
    /// `copying: false`, are then no longer read). Errors from the last step were already thrown
    /// by ``step()``, so reset reports none.
    public func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    // MARK: Columns

    /// Number of columns in a result row.
    public var columnCount: Int32 { sqlite3_column_count(handle) }

    /// True when the column of the current row is NULL.
    public func isNull(at column: Int32) -> Bool {
        sqlite3_column_type(handle, column) == SQLITE_NULL
    }

    /// The column of the current row as text; `""` for NULL.
    public func text(at column: Int32) -> String {
        guard let pointer = sqlite3_column_text(handle, column) else { return "" }
        let count = Int(sqlite3_column_bytes(handle, column))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    /// The column of the current row as UTF-8 bytes, without making a `String`; empty for NULL.
    /// The bytes belong to SQLite: they are valid until the next ``step()`` or ``reset()``.
    public func textBytes(at column: Int32) -> UnsafeRawBufferPointer {
        guard let pointer = sqlite3_column_text(handle, column) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column of the current row as a blob's bytes; empty for NULL or an empty blob. The bytes
    /// belong to SQLite: they are valid until the next ``step()`` or ``reset()``.
    public func blobBytes(at column: Int32) -> UnsafeRawBufferPointer {
        guard let pointer = sqlite3_column_blob(handle, column) else {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        return UnsafeRawBufferPointer(start: pointer, count: Int(sqlite3_column_bytes(handle, column)))
    }

    /// The column of the current row as text, `nil` for NULL.
    public func optionalText(at column: Int32) -> String? {
        isNull(at: column) ? nil : text(at: column)
    }

    /// The column of the current row as a 64-bit integer (0 for NULL).
    public func int64(at column: Int32) -> Int64 {
        sqlite3_column_int64(handle, column)
    }

    /// The column of the current row as an integer (0 for NULL).
    public func int(at column: Int32) -> Int {
        Int(sqlite3_column_int64(handle, column))
    }

    private func check(_ rc: Int32) throws {
        if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
    }
}
