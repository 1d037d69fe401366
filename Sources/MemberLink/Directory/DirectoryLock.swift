internal import Foundation
internal import RecordIO

/// The exclusive locks in the `locks` folder beside the member directory: one per pipeline for
/// its runs (``RunLock``) and one per directory for its imports (``MemberStore/importLock(directoryPath:)``).
/// Each lock file says who holds it (pid, host, since when); the kernel releases a lock when its
/// holder dies, so a killed process never blocks the next.
enum DirectoryLock {
    /// Takes the lock file `name` beside the directory at `directoryPath`, without waiting.
    /// - Parameter heldMessage: what to tell the user when another process holds it, given the
    ///   holder's note.
    /// - Throws: `locked` (exit 75) with `heldMessage`; `cannotCreateOutput` when the folder
    ///   cannot be made.
    static func acquire(
        _ name: String, besideDirectory directoryPath: String, started: Date,
        heldMessage: (_ holder: String) -> String
    ) throws -> FileLock {
        let folder = ((directoryPath as NSString).deletingLastPathComponent as NSString).appendingPathComponent("locks")
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw MemberLinkError(
                code: .cannotCreateOutput, path: folder, message: "cannot create the lock folder; check permissions")
        }
        let path = (folder as NSString).appendingPathComponent(name)
        let note =
            "pid \(ProcessInfo.processInfo.processIdentifier) on \(ProcessInfo.processInfo.hostName), "
            + "started \(Reconciliation.Timings.iso8601(epochSeconds: started.timeIntervalSince1970))"
        switch try FileLock.attempt(path: path, note: note) {
        case .acquired(let lock):
            return lock
        case .held(let holder):
            throw MemberLinkError(
                code: .locked, path: path, message: heldMessage(holder.isEmpty ? "holder unknown" : holder))
        }
    }
}
