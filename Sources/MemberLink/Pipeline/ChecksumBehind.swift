internal import RecordIO

/// The SHA-256 of a file computed on a thread of its own while the first pass reads it: each chunk
/// read is copied and handed over, in order (``HandOff``), so the checksum is exactly the one of
/// the bytes read.
final class ChecksumBehind: @unchecked Sendable {
    private let handOff = HandOff<[UInt8]>(capacity: 8)
    private var thread: WorkerThread?
    // Written by the thread only, read after joining it.
    private var digest = SHA256()

    init() {
        thread = WorkerThread(name: "memberlink-sha") { [self] in
            while let chunk = handOff.receive() {
                chunk.withUnsafeBytes { digest.update($0) }
            }
        }
    }

    /// Adds the next bytes of the file.
    func update(_ bytes: UnsafeRawBufferPointer) {
        _ = handOff.send(Array(bytes))
    }

    /// The lower-case hex SHA-256 of every byte added.
    func finalize() -> String {
        handOff.finish()
        thread?.join()
        thread = nil
        return digest.finalize()
    }

    /// Stops without a result (the first pass failed) and waits for the thread.
    func stop() {
        handOff.abandon()
        thread?.join()
        thread = nil
    }
}
