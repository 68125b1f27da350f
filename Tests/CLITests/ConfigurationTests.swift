import Foundation
import Testing

/// The configuration file (docs/config.md) as the built program reads it: where it is looked
/// for, what it sets, what overrides it, and how a bad line stops a command.
@Suite struct ConfigurationTests {
    /// A runner whose configuration file (in its own `XDG_CONFIG_HOME`) holds `text`.
    func runner(config text: String) throws -> CLIRunner {
        let cli = try CLIRunner()
        let folder = try #require(cli.environment["XDG_CONFIG_HOME"]) + "/actionplan"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try text.write(toFile: folder + "/config.toml", atomically: true, encoding: .utf8)
        return cli
    }

    func configPath(_ cli: CLIRunner) -> String { cli.environment["XDG_CONFIG_HOME"]! + "/actionplan/config.toml" }

    @Test func theDatabaseIsDashDashDbThenActionplanDbThenTheFile() throws {
        let cli = try CLIRunner()
        let fromFile = cli.directory.appendingPathComponent("from-config.sqlite").path
        let fromEnvironment = cli.directory.appendingPathComponent("from-env.sqlite").path
        let fromOption = cli.directory.appendingPathComponent("from-option.sqlite").path
        let configured = try runner(config: "database = \"\(fromFile)\"\n")
        func created(_ arguments: [String], environment: [String: String?]) throws -> [String] {
            for path in [fromFile, fromEnvironment, fromOption] { try? FileManager.default.removeItem(atPath: path) }
            try configured.ok(arguments + ["plans"], environment: environment)
            return [fromFile, fromEnvironment, fromOption].filter { FileManager.default.fileExists(atPath: $0) }
                .map { URL(fileURLWithPath: $0).lastPathComponent }
        }
        #expect(try created([], environment: ["ACTIONPLAN_DB": nil]) == ["from-config.sqlite"], "the file, with nothing else")
        #expect(try created([], environment: ["ACTIONPLAN_DB": fromEnvironment]) == ["from-env.sqlite"], "ACTIONPLAN_DB beats the file")
        #expect(try created(["--db", fromOption], environment: ["ACTIONPLAN_DB": fromEnvironment]) == ["from-option.sqlite"],
                "--db beats both")
    }

    @Test func aDatabasePathStartingWithTildeIsInHome() throws {
        let cli = try runner(config: "database = \"~/mine.sqlite\" # in HOME\n")
        try cli.ok(["plans"], environment: ["ACTIONPLAN_DB": nil])
        #expect(FileManager.default.fileExists(atPath: cli.directory.appendingPathComponent("mine.sqlite").path))
    }

    @Test func actionplanConfigNamesAnotherFileWhichMustExist() throws {
        let cli = try CLIRunner()
        let other = cli.directory.appendingPathComponent("team.toml").path
        try "name = \"Team Lead\"\n".write(toFile: other, atomically: true, encoding: .utf8)
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--status", "in_progress"], environment: ["ACTIONPLAN_CONFIG": other, "ACTIONPLAN_USER": nil])
        #expect(try cli.ok(["history", id]).contains("Team Lead"))
        let missing = try cli.run(["plans"], environment: ["ACTIONPLAN_CONFIG": other + ".gone"])
        #expect(missing.status == 78)
        #expect(missing.stderr == "actionplan: \(other).gone: no such configuration file (named by ACTIONPLAN_CONFIG)\n")
    }

    @Test(arguments: [
        ("database = /tmp/x.sqlite\n", 1, "expected a value: a string in double quotes, a whole number, true or false, found '/tmp/x.sqlite'"),
        ("# mine\nname = \"Zoë\"\ncolor = \"red\"\n", 3,
         "unknown key 'color': expected one of database, name, due_soon_working_days or a [colours] table"),
        ("[colors]\nred = \"red\"\n", 1, "unknown table [colors]: expected [colours]"),
        ("[colours]\nred = \"pink\"\n", 2,
         "red: expected a colour name in quotes, one of default, black, red, green, yellow, blue, magenta, cyan, white"),
        ("[colours]\npurple = \"red\"\n", 2,
         "unknown colour role 'purple': expected one of red, amber, green, blue, accent, heading, selection"),
        ("due_soon_working_days = \"10\"\n", 1,
         "due_soon_working_days: expected a whole number of working days from 0 to 10000, without quotes"),
        ("due_soon_working_days = -1\n", 1,
         "due_soon_working_days: expected a whole number of working days from 0 to 10000, without quotes"),
        ("database = \"plans.sqlite\"\n", 1,
         "database: expected an absolute path, one starting with ~/ (with HOME set) or a postgresql:// location, found 'plans.sqlite'"),
        ("name = \"a\"\nname = \"b\"\n", 2, "expected each key once: name is already set above"),
        ("name = \"Zoë\" Hart\n", 1, "expected the end of the line or a # comment after the value, found 'Hart'"),
        ("name\n", 1, "expected key = value, a [table] header or a # comment"),
        ("name = \"\\u001b]0;owned\"\n", 1, "name: contains ESC (\\x1b) at character 1: expected text on one line, without control characters"),
    ])
    func aBadLineStopsTheCommandNamingTheFileTheLineAndWhatWasExpected(text: String, line: Int, expected: String) throws {
        let cli = try runner(config: text)
        let result = try cli.run(["list"])
        #expect(result.status == 78, "exit status for \(text.debugDescription)")
        #expect(result.stderr == "actionplan: \(configPath(cli)):\(line): \(expected)\n")
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: cli.database), "nothing is created before the file is read")
    }

    @Test func theNameIsWhoChangesAreMadeAsUnlessAsOrActionplanUserSaysOtherwise() throws {
        let cli = try runner(config: "name = \"Zoë Hart\"\n")
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--status", "in_progress"], environment: ["ACTIONPLAN_USER": nil])
        try cli.ok(["update", id, "--note", "env wins"])
        try cli.ok(["update", id, "--note", "option wins", "--as", "Jo Bloggs"])
        let history = try cli.ok(["history", id, "--json"])
        let events = try #require(try JSONSerialization.jsonObject(with: Data(history.utf8)) as? [[String: Any]])
        let who = Set(events.compactMap { $0["who"] as? String })
        #expect(who.isSuperset(of: ["Zoë Hart", "tester", "Jo Bloggs"]), "recorded as: \(who)")
    }

    /// An action due in 15 working days: outside the standard window of 10, inside a window of 20.
    func seedDueIn15(_ cli: CLIRunner) throws -> String {
        let id = try cli.seedPlan()
        try cli.ok(["update", id, "--due", "+15wd"])
        return id
    }

    @Test func theDueSoonWindowReachesListAndTheReports() throws {
        let standard = try CLIRunner()
        let widened = try runner(config: "due_soon_working_days = 20\n")
        for cli in [standard, widened] { _ = try seedDueIn15(cli) }

        #expect(try standard.ok(["list", "--due-soon"]) == "No actions match.\n")
        #expect(try widened.ok(["list", "--due-soon"]).contains("Weekly audits"))
        #expect(try standard.ok(["list", "--rag", "amber"]) == "No actions match.\n", "not started, due in 15 wd: green")
        #expect(try widened.ok(["list", "--rag", "amber"]).contains("Weekly audits"), "amber within the window of 20")
        #expect(try widened.ok(["list", "--due-within", "5"]) == "No actions match.\n", "--due-within still takes any window")

        let markdown = try widened.ok(["export", "--format", "md"])
        #expect(markdown.contains("### Due in the next 20 working days"))
        #expect(try standard.ok(["export", "--format", "md"]).contains("### Due in the next 10 working days"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try widened.ok(["export", "--format", "json"]).utf8)) as? [String: Any])
        #expect(json["due_soon_working_days"] as? Int == 20)
        let usage = try widened.run(["list", "--due-soon", "--due-within", "3"])
        #expect(usage.status == 64 && usage.stderr == "actionplan: --due-soon and --due-within: choose one\n")
    }
}
