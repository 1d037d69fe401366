import Foundation
import Testing

@testable import RecordIO

@Suite("File lock")
struct FileLockTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
    }

    @Test("a second attempt while the first lock lives finds it held, with the holder's note")
    func secondAttemptIsRefused() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        guard case .acquired(let first) = try FileLock.attempt(path: path, note: "pid 1 since noon") else {
            Issue.record("the first attempt must succeed")
            return
        }
        guard case .held(let note) = try FileLock.attempt(path: path, note: "pid 2") else {
            Issue.record("the second attempt must find the lock held")
            return
        }
        #expect(note == "pid 1 since noon")
        withExtendedLifetime(first) {}
    }

    @Test("the lock is free again once its holder is gone")
    func releasedOnRelease() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            guard case .acquired = try FileLock.attempt(path: path, note: "first") else {
                Issue.record("must acquire")
                return
            }
        }
        // Other tests of this process spawn children at the same time: between fork and exec a
        // child briefly shares every descriptor, close-on-exec ones included, so the lock may stay
        // held for a moment. It must be free soon after.
        for _ in 0..<100 {
            if case .acquired = try FileLock.attempt(path: path, note: "second") { return }
            usleep(10_000)
        }
        Issue.record("a released lock must be free")
    }

    @Test("a lock held by a killed process does not block")
    func deadHolderDoesNotBlock() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/flock")
        holder.arguments = ["-o", path, "sleep", "2"]  // -o: only flock(1) itself holds the lock
        try holder.run()
        var sawHeld = false
        for _ in 0..<50 {
            if case .held = try FileLock.attempt(path: path, note: "me") {
                sawHeld = true
                break
            }
            usleep(20_000)
        }
        #expect(sawHeld, "flock(1) should hold the lock while it waits")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        var acquired = false
        if case .acquired = try FileLock.attempt(path: path, note: "me") { acquired = true }
        #expect(acquired)
    }
}
