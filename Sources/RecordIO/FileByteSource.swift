#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes of a file on disk, read with `read(2)`.
public final class FileByteSource: ByteSource {
    /// The path as the user named it, for messages.
    public let path: String
    private let descriptor: Int32
    /// How many bytes have been read so far (the "how far it got" of error messages).
    public private(set) var bytesRead = 0

    /// Opens `path` for reading; throws `fileNotFound`, `permissionDenied` or `ioError`.
    public init(path: String) throws {
        self.path = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw RecordIOError.fromErrno(errno, path: path, doing: "open") }
        var info = stat()
        if fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw RecordIOError(code: .ioError, path: path, message: "is a folder, not a file; name the files to read")
        }
        self.descriptor = fd
    }

    deinit { close(descriptor) }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        while true {
            let count = Glibc.read(descriptor, buffer.baseAddress, buffer.count)
            if count >= 0 {
                bytesRead += count
                return count
            }
            if errno == EINTR { continue }
            throw RecordIOError.fromErrno(errno, path: path, doing: "read")
        }
    }

    /// The first `count` bytes of the file without moving the read position (gzip detection).
    func peek(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = bytes.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, count, 0) }
        guard got >= 0 else { throw RecordIOError.fromErrno(errno, path: path, doing: "read") }
        return Array(bytes.prefix(got))
    }
}

extension RecordIOError {
    /// An error for a failed system call, with a message that says what to do.
    static func fromErrno(_ number: Int32, path: String, doing action: String) -> RecordIOError {
        let reason = String(cString: strerror(number))
        switch number {
        case ENOENT:
            return RecordIOError(code: .fileNotFound, path: path, message: "no such file; check the path")
        case EACCES, EPERM:
            return RecordIOError(
                code: .permissionDenied, path: path, message: "permission denied; check the file's owner and mode")
        default:
            return RecordIOError(code: .ioError, path: path, message: "cannot \(action): \(reason)")
        }
    }
}
