import Foundation
import Testing
import ActionPlanModel
import ActionPlanCore
@testable import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10: nothing typed is lost. A paste is text, never keys; a note is saved whatever
/// someone else changed; any other refused edit keeps its text with a choice to apply it to
/// the new version, edit it or discard it; keys typed after a refusal go to the prompt that is
/// on screen, not to the screen's commands.
@Suite struct PasteTests {
    @Test func twoPastedLinesInANotePromptStayInOneNoteAndNoCommandRuns() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "c")
        // As a terminal sends it: lines end with a carriage return.
        #expect(app.handle(.paste("Panel met\rsc\re")).isEmpty)
        #expect(app.prompt?.editor.text == "Panel met\nsc\ne", "the paste is in the prompt, line breaks kept")
        #expect(app.render().text.contains("Note on P1.1: Panel met↵sc↵e"), "a line break shows as ↵")
        press(app, "<Enter>")
        #expect(try store.notes(actionId: shown.id).first?.text == "Panel met\nsc\ne")
        #expect(try store.action(id: shown.id)?.status == .inProgress, "sc did not run")
        #expect(app.prompt == nil, "e did not open the export prompt")
        #expect(app.message?.text == "Note added to P1.1")
    }

    @Test func aPasteInAOneLineFieldTurnsLineBreaksIntoSpaces() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "o<C-u>")
        _ = app.handle(.paste("Carol\r\nJones\t(interim)\u{1B}"))
        #expect(app.prompt?.editor.text == "Carol Jones (interim)")
        press(app, "<Enter>")
        #expect(try store.action(id: shown.id)?.owner == "Carol Jones (interim)")
    }

    @Test func aPasteWithNoPromptOpenRunsNothingAndSaysWhereToPaste() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        #expect(app.handle(.paste("sc\re\r")).isEmpty)
        #expect(app.prompt == nil)
        #expect(try store.action(id: shown.id)?.status == .inProgress)
        #expect(app.message?.text == "A paste is text, not keys: open a prompt first (c for a note), then paste")
    }

    @Test func aPasteInAChoicePromptChoosesNothing() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "s")
        _ = app.handle(.paste("c"))
        #expect(try store.action(id: shown.id)?.status == .inProgress)
        #expect(app.prompt?.isChoice == true, "the status prompt is still open")
        #expect(app.render().text.contains("A paste is not a choice: press one of n p c x, or Esc to cancel"))
    }
}

@Suite struct RefusedEditTests {
    @Test func aNoteTypedWhileSomeoneChangedTheActionIsSaved() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "cChecked twenty cases")
        _ = try store.updateAction(id: shown.id, changes: ActionChanges(status: .complete), expectVersion: nil,
                                   who: "bob", today: fixedToday)
        _ = app.handle(.tick)  // the screen reloads under the open prompt
        press(app, "<Enter>")
        #expect(try store.notes(actionId: shown.id).first?.text == "Checked twenty cases")
        #expect(try store.action(id: shown.id)?.status == .complete, "bob's change stands")
        #expect(app.message?.text == "Note added to P1.1")
    }

    /// Opens the owner prompt, types an owner, lets bob change the due date, presses Enter.
    static func refusedOwner() throws -> (CountingStore, App, Action) {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "o<C-u>Carol Jones")
        _ = try store.updateAction(id: shown.id, changes: ActionChanges(due: .some(Day(year: 2027, month: 1, day: 8))),
                                   expectVersion: nil, who: "bob", today: fixedToday)
        press(app, "<Enter>")
        return (store, app, shown)
    }

    @Test func aRefusedOwnerStaysOnScreenAndAAppliesItToTheNewVersion() throws {
        let (store, app, shown) = try Self.refusedOwner()
        #expect(try store.action(id: shown.id)?.owner == "Head of Service – Assessment", "nothing overwritten")
        let message = try #require(app.message?.text)
        #expect(message.hasPrefix("Not saved: bob changed P1.1 at "), "got: \(message)")
        let screen = app.render().text
        #expect(screen.contains("Owner of P1.1: Carol Jones"), "the typed owner stays on screen:\n\(screen)")
        #expect(screen.contains("a apply to the new version  e edit  d discard  Esc discard"), "\(screen)")
        #expect(screen.contains("Not saved: bob changed P1.1 at "), "the reason is on screen")
        press(app, "a")
        let after = try #require(try store.action(id: shown.id))
        #expect(after.owner == "Carol Jones")
        #expect(after.due == Day(year: 2027, month: 1, day: 8), "bob's date stands")
        #expect(app.prompt == nil)
        #expect(app.message?.text == "P1.1 is owned by Carol Jones")
    }

    @Test func keysTypedAfterARefusalGoToThePromptNotToTheScreen() throws {
        let (store, app, shown) = try Self.refusedOwner()
        // The person carries on typing as if the owner had been saved: "sc" would complete P1.1.
        press(app, "sc")
        #expect(try store.action(id: shown.id)?.status == .inProgress, "typed keys ran as commands after a refusal")
        #expect(app.prompt != nil, "the refused owner is still offered")
        let screen = app.render().text
        #expect(screen.contains("Press one of a e d, or Esc to discard"), "\(screen)")
        #expect(screen.contains("Not saved: bob changed P1.1"), "the reason stays on screen:\n\(screen)")
    }

    @Test func eReopensTheTypedTextOnTheNewVersionAndDDiscardsIt() throws {
        let (store, app, shown) = try Self.refusedOwner()
        press(app, "e")
        #expect(app.prompt?.editor.text == "Carol Jones")
        press(app, " (acting)<Enter>")
        #expect(try store.action(id: shown.id)?.owner == "Carol Jones (acting)")
        let (store2, app2, shown2) = try Self.refusedOwner()
        press(app2, "d")
        #expect(app2.prompt == nil)
        #expect(app2.message?.text == "Discarded: Owner of P1.1 “Carol Jones”")
        #expect(try store2.action(id: shown2.id)?.owner == "Head of Service – Assessment")
        let (_, app3, _) = try Self.refusedOwner()
        press(app3, "<Esc>")
        #expect(app3.prompt == nil)
        #expect(app3.message?.text == "Discarded: Owner of P1.1 “Carol Jones”")
    }

    @Test func aNoteOrATitleTheDatabaseRefusesIsKeptToTryAgain() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        store.refuseWrites = .locked(path: "plans.sqlite", seconds: 5)
        press(app, "cChecked twenty cases<Enter>")
        #expect(app.message?.text.hasPrefix("Not saved: ") == true, "\(app.message?.text ?? "")")
        #expect(app.render().text.contains("Note on P1.1: Checked twenty cases"))
        #expect(app.render().text.contains(" a try again  e edit  d discard"))
        store.refuseWrites = nil
        press(app, "a")
        #expect(try store.notes(actionId: shown.id).first?.text == "Checked twenty cases")
        // A new action's title.
        store.refuseWrites = .locked(path: "plans.sqlite", seconds: 5)
        press(app, "aDeep dive<Enter>")
        #expect(app.prompt?.editor.text == "Deep dive", "the title stays in its prompt")
        #expect(app.render().text.contains("Not added: "))
        store.refuseWrites = nil
        press(app, "<Enter>")
        #expect(try store.actions(.all).contains { $0.title == "Deep dive" })
    }

    @Test func aRefusalInsideAPromptIsShownAboveIt() throws {
        let store = try makeFixtureStore()
        let app = appOnFirstAction(store)
        press(app, "R<C-u><Enter>")
        #expect(app.prompt != nil)
        #expect(app.render().text(row: 21) == "A title cannot be empty")
        press(app, "x")
        #expect(!app.render().text.contains("A title cannot be empty"), "the reason goes with the next key")
    }

    @Test func aLongNoteIsSavedWithoutAVersionCheckAndItsFileIsThenRemoved() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        #expect(press(app, "C") == [.editText(initial: "")])
        _ = try store.updateAction(id: shown.id, changes: ActionChanges(status: .complete), expectVersion: nil,
                                   who: "bob", today: fixedToday)
        let effects = app.handle(.editorFinished(text: "Written in vi\nover two lines\n", error: nil, file: "/tmp/x/note.txt"))
        #expect(effects == [.discardNoteFile])
        #expect(try store.notes(actionId: shown.id).first?.text == "Written in vi\nover two lines")
    }

    @Test func aLongNoteThatCannotBeSavedKeepsItsFileAndSaysWhereItIs() throws {
        let store = try makeFixtureStore()
        let app = makeApp(store: store)
        press(app, "<Enter>GkaA last-minute action<Enter>")
        let added = try #require(app.top.selectedAction)
        #expect(press(app, "C") == [.editText(initial: "")])
        // While the editor runs, the action is undone (deleted) from another terminal.
        _ = try store.undoLast(who: "alice")
        let effects = app.handle(.editorFinished(text: "Long note\n", error: nil, file: "/tmp/actionplan-1-abc/note.txt"))
        #expect(effects.isEmpty, "the note file is kept")
        #expect(try store.action(id: added.id) == nil)
        let screen = app.render().text
        #expect(screen.replacingOccurrences(of: "\n", with: " ").contains("your note is kept in /tmp/actionplan-1-abc/note.txt"),
                "\(screen)")
        #expect(screen.contains("a try again  e edit in $EDITOR  d discard"), "\(screen)")
        #expect(press(app, "e") == [.editText(initial: "Long note")], "e opens the editor again on the note")
        _ = app.handle(.editorFinished(text: "Long note, longer\n", error: nil, file: "/tmp/actionplan-1-abc/note.txt"))
        #expect(press(app, "d") == [.discardNoteFile])
        #expect(app.message?.text.hasPrefix("Discarded: Note on ") == true, "\(app.message?.text ?? "")")
        #expect(app.message?.text.hasSuffix("“Long note, longer”") == true, "\(app.message?.text ?? "")")
    }

    @Test func anEditorThatFailsAfterWritingTextLosesNothing() throws {
        let store = try makeFixtureStore()
        let shown = try firstAction(store)
        let app = appOnFirstAction(store)
        press(app, "C")
        let effects = app.handle(.editorFinished(text: "Half a note", error: "vi exited with status 1", file: "/tmp/n/note.txt"))
        #expect(effects.isEmpty)
        #expect(app.render().text.contains("Not saved: the editor failed (vi exited with status 1)"))
        #expect(press(app, "a") == [.discardNoteFile])
        #expect(try store.notes(actionId: shown.id).first?.text == "Half a note")
    }
}

@Suite struct TypedAfterARefusedKeyTests {
    /// `o` on a group row is refused (there is no action to own); "Carol Jones" typed after it
    /// was meant for the owner prompt: before, `a` opened "New action" and Enter added an action
    /// called "rol Jones".
    @Test func textTypedAfterARefusedOwnerKeyRunsNoCommand() throws {
        let store = try makeFixtureStore()
        let before = try store.actions(.all)
        let app = makeApp(store: store)
        press(app, "<Enter>oCarol Jones")
        #expect(app.message?.text == "Select an action first (j/k to move)")
        #expect(app.prompt == nil)
        #expect(app.render().text.contains("Enter or Esc to go on: what you type now is ignored"))
        press(app, "<Enter>")
        #expect(try store.actions(.all) == before, "typed text ran as commands")
        #expect(!app.render().text.contains("what you type now is ignored"))
        // Keys work again after Enter.
        press(app, "jj")
        #expect(app.top.selectedTarget?.ref == "P1.1")
    }

    @Test func aReasonTypedAfterARefusedColourKeyRunsNoCommand() throws {
        let store = try makeFixtureStore()
        let before = try store.actions(.all)
        let app = makeApp(store: store)
        press(app, "<Enter>G<Up><Up>")  // W1.1, complete
        #expect(app.top.selectedTarget?.ref == "W1.1")
        press(app, "raLeaflets reprinted, on track<Esc>")
        #expect(app.message?.text == "W1.1 is complete: its colour is not set by hand")
        #expect(try store.actions(.all) == before)
        #expect(app.prompt == nil)
        #expect(app.top is PlanScreen, "Esc ended the ignoring and did not go back")
    }

    @Test func aKeyThatIsNotACharacterEndsTheIgnoringAndActs() throws {
        let app = makeApp(store: try makeFixtureStore())
        press(app, "<Enter>o<Down><Down>")
        #expect(app.top.selectedTarget?.ref == "P1.1")
        press(app, "s")
        #expect(app.prompt != nil, "keys act again")
    }
}

@Suite struct NoteFileTests {
    static func scratch() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notefile-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func mode(_ path: String) -> mode_t {
        var info = stat()
        _ = lstat(path, &info)
        return info.st_mode & 0o777
    }

    @Test func theNoteFileIsPrivateAndNamedWithThePid() throws {
        let tmp = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let file = try NoteFile.create(initial: "draft", in: tmp)
        #expect(mode(file.path) == 0o600, "the note file is 0600")
        #expect(mode(file.directory) == 0o700, "its folder is 0700")
        #expect(URL(fileURLWithPath: file.directory).lastPathComponent.hasPrefix("actionplan-\(getpid())-"))
        #expect(try file.read() == "draft")
        try file.write("second")
        #expect(try file.read() == "second")
        file.remove()
        #expect(!FileManager.default.fileExists(atPath: file.directory))
    }

    @Test func foldersOfKilledRunsOlderThanADayAreSweptAndNoOthers() throws {
        let tmp = try Self.scratch()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        // A pid that is gone: a child that has been reaped.
        let gone = try Spawn.run(["sh", "-c", "echo $$"], environment: [:])
        let deadPid = try #require(Int32(gone.output.trimmingCharacters(in: .whitespacesAndNewlines)))
        func folder(_ name: String, daysOld: Double) throws -> String {
            let dir = tmp + "/" + name
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: false)
            _ = FileManager.default.createFile(atPath: dir + "/note.txt", contents: Data("old".utf8))
            let old = Date().addingTimeInterval(-daysOld * 86_400)
            for path in [dir + "/note.txt", dir] {
                try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
            }
            return dir
        }
        let killed = try folder("actionplan-\(deadPid)-aaaaaa", daysOld: 2)
        let recent = try folder("actionplan-\(deadPid)-bbbbbb", daysOld: 0.5)
        let running = try folder("actionplan-\(getpid())-cccccc", daysOld: 2)
        let other = try folder("something-else-\(deadPid)", daysOld: 2)
        let removed = NoteFile.sweep(in: tmp)
        #expect(removed == [killed])
        #expect(!FileManager.default.fileExists(atPath: killed))
        for kept in [recent, running, other] { #expect(FileManager.default.fileExists(atPath: kept + "/note.txt"), "\(kept)") }
    }
}
