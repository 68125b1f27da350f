import ActionPlanModel
import ActionPlanCore
import TerminalText

/// A plan's standing for a board: counts and shares by status and colour, completion by
/// section, the overdue actions and those due soon (`RAGRules.dueSoonWindow`).
final class DashboardScreen: PagedScreen {
    let id: Int64
    private var data: PlanData?
    private var overdue: [Int] = []
    private var dueSoon: [Int] = []
    var page = TextPage()
    var position: String? { page.position }
    private var rules: RAGRules?

    init(planId: Int64) { id = planId }

    var planId: Int64? { id }
    /// A change to another plan leaves this plan's dashboard as it is.
    func isAffected(by notice: ChangeNotice) -> Bool { notice.concerns(planId: id) }
    var kind: ScreenKind { .dashboard }
    var crumb: String { "Dashboard" }
    func reload(_ context: UIContext) throws {
        let rules = context.rules
        self.rules = rules
        data = try PlanData.load(planId: id, context: context)
        if let data {
            overdue = data.actions.indices.filter { rules.isOverdue(data.actions[$0]) }
                .sorted { (data.actions[$0].due?.dayNumber ?? 0, $0) < (data.actions[$1].due?.dayNumber ?? 0, $1) }
            dueSoon = data.actions.indices.filter { rules.isDueSoon(data.actions[$0]) }
                .sorted { (data.actions[$0].due?.dayNumber ?? 0, $0) < (data.actions[$1].due?.dayNumber ?? 0, $1) }
        }
        page.invalidate()
    }

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        if page.move(request, area: area, build: build) { return true }
        guard request == .milestones else { return false }
        app.push(MilestonesScreen(planId: id))
        return true
    }

    func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        guard let data, let rules else {
            c.add("This plan is no longer in the database.", .dim)
            return c
        }
        let counts = data.counts
        c.add(StyledLine([Span(Format.oneLine(data.plan.title), .bold), Span(" · as of \(rules.today.iso)", .dim)]))
        c.add(StyledLine("\(counts.total) actions · \(counts.percentComplete)% complete · \(counts.overdue) overdue"))
        c.add("")
        let barWidth = max(5, min(30, width - 40))
        c.add(StyledLine("By status", .heading))
        for status in ActionStatus.allCases {
            let n = counts.count(status)
            let share = counts.share(status)
            c.add(StyledLine([Span("  " + Format.pad(status.label, 13), Format.statusStyle(status)),
                              Span(Format.pad("\(n)", 6, right: true) + Format.pad(share.map { "\($0)%" } ?? "—", 6, right: true) + "  "),
                              Span(Format.bar(percent: share ?? 0, width: share == nil ? 0 : barWidth), Style(colour: .accent))]))
        }
        c.add("")
        c.add(StyledLine("By RAG", .heading))
        for rag in [RAG.blue, .red, .amber, .green] {
            let n = counts.count(rag)
            c.add(StyledLine([Span("  " + Format.pad(rag.label, 13), Format.ragStyle(rag)),
                              Span(Format.pad("\(n)", 6, right: true) + Format.pad("\(counts.share(rag))%", 6, right: true) + "  "),
                              Span(Format.bar(percent: counts.share(rag), width: barWidth), Format.ragStyle(rag))]))
        }
        c.add("")
        c.add(StyledLine("Complete by section", .heading))
        var sections: [(String, ProgressCounts)] = []
        var sectionIndex: [String: Int] = [:]
        for (i, action) in data.actions.enumerated() {
            let f = data.findings[data.findingOfAction[i]]
            let name = f.sectionPath.isEmpty ? f.category.label : f.section
            if sectionIndex[name] == nil {
                sectionIndex[name] = sections.count
                sections.append((name, ProgressCounts()))
            }
            sections[sectionIndex[name]!].1.add(action, rules: rules)
        }
        let nameWidth = max(10, width - barWidth - 20)
        for (name, sc) in sections {
            c.add(StyledLine([Span("  " + Format.pad(name, nameWidth) + " "),
                              Span(Format.bar(percent: sc.percentComplete, width: barWidth), Style(colour: .blue)),
                              Span(Format.pad("\(sc.percentComplete)%", 5, right: true) + "  \(sc.count(.complete))/\(sc.active)")]))
        }
        c.add("")
        c.add(StyledLine("Overdue (\(overdue.count))", overdue.isEmpty ? .heading : Style(colour: .red, bold: true, underline: true)))
        if overdue.isEmpty { c.add(StyledLine("  none", .dim)) }
        let overdueList = overdue
        c.addLazy(count: overdueList.count) { [data, rules] i in
            DashboardScreen.actionLine(overdueList[i], data: data, rules: rules, width: width)
        }
        c.add("")
        c.add(StyledLine("Due in the next \(rules.dueSoonWindow) working days (\(dueSoon.count))", .heading))
        if dueSoon.isEmpty { c.add(StyledLine("  none", .dim)) }
        let soonList = dueSoon
        c.addLazy(count: soonList.count) { [data, rules] i in
            DashboardScreen.actionLine(soonList[i], data: data, rules: rules, width: width)
        }
        c.add("")
        c.add(StyledLine([Span("By owner", .heading), Span("  (\(KeyMap.everywhere.keyName(for: .view(.byOwner))) lists every plan's by owner)", .dim)]))
        // Grouped as every owner match is (case and accents ignored), named as first written.
        var owners: [(name: String, counts: ProgressCounts, soon: Int)] = []
        var ownerIndex: [String: Int] = [:]
        for action in data.actions {
            let key = OwnerMatch.key(action.owner)
            if ownerIndex[key] == nil {
                ownerIndex[key] = owners.count
                owners.append((action.owner ?? "No owner", ProgressCounts(), 0))
            }
            let index = ownerIndex[key]!
            owners[index].counts.add(action, rules: rules)
            if action.status.isOpen, rules.isDueSoon(action) { owners[index].soon += 1 }
        }
        owners.sort { ($0.name == "No owner" ? 1 : 0, OwnerMatch.key($0.name)) < ($1.name == "No owner" ? 1 : 0, OwnerMatch.key($1.name)) }
        if owners.isEmpty { c.add(StyledLine("  none", .dim)) }
        let ownerWidth = max(12, width - 52)
        for owner in owners {
            let oc = owner.counts
            c.add(StyledLine([Span("  " + Format.pad(Format.oneLine(owner.name), ownerWidth) + " "),
                              Span(Format.pad(Format.count(oc.total, "action"), 11) + Format.pad("\(oc.percentComplete)% done", 10)),
                              Span(Format.pad("\(oc.overdue) overdue", 11), oc.overdue > 0 ? Style(colour: .red, bold: true) : .dim),
                              Span("\(owner.soon) due soon", owner.soon > 0 ? Style(colour: .amber) : .dim)]))
        }
        c.add("")
        c.add(StyledLine([Span("Milestones", .heading), Span("  (\(KeyMap.dashboard.keyName(for: .milestones)) to change them)", .dim)]))
        if data.milestones.isEmpty { c.add(StyledLine("  none", .dim)) }
        for m in data.milestones { c.add(StyledLine([Span("  ")] + Format.milestone(m, rules: rules))) }
        return c
    }

    static func actionLine(_ i: Int, data: PlanData, rules: RAGRules, width: Int) -> StyledLine {
        let a = data.actions[i]
        let rel = Format.relativeDue(a, rules: rules)
        let rag = data.rags[i]
        let owner = a.owner ?? "no owner"
        let tail = "  \(Format.pad(owner, 14))  \(Format.due(a))  "
        let titleWidth = max(8, width - 8 - DisplayWidth.of(tail) - 14)
        return StyledLine([Span("  "), Span(Format.pad(Format.rag(rag, short: true), 2), Format.ragStyle(rag)),
                           Span(Format.pad(data.refs[i], 6)), Span(Format.pad(a.title, titleWidth)), Span(tail),
                           Span(rel.text, rel.style)])
    }

}
