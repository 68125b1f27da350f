import ArgumentParser
import ActionPlanPostgres
import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct Deadline: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deadline",
        abstract: "Compute a deadline from a date of receipt.",
        discussion: """
            --working-days N: the Nth working day after receipt (the day of receipt is not counted). \
            --months N: N calendar months after receipt, brought back to the previous working day. \
            Uses the database's holiday table when the database exists, else the shipped one.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "The date received, YYYY-MM-DD.") var received: String
    @Option(parsing: .unconditional, help: "Count this many working days.") var workingDays: String?
    @Option(parsing: .unconditional, help: "Count this many calendar months.") var months: String?
    @Flag(help: "List every non-working day skipped, with its name.") var explain = false
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let start = try Parse.day(received, option: "received date")
        func count(_ text: String, _ option: String, _ limit: Int) throws -> Int {
            guard let n = Int(text) else { throw CLIError.usage("\(option): '\(text)' is not a whole number") }
            guard n >= 0 else { throw CLIError.usage("\(option): \(n) is negative: expected 0 or more") }
            guard n <= limit else { throw CLIError.usage("\(option): \(n) is too large: expected at most \(limit)") }
            return n
        }
        let rule: DeadlineRule
        switch (workingDays, months) {
        case (let wd?, nil): rule = .workingDays(try count(wd, "--working-days", 10_000))
        case (nil, let m?): rule = .months(try count(m, "--months", 1_200))
        case (nil, nil): throw CLIError.usage("give --working-days N or --months N")
        default: throw CLIError.usage("--working-days and --months: choose one")
        }
        // The calendar's precomputed window need only hold the years the rule spans (70 working
        // days or 12 months are within two years; a longer rule counts on past it day by day).
        let full = WorkingDayCalendar.defaultYears
        let narrow = (start.year - 1)...(start.year + 2)
        let calendar = try Self.calendar(global, years: full.contains(narrow.lowerBound) && full.contains(narrow.upperBound) ? narrow : full)
        let due = rule.due(received: start, calendar: calendar)
        let skipped: [(day: Day, reason: String)]
        switch rule {
        case .months(let n):
            let nominal = start.adding(months: n)
            skipped = nominal == due ? [] : calendar.nonWorkingDays(after: due, through: nominal)
        default:
            skipped = calendar.nonWorkingDays(after: start, through: due)
        }
        if json {
            return try Output.printJSON(JSONViews.deadline(received: start, rule: rule, due: due, skipped: skipped))
        }
        try Output.print(due.iso)
        guard explain else { return }
        try Output.print("received \(start.weekday.shortName) \(start.longDescription); due \(due.weekday.shortName) \(due.longDescription), \(rule.description)")
        if case .months = rule {
            try Output.print(skipped.isEmpty ? "the day is a working day: nothing skipped"
                  : "brought back over \(skipped.count) non-working day\(skipped.count == 1 ? "" : "s"):")
        } else {
            try Output.print("\(skipped.count) non-working day\(skipped.count == 1 ? "" : "s") skipped:")
        }
        for item in skipped { try Output.print("  \(item.day.iso) \(item.day.weekday.shortName)  \(item.reason)") }
    }

    /// The database's table when a database exists, else the shipped one (never creating a file).
    static func calendar(_ global: GlobalOptions, years: ClosedRange<Int>) throws -> WorkingDayCalendar {
        let path = try Context.databasePath(global, createDirectory: false)
        if FileManager.default.fileExists(atPath: path) || PostgresLocation.isPostgres(path) {
            return try Context.open(global, calendarYears: years).calendar
        }
        return WorkingDayCalendar(holidays: HolidayTable(holidays: try Context.shippedHolidays()), years: years)
    }
}
