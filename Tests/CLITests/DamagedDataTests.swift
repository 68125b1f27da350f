import Foundation
import Testing
import TestSupport

/// A database damaged behind the program's back (here with the sqlite3 shell, constraints off)
/// makes every command that reads the damaged row stop with one line naming the row and the
/// column, exit status 74, and no crash.
@Suite struct DamagedDataTests {
    func damage(_ cli: CLIRunner, _ sql: String) throws {
        let result = try BuiltProgram.run("/usr/bin/sqlite3", [cli.database, "PRAGMA ignore_check_constraints = ON; \(sql)"],
                                          environment: cli.environment, in: cli.directory, stdin: nil)
        #expect(result.status == 0, "sqlite3: \(result.stderr)")
    }

    @Test(arguments: [
        ("UPDATE action SET status = 'finished'", "status"),
        ("UPDATE action SET updated_at = '2026-01-01T00:00:00.99999999999999999999999Z'", "updated_at"),
        ("UPDATE action SET due = '2026-02-31'", "due"),
    ])
    func everyReadingCommandRefusesTheDamagedRowInOneLine(sql: String, column: String) throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let id = try cli.seedPlan()
        try damage(cli, sql)
        for arguments in [["show", id], ["list"], ["list", "--json"], ["export", "--format", "json"], ["check"]] {
            let result = try cli.run(arguments)
            #expect(result.status == 74, "\(arguments): \(result.stderr)")
            #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): one line: \(result.stderr)")
            #expect(result.stderr.contains("damaged") && result.stderr.contains("action \(id)") && result.stderr.contains(column),
                    "\(arguments): \(result.stderr)")
            #expect(result.stdout.isEmpty, "\(arguments) printed nothing")
        }
    }
}
