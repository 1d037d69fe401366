/// Passes bytes through unchanged and shows each chunk to an observer on the way (a checksum of
/// the file as it is on disk, a byte count for progress).
public final class ObservedByteSource: ByteSource {
    private let upstream: any ByteSource
    private let observer: (UnsafeRawBufferPointer) -> Void

    public init(_ upstream: any ByteSource, observer: @escaping (UnsafeRawBufferPointer) -> Void) {
        self.upstream = upstream
        self.observer = observer
    }

    public func read(into buffer: UnsafeMutableRawBufferPointer) throws -> Int {
        let count = try upstream.read(into: buffer)
        if count > 0 { observer(UnsafeRawBufferPointer(rebasing: buffer[..<count])) }
        return count
    }
}
