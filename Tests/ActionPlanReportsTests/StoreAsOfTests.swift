import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
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

@Suite struct StoreUndoAsOfTests {
    /// An action created, then removed by `undo`: the store records the removal with the row's
    /// JSON, and a date between the two brings the action back.
    @Test func anActionRemovedByUndoComesBackAtADateBeforeTheUndo() throws {
        let directory = try StoreFixture.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let clock = StoreFixture.Clock()
        let store = try SQLitePlanStore(path: directory.appendingPathComponent("undo.sqlite").path,
                                        options: StoreOptions(initialHolidays: StoreFixture.holidays, now: { clock.now() }))
        clock.set(ScriptedHistory.at("2023-03-01"))
        let t0 = clock.now()
        let planId = try store.createPlan(PlanDraft(
            plan: Plan(title: "P", authority: "A", kind: .other, letterDate: nil, received: Day(iso: "2023-03-01")!, createdAt: t0, createdBy: "x"),
            findings: [FindingDraft(finding: Finding(planId: 0, ref: "R1", category: .recommendation, text: "F"))]), who: "x")
        let findingId = try store.findings(planId: planId)[0].id
        clock.set(ScriptedHistory.at("2023-03-02"))
        let actionId = try store.addAction(Action(findingId: findingId, planId: planId, title: "Short-lived", owner: "Jo",
                                                  due: Day(iso: "2023-04-03"), dueProvisional: true, successMeasure: "5 audits",
                                                  createdAt: t0, updatedAt: t0, updatedBy: "x"), who: "x")
        let created = try #require(try store.action(id: actionId))
        clock.set(ScriptedHistory.at("2023-03-09"))
        _ = try store.undoLast(who: "x")
        #expect(try store.action(id: actionId) == nil)

        let snapshot = ReportSnapshot(plans: try store.plans(), milestones: [], findings: try store.findings(planId: nil),
                                      actions: try store.actions(.all), latestNotes: [:], auditEvents: try store.auditEvents(since: nil))
        let between = snapshot.asOf(Day(iso: "2023-03-05")!, timeZone: Fixture.utc)
        #expect(between.actions == [created], "the action as the store had it before the undo")
        #expect(snapshot.asOf(Day(iso: "2023-03-01")!, timeZone: Fixture.utc).actions.isEmpty, "not yet created")
        #expect(snapshot.asOf(Day(iso: "2023-03-10")!, timeZone: Fixture.utc).actions.isEmpty, "undone")
    }
}
