import MemberLink
import Testing

@Suite struct CalendarDateTests {
    @Test(arguments: [
        "2024-02-29", "2000-02-29", "2026-12-31", "2026-01-01", "1900-01-01", "0001-01-01", "9999-12-31",
        "2026-04-30",
    ])
    func realDatesParse(text: String) throws {
        let date = try #require(CalendarDate(iso: text))
        #expect(date.description == text)
    }

    @Test(arguments: [
        "2026-02-29", "1900-02-29", "2100-02-29", "2026-04-31", "2026-13-01", "2026-00-10", "2026-01-00",
        "2026-01-32", "0000-01-01", "2026-2-01", "2026-02-1", "26-02-01", "2026/02/01", "2026-02-01T00:00",
        " 2026-02-01", "2026-02-01 ", "", "20260201", "２０２６-02-01", "2026-0a-01", "+202-02-01",
    ])
    func otherTextDoesNotParse(text: String) {
        #expect(CalendarDate(iso: text) == nil)
    }

    @Test func fieldsAndOrder() throws {
        let date = try #require(CalendarDate(iso: "2024-02-29"))
        #expect((date.year, date.month, date.day) == (2024, 2, 29))
        #expect(CalendarDate(iso: "2024-02-28")! < date)
        #expect(date < CalendarDate(iso: "2024-03-01")!)
        #expect(CalendarDate(iso: "2023-12-31")! < CalendarDate(iso: "2024-01-01")!)
        #expect(CalendarDate(year: 2024, month: 2, day: 29) == date)
        #expect(CalendarDate(year: 2026, month: 2, day: 29) == nil)
    }

    @Test(arguments: [
        ("1980-01-02", "2026-01-01", 45), ("1980-01-02", "2026-01-02", 46), ("2024-12-01", "2026-11-30", 1),
        ("2024-12-01", "2026-12-01", 2), ("2026-12-01", "2026-12-01", 0), ("2026-12-02", "2026-12-01", -1),
        // A 29 February birthday is passed on 1 March in a year without 29 February.
        ("2020-02-29", "2021-02-28", 0), ("2020-02-29", "2021-03-01", 1), ("2020-02-29", "2024-02-28", 3),
        ("2020-02-29", "2024-02-29", 4),
    ])
    func ageInCompletedYears(birth: String, on day: String, age: Int) throws {
        let born = try #require(CalendarDate(iso: birth))
        #expect(born.age(on: try #require(CalendarDate(iso: day))) == age)
    }
}
