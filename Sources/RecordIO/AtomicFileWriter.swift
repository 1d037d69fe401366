#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes one output file so that a reader never sees it half-written (CONTRACT §4, "Outputs
/// appear atomically"; RELIABILITY "atomic outputs").
///
/// The bytes go to a temporary file created exclusively (`O_CREAT | O_EXCL | O_CLOEXEC`, mode
/// 0600) in the destination's own folder, since `rename(2)` cannot cross file systems.
/// ``commit()`` flushes, `fsync`s the file, renames it over the final name and `fsync`s the
/// folder, so after a crash the final name holds either the old file, or the whole new one.
/// ``abandon()`` (and `deinit`, when nothing was committed) removes the temporary file.
///
/// Foundation's atomic write is not used: it creates 0644 files and does not sync the folder.
///
/// Writes are buffered (64 KiB by default). A writer can also be rolled back to an earlier
/// ``size`` with ``truncate(to:)``: that is how one input file's rows are dropped when the file
/// is rejected whole, without holding them in memory.
public final class AtomicFileWriter {
    /// The final path, as given.
    public let path: String
    /// The temporary file's path, in the same folder; it starts with ``temporaryPrefix``.
    public let temporaryPath: String

    /// Temporary files start with this, so a run that holds the lock can sweep ones a crash left.
    public static let temporaryPrefix = ".memberlink-tmp-"

    private var descriptor: Int32
    /// Given back once the writer is closed or sealed: a run holds each input's rejects writer
    /// until its publication, and a run may have thousands of inputs.
    private var buffer: UnsafeMutableRawBufferPointer
    private var buffered = 0
    /// Bytes handed to the kernel so far.
    private var flushed: Int64 = 0
    /// Where the disk writes asked for so far end (``Writeback``).
    private var writebackStarted: Int64 = 0

    /// Every this many bytes handed to the kernel, their disk write is started (``Writeback``):
    /// a run's outputs (390 MB for 1M passengers) are then written to disk while the run goes on,
    /// the disk otherwise idle, instead of all by ``commit()``'s `fsync` at the end, where they
    /// took about a second of the run's last two in the twenty-sixth session (`Benchmarks/README.md`).
    static let writebackInterval: Int64 = 8 << 20
    private var state: State = .open

    /// `closed`: flushed and closed, not yet synced (``close()``).
    private enum State { case open, closed, sealed, committed, abandoned }

    /// The file's length so far, buffered bytes included.
    public var size: Int64 { flushed + Int64(buffered) }

    /// Creates the temporary file next to `path`. Nothing appears under `path` before ``commit()``.
    ///
    /// - Parameters:
    ///   - path: the final name; its folder must exist.
    ///   - bufferSize: bytes buffered before each `write(2)`; at least 64 KiB is used.
    public init(path: String, bufferSize: Int = 64 * 1024) throws {
        self.path = path
        let (folder, name) = Self.split(path)
        var attempt = 0
        while true {
            let candidate =
                "\(folder)/\(Self.temporaryPrefix)\(name).\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
            let fd = open(candidate, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            if fd >= 0 {
                descriptor = fd
                temporaryPath = candidate
                break
            }
            let code = errno
            attempt += 1
            if code == EEXIST && attempt < 8 { continue }
            if code == EINTR { continue }
            throw Self.error(code, path: path, doing: "create a temporary file in \(folder)", creating: true)
        }
        // The umask can only narrow the mode; make it exactly owner read/write whatever it is.
        _ = fchmod(descriptor, 0o600)
        buffer = .allocate(byteCount: max(bufferSize, 64 * 1024), alignment: 16)
    }

    deinit {
        if state == .open || state == .closed || state == .sealed { abandon() }
        releaseBuffer()
    }

    // MARK: Writing

    /// Appends raw bytes.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        try checkWritable()
        guard bytes.count > 0 else { return }
        if bytes.count > buffer.count - buffered {
            try flush()
            if bytes.count >= buffer.count {
                try writeFully(bytes)
                return
            }
        }
        UnsafeMutableRawBufferPointer(rebasing: buffer[buffered..<(buffered + bytes.count)]).copyMemory(from: bytes)
        buffered += bytes.count
    }

    /// Appends a sequence of bytes; contiguous collections are copied in one go.
    public func write(_ bytes: some Sequence<UInt8>) throws {
        let done: Void? = try bytes.withContiguousStorageIfAvailable { try write(UnsafeRawBufferPointer($0)) }
        if done != nil { return }
        try checkWritable()
        for byte in bytes {
            if buffered == buffer.count { try flush() }
            buffer[buffered] = byte
            buffered += 1
        }
    }

    /// Appends a string's UTF-8 bytes.
    public func write(_ string: String) throws {
        var string = string
        try string.withUTF8 { try write(UnsafeRawBufferPointer($0)) }
    }

    /// Hands the buffered bytes to the kernel (no `fsync`).
    public func flush() throws {
        guard buffered > 0 else { return }
        try writeFully(UnsafeRawBufferPointer(rebasing: buffer[0..<buffered]))
        buffered = 0
    }

    /// Drops everything after the first `length` bytes, e.g. back to a ``size`` read earlier.
    public func truncate(to length: Int64) throws {
        try checkWritable()
        precondition(length >= 0 && length <= size, "truncate(to:) takes a size this writer had")
        if length >= flushed {
            buffered = Int(length - flushed)
            return
        }
        buffered = 0
        while ftruncate(descriptor, off_t(length)) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw Self.error(code, path: path, doing: "truncate its temporary file")
        }
        if lseek(descriptor, off_t(length), SEEK_SET) < 0 {
            throw Self.error(errno, path: path, doing: "seek in its temporary file")
        }
        flushed = length
        writebackStarted = min(writebackStarted, length)
    }

    // MARK: Finishing

    /// Flushes, `fsync`s and closes the temporary file, without renaming it yet: a writer waiting
    /// to be committed then holds no file descriptor. Further writes are refused; sealing again
    /// does nothing.
    public func seal() throws {
        if state == .sealed { return }
        if state == .closed {
            // Opened again by name to be synced: its descriptor was given back by `close()`.
            let fd = open(temporaryPath, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.error(errno, path: path, doing: "open its temporary file again") }
            defer { _ = Self.systemClose(fd) }
            try Self.sync(fd, path: path)
            state = .sealed
            return
        }
        try checkWritable()
        try flush()
        releaseBuffer()
        try Self.sync(descriptor, path: path)
        let fd = descriptor
        descriptor = -1
        state = .sealed
        if Self.systemClose(fd) != 0 && errno != EINTR {
            throw Self.error(errno, path: path, doing: "close its temporary file")
        }
    }

    /// Flushes and closes the temporary file without syncing it: a writer to be committed much
    /// later (a run's rejects of each input file, published with the run's outputs) then holds no
    /// file descriptor, and the wait for the disk is left to ``seal()`` or ``commit()``, which
    /// open it again by name. Further writes are refused; closing again does nothing.
    public func close() throws {
        if state == .closed || state == .sealed { return }
        try checkWritable()
        try flush()
        releaseBuffer()
        let fd = descriptor
        descriptor = -1
        state = .closed
        if Self.systemClose(fd) != 0 && errno != EINTR {
            throw Self.error(errno, path: path, doing: "close its temporary file")
        }
    }

    /// `fsync`s `fd`, again when interrupted; `doing` names it in the error.
    private static func sync(_ fd: Int32, path: String, doing what: String = "sync its temporary file to disk") throws {
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            throw Self.error(code, path: path, doing: what)
        }
    }

    /// Makes the file appear under its final name: seal (flush, `fsync`), `rename(2)`, then
    /// `fsync` the folder so the new name survives a crash.
    public func commit() throws {
        if state == .open || state == .closed { try seal() }
        guard state == .sealed else {
            throw RecordIOError(
                code: .ioError, path: path,
                message: "this output was already committed or abandoned; write it again with a new writer")
        }
        if rename(temporaryPath, path) != 0 {
            throw Self.error(errno, path: path, doing: "rename \(temporaryPath) to it", creating: true)
        }
        state = .committed
        try Self.syncFolder(Self.split(path).folder, for: path)
    }

    /// Removes the temporary file; nothing appears under the final name. Safe to call twice.
    public func abandon() {
        guard state == .open || state == .closed || state == .sealed else { return }
        if descriptor >= 0 {
            _ = Self.systemClose(descriptor)
            descriptor = -1
        }
        _ = unlink(temporaryPath)
        buffered = 0
        state = .abandoned
    }

    // MARK: Folders

    /// Creates a folder and any missing parents with `mode` (0700 by default: outputs are readable
    /// by their owner only). A folder that already exists is left as it is.
    public static func makeDirectory(atPath path: String, mode: UInt32 = 0o700) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if mkdir(prefix, mode_t(mode)) != 0 {
                let code = errno
                var info = stat()
                guard code == EEXIST, stat(prefix, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else {
                    throw error(
                        code == EEXIST ? ENOTDIR : code, path: prefix, doing: "create the output folder", creating: true
                    )
                }
            }
            prefix += "/"
        }
    }

    // MARK: Private

    private func checkWritable() throws {
        guard state == .open else {
            throw RecordIOError(
                code: .ioError, path: path,
                message: "this output is already sealed, committed or abandoned; nothing more can be written to it")
        }
    }

    private func writeFully(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                let code = errno
                if code == EINTR { continue }
                throw Self.error(code, path: path, doing: "write its temporary file")
            }
            offset += written
            flushed += Int64(written)
        }
        if flushed - writebackStarted >= Self.writebackInterval {
            Writeback.start(descriptor: descriptor, offset: writebackStarted, count: flushed - writebackStarted)
            writebackStarted = flushed
        }
    }

    /// Frees the buffer (again: nothing to free): nothing is written after a close or a seal
    /// (``checkWritable()``), and `deinit` calls it whatever came before.
    private func releaseBuffer() {
        buffer.deallocate()
        buffer = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    }

    /// `close(2)` (the writer's own ``close()`` hides the name).
    private static func systemClose(_ fd: Int32) -> Int32 {
        #if canImport(Glibc)
            Glibc.close(fd)
        #else
            Darwin.close(fd)
        #endif
    }

    private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        #if canImport(Glibc)
            Glibc.write(fd, bytes, count)
        #else
            Darwin.write(fd, bytes, count)
        #endif
    }

    /// `fsync`s the existing file at `path`, then its folder: for a file written by other means (a
    /// SQLite file built without syncs) that must be on disk, name included, before anything
    /// refers to it.
    public static func syncToDisk(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, path: path, doing: "open it to sync it") }
        defer { _ = Self.systemClose(fd) }
        try sync(fd, path: path, doing: "sync it to disk")
        try syncFolder(split(path).folder, for: path)
    }

    private static func syncFolder(_ folder: String, for path: String) throws {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw error(errno, path: path, doing: "open its folder to sync it") }
        defer { _ = Self.systemClose(fd) }
        while fsync(fd) != 0 {
            let code = errno
            if code == EINTR { continue }
            // Some file systems cannot sync a folder; the rename itself has happened.
            if code == EINVAL || code == EROFS { return }
            throw error(code, path: path, doing: "sync its folder to disk")
        }
    }

    static func split(_ path: String) -> (folder: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return (".", path) }
        let folder = String(path[..<slash])
        return (folder.isEmpty ? "/" : folder, String(path[path.index(after: slash)...]))
    }

    private static func error(_ code: Int32, path: String, doing what: String, creating: Bool = false) -> RecordIOError
    {
        let reason = String(cString: strerror(code))
        switch code {
        case EACCES, EPERM:
            return RecordIOError(
                code: .permissionDenied, path: path,
                message: "cannot \(what): \(reason); give the run's user write access to the output folder")
        case ENOSPC, EDQUOT:
            return RecordIOError(
                code: .ioError, path: path, message: "cannot \(what): \(reason); free disk space and run again")
        default:
            return RecordIOError(
                code: creating ? .cannotCreate : .ioError, path: path,
                message:
                    "cannot \(what): \(reason); check the output folder exists, is writable and the disk is healthy, then run again"
            )
        }
    }
}
