// libFuzzer target for the date and duration parser (`make fuzz`). Built by swiftc together
// with the model's sources into one module, so it calls them directly.

let fuzzCalendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2020...2030)
let fuzzToday = Day(iso: "2026-11-23")!

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDates(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let day = Day(iso: text) {
        precondition(Day(iso: day.iso) == day, "ISO round trip failed for \(text)")
        precondition(Day(dayNumber: day.dayNumber) == day, "day number round trip failed for \(text)")
    }
    if let expression = try? DateExpression.parse(text) {
        var bounded = true
        switch expression {
        case .workingDaysFromToday(let n), .monthsFromToday(let n), .daysFromToday(let n): bounded = n <= 5_000
        case .date, .today: break
        }
        if bounded {
            let day = expression.resolve(today: fuzzToday, calendar: fuzzCalendar)
            precondition(Day(iso: day.iso) == day, "resolved to an invalid day for \(text)")
            if case .workingDaysFromToday(let n) = expression {
                precondition(fuzzCalendar.workingDays(from: fuzzToday, to: day) == n, "working days do not add up for \(text)")
            }
        }
    }
    if let rule = DeadlineRule(code: text) {
        precondition(DeadlineRule(code: rule.code) == rule, "rule code round trip failed for \(text)")
        switch rule {
        case .workingDays(let n) where n > 5_000: break
        default: _ = rule.due(received: fuzzToday, calendar: fuzzCalendar)
        }
    }
    return 0
}
