import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// The fixed day of every screen test: Monday 23 November 2026.
let fixedToday = Day(year: 2026, month: 11, day: 23)!
let fixedNow = Date(timeIntervalSince1970: 1_795_400_000)
/// The moment the store stamps every change with (Wednesday 18 November 2026, 11:06 UTC).
let fixedStoreTime = Date(timeIntervalSince1970: 1_795_000_000)
let sharedCalendar = WorkingDayCalendar(holidays: .rulesOnly, years: 2005...2035)

/// Two plans: a focused visit with overdue, amber, green, complete and unowned actions (and
/// wide and accented text), and an older inspection that is complete.
func makeFixtureStore() throws -> CountingStore {
    // The store stamps rows with its own clock: the plans are imported on 26 October, bob's
    // note is written on 18 November.
    let created = Date(timeIntervalSince1970: 1_793_000_000)
    let store = try CountingStore(now: created)
    func action(_ title: String, owner: String?, due: Day?, status: ActionStatus = .notStarted,
                provisional: Bool = false, evidence: String? = nil, measure: String? = nil) -> Action {
        Action(findingId: 0, planId: 0, title: title, owner: owner, due: due, dueProvisional: provisional,
               dueRule: provisional ? .months(3) : nil, status: status, successMeasure: measure, evidence: evidence,
               createdAt: created, updatedAt: created, updatedBy: "import")
    }
    let received = Day(year: 2026, month: 10, day: 27)!
    let focused = PlanDraft(
        plan: Plan(title: "Focused visit to Stockton-on-Tees children’s services", authority: "Stockton-on-Tees",
                   kind: .focusedVisit, letterDate: Day(year: 2026, month: 10, day: 26), received: received,
                   createdAt: created, createdBy: "import"),
        milestones: [
            Milestone(planId: 0, title: "Early draft action plan to Ofsted", due: sharedCalendar.addingWorkingDays(20, to: received), rule: .workingDays(20)),
            Milestone(planId: 0, title: "Final action plan to Ofsted and the DfE", due: sharedCalendar.addingWorkingDays(70, to: received), rule: .workingDays(70)),
        ],
        findings: [
            FindingDraft(finding: Finding(planId: 0, ref: "P1", category: .priorityAction, sectionPath: ["Areas for priority action"],
                                          text: "The quality and timeliness of assessments for children in need, so that they are proportionate to need and lead to timely help and protection.", position: 1),
                         actions: [
                            action("Audit every open assessment older than 45 working days", owner: "Head of Service – Assessment",
                                   due: Day(year: 2026, month: 11, day: 16), status: .inProgress, measure: "95% of assessments within 45 working days by March"),
                            action("Weekly performance clinic for team managers", owner: "Zoë Hart", due: Day(year: 2026, month: 12, day: 1)),
                         ]),
            FindingDraft(finding: Finding(planId: 0, ref: "P2", category: .priorityAction, sectionPath: ["Areas for priority action"],
                                          text: "Management oversight and supervision of frontline practice.", position: 2),
                         actions: [
                            action("Supervision audit of every team", owner: "Principal Social Worker (alice)",
                                   due: Day(year: 2027, month: 1, day: 27), provisional: true),
                         ]),
            FindingDraft(finding: Finding(planId: 0, ref: "W1", category: .whatNeedsToImprove,
                                          sectionPath: ["What needs to improve in this area of social work practice?"],
                                          text: "The recording of children’s wishes and feelings – including “direct work” – in their plans.", position: 3),
                         actions: [
                            action("Leaflets in 中文 and Polski for families ✅", owner: "Zoë Hart", due: Day(year: 2026, month: 10, day: 30),
                                   status: .complete, evidence: "Leaflets published on the council website"),
                            action("Revise the child’s plan template", owner: nil, due: nil),
                         ]),
            FindingDraft(finding: Finding(planId: 0, ref: "W2", category: .whatNeedsToImprove,
                                          sectionPath: ["What needs to improve in this area of social work practice?"],
                                          text: "The timeliness of return home interviews.", position: 4)),
            FindingDraft(finding: Finding(planId: 0, ref: "G1", category: .strength, sectionPath: ["Strengths"],
                                          text: "Leaders know their services well.", position: 5)),
        ])
    let planId = try store.createPlan(focused, who: "import")
    let older = PlanDraft(
        plan: Plan(title: "Annual unannounced inspection of contact, referral and assessment", authority: "Middlesbrough",
                   kind: .unannouncedInspection, letterDate: Day(year: 2010, month: 10, day: 13),
                   received: Day(year: 2010, month: 10, day: 13)!, createdAt: created, createdBy: "import"),
        findings: [
            FindingDraft(finding: Finding(planId: 0, ref: "D1", category: .areaForDevelopment, sectionPath: ["Areas for development"],
                                          text: "Ensure that all referrals are screened within one working day.", position: 1),
                         actions: [action("Daily screening rota", owner: "Team Manager, MASH", due: Day(year: 2011, month: 1, day: 13), status: .complete)]),
            FindingDraft(finding: Finding(planId: 0, ref: "D2", category: .areaForDevelopment, sectionPath: ["Areas for development"],
                                          text: "Improve the recording of management decisions.", position: 2),
                         actions: [action("Recording policy", owner: "Team Manager, MASH", due: Day(year: 2011, month: 4, day: 13), status: .cancelled)]),
        ])
    _ = try store.createPlan(older, who: "import")
    store.clock.now = fixedStoreTime
    let first = try #require(try store.actions(ActionQuery(planIds: [planId])).first)
    _ = try store.updateAction(id: first.id, changes: ActionChanges(note: "Audit started: 40 of 120 cases reviewed."),
                               expectVersion: nil, who: "bob", today: Day(year: 2026, month: 11, day: 18)!)
    return store
}

func makeApp(store: any PlanStore, width: Int = 80, height: Int = 24, who: String = "alice") -> App {
    let context = UIContext(store: store, who: who, today: fixedToday, calendar: sharedCalendar, now: { fixedNow })
    return App(context: context, width: width, height: height)
}

/// Keys written as text: plain characters, and `<Enter>`, `<Esc>`, `<Up>`, `<Down>`, `<Left>`,
/// `<Right>`, `<Home>`, `<End>`, `<PgUp>`, `<PgDn>`, `<BS>`, `<Del>`, `<Tab>`, `<S-Tab>`,
/// `<Space>`, `<C-x>`.
func keys(_ script: String) -> [Key] {
    var result: [Key] = []
    var i = script.startIndex
    while i < script.endIndex {
        if script[i] == "<", let close = script[i...].firstIndex(of: ">"), close > script.index(after: i) {
            let name = String(script[script.index(after: i)..<close])
            let named: [String: Key] = ["Enter": .enter, "Esc": .escape, "Up": .up, "Down": .down, "Left": .left,
                                        "Right": .right, "Home": .home, "End": .end, "PgUp": .pageUp, "PgDn": .pageDown,
                                        "BS": .backspace, "Del": .delete, "Tab": .tab, "S-Tab": .backTab, "Space": .char(" "),
                                        "lt": .char("<")]
            if let key = named[name] {
                result.append(key)
            } else if name.hasPrefix("C-"), name.count == 3 {
                result.append(.ctrl(name.last!))
            } else {
                Issue.record("unknown key name <\(name)> in a key script")
            }
            i = script.index(after: close)
        } else {
            result.append(.char(script[i]))
            i = script.index(after: i)
        }
    }
    return result
}

@discardableResult
func press(_ app: App, _ script: String) -> [Effect] {
    var effects: [Effect] = []
    for key in keys(script) { effects += app.handle(.key(key)) }
    return effects
}

/// A day a test can move forward, read by the app through `UIContext.currentDay`.
final class DayBox: @unchecked Sendable {
    private let lock = NSLock()
    private var day: Day
    init(_ day: Day) { self.day = day }
    var value: Day {
        get { lock.withLock { day } }
        set { lock.withLock { day = newValue } }
    }
}

/// The help screen's text with each long row's continuation lines joined onto the row (help
/// wraps a text too long for the screen under its text column).
func helpText(_ app: App) -> [String] {
    var lines: [String] = []
    for line in app.render().text.components(separatedBy: "\n") {
        let indent = line.prefix { $0 == " " }.count
        if indent >= 17, indent < line.count, let last = lines.last, !last.trimmingCharacters(in: .whitespaces).isEmpty {
            lines[lines.count - 1] = last + " " + line.dropFirst(indent)
        } else {
            lines.append(line)
        }
    }
    return lines
}
