import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Issue 11 through the real binary in tmux: marking and `;`, the `:` command line, and the
/// whole action as a form in `$EDITOR`.
@Suite(.serialized) struct ConventionsEndToEndTests {
    static func field(_ server: TmuxServer, _ id: Int, _ name: String) throws -> String? {
        let action = try #require(try EndToEndTests.action(server, id)["action"] as? [String: Any])
        return action[name] as? String
    }

    @Test func twoMarkedActionsGetOneOwnerInOneChangeThatOneUndoReverts() throws {
        let server = try EndToEndTests.seeded()
        try server.start("mark", user: "alice")
        try EndToEndTests.openFirstAction(server, "mark")
        try server.send("mark", "t", "t")
        let marked = try server.waitFor("mark", text: "2 marked")
        #expect(marked.contains("*P1.1") && marked.contains("*P1.2"), "marked rows show a star:\n\(marked)")
        // A lone ";" separates tmux commands: "\\;" is the key.
        try server.send("mark", "\\;")
        try server.waitFor("mark", text: "edit the 2 marked")
        try server.send("mark", "o")
        try server.waitFor("mark", text: "Owner of 2 marked actions:")
        try server.send("mark", "C-u")
        try server.type("mark", "Carol Jones")
        try server.send("mark", "Enter")
        try server.waitFor("mark", text: "2 marked actions are owned by Carol Jones")
        #expect(try Self.field(server, 1, "owner") == "Carol Jones")
        #expect(try Self.field(server, 2, "owner") == "Carol Jones")
        try server.send("mark", "u")
        try server.waitFor("mark", text: "Undone")
        #expect(try Self.field(server, 1, "owner") == "Head of Service", "one undo reverts both")
        #expect(try Self.field(server, 2, "owner") == "Zoë Hart")
        try server.send("mark", "Q")
        try server.waitFor("mark", text: "[exit:0]")
    }

    @Test func theCommandLineJumpsEditsRefusesKeepingTheLineAndRecallsIt() throws {
        let server = try EndToEndTests.seeded()
        try server.start("cmd", user: "alice")
        try server.waitFor("cmd", text: "Stockton-on-Tees")
        try server.send("cmd", ":")
        try server.type("cmd", "2")
        try server.send("cmd", "Enter")
        try server.waitFor("cmd", text: "P1.2 #2: Weekly performance clinic")
        try server.send("cmd", ":")
        try server.type("cmd", "due 2027-02-30")
        try server.send("cmd", "Enter")
        try server.waitFor("cmd", text: "'2027-02-30' is not a real date")
        // Typing on goes on the line: nothing runs as a key.
        try server.type("cmd", "sc")
        try server.waitFor("cmd", text: ":due 2027-02-30sc")
        try server.send("cmd", "C-u")
        try server.type("cmd", "due +20wd")
        try server.send("cmd", "Enter")
        try server.waitFor("cmd", text: "P1.2 is due Mon 2026-12-21")
        #expect(try Self.field(server, 2, "due") == "2026-12-21")
        #expect(try Self.field(server, 2, "status") == "not_started")
        try server.send("cmd", ":")
        try server.send("cmd", "Up")
        try server.waitFor("cmd", text: ":due +20wd")
        try server.send("cmd", "Escape")
        try server.send("cmd", "Q")
        try server.waitFor("cmd", text: "[exit:0]")
    }

    @Test func aFormInTheEditorThatDoesNotReadReopensWithItsErrorsAndIsSavedOnceCorrected() throws {
        let server = try EndToEndTests.seeded()
        let dir = server.directory.path
        // First run: change the owner and write a date that is not one. Second run (the form
        // came back with its errors on top): keep a copy, then correct the date.
        let editor = dir + "/form-editor.sh"
        try """
            #!/bin/sh
            if grep -q '^# ERROR' "$1"; then
              cp "$1" \(dir)/reopened.txt
              sed -i 's/^Due: .*/Due: 2027-01-15/' "$1"
            else
              sed -i 's/^Owner: .*/Owner: Dana Smith/; s/^Due: .*/Due: someday/' "$1"
            fi
            """.write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        try server.start("form", user: "carol", extraEnvironment: ["EDITOR": editor, "VISUAL": ""])
        try EndToEndTests.openFirstAction(server, "form")
        try server.send("form", "E")
        try server.waitFor("form", text: "P1.1 saved from the form")
        let reopened = try String(contentsOfFile: dir + "/reopened.txt", encoding: .utf8)
        #expect(reopened.hasPrefix("# ERROR: Due: 'someday' is not a date"), "\(reopened)")
        #expect(reopened.contains("\nOwner: Dana Smith\n"), "the text typed is kept in the reopened form")
        #expect(try Self.field(server, 1, "owner") == "Dana Smith")
        #expect(try Self.field(server, 1, "due") == "2027-01-15")
        #expect(try Self.field(server, 1, "updated_by") == "carol")
        #expect(try server.format("form", "#{alternate_on}") == "1", "the screen is back after the editor")
        try server.send("form", "Q")
        try server.waitFor("form", text: "[exit:0]")
    }

    @Test func ctrlXContinuesATitleInTheEditor() throws {
        let server = try EndToEndTests.seeded()
        let editor = server.directory.appendingPathComponent("title-editor.sh").path
        try "#!/bin/sh\nprintf '%s\\nfor every team\\n' \"$(cat \"$1\")\" > \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        try server.start("title", user: "alice", extraEnvironment: ["EDITOR": editor, "VISUAL": ""])
        try EndToEndTests.openFirstAction(server, "title")
        try server.send("title", "R")
        try server.waitFor("title", text: "Title: Audit every open assessment")
        try server.send("title", "C-x")
        try server.waitFor("title", text: "Title of P1.1 saved")
        #expect(try Self.field(server, 1, "title") == "Audit every open assessment for every team")
        try server.send("title", "Q")
        try server.waitFor("title", text: "[exit:0]")
    }
}
