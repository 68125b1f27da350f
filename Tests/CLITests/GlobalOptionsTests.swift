import Foundation
import Testing

/// `--db`, `--as` and `--today` go before the subcommand as well as after it, as the demo's own
/// hint (`actionplan --db PATH list`) types them.
@Suite struct GlobalOptionsTests {
    @Test func globalOptionsBeforeTheSubcommandMeanTheSameAsAfterIt() throws {
        let cli = try CLIRunner()
        defer { try? FileManager.default.removeItem(at: cli.directory) }
        let other = cli.directory.appendingPathComponent("other.sqlite").path
        let hint = try cli.ok(["demo", "--db", other])
        #expect(hint.contains("try: actionplan --db \(other) list"))
        let before = try cli.run(["--db", other, "--today", "2026-11-23", "list"], environment: ["ACTIONPLAN_DB": nil])
        let after = try cli.run(["list", "--db", other, "--today", "2026-11-23"], environment: ["ACTIONPLAN_DB": nil])
        #expect(before.status == 0, "\(before.stderr)")
        #expect(before.stdout == after.stdout && !before.stdout.isEmpty)
        let equals = try cli.run(["--db=\(other)", "plans"], environment: ["ACTIONPLAN_DB": nil])
        #expect(equals.status == 0 && equals.stdout.contains("Northmoor"), "\(equals.stderr)")
        // `--as` before the subcommand is the name recorded.
        let id = try #require(after.stdout.split(separator: "\n").dropFirst().first?.split(separator: " ").first.map(String.init))
        #expect(try cli.run(["--as", "carol", "--db", other, "update", id, "--note", "Checked"], environment: ["ACTIONPLAN_DB": nil]).status == 0)
        #expect(try cli.run(["history", id, "--db", other], environment: ["ACTIONPLAN_DB": nil]).stdout.contains("carol"))
        // Anything else is still judged by the parser: an unknown option stays an error.
        #expect(try cli.run(["--nonsense", "list"]).status == 64)
    }
}
