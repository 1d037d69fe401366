internal import Foundation

/// Moves input files out of the inbox once the run has committed: processed files to the
/// pipeline's `archive` folder, files rejected whole to its `quarantine` folder (with a
/// `NAME.reason.txt` beside them saying why). A name already taken there gets a numbered prefix,
/// so nothing is overwritten.
struct InputMover {
    let archive: String?
    let quarantine: String?

    func archive(_ path: String) throws {
        guard let archive else { return }
        _ = try move(path, into: archive)
    }

    func quarantine(_ path: String, reason: String) throws {
        guard let quarantine else { return }
        let moved = try move(path, into: quarantine)
        let note = moved + ".reason.txt"
        FileManager.default.createFile(
            atPath: note, contents: Data((reason + "\n").utf8), attributes: [.posixPermissions: 0o600])
    }

    private func move(_ path: String, into folder: String) throws -> String {
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
            try FileManager.default.moveItem(atPath: path, toPath: target)
            return target
        } catch {
            throw MemberLinkError(
                code: .cannotCreateOutput, path: folder,
                message: "cannot move \(path) here (\(error.localizedDescription)); the run's outputs are complete, "
                    + "move the file by hand")
        }
    }
}
