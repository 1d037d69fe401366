internal import CZlib

/// The decompressed bytes of a gzip stream, with zlib's `inflate` on our own buffers.
///
/// Follows `RELIABILITY.md`: window bits 15+32; every member of a multi-member stream is read (a
/// naive loop drops all but the first); a stream that ends before its end marker is `gzipTruncated`;
/// damaged data, or bytes after the last member that do not start another member, are `gzipCorrupt`;
/// more output than `maxOutputBytes` is `sizeLimitExceeded` (a gzip bomb stops there).
public final class GzipByteSource: ByteSource {
    private let upstream: any ByteSource
    private let path: String
    private let maxOutputBytes: Int
    /// zlib keeps pointers into `z_stream`, so it lives on the heap and never moves.
    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    private var upstreamEnded = false
    private var memberEnded = false
    private var finished = false
    /// Compressed bytes consumed and decompressed bytes produced, for messages.
    public private(set) var compressedBytesRead = 0
    public private(set) var bytesProduced = 0

    public init(wrapping upstream: any ByteSource, path: String, maxOutputBytes: Int = Int.max) throws {
        self.upstream = upstream
        self.path = path
        self.maxOutputBytes = maxOutputBytes
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: 1 << 16, alignment: 1)
        let status = memberlink_inflateInit2(stream, 15 + 32)
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw RecordIOError(code: .ioError, path: path, message: "cannot start gzip decompression (zlib \(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        guard !finished, buffer.count > 0 else { return 0 }
        while true {
            if stream.pointee.avail_in == 0, !upstreamEnded {
                let count = try upstream.read(into: input)
                if count == 0 {
                    upstreamEnded = true
                } else {
                    compressedBytesRead += count
                    stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                    stream.pointee.avail_in = uInt(count)
                }
            }
            if memberEnded {
                // Between members: another member must start, or the stream must end here.
                if stream.pointee.avail_in == 0 {
                    if upstreamEnded {
                        finished = true
                        return 0
                    }
                    continue
                }
                guard stream.pointee.next_in.pointee == 0x1f else { throw trailingGarbage() }
                inflateReset(stream)
                memberEnded = false
            }
            // No truncation verdict here even when the input has run out: zlib may still hold
            // undecoded bits or pending output, and only inflate can tell (Z_BUF_ERROR below).
            // Deciding early made a corrupt stream read in small pieces look truncated (FuzzGzip).

            stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = uInt(buffer.count)
            let status = inflate(stream, Z_NO_FLUSH)
            let produced = buffer.count - Int(stream.pointee.avail_out)
            bytesProduced += produced
            if bytesProduced > maxOutputBytes {
                throw RecordIOError(
                    code: .sizeLimitExceeded, path: path,
                    message: "gzip expands beyond \(maxOutputBytes) bytes (a possible gzip bomb); "
                        + "raise the limit only if the file is genuine")
            }
            switch status {
            case Z_STREAM_END:
                memberEnded = true
            case Z_OK:
                break
            case Z_BUF_ERROR:
                if stream.pointee.avail_in == 0, upstreamEnded { throw truncated() }
            default:
                throw RecordIOError(
                    code: .gzipCorrupt, path: path,
                    message: "gzip data is corrupt after \(compressedBytesRead) compressed bytes "
                        + "(\(bytesProduced) bytes decompressed): \(zlibMessage(status)); ask the partner to resend the file")
            }
            if produced > 0 { return produced }
        }
    }

    private func zlibMessage(_ status: Int32) -> String {
        if let message = stream.pointee.msg { return String(cString: message) }
        return "zlib status \(status)"
    }

    private func truncated() -> RecordIOError {
        RecordIOError(
            code: .gzipTruncated, path: path,
            message: "gzip stream is truncated after \(compressedBytesRead) compressed bytes "
                + "(\(bytesProduced) bytes decompressed); the transfer was probably cut short: ask for the file again")
    }

    private func trailingGarbage() -> RecordIOError {
        RecordIOError(
            code: .gzipCorrupt, path: path,
            message: "bytes that are not gzip follow the end of the gzip stream "
                + "(after \(bytesProduced) bytes decompressed); ask the partner to resend the file")
    }
}
