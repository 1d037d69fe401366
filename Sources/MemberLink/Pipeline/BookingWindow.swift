internal import Foundation

/// The bookings of one file whose records are still arriving. A booking is complete when its last
/// record (known from the first pass over the file) has been read.
struct BookingWindow {
    /// A readable record waiting for the rest of its booking, with its record-level findings.
    struct Entry {
        var record: PassengerRecord
        var raw: [UInt8]
        var errors: [FieldError]
        /// Step 4's answer for a record without findings, when it was looked up ahead (``ReadAhead``).
        var lookup: MemberLookup? = nil
    }

    private let lastRecords: RecordSet
    /// Open bookings by a hash of their ``BookingKey`` (``keyHash(system:bookingCode:)``), each
    /// the records so far: nearly always one booking per hash. Found without making the key's
    /// strings: records of one booking nearly always spell it with the same bytes.
    private var open: [KeyHash: [[Entry]]] = [:]

    init(lastRecords: RecordSet) {
        self.lastRecords = lastRecords
    }

    var openBookings: Int { open.values.reduce(0) { $0 + $1.count } }

    /// ``keyHash(system:bookingCode:)`` as the key of ``open``: already a hash, so the table
    /// takes it mixed with its seed by one multiplication instead of hashing it again with
    /// `Hasher` (SipHash: about 80 instructions for each of the one or two look-ups a record
    /// makes).
    struct KeyHash: Hashable {
        let value: UInt64

        init(_ value: UInt64) { self.value = value }

        func hash(into hasher: inout Hasher) { hasher.combine(value) }

        func _rawHashValue(seed: Int) -> Int {
            // The product's high bits depend on all of the value's; the table uses the low bits.
            let mixed = (value ^ UInt64(UInt(bitPattern: seed))) &* 0x9E37_79B9_7F4A_7C15
            return Int(truncatingIfNeeded: mixed.byteSwapped)
        }
    }

    /// Adds a record; returns its booking's entries, in file order, when this record completes it.
    ///
    /// The record is looked at in place, never captured or copied: its arrays and strings were
    /// made on another thread, and each count up or down on them would move their memory to this
    /// core.
    mutating func add(_ entry: consuming Entry) -> [Entry]? {
        // Its two key fields taken as strings (short ones, held inline): a function given the whole
        // record made the caller count its fields array up and down around the call.
        let system = entry.record[.system]
        let bookingCode = entry.record[.bookingCode]
        let hash = KeyHash(Self.keyHash(system: system, bookingCode: bookingCode))
        let isLast = lastRecords.contains(entry.record.sequence)
        // Most records find no open booking under their hash: one lookup, nothing to compare.
        guard var bookings = open.removeValue(forKey: hash) else {
            if isLast { return [consume entry] }
            open[hash] = [Self.newBooking(consume entry)]
            return nil
        }
        var position = -1
        for index in bookings.indices
        where Self.sameBooking(
            system, bookingCode, bookings[index][0].record[.system], bookings[index][0].record[.bookingCode])
        {
            position = index
            break
        }
        if isLast {
            guard position >= 0 else {
                open[hash] = bookings
                return [consume entry]
            }
            var entries = bookings.remove(at: position)
            if !bookings.isEmpty { open[hash] = bookings }
            entries.append(consume entry)
            return entries
        }
        if position >= 0 {
            bookings[position].append(consume entry)
        } else {
            bookings.append(Self.newBooking(consume entry))
        }
        open[hash] = bookings
        return nil
    }

    /// The entries of a booking that has more records to come, the first one given: with room
    /// for a few, since grown one append at a time the array was allocated again at its second
    /// record and at its third (a booking has 1.8 passengers on average in the benchmark's files).
    private static func newBooking(_ first: consuming Entry) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(4)
        entries.append(first)
        return entries
    }

    /// Bookings still open at the end of the file (only when the two passes disagree, e.g. the
    /// file changed in between), oldest first.
    mutating func removeRemaining() -> [[Entry]] {
        defer { open = [:] }
        return open.values.joined().sorted { $0[0].record.sequence < $1[0].record.sequence }
    }

    /// Whether two records belong to one booking: the same ``BookingKey``, decided on the bytes
    /// when they are the same (nearly always), else on the keys.
    static func sameBooking(_ systemA: String, _ codeA: String, _ systemB: String, _ codeB: String) -> Bool {
        if systemA.hasSameUTF8(as: systemB), codeA.hasSameUTF8(as: codeB) { return true }
        return BookingKey(system: systemA, bookingCode: codeA) == BookingKey(system: systemB, bookingCode: codeB)
    }

    /// A 64-bit hash of the ``BookingKey`` of a record giving this system and booking code, which
    /// equal keys share: FNV-1a over the upper-cased system and booking code in Unicode's composed
    /// form (NFC), which is what `String`'s equality compares. For ASCII text (nearly all) that is
    /// its upper-cased bytes.
    static func keyHash(system: String, bookingCode: String) -> UInt64 {
        let ascii = system.withUTF8Bytes { system in
            bookingCode.withUTF8Bytes { code in
                BookingKey.fingerprint(asciiSystem: system, bookingCode: code)
            }
        }
        if let ascii { return ascii }
        let key = BookingKey(system: system, bookingCode: bookingCode)
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.system.precomposedStringWithCanonicalMapping.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        for byte in key.bookingCode.precomposedStringWithCanonicalMapping.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }
}
