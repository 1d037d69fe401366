internal import Foundation

/// One input file of a run, and whether it was found in an inbox (a folder or a glob) rather than
/// named explicitly. Inbox files are skipped when their content was processed before; named files
/// are always processed (rerunning a file on purpose gives `ALREADY_ATTACHED`).
struct DiscoveredInput: Hashable {
    var path: String
    var fromInbox: Bool
}

/// Expands a pipeline's `inputs` (or `--input`): a file as it is; a folder as the regular files in
/// it, hidden ones left out (uploads in progress are often hidden); a pattern with `*`, `?` or `[`
/// as the regular files it matches. Each folder's or pattern's files come sorted by path, so a run
/// reads them in a stable order; a path listed twice is read once.
enum InputDiscovery {
    static func expand(_ entries: [String]) throws -> [DiscoveredInput] {
        var found: [DiscoveredInput] = []
        var seen: Set<String> = []
        func add(_ path: String, fromInbox: Bool) {
            if seen.insert(path).inserted { found.append(DiscoveredInput(path: path, fromInbox: fromInbox)) }
        }
        for entry in entries {
            if entry.contains(where: { "*?[".contains($0) }) {
                for path in try glob(entry) where isRegularFile(path) { add(path, fromInbox: true) }
                continue
            }
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: entry, isDirectory: &isFolder) else {
                throw MemberLinkError(code: .inputMissing, path: entry, message: "no such input file or folder; check the path")
            }
            if isFolder.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: entry).filter { !$0.hasPrefix(".") }.sorted()
                for name in names {
                    let path = (entry as NSString).appendingPathComponent(name)
                    if isRegularFile(path) { add(path, fromInbox: true) }
                }
            } else {
                add(entry, fromInbox: false)
            }
        }
        return found
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && !isFolder.boolValue
    }

    private static func glob(_ pattern: String) throws -> [String] {
        var result = glob_t()
        defer { globfree(&result) }
        let status = Glibc.glob(pattern, 0, nil, &result)
        if status == GLOB_NOMATCH { return [] }
        guard status == 0 else {
            throw MemberLinkError(code: .ioError, path: pattern, message: "cannot list the files matching this pattern")
        }
        return (0..<Int(result.gl_pathc)).compactMap { index in
            result.gl_pathv[index].map { String(cString: $0) }
        }.sorted()
    }
}
