import Foundation
import Testing
import TestSupport

/// Which database a command-line test runs against: a new SQLite file, or a new database of the
/// throw-away PostgreSQL cluster `make test` starts (as its superuser).
enum CLIBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql
    var testDescription: String { rawValue }
}

/// Runs the built `actionplan` binary as a subprocess.
struct CLIRunner {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static var binary: String { BuiltProgram.actionplan }

    let directory: URL
    var database: String { directory.appendingPathComponent("plans.sqlite").path }
    var environment: [String: String]
    /// The name changes are recorded under: the one given on SQLite, the database login on PostgreSQL.
    let who: String

    init(today: String = "2026-11-23", user: String = "tester", backend: CLIBackend = .sqlite) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("actionplan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // An empty configuration folder of its own, so that no developer's config.toml reaches a test.
        let config = directory.appendingPathComponent("config")
        try FileManager.default.createDirectory(at: config, withIntermediateDirectories: true)
        environment = [
            "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
            "HOME": directory.path,
            "XDG_CONFIG_HOME": config.path,
            "ACTIONPLAN_TODAY": today,
            "ACTIONPLAN_USER": user,
            "LANG": "C.UTF-8",
        ]
        switch backend {
        case .sqlite:
            environment["ACTIONPLAN_DB"] = directory.appendingPathComponent("plans.sqlite").path
            who = user
        case .postgresql:
            environment["ACTIONPLAN_DB"] = try TestPostgresCluster.createDatabase("cli")
            who = "postgres"
        }
    }

    @discardableResult
    func run(_ arguments: [String], environment extra: [String: String?] = [:], stdin: String? = nil) throws -> Result {
        var env = environment
        for (key, value) in extra { env[key] = value }
        let result = try BuiltProgram.run(CLIRunner.binary, arguments, environment: env, in: directory, stdin: stdin.map { Data($0.utf8) })
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Runs and expects success; returns standard output.
    @discardableResult
    func ok(_ arguments: [String], environment extra: [String: String?] = [:], sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let result = try run(arguments, environment: extra)
        #expect(result.status == 0, "actionplan \(arguments.joined(separator: " ")) failed: \(result.stderr)", sourceLocation: sourceLocation)
        return result.stdout
    }

    /// Creates a plan with one finding and one action; returns the action id.
    func seedPlan() throws -> String {
        let plan = try ok(["new-plan", "--authority", "Northmoor", "--kind", "focused-visit", "--letter-date", "2026-10-01", "--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let finding = try ok(["add-finding", "--plan", plan, "--category", "priority_action", "--timeframe", "within_3_months",
                              "--text", "Improve management oversight of referrals.", "--quiet"]).trimmingCharacters(in: .whitespacesAndNewlines)
        return try ok(["add-action", "--finding", finding, "--title", "Weekly audits", "--owner", "Head of Service", "--quiet"])
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func json(_ arguments: [String]) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(try ok(arguments).utf8))
    }

    /// A digest of the database content, to prove a failed command wrote nothing.
    func snapshot() throws -> String {
        let result = try run(["history", "1", "--json"])
        let list = try run(["list", "--json"])
        return result.stdout + list.stdout + (try run(["plans", "--json"]).stdout)
    }
}

/// The sqlite3 shell with a database open, as another person or program holding it would be:
/// send it SQL, then `end()` it (which waits for it to exit and gives what it printed).
final class SQLiteShell {
    let process = Process()
    let input = Pipe()
    let output = Pipe()

    init(_ database: String, executable: String = "/usr/bin/sqlite3", arguments: [String]? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments ?? [database]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    func send(_ sql: String) { input.fileHandleForWriting.write(Data(sql.utf8)) }

    /// Closes its input and waits for it; returns what it printed.
    @discardableResult
    func end(with sql: String = ".quit\n") -> String {
        send(sql)
        try? input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return printed
    }
}
