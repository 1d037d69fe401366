internal import Foundation
internal import RecordIO

/// One run at a time per pipeline: an exclusive lock named after the pipeline, in a `locks` folder
/// beside the member directory (which holds the attachment ledger two runs would otherwise share).
/// A second run exits 75 at once, naming the holder.
struct RunLock {
    let lock: FileLock

    /// Takes the lock of `pipeline`, or throws `locked` naming who holds it.
    static func acquire(pipeline: String, directoryPath: String, started: Date) throws -> RunLock {
        let folder = ((directoryPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("locks")
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw MemberLinkError(
                code: .cannotCreateOutput, path: folder, message: "cannot create the lock folder; check permissions")
        }
        let path = (folder as NSString).appendingPathComponent("\(pipeline).lock")
        let note =
            "pid \(ProcessInfo.processInfo.processIdentifier) on \(ProcessInfo.processInfo.hostName), "
            + "started \(Reconciliation.Timings.iso8601(epochSeconds: started.timeIntervalSince1970))"
        switch try FileLock.attempt(path: path, note: note) {
        case .acquired(let lock):
            return RunLock(lock: lock)
        case .held(let holder):
            throw MemberLinkError(
                code: .locked, path: path,
                message: "another run of pipeline \(pipeline) holds the lock (\(holder.isEmpty ? "holder unknown" : holder)); "
                    + "wait for it to finish")
        }
    }
}
