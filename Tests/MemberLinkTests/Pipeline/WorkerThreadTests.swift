import Foundation
import RecordIO
import Testing

@testable import MemberLink

@Suite("WorkerThread")
struct WorkerThreadTests {
    /// The kernel's name of the calling thread (`/proc/thread-self/comm`), nil off Linux.
    private static func kernelThreadName() -> String? {
        guard let text = try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8) else { return nil }
        return text.trimmingCharacters(in: .newlines)
    }

    @Test("the thread carries its name where perf and top -H read it, up to Linux's 15 bytes")
    func kernelSeesTheName() throws {
        #if os(Linux)
            let seen = Locked<String?>(nil)
            let name = String(repeating: "n", count: WorkerThread.maximumNameLength)
            let thread = WorkerThread(name: name) { seen.withLock { $0 = Self.kernelThreadName() } }
            thread.join()
            #expect(seen.withLock { $0 } == name)
        #endif
    }

    @Test("the body runs, and join waits for it")
    func joinWaitsForTheBody() {
        let done = Locked(false)
        let thread = WorkerThread(name: "test-join") {
            Thread.sleep(forTimeInterval: 0.05)
            done.withLock { $0 = true }
        }
        thread.join()
        #expect(done.withLock { $0 })
    }
}
