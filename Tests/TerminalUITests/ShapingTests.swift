import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// Issue 11: shaping an imported plan from the terminal — remove (with a reason, undone by `u`),
/// move, milestones, notes, the plans screen's archive and edit, the edit keys on a finding's
/// row, an export that asks before replacing a file, accent-folded search and UK due dates.

private func planId(_ store: CountingStore) throws -> Int64 { try #require(try store.plans().first).id }

private func rows(_ app: App) -> [String] {
    let screen = app.render()
    return (0..<screen.height).map { screen.text(row: $0) }
}

private func action(_ store: CountingStore, _ ref: String) throws -> Action {
    try #require(try store.action(planId: try planId(store), ref: ref), "no action \(ref)")
}

@Suite struct RemovingTests {
    @Test func xOnAnActionAsksWhyRemovesItAtOnceAndUBringsItBack() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        let shown = try action(store, "P1.1")
        press(app, "x")
        #expect(app.prompt?.label == "Remove action P1.1? Why")
        press(app, "Duplicate of P1.2<Enter>")
        #expect(try store.action(id: shown.id)?.removed?.reason == "Duplicate of P1.2")
        #expect(app.message?.text == "Removed action P1.1: u brings it back")
        #expect(!rows(app).contains { $0.hasPrefix(" P1.1") }, "the row is gone at once")
        press(app, "u")
        #expect(try store.action(id: shown.id)?.removed == nil)
        #expect(app.message?.text.hasPrefix("Undone:") == true)
        #expect(rows(app).contains { $0.hasPrefix(" P1.1") }, "the row is back")
    }

    @Test func aRemovalNeedsAReasonAndTheTypedKeysStayInItsPrompt() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "x<Enter>")
        #expect(app.prompt?.label == "Remove action P1.1? Why", "an empty reason keeps the prompt open")
        #expect(app.prompt?.notice == "Give a reason: it is kept with the removal, and u brings it back")
        #expect(try action(store, "P1.1").removed == nil)
        press(app, "<Esc>")
        #expect(try action(store, "P1.1").removed == nil, "Esc removes nothing")
        #expect(app.message?.text == "Cancelled")
    }

    @Test func xOnTheActionScreenRemovesItAndGoesBackToThePlan() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "<Enter>")
        #expect(app.top is ActionScreen)
        press(app, "xDone elsewhere<Enter>")
        #expect(app.top is PlanScreen)
        #expect(try action(store, "P1.1").removed != nil)
        press(app, "u")
        #expect(try action(store, "P1.1").removed == nil)
    }

    @Test func xOnAFindingsRowNamesHowManyActionsGoWithIt() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>j")  // P1
        press(app, "x")
        #expect(app.prompt?.label == "Remove finding P1 (2 actions)? Why")
        press(app, "Merged into P2<Enter>")
        #expect(app.message?.text == "Removed finding P1 (2 actions): u brings it back")
        #expect(!rows(app).contains { $0.hasPrefix(" P1.") }, "its actions leave with it")
        press(app, "u")
        #expect(rows(app).contains { $0.hasPrefix(" P1.2") })
    }

    @Test func xOnAGroupRowSaysWhatToSelectAndTheReasonTypedAfterItIsNotTakenAsKeys() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>")  // the group row
        press(app, "xsad<Enter>")
        #expect(app.prompt == nil)
        #expect(app.message?.text == "Select an action or a finding to remove (j/k to move)")
        #expect(try store.actions(ActionQuery(planIds: [try planId(store)])).allSatisfy { $0.status != .complete || $0.title.hasPrefix("Leaflets") })
    }

    @Test func aMilestoneAndAPlanAreRemovedWithAReasonToo() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>M")
        #expect(app.top is MilestonesScreen)
        press(app, "xNot asked for this time<Enter>")
        #expect(app.message?.text == "Removed milestone “Early draft action plan…”: u brings it back")
        #expect(try store.milestones(planId: try planId(store)).count == 1)
        press(app, "qq")
        #expect(app.top is PlansScreen)
        press(app, "x")
        #expect(app.prompt?.label == "Remove plan 1 (5 actions)? Why")
        press(app, "Imported twice<Enter>")
        #expect(try store.plans().count == 1)
        press(app, "u")
        #expect(try store.plans().count == 2)
    }
}

@Suite struct NoteTests {
    @Test func nOnTheActionScreenEditsYourOwnNote() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store, who: "bob")
        press(app, "<Enter>n")
        #expect(app.prompt?.label == "Note of 2026-11-18 by bob")
        press(app, "e")
        #expect(app.prompt?.editor.text == "Audit started: 40 of 120 cases reviewed.")
        press(app, "<C-u>Audit started: 45 of 120 cases reviewed.<Enter>")
        #expect(try store.notes(actionId: try action(store, "P1.1").id).first?.text == "Audit started: 45 of 120 cases reviewed.")
        #expect(app.message?.text == "Note of 2026-11-18 on P1.1 saved")
    }

    @Test func someoneElsesNoteIsRefusedInOneLineAndTheTextTypedStaysInThePrompt() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store, who: "alice")
        press(app, "<Enter>ne<C-u>Rewritten<Enter>")
        #expect(app.message?.text.hasPrefix("Not saved: note") == true)
        #expect(app.message?.text.contains("was written by bob: only its author may change it") == true)
        #expect(app.prompt?.editor.text == "Rewritten", "what was typed is kept")
        press(app, "sc")
        #expect(app.prompt?.editor.text == "Rewrittensc", "keys go to the prompt, not to the screen")
        #expect(try action(store, "P1.1").status == .inProgress)
        #expect(try store.notes(actionId: try action(store, "P1.1").id).first?.text == "Audit started: 40 of 120 cases reviewed.")
    }

    @Test func anyoneRemovesANoteWithAReasonAndChoosesItWhenThereAreSeveral() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store, who: "alice")
        press(app, "<Enter>cSecond note<Enter>")
        press(app, "n")
        #expect(app.prompt?.label == "Which note of P1.1")
        #expect(app.prompt?.choices.count == 2)
        press(app, "2x")
        #expect(app.prompt?.label == "Remove note of 2026-11-18 on P1.1? Why")
        press(app, "Wrong action<Enter>")
        let notes = try store.notes(actionId: try action(store, "P1.1").id)
        #expect(notes.map(\.text) == ["Second note"])
        press(app, "u")
        #expect(try store.notes(actionId: try action(store, "P1.1").id).count == 2)
    }
}

@Suite struct MoveTests {
    @Test func shiftFMovesTheActionUnderAnotherFindingAndTheRowShowsItsNewReference() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        let moved = try action(store, "P1.1")
        press(app, "F")
        #expect(app.prompt?.label == "Move P1.1 to finding")
        press(app, "w2<Enter>")
        #expect(app.message?.text == "Moved P1.1 under W2: it is now W2.1")
        #expect(try store.action(id: moved.id)?.ref == "W2.1")
        #expect(app.top.selectedTarget?.ref == "W2.1", "the moved action stays selected")
        #expect(app.render().text.contains("W2.1"))
        press(app, "u")
        #expect(try store.action(id: moved.id)?.ref == "P1.1")
    }

    @Test func aReferenceThatIsNoFindingIsRefusedAndKept() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "FD9<Enter>")
        #expect(app.prompt?.notice == "“D9” is not a finding of this plan: P1, P2, W1, W2")
        #expect(app.prompt?.editor.text == "D9")
        press(app, "<C-u>P1<Enter>")
        #expect(app.prompt?.notice == "P1.1 is under P1 already")
        press(app, "<C-u><Tab>")
        #expect(app.prompt?.editor.text == "P2", "Tab completes the other findings' references")
    }
}

@Suite struct FindingRowTests {
    @Test func anEditKeyOnAFindingWithOneActionActsOnThatAction() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jjjj")  // P2, whose one action is P2.1
        press(app, "o")
        #expect(app.prompt?.label == "Owner of P2.1")
        press(app, "<C-u>Carol Jones<Enter>")
        #expect(try action(store, "P2.1").owner == "Carol Jones")
    }

    @Test func anEditKeyOnAFindingWithSeveralActionsAsksWhich() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>j")  // P1: P1.1 and P1.2
        press(app, "d")
        #expect(app.prompt?.label == "Which action of P1")
        #expect(app.prompt?.choices.map(\.key) == ["1", "2"])
        press(app, "2")
        #expect(app.prompt?.label == "Due date of P1.2")
        press(app, "<C-u>2027-01-15<Enter>")
        #expect(try action(store, "P1.2").due == Day(year: 2027, month: 1, day: 15))
        press(app, "sp")
        #expect(app.prompt?.label == "Which action of P1", "s asks too")
        press(app, "1p")
        #expect(try action(store, "P1.1").status == .inProgress)
        press(app, "E1")
        #expect(app.pendingEditor != nil, "E then 1 opens P1.1's form")
    }

    @Test func theCommandLineOnAFindingsRowEditsItsOneActionAndRefusesWhenThereAreSeveral() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jjjj:owner Carol Jones<Enter>")  // P2
        #expect(try action(store, "P2.1").owner == "Carol Jones")
        press(app, "kkk:owner Dana<Enter>")  // P1, two actions
        #expect(app.prompt?.notice == "Finding P1 has 2 actions: select one, or mark them (t)")
        #expect(app.prompt?.editor.text == "owner Dana", "the line is kept")
    }

    @Test func anEditKeyOnAFindingWithNoActionSaysSoAndTheTextTypedAfterIsNotTakenAsKeys() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>G")  // W2, which has no action
        press(app, "oCarol Jones")
        #expect(app.message?.text == "Finding W2 has no action yet: a adds one")
        #expect(app.prompt == nil, "the a of Carol did not open a new action")
        press(app, "<Enter>")
        #expect(app.prompt == nil)
        #expect(try store.owners().contains("Carol Jones") == false)
    }
}

@Suite struct MilestoneTests {
    @Test func milestonesAreAddedRenamedRedatedMetAndClearedFromTheirScreen() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>M")
        press(app, "aBoard review<Enter>")
        #expect(app.prompt?.label == "Due date of “Board review”")
        press(app, "31/12/2026<Enter>")
        #expect(app.message?.text == "Added milestone “Board review”, due Thu 2026-12-31")
        let added = try #require(try store.milestones(planId: try planId(store)).first { $0.title == "Board review" })
        #expect((app.top as? MilestonesScreen)?.selected?.id == added.id)
        press(app, "R<C-u>Improvement board review<Enter>")
        #expect(try store.milestone(id: added.id)?.title == "Improvement board review")
        press(app, "d<C-u>26 Dec 2026<Enter>")
        #expect(try store.milestone(id: added.id)?.due == Day(year: 2026, month: 12, day: 26))
        #expect(app.message?.text.hasSuffix("2026-12-26 is not a working day (Saturday): kept as given") == true)
        press(app, "s")
        #expect(app.prompt?.editor.text == "2026-11-23", "met starts at today")
        press(app, "<C-u>2026-11-30<Enter>")
        #expect(app.prompt?.notice == "2026-11-30 is after today (2026-11-23): a milestone is met on a day that has come")
        press(app, "<C-u>2026-11-20<Enter>")
        #expect(try store.milestone(id: added.id)?.done == Day(year: 2026, month: 11, day: 20))
        press(app, "s<C-u>none<Enter>")
        #expect(try store.milestone(id: added.id)?.done == nil)
        #expect(app.message?.text == "“Improvement board review” is not met")
    }

    @Test func theDashboardOpensTheMilestonesToo() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>DM")
        #expect(app.top is MilestonesScreen)
        #expect(app.render().text.contains("Final action plan to Ofsted"))
    }
}

@Suite struct PlansScreenTests {
    @Test func shiftAArchivesThePlanShiftHShowsArchivedPlansMarkedAndAgainBringsItBack() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, width: 140)
        press(app, "A")
        #expect(app.message?.text == "Archived plan 1: H shows archived plans, u undoes")
        #expect(try store.plans().map(\.id) == [2])
        #expect(!app.render().text.contains("Stockton-on-Tees"))
        press(app, "H")
        #expect(app.render().text.contains("(archived) Stockton-on-Tees"))
        press(app, "gA")
        #expect(app.message?.text == "Plan 1 is current again")
        #expect(try store.plans().count == 2)
        press(app, "H")
        #expect(app.render().text.contains("Stockton-on-Tees") && !app.render().text.contains("(archived)"))
    }

    @Test func shiftEEditsAPlansTitleReceivedDateAuthorityAndKind() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "E")
        #expect(app.prompt?.label == "Edit plan 1")
        press(app, "t<C-u>Focused visit, October 2026<Enter>")
        #expect(try store.plan(id: 1)?.title == "Focused visit, October 2026")
        press(app, "Er<C-u>29/10/2026<Enter>")
        #expect(try store.plan(id: 1)?.received == Day(year: 2026, month: 10, day: 29))
        press(app, "Er<C-u>someday<Enter>")
        #expect(app.prompt?.notice?.contains("is not a date: expected \(DateExpression.acceptedForms)") == true)
        press(app, "<Esc>Ea<C-u>Stockton-on-Tees Borough Council<Enter>")
        #expect(try store.plan(id: 1)?.authority == "Stockton-on-Tees Borough Council")
        press(app, "Ek")
        #expect(app.prompt?.choices.count == DocumentKind.allCases.count)
        let ilacs = try #require(DocumentKind.allCases.firstIndex(of: .ilacsInspection))
        press(app, "\(ilacs + 1)")
        #expect(try store.plan(id: 1)?.kind == .ilacsInspection)
        press(app, "u")
        #expect(try store.plan(id: 1)?.kind == .focusedVisit)
    }
}

@Suite struct ExportReplaceTests {
    @Test func anExportToAFileThatExistsAsksBeforeReplacingIt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let existing = folder.appendingPathComponent("board.html").path
        try "old".write(toFile: existing, atomically: true, encoding: .utf8)
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>eh<C-u>\(existing)")
        #expect(press(app, "<Enter>").isEmpty, "nothing is written yet")
        #expect(app.prompt?.label.hasSuffix("exists: replace it?") == true)
        press(app, "n")
        #expect(app.prompt?.editor.text == existing, "n gives the name back to change")
        press(app, "<Enter>")
        let effects = press(app, "y")
        guard case .export(let request)? = effects.first else {
            Issue.record("y did not export: \(effects)")
            return
        }
        #expect(request.replacing && request.path == existing)
        let fresh = folder.appendingPathComponent("new.html").path
        let app2 = makeApp(store: try makeFixtureStore())
        press(app2, "<Enter>eh<C-u>\(fresh)")
        guard case .export(let request2)? = press(app2, "<Enter>").first else {
            Issue.record("a new file was not exported at once")
            return
        }
        #expect(!request2.replacing, "a new file is never replaced by surprise")
        // Made meanwhile by someone else: the refusal becomes the question.
        try "theirs".write(toFile: fresh, atomically: true, encoding: .utf8)
        _ = app2.handle(.exportFinished(ExportOutcome(request: request2, path: fresh, error: "\(fresh) already exists: add --force to replace it")))
        #expect(app2.prompt?.label.hasSuffix("exists: replace it?") == true)
        guard case .export(let request3)? = press(app2, "y").first else {
            Issue.record("y did not export")
            return
        }
        #expect(request3.replacing)
    }
}

@Suite struct SearchAndDateTests {
    @Test func theSearchFoldsAccentsAsListSearchDoes() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>/ZOË<Enter>n")
        #expect(app.message?.text == "Match 1 of 2")
        press(app, "/<C-u>zoe<Enter>n")
        #expect(app.message?.text == "Match 2 of 2", "zoe finds Zoë")
    }

    @Test func aDueDateOnAWeekendIsKeptWithAWarningAndUKDatesAreRead() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "d<C-u>26/12/2026")
        #expect(app.render().text.contains("not a working day (Saturday)"), "the preview warns before saving")
        press(app, "<Enter>")
        #expect(try action(store, "P1.1").due == Day(year: 2026, month: 12, day: 26))
        #expect(app.message?.text == "P1.1 is due Sat 2026-12-26 · 2026-12-26 is not a working day (Saturday): kept as given")
        press(app, "d<C-u>")
        #expect(app.render().text(row: app.height - 1).contains(String(DateExpression.acceptedForms.prefix(40))))
        press(app, "soon<Enter>")
        #expect(app.prompt?.notice == "'soon' is not a date: expected \(DateExpression.acceptedForms)")
    }

    @Test func aColourSetByHandIsMarkedWithTheOneMark() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store, width: 100)
        press(app, "<Enter>jjraBehind on the audit<Enter>")
        #expect(app.render().text.contains("Amber" + RAGRules.setByHandMark))
    }
}
