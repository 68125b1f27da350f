import Foundation
import Testing
import ActionPlanModel
import ActionPlanStore
@testable import ActionPlanReports

/// The as-of reproduction against the audit trail the SQLite store writes: a database rebuilt
/// at a past date equals a database whose history stopped on that date.
@Suite struct StoreAsOfTests {
    @Test(arguments: ["2022-10-28", "2022-11-10", "2022-11-25", "2022-12-12", "2022-12-20", "2023-01-16", "2023-01-17", "2023-02-07"])
    func rebuildingAPastDateFromTheStoreMatchesTheStoreThen(_ iso: String) throws {
        let day = Day(iso: iso)!
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let now = try StoreFixture.snapshot(StoreFixture.build(in: directory))
        let then = try StoreFixture.snapshot(StoreFixture.build(through: day, in: directory))
        let rebuilt = now.asOf(day, timeZone: Fixture.utc)
        #expect(rebuilt.plans.sorted { $0.id < $1.id } == then.plans.sorted { $0.id < $1.id })
        #expect(rebuilt.milestones.sorted { $0.id < $1.id } == then.milestones.sorted { $0.id < $1.id })
        #expect(rebuilt.findings.sorted { $0.id < $1.id } == then.findings.sorted { $0.id < $1.id })
        // The store lists actions in finding order, a rebuilt snapshot by id: compare by id.
        let rebuiltActions = rebuilt.actions.sorted { $0.id < $1.id }, thenActions = then.actions.sorted { $0.id < $1.id }
        #expect(rebuiltActions.map(\.id) == thenActions.map(\.id))
        for (a, b) in zip(rebuiltActions, thenActions) where a != b {
            Issue.record("action \(a.id) rebuilt as\n\(a)\nbut the store had\n\(b)")
        }
        #expect(rebuilt.latestNotes() == then.latestNotes())
        let options = ReportOptions(asOf: day, since: day.adding(days: -20), timeZone: Fixture.utc, generatedAt: Fixture.generatedAt)
        let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: StoreFixture.holidays))
        #expect(JSONExport.render(ProgressSummary(snapshot: now, calendar: calendar, options: options))
                == JSONExport.render(ProgressSummary(snapshot: then, calendar: calendar, options: options)))
    }
}
