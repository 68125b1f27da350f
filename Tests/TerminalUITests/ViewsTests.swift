import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// Issue 12: each person's own view across every plan — Mine, Overdue, Due soon, By owner —
/// one key each from any screen, and the dashboard's by-owner section.
extension ScrollContent {
    /// Every line's text, one per line.
    var plainText: String { (0..<count).map { line($0).spans.map(\.text).joined() }.joined(separator: "\n") }
}

@Suite struct ViewsTests {
    func lines(_ app: App) -> [String] {
        let screen = app.render()
        return (0..<screen.height).map { screen.text(row: $0) }
    }

    func shownRefs(_ app: App) throws -> [String] {
        let view = try #require(app.top as? ViewScreen)
        return view.rows.compactMap { if case .action(let i) = $0 { return view.refs[i] } else { return nil } }
    }

    @Test func mineListsTheActionsOfTheConfiguredNameInEveryStatusMatchedWithoutAccents() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, who: "ZOE HART")
        press(app, "1")
        let view = try #require(app.top as? ViewScreen)
        #expect(view.view == .mine && view.crumb == "Mine")
        let plan = try #require(try store.plans().first { $0.authority == "Stockton-on-Tees" })
        #expect(try shownRefs(app).sorted() == ["\(plan.id)/P1.2", "\(plan.id)/W1.1"])
        #expect(lines(app).contains { $0.contains("actions whose owner is ZOE HART") })
    }

    @Test func overdueAndDueSoonHoldTheOpenActionsTheRulesSay() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, who: "alice")
        let plan = try #require(try store.plans().first { $0.authority == "Stockton-on-Tees" })
        press(app, "2")
        #expect(try shownRefs(app) == ["\(plan.id)/P1.1"], "due 16 November, in progress: overdue on 23 November")
        press(app, "3")
        #expect(try shownRefs(app) == ["\(plan.id)/P1.2"], "due 1 December: within the 10-day window")
        #expect(app.stack.count == 2, "a view's key replaces the view shown rather than piling up")
        press(app, "q")
        #expect(app.top is PlansScreen)
    }

    @Test func byOwnerGroupsOpenActionsUnderTheirOwnerWithNoOwnerLast() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, who: "alice")
        press(app, "4")
        let view = try #require(app.top as? ViewScreen)
        let headings = view.rows.compactMap { if case .owner(let name, _, _) = $0 { return name } else { return nil } }
        #expect(headings.last == "No owner")
        #expect(headings.contains("Zoë Hart") && headings.contains("Head of Service – Assessment"))
        #expect(!(try shownRefs(app)).contains { $0.hasSuffix("/W1.1") }, "a completed action is not open")
        #expect(lines(app).contains { $0.contains("Head of Service – Assessment · 1 open action, 1 overdue") })
        if case .action = view.rows[view.cursor.selected] {} else { Issue.record("the selection starts on an action, not a heading") }
    }

    @Test func anActionIsChangedFromAViewAndOpenedWithEnter() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, who: "alice")
        press(app, "2")
        let before = try #require(try store.actions(.all).first { $0.ref == "P1.1" && $0.status == .inProgress })
        press(app, "sc")
        #expect(try store.action(id: before.id)?.status == .complete)
        #expect(try shownRefs(app).isEmpty, "complete, it leaves the overdue view")
        press(app, "u")
        #expect(try store.action(id: before.id)?.status == .inProgress)
        press(app, "<Enter>")
        let screen = try #require(app.top as? ActionScreen)
        #expect(screen.crumb.contains("P1.1"))
    }

    @Test func theViewsAreInTheHelpOfEveryScreenAndTheDashboardHasOwners() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, who: "alice")
        for kind in ScreenKind.allCases where kind != .help {
            #expect(HelpScreen(for: kind).build(width: 200).plainText.contains("1 mine, 2 overdue, 3 due soon, 4 by owner"), "\(kind)")
        }
        press(app, "<Enter>D")
        #expect(app.top is DashboardScreen)
        let text = (app.top as! DashboardScreen).build(width: 100).plainText
        #expect(text.contains("By owner"))
        #expect(text.contains("Zoë Hart"))
        #expect(text.contains("No owner"))
    }
}
