import Foundation
import Testing
import ActionPlanCore
import ActionPlanOperations

/// `TOMLSubset` and `Configuration.parse`: what the configuration file may hold, and the one-line
/// refusal of everything else (the built program's side is in CLITests/ConfigurationTests).
@Suite struct ConfigurationParsingTests {
    func parse(_ text: String) throws -> Configuration {
        try Configuration.parse(text, file: "/etc/ap.toml", home: "/home/zh")
    }

    /// The refusal's message, or nil when the text is accepted.
    func refusal(_ text: String) -> String? {
        do {
            _ = try parse(text)
            return nil
        } catch let error as OperationError {
            #expect(error.status == .config, "status of \(text.debugDescription)")
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func aFullFileSetsEveryKey() throws {
        let text = """
            # Zoë's settings\r
            database = "~/plans/stockton.sqlite"   # at home
            name = 'Zoë Hart'
            due_soon_working_days = 1_5

            [colours]  # the UI
            amber = "MAGENTA"
            selection = "blue"
            """
        let configuration = try parse(text)
        #expect(configuration.file == "/etc/ap.toml")
        #expect(configuration.database == "/home/zh/plans/stockton.sqlite")
        #expect(configuration.name == "Zoë Hart")
        #expect(configuration.dueSoonWorkingDays == 15)
        #expect(configuration.dueSoonWindow == 15)
        #expect(configuration.colours[.amber] == .magenta)
        #expect(configuration.colours[.selection] == .blue)
        #expect(configuration.colours[.red] == ColourScheme.standard[.red], "a role not given keeps its colour")
    }

    @Test func anEmptyFileLeavesEveryDefault() throws {
        let configuration = try parse("\n# nothing\n   \n")
        #expect(configuration.database == nil && configuration.name == nil && configuration.dueSoonWorkingDays == nil)
        #expect(configuration.dueSoonWindow == 10)
        #expect(configuration.colours == .standard)
    }

    @Test func stringsTakeTOMLsEscapes() throws {
        let document = try TOMLSubset.parse(#"a = "q\"b\\s\tt\u00e9\U0001F600" # c"# + "\nb = 'C:\\raw # not a comment'\nc = true\nd = -3\n")
        #expect(document.entries.map(\.value) == [.string("q\"b\\s\tté😀"), .string("C:\\raw # not a comment"), .boolean(true), .integer(-3)])
        #expect(document.entries.map(\.line) == [1, 2, 3, 4])
    }

    @Test(arguments: [
        ("name = \"open\n", "1: expected a closing \" at the end of the string"),
        ("name = \"\"\"x\"\"\"\n", "1: expected a string on one line (multi-line strings are not read)"),
        ("name = \"a\\qb\"\n", #"1: expected an escape TOML knows (\" \\ \b \t \n \f \r \uXXXX \UXXXXXXXX), found \q"#),
        ("n = [1, 2]\n", "1: expected a value: a string in double quotes, a whole number, true or false, found '[1,'"),
        ("n = 1.5\n", "1: expected a value: a string in double quotes, a whole number, true or false, found '1.5'"),
        ("n = 012\n", "1: expected a value: a string in double quotes, a whole number, true or false, found '012'"),
        ("n = 2026-01-01\n", "1: expected a value: a string in double quotes, a whole number, true or false, found '2026-01-01'"),
        ("a.b = 1\n", "1: expected key = value, a [table] header or a # comment"),
        ("\"quoted\" = 1\n", "1: expected key = value, a [table] header or a # comment"),
        ("[colours]\n[colours]\n", "2: expected each table once: [colours] is already given above"),
        ("[[colours]]\n", "1: expected a table header such as [colours] (letters, digits, - and _ between [ and ])"),
        ("[colours] x\n", "1: expected the end of the line or a # comment after the value, found 'x'"),
        ("x = \u{1B}\n", "1: expected text without control characters, found ESC (\\x1b)"),
        ("name = \"\"\n", "1: name: expected your name in quotes, as owners are written (\"Zoë Hart\")"),
        ("name = true\n", "1: name: expected your name in quotes, as owners are written (\"Zoë Hart\")"),
        ("database = \"\"\n", "1: database: expected the database file's path in quotes"),
        ("due_soon_working_days = 10001\n", "1: due_soon_working_days: expected a whole number of working days from 0 to 10000, without quotes"),
        ("\n\nverbose = true\n", "3: unknown key 'verbose': expected one of database, name, due_soon_working_days or a [colours] table"),
        ("[colours]\nheading = 4\n", "2: heading: expected a colour name in quotes, one of default, black, red, green, yellow, blue, magenta, cyan, white"),
    ])
    func everyBadLineIsRefusedWithItsNumberAndWhatWasExpected(text: String, expected: String) {
        #expect(refusal(text) == "/etc/ap.toml:" + expected)
    }

    @Test func aPostgreSQLLocationIsTakenAsItIs() throws {
        let location = "postgresql://alice@db.example.org/actionplan?sslmode=verify-full"
        #expect(try Configuration.parse("database = \"\(location)\"\n", file: "f", home: "/home/zh").database == location)
    }

    @Test func aTildePathWithoutHomeIsRefused() {
        #expect(throws: OperationError.self) { try Configuration.parse("database = \"~/x\"\n", file: "f", home: nil) }
    }

    @Test func theFileIsActionplanConfigThenXdgConfigHomeThenHome() {
        #expect(Configuration.location(environment: ["ACTIONPLAN_CONFIG": "/a.toml", "XDG_CONFIG_HOME": "/x", "HOME": "/h"])! == ("/a.toml", true))
        #expect(Configuration.location(environment: ["XDG_CONFIG_HOME": "/x", "HOME": "/h"])! == ("/x/actionplan/config.toml", false))
        #expect(Configuration.location(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"])! == ("/h/.config/actionplan/config.toml", false),
                "a relative XDG_CONFIG_HOME is ignored, as the XDG specification says")
        #expect(Configuration.location(environment: [:]) == nil)
    }

    @Test func noFileIsAnEmptyConfiguration() throws {
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("ap-config-\(UUID().uuidString)").path
        #expect(try Configuration.load(environment: ["HOME": home]) == Configuration())
    }
}
