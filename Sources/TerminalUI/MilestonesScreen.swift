import ActionPlanModel
import ActionPlanCore
import TerminalText

/// A plan's milestones as rows to change (`M` from the plan screen or the dashboard): add one,
/// rename it, give it a due date, record the day it was met or clear it, remove it.
final class MilestonesScreen: Screen {
    let id: Int64
    private(set) var plan: Plan?
    private(set) var milestones: [Milestone] = []
    var cursor = ListCursor()
    private(set) var position: String?

    init(planId: Int64) { id = planId }

    var kind: ScreenKind { .milestones }
    var crumb: String { "Milestones" }
    var planId: Int64? { id }
    /// A change to another plan leaves this plan's milestones as it is.
    func isAffected(by notice: ChangeNotice) -> Bool { notice.concerns(planId: id) }

    var selected: Milestone? { milestones.indices.contains(cursor.selected) ? milestones[cursor.selected] : nil }

    func reload(_ context: UIContext) throws {
        let keep = selected?.id
        plan = try context.store.plan(id: id)
        let received = plan?.received ?? context.today
        // In the order the plan screen and the dashboard show them: by due date.
        milestones = try context.store.milestones(planId: id)
            .sorted { ($0.due ?? received, $0.position, $0.id) < ($1.due ?? received, $1.position, $1.id) }
        if let keep, let i = milestones.firstIndex(where: { $0.id == keep }) { cursor.selected = i }
        cursor.clamp(count: milestones.count, visible: 1_000_000)
    }

    /// Selects a milestone just added.
    func selectLast(titled title: String) {
        if let i = milestones.indices.filter({ milestones[$0].title == title }).max(by: { milestones[$0].id < milestones[$1].id }) {
            cursor.selected = i
        }
    }

    private func visibleRows(_ area: Area) -> Int { max(1, area.height - 5) }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        guard let plan else {
            buffer.put("This plan is no longer in the database.", x: 1, y: area.top + 1)
            return
        }
        let rules = context.rules
        buffer.put(StyledLine([Span(Format.oneLine(plan.title), .bold), Span(" · received \(plan.received.iso)", .dim)]),
                   x: 1, y: area.top, maxWidth: area.width - 2)
        let dueWidth = 14, metWidth = 10
        let titleWidth = max(10, area.width - 2 - dueWidth - metWidth - 3 - 22)
        let heading = " " + Format.pad("Milestone", titleWidth) + " " + Format.pad("Due", dueWidth) + " " + Format.pad("Met", metWidth)
            + " " + "Standing"
        buffer.put(heading, x: 0, y: area.top + 2, style: .heading, maxWidth: area.width)
        let listTop = area.top + 3
        let visible = visibleRows(area)
        if milestones.isEmpty {
            buffer.put("No milestones. Press \(KeyMap.milestones.keyName(for: .addMilestone)) to add one.", x: 2, y: listTop, style: .dim,
                       maxWidth: area.width - 3)
            position = nil
            return
        }
        cursor.clamp(count: milestones.count, visible: visible)
        for i in cursor.top..<min(milestones.count, cursor.top + visible) {
            let m = milestones[i]
            let y = listTop + i - cursor.top
            let selected = i == cursor.selected
            var line = StyledLine([Span(" " + Format.pad(m.title, titleWidth) + " ", .bold)])
            let due = m.due.map { "\($0.weekday.shortName) \($0.iso)" } ?? "no date"
            line.spans.append(Span(Format.pad(due, dueWidth) + " ", m.due == nil ? .dim : .plain))
            line.spans.append(Span(Format.pad(m.done?.iso ?? "—", metWidth) + " ", m.done == nil ? .dim : Style(colour: .blue)))
            if m.done != nil {
                line.spans.append(Span(rules.standing(of: m).text, Style(colour: .blue)))
            } else if m.due != nil {
                let rel = Format.relative(due: m.due, rules: rules)
                line.spans.append(Span(rel.text, rel.style))
            }
            if selected { buffer.fill(y: y, style: .reverse) }
            buffer.put(line, x: 0, y: y, maxWidth: area.width, reverse: selected)
        }
        // Where the selected milestone's date comes from.
        if let m = selected {
            let source = m.rule.map { "Due date from the rule: \($0.description) (from the date received)" } ?? "Due date set by a person"
            buffer.put(source, x: 1, y: area.top + area.height - 1, style: .dim, maxWidth: area.width - 2)
        }
        position = milestones.count > visible ? "milestone \(cursor.selected + 1) of \(milestones.count)" : nil
    }

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        if cursor.move(request, count: milestones.count, visible: visibleRows(area)) { return true }
        switch request {
        case .addMilestone:
            app.ask(.newMilestoneTitle(planId: id))
        case .milestoneTitle, .milestoneDue, .milestoneMet, .remove:
            guard let m = selected else {
                app.say("No milestone yet: \(KeyMap.milestones.keyName(for: .addMilestone)) adds one")
                app.ignoreTypedText(after: request)
                return true
            }
            switch request {
            case .milestoneTitle: app.ask(.milestoneTitle(m))
            case .milestoneDue: app.ask(.milestoneDue(m))
            case .milestoneMet: app.ask(.milestoneMet(m))
            default: app.ask(.removeReason(.milestone(m)))
            }
        default:
            return false
        }
        return true
    }

    func click(row: Int, area: Area, app: App, double: Bool) {
        let index = cursor.top + row - 3
        guard row >= 3, milestones.indices.contains(index) else { return }
        cursor.selected = index
    }

    func scroll(by rows: Int, area: Area) {
        cursor.scroll(by: rows, count: milestones.count, visible: visibleRows(area))
    }
}
