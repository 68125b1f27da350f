import Foundation
import Testing
import ActionPlanModel
#if canImport(Glibc)
import Glibc
#endif

/// A database of its own and two logins in the throw-away PostgreSQL cluster `make test`
/// starts (scripts/with-postgres, ACTIONPLAN_TEST_PG), made with `psql` as the superuser and
/// dropped at the end.
final class LiveRefreshCluster {
    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "ACTIONPLAN_TEST_PG is not set: run the live refresh test through `make test`, or "
                + "`scripts/with-postgres swift test --skip-build --disable-xctest --filter LiveRefreshEndToEndTests`"
        }
    }

    let base: String
    let database: String
    let viewer: String
    let editor: String
    let environment: [String: String]
    private var made: [String] = []

    init(environment: [String: String]) throws {
        guard let base = ProcessInfo.processInfo.environment["ACTIONPLAN_TEST_PG"], !base.isEmpty else { throw Missing() }
        self.base = base
        self.environment = environment
        // Roles are cluster-wide: a suffix of its own for every run.
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(10)
        database = "live_\(suffix)"
        viewer = "live_a_\(suffix)"
        editor = "live_b_\(suffix)"
        try psql("CREATE DATABASE \(database)")
        made.append("DROP DATABASE IF EXISTS \(database) WITH (FORCE)")
        try psql("CREATE ROLE \(viewer) LOGIN")
        made.append("DROP ROLE IF EXISTS \(viewer)")
        try psql("CREATE ROLE \(editor) LOGIN")
        made.append("DROP ROLE IF EXISTS \(editor)")
    }

    deinit {
        for statement in made.reversed() { _ = try? psql(statement) }
    }

    /// The cluster's URI for `login` and this test's database (the host part kept as given).
    func uri(_ login: String) -> String {
        guard let scheme = base.range(of: "://") else { return base }
        var rest = base[scheme.upperBound...]
        var query = ""
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[mark...])
            rest = rest[..<mark]
        }
        if let slash = rest.firstIndex(of: "/") { rest = rest[..<slash] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        return String(base[..<scheme.upperBound]) + login + "@" + rest + "/" + database + query
    }

    /// The superuser's URI on this test's database.
    var superuser: String {
        let login = base.range(of: "://").flatMap { scheme in
            base[scheme.upperBound...].firstIndex(of: "@").map { String(base[scheme.upperBound..<$0]) }
        }
        return uri(login ?? "postgres")
    }

    /// Runs one statement as the superuser (on the cluster's own database, or `on`); its
    /// rows, one a line, fields separated by `|`.
    @discardableResult
    func psql(_ sql: String, on uri: String? = nil) throws -> String {
        let result = try Spawn.run(["psql", uri ?? base, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                                   environment: environment)
        guard result.status == 0 else { throw SpawnError("psql -c \(sql) exited \(result.status): \(result.output)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Issue 13's live refresh, end to end: the terminal UI of one login open in tmux on a
/// PostgreSQL database shows, within a second and without a key, a status another login
/// changes with `actionplan update` (NOTIFY on commit, LISTEN in the UI).
@Suite(.serialized) struct LiveRefreshEndToEndTests {
    /// The row of `ref` on a plan screen shows `status`.
    static func shows(_ screen: String, ref: String, status: ActionStatus) -> Bool {
        screen.split(separator: "\n").contains { line in
            line.range(of: "(^|\\s)\(NSRegularExpression.escapedPattern(for: ref))\\s", options: .regularExpression) != nil
                && line.contains(status.label)
        }
    }

    @Test func anotherLoginsChangeAppearsInAnOpenUIWithinOneSecond() throws {
        let server = try TmuxServer()
        let cluster = try LiveRefreshCluster(environment: server.environment)
        // The database and the logins are dropped when the test ends, not before.
        defer { withExtendedLifetime(cluster) {} }
        let demo = server.directory.appendingPathComponent("demo.sqlite").path
        try server.cli(["demo", "--db", demo])
        try server.cli(["copy", "--db", demo, "--to", cluster.superuser])
        let plans = try #require(try JSONSerialization.jsonObject(with: Data(try server.cli(["plans", "--json", "--db", cluster.superuser]).utf8))
            as? [[String: Any]])
        let first = try #require(plans.first?["plan"] as? [String: Any], "the demo made no plan")
        let authority = try #require(first["authority"] as? String)
        let planId = try #require(first["id"] as? Int)
        try server.cli(["grant", cluster.viewer, "--authority", authority, "--role", "viewer", "--db", cluster.superuser])
        try server.cli(["grant", cluster.editor, "--authority", authority, "--role", "editor", "--db", cluster.superuser])

        // The plan's first action, as the viewer reads it.
        let listed = try server.cli(["list", "--plan", String(planId), "--json", "--db", cluster.uri(cluster.viewer)])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        let action = try #require(actions.first, "the viewer sees no action of plan \(planId): \(listed)")
        let id = try #require(action["id"] as? Int)
        let ref = try #require(action["ref"] as? String)
        var status = try #require((action["status"] as? String).flatMap(ActionStatus.init(rawValue:)))

        try server.start("a", width: 140, height: 40, arguments: ["tui", "--plan", String(planId)],
                         extraEnvironment: ["ACTIONPLAN_DB": cluster.uri(cluster.viewer)])
        try server.waitFor("a", "\(ref) \(status.label) on the viewer's screen") { Self.shows($0, ref: ref, status: status) }
        let listening = try cluster.psql("SELECT count(*) FROM pg_stat_activity WHERE usename = '\(cluster.viewer)' AND query LIKE 'LISTEN%'")
        #expect(listening == "1", "the viewer's UI listens on a connection of its own")

        var delays: [Double] = []
        for next in [ActionStatus.inProgress, .complete, .notStarted, .inProgress, .complete] where next != status {
            try server.cli(["update", String(id), "--status", next.rawValue, "--db", cluster.uri(cluster.editor)])
            let written = Date()
            var screen = ""
            var seen = false
            // Up to one second after the update returned, then a little longer to tell "late"
            // from "never" in the failure message.
            while Date().timeIntervalSince(written) < 3 {
                screen = try server.screen("a")
                if Self.shows(screen, ref: ref, status: next) {
                    seen = true
                    break
                }
                usleep(10_000)
            }
            let delay = Date().timeIntervalSince(written)
            #expect(seen, "\(ref) never showed \(next.label) on the viewer's screen:\n\(screen)")
            #expect(delay <= 1, "\(ref) showed \(next.label) \(String(format: "%.2f", delay)) s after the update, more than one second")
            delays.append(delay)
            status = next
        }
        print("live refresh: \(ref) seen by the viewer after " + delays.map { String(format: "%.0f ms", $0 * 1000) }.joined(separator: ", "))

        // A grant is no change group, but it changes what the viewer may see: revoked, the plan
        // goes from the open screen; granted again, it comes back.
        try server.cli(["revoke", cluster.viewer, "--authority", authority, "--db", cluster.superuser])
        try server.waitFor("a", timeout: 3, "the plan gone from the viewer's screen after the revoke") { !Self.shows($0, ref: ref, status: status) }
        try server.cli(["grant", cluster.viewer, "--authority", authority, "--role", "viewer", "--db", cluster.superuser])
        try server.waitFor("a", timeout: 3, "the plan back after the grant") { Self.shows($0, ref: ref, status: status) }

        // The listening connection lost: the UI says so once and finds changes through the token.
        try cluster.psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '\(cluster.viewer)' AND query LIKE 'LISTEN%'")
        try server.waitFor("a", text: "Live refresh stopped")
        let after: ActionStatus = status == .complete ? .inProgress : .complete
        try server.cli(["update", String(id), "--status", after.rawValue, "--db", cluster.uri(cluster.editor)])
        try server.waitFor("a", timeout: 3, "\(ref) \(after.label) after the feed was lost") { Self.shows($0, ref: ref, status: after) }

        try server.send("a", "Q")
        try server.waitFor("a", text: "[exit:0]")
    }
}
