import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL
@testable import ActionPlanReports

/// A fixed database written through the real SQLite store with a scripted clock, so that the
/// reports are tested against the audit trail exactly as the store writes it.
enum StoreFixture {
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var value = Date(timeIntervalSince1970: 0)
        func set(_ date: Date) { lock.lock(); value = date; lock.unlock() }
        func now() -> Date { lock.lock(); defer { lock.unlock() }; return value }
    }

    static let asOf = Day(iso: "2023-01-16")!
    static let since = Day(iso: "2022-12-01")!
    /// SOURCE_DATE_EPOCH of the golden CLI exports: 2023-01-16 17:30 UTC.
    static let epoch = "1673890200"

    static var holidays: [BankHoliday] {
        var list: [BankHoliday] = []
        for year in 2010...2030 { list += StatutoryHolidays.holidays(year: year) }
        return list + [BankHoliday(day: Day(iso: "2022-09-19")!, name: "State Funeral of Queen Elizabeth II"),
                       BankHoliday(day: Day(iso: "2023-05-08")!, name: "Coronation of King Charles III")]
    }

    /// Writes the history up to the end of `day` (all of it when nil) into a new database
    /// file and returns its path.
    static func build(through day: Day? = nil, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent("plans-\(day?.iso ?? "all").sqlite").path
        let clock = Clock()
        let store = try SQLitePlanStore(path: path, options: StoreOptions(initialHolidays: holidays, now: { clock.now() }))
        let cutoff = day.map { ScriptedHistory.at($0.adding(days: 1).iso, "00:00") }
        var ids: [String: Int64] = [:]
        func at(_ iso: String, _ time: String, _ body: () throws -> Void) rethrows {
            let moment = ScriptedHistory.at(iso, time)
            if let cutoff, moment >= cutoff { return }
            clock.set(moment)
            try body()
        }
        func update(_ key: String, _ who: String, _ changes: ActionChanges) throws {
            _ = try store.updateAction(id: ids[key]!, changes: changes, expectVersion: nil, who: who,
                                       today: Clockless(timeZone: Fixture.utc).day(of: clock.now()))
        }
        let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: holidays))
        let received = Day(iso: "2022-10-27")!
        let created = ScriptedHistory.at("2022-10-28", "09:00")

        try at("2022-10-28", "09:00") {
            func finding(_ ref: String, _ category: FindingCategory, _ section: [String], _ text: String) -> Finding {
                Finding(planId: 0, ref: ref, category: category, sectionPath: section, text: text)
            }
            func action(_ title: String, owner: String?, due: String?, provisional: Bool = false, measure: String?) -> Action {
                Action(findingId: 0, planId: 0, title: title, owner: owner, due: due.flatMap { Day(iso: $0) },
                       dueProvisional: provisional, successMeasure: measure, createdAt: created, updatedAt: created, updatedBy: "qa")
            }
            let apa = ["Areas for priority action"], wni = ["What needs to improve in this area of social work practice?"]
            let draft = PlanDraft(
                plan: Plan(title: "Focused visit — Stockton-on-Tees, 26 October 2022", authority: "Stockton-on-Tees",
                           kind: .focusedVisit, letterDate: Day(iso: "2022-10-26"), received: received,
                           sourceFile: "001_focused_visit.txt", createdAt: created, createdBy: "qa"),
                milestones: [
                    Milestone(planId: 0, title: "Early draft action plan to Ofsted",
                              due: calendar.addingWorkingDays(20, to: received), rule: .workingDays(20)),
                    Milestone(planId: 0, title: "Final action plan to Ofsted and the DfE",
                              due: calendar.addingWorkingDays(70, to: received), rule: .workingDays(70)),
                ],
                findings: [
                    FindingDraft(finding: finding("P1", .priorityAction, apa, "The timeliness of initial child protection conferences."),
                                 actions: [action("Weekly ICPC tracker", owner: "Head of Service", due: "2022-12-16",
                                                  measure: "95% of ICPCs within 15 working days")]),
                    FindingDraft(finding: finding("P2", .priorityAction, apa, Fixture.hostileFinding),
                                 actions: [action("Daily review of front-door decisions", owner: "Service Manager, MASH",
                                                  due: "2022-11-30", measure: "Improved oversight"),
                                           action("=Refresh threshold guidance", owner: nil, due: "2023-01-20", provisional: true,
                                                  measure: nil)]),
                    FindingDraft(finding: finding("W1", .whatNeedsToImprove, wni, "Supervision that shows reflection and challenge."),
                                 actions: [action("Reflective supervision training", owner: "Principal Social Worker",
                                                  due: "2023-01-27", measure: "Training delivered to 40 supervisors")]),
                    FindingDraft(finding: finding("W2", .whatNeedsToImprove, wni, Fixture.hostileCoverage)),
                ])
            let planId = try store.createPlan(draft, who: "qa")
            let actions = try store.actions(ActionQuery(planIds: [planId])).sorted { $0.id < $1.id }
            for (key, action) in zip(["icpc", "frontDoor", "threshold", "training"], actions) { ids[key] = action.id }
            ids["plan"] = planId
        }
        try at("2022-11-07", "10:15") { try update("icpc", "hos", ActionChanges(status: .inProgress, note: "Tracker designed.")) }
        try at("2022-11-10", "11:00") { try update("frontDoor", "mash", ActionChanges(status: .inProgress)) }
        try at("2022-11-24", "16:00") { _ = try store.setMilestoneDone(id: 1, done: Day(iso: "2022-11-24"), who: "qa") }
        try at("2022-11-25", "12:00") { try update("frontDoor", "mash", ActionChanges(due: .some(Day(iso: "2022-12-23")))) }
        try at("2022-12-05", "09:00") {
            try update("icpc", "hos", ActionChanges(status: .complete, evidence: .some("Tracker and minutes, December 2022")))
        }
        try at("2022-12-12", "11:00") {
            let p1 = try store.findings(planId: ids["plan"]!).first { $0.ref == "P1" }!
            ids["dashboard"] = try store.addAction(Action(findingId: p1.id, planId: ids["plan"]!, title: "Data dashboard training",
                                                          owner: "Head of Performance", due: Day(iso: "2023-01-13"),
                                                          successMeasure: "Ten managers trained", createdAt: clock.now(),
                                                          updatedAt: clock.now(), updatedBy: "perf"), who: "perf")
        }
        try at("2022-12-20", "13:00") {
            try update("frontDoor", "mash", ActionChanges(due: .some(Day(iso: "2023-01-06")), note: Fixture.hostileNote))
        }
        try at("2023-01-09", "10:00") {
            try update("training", "qa", ActionChanges(status: .inProgress,
                                                       ragOverride: .some(RAGOverride(rag: .amber, reason: "Trainer availability"))))
        }
        // After the as-of date.
        try at("2023-01-17", "08:30") {
            try update("frontDoor", "hos", ActionChanges(owner: .some("Head of Service"), due: .some(Day(iso: "2023-02-10"))))
            try update("threshold", "qa", ActionChanges(owner: .some("Partnership Manager"), note: "Owner agreed."))
        }
        try at("2023-02-06", "09:00") { _ = try store.setMilestoneDone(id: 2, done: Day(iso: "2023-02-06"), who: "qa") }
        try at("2023-02-08", "15:00") {
            try update("frontDoor", "hos", ActionChanges(status: .complete, evidence: .some("Dip sample of 30 decisions")))
            try update("training", "qa", ActionChanges(ragOverride: .some(nil)))
        }
        return path
    }

    static func snapshot(_ path: String) throws -> ReportSnapshot {
        let store = try SQLitePlanStore(path: path, options: StoreOptions(initialHolidays: holidays))
        return ReportSnapshot(plans: try store.plans(), milestones: try store.milestones(planId: nil),
                              findings: try store.findings(planId: nil), actions: try store.actions(.all),
                              latestNotes: try store.latestNotes(actionIds: nil), auditEvents: try store.auditEvents(since: nil))
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
