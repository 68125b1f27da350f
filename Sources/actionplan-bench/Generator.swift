import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQLite
import ActionPlanSQL

/// A small deterministic random number generator (SplitMix64), so a size and a seed always
/// give the same database.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Generates realistic databases: plans of 10 to 40 findings with 1 to 3 actions each, owners,
/// due dates spread around today, progress notes and an audit history.
struct DatabaseGenerator {
    let actions: Int
    let today: Day
    let seed: UInt64
    var history = true
    /// Every finding in one plan (the worst case for the plan screen).
    var singlePlan = false

    static let authorities = [
        "Northmoor", "Eastfield", "Westbrook", "Southvale", "Ashcombe", "Brackley", "Calderwood", "Dunmere",
        "Elmstead", "Fenwick", "Greyhaven", "Hollinsby", "Ironbridge", "Kettleby", "Longmarsh", "Millbeck",
        "Newholme", "Oakhurst", "Penrith Vale", "Queensmead", "Redcliffe", "Stourby", "Thornleigh", "Upton Marsh",
        "Wexcombe", "Yarrowfield", "Zeal Monachorum", "Ældre Cross", "Saint-Étienne Row", "Llanfair",
    ]
    static let owners = [
        "Head of Service, Children in Care", "Head of Safeguarding", "Principal Social Worker", "Service Manager, MASH",
        "QA Officer", "Director of Children's Services", "Head of Early Help", "Service Manager, Care Leavers",
        "Amira Khan", "Ben Okafor", "Chloé Durand", "Dev Patel", "Eilidh MacLeod", "Fatima Noor", "Gareth Jones",
        "Hana Suzuki", "Ivan Petrov", "Jo Bloggs", "Kofi Mensah", "Lena Müller", "Zoë Ångström", "李雷",
    ]
    static let topics = [
        "management oversight of contacts and referrals", "the quality of assessments", "strategy discussions",
        "the timeliness of initial child protection conferences", "supervision and reflective practice",
        "plans for children in care", "permanence planning", "the voice of the child in records",
        "return home interviews", "pathway plans for care leavers", "private fostering arrangements",
        "the use of chronologies", "threshold decisions at the front door", "audit and quality assurance",
        "caseloads of social workers", "the response to domestic abuse", "education health and care plans",
    ]
    static let verbs = ["Strengthen", "Improve", "Review", "Embed", "Ensure consistency in", "Audit", "Reduce delay in"]

    /// Builds the database at `path` (which must not exist).
    func generate(path: String, holidays: [BankHoliday]) throws -> (plans: Int, actions: Int) {
        var random = SeededRandom(seed: seed)
        let clockStart = Date(timeIntervalSince1970: Double(today.adding(days: -730).dayNumber) * 86_400)
        let store = try SQLitePlanStore(path: path, options: StoreOptions(busyTimeout: 30, initialHolidays: holidays,
                                                                          now: { clockStart }, unsafeBulkLoad: true))
        let calendar = WorkingDayCalendar(holidays: HolidayTable(holidays: holidays))
        var made = 0, plans = 0
        var touched: [(id: Int64, due: Day?)] = []
        while made < actions {
            plans += 1
            let letter = today.adding(days: -Int.random(in: 30...720, using: &random))
            let kind: DocumentKind = [.focusedVisit, .ilacsInspection, .sendLocalArea].randomElement(using: &random)!
            let authority = Self.authorities[plans % Self.authorities.count] + (plans >= Self.authorities.count ? " \(plans / Self.authorities.count + 1)" : "")
            let plan = Plan(title: "\(kind.label) — \(authority), \(letter.longDescription)", authority: authority, kind: kind,
                            letterDate: letter, received: letter.adding(days: Int.random(in: 0...3, using: &random)),
                            createdAt: clockStart, createdBy: "generator")
            let milestones = [
                Milestone(planId: 0, title: "Early draft action plan", due: DeadlineRule.workingDays(20).due(received: plan.received, calendar: calendar), rule: .workingDays(20)),
                Milestone(planId: 0, title: "Final action plan", due: DeadlineRule.workingDays(70).due(received: plan.received, calendar: calendar), rule: .workingDays(70)),
            ]
            var findings: [FindingDraft] = []
            let findingCount = singlePlan ? Int.max : Int.random(in: 10...40, using: &random)
            var index = -1
            while index + 1 < findingCount && made < actions {
                index += 1
                let category: FindingCategory = [.priorityAction, .whatNeedsToImprove, .areaForImprovement, .recommendation]
                    .randomElement(using: &random)!
                let timeframe: Timeframe = [.none, .none, .within3Months, .within6Months, .immediately].randomElement(using: &random)!
                let topic = Self.topics.randomElement(using: &random)!
                let text = "\(Self.verbs.randomElement(using: &random)!) \(topic), so that children receive help at the right time (finding \(index + 1))."
                let finding = Finding(planId: 0, ref: "\(category.refPrefix)\(index + 1)", category: category, timeframe: timeframe,
                                      sectionPath: [category.label], text: text, position: index)
                var drafts: [Action] = []
                for n in 0..<Int.random(in: 1...3, using: &random) where made < actions {
                    let due = plan.received.adding(days: Int.random(in: 20...540, using: &random))
                    var status: ActionStatus = .notStarted
                    let roll = Int.random(in: 0..<100, using: &random)
                    if due < today { status = roll < 55 ? .complete : (roll < 90 ? .inProgress : (roll < 95 ? .notStarted : .cancelled)) }
                    else { status = roll < 15 ? .complete : (roll < 60 ? .inProgress : .notStarted) }
                    drafts.append(Action(findingId: 0, planId: 0, title: "Action \(n + 1): \(topic)",
                                         owner: Int.random(in: 0..<10, using: &random) == 0 ? nil : Self.owners.randomElement(using: &random),
                                         due: due, status: status,
                                         successMeasure: Int.random(in: 0..<10, using: &random) < 7 ? "90% of audited cases rated good by March" : nil,
                                         evidence: status == .complete && Int.random(in: 0..<10, using: &random) < 8 ? "Audit report" : nil,
                                         createdAt: clockStart, updatedAt: clockStart, updatedBy: "generator"))
                    made += 1
                }
                findings.append(FindingDraft(finding: finding, actions: drafts))
            }
            let planId = try store.createPlan(PlanDraft(plan: plan, milestones: milestones, findings: findings), who: "generator")
            for action in try store.actions(ActionQuery(planIds: [planId])) where Int.random(in: 0..<10, using: &random) < 3 {
                touched.append((action.id, action.due))
            }
        }
        // History: progress notes, and some reprogrammed due dates, by several people.
        for (index, item) in touched.enumerated() where history {
            var changes = ActionChanges(note: "Progress reviewed at the improvement board; next audit booked (\(index)).")
            if index % 4 == 0, let due = item.due { changes.due = .some(due.adding(days: 28)) }
            _ = try store.updateAction(id: item.id, changes: changes, expectVersion: nil,
                                       who: Self.owners[index % Self.owners.count], today: today.adding(days: -(index % 90)))
        }
        return (plans, made)
    }
}
