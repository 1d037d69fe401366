/// Opens input files the same way for every reader: plain files as they are, gzip files
/// (recognised by their magic bytes `1f 8b`, whatever their name) decompressed on the fly.
public enum InputFile {
    /// The default cap on decompressed bytes per file: 64 GiB stops a bomb and lets any real feed through.
    public static let defaultMaxDecompressedBytes = 64 << 30

    /// Opens `path` for streaming; `observe` sees every raw byte as read from disk (for checksums).
    public static func open(
        path: String, maxDecompressedBytes: Int = defaultMaxDecompressedBytes,
        observe: ((UnsafeRawBufferPointer) -> Void)? = nil
    ) throws -> any ByteSource {
        let file = try FileByteSource(path: path)
        let isGzip = try file.peek(2) == [0x1f, 0x8b]
        let raw: any ByteSource = observe.map { ObservedByteSource(file, observer: $0) } ?? file
        if isGzip {
            return try GzipByteSource(wrapping: raw, path: path, maxOutputBytes: maxDecompressedBytes)
        }
        return raw
    }

    /// True when the file starts with the gzip magic bytes.
    public static func isGzip(path: String) throws -> Bool {
        try FileByteSource(path: path).peek(2) == [0x1f, 0x8b]
    }
}
