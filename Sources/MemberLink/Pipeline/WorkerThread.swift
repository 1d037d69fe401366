internal import Foundation

/// A thread that runs one closure and can be joined: the second core's share of a run.
///
/// `join()` returns once the closure has returned; whatever the closure wrote is then visible to
/// the joining thread. Joining is required (and done at most once): a run never leaves a thread
/// behind that still reads its input.
final class WorkerThread: @unchecked Sendable {
    private var thread = pthread_t()
    private var joined = false

    /// Starts `body` on a new thread named `name` (shown by `top -H`, `perf` and debuggers).
    ///
    /// Linux keeps at most 15 bytes of a thread's name and refuses a longer one whole: the thread
    /// then shows under the process's name, and a profile by thread cannot tell it apart.
    init(name: String, _ body: @escaping @Sendable () -> Void) {
        assert(name.utf8.count <= Self.maximumNameLength, "thread name '\(name)' is longer than Linux keeps")
        let context = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        let rc = pthread_create(
            &thread, nil,
            { raw in
                let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
                Thread.current.name = box.name  // shown by debuggers
                box.body()
                return nil
            }, context)
        // Without a thread the run cannot go on in the shape it was built for; this only happens
        // when the process is out of threads or memory.
        precondition(rc == 0, "pthread_create failed with \(rc)")
    }

    /// The longest thread name Linux keeps (16 bytes with the terminating zero).
    static let maximumNameLength = 15

    /// Waits for the closure to return.
    func join() {
        guard !joined else { return }
        joined = true
        pthread_join(thread, nil)
    }

    private final class Box {
        let name: String
        let body: @Sendable () -> Void

        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}

/// Moves a value that is not `Sendable` to another thread that becomes its only user (a reader
/// handed to the read-ahead thread). The caller guarantees the hand-over: after sending, the
/// sending thread no longer touches the value until the receiving thread is joined.
struct Transfer<Value>: @unchecked Sendable {
    let value: Value
}
