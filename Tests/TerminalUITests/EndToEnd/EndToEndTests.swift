import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in tmux: keys in, screen out, the database checked with the CLI.
/// Serialized: each test has its own tmux server, but the machine is small.
@Suite(.serialized) struct EndToEndTests {
    /// A database with one plan: P1 with two actions, W1 with one (wide and accented text).
    static func seeded() throws -> TmuxServer {
        let server = try TmuxServer()
        try server.cli(["new-plan", "--authority", "Stockton-on-Tees", "--kind", "focused-visit", "--letter-date", "2026-10-26",
                        "--title", "Focused visit to Stockton-on-Tees", "--quiet"])
        try server.cli(["add-finding", "--plan", "1", "--category", "priority_action", "--section", "Areas for priority action",
                        "--text", "The quality and timeliness of assessments for children in need.", "--quiet"])
        try server.cli(["add-action", "--finding", "1", "--title", "Audit every open assessment", "--owner", "Head of Service",
                        "--due", "2026-11-16", "--quiet"])
        try server.cli(["add-action", "--finding", "1", "--title", "Weekly performance clinic", "--owner", "Zoë Hart",
                        "--due", "2026-12-01", "--quiet"])
        try server.cli(["add-finding", "--plan", "1", "--category", "what_needs_to_improve", "--section", "What needs to improve",
                        "--text", "Recording of children’s wishes and feelings – “direct work”.", "--quiet"])
        try server.cli(["add-action", "--finding", "2", "--title", "Leaflets in 中文 and Polski", "--owner", "Zoë Hart",
                        "--due", "2027-01-15", "--quiet"])
        return server
    }

    static func action(_ server: TmuxServer, _ id: Int) throws -> [String: Any] {
        let json = try server.cli(["show", String(id), "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        return try #require(object, "show --json printed: \(json)")
    }

    /// Opens the plan and selects P1.1 (rows: group, P1, P1.1).
    static func openFirstAction(_ server: TmuxServer, _ session: String) throws {
        try server.waitFor(session, text: "Stockton-on-Tees")
        try server.send(session, "Enter")
        try server.waitFor(session, text: "P1.1")
        try server.send(session, "j", "j")
        try server.waitFor(session, "P1.1 selected") { screen in
            screen.contains("row 3 of") || screen.contains("Audit every open")
        }
    }

    @Test func openMoveChangeStatusAddANoteQuitAndTheCLISeesIt() throws {
        let server = try Self.seeded()
        try server.start("main", user: "alice")
        try Self.openFirstAction(server, "main")
        try server.send("main", "s")
        try server.waitFor("main", text: "Status of P1.1:")
        try server.send("main", "p")
        try server.waitFor("main", text: "P1.1 is now in progress")
        try server.send("main", "c")
        try server.waitFor("main", text: "Note on P1.1:")
        try server.type("main", "Audit started — 40 of 120 cases (日本)")
        try server.send("main", "Enter")
        try server.waitFor("main", text: "Note added to P1.1")
        try server.send("main", "Enter")
        try server.waitFor("main", text: "Audit started — 40 of 120 cases (日本)")
        try server.send("main", "q")
        try server.waitFor("main", text: "Ref   Action")
        try server.send("main", "q")
        try server.waitFor("main", text: "Authority")
        try server.send("main", "q")
        try server.waitFor("main", text: "[exit:0]")
        let detail = try Self.action(server, 1)
        let action = try #require(detail["action"] as? [String: Any])
        #expect(action["status"] as? String == "in_progress")
        #expect(action["updated_by"] as? String == "alice")
        let notes = try #require(detail["notes"] as? [[String: Any]])
        #expect(notes.first?["text"] as? String == "Audit started — 40 of 120 cases (日本)")
        #expect(notes.first?["author"] as? String == "alice")
    }

    /// Arrow keys, Home, End, Backspace and Delete as the terminal sends them, and multi-byte
    /// text, reach the line editor through ncurses.
    @Test func arrowAndEditingKeysFromTheTerminalEditANote() throws {
        let server = try Self.seeded()
        try server.start("keys")
        try server.waitFor("keys", text: "Stockton-on-Tees")
        try server.send("keys", "Right")
        try server.waitFor("keys", text: "Ref   Action")
        try server.send("keys", "Down", "Down", "Down")  // P1.2
        try server.send("keys", "c")
        try server.waitFor("keys", text: "Note on P1.2:")
        try server.type("keys", "world — 日本")
        try server.send("keys", "Home")
        try server.type("keys", "Hello, ")
        try server.send("keys", "End", "BSpace", "BSpace", "Left", "Left", "Left", "DC")
        try server.type("keys", "Zoë")
        // The typed text ends in a space, which the captured screen does not keep.
        try server.waitFor("keys", "the edited note") { screen in
            screen.split(separator: "\n").contains { $0 == "Note on P1.2: Hello, worldZoë—" }
        }
        try server.send("keys", "Enter")
        try server.waitFor("keys", text: "Note added to P1.2")
        let notes = try #require(try Self.action(server, 2)["notes"] as? [[String: Any]])
        #expect(notes.first?["text"] as? String == "Hello, worldZoë—")
        try server.send("keys", "Q")
        try server.waitFor("keys", text: "[exit:0]")
    }

    @Test func aLongNoteIsWrittenInTheEditorAndTheScreenComesBack() throws {
        let server = try Self.seeded()
        // An "editor" that writes two lines into the file it is given.
        let editor = server.directory.appendingPathComponent("fake-editor.sh")
        try "#!/bin/sh\nprintf 'Board update: audit half done.\\nNext: dip sample of 20 cases.\\n' > \"$1\"\n"
            .write(to: editor, atomically: true, encoding: .utf8)
        chmod(editor.path, 0o755)
        try server.start("main", user: "carol", extraEnvironment: ["EDITOR": editor.path, "VISUAL": ""])
        try Self.openFirstAction(server, "main")
        try server.send("main", "C")
        try server.waitFor("main", text: "Note added to P1.1")
        let screen = try server.screen("main")
        #expect(screen.contains("Ref   Action"), "the plan screen is drawn again after the editor")
        #expect(try server.format("main", "#{alternate_on}") == "1")
        let notes = try #require(try Self.action(server, 1)["notes"] as? [[String: Any]])
        #expect(notes.first?["text"] as? String == "Board update: audit half done.\nNext: dip sample of 20 cases.")
        #expect(notes.first?["author"] as? String == "carol")
        try server.send("main", "Q")
        try server.waitFor("main", text: "[exit:0]")
    }

    /// Without a fixed today the program asks the clock at every poll (to follow midnight);
    /// it must keep running and show the local date.
    @Test func withoutAFixedTodayItFollowsTheClockAndKeepsRunning() throws {
        let server = try Self.seeded()
        try server.start("clock", extraEnvironment: ["ACTIONPLAN_TODAY": ""])
        try server.waitFor("clock", text: "Stockton-on-Tees")
        usleep(1_600_000)  // at least three polls
        let parts = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
        let iso = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        let screen = try server.screen("clock")
        #expect(screen.contains(iso), "the title bar shows the local date \(iso):\n\(screen)")
        #expect(!screen.contains("[exit:"), "the program is still running")
        try server.send("clock", "Q")
        try server.waitFor("clock", text: "[exit:0]")
    }

    @Test func aResizeInTheMiddleOfAPromptRedrawsAndKeepsIt() throws {
        let server = try Self.seeded()
        try server.start("main")
        try Self.openFirstAction(server, "main")
        try server.send("main", "d", "C-u")
        try server.type("main", "+5wd")
        try server.waitFor("main", text: "Due date of P1.1: +5wd")
        try server.tmux(["resize-window", "-t", "main", "-x", "100", "-y", "30"])
        let wide = try server.waitFor("main", "the prompt on row 29 of a 100×30 screen") { screen in
            let lines = screen.components(separatedBy: "\n")
            return lines.count >= 29 && lines[28].hasPrefix("Due date of P1.1: +5wd") && lines[0].contains("· ? help")
                && (lines[0].count > 90)
        }
        #expect(wide.contains("Mon 30 November 2026 (in 5 wd)"))
        try server.tmux(["resize-window", "-t", "main", "-x", "30", "-y", "8"])
        try server.waitFor("main", text: "too small")
        try server.tmux(["resize-window", "-t", "main", "-x", "80", "-y", "24"])
        try server.waitFor("main", text: "Due date of P1.1: +5wd")
        try server.send("main", "Enter")
        try server.waitFor("main", text: "P1.1 is due Mon 2026-11-30")
        let action = try #require(try Self.action(server, 1)["action"] as? [String: Any])
        #expect(action["due"] as? String == "2026-11-30")
        try server.send("main", "Q")
        try server.waitFor("main", text: "[exit:0]")
    }

    @Test func atTwentyBySixItSaysHowBigItNeedsToBeAndQuitsCleanly() throws {
        let server = try Self.seeded()
        try server.start("tiny", width: 20, height: 6)
        let screen = try server.waitFor("tiny", text: "too small")
        #expect(screen.contains("20×6"))
        #expect(screen.contains("60×16"))
        try server.send("tiny", "j", "s", "Enter")  // ignored while too small
        try server.send("tiny", "Q")
        try server.waitFor("tiny", text: "[exit:0]")
        let action = try #require(try Self.action(server, 1)["action"] as? [String: Any])
        #expect(action["status"] as? String == "not_started")
    }

    @Test func withNO_COLORItUsesNoColoursButStillBoldAndReverse() throws {
        let server = try Self.seeded()
        try server.start("colour")
        try server.start("mono", extraEnvironment: ["NO_COLOR": "1"])
        for session in ["colour", "mono"] {
            try server.waitFor(session, text: "Stockton-on-Tees")
            try server.send(session, "Enter")
            try server.waitFor(session, text: "P1.1")
        }
        let colour = try server.screen("colour", escapes: true)
        let mono = try server.screen("mono", escapes: true)
        // Red is SGR 31 (or 91, or 38;5;1) in what tmux reports.
        func hasForegroundColour(_ s: String) -> Bool {
            s.range(of: "\u{1B}\\[([0-9;]*;)?(3[1-7]|9[1-7]|38;5;[0-9]+)(;[0-9;]*)?m", options: .regularExpression) != nil
        }
        #expect(hasForegroundColour(colour), "the colour run shows colours")
        #expect(!hasForegroundColour(mono), "NO_COLOR shows no colours:\n\(mono.prefix(600))")
        #expect(mono.contains("\u{1B}[1m") || mono.range(of: "\u{1B}\\[[0-9;]*1[;m]", options: .regularExpression) != nil, "bold is used")
        #expect(mono.range(of: "\u{1B}\\[([0-9;]*;)?7[;m]", options: .regularExpression) != nil, "reverse is used")
        #expect(try server.screen("mono") == (try server.screen("colour")), "the text is the same with and without colour")
    }

    @Test func twoInstancesSeeEachOthersChangesAndAStaleEditIsRefusedButKept() throws {
        let server = try Self.seeded()
        try server.start("alice", user: "alice")
        try server.start("bob", user: "bob")
        try Self.openFirstAction(server, "alice")
        try Self.openFirstAction(server, "bob")
        // Alice completes P1.1; Bob's screen shows it within two seconds without a key.
        try server.send("alice", "s", "c")
        try server.waitFor("alice", text: "P1.1 is now complete")
        let started = Date()
        try server.waitFor("bob", timeout: 2.5, "P1.1 complete on bob's screen") { screen in
            screen.split(separator: "\n").contains { $0.contains("P1.1") && $0.contains("Complete") }
        }
        #expect(Date().timeIntervalSince(started) < 2.5)
        // Bob types an owner; meanwhile Alice changes the action again; Bob's owner is refused, and
        // kept on his screen with the choice to apply it to Alice's version or discard it.
        try server.send("bob", "o", "C-u")
        try server.type("bob", "Bob Smith")
        try server.send("alice", "s", "p")
        try server.waitFor("alice", text: "P1.1 is now in progress")
        try server.send("bob", "Enter")
        let refused = try server.waitFor("bob", text: "Not saved: alice changed P1.1 at")
        #expect(refused.replacingOccurrences(of: "\n", with: " ").contains("the screen now shows their version"), "\(refused)")
        #expect(refused.contains("Owner of P1.1: Bob Smith"), "\(refused)")
        let detail = try #require(try Self.action(server, 1)["action"] as? [String: Any])
        #expect(detail["owner"] as? String == "Head of Service", "the stale owner was not saved")
        // Bob's screen shows Alice's status after the refusal.
        try server.waitFor("bob", timeout: 2.5, "P1.1 in progress on bob's screen") { screen in
            screen.split(separator: "\n").contains { $0.contains("P1.1") && $0.contains("In progress") }
        }
        try server.send("bob", "d")
        try server.waitFor("bob", text: "Discarded: Owner of P1.1 “Bob Smith”")
        for s in ["alice", "bob"] {
            try server.send(s, "Q")
            try server.waitFor(s, text: "[exit:0]")
        }
    }

    /// `e`, Enter (HTML), Enter (the default name): the file lands in the folder the program
    /// started in and is exactly what `actionplan export` writes; a missing folder is reported
    /// on the status line and writes nothing. The plan screen counts what `actionplan check`
    /// flags, and the action screen lists them.
    @Test func eExportsThePlanAsTheExportCommandDoesAndTheSMARTFlagsAreShown() throws {
        let server = try Self.seeded()
        let epoch = ["SOURCE_DATE_EPOCH": "1795400000"]
        try server.start("export", width: 120, height: 30, extraEnvironment: epoch)
        try server.waitFor("export", text: "Stockton-on-Tees")
        try server.send("export", "Enter")
        let check = try server.cli(["check"])
        #expect(check.contains("3 warnings"), "actionplan check: \(check)")
        try server.waitFor("export", text: "SMART: 3 flags")
        try server.send("export", "e")
        try server.waitFor("export", text: "Press a key, Enter for HTML, or Esc to cancel")
        try server.send("export", "Enter")
        try server.waitFor("export", text: "Export HTML to: action-plan-1-2026-11-23.html")
        try server.send("export", "Enter")
        let path = server.directory.appendingPathComponent("action-plan-1-2026-11-23.html").path
        try server.waitFor("export", text: "Exported 3 actions as HTML to \(path)")
        let written = try String(contentsOfFile: path, encoding: .utf8)
        let expected = try server.cli(["export", "--plan", "1", "--format", "html"], extraEnvironment: epoch)
        #expect(written == expected, "the file is the export command's HTML for plan 1")
        #expect(written.contains("Stockton-on-Tees"))
        // A folder that does not exist.
        try server.send("export", "e", "c", "C-u")
        try server.type("export", "missing/board.csv")
        try server.send("export", "Enter")
        try server.waitFor("export", text: "Not exported: the folder \(server.directory.path)/missing does not exist")
        #expect(!FileManager.default.fileExists(atPath: server.directory.appendingPathComponent("missing").path))
        // A path that is a folder.
        try server.send("export", "e", "m", "C-u")
        try server.type("export", ".")
        try server.send("export", "Enter")
        try server.waitFor("export", text: "Not exported: \(server.directory.path) is a folder: give a file name")
        // The action screen lists P1.1's flag.
        try server.send("export", "j", "j", "Enter")
        try server.waitFor("export", text: "[no-success-measure] no success measure: say how you will know it worked")
        try server.send("export", "Q")
        try server.waitFor("export", text: "[exit:0]")
    }

    /// SIGTERM, SIGHUP, Ctrl-C, and a crash (a segmentation fault, as a stand-in for any
    /// fatal signal a bug would raise) each leave the terminal as it was.
    @Test func signalsAndCrashesRestoreTheTerminal() throws {
        let server = try Self.seeded()
        let sessions = ["term", "hup", "intr", "segv"]
        for session in sessions {
            try server.start(session)
        }
        for session in sessions {
            try server.waitFor(session, text: "Stockton-on-Tees")
            #expect(try server.format(session, "#{alternate_on}") == "1", "the UI uses the alternate screen")
        }
        kill(try #require(try server.programPid("term")), SIGTERM)
        try server.waitFor("term", text: "[exit:143]")
        kill(try #require(try server.programPid("hup")), SIGHUP)
        try server.waitFor("hup", text: "[exit:129]")
        kill(try #require(try server.programPid("segv")), SIGSEGV)
        try server.waitFor("segv", text: "[exit:139]")
        try server.send("intr", "C-c")
        try server.waitFor("intr", text: "[exit:130]")
        for session in sessions {
            #expect(try server.format(session, "#{alternate_on}") == "0", "\(session): back on the normal screen")
            #expect(try server.format(session, "#{cursor_flag}") == "1", "\(session): the cursor is visible")
            #expect(try server.format(session, "#{mouse_any_flag}") == "0", "\(session): mouse reporting is off")
            #expect(try server.format(session, "#{keypad_flag}") == "0", "\(session): keypad mode is off")
            try NothingTypedIsLostEndToEndTests.expectBracketedPasteOff(server, session)
        }
    }

    @Test func withoutATerminalOrWithADumbOrUnknownTermItRefusesInOneLine() throws {
        let server = try Self.seeded()
        var env = server.environment
        env["ACTIONPLAN_DB"] = server.database
        let piped = try Spawn.run([TmuxServer.binary], environment: env)
        #expect(piped.status == 1)
        #expect(piped.output == "actionplan: the terminal UI needs a terminal on standard input and output; in scripts use the other commands (see actionplan --help)\n")
        try server.start("dumb", extraEnvironment: ["TERM": "dumb"])
        let dumb = try server.waitFor("dumb", text: "[exit:1]")
        #expect(dumb.contains("actionplan: TERM=dumb cannot draw screens"))
        try server.start("unknown", extraEnvironment: ["TERM": "no-such-terminal"])
        let unknown = try server.waitFor("unknown", text: "[exit:1]")
        #expect(unknown.contains("actionplan: unknown terminal type TERM=no-such-terminal"))
    }
}
