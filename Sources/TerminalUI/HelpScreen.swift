import ActionPlanModel
import TerminalText

/// Every key of the screen it was opened from, the line editor's keys, and what the marks mean.
final class HelpScreen: Screen {
    private let forScreen: String
    private let screenKeys: [KeyHelp]
    private var page = TextPage()
    var position: String? { page.position }

    init(for screen: any Screen) {
        forScreen = screen is PlansScreen ? "Plans" : (screen is PlanScreen ? "Plan" : (screen is ActionScreen ? "Action" : "Dashboard"))
        screenKeys = screen.keys
    }

    var crumb: String { "Help" }
    var keys: [KeyHelp] { [KeyHelp("j/k ↑/↓", "scroll"), KeyHelp("q Esc ?", "close help")] }
    var hints: [KeyHelp] { [KeyHelp("j/k", "scroll"), KeyHelp("q", "close help")] }

    func reload(_ context: UIContext) throws {}

    private func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        func section(_ title: String, _ keys: [KeyHelp]) {
            c.add(StyledLine(title, .heading))
            for k in keys {
                c.add(StyledLine([Span("  " + Format.pad(k.keys, 14), .bold), Span(" " + k.text)]))
            }
            c.add("")
        }
        section("Keys of the \(forScreen) screen", screenKeys)
        section("Everywhere", [KeyHelp("?", "this help"), KeyHelp("q Esc", "back (q on the plans screen quits)"),
                               KeyHelp("Q", "quit from any screen"), KeyHelp("Ctrl-L", "redraw the screen"),
                               KeyHelp("mouse", "click selects a row, double-click opens, the wheel scrolls")])
        section("While typing in a prompt", [KeyHelp("← → Home End", "move in the text (also Ctrl-A, Ctrl-E)"),
                                             KeyHelp("Backspace Del", "delete before / at the cursor"),
                                             KeyHelp("Ctrl-U Ctrl-K", "delete to the start / to the end"),
                                             KeyHelp("Ctrl-W", "delete the word before the cursor"),
                                             KeyHelp("Tab", "complete an owner from those already used"),
                                             KeyHelp("Enter", "save"), KeyHelp("Esc", "cancel")])
        section("What the marks mean", [KeyHelp("wd", "working days (weekends and bank holidays not counted)"),
                                        KeyHelp("~2023-08-16", "a provisional due date, from a default"),
                                        KeyHelp("Amber*", "a colour set by hand (r), not derived"),
                                        KeyHelp("B R A G", "blue = complete, red = overdue or off track, amber = at risk, green = on track"),
                                        KeyHelp("▾ ▸", "an open / folded group of findings"),
                                        KeyHelp("SMART: 3 flags", "what `actionplan check` flags in the plan; the action screen lists an action's flags")])
        c.add(ScrollContent.wrapped("Every change is saved at once, with your name, and can be undone with u. If someone else changed an action after you opened it, your edit is refused and the screen shows theirs.", width: width, indent: 0, style: .dim))
        return c
    }

    func draw(_ buffer: inout CellBuffer, area: Area, context: UIContext) {
        page.draw(&buffer, area: area, build: build)
    }

    func handle(_ key: Key, app: App, area: Area) -> Bool {
        if key == .char("?") {
            app.pop()
            return true
        }
        return page.move(key, area: area, build: build)
    }

    func scroll(by rows: Int, area: Area) {
        page.scroll(by: rows, area: area)
    }
}
