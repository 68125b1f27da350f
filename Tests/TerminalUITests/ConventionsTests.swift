import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI

/// Issue 11: the keys terminal users expect. `/` searches and `n`/`N` go through the matches
/// (as in less, tig and mutt); `t`/`T` mark and `;` applies the next edit to the marked
/// actions (as in mutt); `:` is a command line with history; `$EDITOR` edits long fields and
/// `E` the whole action as a form (as `task edit`).

/// The last line of the screen above the key line (messages and prompts).
private func messageRow(_ app: App) -> String { app.render().text(row: app.height - 2) }
private func keyRow(_ app: App) -> String { app.render().text(row: app.height - 1) }

@Suite struct SearchAndMatchTests {
    @Test func slashNarrowsTheRowsAndNAndShiftNGoThroughTheMatchesWrappingWithAWord() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>/zo<Enter>")
        // Zoë Hart owns P1.2 and W1.1.
        #expect(app.top.selectedTarget == nil, "the selection starts on a group row")
        press(app, "n")
        #expect(app.top.selectedTarget?.ref == "P1.2")
        #expect(app.message?.text == "Match 1 of 2")
        press(app, "n")
        #expect(app.top.selectedTarget?.ref == "W1.1")
        press(app, "n")
        #expect(app.top.selectedTarget?.ref == "P1.2")
        #expect(app.message?.text == "Match 1 of 2: search wrapped to the top")
        press(app, "N")
        #expect(app.top.selectedTarget?.ref == "W1.1")
        #expect(app.message?.text == "Match 2 of 2: search wrapped to the bottom")
        press(app, "N")
        #expect(app.top.selectedTarget?.ref == "P1.2")
        #expect(app.message?.text == "Match 1 of 2")
    }

    @Test func theSearchStaysOnTheKeyLineWhileOtherMessagesComeAndEscClearsIt() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>/zo<Enter>nsp")
        #expect(app.message?.text == "P1.2 is now in progress")
        #expect(keyRow(app).hasSuffix("/zo"), "the search is still in view: \(keyRow(app))")
        press(app, "<Esc>")
        #expect(app.message?.text == "Search cleared")
        #expect(app.top.kind == .plan, "Esc with a search clears it and stays")
        #expect(!keyRow(app).contains("/zo"))
        press(app, "<Esc>")
        #expect(app.top.kind == .plans, "Esc with no search goes back")
    }

    @Test func nWithoutASearchSaysHowToSearch() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>n")
        #expect(app.message?.text == "No search: press / to search first")
    }

    @Test func theNoteKeysMovedToCAndShiftCAndTheTitleToShiftR() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "cChecked<Enter>")
        #expect(try store.notes(actionId: shown.id).first?.text == "Checked")
        #expect(press(app, "C") == [.editText(initial: "")])
        _ = app.handle(.editorFinished(text: "Long\n", error: nil))
        #expect(try store.notes(actionId: shown.id).first?.text == "Long")
        press(app, "R<C-u>Audit open assessments<Enter>")
        #expect(try store.action(id: shown.id)?.title == "Audit open assessments")
    }
}

@Suite struct MarkingTests {
    @Test func tMarksAndUnmarksTheSelectedActionWithAStarAndACount() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>jjt")
        #expect(app.top.markedCount == 1)
        #expect(app.top.selectedTarget?.ref == "P1.2", "t moves down, so that t t t marks a run")
        let screen = app.render()
        #expect(screen.text(row: 9).hasPrefix("*P1.1"), "a marked row starts with a star: \(screen.text(row: 9))")
        #expect(keyRow(app).hasSuffix("1 marked"))
        press(app, "kt")
        #expect(app.top.markedCount == 0)
        #expect(app.message?.text == "Unmarked P1.1 (0 marked)")
        #expect(app.render().text(row: 9).hasPrefix(" P1.1"))
    }

    @Test func shiftTMarksEveryActionShownAndAgainUnmarksAll() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>/zo<Enter>T")
        #expect(app.top.markedCount == 2)
        #expect(app.top.markedTarget?.refs == ["P1.2", "W1.1"])
        #expect(app.message?.text == "Marked the 2 actions shown (2 marked)")
        press(app, "<Esc>")
        #expect(keyRow(app).hasSuffix("2 marked"))
        press(app, "T")
        #expect(app.top.markedCount == 5)
        press(app, "T")
        #expect(app.top.markedCount == 0)
        #expect(app.message?.text == "Unmarked all 5")
    }

    @Test func semicolonAppliesTheNextEditToTheMarkedActionsAndOneUndoRevertsThemAll() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jjtt")  // P1.1 and P1.2
        let ids = try #require(app.top.markedTarget?.actions.map(\.id))
        let before = try ids.map { try #require(try store.action(id: $0)) }
        press(app, ";")
        #expect(keyRow(app).contains("s o d m c C v r edit the 2 marked"))
        press(app, "o")
        #expect(app.prompt?.label == "Owner of 2 marked actions")
        press(app, "<C-u>Carol Jones<Enter>")
        for id in ids { #expect(try store.action(id: id)?.owner == "Carol Jones") }
        #expect(app.message?.text == "2 marked actions are owned by Carol Jones (u undoes all)")
        #expect(app.top.markedCount == 2, "the marks stay for the next edit")
        press(app, ";d<C-u>+20wd<Enter>")
        for id in ids { #expect(try store.action(id: id)?.due == Day(year: 2026, month: 12, day: 21)) }
        press(app, "u")
        for id in ids { #expect(try store.action(id: id)?.due == before.first { $0.id == id }?.due, "one undo reverts both dates") }
        for id in ids { #expect(try store.action(id: id)?.owner == "Carol Jones", "the owners are the change before") }
        press(app, "u")
        for (id, old) in zip(ids, before) { #expect(try store.action(id: id)?.owner == old.owner) }
    }

    @Test func anEditKeyWithoutSemicolonChangesOnlyTheSelectedAction() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jjt")  // P1.1 marked, P1.2 selected
        press(app, "sc")
        #expect(try store.action(id: 2)?.status == .complete)
        #expect(try store.action(id: 1)?.status == .inProgress)
    }

    @Test func semicolonWithNothingMarkedOrFollowedByAnotherKeyChangesNothing() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jj;")
        #expect(app.message?.text == "Nothing is marked: t marks the selected action, T every action shown")
        press(app, "sc")
        #expect(try store.action(id: 1)?.status == .inProgress, "the keys after a refused ; are not commands")
        press(app, "<Esc>tk;j")
        #expect(app.message?.text == "Nothing applied to the marked actions: ; is followed by an edit key")
        #expect(app.top.selectedTarget?.ref == "P1.1", "the key after ; did not move either")
    }

    @Test func aTitleAndAColourOfACompleteActionAreRefusedForMarkedActions() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jjtt;R")
        #expect(app.prompt == nil)
        #expect(app.message?.text == "A title is one action's: press R without ; for the selected action")
        // The keys typed after the refused R were meant for a title: Esc ends that, Esc goes back.
        press(app, "<Esc><Esc><Enter>T;r")  // W1.1 is complete
        #expect(app.prompt == nil)
        #expect(app.message?.text == "W1.1 is complete: its colour is not set by hand")
    }

    @Test func aStaleMarkedActionRefusesTheWholeEditAndKeepsTheText() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>jjtt")
        _ = try store.updateAction(id: 2, changes: ActionChanges(status: .complete), expectVersion: nil, who: "bob", today: fixedToday)
        press(app, ";m<C-u>Fortnightly review<Enter>")
        #expect(try store.action(id: 1)?.successMeasure != "Fortnightly review", "nothing is written when one is stale")
        #expect(try store.action(id: 2)?.successMeasure != "Fortnightly review")
        let message = try #require(app.message?.text)
        #expect(message.hasPrefix("Not saved: bob changed P1.2 at "), "\(message)")
        #expect(message.contains("none of the 2 was changed"), "\(message)")
        #expect(app.render().text.contains("Success measure of 2 marked actions: Fortnightly review"))
        press(app, "a")
        #expect(try store.action(id: 1)?.successMeasure == "Fortnightly review")
        #expect(try store.action(id: 2)?.successMeasure == "Fortnightly review")
    }
}

@Suite struct CommandLineTests {
    @Test func aNumberOrAReferenceJumpsToTheAction() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, ":5<Enter>")
        #expect(app.top.kind == .plan)
        #expect(app.top.selectedTarget?.ref == "W1.2")
        #expect(app.message?.text == "W1.2 #5: Revise the child’s plan template")
        press(app, ":p1.2<Enter>")
        #expect(app.top.selectedTarget?.ref == "P1.2")
        press(app, ":2/D1.1<Enter>")
        #expect(app.top.planId == 2)
        #expect(app.top.selectedTarget?.ref == "D1.1")
        #expect(app.stack.count == 2, "a jump to another plan replaces the plan screen")
    }

    @Test func aJumpToAnActionTheSearchHidesClearsTheSearch() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>/zo<Enter>:1<Enter>")
        #expect(app.top.selectedTarget?.ref == "P1.1")
        #expect(app.message?.text.hasSuffix("(search and filter cleared to show it)") == true)
    }

    @Test func editsChangeTheSelectedActionOrTheMarkedOnes() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, ":owner Dana Smith<Enter>")
        #expect(try store.action(id: 1)?.owner == "Dana Smith")
        press(app, ":due 2027-01-15<Enter>:status complete<Enter>")
        #expect(try store.action(id: 1)?.due == Day(year: 2027, month: 1, day: 15))
        #expect(try store.action(id: 1)?.status == .complete)
        press(app, ":measure none<Enter>")
        #expect(try store.action(id: 1)?.successMeasure == nil)
        press(app, "tt:rag red Board worried<Enter>")  // P1.1 and P1.2 marked
        #expect(try store.action(id: 1)?.ragOverride == nil, "P1.1 is complete: nothing changed")
        #expect(app.prompt?.editor.text == "rag red Board worried", "the line stays to correct")
        #expect(app.prompt?.notice == "P1.1 is complete: its colour is not set by hand")
        press(app, "<Esc>k:status in progress<Enter>:rag amber Board worried<Enter>")
        #expect(try store.action(id: 1)?.ragOverride == .amber)
        #expect(try store.action(id: 2)?.ragOverride == .amber)
        #expect(try store.action(id: 2)?.ragReason == "Board worried")
    }

    @Test func anUnknownCommandOrABadValueChangesNothingAndKeepsTheLine() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        let cases: [(String, String)] = [
            ("frob 3", "Unknown command “frob”: \(ColonCommand.usage)"),
            ("due 2027-02-30", "'2027-02-30' is not a real date"),
            ("status finished", "“finished” is not a status: expected not started, in progress, complete or cancelled"),
            ("rag red", ":rag red needs a reason: :rag red WHY"),
            ("rag blue why", "“blue” is not a colour to set: expected red, amber or green with a reason, or derived"),
            ("owner", ":owner needs a value, or none to clear it"),
            ("99", "No such action: no action with id 99"),
            ("P9.9", "Plan 1 has no action P9.9"),
        ]
        for (line, why) in cases {
            press(app, ":" + line + "<Enter>")
            #expect(app.prompt?.question == .command, "\(line): the command line stays open")
            #expect(app.prompt?.editor.text == line, "\(line): the text is kept")
            #expect(app.prompt?.notice == why, "\(line)")
            // Typing on does not run screen commands: it goes on the line.
            press(app, "sc")
            #expect(app.prompt?.editor.text == line + "sc")
            press(app, "<Esc>")
        }
        #expect(try store.action(id: shown.id) == shown, "nothing changed")
    }

    @Test func aControlCharacterInACommandIsShownAsAnEscapeNeverSent() throws {
        let app = appOnFirstAction(try makeFixtureStore())
        press(app, ":")
        _ = app.handle(.paste("x\u{1B}]0;pwned\u{07}"))
        press(app, "<Enter>")
        let notice = try #require(app.prompt?.notice)
        #expect(!notice.unicodeScalars.contains { $0.value < 0x20 }, "\(notice)")
    }

    @Test func upAndDownRecallEarlierLinesOfTheSession() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, ":owner Dana<Enter>:due +5d<Enter>:frob<Enter><Esc>:draft")
        press(app, "<Up>")
        #expect(app.prompt?.editor.text == "frob")
        press(app, "<Up><Up>")
        #expect(app.prompt?.editor.text == "owner Dana")
        press(app, "<Up>")
        #expect(app.prompt?.editor.text == "owner Dana")
        #expect(app.prompt?.notice == "No earlier line")
        press(app, "<Down><Down><Down>")
        #expect(app.prompt?.editor.text == "draft", "the line being typed comes back after the last")
        press(app, "<Esc>:<Up><Up><Enter>")
        guard case .day(let due) = DueText("+5d", today: fixedToday, calendar: sharedCalendar) else { return }
        #expect(try store.action(id: 1)?.due == due, "a recalled line runs again")
    }
}

@Suite struct EditorTests {
    @Test func ctrlXInATitlePromptGoesOnInTheEditorAndComesBackAsTheAnswer() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "R<C-u>Audit")
        #expect(press(app, "<C-x>") == [.editText(initial: "Audit")])
        #expect(app.prompt == nil)
        _ = app.handle(.editorFinished(text: "Audit every open\nassessment\n", error: nil, file: "/tmp/t/note.txt"))
        #expect(try store.action(id: 1)?.title == "Audit every open assessment", "a title is one line")
        // An empty title is refused and the prompt opens with the text, to correct.
        press(app, "R<C-x>")
        _ = app.handle(.editorFinished(text: "\n", error: nil))
        #expect(app.prompt?.question == .title(EditTarget(action: try #require(try store.action(id: 1)), ref: "P1.1")))
        #expect(app.prompt?.notice == "A title cannot be empty")
    }

    @Test func ctrlXInAMeasurePromptKeepsTheTextIfTheEditorFails() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "m<C-u>95% within<C-x>")
        _ = app.handle(.editorFinished(text: "95% within 45 days", error: "vi exited with status 1"))
        #expect(app.prompt?.editor.text == "95% within 45 days")
        #expect(app.prompt?.notice == "The editor failed (vi exited with status 1): your text is back in the prompt")
    }

    @Test func shiftEEditsTheWholeActionAsAFormInOneChange() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        let effects = press(app, "E")
        guard case .editText(let form)? = effects.first else {
            Issue.record("E did not open the editor: \(effects)")
            return
        }
        #expect(form.contains("Title: Audit every open assessment older than 45 working days\n"))
        #expect(form.contains("Status: in progress\n"))
        var edited = form.replacingOccurrences(of: "Owner: Head of Service – Assessment", with: "Owner: Dana Smith")
        edited = edited.replacingOccurrences(of: "Due: 2026-11-16", with: "Due: +20wd")
        edited = edited.replacingOccurrences(of: "Colour: derived", with: "Colour: amber")
        edited = edited.replacingOccurrences(of: "Reason: ", with: "Reason: Recovery plan agreed")
        edited += "Half the cases done.\nThe rest by Friday.\n"
        let done = app.handle(.editorFinished(text: edited, error: nil, file: "/tmp/f/note.txt"))
        #expect(done == [.discardNoteFile])
        let after = try #require(try store.action(id: 1))
        #expect(after.owner == "Dana Smith")
        #expect(after.due == Day(year: 2026, month: 12, day: 21))
        #expect(after.ragOverride == .amber)
        #expect(after.ragReason == "Recovery plan agreed")
        #expect(try store.notes(actionId: 1).first?.text == "Half the cases done.\nThe rest by Friday.")
        #expect(app.message?.text == "P1.1 saved from the form")
        press(app, "u")
        let undone = try #require(try store.action(id: 1))
        #expect(undone.owner == "Head of Service – Assessment", "one undo reverts the whole form")
        #expect(undone.ragOverride == nil)
        #expect(try store.notes(actionId: 1).first?.text == "Audit started: 40 of 120 cases reviewed.")
    }

    @Test func anUnchangedOrEmptyFormChangesNothing() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        guard case .editText(let form)? = press(app, "E").first else { return }
        #expect(app.handle(.editorFinished(text: form, error: nil, file: "/tmp/f/note.txt")) == [.discardNoteFile])
        #expect(app.message?.text == "No change: the form was saved as it was")
        press(app, "E")
        _ = app.handle(.editorFinished(text: "", error: nil))
        #expect(app.message?.text == "Form left empty: nothing changed")
        #expect(try store.action(id: 1)?.version == 2)
    }

    @Test func aFormThatDoesNotParseReopensWithTheErrorsOnTopAndTheTextKept() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        guard case .editText(let form)? = press(app, "E").first else { return }
        let bad = form.replacingOccurrences(of: "Due: 2026-11-16", with: "Due: someday")
            .replacingOccurrences(of: "Owner: Head of Service – Assessment", with: "Owner: Dana Smith")
        let effects = app.handle(.editorFinished(text: bad, error: nil, file: "/tmp/f/note.txt"))
        guard case .editText(let reopened)? = effects.first else {
            Issue.record("the form did not reopen: \(effects)")
            return
        }
        #expect(reopened.hasPrefix("# ERROR: Due: "), "\(reopened)")
        #expect(reopened.contains("Owner: Dana Smith"), "the person's text is kept")
        #expect(try store.action(id: 1)?.owner == "Head of Service – Assessment", "nothing is saved from a bad form")
        // Corrected (the error comments are ignored): saved.
        let fixed = reopened.replacingOccurrences(of: "Due: someday", with: "Due: 2027-01-15")
        _ = app.handle(.editorFinished(text: fixed, error: nil, file: "/tmp/f/note.txt"))
        #expect(try store.action(id: 1)?.owner == "Dana Smith")
        #expect(try store.action(id: 1)?.due == Day(year: 2027, month: 1, day: 15))
    }

    @Test func aBadFormSavedAgainUnchangedAsksInsteadOfReopeningForever() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        guard case .editText(let form)? = press(app, "E").first else { return }
        let bad = form.replacingOccurrences(of: "Status: in progress", with: "Status: finished")
        guard case .editText(let reopened)? = app.handle(.editorFinished(text: bad, error: nil, file: "/tmp/f/note.txt")).first else {
            Issue.record("the form did not reopen")
            return
        }
        #expect(app.handle(.editorFinished(text: reopened, error: nil, file: "/tmp/f/note.txt")).isEmpty, "the file is kept")
        let screen = app.render().text
        #expect(screen.contains("e edit in $EDITOR  d discard"), "\(screen)")
        #expect(!screen.contains("a try again"))
        #expect(press(app, "e") == [.editText(initial: reopened)])
    }

    @Test func aStaleFormIsRefusedAndCanBeAppliedToTheNewVersion() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        guard case .editText(let form)? = press(app, "E").first else { return }
        _ = try store.updateAction(id: 1, changes: ActionChanges(evidence: .some("Bob's audit")), expectVersion: nil,
                                   who: "bob", today: fixedToday)
        let edited = form.replacingOccurrences(of: "Owner: Head of Service – Assessment", with: "Owner: Dana Smith")
        #expect(app.handle(.editorFinished(text: edited, error: nil, file: "/tmp/f/note.txt")).isEmpty)
        #expect(app.message?.text.hasPrefix("Not saved: bob changed P1.1") == true)
        #expect(press(app, "a") == [.discardNoteFile])
        let after = try #require(try store.action(id: 1))
        #expect(after.owner == "Dana Smith")
        #expect(after.evidence == "Bob's audit", "only the lines the person changed are written")
    }

    @Test func shiftEOnAFindingsRowEditsItsTextInOneChange() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>j")  // the finding P1
        // P1 has actions: E asks whether the finding's text or one of them is meant.
        press(app, "E")
        #expect(app.prompt?.label == "Edit P1")
        #expect(app.prompt?.choices.map(\.key) == ["f", "1", "2"])
        let effects = press(app, "f")
        guard case .editText(let text)? = effects.first else {
            Issue.record("E on a finding did not open the editor: \(effects)")
            return
        }
        #expect(text.hasPrefix("# The text of finding P1"))
        #expect(text.contains("\nThe quality and timeliness of assessments"))
        let finding = try #require(try store.findings(planId: 1).first { $0.ref == "P1" })
        _ = app.handle(.editorFinished(text: text.replacingOccurrences(of: "The quality", with: "The pace"), error: nil,
                                       file: "/tmp/f/note.txt"))
        #expect(try store.finding(id: finding.id)?.text.hasPrefix("The pace and timeliness") == true)
        #expect(app.message?.text == "Text of finding P1 saved")
        #expect(app.render().text.contains("P1    The pace and timeliness"))
        press(app, "u")
        #expect(try store.finding(id: finding.id)?.text == finding.text, "one undo reverts it")
        // Unchanged, or emptied: nothing changes.
        press(app, "Ef")
        _ = app.handle(.editorFinished(text: "# only a comment\n", error: nil))
        #expect(app.message?.text == "Text of finding P1 left empty: nothing changed")
    }

    @Test func shiftEOnMarkedActionsIsRefused() throws {
        let app = makeApp(store: try makeFixtureStore())
        #expect(press(app, "<Enter>jjtt;E").isEmpty)
        #expect(app.message?.text == "The form is one action's: press E without ; for the selected action")
    }
}

/// The form's text and its reading, without the app.
@Suite struct ActionFormTests {
    static let action = Action(id: 7, findingId: 1, planId: 1, title: "Audit every open assessment", owner: "Zoë Hart",
                               due: Day(year: 2026, month: 12, day: 1), status: .inProgress, successMeasure: "95% in 45 days",
                               createdAt: fixedNow, updatedAt: fixedNow, updatedBy: "import")

    static func changes(_ edit: (String) -> String, action: Action = action) -> Result<ActionChanges, FormErrors> {
        let form = ActionForm.text(for: action, ref: "P1.1")
        return ActionForm.changes(edit(form), original: form, action: action, today: fixedToday, calendar: sharedCalendar)
    }

    static func errors(_ edit: (String) -> String, action: Action = action) -> [String] {
        if case .failure(let e) = changes(edit, action: action) { return e.messages }
        return []
    }

    @Test func theFormRoundTripsToNoChange() throws {
        let form = ActionForm.text(for: Self.action, ref: "P1.1")
        #expect(form.contains("# P1.1 #7: edit the values after the colons"))
        for line in ["Title: Audit every open assessment", "Owner: Zoë Hart", "Due: 2026-12-01", "Status: in progress",
                     "Colour: derived", "Reason: ", "Measure: 95% in 45 days", "Evidence: ", "Note:"] {
            #expect(form.contains("\n" + line + "\n"), "the form lacks “\(line)”")
        }
        #expect(Self.changes { $0 } == .success(ActionChanges()))
        // Comments, blank lines, Windows line ends and spaces around values change nothing.
        #expect(Self.changes { $0.replacingOccurrences(of: "\n", with: "\r\n") + "# a comment\n\n" } == .success(ActionChanges()))
        #expect(Self.changes { $0.replacingOccurrences(of: "Owner: Zoë Hart", with: "owner :  Zoë Hart  ") } == .success(ActionChanges()))
    }

    @Test func eachChangedLineIsOneChange() {
        #expect(Self.changes { $0.replacingOccurrences(of: "Title: Audit every open assessment", with: "Title: Audit") }
                == .success(ActionChanges(title: "Audit")))
        #expect(Self.changes { $0.replacingOccurrences(of: "Owner: Zoë Hart", with: "Owner:") } == .success(ActionChanges(owner: .some(nil))))
        #expect(Self.changes { $0.replacingOccurrences(of: "Due: 2026-12-01", with: "Due: none") } == .success(ActionChanges(due: .some(nil))))
        #expect(Self.changes { $0.replacingOccurrences(of: "Due: 2026-12-01", with: "Due: +3m") }
                == .success(ActionChanges(due: .some(Day(year: 2027, month: 2, day: 23)))))
        #expect(Self.changes { $0.replacingOccurrences(of: "Status: in progress", with: "Status: Not-Started") }
                == .success(ActionChanges(status: .notStarted)))
        #expect(Self.changes { $0.replacingOccurrences(of: "Colour: derived", with: "Colour: red")
            .replacingOccurrences(of: "Reason: ", with: "Reason: Off track") }
                == .success(ActionChanges(ragOverride: .some(RAGOverride(rag: .red, reason: "Off track")))))
        #expect(Self.changes { $0.replacingOccurrences(of: "Measure: 95% in 45 days", with: "Measure:") }
                == .success(ActionChanges(successMeasure: .some(nil))))
        #expect(Self.changes { $0.replacingOccurrences(of: "Evidence: ", with: "Evidence: Audit report") }
                == .success(ActionChanges(evidence: .some("Audit report"))))
        #expect(Self.changes { $0.replacingOccurrences(of: "Note:\n", with: "Note: First line\nsecond line\n# not this\n") }
                == .success(ActionChanges(note: "First line\nsecond line")))
    }

    @Test func aColourSetByHandGoesBackToDerived() {
        var red = Self.action
        red.ragOverride = .red
        red.ragReason = "Off track"
        let form = ActionForm.text(for: red, ref: "P1.1")
        #expect(form.contains("\nColour: red\nReason: Off track\n"))
        #expect(Self.changes({ $0.replacingOccurrences(of: "Colour: red", with: "Colour: derived") }, action: red)
                == .success(ActionChanges(ragOverride: .some(nil))))
    }

    @Test func everyErrorIsOneLineNamingTheField() {
        let cases: [(String, (String) -> String)] = [
            ("Title: a title cannot be empty", { $0.replacingOccurrences(of: "Title: Audit every open assessment", with: "Title:") }),
            ("Due: 'someday' is not a date: expected \(DateExpression.acceptedForms)", { $0.replacingOccurrences(of: "Due: 2026-12-01", with: "Due: someday") }),
            ("Status: “done-ish” is not a status: expected not started, in progress, complete or cancelled",
             { $0.replacingOccurrences(of: "Status: in progress", with: "Status: done-ish") }),
            ("Colour: “purple” is not a colour to set: expected derived, red, amber or green",
             { $0.replacingOccurrences(of: "Colour: derived", with: "Colour: purple") }),
            ("Reason: give a reason for setting the colour to red by hand", { $0.replacingOccurrences(of: "Colour: derived", with: "Colour: red") }),
            ("Colour: a complete action's colour is not set by hand: write derived",
             { $0.replacingOccurrences(of: "Colour: derived", with: "Colour: red").replacingOccurrences(of: "Reason: ", with: "Reason: x")
                .replacingOccurrences(of: "Status: in progress", with: "Status: complete") }),
            ("“Priority” is not a field: expected Title, Owner, Due, Status, Colour, Reason, Measure, Evidence, Note",
             { $0.replacingOccurrences(of: "Title:", with: "Priority: high\nTitle:") }),
            ("“just some words” is not a field: write Name: value (a note goes after Note:)",
             { $0.replacingOccurrences(of: "Title:", with: "just some words\nTitle:") }),
            ("Owner is given twice", { $0.replacingOccurrences(of: "Title:", with: "Owner: Bob\nTitle:") }),
            ("the Measure: line is missing: put it back (an empty value clears the field)",
             { $0.replacingOccurrences(of: "Measure: 95% in 45 days\n", with: "") }),
            ("Owner: holds ESC (\\x1b), which a field cannot hold", { $0.replacingOccurrences(of: "Owner: Zoë Hart", with: "Owner: Zoë\u{1B}[2J") }),
        ]
        for (expected, edit) in cases {
            let errors = Self.errors(edit)
            #expect(errors == [expected], "got \(errors)")
            for e in errors { #expect(!e.contains("\n") && !e.unicodeScalars.contains { $0.value == 0x1B }) }
        }
    }

    @Test func errorsGoOnTopAsCommentsAndAreDroppedWhenTheFormIsRead() {
        let form = ActionForm.text(for: Self.action, ref: "P1.1")
        let once = ActionForm.withErrors(["Due: bad"], on: form)
        let twice = ActionForm.withErrors(["Status: bad"], on: once)
        #expect(twice.hasPrefix("# ERROR: Status: bad\n# ERROR: correct the form below"))
        #expect(!twice.contains("Due: bad"), "earlier errors are replaced")
        #expect(ActionForm.changes(twice, original: form, action: Self.action, today: fixedToday, calendar: sharedCalendar)
                == .success(ActionChanges()))
    }
}
