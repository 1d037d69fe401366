/// A day of the proleptic Gregorian calendar, written `YYYY-MM-DD` (ISO 8601 calendar date,
/// extended format), as every date field of CONTRACT §1.1 is.
///
/// Parsing works on the UTF-8 bytes of the text and uses no `Foundation`, `Calendar` or
/// `DateFormatter`: it runs for several fields of millions of records a night.
public struct CalendarDate: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// 1...9999.
    public let year: Int
    /// 1...12.
    public let month: Int
    /// 1...28, 29, 30 or 31, as the month and year allow.
    public let day: Int

    /// A real date, or nil: `2024-02-29` exists, `2026-02-29` and `2026-04-31` do not.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= Self.daysIn(month: month, year: year)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`: ten ASCII bytes, four-digit year 0001–9999, two-digit month
    /// and day, `-` separators, and a day that exists in that month (leap years per the Gregorian
    /// rule). Anything else (`2026-2-1`, `2026-02-01T00:00`, `2026/02/01`, ` 2026-02-01`) is nil.
    public init?(iso text: String) {
        guard
            let (year, month, day) = text.withUTF8Bytes({ bytes -> (Int, Int, Int)? in
                guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
                    return nil
                }
                // Inlined, with wrapping arithmetic (four digits cannot overflow): a record has up
                // to four dates, and as a call each of a date's three numbers cost about 40
                // instructions.
                @inline(__always)
                func number(_ range: Range<Int>) -> Int? {
                    var value = 0
                    for position in range {
                        let digit = bytes[position] &- UInt8(ascii: "0")
                        guard digit < 10 else { return nil }
                        value = value &* 10 &+ Int(digit)
                    }
                    return value
                }
                guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else {
                    return nil
                }
                return (year, month, day)
            })
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// Gregorian leap year: divisible by 4, except centuries not divisible by 400.
    public static func isLeapYear(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    /// The number of days in a month (1...12) of a year.
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Age in completed years on `date`, for a person born on `self`.
    ///
    /// A birthday counts once its month and day are reached; someone born on 29 February has
    /// their birthday on 1 March in a year without one (they are still a year younger on 28
    /// February). Negative when `date` is before `self`.
    public func age(on date: CalendarDate) -> Int {
        let years = date.year - year
        let birthdayReached = (date.month, date.day) >= (month, day)
        return birthdayReached ? years : years - 1
    }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }
}
