import ArgumentParser
import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanReports

struct Holidays: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "holidays",
        abstract: "List the bank holidays, or replace the table from the official feed.",
        discussion: """
            Without --year, lists every year the table holds. Years the table does not cover are \
            computed from the statutory rules (marked 'rules'). --update FILE reads a file in the \
            format of the official bank-holidays JSON feed (the england-and-wales division), replaces \
            the table, and recomputes every open rule-derived due date, listing each one that moved.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Option(help: "Only this year.") var year: String?
    @Option(help: "Replace the table from this file.", completion: Completions.holidayFeeds) var update: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        if let update { return try replace(from: update) }
        var years: [Int]?
        if let year { years = [try Parse.year(year, option: "--year")] }
        let context = try Context.open(global)
        let table = context.calendar.holidays
        let wanted = years ?? table.coveredYears.map(Array.init) ?? []
        let rows = wanted.flatMap { y in table.holidays(in: y).map { (holiday: $0, source: table.source(year: y)) } }
        if json { return try Output.printJSONArray(rows) { JSONViews.holiday($0.holiday.day, name: $0.holiday.name, source: $0.source) } }
        for row in rows {
            let day = row.holiday.day
            try Output.print("\(day.iso)  \(day.weekday.shortName)  \(row.holiday.name)" + (row.source == "rules" ? "  (rules)" : ""))
        }
    }

    private func replace(from file: String) throws {
        guard year == nil else { throw CLIError.usage("--year and --update: choose one") }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw CLIError("--update: cannot read \(file)", status: .noInput)
        }
        let holidays: [BankHoliday]
        do {
            holidays = try HolidayTable.parseFeed(data)
        } catch {
            throw CLIError("--update: \(file): \(error.message)", status: .dataError)
        }
        // Names are printed by `holidays` and `deadline --explain`: the same rule as typed text.
        for (index, holiday) in holidays.enumerated() {
            if let message = Parse.refusal(holiday.name, lines: false) {
                throw CLIError("--update: \(file): holiday \(index + 1) (\(holiday.day.iso)): title \(message)", status: .dataError)
            }
        }
        let context = try Context.open(global)
        let moved = try context.store.replaceHolidays(holidays, who: context.who)
        if json { return try Output.printJSONArray(moved) { JSONViews.moved($0) } }
        let years = HolidayTable(holidays: holidays).coveredYears.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "-"
        try Output.print("bank holidays replaced: \(holidays.count) days, \(years)")
        if moved.isEmpty {
            try Output.print("no due date moved")
        } else {
            try Output.print("\(moved.count) due date\(moved.count == 1 ? "" : "s") moved:")
            for m in moved { try Output.print("  \(m.entity) \(m.id) \(m.title): \(m.oldDue.iso) → \(m.newDue.iso)") }
        }
    }
}
