import Foundation
import MemberLink

/// Progress on stderr while a run works: records, records per second and the share done. Shown
/// only when stderr is a terminal, not with --quiet or --json, and not when TERM=dumb; plain text,
/// so NO_COLOR has nothing to turn off.
final class TerminalProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let started = Date()
    private var lastShown = Date.distantPast

    static func makeIfWanted(quiet: Bool) -> TerminalProgress? {
        let environment = ProcessInfo.processInfo.environment
        guard !quiet, isatty(STDERR_FILENO) == 1, environment["TERM"] != "dumb" else { return nil }
        return TerminalProgress()
    }

    func show(_ progress: RunProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= 0.25 else { return }
        lastShown = now
        let rate = Double(progress.recordsDone) / max(now.timeIntervalSince(started), 0.001)
        var line: String
        switch progress.pass {
        case .scanning:
            line = "scanning \(progress.file): \(progress.recordsDone) records"
        case .processing:
            let share = progress.recordsTotal > 0 ? 100 * progress.recordsDone / progress.recordsTotal : 0
            line = "\(progress.file): \(progress.recordsDone)/\(progress.recordsTotal) records (\(share)%)"
        }
        line += ", \(Int(rate)) records/s"
        try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[K" + line).utf8))
    }

    func show(_ progress: MemberImportProgress) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        let rate = Double(progress.rowsRead) / max(now.timeIntervalSince(started), 0.001)
        let line: String
        switch progress.phase {
        case .reading(let file):
            guard now.timeIntervalSince(lastShown) >= 0.25 else { return }
            line = "importing \(file): \(progress.rowsRead) member rows, \(Int(rate)) rows/s"
        case .indexing:
            line = "\(progress.rowsRead) member rows read; writing the lookup tables"
        }
        lastShown = now
        try? FileHandle.standardError.write(contentsOf: Data(("\r\u{1B}[K" + line).utf8))
    }

    func clear() {
        lock.lock()
        defer { lock.unlock() }
        guard lastShown != .distantPast else { return }
        try? FileHandle.standardError.write(contentsOf: Data("\r\u{1B}[K".utf8))
    }
}
