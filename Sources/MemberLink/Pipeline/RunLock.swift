internal import Foundation
internal import RecordIO

/// One run at a time per pipeline: an exclusive lock named after the pipeline, in a `locks` folder
/// beside the member directory (which holds the attachment ledger two runs would otherwise share).
/// A second run exits 75 at once, naming the holder.
struct RunLock {
    let lock: FileLock

    /// Takes the lock of `pipeline`, or throws `locked` naming who holds it.
    static func acquire(pipeline: String, directoryPath: String, started: Date) throws -> RunLock {
        let lock = try DirectoryLock.acquire("\(pipeline).lock", besideDirectory: directoryPath, started: started) {
            holder in
            "another run of pipeline \(pipeline) holds the lock (\(holder)); wait for it to finish"
        }
        return RunLock(lock: lock)
    }
}
