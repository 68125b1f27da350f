import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import ActionPlanReports

/// The board pack's "Recurring findings" (issue 15): each finding of the plan that the
/// authority's earlier documents raised before, with where, from the snapshot's recurrences.
@Suite struct RecurrenceReportTests {
    func snapshotWithARecurrence() throws -> (ReportSnapshot, Finding) {
        var snapshot = Fixture.history().snapshot()
        let finding = try #require(snapshot.findings.first { $0.category.isImprovement })
        let day = try #require(Day(iso: "2010-01-29"))
        snapshot.recurrences = [finding.id: [
            Recurrence(findingId: 9_001, ref: "D2", category: .areaForDevelopment, text: "Supervision is variable.", planId: 900,
                       kind: .unannouncedInspection, date: day, score: 0.4),
            Recurrence(findingId: 9_101, ref: "C6", category: .areaForConsideration, text: "Management decisions are not recorded.",
                       planId: 901, kind: .peerReview, date: try #require(Day(iso: "2014-05-12")), score: 0.25),
        ]]
        return (snapshot, finding)
    }

    @Test func thePackListsEachFindingRaisedBeforeWithWhere() throws {
        let (snapshot, finding) = try snapshotWithARecurrence()
        let summary = ProgressSummary(snapshot: snapshot, calendar: Fixture.calendar, options: Fixture.options(planIds: [finding.planId]))
        let plan = try #require(summary.plans.first)
        #expect(plan.recurring.map(\.finding.id) == [finding.id])
        let markdown = MarkdownReport.render(summary)
        #expect(markdown.contains("### Recurring findings\n"))
        #expect(markdown.contains("| \(finding.ref) | \(finding.text) | 2014 peer review (C6), 2010 inspection (D2) |"))
        let html = HTMLReport.render(summary)
        #expect(html.contains("<h3>Recurring findings</h3>") && html.contains("2014 peer review (C6), 2010 inspection (D2)"))
    }

    @Test func aPackWithNothingRaisedBeforeHasNoSuchSection() {
        let summary = Fixture.summary()
        #expect(summary.plans.allSatisfy { $0.recurring.isEmpty })
        #expect(!MarkdownReport.render(summary).contains("Recurring findings"))
        #expect(!HTMLReport.render(summary).contains("Recurring findings"))
    }

    @Test func aPastDateKeepsTheRecurrencesOfTheFindingsItShows() throws {
        let (snapshot, finding) = try snapshotWithARecurrence()
        let past = snapshot.asOf(Fixture.asOf, timeZone: Fixture.utc).visible()
        #expect(past.recurrences[finding.id]?.count == 2)
        var removed = snapshot
        removed.findings = removed.findings.map { f in
            var f = f
            if f.id == finding.id { f.removed = Removal(at: Date(timeIntervalSince1970: 0), by: "qa", reason: "duplicate") }
            return f
        }
        #expect(removed.visible().recurrences[finding.id] == nil, "a removed finding's recurrences go with it")
    }

    @Test func theWordingNamesEachDocumentOnceNewestFirstWithItsClosestFinding() throws {
        let day = try #require(Day(iso: "2010-01-29")), october = try #require(Day(iso: "2010-10-22"))
        func r(_ id: Int64, _ ref: String, plan: Int64, _ kind: DocumentKind, _ date: Day, _ score: Double) -> Recurrence {
            Recurrence(findingId: id, ref: ref, category: .areaForDevelopment, text: "", planId: plan, kind: kind, date: date, score: score)
        }
        let list = [r(1, "D2", plan: 1, .unannouncedInspection, day, 0.3), r(2, "P2", plan: 1, .unannouncedInspection, day, 0.5),
                    r(3, "I5", plan: 2, .slacInspection, october, 0.25)]
        #expect(Recurrence.raisedBefore(list) == "Raised before: October 2010 inspection (I5), January 2010 inspection (P2)")
        #expect(Recurrence.raisedBeforeYears(list) == "raised before 2010")
        #expect(Recurrence.raisedBefore([]) == nil && Recurrence.raisedBeforeYears([]) == nil)
    }
}
