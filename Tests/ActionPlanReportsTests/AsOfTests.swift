import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

/// The plan at a past date, rebuilt from today's rows and the audit trail, equals the plan as
/// the scripted history left it on that date.
@Suite struct AsOfTests {
    static let checkpoints = ["2022-10-27", "2022-10-28", "2022-11-07", "2022-11-15", "2022-11-24", "2022-11-25",
                              "2022-12-05", "2022-12-12", "2022-12-31", "2023-01-16", "2023-01-17", "2023-01-25",
                              "2023-02-07", "2023-02-08", "2023-03-01"]

    @Test(arguments: checkpoints)
    func reproducesEveryRowAsItWasAtTheEndOfTheDay(_ iso: String) {
        let day = Day(iso: iso)!
        let now = Fixture.history().snapshot()
        let rebuilt = now.asOf(day, timeZone: Fixture.utc)
        let then = Fixture.history(through: day).snapshot()
        #expect(rebuilt.plans == then.plans)
        #expect(rebuilt.milestones == then.milestones)
        #expect(rebuilt.findings == then.findings)
        for (a, b) in zip(rebuilt.actions, then.actions) where a != b {
            Issue.record("action \(a.id) rebuilt as \(a), was \(b)")
        }
        #expect(rebuilt.actions.map(\.id) == then.actions.map(\.id), "the same actions exist")
        #expect(rebuilt.latestNotes() == then.latestNotes(), "the newest note of each action as of the day")
        #expect(rebuilt.auditEvents == then.auditEvents, "only the events up to the day remain")
    }

    @Test(arguments: ["2022-11-25", "2022-12-31", "2023-01-16", "2023-02-07"])
    func aPastReportEqualsTheReportMadeOnThatDay(_ iso: String) {
        let day = Day(iso: iso)!
        let options = ReportOptions(asOf: day, since: day.adding(days: -30), timeZone: Fixture.utc, generatedAt: Fixture.generatedAt)
        let regenerated = ProgressSummary(snapshot: Fixture.history().snapshot(), calendar: Fixture.calendar, options: options)
        let original = ProgressSummary(snapshot: Fixture.history(through: day).snapshot(allNotes: true),
                                       calendar: Fixture.calendar, options: options)
        #expect(MarkdownReport.render(regenerated) == MarkdownReport.render(original))
        #expect(JSONExport.render(regenerated) == JSONExport.render(original))
        #expect(CSVExport.render(regenerated) == CSVExport.render(original))
    }

    @Test func actionsCreatedAfterTheDateAreDroppedAndChangesRolledBack() {
        let summary = Fixture.summary()
        let ids = summary.plans.flatMap(\.actions).map(\.action.id)
        #expect(!ids.contains(Fixture.lateAddition), "an action created after the as-of date is not in the report")
        let frontDoor = summary.plans[0].actions.first { $0.action.id == Fixture.frontDoor }!
        #expect(frontDoor.action.due == Day(iso: "2023-01-06"))
        #expect(frontDoor.action.owner == "Service Manager, MASH")
        #expect(frontDoor.action.status == .inProgress)
        #expect(frontDoor.action.reprogramCount == 2)
        #expect(frontDoor.latestNote?.text == Fixture.hostileNote)
        let training = summary.plans[0].actions.first { $0.action.id == Fixture.supervisionTraining }!
        #expect(training.action.ragOverride == .amber, "the override set before the date and cleared after it")
        #expect(summary.plans[0].milestones[1].milestone.done == nil, "the milestone done after the date is open")
    }

    @Test func theDayBoundaryFollowsTheTimeZone() {
        var h = ScriptedHistory()
        let t0 = ScriptedHistory.at("2023-06-01", "09:00")
        let p = h.createPlan("P", authority: "A", kind: .other, letter: "2023-06-01", received: "2023-06-01", at: t0, who: "x")
        let f = h.addFinding(plan: p, ref: "R1", .recommendation, section: [], "F", at: t0, who: "x")
        let a = h.addAction(finding: f, "A", owner: "o", due: "2023-07-31", at: t0, who: "x")
        // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
        h.update(a, at: ScriptedHistory.at("2023-06-30", "23:30"), who: "x") { $0.status = .complete }
        let snapshot = h.snapshot()
        let day = Day(iso: "2023-06-30")!
        #expect(snapshot.asOf(day, timeZone: Fixture.utc).actions[0].status == .complete)
        #expect(snapshot.asOf(day, timeZone: TimeZone(identifier: "Europe/London")!).actions[0].status == .notStarted)
    }

    @Test func aDeletedActionComesBackAtAnEarlierDate() {
        var h = ScriptedHistory()
        let t0 = ScriptedHistory.at("2023-03-01")
        let p = h.createPlan("P", authority: "A", kind: .other, letter: "2023-03-01", received: "2023-03-01", at: t0, who: "x")
        let f = h.addFinding(plan: p, ref: "R1", .recommendation, section: [], "F", at: t0, who: "x")
        let a = h.addAction(finding: f, "Doomed", owner: "o", due: "2023-04-03", measure: "5 audits", at: t0, who: "x")
        var snapshot = h.snapshot()
        let deletedRow = snapshot.auditEvents.last!.newValue
        snapshot.actions = []
        snapshot.auditEvents.append(AuditEvent(id: 99, changeGroup: 9, at: ScriptedHistory.at("2023-03-10"), who: "y",
                                               entity: "action", entityId: a, field: "*", oldValue: deletedRow, newValue: nil))
        let back = snapshot.asOf(Day(iso: "2023-03-05")!, timeZone: Fixture.utc)
        #expect(back.actions.map(\.title) == ["Doomed"])
        #expect(back.actions.first?.due == Day(iso: "2023-04-03"))
        #expect(back.actions.first?.successMeasure == "5 audits")
        #expect(snapshot.asOf(Day(iso: "2023-03-10")!, timeZone: Fixture.utc).actions.isEmpty)
    }
}
