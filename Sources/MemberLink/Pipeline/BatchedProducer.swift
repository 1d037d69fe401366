/// Runs `fill` on a thread of its own until it reports the end or throws, and hands what it
/// produces over in order, in batches (``HandOff``): the shape of every "read ahead on the second
/// core" in MemberLink (records of the second pass, member extract rows, XML events). A failure
/// arrives after every item produced before it, as on one thread.
///
/// `fill` appends up to `limit` items to the batch it is given and returns false once there are no
/// more: the per-item work stays in the caller's own (specialised) code, and this generic type only
/// moves whole batches. Whatever state `fill` works on is handed over with it (``Transfer``): only
/// the producing thread touches it until ``stop()`` returns.
final class BatchedProducer<Item> {
    private enum Message {
        case items([Item])
        case failed(any Error)
    }

    private let handOff = HandOff<Message>(capacity: 16)
    private let thread: WorkerThread

    /// - Parameter batchSize: items per hand-over (the `limit` given to `fill`): enough to make the locking negligible, few enough
    ///   to keep memory small.
    init(name: String, batchSize: Int, fill: @escaping @Sendable (_ batch: inout [Item], _ limit: Int) throws -> Bool) {
        precondition(batchSize > 0)
        let handOff = self.handOff
        thread = WorkerThread(name: name) {
            var more = true
            while more {
                var batch: [Item] = []
                batch.reserveCapacity(batchSize)
                var failure: (any Error)?
                do {
                    more = try fill(&batch, batchSize)
                } catch {
                    failure = error
                }
                // Handed over with no reference kept here (``HandOff/send(_:)``); the items
                // appended before a failure come first, as on one thread.
                if !batch.isEmpty, !handOff.send(.items(consume batch)) { return }  // the consumer stopped
                if let failure {
                    _ = handOff.send(.failed(failure))
                    break
                }
            }
            handOff.finish()
        }
    }

    /// The next items in the order produced; nil once `fill` reported the end.
    /// - Throws: what `fill` threw, after the items before it.
    func next() throws -> [Item]? {
        switch handOff.receive() {
        case nil: return nil
        case .items(let items): return items
        case .failed(let error): throw error
        }
    }

    /// Stops producing (when the items are no longer wanted) and waits for the thread. Call it
    /// once, whether or not the end was reached.
    func stop() {
        handOff.abandon()
        thread.join()
    }
}
