internal import Foundation
internal import RecordIO

/// Moves input files out of the inbox once the run has committed: processed files to the
/// pipeline's `archive` folder, files rejected whole to its `quarantine` folder (with a
/// `NAME.reason.txt` beside them saying why). A name already taken there gets a numbered prefix,
/// so nothing is overwritten.
struct InputMover {
    let archive: String?
    let quarantine: String?

    func archive(_ path: String) throws {
        guard let archive else { return }
        try move(path, into: archive, note: nil)
    }

    /// The note goes in first, atomically: a run stopped between the two steps leaves a note and
    /// the file still in the inbox, and the rerun quarantines it again over the same note.
    func quarantine(_ path: String, reason: String) throws {
        guard let quarantine else { return }
        try move(path, into: quarantine, note: reason + "\n")
    }

    private func move(_ path: String, into folder: String, note: String?) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let name = (path as NSString).lastPathComponent
            var target = (folder as NSString).appendingPathComponent(name)
            var number = 1
            while FileManager.default.fileExists(atPath: target) {
                number += 1
                target = (folder as NSString).appendingPathComponent("\(number)-\(name)")
            }
            if let note {
                let writer = try AtomicFileWriter(path: target + ".reason.txt")
                try writer.write(note)
                try writer.commit()
            }
            try FileManager.default.moveItem(atPath: path, toPath: target)
        } catch {
            throw MemberLinkError(
                code: .cannotCreateOutput, path: folder,
                message: "cannot move \(path) here (\(error.localizedDescription)); the run's outputs are complete, "
                    + "move the file by hand")
        }
    }
}
