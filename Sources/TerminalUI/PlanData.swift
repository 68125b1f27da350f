import ActionPlanModel
import ActionPlanReports
import ActionPlanCore

/// A filter on the actions of a plan (`f`). All set conditions must hold.
public struct ActionFilter: Hashable, Sendable {
    public var mine = false
    public var overdue = false
    public var dueSoon = false
    public var status: ActionStatus?
    public var rag: RAG?
    public var owner: String?
    public var category: FindingCategory?

    public init() {}

    public var isEmpty: Bool { self == ActionFilter() }

    /// "mine, overdue, status in progress".
    public var summary: String {
        var parts: [String] = []
        if mine { parts.append("mine") }
        if overdue { parts.append("overdue") }
        if dueSoon { parts.append("due soon") }
        if let status { parts.append("status \(status.label.lowercased())") }
        if let rag { parts.append("RAG \(rag.label.lowercased())") }
        if let owner { parts.append("owner \(owner)") }
        if let category { parts.append(category.label.lowercased()) }
        return parts.joined(separator: ", ")
    }
}

/// How the plan screen orders actions (`S`). `plan` keeps the document's order, grouped by
/// section; the others list the actions flat.
public enum ActionSort: String, CaseIterable, Sendable {
    case plan, due, status, rag, owner

    var label: String {
        switch self {
        case .plan: return "plan order"
        case .due: return "due date"
        case .status: return "status"
        case .rag: return "RAG"
        case .owner: return "owner"
        }
    }
}

/// A group of the plan screen: the findings of one section and category.
struct FindingGroup: Sendable {
    var key: String
    var title: String
    var findingIndices: [Int]
}

/// One plan's findings and actions as loaded from the store, with what is derived from them
/// computed once per load (never per frame): groups, references, colours, search text.
struct PlanData: Sendable {
    let plan: Plan
    /// The plan this one goes on from, when its document says the earlier priority actions
    /// remain and that plan is in the database.
    var earlierPlan: Plan?
    /// Each finding's recurrences in the same authority's earlier documents, by finding id
    /// (read once per load, when asked for).
    var raisedBefore: [Int64: [Recurrence]] = [:]
    let milestones: [Milestone]
    let findings: [Finding]
    let actions: [Action]
    let actionsByFinding: [[Int]]
    let findingOfAction: [Int]
    let groups: [FindingGroup]
    let refs: [String]
    let rags: [RAG?]
    /// Each action's searchable text (title, finding, owner, measure, refs), folded as
    /// `TextSearch.fold` folds it (case, accents and width ignored: the rule of `list --search`),
    /// as UTF-8 bytes: a byte search finds a folded needle without Unicode-aware comparison, and
    /// UTF-8 cannot match part of a character, so the result is the same. Folded once per load.
    let haystacks: [[UInt8]]
    let counts: ProgressCounts
    /// What `actionplan check` flags in this plan, when the load asked for it.
    private(set) var smart: SMARTCounts?

    /// Reads a plan; with `smartCheck`, also runs the SMART check on it (once per load: it reads
    /// the newest note of every action).
    /// `recurrences` also reads where each finding was raised before (the plan screen's rows).
    static func load(planId: Int64, context: UIContext, smartCheck: Bool = false, recurrences: Bool = false) throws -> PlanData? {
        let store = context.store
        guard let plan = try store.plan(id: planId) else { return nil }
        let milestones = try store.milestones(planId: planId).sorted { ($0.due ?? plan.received) < ($1.due ?? plan.received) }
        let allFindings = try store.findings(planId: planId)
        let findings = allFindings.filter { $0.category.isImprovement }
            .sorted { ($0.position, $0.id) < ($1.position, $1.id) }
        let actions = try store.actions(ActionQuery(planIds: [planId]))
        var data = PlanData(plan: plan, milestones: milestones, findings: findings, actions: actions, rules: context.rules)
        if plan.earlierActionsRemain { data.earlierPlan = plan.earlierPlan(in: try store.plans()) }
        if recurrences { data.raisedBefore = try store.recurrences(planId: planId) }
        if smartCheck {
            // The same input as `actionplan check --plan`: every finding and action of the plan.
            let latest = try store.latestNotes(actionIds: actions.map(\.id))
            let snapshot = ReportSnapshot(plans: [plan], milestones: [], findings: allFindings, actions: actions,
                                          latestNotes: latest)
            let report = SMARTCheck.run(snapshot, planIds: [planId], today: context.today, timeZone: context.timeZone)
            data.smart = SMARTCounts(report.plans.first?.flags ?? [])
        }
        return data
    }

    init(plan: Plan, milestones: [Milestone], findings: [Finding], actions allActions: [Action], rules: RAGRules) {
        self.plan = plan
        self.milestones = milestones
        self.findings = findings
        var findingIndex: [Int64: Int] = [:]
        for (i, f) in findings.enumerated() { findingIndex[f.id] = i }
        let actions = allActions.filter { findingIndex[$0.findingId] != nil }.sorted { $0.id < $1.id }
        self.actions = actions
        var byFinding = Array(repeating: [Int](), count: findings.count)
        var findingOf = [Int](repeating: 0, count: actions.count)
        var refs = [String](repeating: "", count: actions.count)
        var rags = [RAG?](repeating: nil, count: actions.count)
        var hay = [String](repeating: "", count: actions.count)
        var counts = ProgressCounts()
        let foldedFindings = findings.map { TextSearch.fold($0.text) }
        for (i, a) in actions.enumerated() {
            let f = findingIndex[a.findingId]!
            byFinding[f].append(i)
            findingOf[i] = f
            refs[i] = PlanData.actionRef(a, findingRef: findings[f].ref, number: byFinding[f].count)
            rags[i] = rules.rag(a)
            // One fold per action (the finding's text is folded once per finding).
            hay[i] = TextSearch.fold([a.title, a.owner ?? "", a.successMeasure ?? "", refs[i]].joined(separator: "\u{1F}"))
                + "\u{1F}" + foldedFindings[f]
            counts.add(a, rules: rules)
        }
        actionsByFinding = byFinding
        findingOfAction = findingOf
        self.refs = refs
        self.rags = rags
        haystacks = hay.map { Array($0.utf8) }
        self.counts = counts
        var groups: [FindingGroup] = []
        var groupIndex: [String: Int] = [:]
        for (i, f) in findings.enumerated() {
            let key = f.section + "\u{1F}" + f.category.rawValue
            if let g = groupIndex[key] {
                groups[g].findingIndices.append(i)
            } else {
                groupIndex[key] = groups.count
                let title = f.sectionPath.isEmpty || PlanData.sectionNamesCategory(f.section, f.category)
                    ? (f.sectionPath.isEmpty ? f.category.label : f.section)
                    : "\(f.section) — \(f.category.label)"
                groups.append(FindingGroup(key: key, title: title, findingIndices: [i]))
            }
        }
        self.groups = groups
    }

    /// The reference of an action ("P1.2"), as the store gave it when the action was added:
    /// what `list`, `show` and every export call it. The only place the terminal UI takes an
    /// action's reference from; every screen and message takes it from `refs`.
    static func actionRef(_ action: Action, findingRef: String, number: Int) -> String {
        action.ref.isEmpty ? "\(findingRef).\(number)" : action.ref
    }

    /// Whether a section's name already says its category ("Areas for priority action",
    /// "What needs to improve in this area…"), so the group title need not repeat it.
    static func sectionNamesCategory(_ section: String, _ category: FindingCategory) -> Bool {
        let name = section.lowercased().replacingOccurrences(of: "areas", with: "area")
        return name.contains(category.label.lowercased())
    }

    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        var needle = needle
        return needle.withUTF8 { n in
            guard n.count <= haystack.count else { return false }
            guard let first = n.first else { return true }
            return haystack.withUnsafeBufferPointer { h in
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return true }
                    }
                    i += 1
                }
                return false
            }
        }
    }

    func matches(_ i: Int, filter: ActionFilter, search: String, rules: RAGRules, who: String) -> Bool {
        let a = actions[i]
        if !search.isEmpty, !Self.contains(haystacks[i], search) { return false }
        if filter.isEmpty { return true }
        if filter.mine {
            guard OwnerMatch.matches(a.owner, who) else { return false }
        }
        if filter.overdue, !rules.isOverdue(a) { return false }
        if filter.dueSoon, !rules.isDueSoon(a) { return false }
        if let s = filter.status, a.status != s { return false }
        if let r = filter.rag, rags[i] != r { return false }
        if let o = filter.owner, !OwnerMatch.matches(a.owner, o) { return false }
        if let c = filter.category, findings[findingOfAction[i]].category != c { return false }
        return true
    }
}

/// How much of a plan the SMART check flags: flags in all, and how many actions and findings
/// they are about.
struct SMARTCounts: Hashable, Sendable {
    var flags = 0
    var actions = 0
    var findings = 0

    init(_ flags: [SMARTFlag]) {
        self.flags = flags.count
        actions = Set(flags.compactMap(\.actionId)).count
        findings = flags.filter { $0.actionId == nil }.count
    }
}

/// One row of the plan screen.
enum PlanRow: Hashable, Sendable {
    case group(Int)
    case finding(Int)
    case action(Int)
}

extension PlanData {
    /// The rows to show: groups (unless collapsed) with their findings and matching actions
    /// in plan order, or matching actions only, sorted, for any other order.
    func rows(filter: ActionFilter, search: String, sort: ActionSort, collapsed: Set<String>,
              rules: RAGRules, who: String) -> [PlanRow] {
        let needle = TextSearch.fold(search)
        let filtering = !filter.isEmpty || !needle.isEmpty
        var match = [Bool](repeating: true, count: actions.count)
        if filtering {
            for i in actions.indices { match[i] = matches(i, filter: filter, search: needle, rules: rules, who: who) }
        }
        if sort != .plan {
            var list = actions.indices.filter { match[$0] }
            list.sort { lhs, rhs in
                let a = actions[lhs], b = actions[rhs]
                switch sort {
                case .due:
                    return (a.due?.dayNumber ?? Int.max, lhs) < (b.due?.dayNumber ?? Int.max, rhs)
                case .status:
                    return (ActionSort.statusOrder(a.status), lhs) < (ActionSort.statusOrder(b.status), rhs)
                case .rag:
                    return (ActionSort.ragOrder(rags[lhs]), lhs) < (ActionSort.ragOrder(rags[rhs]), rhs)
                case .owner:
                    return ((a.owner ?? "\u{10FFFF}").lowercased(), lhs) < ((b.owner ?? "\u{10FFFF}").lowercased(), rhs)
                case .plan:
                    return lhs < rhs
                }
            }
            return list.map { .action($0) }
        }
        var rows: [PlanRow] = []
        rows.reserveCapacity(actions.count + findings.count + groups.count)
        for (g, group) in groups.enumerated() {
            if filtering {
                let any = group.findingIndices.contains { f in actionsByFinding[f].contains { match[$0] } }
                if !any { continue }
            }
            rows.append(.group(g))
            if collapsed.contains(group.key) { continue }
            for f in group.findingIndices {
                let shown = actionsByFinding[f].filter { match[$0] }
                if filtering && shown.isEmpty { continue }
                rows.append(.finding(f))
                for a in shown { rows.append(.action(a)) }
            }
        }
        return rows
    }
}

extension ActionSort {
    static func statusOrder(_ s: ActionStatus) -> Int {
        switch s {
        case .notStarted: return 0
        case .inProgress: return 1
        case .complete: return 2
        case .cancelled: return 3
        }
    }

    /// Worst first: red, amber, green, blue, none.
    static func ragOrder(_ r: RAG?) -> Int {
        switch r {
        case .red: return 0
        case .amber: return 1
        case .green: return 2
        case .blue: return 3
        case nil: return 4
        }
    }
}
