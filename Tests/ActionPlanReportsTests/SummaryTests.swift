import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

@Suite struct SummaryTests {
    @Test func changesSinceListCompletedReprogrammedRAGAndNewActions() throws {
        let changes = try #require(Fixture.summary().plans[0].changes)
        #expect(changes.completed.map(\.line.action.id) == [Fixture.icpcTracker, Fixture.performanceClinic])
        #expect(changes.newActions.map(\.line.action.id) == [Fixture.dashboardTraining])
        let move = try #require(changes.reprogrammed.first)
        #expect(changes.reprogrammed.count == 1)
        #expect((move.oldDue.iso, move.newDue?.iso) == ("2022-12-23", "2023-01-06"))
        let rag = Dictionary(uniqueKeysWithValues: changes.ragChanges.map { ($0.line.action.id, ($0.from, $0.to)) })
        #expect(rag[Fixture.frontDoor]! == (.green, .red))
        #expect(rag[Fixture.supervisionTraining]! == (.green, .amber))
        #expect(rag[Fixture.dashboardTraining] == nil, "a new action is listed as new, not as a colour change")
    }

    @Test func withoutSinceThereIsNoChangesSection() {
        #expect(Fixture.summary(since: nil).plans.allSatisfy { $0.changes == nil })
    }

    @Test func exceptionsAreRedThenAmberWithTheLatestNote() {
        let exceptions = Fixture.summary().plans[0].exceptions
        #expect(exceptions.map(\.rag) == [.red, .red, .amber, .amber])
        #expect(exceptions.first?.action.id == Fixture.frontDoor)
        #expect(exceptions.first?.workingDaysOverdue == 6)
    }

    @Test func dueSoonCountsWorkingDaysAndOverdueIsOpenOnly() {
        let plan = Fixture.summary().plans[0]
        #expect(plan.overdue.map(\.action.id) == [Fixture.frontDoor, Fixture.dashboardTraining])
        #expect(plan.dueSoon.map(\.action.id) == [Fixture.threshold, Fixture.supervisionTraining])
        #expect(plan.dueSoon.map(\.workingDaysRemaining) == [4, 9])
    }

    @Test func coverageListsImprovementFindingsWithNoOpenOrCompleteAction() {
        let refs = Fixture.summary().plans[0].coverage.map(\.ref)
        #expect(refs == ["P3", "W3"], "P3's only action is cancelled, W3 has none; the strength G1 needs none")
    }

    @Test func ownerFilterKeepsOnlyThatOwnersActionsIgnoringCase() {
        let summary = Fixture.summary(owner: "HEAD OF PERFORMANCE")
        let owners = Set(summary.plans.flatMap(\.actions).compactMap(\.action.owner))
        #expect(owners == ["Head of Performance"])
        #expect(summary.overall.total == 2)
    }

    @Test func planFilterKeepsOnlyThosePlans() {
        let summary = Fixture.summary(planIds: [2])
        #expect(summary.plans.map(\.plan.id) == [2])
    }

    @Test func milestonesSayWorkingDaysLeftOrOverdueOrDone() {
        let plan = Fixture.summary().plans[0]
        #expect(plan.milestones[0].standing == "done 2022-11-24, on time")
        #expect(plan.milestones[1].standing == "in 16 wd")
        let later = ReportOptions(asOf: Day(iso: "2023-02-09")!, timeZone: Fixture.utc, generatedAt: Fixture.generatedAt)
        let summary = ProgressSummary(snapshot: Fixture.history(through: Day(iso: "2023-02-01")!).snapshot(), calendar: Fixture.calendar,
                                      options: later)
        #expect(summary.plans[0].milestones[1].standing == "2 wd overdue")
        #expect(summary.plans[0].milestones[1].state == .overdue)
    }

    @Test func completionsOverTimeFollowTheAuditTrail() {
        let points = Fixture.summary().plans[0].completions
        #expect(points.map(\.day.iso) == ["2022-12-05", "2022-12-14"])
        #expect(points.map(\.complete) == [1, 2])
    }

    @Test func anActionCreatedCompleteCountsFromItsCreationUntilReopened() {
        var h = ScriptedHistory()
        let t0 = ScriptedHistory.at("2023-03-01")
        let p = h.createPlan("P", authority: "A", kind: .other, letter: "2023-03-01", received: "2023-03-01", at: t0, who: "x")
        let f = h.addFinding(plan: p, ref: "R1", .recommendation, section: [], "F", at: t0, who: "x")
        let done = h.addAction(finding: f, "Done already", status: .complete, evidence: "e", at: t0, who: "x")
        h.addAction(finding: f, "Done already, stays done", status: .complete, evidence: "e", at: t0, who: "x")
        h.update(done, at: ScriptedHistory.at("2023-03-08"), who: "x") { $0.status = .inProgress }
        let options = ReportOptions(asOf: Day(iso: "2023-03-10")!, timeZone: Fixture.utc, generatedAt: t0)
        let points = ProgressSummary(snapshot: h.snapshot(), calendar: Fixture.calendar, options: options).plans[0].completions
        #expect(points.map(\.day.iso) == ["2023-03-01", "2023-03-08"])
        #expect(points.map(\.complete) == [2, 1])
    }

    @Test func markdownTableCellsCannotBreakTheTable() {
        #expect(MarkdownReport.escape("a | b\nc <x> *y*") == "a \\| b c \\<x\\> \\*y\\*")
    }

    @Test func jsonParsesAndHasTheDocumentedTopLevelKeys() throws {
        let text = JSONExport.render(Fixture.summary())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["schema", "as_of", "since", "owner", "generated_at", "due_soon_working_days", "overall", "plans"])
        let plans = try #require(object["plans"] as? [[String: Any]])
        #expect(Set(plans[0].keys) == ["plan", "milestones", "totals", "by_section", "by_category", "exceptions", "overdue", "due_soon", "changes",
                                       "owners", "coverage", "completions", "actions"])
    }

    @Test func formatsComeFromNamesAndFileExtensionsAndSuggestAFileName() {
        #expect(ReportFormat(name: "Markdown") == .md)
        #expect(ReportFormat(name: " HTML ") == .html)
        #expect(ReportFormat(name: "xml") == nil)
        #expect(ReportFormat(fileName: "board/report.HTM") == .html)
        #expect(ReportFormat(fileName: "due.ical") == .ics)
        #expect(ReportFormat(fileName: "notes.txt") == nil)
        #expect(ReportFormat(fileName: "folder.v2/report") == nil)
        #expect(ReportFormat.html.defaultFileName(planId: 3, asOf: Fixture.asOf) == "action-plan-3-2023-01-16.html")
        #expect(ReportFormat.csv.defaultFileName(planId: nil, asOf: Fixture.asOf) == "action-plans-2023-01-16.csv")
        let summary = Fixture.summary()
        #expect(ReportFormat.ics.render(summary) == ICalendarExport.render(summary, stamp: summary.generatedAt))
    }
}

@Suite struct AccountableTests {
    @Test func theResponsibleBodyStandsBesideTheOwnerInTheReports() {
        let rules = RAGRules(calendar: Fixture.calendar, today: Fixture.asOf)
        let finding = Finding(planId: 1, ref: "P1", category: .priorityAction, text: "Reduce waiting times.",
                              ownerBody: "Bury Council and NHS Greater Manchester ICB")
        let owned = Action(findingId: 1, planId: 1, title: "Waiting list plan", owner: "Head of SEND", createdAt: Fixture.generatedAt,
                           updatedAt: Fixture.generatedAt, updatedBy: "qa")
        var unowned = owned
        unowned.owner = nil
        #expect(ActionLine(action: owned, finding: finding, rules: rules, latestNote: nil).accountable
                == "Head of SEND · body: Bury Council and NHS Greater Manchester ICB")
        #expect(ActionLine(action: unowned, finding: finding, rules: rules, latestNote: nil).accountable
                == "(no owner) · body: Bury Council and NHS Greater Manchester ICB")
        #expect(ActionLine(action: unowned, finding: nil, rules: rules, latestNote: nil).accountable == "(no owner)")
    }
}
