import ActionPlanModel
import ActionPlanCore
import TerminalText

/// Every key of the screen it was opened from, the keys of every screen and of prompts, and
/// what the marks mean. The keys are the key maps' own rows, so help says what the keys do.
final class HelpScreen: PagedScreen {
    let forScreen: ScreenKind
    var page = TextPage()
    var position: String? { page.position }

    init(for screen: ScreenKind) {
        forScreen = screen
    }

    var kind: ScreenKind { .help }
    var crumb: String { "Help" }

    func reload(_ context: UIContext) throws {}
    /// Help reads nothing from the database.
    func isAffected(by notice: ChangeNotice) -> Bool { false }

    func build(width: Int) -> ScrollContent {
        var c = ScrollContent()
        func section(_ title: String, _ keys: [KeyHelp]) {
            c.add(StyledLine(title, .heading))
            let column = max(14, keys.map { DisplayWidth.of($0.keys) }.max() ?? 0)
            for k in keys {
                // A long text (the due date's forms) goes on below, under the text, not cut off.
                let lines = DisplayWidth.wrap(k.text, width: max(10, width - column - 3))
                for (i, line) in lines.enumerated() {
                    c.add(StyledLine([Span("  " + Format.pad(i == 0 ? k.keys : "", column), .bold), Span(" " + line)]))
                }
            }
            c.add("")
        }
        section("Keys of the \(forScreen.rawValue) screen", KeyMap.of(forScreen).helpRows)
        section("Everywhere", KeyMap.everywhere.helpRows
                + [KeyHelp("mouse", "click selects a row, double-click opens, the wheel scrolls")])
        section("While typing in a prompt", KeyMap.prompt.helpRows
                + [KeyHelp("paste", "goes into the prompt as text (line breaks kept in a note), never as keys")])
        section("What the marks mean", [KeyHelp("P1.2 #12", "action 2 of finding P1; 12 is the number `actionplan update 12` takes"),
                                        KeyHelp("wd", "working days (weekends and bank holidays not counted)"),
                                        KeyHelp("~2023-08-16", "a provisional due date, from a default"),
                                        KeyHelp("Amber" + RAGRules.setByHandMark, "a colour set by hand (r), not derived"),
                                        KeyHelp("*P1.2", "a marked action (t, T): ; then an edit key changes all marked"),
                                        KeyHelp("B R A G", "blue = complete, red = overdue or off track, amber = at risk, green = on track"),
                                        KeyHelp("▾ ▸", "an open / folded group of findings"),
                                        KeyHelp("SMART: 3 flags", "what `actionplan check` flags in the plan; the action screen lists an action's flags")])
        c.add(ScrollContent.wrapped("Every change is saved at once, with your name, and can be undone with u. A note is always "
                                    + "saved. If someone else changed an action after you opened it, any other edit is refused and "
                                    + "the screen shows theirs; what you typed stays on the prompt line: a applies it to their "
                                    + "version, e edits it, d discards it.", width: width, indent: 0, style: .dim))
        return c
    }

}
