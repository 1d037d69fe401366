internal import Synchronization

/// How a run is carried out, beyond what the pipeline file says.
public struct RunOptions: Sendable {
    /// Read, validate and resolve, but write no outputs and no ledger: report what would be attached.
    public var dryRun: Bool
    /// Called now and then while a file is processed (about every 4,096 records).
    public var progress: (@Sendable (RunProgress) -> Void)?
    /// Checked between records; a set flag stops the run cleanly.
    public var cancellation: RunCancellation?

    public init(
        dryRun: Bool = false, progress: (@Sendable (RunProgress) -> Void)? = nil, cancellation: RunCancellation? = nil
    ) {
        self.dryRun = dryRun
        self.progress = progress
        self.cancellation = cancellation
    }
}

/// Where a run is, for a progress display.
public struct RunProgress: Sendable {
    public enum Pass: Sendable { case scanning, processing }
    public var file: String
    public var pass: Pass
    public var recordsDone: Int
    /// Known in the processing pass (from the scan), 0 while scanning.
    public var recordsTotal: Int
}

/// A stop request from a signal handler: the run checks it between records, abandons the current
/// file's transaction (nothing of the run is published, the ledger is untouched) and ends with
/// `interrupted` (exit 130) or `terminated` (exit 143).
public final class RunCancellation: Sendable {
    private let signal = Atomic<Int32>(0)

    public init() {}

    /// Asks the run to stop; `signalNumber` is 2 (SIGINT) or 15 (SIGTERM).
    public func cancel(signalNumber: Int32) {
        signal.store(signalNumber, ordering: .relaxed)
    }

    public var requestedSignal: Int32? {
        let value = signal.load(ordering: .relaxed)
        return value == 0 ? nil : value
    }

    /// Throws the matching error when a stop was asked for.
    func check() throws {
        guard let number = requestedSignal else { return }
        throw MemberLinkError(
            code: number == 2 ? .interrupted : .terminated, path: "",
            message: "stopped by signal \(number); nothing of this run was published and the ledger is unchanged")
    }
}
