internal import Foundation

/// `memberlink members import`: member extracts into the member directory at `directoryPath`
/// (created with its folder when missing), every failure as a ``MemberLinkError``.
public enum MemberImport {
    /// Imports `files` and returns the counts; skipped rows are in the summary's `issues`.
    public static func run(
        files: [String], directoryPath: String, progress: (@Sendable (MemberImportProgress) -> Void)? = nil
    ) throws -> MemberImportSummary {
        do {
            for file in files where !FileManager.default.fileExists(atPath: file) {
                throw MemberLinkError(code: .inputMissing, path: file, message: "no such member extract; check the path")
            }
            let folder = (directoryPath as NSString).deletingLastPathComponent
            if !folder.isEmpty, !FileManager.default.fileExists(atPath: folder) {
                do {
                    try FileManager.default.createDirectory(
                        atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                } catch {
                    throw MemberLinkError(
                        code: .cannotCreateOutput, path: folder,
                        message: "cannot create the member directory's folder; check permissions")
                }
            }
            let directory = try MemberDirectory(path: directoryPath)
            return try MemberImporter(directory: directory, progress: progress).importFiles(files)
        } catch {
            throw MemberLinkError.wrapping(error)
        }
    }
}
