import Foundation
import Testing
@testable import ActionPlanModel

/// Every input kept under Tests/Fuzz/regressions/dates (crashes found by `make fuzz`, and
/// hand-picked edge cases) goes through the same checks as the fuzz target.
@Suite struct DateFuzzRegressionTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions/dates")

    static var inputs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).sorted()
    }

    @Test(arguments: inputs)
    func keptInputParsesOrFailsCleanly(file: String) throws {
        let data = try Data(contentsOf: Self.directory.appendingPathComponent(file))
        let text = String(decoding: data, as: UTF8.self)
        let calendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2020...2030)
        if let expression = try? DateExpression.parse(text) {
            let day = expression.resolve(today: Day(iso: "2026-11-23")!, calendar: calendar)
            #expect(Day(iso: day.iso) == day)
        }
        if let day = Day(iso: text) { #expect(Day(iso: day.iso) == day) }
    }

    @Test func thereIsAtLeastOneKeptInput() { #expect(!Self.inputs.isEmpty) }
}

/// Found by `make fuzz`: a letter dated in the year 9999 made the deadline arithmetic count
/// into the year 10000, where computing Easter trapped.
@Suite struct FarDateTests {
    @Test func holidayArithmeticNeverTrapsWhateverTheYear() {
        #expect(StatutoryHolidays.easterSunday(year: 10_000).month == 4)
        let calendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2020...2021)
        let late = Day(iso: "9999-12-20")!
        let due = calendar.addingWorkingDays(70, to: late)
        #expect(due.year == 10_000)
        #expect(calendar.workingDays(from: late, to: due) == 70)
    }

    @Test(arguments: ["9999-12-20", "1899-12-31", "3000-01-01", "+99999m", "+10001wd", "+36501d"])
    func typedDatesOutsideTheSupportedRangeAreRefused(text: String) {
        #expect(throws: DateExpression.ParseError.self) { try DateExpression.parse(text) }
    }

    @Test func theLatestSupportedDatePlusTheLargestCountsStillPrintsAndReadsBack() throws {
        let calendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2020...2021)
        let today = Day(iso: "2999-12-31")!
        for text in ["+10000wd", "+1200m", "+36500d"] {
            let day = try DateExpression.parse(text).resolve(today: today, calendar: calendar)
            #expect(Day(iso: day.iso) == day, "\(text) gave \(day.iso)")
        }
    }
}
