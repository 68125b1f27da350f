import Foundation
import Testing
import TestSupport

/// Issue 10: nothing stored or typed can drive the reader's terminal. Typed fields with a
/// control character are refused; text already stored with one (an older version, an older
/// import, the sqlite3 shell) is printed with the character shown (`\x1b`), on every output.
@Suite struct TerminalInjectionTests {
    /// ESC ] 52 writes the clipboard, ESC ] 0 sets the window title, CSI (C1) and ESC [ 2J clear
    /// the screen, U+202E reverses what follows.
    static func payload(_ marker: String) -> String {
        "'\(marker)'||char(27)||']52;c;aGk='||char(7)||char(27)||']0;owned'||char(7)||char(155)||'2J'||char(8238)||'rev'||char(27)||'[2J'"
    }

    /// What a poisoned field looks like printed: the marker, then the visible ESC (Markdown
    /// then escapes its own punctuation, `\]`).
    static func shown(_ marker: String) -> String { "\(marker)\\x1b" }

    /// A raw byte a terminal would act on: C0 but tab, line feed (and CR, in CSV), DEL, C1, a bidi control.
    static func rawControls(_ text: String, allowCR: Bool = false) -> [String] {
        text.unicodeScalars.filter { s in
            let v = s.value
            if v == 0x09 || v == 0x0A || (allowCR && v == 0x0D) { return false }
            return v < 0x20 || (0x7F...0x9F).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)
        }.map { "U+" + String($0.value, radix: 16) }
    }

    static func sqlite(_ database: String, _ sql: String) throws {
        let result = try BuiltProgram.run("/usr/bin/sqlite3", [database, sql], environment: ["PATH": "/usr/bin:/bin"])
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
    }

    /// A plan whose every typed field holds a terminal attack, stored behind the program's back:
    /// owner OWN, title TTL, note NOTE, authority AUTH, who WHO, holiday name HOL.
    static func poisonedDatabase() throws -> CLIRunner {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        try cli.ok(["update", "1", "--note", "clean note", "--due", "2026-11-02"])
        // The audit trail holds the poisoned owner and title as old values.
        try sqlite(cli.database, "UPDATE action SET owner = \(payload("OWN")), title = \(payload("TTL"));")
        try cli.ok(["update", "1", "--owner", "Temp", "--title", "Temp", "--status", "in_progress"])
        try sqlite(cli.database, """
            UPDATE action SET owner = \(payload("OWN")), title = \(payload("TTL")), updated_by = \(payload("WHO")),
                              rag_override = 'red', rag_reason = \(payload("WHY"));
            UPDATE note SET text = \(payload("NOTE")), author = \(payload("WHO"));
            UPDATE plan SET authority = \(payload("AUTH")), title = \(payload("PLAN"));
            UPDATE change_group SET who = \(payload("WHO"));
            UPDATE audit_event SET who = \(payload("WHO"));
            UPDATE bank_holiday SET name = \(payload("HOL")) WHERE day = '2026-12-25';
            """)
        return cli
    }

    /// Each output, and the fields it shows (each must appear, escaped).
    static let outputs: [(name: String, arguments: [String], fields: [String])] = [
        ("show", ["show", "1"], ["OWN", "TTL", "NOTE", "WHO", "PLAN", "WHY"]),
        ("list", ["list"], ["OWN", "TTL"]),
        ("list --csv", ["list", "--csv"], ["OWN", "TTL", "NOTE", "WHO", "PLAN", "WHY"]),
        ("plans", ["plans"], ["AUTH"]),
        ("history", ["history", "1"], ["OWN", "TTL", "WHO"]),
        ("export md", ["export", "--format", "md"], ["OWN", "TTL", "NOTE", "AUTH", "PLAN"]),
        ("export csv", ["export", "--format", "csv"], ["OWN", "TTL", "NOTE", "WHO", "PLAN"]),
        ("check", ["check"], ["PLAN"]),
        ("holidays", ["holidays", "--year", "2026"], ["HOL"]),
        ("deadline --explain", ["deadline", "2026-12-20", "--working-days", "5", "--explain"], ["HOL"]),
        ("edit-plan", ["edit-plan", "1", "--received", "2026-10-02"], ["PLAN"]),
    ]

    @Test(arguments: outputs.indices)
    func everyOutputShowsStoredControlCharactersVisibly(index: Int) throws {
        let output = Self.outputs[index]
        let cli = try Self.poisonedDatabase()
        let result = try cli.run(output.arguments)
        #expect(result.status == 0, "\(output.name): \(result.stderr)")
        let csv = output.name.hasSuffix("csv")
        #expect(Self.rawControls(result.stdout, allowCR: csv).isEmpty, "\(output.name): raw \(Self.rawControls(result.stdout)) on stdout")
        #expect(Self.rawControls(result.stderr).isEmpty, "\(output.name): raw control on stderr")
        for field in output.fields {
            #expect(result.stdout.contains(Self.shown(field)), "\(output.name) does not show \(field) escaped:\n\(result.stdout)")
        }
    }

    /// The JSON outputs keep the text exact, every such character as a `\u` escape.
    @Test(arguments: [["show", "1", "--json"], ["list", "--json"], ["plans", "--json"], ["history", "1", "--json"],
                      ["export", "--format", "json"], ["holidays", "--year", "2026", "--json"]])
    func jsonEscapesThemAndKeepsTheText(arguments: [String]) throws {
        let cli = try Self.poisonedDatabase()
        let result = try cli.run(arguments)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(Self.rawControls(result.stdout).isEmpty, "\(arguments): raw \(Self.rawControls(result.stdout))")
        #expect(result.stdout.contains("\\u001b]52;c;aGk=\\u0007"))
        #expect(result.stdout.contains("\\u009b2J\\u202erev"))
        #expect((try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) != nil)
    }

    /// The HTML page drops them; the file of `-o` is what standard output would have been.
    @Test func filesWrittenWithOutputHoldNoRawControlCharacter() throws {
        let cli = try Self.poisonedDatabase()
        for format in ["md", "csv", "html", "json", "ics"] {
            let file = cli.directory.appendingPathComponent("report.\(format)").path
            try cli.ok(["export", "-o", file])
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(Self.rawControls(text, allowCR: format == "csv" || format == "ics").isEmpty, "\(format): raw \(Self.rawControls(text))")
        }
    }

    /// Error messages quote stored text (who changed an action) and typed text (an id).
    @Test func errorMessagesShowControlCharactersVisibly() throws {
        let cli = try Self.poisonedDatabase()
        let stale = try cli.run(["update", "1", "--status", "complete", "--expect-version", "1"])
        #expect(stale.status == 75)
        #expect(stale.stderr.contains(Self.shown("WHO")), "\(stale.stderr)")
        let typed = try cli.run(["update", "1\u{1B}]0;owned\u{07}", "--status", "complete"])
        #expect(typed.status == 64)
        #expect(typed.stderr.contains("\\x1b]0;owned\\x07"), "\(typed.stderr)")
        let option = try cli.run(["list", "--status", "\u{1B}[2J\u{9B}"])
        #expect(option.status == 64)
        for result in [stale, typed, option] {
            #expect(Self.rawControls(result.stderr).isEmpty, "raw control on stderr: \(result.stderr.debugDescription)")
            #expect(result.stdout.isEmpty)
        }
    }

    // MARK: typed fields are refused

    /// Every one-line field, on every command that stores it: exit 64, one line naming the
    /// option and the character, nothing written.
    static let refusals: [(option: String, arguments: [String])] = [
        ("--owner", ["update", "1", "--owner", "X"]), ("--title", ["update", "1", "--title", "X"]),
        ("--measure", ["update", "1", "--measure", "X"]), ("--evidence", ["update", "1", "--evidence", "X"]),
        ("--reason", ["update", "1", "--rag", "red", "--reason", "X"]), ("--note", ["update", "1", "--note", "X"]),
        ("--title", ["add-action", "--finding", "1", "--title", "X"]), ("--owner", ["add-action", "--finding", "1", "--title", "ok", "--owner", "X"]),
        ("--measure", ["add-action", "--finding", "1", "--title", "ok", "--measure", "X"]),
        ("--authority", ["new-plan", "--kind", "focused-visit", "--authority", "X"]),
        ("--title", ["new-plan", "--kind", "focused-visit", "--authority", "ok", "--title", "X"]),
        ("--title", ["edit-plan", "1", "--title", "X"]),
        ("--text", ["add-finding", "--plan", "1", "--category", "suggestion", "--text", "X"]),
        ("--section", ["add-finding", "--plan", "1", "--category", "suggestion", "--text", "ok", "--section", "X"]),
        ("--as", ["update", "1", "--status", "complete", "--as", "X"]),
    ]

    @Test(arguments: refusals.indices, ["\u{1B}]52;c;aGk=\u{07}", "\u{9B}2J", "a\u{202E}b", "del\u{7F}", "bel\u{07}"])
    func typedFieldsWithControlCharactersAreRefused(index: Int, attack: String) throws {
        let refusal = Self.refusals[index]
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        let before = try cli.snapshot()
        let arguments = refusal.arguments.map { $0 == "X" ? "ok " + attack : $0 }
        let result = try cli.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.status) \(result.stderr)")
        #expect(result.stderr.hasPrefix("actionplan: \(refusal.option): contains "), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
        #expect(Self.rawControls(result.stderr).isEmpty)
        #expect(try cli.snapshot() == before, "\(arguments) wrote something")
    }

    @Test(arguments: ["--owner", "--title", "--measure", "--evidence"], ["two\nlines", "tab\there"])
    func aOneLineFieldRefusesLineBreaksAndTabs(option: String, value: String) throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        let result = try cli.run(["update", "1", option, value])
        #expect(result.status == 64)
        #expect(result.stderr.contains("\(option): contains"), "\(result.stderr)")
    }

    @Test func aNoteMayHoldLineBreaksAndTabsButNoOtherControl() throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        try cli.ok(["update", "1", "--note", "first line\n\tsecond line"])
        #expect(try cli.ok(["show", "1"]).contains("\tsecond line"))
        let refused = try cli.run(["update", "1", "--note", "line\r\nbreak"])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("--note: contains carriage return (\\x0d) at character 5"), "\(refused.stderr)")
    }

    @Test(arguments: ["WHO\u{1B}]0;owned\u{07}", "a\u{2066}b", "two\nlines"])
    func aUserNameFromTheEnvironmentWithAControlIsRefused(name: String) throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        let before = try cli.snapshot()
        let result = try cli.run(["update", "1", "--status", "complete"], environment: ["ACTIONPLAN_USER": name])
        #expect(result.status == 64, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("actionplan: ACTIONPLAN_USER: contains "), "\(result.stderr)")
        #expect(try cli.snapshot() == before)
        // --as wins over the environment, as it does for the name recorded.
        try cli.ok(["update", "1", "--status", "complete", "--as", "Alice"], environment: ["ACTIONPLAN_USER": name])
    }

    @Test func aHolidayFeedWithAControlInANameIsRefusedAsBadData() throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        let feed = """
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "New Year\\u2019s Day", "date": "2026-01-01"},
              {"title": "Christmas\\u001b]0;owned\\u0007 Day", "date": "2026-12-25"}]}}
            """
        let file = cli.directory.appendingPathComponent("feed.json")
        try Data(feed.utf8).write(to: file)
        let before = try cli.ok(["holidays", "--json"])
        let result = try cli.run(["holidays", "--update", file.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("holiday 2 (2026-12-25): title contains ESC (\\x1b) at character 10"), "\(result.stderr)")
        #expect(Self.rawControls(result.stderr).isEmpty)
        #expect(try cli.ok(["holidays", "--json"]) == before)
    }

    @Test func aMilestoneTitleWithAControlInTheImportDefaultsIsRefusedAsBadData() throws {
        let cli = try CLIRunner()
        let shipped = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Data/import-defaults.json"), encoding: .utf8)
        guard let range = shipped.range(of: "\"title\": \"") else {
            Issue.record("no milestone title in Data/import-defaults.json")
            return
        }
        let poisoned = shipped.replacingCharacters(in: range, with: "\"title\": \"\\u001b[2J")
        let folder = URL(fileURLWithPath: try #require(cli.environment["XDG_CONFIG_HOME"])).appendingPathComponent("actionplan")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(poisoned.utf8).write(to: folder.appendingPathComponent("import-defaults.json"))
        let letter = cli.directory.appendingPathComponent("letter.txt")
        try Data("Areas for priority action\n\n• Improve the timeliness of assessments.\n".utf8).write(to: letter)
        let result = try cli.run(["import", letter.path])
        #expect(result.status == 65, "\(result.stderr)")
        #expect(result.stderr.contains("title contains ESC (\\x1b)"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }
}
