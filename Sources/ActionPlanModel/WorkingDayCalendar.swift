/// Which days are working days, and arithmetic in working days.
///
/// A working day is any day but Saturday, Sunday, Christmas Day, Good Friday and a bank
/// holiday in England and Wales. Counting "N working days after receipt" does not count the
/// day of receipt: day 1 is the next working day and the deadline is the Nth.
///
/// The calendar precomputes a running count of working days over a window of years so that
/// the RAG of 100,000 actions costs an array lookup each, not a walk over the days.
public struct WorkingDayCalendar: Sendable {
    public let holidays: HolidayTable
    private let windowStart: Int      // day number of the first day of the window
    private let cumulative: [Int32]   // cumulative[i] = working days in [windowStart, windowStart + i)

    /// The window of years precomputed unless a caller asks for a narrower one.
    public static let defaultYears = 2000...2080

    public init(holidays: HolidayTable, years: ClosedRange<Int> = WorkingDayCalendar.defaultYears) {
        self.holidays = holidays
        let start = Day(year: years.lowerBound, month: 1, day: 1)!.dayNumber
        let end = Day(year: years.upperBound, month: 12, day: 31)!.dayNumber
        var cumulative = [Int32](repeating: 0, count: end - start + 2)
        var isHoliday = [Bool](repeating: false, count: end - start + 1)
        for year in years { for h in holidays.holidays(in: year) { isHoliday[h.day.dayNumber - start] = true } }
        // The rule of `nonWorkingReason`, year by year, so that Christmas and Good Friday are
        // worked out once a year, not once a day (every command that opens a database builds
        // this table; a test checks the two agree day by day).
        var running: Int32 = 0
        for year in years {
            let first = Day.dayNumber(year: year, month: 1, day: 1)
            let last = Day.dayNumber(year: year, month: 12, day: 31)
            let christmas = Day.dayNumber(year: year, month: 12, day: 25)
            let goodFriday = StatutoryHolidays.easterSunday(year: year).dayNumber - 2
            for n in first...last {
                cumulative[n - start] = running
                if !Day.isWeekend(dayNumber: n) && n != christmas && n != goodFriday && !isHoliday[n - start] { running += 1 }
            }
        }
        cumulative[end - start + 1] = running
        self.windowStart = start
        self.cumulative = cumulative
    }

    public func isWorkingDay(_ day: Day) -> Bool { nonWorkingReason(day) == nil }

    /// Why a day is not a working day ("Saturday", "Good Friday", "Early May bank holiday"),
    /// or nil for a working day.
    public func nonWorkingReason(_ day: Day) -> String? {
        if let name = holidays.holiday(on: day) { return name }
        if day.weekday.isWeekend { return day.weekday.name }
        if day.month == 12 && day.day == 25 { return "Christmas Day" }
        if day == StatutoryHolidays.easterSunday(year: day.year).adding(days: -2) { return "Good Friday" }
        return nil
    }

    /// The warning a due date on a day off gets (it is kept: a person may mean it): "Saturday
    /// 26 December 2026 is not a working day (Saturday)"; nil for a working day.
    public func dueDateWarning(_ day: Day) -> String? {
        guard let reason = nonWorkingReason(day) else { return nil }
        return "\(day.iso) is not a working day (\(reason)): kept as given"
    }

    /// Working days in the half-open range of day numbers [a, b).
    private func count(_ a: Int, _ b: Int) -> Int {
        let lo = a - windowStart, hi = b - windowStart
        if lo >= 0, hi < cumulative.count, lo <= hi {
            return Int(cumulative[hi] - cumulative[lo])
        }
        var n = 0
        var d = a
        while d < b { if isWorkingDay(Day(dayNumber: d)) { n += 1 }; d += 1 }
        return n
    }

    /// The number of working days after `start` up to and including `end`; negative when
    /// `end` is before `start` (the working days after `end` up to and including `start`).
    public func workingDays(from start: Day, to end: Day) -> Int {
        if end >= start { return count(start.dayNumber + 1, end.dayNumber + 1) }
        return -count(end.dayNumber + 1, start.dayNumber + 1)
    }

    /// The Nth working day after `start` (the day of `start` itself is not counted). Zero
    /// gives `start`. Negative counts go backwards.
    public func addingWorkingDays(_ n: Int, to start: Day) -> Day {
        if n == 0 { return start }
        var day = start
        var remaining = abs(n)
        let step = n > 0 ? 1 : -1
        while remaining > 0 {
            day = day.adding(days: step)
            if isWorkingDay(day) { remaining -= 1 }
        }
        return day
    }

    /// `day` if it is a working day, else the last working day before it.
    public func workingDay(onOrBefore day: Day) -> Day {
        var d = day
        while !isWorkingDay(d) { d = d.adding(days: -1) }
        return d
    }

    /// `day` if it is a working day, else the first working day after it.
    public func workingDay(onOrAfter day: Day) -> Day {
        var d = day
        while !isWorkingDay(d) { d = d.adding(days: 1) }
        return d
    }

    /// Every non-working day after `start` up to and including `end`, with why.
    public func nonWorkingDays(after start: Day, through end: Day) -> [(day: Day, reason: String)] {
        guard end > start else { return [] }
        var result: [(day: Day, reason: String)] = []
        var d = start.adding(days: 1)
        while d <= end {
            if let reason = nonWorkingReason(d) { result.append((d, reason)) }
            d = d.adding(days: 1)
        }
        return result
    }
}
