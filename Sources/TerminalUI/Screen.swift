import ActionPlanModel
import ActionPlanCore

/// The rectangle of the screen a view draws its content in (below the title bar, above the
/// status lines).
struct Area: Hashable, Sendable {
    var top: Int
    var height: Int
    var width: Int
}

/// One screen of the stack (plans, plan, action, dashboard, help). Screens keep their own
/// selection and scroll offset; the shell owns prompts, messages and the store. A screen's keys
/// are in its key map (`KeyMap.of(kind)`), not here.
protocol Screen: AnyObject {
    var kind: ScreenKind { get }
    /// The breadcrumb in the title bar.
    var crumb: String { get }
    /// Reads the screen's data again, keeping the selection where it can.
    func reload(_ context: UIContext) throws
    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext)
    /// Carries out a request of this screen's key map; false when it is not one of the screen's
    /// own (the shell then carries it out).
    func perform(_ request: Request, app: App, area: Area) -> Bool
    /// A click on a content row (0 = the first row of the area).
    func click(row: Int, area: Area, app: App, double: Bool)
    func scroll(by rows: Int, area: Area)
    /// The action that edit keys apply to, as shown, with the reference the screen shows for it.
    var selectedTarget: EditTarget? { get }
    /// The finding `a` adds an action to.
    var selectedFinding: Finding? { get }
    /// The marked actions (`t`, `T`), which `;` and the `:` edits change together; nil when
    /// none is marked.
    var markedTarget: EditTarget? { get }
    var markedCount: Int { get }
    /// The plan this screen is about, if any.
    var planId: Int64? { get }
    /// Where the window is in a long list ("12/340"), set while drawing; shown on the status line.
    var position: String? { get }
    /// Whether a change someone committed (as the database announced it) may alter what this
    /// screen shows, so that it must be read again.
    func isAffected(by notice: ChangeNotice) -> Bool
}

/// A screen that is one scrolling page of text (an action, the dashboard, the help): it builds
/// its lines for a width, and `TextPage` draws, moves and scrolls them.
protocol PagedScreen: Screen {
    var page: TextPage { get set }
    func build(width: Int) -> ScrollContent
}

extension PagedScreen {
    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        page.draw(&buffer, area: area, build: build)
    }

    func perform(_ request: Request, app: App, area: Area) -> Bool {
        page.move(request, area: area, build: build)
    }

    func scroll(by rows: Int, area: Area) {
        page.scroll(by: rows, area: area)
    }
}

extension Screen {
    var selectedTarget: EditTarget? { nil }
    /// The action that edit keys apply to, as shown.
    var selectedAction: Action? { selectedTarget?.action }
    var selectedFinding: Finding? { nil }
    var markedTarget: EditTarget? { nil }
    var markedCount: Int { 0 }
    var planId: Int64? { nil }
    var position: String? { nil }
    func click(row: Int, area: Area, app: App, double: Bool) {}
    /// A screen of every plan (the plans, the views across plans) is affected by any change.
    func isAffected(by notice: ChangeNotice) -> Bool { notice.concerns(planId: nil) }
}

/// A selection and scroll offset over a list of rows, as in htop's panels: only the rows in
/// the window are drawn.
struct ListCursor: Hashable, Sendable {
    var selected = 0
    var top = 0

    mutating func clamp(count: Int, visible: Int) {
        if count == 0 {
            selected = 0
            top = 0
            return
        }
        selected = min(max(0, selected), count - 1)
        let visible = max(1, visible)
        if selected < top { top = selected }
        if selected >= top + visible { top = selected - visible + 1 }
        top = min(max(0, top), max(0, count - visible))
    }

    /// Moves for a movement request; false for any other request.
    mutating func move(_ request: Request, count: Int, visible: Int) -> Bool {
        let page = max(1, visible - 1)
        switch request {
        case .down: selected += 1
        case .up: selected -= 1
        case .pageDown: selected += page
        case .pageUp: selected -= page
        case .halfPageDown: selected += max(1, visible / 2)
        case .halfPageUp: selected -= max(1, visible / 2)
        case .first: selected = 0
        case .last: selected = count - 1
        default: return false
        }
        clamp(count: count, visible: visible)
        return true
    }

    mutating func scroll(by rows: Int, count: Int, visible: Int) {
        top = min(max(0, top + rows), max(0, count - visible))
        if selected < top { selected = top }
        if selected >= top + visible { selected = top + visible - 1 }
        clamp(count: count, visible: visible)
    }
}

/// Scrolling over lines of text (action, dashboard and help screens).
struct ScrollOffset: Hashable, Sendable {
    var top = 0

    /// Scrolls for a movement request; false for any other request.
    mutating func move(_ request: Request, count: Int, visible: Int) -> Bool {
        let page = max(1, visible - 1)
        switch request {
        case .down: top += 1
        case .up: top -= 1
        case .pageDown: top += page
        case .pageUp: top -= page
        case .halfPageDown: top += max(1, visible / 2)
        case .halfPageUp: top -= max(1, visible / 2)
        case .first: top = 0
        case .last: top = count
        default: return false
        }
        clamp(count: count, visible: visible)
        return true
    }

    mutating func clamp(count: Int, visible: Int) {
        top = min(max(0, top), max(0, count - visible))
    }
}
