import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// What the configuration file gives the terminal UI (through `UIContext`): the name "mine"
/// matches and the due-soon window.
@Suite struct ConfigurationUITests {
    func app(who: String, dueSoonWindow: Int = RAGRules.defaultDueSoonWindow, height: Int = 24) throws -> App {
        let context = UIContext(store: try makeFixtureStore(), who: who, today: fixedToday, calendar: sharedCalendar,
                                now: { fixedNow }, dueSoonWindow: dueSoonWindow)
        return App(context: context, width: 100, height: height)
    }

    func shownRefs(_ app: App) throws -> [String] {
        let screen = try #require(app.top as? PlanScreen)
        return screen.rows.compactMap { if case .action(let a) = $0 { return screen.data!.refs[a] }; return nil }
    }

    @Test func mineMatchesTheNameByFoldedWordsNotASubstringOfTheLogin() throws {
        let named = try app(who: "zoe hart")
        press(named, "<Enter>fm")
        #expect(try shownRefs(named) == ["P1.2", "W1.1"], "the configured name, without case or accents, finds Zoë Hart's actions")
        let login = try app(who: "zoe")
        press(login, "<Enter>fm")
        #expect(try shownRefs(login) == ["P1.2", "W1.1"], "a whole word of the owner matches")
        let partial = try app(who: "zo")
        press(partial, "<Enter>fm")
        #expect(try shownRefs(partial).isEmpty, "part of a word does not")
    }

    @Test func theDueSoonWindowReachesTheFilterAndTheDashboard() throws {
        let standard = try app(who: "alice", height: 60)
        press(standard, "<Enter>fs")
        let none = try app(who: "alice", dueSoonWindow: 0, height: 60)
        press(none, "<Enter>fs")
        #expect(try !shownRefs(standard).isEmpty)
        #expect(try shownRefs(none).isEmpty, "nothing is due today")
        press(none, "fxD")
        #expect(none.render().text.contains("Due in the next 0 working days (0)"))
    }
}
