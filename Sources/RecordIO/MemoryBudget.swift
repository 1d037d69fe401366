/// Bytes of memory that readers may take for what they choose to hold (a lookup table read in
/// whole), shared by every reader given the same budget: what one takes, the others cannot,
/// until it gives it back. This is how a process keeps such memory bounded however many readers
/// it opens.
public final class MemoryBudget: Sendable {
    private let left: Locked<Int>

    public init(bytes: Int) {
        left = Locked(max(bytes, 0))
    }

    /// Takes `bytes` when that many are left, and says whether it did.
    public func take(_ bytes: Int) -> Bool {
        left.withLock { left in
            guard bytes >= 0, bytes <= left else { return false }
            left -= bytes
            return true
        }
    }

    /// Gives back bytes taken before.
    public func giveBack(_ bytes: Int) {
        left.withLock { $0 += bytes }
    }

    /// What is left to take.
    public var bytesLeft: Int { left.withLock { $0 } }
}
