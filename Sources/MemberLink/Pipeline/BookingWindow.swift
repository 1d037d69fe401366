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
    private var open: [BookingKey: [Entry]] = [:]

    init(lastRecords: RecordSet) {
        self.lastRecords = lastRecords
    }

    var openBookings: Int { open.count }

    /// Adds a record; returns its booking's entries, in file order, when this record completes it.
    mutating func add(_ entry: consuming Entry) -> [Entry]? {
        let key = BookingKey(entry.record)
        if lastRecords.contains(entry.record.sequence) {
            var entries = open.removeValue(forKey: key) ?? []
            entries.append(consume entry)
            return entries
        }
        open[key, default: []].append(consume entry)
        return nil
    }

    /// Bookings still open at the end of the file (only when the two passes disagree, e.g. the
    /// file changed in between), oldest first.
    mutating func removeRemaining() -> [[Entry]] {
        defer { open = [:] }
        return open.values.sorted { $0[0].record.sequence < $1[0].record.sequence }
    }
}
