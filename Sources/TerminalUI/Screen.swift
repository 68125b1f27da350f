import ActionPlanModel
import ActionPlanCore

/// A key and what it does, for the help screen and the status line.
struct KeyHelp: Hashable, Sendable {
    var keys: String
    var text: String
    init(_ keys: String, _ text: String) {
        self.keys = keys
        self.text = text
    }
}

/// The rectangle of the screen a view draws its content in (below the title bar, above the
/// status lines).
struct Area: Hashable, Sendable {
    var top: Int
    var height: Int
    var width: Int
}

/// One screen of the stack (plans, plan, action, dashboard, help). Screens keep their own
/// selection and scroll offset; the app owns prompts, messages and the store.
protocol Screen: AnyObject {
    /// The breadcrumb in the title bar.
    var crumb: String { get }
    /// Every key of this screen, for help.
    var keys: [KeyHelp] { get }
    /// The few keys shown on the status line.
    var hints: [KeyHelp] { get }
    /// Reads the screen's data again, keeping the selection where it can.
    func reload(_ context: UIContext) throws
    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext)
    /// Handles a key of this screen; false when it is not one.
    func handle(_ key: Key, app: App, area: Area) -> Bool
    /// A click on a content row (0 = the first row of the area).
    func click(row: Int, area: Area, app: App, double: Bool)
    func scroll(by rows: Int, area: Area)
    /// The action that edit keys apply to, as shown.
    var selectedAction: Action? { get }
    /// The finding `a` adds an action to.
    var selectedFinding: Finding? { get }
    /// The plan this screen is about, if any.
    var planId: Int64? { get }
    /// Where the window is in a long list ("12/340"), set while drawing; shown on the status line.
    var position: String? { get }
}

extension Screen {
    var selectedAction: Action? { nil }
    var selectedFinding: Finding? { nil }
    var planId: Int64? { nil }
    var position: String? { nil }
    func click(row: Int, area: Area, app: App, double: Bool) {}
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

    /// Moves for navigation keys; false for any other key.
    mutating func move(_ key: Key, count: Int, visible: Int) -> Bool {
        let page = max(1, visible - 1)
        switch key {
        case .down, .char("j"): selected += 1
        case .up, .char("k"): selected -= 1
        case .pageDown, .ctrl("f"): selected += page
        case .pageUp, .ctrl("b"): selected -= page
        case .ctrl("d"): selected += max(1, visible / 2)
        case .ctrl("u"): selected -= max(1, visible / 2)
        case .home, .char("g"): selected = 0
        case .end, .char("G"): selected = count - 1
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

    mutating func move(_ key: Key, count: Int, visible: Int) -> Bool {
        let page = max(1, visible - 1)
        switch key {
        case .down, .char("j"): top += 1
        case .up, .char("k"): top -= 1
        case .pageDown, .ctrl("f"), .char(" "): top += page
        case .pageUp, .ctrl("b"): top -= page
        case .ctrl("d"): top += max(1, visible / 2)
        case .ctrl("u"): top -= max(1, visible / 2)
        case .home, .char("g"): top = 0
        case .end, .char("G"): top = count
        default: return false
        }
        clamp(count: count, visible: visible)
        return true
    }

    mutating func clamp(count: Int, visible: Int) {
        top = min(max(0, top), max(0, count - visible))
    }
}
