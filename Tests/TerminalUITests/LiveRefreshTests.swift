import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// A change feed the test fills, standing for PostgreSQL's LISTEN: each poll takes what was
/// posted since the last one, or throws the failure it was given (a lost connection).
final class FakeChangeFeed: ChangeFeed, @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [ChangeNotice] = []
    private var failure: StoreError?
    private var _polls = 0

    /// How many times the UI has asked for changes.
    var polls: Int { lock.withLock { _polls } }

    func post(_ notice: ChangeNotice) { lock.withLock { queued.append(notice) } }
    func fail(_ error: StoreError) { lock.withLock { failure = error } }

    func changes(timeout: Double) throws -> [ChangeNotice] {
        try lock.withLock {
            _polls += 1
            if let failure { throw failure }
            defer { queued = [] }
            return queued
        }
    }
}

/// Live refresh with a change feed (PostgreSQL, docs/user-guide.md "Live refresh"), on the
/// in-memory store: which notices read the screen in view again, and what happens when the
/// feed fails.
@Suite struct LiveRefreshTests {
    struct Opened {
        let app: App
        let feed: FakeChangeFeed
        let shown: Action
        let otherPlan: Int64
    }

    /// The focused-visit plan open with P1.1 selected, on a UI polling `feed`.
    static func open(_ store: CountingStore) throws -> Opened {
        let feed = FakeChangeFeed()
        let context = UIContext(store: store, who: "alice", today: fixedToday, calendar: sharedCalendar, now: { fixedNow },
                                changeFeed: feed)
        let app = App(context: context, width: 80, height: 24)
        press(app, "<Enter>jj")
        let shown = try firstAction(store)
        #expect(app.top.selectedTarget?.action.id == shown.id, "P1.1 is selected")
        let other = try #require(try store.plans().first { $0.id != shown.planId })
        return Opened(app: app, feed: feed, shown: shown, otherPlan: other.id)
    }

    /// Bob's change of an action's owner, as another login would commit it; its change group.
    static func bobChangesOwner(_ store: CountingStore, of action: Action, to owner: String) throws -> Int64 {
        _ = try store.updateAction(id: action.id, changes: ActionChanges(owner: .some(owner)), expectVersion: nil,
                                   who: "bob", today: fixedToday)
        return try store.changeToken()
    }

    @Test func aNoticeForTheShownPlanReadsItAgainAndOneForAnotherPlanDoesNot() throws {
        let store = try makeFixtureStore()
        let opened = try Self.open(store)
        let app = opened.app
        // Bob changes P1.1, whose notice is still on its way; then a change to the other plan,
        // whose notice arrives first.
        let group = try Self.bobChangesOwner(store, of: opened.shown, to: "Dana Smith")
        let otherAction = try #require(try store.actions(ActionQuery(planIds: [opened.otherPlan])).first)
        let otherGroup = try Self.bobChangesOwner(store, of: otherAction, to: "Team Manager, Front Door")
        let tokenReads = store.changeTokenQueries
        let queries = store.actionQueries
        opened.feed.post(ChangeNotice(group: otherGroup, plans: [opened.otherPlan], actions: [otherAction.id]))
        _ = app.handle(.tick)
        #expect(store.actionQueries == queries, "a notice for another plan must not read the plan screen again")
        #expect(!app.render().text.contains("Dana Smith"), "the plan screen was not read again")
        #expect(store.changeTokenQueries == tokenReads, "with a change feed a poll does not ask the database for its change token")

        opened.feed.post(ChangeNotice(group: group, plans: [opened.shown.planId], actions: [opened.shown.id]))
        _ = app.handle(.tick)
        #expect(app.render().text.contains("Dana Smith"), "a notice for the shown plan reads it again:\n\(app.render().text)")
        #expect(app.top.selectedTarget?.action.id == opened.shown.id, "the selection stays on P1.1")
        #expect(opened.feed.polls >= 2)
    }

    @Test func theNoticeOfOurOwnChangeDoesNotReadTheScreenAgain() throws {
        let store = try makeFixtureStore()
        let opened = try Self.open(store)
        let app = opened.app
        press(app, "sc")
        #expect(app.message?.text == "P1.1 is now complete")
        let ours = try store.changeToken()
        let queries = store.actionQueries
        opened.feed.post(ChangeNotice(group: ours, plans: [opened.shown.planId], actions: [opened.shown.id]))
        _ = app.handle(.tick)
        #expect(store.actionQueries == queries, "the screen was read after our change: its notice needs no second read")
        #expect(app.message?.text == "P1.1 is now complete", "the status line keeps what the write said")
        // A later change by someone else is read.
        let theirs = try Self.bobChangesOwner(store, of: opened.shown, to: "Dana Smith")
        opened.feed.post(ChangeNotice(group: theirs, plans: [opened.shown.planId], actions: [opened.shown.id]))
        _ = app.handle(.tick)
        #expect(app.render().text.contains("Dana Smith"))
    }

    @Test func aNoticeThatNamesNoPlanOrCannotBeReadReadsTheScreenAgain() throws {
        let store = try makeFixtureStore()
        let opened = try Self.open(store)
        _ = try Self.bobChangesOwner(store, of: opened.shown, to: "Dana Smith")
        // What PostgresChangeFeed makes of a payload that is not ours: "anything may have changed".
        opened.feed.post(ChangeNotice(group: 0, plans: [], actions: []))
        _ = opened.app.handle(.tick)
        #expect(opened.app.render().text.contains("Dana Smith"))
    }

    @Test func thePlansScreenIsReadAgainForAnyPlanAndAScreenBelowWhenItComesBack() throws {
        let store = try makeFixtureStore()
        let feed = FakeChangeFeed()
        let context = UIContext(store: store, who: "alice", today: fixedToday, calendar: sharedCalendar, now: { fixedNow },
                                changeFeed: feed)
        let app = App(context: context, width: 80, height: 24)
        let plan = try #require(try store.plans().first)
        _ = try store.updatePlan(id: plan.id, changes: PlanChanges(title: "Focused visit, renamed by bob"), who: "bob")
        feed.post(ChangeNotice(group: try store.changeToken(), plans: [plan.id], actions: []))
        _ = app.handle(.tick)
        #expect(app.render().text.contains("Focused visit, renamed by bob"), "\(app.render().text)")

        press(app, "?")
        #expect(app.top.kind == .help)
        #expect(!app.top.isAffected(by: ChangeNotice(group: 0, plans: [], actions: [])), "help reads nothing from the database")
        _ = try store.updatePlan(id: plan.id, changes: PlanChanges(title: "Renamed again"), who: "bob")
        let tokenReads = store.changeTokenQueries
        feed.post(ChangeNotice(group: try store.changeToken(), plans: [plan.id], actions: []))
        _ = app.handle(.tick)
        // Help reads nothing; the plans screen below is read again when it comes back, because
        // the token moved since it was read.
        press(app, "q")
        #expect(app.top.kind == .plans)
        #expect(store.changeTokenQueries > tokenReads, "coming back asks the token")
        #expect(app.render().text.contains("Renamed again"), "\(app.render().text)")
    }

    @Test func aFailedFeedIsSaidOnceAndTheChangeTokenIsPolledInstead() throws {
        let store = try makeFixtureStore()
        let opened = try Self.open(store)
        let app = opened.app
        opened.feed.fail(.cannotOpen(path: "postgresql://%2Ftmp/plans", reason: "server closed the connection unexpectedly"))
        _ = try Self.bobChangesOwner(store, of: opened.shown, to: "Dana Smith")
        _ = app.handle(.tick)
        let said = try #require(app.message)
        #expect(said.style == .error)
        #expect(said.text.hasPrefix("Live refresh stopped ("), "got: \(said.text)")
        #expect(said.text.contains("server closed the connection unexpectedly"), "got: \(said.text)")
        #expect(app.render().text.contains("Dana Smith"), "the same poll falls back to the change token")
        let polls = opened.feed.polls
        app.say("Something else")
        _ = try Self.bobChangesOwner(store, of: opened.shown, to: "Erin Brown")
        _ = app.handle(.tick)
        #expect(opened.feed.polls == polls, "a failed feed is not asked again")
        #expect(app.message?.text == "Something else", "the failure is said once, not at every poll")
        #expect(app.render().text.contains("Erin Brown"), "the token is polled from now on")
    }
}
