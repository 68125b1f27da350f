import Foundation
import Testing
import ActionPlanModel
@testable import ActionPlanReports

/// Exporting 100,000 actions to every format. A benchmark, not a timed test: it prints the
/// times and runs only with `ACTIONPLAN_BENCH=1` (build with `-c release` for real numbers).
@Suite struct Benchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["ACTIONPLAN_BENCH"] == "1"))
    func export100000Actions() {
        let t0 = ScriptedHistory.at("2023-01-02")
        let plan = Plan(id: 1, title: "Benchmark plan", authority: "Anywhere", kind: .ilacsInspection,
                        letterDate: Day(iso: "2023-01-02"), received: Day(iso: "2023-01-02")!, createdAt: t0, createdBy: "bench")
        var findings: [Finding] = []
        var actions: [Action] = []
        var notes: [Note] = []
        for i in 1...1_000 {
            findings.append(Finding(id: Int64(i), planId: 1, ref: "R\(i)", category: FindingCategory.allCases[i % 7],
                                    sectionPath: ["Section \(i % 12)", "Areas for improvement"],
                                    text: "Finding \(i): improve the timeliness, quality & \"oversight\" of practice.", position: i))
        }
        for i in 1...100_000 {
            let status = ActionStatus.allCases[i % 4]
            actions.append(Action(id: Int64(i), findingId: Int64(i % 1_000 + 1), planId: 1, title: "Action \(i), with a comma",
                                  owner: "Owner \(i % 40)", due: Day(iso: "2023-01-02")!.adding(days: i % 300),
                                  status: status, successMeasure: "\(i % 100)% of cases", evidence: status == .complete ? "e" : nil,
                                  createdAt: t0, updatedAt: t0, updatedBy: "bench"))
            if i % 2 == 0 { notes.append(Note(id: Int64(i), actionId: Int64(i), author: "b", day: Day(iso: "2023-02-01")!, createdAt: t0, text: "Note \(i)")) }
        }
        let snapshot = ReportSnapshot(plans: [plan], milestones: [], findings: findings, actions: actions, notes: notes)
        let options = ReportOptions(asOf: Day(iso: "2023-06-01")!, timeZone: Fixture.utc, generatedAt: t0)
        func time(_ name: String, _ body: () -> Int) {
            let start = Date()
            let size = body()
            print(String(format: "bench %-10@ %7.3f s  %10d bytes", name as NSString, Date().timeIntervalSince(start), size))
        }
        let calendar = Fixture.calendar  // built before the clock starts
        var summary: ProgressSummary!
        time("summary") { summary = ProgressSummary(snapshot: snapshot, calendar: calendar, options: options); return 0 }
        time("markdown") { MarkdownReport.render(summary).utf8.count }
        time("html") { HTMLReport.render(summary).utf8.count }
        time("csv") { CSVExport.render(summary).utf8.count }
        time("json") { JSONExport.render(summary).utf8.count }
        time("ics") { ICalendarExport.render(summary, stamp: t0).utf8.count }
        time("check") { SMARTCheck.run(snapshot, today: options.asOf).text().utf8.count }
    }
}
