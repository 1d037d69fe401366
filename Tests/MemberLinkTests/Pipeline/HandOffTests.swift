import Foundation
@testable import MemberLink
import Synchronization
import Testing

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
