#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A nameless temporary file for working data that does not fit the memory bound: written once
/// from start to end, then read back: once from the start, or at any offset.
///
/// The file is unlinked as soon as it is created, so it leaves nothing behind however the process
/// ends; its space is freed when the value goes away. Writes are buffered.
public final class SpillFile {
    /// The folder the file was made in, for messages.
    public let folder: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []
    private let bufferSize: Int
    private var reading = false
    /// Bytes written so far.
    public private(set) var bytesWritten = 0
    /// How a spill file's name starts, for the moment between its creation and its unlinking: a
    /// process killed then leaves one behind, which a sweep of its folder can recognize.
    public static let namePrefix = "memberlink-spill-"

    /// Makes the file in `folder` (by default `TMPDIR`, else `/tmp`).
    /// - Throws: ``RecordIOError`` `cannotCreate` when the folder cannot hold a new file.
    public init(folder: String? = nil, bufferSize: Int = 64 << 10) throws {
        let folder = folder ?? Self.defaultFolder
        self.folder = folder
        self.bufferSize = bufferSize
        var template = Array((folder.hasSuffix("/") ? folder : folder + "/").utf8CString.dropLast())
            + Array((Self.namePrefix + "XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            throw RecordIOError(
                code: .cannotCreate, path: folder,
                message: "cannot create a temporary file (\(reason)); set TMPDIR to a folder with free space")
        }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        descriptor = fd
        buffer.reserveCapacity(bufferSize)
    }

    deinit { close(descriptor) }

    private static var defaultFolder: String {
        guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
        return String(cString: value)
    }

    /// Appends `bytes`. Only before ``rewind()``.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        precondition(!reading, "a spill file is written, then read")
        bytesWritten += bytes.count
        buffer.append(contentsOf: bytes)
        if buffer.count >= bufferSize { try flush() }
    }

    /// Appends the bytes of `value`, a plain value (an integer, a tuple of integers).
    public func write<Value: BitwiseCopyable>(_ value: Value) throws {
        try withUnsafeBytes(of: value) { try write($0) }
    }

    /// Ends the writing; reading starts at the beginning.
    public func rewind() throws {
        try flush()
        reading = true
        guard lseek(descriptor, 0, SEEK_SET) == 0 else { throw failure("rewind") }
    }

    /// Reads up to `into.count` bytes; 0 at the end. Only after ``rewind()``.
    public func read(into target: UnsafeMutableRawBufferPointer) throws -> Int {
        precondition(reading, "rewind a spill file before reading it")
        var filled = 0
        while filled < target.count {
            let count = Glibc.read(descriptor, target.baseAddress! + filled, target.count - filled)
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read")
            }
            filled += count
        }
        return filled
    }

    /// Reads up to `into.count` bytes from byte `offset` on (fewer only at the end of the file);
    /// does not move the position ``read(into:)`` reads from. Only after ``rewind()``.
    public func read(into target: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        precondition(reading, "rewind a spill file before reading it")
        var filled = 0
        while filled < target.count {
            let count = pread(descriptor, target.baseAddress! + filled, target.count - filled, off_t(offset + filled))
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw failure("read")
            }
            filled += count
        }
        return filled
    }

    private func flush() throws {
        try buffer.withUnsafeBytes { bytes in
            var written = 0
            while written < bytes.count {
                let count = Glibc.write(descriptor, bytes.baseAddress! + written, bytes.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw failure("write")
                }
                written += count
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    private func failure(_ action: String) -> RecordIOError {
        let reason = String(cString: strerror(errno))
        return RecordIOError(
            code: .ioError, path: folder,
            message: "cannot \(action) a temporary file (\(reason)); set TMPDIR to a folder with free space")
    }
}
