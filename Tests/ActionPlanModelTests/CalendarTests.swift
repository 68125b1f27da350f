import Foundation
import Testing
@testable import ActionPlanModel
import ActionPlanData

/// The shared reference list of bank holidays, from the official source.
func referenceHolidays() throws -> [Day: String] {
    let url = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/reference/bank-holidays-england-wales.json")
    let data = try Data(contentsOf: url)
    let raw = try JSONDecoder().decode([String: String].self, from: data)
    var result: [Day: String] = [:]
    for (key, name) in raw { result[try #require(Day(iso: key))] = name }
    return result
}

func shippedTable() throws -> HolidayTable {
    let url = try #require(ShippedData.bankHolidaysURL, "the shipped bank-holiday file is not found")
    return HolidayTable(holidays: try HolidayTable.parseFeed(Data(contentsOf: url)))
}

@Suite struct CalendarTests {
    /// The precomputed counts (built a year at a time) agree with the day-by-day rule
    /// (`nonWorkingReason`) on every day of the window, its first and last years included.
    @Test func precomputedCountsAgreeWithTheDayByDayRule() throws {
        let years = 2008...2031
        let calendar = WorkingDayCalendar(holidays: try shippedTable(), years: years)
        var day = Day(year: years.lowerBound, month: 1, day: 1)!
        let last = Day(year: years.upperBound, month: 12, day: 31)!
        while day < last {
            let next = day.adding(days: 1)
            #expect(calendar.workingDays(from: day, to: next) == (calendar.isWorkingDay(next) ? 1 : 0), "\(next.iso)")
            day = next
        }
    }

    @Test func shippedTableMatchesTheOfficialReferenceForEveryYearItCovers() throws {
        let reference = try referenceHolidays()
        let table = try shippedTable()
        let refYears = Set(reference.keys.map(\.year))
        for year in refYears.sorted() {
            let shipped = Set(table.holidays(in: year).map(\.day))
            let expected = Set(reference.keys.filter { $0.year == year })
            #expect(shipped == expected, "year \(year): shipped \(shipped.sorted()) vs reference \(expected.sorted())")
        }
        #expect(table.coveredYears == 2010...2028)
    }

    @Test func statutoryRulesReproduceTheReferenceExceptOneOffDays() throws {
        let reference = try referenceHolidays()
        // Days proclaimed for one year only, and the normal days they displaced.
        let oneOff: Set<String> = ["2011-04-29", "2012-06-05", "2020-05-08", "2022-06-03", "2022-09-19",
                                   "2023-05-08", "2012-06-04", "2022-06-02"]
        let displaced: Set<String> = ["2012-05-28", "2020-05-04", "2022-05-30"]
        for year in Set(reference.keys.map(\.year)).sorted() {
            let rules = Set(StatutoryHolidays.holidays(year: year).map(\.day.iso)).subtracting(displaced)
            let expected = Set(reference.keys.filter { $0.year == year }.map(\.iso)).subtracting(oneOff)
            #expect(rules == expected, "year \(year): rules \(rules.sorted()) vs reference \(expected.sorted())")
        }
    }

    @Test func easterDatesAreRight() {
        #expect(StatutoryHolidays.easterSunday(year: 2024).iso == "2024-03-31")
        #expect(StatutoryHolidays.easterSunday(year: 2025).iso == "2025-04-20")
        #expect(StatutoryHolidays.easterSunday(year: 2038).iso == "2038-04-25")
        #expect(StatutoryHolidays.easterSunday(year: 2019).iso == "2019-04-21")
    }

    @Test(arguments: [
        ("2023-05-09", 70, "2023-08-16"),
        ("2022-02-22", 70, "2022-06-07"),
        ("2022-10-26", 70, "2023-02-06"),
        ("2022-10-26", 20, "2022-11-23"),
        ("2022-12-23", 1, "2022-12-28"),
        ("2023-04-06", 1, "2023-04-11"),
        ("2024-01-05", 0, "2024-01-05"),
    ])
    func workingDayDeadlinesMatchPublishedDeadlines(received: String, days: Int, expected: String) throws {
        let calendar = WorkingDayCalendar(holidays: try shippedTable())
        let due = calendar.addingWorkingDays(days, to: try #require(Day(iso: received)))
        #expect(due.iso == expected)
        #expect(calendar.workingDays(from: Day(iso: received)!, to: due) == days)
    }

    @Test func goodFridayAndChristmasAreNeverWorkingDaysEvenWithAnEmptyTable() throws {
        let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: [BankHoliday(day: Day(iso: "2030-01-01")!, name: "x")]))
        #expect(calendar.isWorkingDay(Day(iso: "2030-04-19")!) == false)  // Good Friday 2030
        #expect(calendar.nonWorkingReason(Day(iso: "2030-12-25")!) == "Christmas Day")
    }

    @Test func yearsBeyondTheTableUseTheRules() throws {
        let table = try shippedTable()
        let h2031 = table.holidays(in: 2031).map(\.day.iso)
        #expect(h2031 == ["2031-01-01", "2031-04-11", "2031-04-14", "2031-05-05", "2031-05-26", "2031-08-25", "2031-12-25", "2031-12-26"])
        #expect(table.source(year: 2031) == "rules")
        #expect(table.source(year: 2023) == "table")
    }

    @Test func workingDaysBetweenIsConsistentOutsideThePrecomputedWindow() {
        let calendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2020...2021)
        let start = Day(iso: "2019-12-20")!
        let end = calendar.addingWorkingDays(300, to: start)
        #expect(calendar.workingDays(from: start, to: end) == 300)
        #expect(calendar.workingDays(from: end, to: start) == -300)
    }

    /// `deadline` precomputes only the years around the received date: every rule gives the same
    /// day as with the whole window, within it and past it.
    @Test func aNarrowWindowGivesTheSameDeadlinesAsTheWholeOne() throws {
        let table = try shippedTable()
        let whole = WorkingDayCalendar(holidays: table)
        for received in ["2022-12-23", "2023-05-09", "2026-11-23", "2027-12-31"] {
            let start = try #require(Day(iso: received))
            let narrow = WorkingDayCalendar(holidays: table, years: (start.year - 1)...(start.year + 2))
            for rule: DeadlineRule in [.workingDays(20), .workingDays(70), .workingDays(2_000), .months(3), .months(60)] {
                #expect(rule.due(received: start, calendar: narrow) == rule.due(received: start, calendar: whole), "\(rule) from \(received)")
            }
        }
    }

    @Test func nonWorkingDaysAreNamed() throws {
        let calendar = WorkingDayCalendar(holidays: try shippedTable())
        let skipped = calendar.nonWorkingDays(after: Day(iso: "2022-12-23")!, through: Day(iso: "2022-12-28")!)
        #expect(skipped.map(\.reason) == ["Saturday", "Sunday", "Boxing Day", "Christmas Day (substitute day)"])
    }
}

@Suite struct DayAndMonthTests {
    @Test func impossibleDatesAreRejected() {
        #expect(Day(iso: "2023-02-30") == nil)
        #expect(Day(iso: "2023-13-01") == nil)
        #expect(Day(iso: "2023-2-1") == nil)
        #expect(Day(iso: "2024-02-29") != nil)
        #expect(Day(iso: "2023-02-29") == nil)
        #expect(Day(iso: "1900-02-29") == nil)
        #expect(Day(iso: "2000-02-29") != nil)
    }

    @Test func dayNumbersRoundTrip() {
        for n in stride(from: -800_000, through: 800_000, by: 997) {
            let day = Day(dayNumber: n)
            #expect(day.dayNumber == n)
            #expect(Day(iso: day.iso) == day || day.year < 1)
        }
        #expect(Day(iso: "1970-01-01")!.weekday == .thursday)
        #expect(Day(iso: "2026-11-22")!.weekday == .sunday)
    }

    @Test(arguments: [
        ("2023-08-31", 6, "2024-02-29"),
        ("2022-08-31", 6, "2023-02-28"),
        ("2024-01-31", 1, "2024-02-29"),
        ("2023-01-31", 1, "2023-02-28"),
        ("2023-10-31", 1, "2023-11-30"),
        ("2024-02-29", 12, "2025-02-28"),
        ("2023-11-15", 3, "2024-02-15"),
    ])
    func calendarMonthsClampToTheMonthEnd(start: String, months: Int, expected: String) {
        #expect(Day(iso: start)!.adding(months: months).iso == expected)
    }

    @Test func withinMonthsFallsBackToThePreviousWorkingDay() throws {
        let calendar = WorkingDayCalendar(holidays: try shippedTable())
        // 2022-10-26 + 3 months = Thu 2023-01-26, a working day.
        #expect(DeadlineRule.months(3).due(received: Day(iso: "2022-10-26")!, calendar: calendar).iso == "2023-01-26")
        // 2023-03-01 + 3 months = Thu 2023-06-01.
        // 2023-02-25 + 3 months = Thu 2023-05-25; 2023-02-27 + 3 = Sat 2023-05-27 → Fri 26th.
        #expect(DeadlineRule.months(3).due(received: Day(iso: "2023-02-27")!, calendar: calendar).iso == "2023-05-26")
        // 2023-01-29 + 3 months = Sat 2023-04-29 → Fri 28th.
        // 2022-11-29 + 6 months = Mon 2023-05-29, spring bank holiday → Fri 26th.
        #expect(DeadlineRule.months(6).due(received: Day(iso: "2022-11-29")!, calendar: calendar).iso == "2023-05-26")
        #expect(DeadlineRule.immediately.due(received: Day(iso: "2022-11-29")!, calendar: calendar).iso == "2022-11-29")
    }

    @Test func ruleCodesRoundTrip() {
        for rule in [DeadlineRule.immediately, .workingDays(70), .months(3), .fixed(Day(iso: "2018-09-10")!)] {
            #expect(DeadlineRule(code: rule.code) == rule)
        }
        #expect(DeadlineRule(code: "wd:-1") == nil)
        #expect(DeadlineRule(code: "junk") == nil)
    }
}

@Suite struct DateExpressionTests {
    let calendar = WorkingDayCalendar(holidays: .rulesOnly)
    let today = Day(iso: "2026-11-20")!  // a Friday

    @Test func acceptedForms() throws {
        #expect(try DateExpression.parse("2023-05-09").resolve(today: today, calendar: calendar).iso == "2023-05-09")
        #expect(try DateExpression.parse("today").resolve(today: today, calendar: calendar) == today)
        #expect(try DateExpression.parse("+1wd").resolve(today: today, calendar: calendar).iso == "2026-11-23")
        #expect(try DateExpression.parse("+3m").resolve(today: today, calendar: calendar).iso == "2027-02-19")
        #expect(try DateExpression.parse(" +2D ").resolve(today: today, calendar: calendar).iso == "2026-11-22")
    }

    @Test(arguments: ["2023-02-30", "-5wd", "+wd", "+5x", "yesterday", "", "+999999wd", "2023/01/01"])
    func badFormsSayWhy(text: String) {
        #expect(throws: DateExpression.ParseError.self) { try DateExpression.parse(text) }
    }
}

@Suite struct RAGTests {
    let calendar = WorkingDayCalendar(holidays: .rulesOnly)
    func action(_ status: ActionStatus, due: String?, override: RAG? = nil) -> Action {
        Action(findingId: 1, planId: 1, title: "t", due: due.flatMap(Day.init(iso:)), status: status,
               ragOverride: override, createdAt: Date(timeIntervalSince1970: 0), updatedAt: Date(timeIntervalSince1970: 0), updatedBy: "x")
    }

    @Test func derivedColours() {
        let rules = RAGRules(calendar: calendar, today: Day(iso: "2026-11-23")!)  // Monday
        #expect(rules.rag(action(.complete, due: "2020-01-01")) == .blue)
        #expect(rules.rag(action(.cancelled, due: "2020-01-01")) == nil)
        #expect(rules.rag(action(.inProgress, due: "2026-11-20")) == .red)  // Fri before: 1 wd overdue
        #expect(rules.rag(action(.notStarted, due: "2026-12-04")) == .amber)  // 9 wd away
        #expect(rules.rag(action(.inProgress, due: "2026-12-04")) == .green)
        #expect(rules.rag(action(.notStarted, due: "2027-01-29")) == .green)
        #expect(rules.rag(action(.notStarted, due: nil)) == .green)
        #expect(rules.rag(action(.inProgress, due: "2027-01-29", override: .red)) == .red)
        #expect(rules.rag(action(.complete, due: "2027-01-29", override: .red)) == .blue)
    }

    @Test func overdueIsCountedInWorkingDays() {
        let saturday = RAGRules(calendar: calendar, today: Day(iso: "2026-11-21")!)
        #expect(saturday.workingDaysOverdue(due: Day(iso: "2026-11-20")) == 0)
        #expect(saturday.isOverdue(action(.notStarted, due: "2026-11-20")) == false)
        let monday = RAGRules(calendar: calendar, today: Day(iso: "2026-11-23")!)
        #expect(monday.workingDaysOverdue(due: Day(iso: "2026-11-20")) == 1)
    }

    @Test func progressCountsAndPercentComplete() {
        let rules = RAGRules(calendar: calendar, today: Day(iso: "2026-11-23")!)
        let counts = ProgressCounts([action(.complete, due: nil), action(.cancelled, due: nil),
                                     action(.notStarted, due: "2026-11-20"), action(.inProgress, due: nil)], rules: rules)
        #expect(counts.total == 4)
        #expect(counts.percentComplete == 33)
        #expect(counts.count(.red) == 1)
        #expect(counts.overdue == 1)
    }
}

@Suite struct TimestampTests {
    @Test func formatAndParseRoundTripToTheMillisecond() {
        for seconds in [0.0, 1_790_000_000.123, 1_700_000_000.5, 951_782_400.999, -86_400.25] {
            let date = Date(timeIntervalSince1970: seconds)
            let text = Timestamp.format(date)
            let back = Timestamp.parse(text)
            #expect(back != nil, "\(text) did not parse")
            #expect(abs((back?.timeIntervalSince1970 ?? 0) - (seconds * 1000).rounded(.down) / 1000) < 0.0005, "\(text)")
        }
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_790_000_000.123)) == "2026-09-21T14:13:20.123Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_799.5)) == "9999-12-31T23:59:59.500Z")
        // Outside years 0–9999 the text still says the year whole.
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00.000Z")
        #expect(Day(year: 2026, month: 3, day: 9)!.iso == "2026-03-09")
        #expect(Day(year: 7, month: 12, day: 31)!.iso == "0007-12-31")
        #expect(Timestamp.parse("2026-09-21T14:13:20Z") == Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test(arguments: ["", "2026-09-21", "2026-09-21T14:13:20", "2026-02-30T00:00:00Z", "2026-09-21T25:00:00Z", "2026-09-21T14:13:20.Z", "2026-09-21T14:13:20.1x3Z"])
    func malformedTimestampsAreRejected(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }
}

@Suite struct RAGBoundaryTests {
    /// The date boundaries a store filters with give the same answers as the rules themselves,
    /// for every today and due date over two years that include Christmas, Easter and weekends.
    @Test func dateBoundariesAgreeWithTheWorkingDayRules() throws {
        let calendar = WorkingDayCalendar(holidays: try shippedTable())
        let start = Day(iso: "2022-11-01")!
        for t in stride(from: 0, to: 400, by: 3) {
            let today = start.adding(days: t)
            let rules = RAGRules(calendar: calendar, today: today)
            let overdueBefore = rules.overdueIfDueBefore
            let soonBefore = rules.dueWithinIfBefore(10)
            for d in -40..<40 {
                let due = today.adding(days: d)
                let action = Action(findingId: 1, planId: 1, title: "t", due: due, createdAt: Date(timeIntervalSince1970: 0),
                                    updatedAt: Date(timeIntervalSince1970: 0), updatedBy: "x")
                #expect(rules.isOverdue(action) == (due < overdueBefore), "today \(today), due \(due)")
                #expect(rules.isDueWithin(action, workingDays: 10) == (due >= today && due < soonBefore), "today \(today), due \(due)")
            }
        }
    }
}
