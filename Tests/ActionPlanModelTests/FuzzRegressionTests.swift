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
