import Foundation
import Testing

@Suite struct DeadlineCommandTests {
    @Test(arguments: [
        (["2022-10-26", "--working-days", "70"], "2023-02-06"),
        (["2023-05-09", "--working-days", "70"], "2023-08-16"),
        (["2022-02-22", "--working-days", "70"], "2022-06-07"),
        (["2022-10-26", "--working-days", "20"], "2022-11-23"),
        (["2022-10-26", "--months", "3"], "2023-01-26"),
        (["2022-11-29", "--months", "6"], "2023-05-26"),
    ])
    func printsTheDeadline(arguments: [String], expected: String) throws {
        let cli = try CLIRunner()
        #expect(try cli.ok(["deadline"] + arguments) == expected + "\n")
        // No database is created just to compute a deadline.
        #expect(!FileManager.default.fileExists(atPath: cli.database))
    }

    @Test func explainListsEveryNonWorkingDaySkippedWithItsName() throws {
        let out = try CLIRunner().ok(["deadline", "2022-02-22", "--working-days", "70", "--explain"])
        #expect(out.hasPrefix("2022-06-07\n"))
        #expect(out.contains("2022-06-02 Thu  Spring bank holiday"))
        #expect(out.contains("2022-06-03 Fri  Platinum Jubilee bank holiday"))
        #expect(out.contains("2022-04-15 Fri  Good Friday"))
        #expect(out.contains("35 non-working days skipped"))
    }
}

@Suite struct WorkflowTests {
    @Test(arguments: CLIBackend.allCases) func createListUpdateShowHistoryUndo(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        let id = try cli.seedPlan()
        let listed = try cli.ok(["list"])
        #expect(listed.contains("Weekly audits") && listed.contains("2026-12-31") && listed.contains("not_started"))
        try cli.ok(["update", id, "--status", "in_progress", "--note", "Audit tool agreed", "--expect-version", "1"])
        let detail = try #require(try cli.json(["show", id, "--json"]) as? [String: Any])
        let action = try #require(detail["action"] as? [String: Any])
        #expect(action["status"] as? String == "in_progress")
        #expect(action["version"] as? Int == 2)
        #expect(action["updated_by"] as? String == cli.who)
        #expect((detail["notes"] as? [[String: Any]])?.first?["text"] as? String == "Audit tool agreed")
        let history = try #require(try cli.json(["history", id, "--json"]) as? [[String: Any]])
        #expect(history.contains { $0["field"] as? String == "status" && $0["old_value"] as? String == "not_started" && $0["new_value"] as? String == "in_progress" })
        let undone = try cli.ok(["undo"])
        #expect(undone.contains("undid change"))
        let after = try #require(try cli.json(["show", id, "--json"]) as? [String: Any])
        #expect((after["action"] as? [String: Any])?["status"] as? String == "not_started")
    }

    @Test(arguments: CLIBackend.allCases) func anActionIsNamedByItsRefAndItsHistoryIsWordedWithoutBookkeeping(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--status", "in_progress", "--note", "Audit tool agreed"])
        #expect(try cli.ok(["list"]).contains("P1.1"), "the REF column is the action's reference")
        #expect(try cli.ok(["show", id]).hasPrefix("Action P1.1 (id \(id)): Weekly audits"))
        let text = try cli.ok(["history", id])
        #expect(text.contains("status: Not started → In progress"), "\(text)")
        #expect(text.contains("note: Audit tool agreed"), "\(text)")
        #expect(!text.contains("version") && !text.contains("updated"), "bookkeeping columns are left out: \(text)")
        let events = try #require(try cli.json(["history", id, "--json"]) as? [[String: Any]])
        #expect(events.contains { $0["field"] as? String == "version" && $0["bookkeeping"] as? Bool == true },
                "--json keeps every event and marks the bookkeeping ones")
        #expect(events.contains { $0["change"] as? String == "status: Not started → In progress" })
    }

    @Test func staleVersionIsRefusedWithWhoAndWhen() throws {
        let cli = try CLIRunner()
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--owner", "Jo", "--as", "bob"])
        let result = try cli.run(["update", id, "--status", "complete", "--expect-version", "1"])
        #expect(result.status == 75)
        #expect(result.stderr.contains("was changed by bob at"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test(arguments: CLIBackend.allCases) func overdueDueWithinAndRagFilters(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--due", "2026-11-20"])
        #expect(try cli.ok(["list", "--overdue"]).contains("1 wd overdue"))
        #expect(try cli.ok(["list", "--rag", "red"]).contains("Weekly audits"))
        #expect(try cli.ok(["list", "--rag", "green"]).contains("No actions match"))
        try cli.ok(["update", id, "--due", "+3wd"])
        #expect(try cli.ok(["list", "--due-within", "5"]).contains("in 3 wd"))
        #expect(try cli.ok(["list", "--due-within", "2"]).contains("No actions match"))
        #expect(try cli.ok(["list", "--rag", "amber"]).contains("Weekly audits"))
    }

    /// Reading commands leave the database file byte for byte as it was (no write on opening:
    /// GRDB's WAL set-up used to create and drop a table on every open).
    @Test func readingCommandsDoNotWriteTheDatabase() throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        let path = cli.database
        try cli.ok(["plans"])
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        for arguments in [["plans"], ["list"], ["list", "--search", "audits"], ["show", "1"], ["export", "--format", "json"]] {
            try cli.ok(arguments)
            #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before, "\(arguments) changed the database file")
        }
    }

    /// Without --today or ACTIONPLAN_TODAY, today is the date where the machine is (TZ), as
    /// Foundation's calendar gives it, in zones either side of UTC.
    @Test(arguments: ["Pacific/Kiritimati", "Etc/GMT+12", "UTC", "Europe/London"])
    func todayIsTheLocalDateOfTheZone(_ zone: String) throws {
        let cli = try CLIRunner()
        func localToday() throws -> String {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = try #require(TimeZone(identifier: zone))
            let parts = calendar.dateComponents([.year, .month, .day], from: Date())
            return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        }
        let id = try cli.seedPlan()
        let before = try localToday()
        try cli.ok(["update", id, "--due", before])
        let listed = try cli.ok(["list"], environment: ["ACTIONPLAN_TODAY": nil, "TZ": zone])
        // The zone's midnight may pass during the test; then the day is not known for sure.
        guard try localToday() == before else { return }
        #expect(listed.contains("due today"), "\(zone): today is \(before), the program listed: \(listed)")
    }

    @Test func listFitsTheTerminalWidthByDisplayWidth() throws {
        let cli = try CLIRunner()
        let plan = try cli.ok(["new-plan", "--authority", "Northmoor", "--kind", "other", "--quiet"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let finding = try cli.ok(["add-finding", "--plan", plan, "--category", "recommendation", "--text", "x", "--quiet"]).trimmingCharacters(in: .whitespacesAndNewlines)
        try cli.ok(["add-action", "--finding", finding, "--title", "Réviser les procédures — 日本語のテキストを含む長いタイトル 🎉 and more", "--owner", "Zoë Ångström"])
        for width in [60, 80, 120] {
            let out = try cli.ok(["list"], environment: ["COLUMNS": String(width)])
            for line in out.split(separator: "\n") {
                #expect(displayWidth(String(line)) <= width, "line wider than \(width): \(line)")
            }
        }
    }

    @Test(arguments: CLIBackend.allCases) func csvAndJSONOutputs(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        _ = try cli.seedPlan()
        let csv = try cli.ok(["list", "--csv"])
        #expect(csv.hasPrefix("plan_id,plan_title,finding_id,finding_ref,category,section,finding_text,action_id,action_ref,title,owner,due"))
        #expect(csv.contains(",P1.1,Weekly audits,"), "the action is named by its reference")
        #expect(csv.contains("\r\n"))
        let plans = try #require(try cli.json(["plans", "--json"]) as? [[String: Any]])
        let totals = try #require(plans.first?["totals"] as? [String: Any])
        #expect(totals["percent_complete"] as? Int == 0)
        #expect((totals["by_status"] as? [String: Any])?["not_started"] as? Int == 1)
        #expect((plans.first?["plan"] as? [String: Any])?["authority"] as? String == "Northmoor")
    }

    @Test(arguments: CLIBackend.allCases) func holidaysUpdateMovesRuleDerivedDatesAndListsThem(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        let id = try cli.seedPlan()
        // The action's due date came from "within 3 months" of 2026-10-01: Thu 2026-12-31.
        let feed = """
            {"england-and-wales": {"division": "england-and-wales", "events": [
              {"title": "New Year's Day", "date": "2026-01-01", "notes": "", "bunting": true},
              {"title": "Extra day", "date": "2026-12-31", "notes": "", "bunting": true}]}}
            """
        let file = cli.directory.appendingPathComponent("feed.json")
        try feed.write(to: file, atomically: true, encoding: .utf8)
        let out = try cli.ok(["holidays", "--update", file.path])
        #expect(out.contains("action \(id) Weekly audits: 2026-12-31 → 2026-12-30"))
        let history = try #require(try cli.json(["history", id, "--json"]) as? [[String: Any]])
        #expect(history.contains { $0["field"] as? String == "due" && $0["new_value"] as? String == "2026-12-30" })
        #expect(try cli.ok(["holidays", "--year", "2026"]).contains("2026-12-31  Thu  Extra day"))
    }

    @Test(arguments: CLIBackend.allCases) func correctingTheReceivedDateMovesRuleDerivedDatesOnly(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        let id = try cli.seedPlan()  // received 2026-10-01, within 3 months: 2026-12-31
        let other = try cli.ok(["add-action", "--finding", "1", "--title", "Set by hand", "--due", "2027-01-15", "--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let out = try cli.ok(["edit-plan", "1", "--received", "2026-10-05"])
        #expect(out.contains("action \(id) Weekly audits: 2026-12-31 → 2027-01-05"))
        #expect(!out.contains("Set by hand"))
        let history = try #require(try cli.json(["history", id, "--json"]) as? [[String: Any]])
        #expect(history.contains { $0["field"] as? String == "due" && $0["new_value"] as? String == "2027-01-05" })
        #expect(try cli.ok(["show", other]).contains("2027-01-15"))
    }

    @Test func holidaysBeyondTheTableComeFromTheRules() throws {
        let out = try CLIRunner().ok(["holidays", "--year", "2031"])
        #expect(out.contains("2031-04-11  Fri  Good Friday  (rules)"))
    }

    @Test(arguments: CLIBackend.allCases) func backupWritesACopy(_ backend: CLIBackend) throws {
        let cli = try CLIRunner(backend: backend)
        _ = try cli.seedPlan()
        let copy = cli.directory.appendingPathComponent("copy.sqlite").path
        try cli.ok(["backup", copy])
        let plans = try cli.run(["plans", "--json", "--db", copy])
        #expect(plans.stdout.contains("Northmoor"))
    }

    @Test func severalProcessesWritingTheSameFileLoseNothing() throws {
        let cli = try CLIRunner()
        let id = try cli.seedPlan()
        let writers = 4, notesEach = 8
        DispatchQueue.concurrentPerform(iterations: writers) { writer in
            for n in 0..<notesEach {
                _ = try? cli.run(["update", id, "--note", "writer \(writer) note \(n)", "--as", "w\(writer)"])
            }
        }
        let detail = try #require(try cli.json(["show", id, "--json"]) as? [String: Any])
        #expect((detail["notes"] as? [Any])?.count == writers * notesEach)
        #expect((detail["action"] as? [String: Any])?["version"] as? Int == 1 + writers * notesEach)
    }
}

/// One bad input to one command: what is typed, the environment, and what must come back.
struct BadInput: Sendable, CustomTestStringConvertible {
    let arguments: [String]
    var environment: [String: String?] = [:]
    let message: String
    let status: Int32

    init(_ arguments: [String], _ message: String, status: Int32, environment: [String: String?] = [:]) {
        self.arguments = arguments
        self.message = message
        self.status = status
        self.environment = environment
    }

    var testDescription: String { "actionplan " + arguments.joined(separator: " ") }
}

/// The bad-input matrix (issue 6): every command fed its bad files, dates, ids, options and
/// environments. Each must print one line on stderr that says what is wrong, exit with its
/// documented status, print nothing on stdout, and leave the database exactly as it was
/// (compared as a full SQL dump). `$DIR` stands for the test's own folder, which holds the
/// fixture files made by `fixtures`.
@Suite struct BadInputMatrixTests {
    static let cases: [BadInput] = [
        // Dates and counts
        BadInput(["deadline", "2023-02-30", "--working-days", "70"], "not a real date", status: 64),
        BadInput(["deadline", "2023-02-01", "--working-days", "-3"], "negative", status: 64),
        BadInput(["deadline", "2023-02-01"], "--working-days", status: 64),
        BadInput(["deadline", "9999-12-20", "--working-days", "70"], "outside the years 1900–2999", status: 64),
        BadInput(["update", "1", "--due", "+99999m"], "too far ahead", status: 64),
        BadInput(["update", "1", "--due", "2023-02-30"], "not a real date", status: 64),
        BadInput(["update", "1", "--due", "-5wd"], "counts backwards", status: 64),
        BadInput(["list", "--due-within", "-1"], "--due-within", status: 64),
        BadInput(["list", "--today", "2023-13-01"], "not a real date", status: 64),
        BadInput(["list"], "ACTIONPLAN_TODAY: '31/13/2026' is not a real date", status: 64, environment: ["ACTIONPLAN_TODAY": "31/13/2026"]),
        BadInput(["export", "--as-of", "2023-02-30"], "not a real date", status: 64),
        BadInput(["milestone", "1", "--done", "2023-02-30"], "not a real date", status: 64),
        BadInput(["edit-plan", "1", "--received", "2026-02-30"], "not a real date", status: 64),
        BadInput(["import", "--received", "2023-02-30", "$DIR/letter.txt"], "not a real date", status: 64),
        // Unknown values and options
        BadInput(["update", "1", "--status", "finished"], "unknown --status 'finished'", status: 64),
        BadInput(["update", "1", "--rag", "red"], "needs a reason", status: 64),
        BadInput(["update", "1", "--rag", "blue", "--reason", "x"], "cannot be set by hand", status: 64),
        BadInput(["update", "1"], "nothing to change", status: 64),
        BadInput(["update", "1", "--expect-version", "0", "--status", "complete"], "--expect-version", status: 64),
        BadInput(["list", "--rag", "purple"], "unknown --rag", status: 64),
        BadInput(["list", "--json", "--csv"], "--json and --csv: choose one", status: 64),
        BadInput(["list", "--frobnicate"], "Unknown option", status: 64),
        BadInput(["new-plan", "--authority", "X", "--kind", "inspection"], "unknown --kind", status: 64),
        BadInput(["add-finding", "--plan", "1", "--category", "good", "--text", "t"], "unknown --category", status: 64),
        BadInput(["holidays", "--year", "twenty"], "not a year", status: 64),
        BadInput(["export", "--format", "docx"], "unknown format 'docx'", status: 64),
        BadInput(["import", "--kind", "weird", "$DIR/letter.txt"], "unknown --kind 'weird'", status: 64),
        BadInput(["authority", "Stokton"], "unknown authority 'Stokton': did you mean Stockton-on-Tees (808)?", status: 64),
        BadInput(["compare", "--authority", "808", "--with", "county"], "unknown --with 'county'", status: 64),
        BadInput(["compare", "--authority", "808", "--as-of", "2024-02-30"], "not a real date", status: 64),
        BadInput(["stats", "--as-of", "2024-02-30"], "not a real date", status: 64),
        BadInput(["stats", "--region", "Wessex"], "unknown region 'Wessex'", status: 64),
        BadInput(["national", "--as-of", "2024-02-30"], "not a real date", status: 64),
        BadInput(["authorities", "--frobnicate"], "Unknown option", status: 64),
        BadInput(["import"], "no file given", status: 64),
        BadInput(["edit-plan", "1"], "nothing to change", status: 64),
        BadInput(["--today", "2023-13-01", "list"], "not a real date", status: 64),
        // Ids
        BadInput(["update", "999", "--status", "complete"], "no action with id 999", status: 66),
        BadInput(["update", "abc", "--status", "complete"], "is not an action id (12) or a plan and reference (2/P1.2)", status: 64),
        BadInput(["show", "0"], "is not an action id (12) or a plan and reference (2/P1.2)", status: 64),
        BadInput(["show", "5"], "no action with id 5", status: 66),
        BadInput(["history", "99"], "no action with id 99", status: 66),
        BadInput(["list", "--plan", "42"], "no plan with id 42", status: 66),
        BadInput(["add-action", "--finding", "77", "--title", "t"], "no finding with id 77", status: 66),
        BadInput(["export", "--plan", "99"], "no plan with id 99", status: 66),
        BadInput(["check", "--plan", "99"], "no plan with id 99", status: 66),
        BadInput(["milestone", "99", "--done", "2026-01-01"], "no milestone with id 99", status: 66),
        BadInput(["edit-plan", "99", "--received", "2026-01-01"], "no plan with id 99", status: 66),
        BadInput(["undo", "--as", "nobody"], "nothing to undo", status: 1),
        // Files
        BadInput(["import", "$DIR/missing.pdf"], "no such file", status: 66),
        BadInput(["import", "$DIR/empty.txt"], "is empty", status: 65),
        BadInput(["import", "$DIR/binary.dat"], "is a binary file", status: 65),
        BadInput(["import", "$DIR/no-section.txt"], "no improvement section found", status: 65),
        BadInput(["import", "$DIR/broken.pdf"], "broken.pdf", status: 65),
        BadInput(["holidays", "--update", "$DIR/missing.json"], "cannot read", status: 66),
        BadInput(["holidays", "--update", "$DIR/bad.json"], "not a bank-holidays feed", status: 65),
        BadInput(["holidays", "--update", "$DIR/year1.json"], "the feed has a date '0001-01-01' outside the years 1900–2999", status: 65),
        BadInput(["restore", "$DIR/missing.sqlite"], "no such file", status: 66),
        BadInput(["restore", "$DIR/notes.txt"], "not an actionplan database", status: 74),
        BadInput(["restore", "$DIR/plans.sqlite"], "is the database itself", status: 65),
        BadInput(["init", "--group", "no-such-group-actionplan"], "there is no group", status: 64),
        BadInput(["backup", "$DIR/plans.sqlite"], "already exists", status: 65),
        BadInput(["export", "-o", "$DIR/no-folder/report.md"], "does not exist", status: 73),
        BadInput(["demo"], "already has 1 plan", status: 73),
        // Environment
        BadInput(["tui"], "needs a terminal", status: 1),
        BadInput(["list"], "HOME and XDG_DATA_HOME are unset", status: 73,
                 environment: ["HOME": nil, "ACTIONPLAN_DB": nil, "XDG_DATA_HOME": nil]),
        BadInput(["list"], "cannot create the data directory", status: 73,
                 environment: ["ACTIONPLAN_DB": nil, "XDG_DATA_HOME": "$DIR/a-file/data"]),
        BadInput(["list", "--db", "$DIR/notes.txt"], "not an actionplan database", status: 74),
        BadInput(["list", "--db", "$DIR/no-folder/plans.sqlite"], "does not exist", status: 74),
        BadInput(["list", "--db", "/dev/null"], "is a character device, not a regular file", status: 74),
        BadInput(["list", "--db", "$DIR"], "is a directory, not a regular file", status: 74),
        BadInput(["import", "$DIR/letter.pdf"], "poppler-utils", status: 69, environment: ["PATH": "/nonexistent"]),
    ]

    /// The fixture files every case may name.
    static func fixtures(in directory: URL) throws {
        func write(_ name: String, _ data: Data) throws { try data.write(to: directory.appendingPathComponent(name)) }
        try write("empty.txt", Data())
        try write("binary.dat", Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ 3) }))
        try write("no-section.txt", Data("Dear colleague,\n\nThank you for your hospitality during our visit.\n".utf8))
        try write("letter.txt", Data("Ofsted focused visit to Northmoor\n\nAreas for priority action\n\n• Improve oversight.\n".utf8))
        try write("broken.pdf", Data("%PDF-1.4\nthis is not really a PDF\n".utf8))
        try write("letter.pdf", Data("%PDF-1.4\n".utf8))
        try write("bad.json", Data("{".utf8))
        try write("year1.json", Data(#"{"england-and-wales": {"events": [{"title": "New Year's Day", "date": "2026-01-01"}, {"title": "Day one", "date": "0001-01-01"}]}}"#.utf8))
        try write("notes.txt", Data("my notes, not a database\n".utf8))
        try write("a-file", Data("x".utf8))
    }

    @Test(arguments: cases)
    func refusedInOneLineWithItsStatusAndNothingWritten(_ input: BadInput) throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        try Self.fixtures(in: cli.directory)
        let dir = cli.directory.path
        let before = try sqlite(cli.database, ".dump")
        let arguments = input.arguments.map { $0.replacingOccurrences(of: "$DIR", with: dir) }
        let environment = input.environment.mapValues { $0?.replacingOccurrences(of: "$DIR", with: dir) }
        let result = try cli.run(arguments, environment: environment)
        #expect(result.status == input.status, "exit status \(result.status), stderr: \(result.stderr)")
        #expect(result.stderr.contains(input.message), "stderr was: \(result.stderr)")
        #expect(result.stderr.hasPrefix("actionplan: "), "stderr was: \(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1, "more than one line: \(result.stderr)")
        #expect(result.stdout.isEmpty, "stdout was: \(result.stdout)")
        #expect(try sqlite(cli.database, ".dump") == before, "the database changed")
    }
}

@Suite struct BadInputTests {
    @Test func aFileThatIsNotADatabaseIsRefusedAndKept() throws {
        let cli = try CLIRunner()
        let file = cli.directory.appendingPathComponent("notes.txt")
        try "my notes".write(to: file, atomically: true, encoding: .utf8)
        let result = try cli.run(["plans", "--db", file.path])
        #expect(result.status == 74)
        #expect(result.stderr.contains("not an actionplan database"))
        #expect(try String(contentsOf: file, encoding: .utf8) == "my notes")
    }

    /// Root may write any file, so this runs (and means something) only for other users.
    @Test(.enabled(if: getuid() != 0, "root can write a mode-0400 file"))
    func aReadOnlyDatabaseRefusesWritesButStillReads() throws {
        let cli = try CLIRunner()
        let id = try cli.seedPlan()
        chmod(cli.database, 0o400)
        defer { chmod(cli.database, 0o600) }
        let before = try cli.snapshot()
        let result = try cli.run(["update", id, "--status", "complete"])
        #expect(result.status == 74)
        #expect(result.stderr.contains("read-only"))
        #expect(try cli.snapshot() == before)
    }

    @Test func homeAndXDGUnsetNeedAnExplicitDatabase() throws {
        let cli = try CLIRunner()
        let result = try cli.run(["plans"], environment: ["HOME": nil, "ACTIONPLAN_DB": nil, "XDG_DATA_HOME": nil])
        #expect(result.status == 73)
        #expect(result.stderr.contains("HOME and XDG_DATA_HOME are unset"))
    }

    @Test func anUnwritableDataDirectoryIsExplained() throws {
        let cli = try CLIRunner()
        let blocker = cli.directory.appendingPathComponent("a-file")
        try "x".write(to: blocker, atomically: true, encoding: .utf8)
        let result = try cli.run(["plans"], environment: ["ACTIONPLAN_DB": nil, "XDG_DATA_HOME": blocker.path + "/data"])
        #expect(result.status == 73)
        #expect(result.stderr.contains("cannot create the data directory"))
    }

    @Test func defaultDatabaseIsCreatedUnderXDGDataHomeWithMode0600() throws {
        let cli = try CLIRunner()
        let xdg = cli.directory.appendingPathComponent("xdg").path
        try cli.ok(["plans"], environment: ["ACTIONPLAN_DB": nil, "XDG_DATA_HOME": xdg])
        let path = xdg + "/actionplan/actionplan.sqlite"
        let mode = (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
        #expect(mode == 0o600)
    }

    @Test func aLockedDatabaseSaysSoAfterTheTimeout() throws {
        let cli = try CLIRunner()
        let id = try cli.seedPlan()
        // Hold a write lock with the sqlite3 shell while the update runs.
        let holder = try SQLiteShell(cli.database)
        holder.send("BEGIN IMMEDIATE;\nSELECT 1;\n")
        Thread.sleep(forTimeInterval: 0.5)
        let result = try cli.run(["update", id, "--status", "complete"], environment: ["ACTIONPLAN_BUSY_TIMEOUT": "0.5"])
        holder.end(with: "ROLLBACK;\n.quit\n")
        #expect(result.status == 75)
        #expect(result.stderr.contains("locked by another process"))
    }
}

/// Display width for the test's own check (East Asian wide and emoji as 2).
func displayWidth(_ text: String) -> Int {
    text.reduce(0) { total, character in
        let scalar = character.unicodeScalars.first!
        let v = scalar.value
        let wide = (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFF00...0xFF60).contains(v) || (0x1F300...0x1FAFF).contains(v)
        return total + (wide ? 2 : 1)
    }
}
