#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file (`flock`), held while the object lives.
///
/// The descriptor is opened with `O_CLOEXEC`, so a child process never inherits it (an inherited
/// descriptor would keep the lock held after the parent is killed), and the kernel releases the
/// lock when the holder dies, whatever the way: a lock left by a dead process never blocks.
public final class FileLock {
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// What trying to take a lock gave.
    public enum Attempt {
        case acquired(FileLock)
        /// Another process holds it; `note` is what the holder wrote into the file (who and since when).
        case held(note: String)
    }

    /// Takes the lock at `path` without waiting, creating the file (mode 0600) if needed, and
    /// writes `note` into it for whoever finds it held.
    public static func attempt(path: String, note: String) throws -> Attempt {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw RecordIOError.fromErrno(errno, path: path, doing: "open the lock file") }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let failure = errno
            if failure == EWOULDBLOCK {
                var buffer = [UInt8](repeating: 0, count: 512)
                let count = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 512, 0) }
                close(fd)
                let text = count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : ""
                return .held(note: text.trimmingSuffix("\n"))
            }
            close(fd)
            throw RecordIOError.fromErrno(failure, path: path, doing: "lock")
        }
        let bytes = Array((note + "\n").utf8)
        if ftruncate(fd, 0) != 0 || bytes.withUnsafeBytes({ pwrite(fd, $0.baseAddress, $0.count, 0) }) != bytes.count {
            let failure = errno
            close(fd)
            throw RecordIOError.fromErrno(failure, path: path, doing: "write the lock file")
        }
        return .acquired(FileLock(path: path, descriptor: fd))
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: Character) -> String {
        var text = self
        while text.last == suffix { text.removeLast() }
        return text
    }
}
