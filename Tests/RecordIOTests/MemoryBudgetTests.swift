import Foundation
@testable import RecordIO
import Testing

@Suite("MemoryBudget and Locked across threads")
struct MemoryBudgetTests {
    /// Runs `work(thread)` on `threads` threads at once and returns when all have finished. The
    /// finish count is read under a ``Locked`` too, so what the threads did is ordered before the
    /// caller reads it (for ThreadSanitizer as for the processor).
    static func onThreads(_ threads: Int, _ work: @escaping @Sendable (Int) -> Void) {
        let finished = Locked(0)
        for thread in 0..<threads {
            Thread {
                work(thread)
                finished.withLock { $0 += 1 }
            }.start()
        }
        while finished.withLock({ $0 }) < threads { usleep(1_000) }
    }

    @Test("takers on four threads at once get exactly what the budget holds, and all of it comes back")
    func concurrentTakers() {
        let budget = MemoryBudget(bytes: 25_000)
        let taken = Locked([Int](repeating: 0, count: 4))
        Self.onThreads(4) { thread in
            var mine = 0
            for _ in 0..<10_000 where budget.take(1) { mine += 1 }
            taken.withLock { $0[thread] = mine }
        }
        let total = taken.withLock { $0.reduce(0, +) }
        #expect(total == 25_000)
        #expect(budget.bytesLeft == 0)
        #expect(!budget.take(1))
        Self.onThreads(4) { thread in budget.giveBack(taken.withLock { $0[thread] }) }
        #expect(budget.bytesLeft == 25_000)
    }

    @Test("increments from several threads under the lock are none of them lost")
    func lockedCounter() {
        let counter = Locked(0)
        Self.onThreads(3) { _ in
            for _ in 0..<20_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 60_000)
    }
}
