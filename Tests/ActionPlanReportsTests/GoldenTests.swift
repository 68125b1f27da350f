import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

@Suite struct GoldenTests {
    let summary = Fixture.summary()

    @Test func markdownMatchesGolden() { Golden.check(MarkdownReport.render(summary), "summary.md") }
    @Test func htmlMatchesGolden() { Golden.check(HTMLReport.render(summary), "summary.html") }
    @Test func csvMatchesGolden() { Golden.check(CSVExport.render(summary), "actions.csv") }
    @Test func csvForExcelStartsWithByteOrderMarkThenTheSameText() {
        let excel = CSVExport.render(summary, excel: true)
        #expect(Array(excel.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF])
        #expect(String(excel.dropFirst()) == CSVExport.render(summary))
    }
    @Test func jsonMatchesGolden() { Golden.check(JSONExport.render(summary), "summary.json") }
    @Test func icalendarMatchesGolden() { Golden.check(ICalendarExport.render(summary, stamp: Fixture.generatedAt), "due-dates.ics") }
    @Test func smartTextMatchesGolden() {
        let report = SMARTCheck.run(Fixture.history(through: Fixture.asOf).snapshot(), today: Fixture.asOf, timeZone: Fixture.utc)
        Golden.check(report.text(), "check.txt")
    }
    @Test func smartJSONMatchesGolden() {
        let report = SMARTCheck.run(Fixture.history(through: Fixture.asOf).snapshot(), today: Fixture.asOf, timeZone: Fixture.utc)
        Golden.check(report.json(), "check.json")
    }
    @Test func markdownForOneOwnerMatchesGolden() {
        Golden.check(MarkdownReport.render(Fixture.summary(since: nil, owner: "head of performance")), "owner.md")
    }
}
