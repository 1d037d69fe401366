/// What makes records one booking: the same system and booking code, compared case-insensitively
/// (CONTRACT §1.1), within one input file.
public struct BookingKey: Sendable, Hashable {
    public var system: String
    public var bookingCode: String

    public init(system: some StringProtocol, bookingCode: some StringProtocol) {
        self.system = String(system).uppercasedASCIIFast
        self.bookingCode = String(bookingCode).uppercasedASCIIFast
    }

    public init(_ record: PassengerRecord) {
        self.init(system: record[.system], bookingCode: record[.bookingCode])
    }
}

extension BookingKey {
    /// A fixed 64-bit FNV-1a hash of the upper-cased system and booking code: the same in every
    /// process and on every machine (unlike `hashValue`), and 8 bytes per booking in the first
    /// pass's map instead of two strings. Two bookings that share a fingerprint are still kept
    /// apart by their full keys; they only wait for each other's last record.
    public static func fingerprint(of record: PassengerRecord) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ text: String) {
            var isASCII = true
            for byte in text.utf8 {
                guard byte < 0x80 else {
                    isASCII = false
                    break
                }
                let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
                hash = (hash ^ UInt64(upper)) &* 0x100_0000_01b3
            }
            if !isASCII {
                // Rare: a non-ASCII code (always invalid anyway). Hash the Unicode upper-casing instead.
                hash = 0xcbf2_9ce4_8422_2325 ^ 0xFF
                for byte in text.uppercased().utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
            }
        }
        mix(record[.system])
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        mix(record[.bookingCode])
        return hash
    }

    /// ``fingerprint(of:)`` from the trimmed bytes of the system and booking code fields, when both
    /// are ASCII (which every encoding MemberLink reads decodes as itself); nil otherwise, and the
    /// caller decodes the text. The first pass computes it for every record without building one.
    public static func fingerprint(
        asciiSystem system: UnsafeBufferPointer<UInt8>, bookingCode: UnsafeBufferPointer<UInt8>
    ) -> UInt64? {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in system {
            guard byte < 0x80 else { return nil }
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            hash = (hash ^ UInt64(upper)) &* 0x100_0000_01b3
        }
        hash = (hash ^ 0x1F) &* 0x100_0000_01b3
        for byte in bookingCode {
            guard byte < 0x80 else { return nil }
            let upper = byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte
            hash = (hash ^ UInt64(upper)) &* 0x100_0000_01b3
        }
        return hash
    }
}
