#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Database {
    /// Creates an empty database file at `path`, readable and writable by its owner only, unless a
    /// file is there already. SQLite gives the journal, WAL and shared-memory files it makes the
    /// database file's mode, so none of them becomes readable by others whatever the umask.
    public static func createOwnerOnlyFile(at path: String) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor >= 0 { close(descriptor) }
    }

    /// Deletes the database file at `path` and the journal, WAL and shared-memory files SQLite may
    /// have left beside it. Files that are not there are no error.
    public static func removeFiles(at path: String) {
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }
}
