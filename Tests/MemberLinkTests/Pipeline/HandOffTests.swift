import Foundation
import Synchronization
import Testing

@testable import MemberLink

@Suite("HandOff between two threads")
struct HandOffTests {
    @Test("every item arrives once, in the order sent, whatever the capacity", arguments: [1, 3, 64])
    func inOrder(capacity: Int) {
        let handOff = HandOff<Int>(capacity: capacity)
        let producer = WorkerThread(name: "test-producer") {
            for number in 0..<10_000 { _ = handOff.send(number) }
            handOff.finish()
        }
        var received: [Int] = []
        while let number = handOff.receive() { received.append(number) }
        producer.join()
        #expect(received == Array(0..<10_000))
    }

    @Test("a batch arrives as the only reference to its buffer and items: changing it copies nothing")
    func handedOverWhole() {
        final class Box {}
        let handOff = HandOff<[Box]>(capacity: 4)
        for _ in 0..<3 {
            var batch: [Box] = []
            for _ in 0..<16 { batch.append(Box()) }
            #expect(handOff.send(consume batch))
        }
        handOff.finish()
        var received = 0
        while var batch = handOff.receive() {
            // Were the buffer shared (the queue keeping its slot), the write below would copy it
            // first, and the box would have two owners.
            #expect(isKnownUniquelyReferenced(&batch[0]))
            received += 1
        }
        #expect(received == 3)
    }

    @Test("when the consumer abandons, the producer's sends fail and it stops instead of blocking")
    func abandon() {
        let handOff = HandOff<Int>(capacity: 2)
        let refused = Atomic<Int>(-1)
        let producer = WorkerThread(name: "test-producer") {
            for number in 0..<1_000 where !handOff.send(number) {
                refused.store(number, ordering: .relaxed)
                return
            }
        }
        #expect(handOff.receive() == 0)
        handOff.abandon()
        producer.join()
        #expect(refused.load(ordering: .relaxed) > 0)
        #expect(handOff.send(7) == false)
    }
}

@Suite("HandOff: stopping a consuming thread")
struct HandOffStopTests {
    @Test("abandoning wakes a thread waiting to receive, which then gets nil")
    func abandonWakesReceiver() {
        let handOff = HandOff<Int>(capacity: 4)
        let received = Atomic<Int>(0)
        let consumer = WorkerThread(name: "test-consumer") {
            while handOff.receive() != nil { received.add(1, ordering: .relaxed) }
        }
        #expect(handOff.send(1))
        handOff.abandon()
        consumer.join()  // returns: the consumer is not left waiting
        #expect(received.load(ordering: .relaxed) <= 1)
    }
}
