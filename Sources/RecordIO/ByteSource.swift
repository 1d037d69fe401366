/// A stream of bytes read in chunks: a file, a gzip stream, a test's memory buffer.
///
/// Every reader in RecordIO pulls from one of these, so plain and gzip inputs share one path.
public protocol ByteSource: AnyObject {
    /// Fills the start of `buffer` with up to `buffer.count` bytes and returns how many; 0 means the
    /// end of the stream. Throws ``RecordIOError`` when the stream cannot be read to its end.
    func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int
}

/// Bytes held in memory, handed out at most `chunkSize` at a time (tests use small chunk sizes to
/// put every boundary in every place).
public final class MemoryByteSource: ByteSource {
    private let bytes: [UInt8]
    private let chunkSize: Int
    private var offset = 0

    public init(_ bytes: [UInt8], chunkSize: Int = 1 << 20) {
        precondition(chunkSize > 0)
        self.bytes = bytes
        self.chunkSize = chunkSize
    }

    public convenience init(_ text: String, chunkSize: Int = 1 << 20) {
        self.init(Array(text.utf8), chunkSize: chunkSize)
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = min(buffer.count, chunkSize, bytes.count - offset)
        guard count > 0 else { return 0 }
        bytes.withUnsafeBytes { source in
            buffer.baseAddress!.copyMemory(from: source.baseAddress! + offset, byteCount: count)
        }
        offset += count
        return count
    }
}
