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

/// Start-up: a command that names itself in its configuration spares the argument parser a
/// `String(describing:)` of its type, which makes the Swift runtime scan every protocol
/// conformance of the program (a quarter of `deadline`'s time, docs/benchmarks.md).
@Suite struct CommandNameTests {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources/actionplan")

    @Test func everyCommandNamesItselfInItsConfiguration() throws {
        let files = try #require(FileManager.default.enumerator(atPath: Self.sources.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".swift") }
        let declaration = try Regex(#"struct (\w+): ParsableCommand \{"#)
        var commands: [String] = []
        for file in files {
            let text = try String(contentsOf: Self.sources.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: declaration) {
                let name = String(text[match.range].dropFirst("struct ".count).prefix { $0 != ":" })
                commands.append(name)
                // The configuration's call: from `CommandConfiguration(` to its first argument label.
                let after = text[match.range.upperBound...]
                guard let call = after.range(of: "CommandConfiguration(") else {
                    Issue.record("\(name) in \(file) has no CommandConfiguration")
                    continue
                }
                let arguments = after[call.upperBound...].drop { $0.isWhitespace }
                #expect(arguments.hasPrefix("commandName:"), "\(name) in \(file) does not name itself first in its CommandConfiguration")
            }
        }
        #expect(commands.count >= 40, "found only \(commands.count) commands under \(Self.sources.path)")
    }
}
