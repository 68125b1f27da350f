import Foundation
import Testing
import TestSupport

/// Runs `sqlite3` on a database and returns its output lines.
func sqlite(_ database: String, _ sql: String) throws -> [String] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/sqlite3")
    process.arguments = [database, sql]
    let out = Pipe()
    process.standardOutput = out
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
}

/// Starts `actionplan-bench writer`, which applies updates and prints one line per commit.
func startWriter(_ cli: CLIRunner, tag: String, count: Int, optimistic: Bool, seed: Int) throws -> (Process, Pipe) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: BuiltProgram.path("actionplan-bench"))
    process.arguments = ["writer", "--db", cli.database, "--tag", tag, "--count", String(count), "--seed", String(seed)]
        + (optimistic ? ["--optimistic"] : [])
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    return (process, out)
}

/// Checks that the database is whole: SQLite's integrity check, no change group without its
/// events, every note with its audit event, and every action's version equal to one plus the
/// number of change groups that changed it.
func expectConsistent(_ database: String) throws {
    #expect(try sqlite(database, "PRAGMA integrity_check") == ["ok"])
    #expect(try sqlite(database, "SELECT count(*) FROM change_group g WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.change_group = g.id)") == ["0"])
    #expect(try sqlite(database, "SELECT count(*) FROM note n WHERE NOT EXISTS (SELECT 1 FROM audit_event e WHERE e.entity = 'note' AND e.entity_id = n.id)") == ["0"])
    let mismatched = try sqlite(database, """
        SELECT a.id FROM action a WHERE a.version <> 1 + (SELECT count(DISTINCT e.change_group) FROM audit_event e
        WHERE e.action_id = a.id AND NOT (e.entity = 'action' AND e.field = '*'))
        """)
    #expect(mismatched.isEmpty, "actions whose version does not match their change groups: \(mismatched)")
}

@Suite(.serialized) struct RobustnessTests {
    @Test func killingAWriterAtRandomMomentsLosesNoCommittedUpdateAndLeavesNothingHalfApplied() throws {
        let cli = try CLIRunner()
        let id = try cli.seedPlan()
        for n in 2...5 { try cli.ok(["add-action", "--finding", "1", "--title", "Action \(n)"]) }
        _ = id
        var generator = SystemRandomNumberGenerator()
        var committed: Set<String> = []
        for round in 0..<12 {
            let (process, out) = try startWriter(cli, tag: "k\(round)", count: 100_000, optimistic: false, seed: round)
            Thread.sleep(forTimeInterval: Double.random(in: 0.05...0.4, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal, "round \(round): the writer ended before it was killed")
            for line in text.split(separator: "\n") where line.hasPrefix("committed ") {
                committed.insert(String(line.split(separator: " ")[1]))
            }
        }
        #expect(committed.count > 12, "too few updates committed to prove anything: \(committed.count)")
        let notes = Set(try sqlite(cli.database, "SELECT text FROM note"))
        let missing = committed.subtracting(notes)
        #expect(missing.isEmpty, "reported committed but missing: \(missing.sorted().prefix(5))")
        try expectConsistent(cli.database)
        // The database still works for everyone afterwards.
        try cli.ok(["update", "1", "--status", "complete"])
    }

    @Test func concurrentWritersWithVersionsLoseNothingAndEveryStaleEditIsRefused() throws {
        let cli = try CLIRunner()
        _ = try cli.seedPlan()
        for n in 2...3 { try cli.ok(["add-action", "--finding", "1", "--title", "Action \(n)"]) }
        let writers = (0..<4).map { n in try? startWriter(cli, tag: "w\(n)", count: 30, optimistic: true, seed: 100 + n) }
        var accepted: [String] = [], stale: [String] = []
        for case let (process, out)? in writers {
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(text.contains("done "))
            for line in text.split(separator: "\n") {
                if line.hasPrefix("committed ") { accepted.append(String(line.split(separator: " ")[1])) }
                if line.hasPrefix("stale ") { stale.append(String(line)) }
            }
        }
        #expect(accepted.count + stale.count == 4 * 30)
        #expect(!stale.isEmpty, "four writers on three actions should have collided at least once")
        for line in stale { #expect(line.contains("was changed by w") && line.contains("you had version")) }
        let notes = try sqlite(cli.database, "SELECT text FROM note")
        #expect(Set(notes) == Set(accepted))
        #expect(notes.count == accepted.count)
        let groups = try sqlite(cli.database, "SELECT count(*) FROM change_group WHERE who LIKE 'w%' AND undoes IS NULL")
        #expect(groups == [String(accepted.count)])
        let versions = try sqlite(cli.database, "SELECT sum(version - 1) FROM action")
        #expect(versions == [String(accepted.count)])
        try expectConsistent(cli.database)
    }
}

@Suite struct BenchmarkSmokeTests {
    /// `make bench` is never timed inside `make test`; this only proves its code still runs,
    /// the PostgreSQL part included (on the cluster of scripts/with-postgres: ACTIONPLAN_TEST_PG).
    @Test func benchmarksRunAtATinySize() throws {
        #expect(ProcessInfo.processInfo.environment["ACTIONPLAN_TEST_PG"] != nil,
                "ACTIONPLAN_TEST_PG is not set: run the tests under scripts/with-postgres (make test does)")
        let cli = try CLIRunner()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BuiltProgram.path("actionplan-bench"))
        process.arguments = ["run", "--quick", "--dir", cli.directory.appendingPathComponent("bench").path]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(text.contains("| `list --overdue` |"))
        #expect(text.contains("first frame"))
        #expect(text.contains("| `list --overdue` | 200 |"), "no PostgreSQL figures:\n\(text)")
        #expect(!text.contains("failed"), "a benchmarked command failed:\n\(text)")
    }
}
