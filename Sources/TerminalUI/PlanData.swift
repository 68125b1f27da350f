import Foundation
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

    /// Whether every action this filter lets through, `other` lets through too: it asks all
    /// that `other` asks, and maybe more.
    func asksAllOf(_ other: ActionFilter) -> Bool {
        func same<T: Equatable>(_ mine: T?, _ theirs: T?) -> Bool { theirs == nil || mine == theirs }
        return (mine || !other.mine) && (overdue || !other.overdue) && (dueSoon || !other.dueSoon)
            && same(status, other.status) && same(rag, other.rag) && same(owner, other.owner) && same(category, other.category)
    }

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

    /// Whether only the plan's first findings are read (`loadFirst`): the screen shows the first
    /// group's rows and says the rest is being read.
    private(set) var isPart = false

    /// How many actions one read takes at most: where the background read has no connection of
    /// its own (a store in memory), a key or a poll waits for one such read at most.
    static let page = 5_000

    /// Reads a plan; with `smartCheck`, also runs the SMART check on it (once per load: it reads
    /// the newest note of every action). `recurrences` also reads where each finding was raised
    /// before (the plan screen's rows), or takes them from `previous` when the plan's findings,
    /// date and authority are as they were (a change to an action, the usual reload, leaves them
    /// alone; the search behind them is the costliest read of a plan with a long history).
    /// `stop` is asked between reads: when it says so, the read ends with `CancellationError`.
    static func load(planId: Int64, context: UIContext, smartCheck: Bool = false, recurrences: Bool = false,
                     reusing previous: PlanData? = nil, stop: () -> Bool = { false }) throws -> PlanData? {
        let store = context.store
        guard let plan = try store.plan(id: planId) else { return nil }
        let milestones = try store.milestones(planId: planId).sorted { ($0.due ?? plan.received) < ($1.due ?? plan.received) }
        let allFindings = try store.findings(planId: planId)
        if stop() { throw CancellationError() }
        var actions: [Action] = []
        while true {
            if stop() { throw CancellationError() }
            let more = try store.actions(planId: planId, afterId: actions.last?.id ?? 0, limit: page)
            actions += more
            if more.count < page { break }
        }
        var data = PlanData(plan: plan, milestones: milestones, findings: improvementFindings(allFindings), actions: actions,
                            rules: context.rules)
        if plan.earlierActionsRemain { data.earlierPlan = plan.earlierPlan(in: try store.plans()) }
        if recurrences {
            if let previous, previous.recurrenceKey == data.recurrenceKey {
                data.raisedBefore = previous.raisedBefore
            } else {
                data.raisedBefore = try store.recurrences(planId: planId)
            }
        }
        if smartCheck {
            // The same input as `actionplan check --plan`: every finding and action of the plan.
            var latest: [Int64: Note] = [:]
            for start in stride(from: 0, to: actions.count, by: page) {
                if stop() { throw CancellationError() }
                let ids = actions[start..<min(start + page, actions.count)].map(\.id)
                latest.merge(try store.latestNotes(actionIds: ids)) { first, _ in first }
            }
            let snapshot = ReportSnapshot(plans: [plan], milestones: [], findings: allFindings, actions: actions,
                                          latestNotes: latest)
            let report = SMARTCheck.run(snapshot, planIds: [planId], today: context.today, timeZone: context.timeZone)
            data.smart = SMARTCounts(report.plans.first?.flags ?? [])
        }
        return data
    }

    /// Reads a plan's first `findings` findings and their actions: enough for the first screens,
    /// in a few milliseconds, while `load` reads the rest. Nil when the plan has no more
    /// findings than that (`load` reads it whole as fast). Where findings were raised before
    /// comes with the rest (`load`): the first rows show it once the whole plan is read.
    static func loadFirst(planId: Int64, context: UIContext, findings limit: Int) throws -> PlanData? {
        let store = context.store
        let first = try store.findings(planId: planId, offset: 0, limit: limit + 1)
        guard first.count > limit, let plan = try store.plan(id: planId) else { return nil }
        let milestones = try store.milestones(planId: planId).sorted { ($0.due ?? plan.received) < ($1.due ?? plan.received) }
        let findings = improvementFindings(Array(first.prefix(limit)))
        let actions = try store.actions(planId: planId, findingIds: findings.map(\.id))
        var data = PlanData(plan: plan, milestones: milestones, findings: findings, actions: actions, rules: context.rules)
        if plan.earlierActionsRemain { data.earlierPlan = plan.earlierPlan(in: try store.plans()) }
        data.isPart = true
        return data
    }

    /// What the plan's own side of "raised before" depends on: its findings' words, its date and
    /// its authority. (Another plan's changes are seen when the plan is next opened.)
    var recurrenceKey: RecurrenceKey {
        RecurrenceKey(planId: plan.id, date: plan.documentDate, authority: plan.authorityCode ?? plan.authority,
                      findings: findings.map { [String($0.id), $0.text] })
    }

    struct RecurrenceKey: Equatable {
        var planId: Int64
        var date: Day
        var authority: String
        var findings: [[String]]
    }

    /// The findings the plan screen lists (strengths are not), in plan order.
    static func improvementFindings(_ findings: [Finding]) -> [Finding] {
        findings.filter { $0.category.isImprovement }.sorted { ($0.position, $0.id) < ($1.position, $1.id) }
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
        var hay = [[UInt8]](repeating: [], count: actions.count)
        var counts = ProgressCounts()
        let foldedFindings = findings.map { PlanData.foldedBytes($0.text) }
        for (i, a) in actions.enumerated() {
            let f = findingIndex[a.findingId]!
            byFinding[f].append(i)
            findingOf[i] = f
            refs[i] = PlanData.actionRef(a, findingRef: findings[f].ref, number: byFinding[f].count)
            rags[i] = rules.rag(a)
            // One fold per action (the finding's text is folded once per finding).
            hay[i] = PlanData.foldedBytes([a.title, a.owner ?? "", a.successMeasure ?? "", refs[i]].joined(separator: "\u{1F}"))
                + [0x1F] + foldedFindings[f]
            counts.add(a, rules: rules)
        }
        actionsByFinding = byFinding
        findingOfAction = findingOf
        self.refs = refs
        self.rags = rags
        haystacks = hay
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

    /// `TextSearch.fold(text)` as UTF-8 bytes. Text that is all ASCII (most of it) folds to
    /// its lower case, byte by byte, without Foundation's Unicode folding (a test checks that
    /// both give the same for every ASCII character).
    static func foldedBytes(_ text: String) -> [UInt8] {
        var text = text
        let ascii: [UInt8]? = text.withUTF8 { bytes in
            var folded = [UInt8](repeating: 0, count: bytes.count)
            for (i, b) in bytes.enumerated() {
                guard b < 0x80 else { return nil }
                folded[i] = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
            }
            return folded
        }
        return ascii ?? Array(TextSearch.fold(text).utf8)
    }

    /// Whether `haystack` holds the bytes of `needle`.
    static func contains(_ haystack: [UInt8], _ needle: String) -> Bool {
        SearchNeedle(needle).found(in: haystack)
    }

    func matches(_ i: Int, filter: ActionFilter, search: SearchNeedle, rules: RAGRules, who: String) -> Bool {
        if !search.isEmpty, !search.found(in: haystacks[i]) { return false }
        if filter.isEmpty { return true }
        // Fields read in place: a copy of the action would retain each of its strings.
        if filter.mine {
            guard OwnerMatch.matches(actions[i].owner, who) else { return false }
        }
        if let s = filter.status, actions[i].status != s { return false }
        if let r = filter.rag, rags[i] != r { return false }
        if let c = filter.category, findings[findingOfAction[i]].category != c { return false }
        if let o = filter.owner, !OwnerMatch.matches(actions[i].owner, o) { return false }
        if filter.overdue, !rules.isOverdue(actions[i]) { return false }
        if filter.dueSoon, !rules.isDueSoon(actions[i]) { return false }
        return true
    }
}

/// A folded search, ready to look for in many search texts: `memchr` jumps to each place its
/// least common byte is (many bytes at a time), and `memcmp` compares the whole search there.
/// Looking for the first byte instead would stop at nearly every "a" or "e".
struct SearchNeedle {
    let bytes: [UInt8]
    /// The position of the byte looked for, the least common in English text.
    let rare: Int

    /// Letters and the space, most common first; any other byte counts as rare.
    private static let commonness: [Int] = {
        var rank = [Int](repeating: 100, count: 256)
        for (i, byte) in " etaoinshrdlcumwfgypbvkjxqz".utf8.enumerated() { rank[Int(byte)] = i }
        return rank
    }()

    init(_ folded: String) {
        let bytes = Array(folded.utf8)
        self.bytes = bytes
        rare = bytes.indices.max { Self.commonness[Int(bytes[$0])] < Self.commonness[Int(bytes[$1])] } ?? 0
    }

    var isEmpty: Bool { bytes.isEmpty }

    func found(in haystack: [UInt8]) -> Bool {
        let count = bytes.count
        guard count > 0 else { return true }
        guard count <= haystack.count else { return false }
        return haystack.withUnsafeBytes { h in
            bytes.withUnsafeBytes { n in
                guard let base = h.baseAddress, let needle = n.baseAddress else { return false }
                let byte = Int32(n[rare])
                let end = h.count - count + rare  // the last place the byte looked for can be
                var i = rare
                while i <= end {
                    guard let hit = memchr(base + i, byte, end - i + 1) else { return false }
                    let at = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + at - rare, needle, count) == 0 { return true }
                    i = at + 1
                }
                return false
            }
        }
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

/// The rows of the plan screen for one filter, search, order and folding, with the actions
/// that matched (kept to narrow the next search: see `PlanData.rows`).
struct PlanRows: Sendable {
    var rows: [PlanRow]
    /// The actions the filter and the search let through, in index order; nil when nothing is
    /// filtered or searched (every action).
    var matched: [Int]?
    var filter: ActionFilter
    var needle: String
}

extension PlanData {
    /// The rows to show: groups (unless collapsed) with their findings and matching actions
    /// in plan order, or matching actions only, sorted, for any other order.
    ///
    /// `previous` is the last result on the same data: when this filter asks all its filter
    /// asked and its search is part of this one (a letter typed onto the search, a condition
    /// added to the filter), only the actions it matched can match, so only those are tested.
    func rows(filter: ActionFilter, search: String, sort: ActionSort, collapsed: Set<String>,
              rules: RAGRules, who: String, previous: PlanRows? = nil) -> PlanRows {
        let needle = TextSearch.fold(search)
        let filtering = !filter.isEmpty || !needle.isEmpty
        var matched: [Int]?
        if filtering {
            var list: [Int] = []
            let search = SearchNeedle(needle)
            if let previous, filter.asksAllOf(previous.filter), let candidates = previous.matched, needle.contains(previous.needle) {
                for i in candidates where matches(i, filter: filter, search: search, rules: rules, who: who) { list.append(i) }
            } else {
                for i in actions.indices where matches(i, filter: filter, search: search, rules: rules, who: who) { list.append(i) }
            }
            matched = list
        }
        var result = PlanRows(rows: [], matched: matched, filter: filter, needle: needle)
        if sort != .plan {
            var list = matched ?? Array(actions.indices)
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
            result.rows = list.map { .action($0) }
            return result
        }
        // The matching actions of finding f are shown[start[f]..<start[f + 1]], in plan order
        // (matched is in index order, as a finding's actions are): one array, not one per finding.
        var start: [Int] = []
        var shown: [Int] = []
        if let matched {
            start = Array(repeating: 0, count: findings.count + 1)
            for a in matched { start[findingOfAction[a] + 1] += 1 }
            for f in findings.indices { start[f + 1] += start[f] }
            var next = start
            shown = Array(repeating: 0, count: matched.count)
            for a in matched {
                let f = findingOfAction[a]
                shown[next[f]] = a
                next[f] += 1
            }
        }
        var rows: [PlanRow] = []
        rows.reserveCapacity((matched?.count ?? actions.count) + findings.count + groups.count)
        // Of a plan read in part, only the first group is known to be whole up to its last row
        // read: the findings of the next groups may come after more of the first.
        for (g, group) in groups.enumerated() where !isPart || g == 0 {
            if filtering, !group.findingIndices.contains(where: { start[$0 + 1] > start[$0] }) { continue }
            rows.append(.group(g))
            if collapsed.contains(group.key) { continue }
            for f in group.findingIndices {
                if filtering {
                    if start[f + 1] == start[f] { continue }
                    rows.append(.finding(f))
                    for a in shown[start[f]..<start[f + 1]] { rows.append(.action(a)) }
                } else {
                    rows.append(.finding(f))
                    for a in actionsByFinding[f] { rows.append(.action(a)) }
                }
            }
        }
        result.rows = rows
        return result
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
