internal import Foundation

/// A bounded first-in first-out hand-off from one producing thread to one consuming thread: the
/// producer blocks while `capacity` items wait, the consumer while none does. Memory stays bounded
/// by `capacity` whatever the input size, and items come out in the order they went in, so a
/// pipeline split over two threads writes exactly what it wrote on one.
///
/// Either side can end it: the producer with ``finish()`` (the consumer drains what is left, then
/// gets nil), the consumer with ``abandon()`` (the producer's next ``send(_:)`` returns false and it
/// stops). Both calls are idempotent.
final class HandOff<Item>: @unchecked Sendable {
    private let condition = NSCondition()
    private var items: [Item?]
    private var head = 0
    private var count = 0
    private var finished = false
    private var abandoned = false

    init(capacity: Int) {
        precondition(capacity > 0)
        items = Array(repeating: nil, count: capacity)
    }

    /// Queues `item`, waiting for room. Returns false, without queueing, once the consumer abandoned.
    ///
    /// The item is taken, not copied: a batch handed over with `send(consume batch)` reaches the
    /// consumer as the only reference to its buffer. Were the sender still holding one when the
    /// consumer changed the batch (reversing it, taking its items out), the consumer would copy
    /// the whole batch first, retaining every string and array in it, on its core.
    func send(_ item: consuming Item) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == items.count, !abandoned { condition.wait() }
        guard !abandoned else { return false }
        items[(head + count) % items.count] = consume item
        count += 1
        condition.broadcast()
        return true
    }

    /// The oldest item, waiting for one; nil once the producer finished and everything was taken,
    /// or once the hand-off was abandoned.
    func receive() -> Item? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0, !finished, !abandoned { condition.wait() }
        guard count > 0 else { return nil }
        let item = items[head].take()  // moved out: the queue keeps no reference
        head = (head + 1) % items.count
        count -= 1
        condition.broadcast()
        return item
    }

    /// The producer is done: no more items.
    func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The consumer stops taking items: waiting and later sends return false, queued items are
    /// dropped, and a thread waiting to receive gets nil (a consumer thread told to stop).
    func abandon() {
        condition.lock()
        abandoned = true
        items = items.map { _ in nil }
        count = 0
        condition.broadcast()
        condition.unlock()
    }
}
