import Foundation
import PackagePlugin

/// Writes `GitRevision.swift` (`let gitRevision = "abc1234"`) for `memberlink --version`, from the
/// checkout's current commit; "unknown" outside a git checkout. It reruns when the checked-out
/// commit changes (HEAD and the branch it points to are its inputs).
@main
struct GitRevisionPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL
        let output = context.pluginWorkDirectoryURL.appending(path: "GitRevision.swift")
        var inputs: [URL] = []
        let head = root.appending(path: ".git/HEAD")
        if let text = try? String(contentsOf: head, encoding: .utf8) {
            inputs.append(head)
            if text.hasPrefix("ref: ") {
                let ref = text.dropFirst(5).trimmingCharacters(in: .whitespacesAndNewlines)
                let refFile = root.appending(path: ".git/\(ref)")
                if FileManager.default.fileExists(atPath: refFile.path) { inputs.append(refFile) }
            }
        }
        let script =
            "revision=$(git -C \"$1\" rev-parse --short=12 HEAD 2>/dev/null || echo unknown); "
            + "printf 'let gitRevision = \"%s\"\\n' \"$revision\" > \"$2\""
        return [
            .buildCommand(
                displayName: "Recording the git revision for --version",
                executable: URL(fileURLWithPath: "/bin/sh"),
                arguments: ["-c", script, "sh", root.path, output.path],
                inputFiles: inputs,
                outputFiles: [output])
        ]
    }
}
