import ActionPlanModel
import ActionPlanCore
import TerminalText

/// The views across every current plan, each one key from any screen (`1`–`4`): your own
/// actions ("Mine": the owner matches your configured name, as every owner match does), the
/// overdue ones, those due soon, and every open action by owner.
enum ActionView: String, CaseIterable, Sendable {
    case mine = "Mine", overdue = "Overdue", dueSoon = "Due soon", byOwner = "By owner"

    /// What the help and the heading say the view holds.
    func describe(who: String, window: Int) -> String {
        switch self {
        case .mine: return "actions whose owner is \(who), in every plan"
        case .overdue: return "open actions past their due date, in every plan"
        case .dueSoon: return "open actions due within \(window) working days, in every plan"
        case .byOwner: return "open actions in every plan, by owner"
        }
    }

    /// The store query that reads only what the view can hold (the exact test follows).
    func query(who: String, rules: RAGRules) -> ActionQuery {
        let open: [ActionStatus] = [.notStarted, .inProgress]
        switch self {
        case .mine: return ActionQuery(owner: who)
        case .overdue: return ActionQuery(statuses: open, dueBefore: rules.overdueIfDueBefore)
        case .dueSoon: return ActionQuery(statuses: open, dueFrom: rules.today, dueBefore: rules.dueWithinIfBefore(rules.dueSoonWindow))
        case .byOwner: return ActionQuery(statuses: open)
        }
    }

    func holds(_ action: Action, rules: RAGRules) -> Bool {
        switch self {
        case .mine, .byOwner: return true
        case .overdue: return rules.isOverdue(action)
        case .dueSoon: return action.status.isOpen && rules.isDueSoon(action)
        }
    }
}

final class ViewScreen: Screen {
    enum Row: Sendable {
        /// An owner's heading in the by-owner view: the name and how many open and overdue.
        case owner(String, open: Int, overdue: Int)
        case action(Int)
    }

    let view: ActionView
    private(set) var actions: [Action] = []
    private(set) var refs: [String] = []
    private(set) var rows: [Row] = []
    private var planTitles: [Int64: String] = [:]
    var cursor = ListCursor()
    private(set) var position: String?

    init(view: ActionView) { self.view = view }

    var kind: ScreenKind { .views }
    var crumb: String { view.rawValue }

    private var selectedIndex: Int? {
        guard rows.indices.contains(cursor.selected), case .action(let i) = rows[cursor.selected] else { return nil }
        return i
    }

    var selectedTarget: EditTarget? { selectedIndex.map { EditTarget(action: actions[$0], ref: refs[$0]) } }
    var planId: Int64? { selectedIndex.map { actions[$0].planId } }

    func reload(_ context: UIContext) throws {
        let keep = selectedIndex.map { actions[$0].id }
        let rules = context.rules
        planTitles = Dictionary(try context.store.plans().map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        var found = try context.store.actions(view.query(who: context.who, rules: rules)).filter { view.holds($0, rules: rules) }
        switch view {
        case .byOwner:
            found.sort { (OwnerMatch.key($0.owner).isEmpty ? 1 : 0, OwnerMatch.key($0.owner), $0.due ?? Day(dayNumber: Int.max / 2), $0.id)
                < (OwnerMatch.key($1.owner).isEmpty ? 1 : 0, OwnerMatch.key($1.owner), $1.due ?? Day(dayNumber: Int.max / 2), $1.id) }
        default:
            found.sort { ($0.due ?? Day(dayNumber: Int.max / 2), $0.planId, $0.id) < ($1.due ?? Day(dayNumber: Int.max / 2), $1.planId, $1.id) }
        }
        actions = found
        refs = found.map { "\($0.planId)/\($0.ref)" }
        rows = []
        if view == .byOwner {
            var start = 0
            while start < found.count {
                let key = OwnerMatch.key(found[start].owner)
                var end = start
                while end < found.count, OwnerMatch.key(found[end].owner) == key { end += 1 }
                let overdue = found[start..<end].filter { rules.isOverdue($0) }.count
                rows.append(.owner(found[start].owner ?? "No owner", open: end - start, overdue: overdue))
                rows += (start..<end).map { Row.action($0) }
                start = end
            }
        } else {
            rows = found.indices.map { Row.action($0) }
        }
        if let keep, let i = rows.firstIndex(where: { if case .action(let a) = $0 { return found[a].id == keep } else { return false } }) {
            cursor.selected = i
        } else if view == .byOwner, let first = rows.firstIndex(where: { if case .action = $0 { return true } else { return false } }) {
            cursor.selected = max(cursor.selected, first)
        }
        cursor.clamp(count: rows.count, visible: 1_000_000)
    }

    private func visibleRows(_ area: Area) -> Int { max(1, area.height - 3) }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        let rules = context.rules
        buffer.put(StyledLine([Span(view.rawValue, .bold), Span(": " + view.describe(who: context.who, window: rules.dueSoonWindow)
                                                                  + " · \(Format.count(actions.count, "action"))", .dim)]),
                   x: 1, y: area.top, maxWidth: area.width - 2)
        let refWidth = 9, dueWidth = 11, whenWidth = 14, ragWidth = 6
        let ownerWidth = view == .byOwner ? 0 : max(8, area.width / 5)
        let titleWidth = max(10, area.width - 1 - refWidth - dueWidth - whenWidth - ragWidth - ownerWidth - 6)
        var heading = " " + Format.pad("Ref", refWidth) + " " + Format.pad("Action", titleWidth) + " "
        if ownerWidth > 0 { heading += Format.pad("Owner", ownerWidth) + " " }
        heading += Format.pad("Due", dueWidth) + " " + Format.pad("When", whenWidth) + " RAG"
        buffer.put(heading, x: 0, y: area.top + 1, style: .heading, maxWidth: area.width)
        buffer.fill(x: DisplayWidth.of(heading), y: area.top + 1, style: .heading)
        let listTop = area.top + 2
        let visible = visibleRows(area)
        if rows.isEmpty {
            let empty = view == .mine
                ? "No action has \(context.who) as its owner. Your name comes from `name` in config.toml, --as or ACTIONPLAN_USER, else your login."
                : "No actions in this view."
            buffer.put(Format.oneLine(empty), x: 2, y: listTop, style: .dim, maxWidth: area.width - 3)
            position = nil
            return
        }
        cursor.clamp(count: rows.count, visible: visible)
        for i in cursor.top..<min(rows.count, cursor.top + visible) {
            let y = listTop + i - cursor.top
            let selected = i == cursor.selected
            switch rows[i] {
            case .owner(let name, let open, let overdue):
                let counts = " · \(Format.count(open, "open action"))" + (overdue > 0 ? ", \(overdue) overdue" : "")
                buffer.put(StyledLine([Span(" " + Format.oneLine(name), .bold), Span(counts, .dim)]), x: 0, y: y, maxWidth: area.width,
                           reverse: selected)
            case .action(let a):
                let action = actions[a]
                let rag = rules.rag(action)
                let when = Format.relativeDue(action, rules: rules)
                var line = StyledLine([Span(" " + Format.pad(refs[a], refWidth) + " ", .dim),
                                       Span(Format.pad(Format.oneLine(action.title), titleWidth) + " ")])
                if ownerWidth > 0 { line.spans.append(Span(Format.pad(Format.oneLine(action.owner ?? "—"), ownerWidth) + " ", .dim)) }
                line.spans.append(Span(Format.pad(action.due?.iso ?? "—", dueWidth) + " "))
                line.spans.append(Span(Format.pad(when.text, whenWidth) + " ", when.style))
                line.spans.append(Span(Format.rag(rag, short: true) + (RAGRules.isSetByHand(action) ? RAGRules.setByHandMark : ""),
                                       Format.ragStyle(rag)))
                if selected { buffer.fill(y: y, style: .reverse) }
                buffer.put(line, x: 0, y: y, maxWidth: area.width, reverse: selected)
            }
        }
        if let a = selectedIndex {
            let title = planTitles[actions[a].planId].map { "Plan \(actions[a].planId): \($0)" } ?? "Plan \(actions[a].planId)"
            buffer.put(Format.oneLine(title), x: 1, y: area.top + area.height - 1, style: .dim, maxWidth: area.width - 2)
        }
        position = rows.count > visible ? "row \(cursor.selected + 1) of \(rows.count)" : nil
    }

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        if cursor.move(request, count: rows.count, visible: visibleRows(area)) { return true }
        guard request == .open else { return false }
        if let a = selectedIndex {
            app.push(ActionScreen(actionId: actions[a].id, ref: refs[a]))
        } else {
            app.say("Select an action to open it")
        }
        return true
    }

    func click(row: Int, area: Area, app: App, double: Bool) {
        let index = cursor.top + row - 2
        guard row >= 2, rows.indices.contains(index) else { return }
        cursor.selected = index
        if double { _ = perform(.open, app: app, area: area) }
    }

    func scroll(by rows: Int, area: Area) {
        cursor.scroll(by: rows, count: self.rows.count, visible: visibleRows(area))
    }
}
