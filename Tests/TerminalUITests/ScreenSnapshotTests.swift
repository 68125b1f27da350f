import Testing
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

    @Test func aTerminalBelowSixtyBySixteenSaysHowBigItMustBe() throws {
        for (w, h) in [(59, 16), (60, 15), (20, 6)] {
            let app = makeApp(store: try makeFixtureStore(), width: w, height: h)
            assertSnapshot(app.render(), named: "too-small-\(w)x\(h)")
        }
    }
}
