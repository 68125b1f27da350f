import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10 on the real binary in tmux: a bracketed paste is text, a note survives someone
/// else's change, a refused owner is offered again, and the `$EDITOR` note file is private and
/// gone after SIGTERM.
@Suite(.serialized) struct NothingTypedIsLostEndToEndTests {
    /// Pastes text into the session as a terminal does (`paste-buffer -p`: bracketed when the
    /// program asked for it; tmux turns line feeds into carriage returns).
    static func paste(_ server: TmuxServer, _ session: String, _ text: String) throws {
        try server.tmux(["set-buffer", "-b", "test", text])
        try server.tmux(["paste-buffer", "-p", "-b", "test", "-t", session])
    }

    /// After the program has exited, a paste reaches the shell's terminal plainly: had the
    /// program left bracketed paste on, the terminal would echo `^[[200~` around it.
    static func expectBracketedPasteOff(_ server: TmuxServer, _ session: String,
                                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        try paste(server, session, "after-exit")
        let screen = try server.waitFor(session, text: "after-exit", sourceLocation: sourceLocation)
        #expect(!screen.contains("200~"), "bracketed paste was left on:\n\(screen)", sourceLocation: sourceLocation)
    }

    @Test func twoPastedLinesInANotePromptMakeOneNoteAndRunNoCommand() throws {
        let server = try EndToEndTests.seeded()
        try server.start("paste", user: "alice")
        try EndToEndTests.openFirstAction(server, "paste")
        // With no prompt open, a paste runs nothing.
        try Self.paste(server, "paste", "sc\ne")
        try server.waitFor("paste", text: "A paste is text, not keys")
        try server.send("paste", "c")
        try server.waitFor("paste", text: "Note on P1.1:")
        try Self.paste(server, "paste", "First line\nsc\ne")
        try server.waitFor("paste", text: "Note on P1.1: First line↵sc↵e")
        try server.send("paste", "Enter")
        let screen = try server.waitFor("paste", text: "Note added to P1.1")
        #expect(!screen.contains("Export as"), "e opened the export prompt")
        let detail = try EndToEndTests.action(server, 1)
        let action = try #require(detail["action"] as? [String: Any])
        #expect(action["status"] as? String == "not_started", "sc marked the action complete")
        let notes = try #require(detail["notes"] as? [[String: Any]])
        #expect(notes.map { $0["text"] as? String } == ["First line\nsc\ne"])
        try server.send("paste", "Q")
        try server.waitFor("paste", text: "[exit:0]")
        try Self.expectBracketedPasteOff(server, "paste")
    }

    @Test func aNoteIsSavedAfterAnotherChangeAndARefusedOwnerIsOfferedAndApplied() throws {
        let server = try EndToEndTests.seeded()
        try server.start("a", user: "alice")
        try EndToEndTests.openFirstAction(server, "a")
        try server.send("a", "c")
        try server.type("a", "Checked with the team")
        // Session B: the command line changes the action while A types.
        try server.start("b", user: "bob", arguments: ["update", "1", "--status", "in_progress"])
        try server.waitFor("b", text: "[exit:0]")
        try server.waitFor("a", "bob's status under alice's prompt") { screen in
            screen.split(separator: "\n").contains { $0.contains("P1.1") && $0.contains("In progress") }
        }
        try server.send("a", "Enter")
        try server.waitFor("a", text: "Note added to P1.1")
        var detail = try EndToEndTests.action(server, 1)
        #expect((detail["notes"] as? [[String: Any]])?.first?["text"] as? String == "Checked with the team")
        // An owner typed while bob moves the date is refused, kept and offered.
        try server.send("a", "o", "C-u")
        try server.type("a", "Carol Jones")
        try server.start("b2", user: "bob", arguments: ["update", "1", "--due", "2027-01-08"])
        try server.waitFor("b2", text: "[exit:0]")
        try server.send("a", "Enter")
        let refused = try server.waitFor("a", text: "Not saved: bob changed P1.1 at")
        #expect(refused.contains("Owner of P1.1: Carol Jones"), "the typed owner stays on screen:\n\(refused)")
        #expect(refused.contains("a apply to the new version"))
        // Keys typed on after the refusal do not run as commands.
        try server.send("a", "s", "c")
        try server.waitFor("a", text: "Press one of a e d, or Esc to discard")
        try server.send("a", "a")
        try server.waitFor("a", text: "P1.1 is owned by Carol Jones")
        detail = try EndToEndTests.action(server, 1)
        let action = try #require(detail["action"] as? [String: Any])
        #expect(action["owner"] as? String == "Carol Jones")
        #expect(action["due"] as? String == "2027-01-08", "bob's date stands")
        #expect(action["status"] as? String == "in_progress", "s c typed after the refusal did nothing")
        try server.send("a", "Q")
        try server.waitFor("a", text: "[exit:0]")
    }

    @Test func theEditorsNoteFileIsPrivateRemovedOnceSavedAndGoneAfterSIGTERM() throws {
        let server = try EndToEndTests.seeded()
        let dir = server.directory.path
        let tmp = dir + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        // An editor that writes a note, records the file's path and modes, and waits when told to.
        let editor = dir + "/editor.sh"
        try """
            #!/bin/sh
            printf 'Long note from the editor' > "$1"
            stat -c %a "$1" > \(dir)/mode
            stat -c %a "$(dirname "$1")" > \(dir)/dirmode
            echo $$ > \(dir)/editor-pid
            echo "$1" > \(dir)/path.tmp && mv \(dir)/path.tmp \(dir)/path
            if [ -e \(dir)/hold ]; then exec sleep 60; fi
            # Someone else changes the action while the note is being written.
            \(shellQuote(TmuxServer.binary)) update 1 --status complete --as bob > /dev/null
            """.write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        try server.start("ed", user: "alice", extraEnvironment: ["EDITOR": editor, "TMPDIR": tmp])
        try EndToEndTests.openFirstAction(server, "ed")
        func waitForPath() throws -> String {
            let deadline = Date().addingTimeInterval(10)
            while Date() < deadline {
                if let path = try? String(contentsOfFile: dir + "/path", encoding: .utf8) {
                    return path.trimmingCharacters(in: .whitespacesAndNewlines)
                }
                usleep(20_000)
            }
            throw SpawnError("the editor never ran")
        }
        // Saved, although bob completed the action while the editor was open: the note is in the
        // database and its folder is gone.
        try server.send("ed", "C")
        let first = try waitForPath()
        try server.waitFor("ed", text: "Note added to P1.1")
        let detail = try EndToEndTests.action(server, 1)
        #expect((detail["notes"] as? [[String: Any]])?.first?["text"] as? String == "Long note from the editor")
        #expect((detail["action"] as? [String: Any])?["status"] as? String == "complete", "bob's change happened")
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: first).deletingLastPathComponent().path),
                "the note's folder is removed once the note is saved")
        // SIGTERM while the editor is open: the file was private, and is gone.
        unlink(dir + "/path")
        _ = FileManager.default.createFile(atPath: dir + "/hold", contents: Data())
        try server.send("ed", "C")
        let path = try waitForPath()
        let pid = try #require(try server.programPid("ed"))
        #expect(path.hasPrefix("\(tmp)/actionplan-\(pid)-"), "the private folder is named with the pid: \(path)")
        #expect(try String(contentsOfFile: dir + "/mode", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "600")
        #expect(try String(contentsOfFile: dir + "/dirmode", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) == "700")
        #expect(FileManager.default.fileExists(atPath: path))
        // While the editor has the terminal, bracketed paste is off: the editor's terminal
        // echoes a paste plainly.
        try Self.paste(server, "ed", "during-editor")
        let during = try server.waitFor("ed", text: "during-editor")
        #expect(!during.contains("200~"), "bracketed paste was left on for the editor:\n\(during)")
        kill(pid, SIGTERM)
        try server.waitFor("ed", text: "[exit:143]")
        #expect(!FileManager.default.fileExists(atPath: path), "the note file outlived SIGTERM")
        #expect(!FileManager.default.fileExists(atPath: URL(fileURLWithPath: path).deletingLastPathComponent().path))
        #expect(try server.format("ed", "#{alternate_on}") == "0", "back on the normal screen")
        // The editor was stopped with the program, not left running in the terminal.
        let editorPid = try #require(pid_t(try String(contentsOfFile: dir + "/editor-pid", encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let deadline = Date().addingTimeInterval(3)
        while kill(editorPid, 0) == 0, Date() < deadline { usleep(20_000) }
        #expect(kill(editorPid, 0) != 0, "the editor (pid \(editorPid)) is still running")
        try Self.expectBracketedPasteOff(server, "ed")
    }
}
