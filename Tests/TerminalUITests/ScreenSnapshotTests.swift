import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// Scripted keys against the fixture database, each screen compared with a checked-in text
/// file at 80×24 and at 60×16.
@Suite struct ScreenSnapshotTests {
    static let scripts: [(name: String, keys: String)] = [
        ("plans", ""),
        ("plan", "<Enter>"),
        ("plan-action-selected", "<Enter>jj"),
        ("action", "<Enter>jj<Enter>"),
        ("action-wide-text", "<Enter>G<Up><Up><Enter>"),
        ("dashboard", "<Enter>D"),
        ("help-plan", "<Enter>?"),
        ("due-prompt-preview", "<Enter>jjd<C-u>+20wd"),
        ("due-prompt-error", "<Enter>jjd<C-u>+20xx"),
        ("owner-prompt-completion", "<Enter>jjo<C-u>Z"),
        ("status-choice", "<Enter>jjs"),
        ("status-changed", "<Enter>jjsc"),
        ("filter-overdue", "<Enter>fo"),
        ("search-leaf", "<Enter>/leaf"),
        ("sorted-by-due", "<Enter>Sd"),
        ("group-folded", "<Enter>z"),
        ("action-smart-flags", "<Enter>G<Up><Enter><PgDn>"),
        ("export-format", "<Enter>e"),
        ("export-path", "<Enter>e<Enter>"),
        ("marked-two", "<Enter>jjtt"),
        ("marked-apply", "<Enter>jjtt;"),
        ("search-next-match", "<Enter>/wee<Enter>n"),
        ("command-line", "<Enter>jj:due +20x"),
        ("milestones", "<Enter>M"),
        ("help-milestones", "<Enter>M?"),
        ("remove-reason", "<Enter>jjx"),
        ("finding-which-action", "<Enter>jd"),
        ("plans-archived-shown", "AH"),
    ]

    @Test(arguments: [(80, 24), (60, 16)])
    func everyScreenMatchesItsSnapshot(size: (Int, Int)) throws {
        for script in Self.scripts {
            let app = makeApp(store: try makeFixtureStore(), width: size.0, height: size.1)
            press(app, script.keys)
            assertSnapshot(app.render(), named: "\(script.name)-\(size.0)x\(size.1)")
        }
    }

    /// Colours and attributes: RAG letters and counts in their colours, the selected row in
    /// reverse, headings bold and underlined.
    @Test func coloursAndAttributesMatchTheirSnapshot() throws {
        for script in [("plans", ""), ("plan-action-selected", "<Enter>jj"), ("dashboard", "<Enter>D")] {
            let app = makeApp(store: try makeFixtureStore())
            press(app, script.1)
            assertStyleSnapshot(app.render(), named: "\(script.0)-80x24")
        }
    }

    /// Issue 10: a refused owner kept with its choice, and a pasted note (line breaks as ↵).
    @Test(arguments: [(80, 24), (60, 16)])
    func aRefusedEditAndAPastedNoteMatchTheirSnapshots(size: (Int, Int)) throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, width: size.0, height: size.1)
        press(app, "<Enter>jjo<C-u>Carol Jones")
        let shown = try firstAction(store)
        _ = try store.updateAction(id: shown.id, changes: ActionChanges(due: .some(Day(year: 2027, month: 1, day: 8))),
                                   expectVersion: nil, who: "bob", today: fixedToday)
        press(app, "<Enter>")
        assertSnapshot(app.render(), named: "owner-refused-\(size.0)x\(size.1)")
        let pasted = makeApp(store: try makeFixtureStore(), width: size.0, height: size.1)
        press(pasted, "<Enter>jjc")
        _ = pasted.handle(.paste("Panel met on 20 Nov\rsc\re"))
        assertSnapshot(pasted.render(), named: "note-pasted-\(size.0)x\(size.1)")
    }

    @Test func aTerminalBelowSixtyBySixteenSaysHowBigItMustBe() throws {
        for (w, h) in [(59, 16), (60, 15), (20, 6)] {
            let app = makeApp(store: try makeFixtureStore(), width: w, height: h)
            assertSnapshot(app.render(), named: "too-small-\(w)x\(h)")
        }
    }
}
