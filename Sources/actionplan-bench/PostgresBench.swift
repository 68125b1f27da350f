import Foundation
import ActionPlanCore
import ActionPlanSQLite
#if canImport(Glibc)
import Glibc
#endif

/// The PostgreSQL backend beside SQLite (issue 13; issue 14's 200 ms target): the generated
/// SQLite databases copied into PostgreSQL with `actionplan copy --to`, and the same commands
/// timed on the file, on PostgreSQL as the cluster's superuser (who bypasses row-level
/// security) and as an ordinary login granted `admin` of every authority (what users pay: the
/// policies run). Needs a server: ACTIONPLAN_TEST_PG, a superuser URI, which `make bench` sets by
/// running the benchmarks under scripts/with-postgres (a throw-away cluster).
///
/// A PostgreSQL command's work is split between the client (`wait4` gives its CPU time) and the
/// server's backend process. The backend's CPU time is read from the postmaster, which reaps
/// every backend when its connection ends (its children's CPU time in /proc/PID/stat), when the
/// benchmark can read the postmaster's pid file; wall time is the main figure.
struct PostgresBench {
    let bench: BenchmarkRun
    /// The measured commands, as the SQLite table names them.
    static let commands: [(name: String, arguments: [String])] = [
        ("plans", ["plans"]),
        ("list --overdue", ["list", "--overdue"]),
        ("list --search", ["list", "--search", "chronologies"]),
        ("list --json", ["list", "--json"]),
    ]

    /// One table cell: medians over the repeats.
    struct Cell {
        var wall: Double
        var cpu: Double
        /// The server's backend CPU time (nil for SQLite, or when the postmaster cannot be read).
        var server: Double?
        var peakKiB: Int

        var text: String {
            let server = self.server.map { String(format: " + server %.0f", $0 * 1000) } ?? ""
            return String(format: "%.0f ms (CPU %.0f%@), %.0f MiB", wall * 1000, cpu * 1000, server, Double(peakKiB) / 1024)
        }
    }

    func run() throws {
        print("")
        print("## PostgreSQL (issue 13)")
        print("")
        guard let superuser = ProcessInfo.processInfo.environment["ACTIONPLAN_TEST_PG"], !superuser.isEmpty else {
            print("Not measured: no server. `make bench` runs under scripts/with-postgres, which starts a throw-away cluster and sets ACTIONPLAN_TEST_PG.")
            return
        }
        guard let psql = Self.psqlProgram() else {
            print("Not measured: psql is not installed (Debian package postgresql-client).")
            return
        }
        let server = PostgresServer(psql: psql, superuser: superuser)
        let version = try server.query("SHOW server_version")
        // Not in `--quick` (make test's smoke test shares the cluster with the other tests).
        let settled = bench.quick ? false : try server.configureForMeasuring()
        let settings = try server.query("""
            SELECT string_agg(name || ' = ' || current_setting(name), ', ' ORDER BY name) FROM pg_settings
            WHERE name IN ('shared_buffers', 'work_mem', 'fsync', 'synchronous_commit', 'jit', 'max_parallel_workers_per_gather', 'autovacuum')
            """)
        let serverCPU = try server.postmaster().map(ServerCPU.init(postmaster:))
        print("PostgreSQL \(version)\(settled ? ", a throw-away cluster (scripts/with-postgres)" : ""); \(settings).")
        print("Each database is the SQLite one copied with `actionplan copy --to` as the superuser, then `VACUUM ANALYZE`d.")
        print("Wall time is the main figure: the client's CPU (from `wait4`) is only part of the work; "
              + (serverCPU == nil ? "the server's was not read." : "\"server\" is the CPU time of the connection's backend process."))
        print("\"superuser\" bypasses row-level security; \"admin login\" is an ordinary login granted admin of every authority, so every policy runs.")
        print("")
        let suffix = "\(getpid())"
        let login = "actionplan_bench_\(suffix)"
        try server.execute("CREATE ROLE \(login) LOGIN")
        defer { try? server.execute("DROP ROLE IF EXISTS \(login)") }

        print("| command | actions | SQLite | PostgreSQL, superuser | PostgreSQL, admin login |")
        print("|---|---|---|---|---|")
        var copies: [String] = []
        for size in bench.postgresSizes {
            let source = try bench.database(size)
            let name = "actionplan_bench_\(suffix)_\(size)"
            try server.execute("CREATE DATABASE \(name)")
            defer { try? server.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
            let asSuperuser = server.uri(database: name)
            let asLogin = server.uri(database: name, user: login)
            let copy = try measure(bench.actionplan, ["copy", "--to", asSuperuser, "--db", source], environment: ["ACTIONPLAN_TODAY": bench.today])
            guard copy.status == 0 else { print("| `copy --to` | \(size) | failed (exit \(copy.status)) | | |"); continue }
            copies.append(String(format: "%d actions: %.1f s (CPU %.1f s)", size, copy.seconds, copy.cpuSeconds))
            try server.execute("VACUUM ANALYZE", database: name)
            let grant = try measure(bench.actionplan, ["grant", login, "--authority", "all", "--role", "admin", "--db", asSuperuser])
            guard grant.status == 0 else { throw StoreError.failed("grant \(login) failed (exit \(grant.status))") }

            for (name, arguments) in Self.commands {
                let cells = try [source, asSuperuser, asLogin].map { db in
                    try timed(arguments, db: db, server: db == source ? nil : serverCPU)?.text ?? "failed"
                }
                print("| `\(name)` | \(size) | " + cells.joined(separator: " | ") + " |")
            }
            // A status change and back on one action (each a timed run), on a copy of the file
            // so that the other benchmarks' database keeps its history.
            let scratch = "\(bench.workDirectory)/status-\(size).sqlite"
            for file in [scratch, scratch + "-wal", scratch + "-shm"] { try? FileManager.default.removeItem(atPath: file) }
            try FileManager.default.copyItem(atPath: source, toPath: scratch)
            if FileManager.default.fileExists(atPath: source + "-wal") {
                try FileManager.default.copyItem(atPath: source + "-wal", toPath: scratch + "-wal")
            }
            defer { for file in [scratch, scratch + "-wal", scratch + "-shm"] { try? FileManager.default.removeItem(atPath: file) } }
            let id = try SQLitePlanStore(path: source).read { db in
                try db.int64("SELECT min(id) FROM action WHERE status = 'not_started' AND removed IS NULL")
            }
            guard let id else { throw StoreError.failed("no action not started in \(source)") }
            let cells = try [scratch, asSuperuser, asLogin].map { db in
                try statusChange(id: id, db: db, server: db == scratch ? nil : serverCPU)?.text ?? "failed"
            }
            print("| `update \(id) --status in_progress`, and back | \(size) | " + cells.joined(separator: " | ") + " |")
        }
        print("")
        print("`copy --to` (SQLite file to PostgreSQL, as the superuser, one run): " + copies.joined(separator: "; ") + ".")
    }

    /// The medians over the repeats of `arguments` run on `db`; nil when a run failed.
    func timed(_ arguments: [String], db: String, server: ServerCPU?) throws -> Cell? {
        var runs: [Cell] = []
        for _ in 0..<bench.repeats {
            guard let cell = try once(arguments, db: db, server: server) else { return nil }
            runs.append(cell)
        }
        return Self.middle(runs)
    }

    /// `update ID --status in_progress`, then `--status not_started` (the action's status in
    /// the generated database), `repeats` times: the median of every run.
    func statusChange(id: Int64, db: String, server: ServerCPU?) throws -> Cell? {
        var runs: [Cell] = []
        for _ in 0..<bench.repeats {
            for status in ["in_progress", "not_started"] {
                guard let cell = try once(["update", String(id), "--status", status], db: db, server: server) else { return nil }
                runs.append(cell)
            }
        }
        return Self.middle(runs)
    }

    private func once(_ arguments: [String], db: String, server: ServerCPU?) throws -> Cell? {
        let before = server?.snapshot()
        let m = try measure(bench.actionplan, arguments + ["--db", db], environment: ["ACTIONPLAN_TODAY": bench.today, "COLUMNS": "120"])
        guard m.status == 0 else { return nil }
        let serverSeconds = before.flatMap { server?.spent(since: $0) }
        return Cell(wall: m.seconds, cpu: m.cpuSeconds, server: serverSeconds, peakKiB: m.maxRSSKiB)
    }

    static func middle(_ runs: [Cell]) -> Cell {
        let servers = runs.compactMap(\.server)
        return Cell(wall: median(runs.map(\.wall)), cpu: median(runs.map(\.cpu)),
                    server: servers.count == runs.count ? median(servers) : nil,
                    peakKiB: runs.map(\.peakKiB).max() ?? 0)
    }

    /// psql from PATH, else the newest /usr/lib/postgresql/N/bin (Debian keeps the server's
    /// programs off PATH; psql is usually on it).
    static func psqlProgram() -> String? {
        if let path = which("psql") { return path }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let path = "/usr/lib/postgresql/\(version)/bin/psql"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}

/// The server of ACTIONPLAN_TEST_PG, reached with psql as its superuser.
struct PostgresServer {
    let psql: String
    /// postgresql://USER@HOST/DATABASE?PARAMETERS
    let superuser: String

    /// The superuser's URI with another database and, when given, another user.
    func uri(database: String, user: String? = nil) -> String {
        let scheme = superuser.hasPrefix("postgres://") ? "postgres://" : "postgresql://"
        var rest = String(superuser.dropFirst(scheme.count))
        var query = ""
        if let mark = rest.firstIndex(of: "?") { query = String(rest[mark...]); rest = String(rest[..<mark]) }
        var authority = rest
        if let slash = rest.firstIndex(of: "/") { authority = String(rest[..<slash]) }
        if let user {
            if let at = authority.lastIndex(of: "@") { authority = String(authority[authority.index(after: at)...]) }
            authority = "\(user)@\(authority)"
        }
        return "\(scheme)\(authority)/\(database)\(query)"
    }

    /// Runs one statement (psql runs a `-c` of several in one transaction, which CREATE
    /// DATABASE and VACUUM refuse).
    func execute(_ sql: String, database: String? = nil) throws {
        _ = try query(sql, database: database)
    }

    /// The statement's output, unaligned, without headers.
    func query(_ sql: String, database: String? = nil) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", database.map { uri(database: $0) } ?? superuser, "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let error = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw StoreError.failed("psql \(sql.prefix(40)): \(error.split(separator: "\n").first ?? "exit \(process.terminationStatus)")")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The server's directory, when it is scripts/postgres-test-cluster's throw-away cluster
    /// (its marker file beside the data directory).
    func throwAwayCluster() throws -> Bool {
        let data = try query("SHOW data_directory")
        let marker = URL(fileURLWithPath: data).deletingLastPathComponent().appendingPathComponent(".actionplan-test-cluster").path
        return FileManager.default.fileExists(atPath: marker)
    }

    /// On the throw-away cluster, the settings of a real server where the test cluster saves
    /// time (a commit waits for its WAL to reach the disk), and no autovacuum worker in the
    /// measured time (every database is vacuumed and analysed once copied). Another server is
    /// left as it is. True when the settings were changed.
    func configureForMeasuring() throws -> Bool {
        guard try throwAwayCluster() else { return false }
        for setting in ["fsync = on", "synchronous_commit = on", "full_page_writes = on", "autovacuum = off"] {
            try execute("ALTER SYSTEM SET \(setting)")
        }
        try execute("SELECT pg_reload_conf()")
        // The reload is asynchronous: wait until this session's backend sees it.
        for _ in 0..<50 where try query("SHOW fsync") != "on" { usleep(100_000) }
        return true
    }

    /// The postmaster's pid, from the data directory's pid file, when it can be read.
    func postmaster() throws -> pid_t? {
        let data = try query("SHOW data_directory")
        guard let text = try? String(contentsOfFile: data + "/postmaster.pid", encoding: .utf8),
              let first = text.split(separator: "\n").first, let pid = pid_t(first),
              FileManager.default.fileExists(atPath: "/proc/\(pid)/task/\(pid)/children") else { return nil }
        return pid
    }
}

/// The CPU time of the server's backends, read from the postmaster: every backend is its child,
/// and the time of a child it has reaped is added to its own `cutime` and `cstime`.
struct ServerCPU {
    let postmaster: pid_t
    let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

    struct Snapshot {
        let children: Set<pid_t>
        let reaped: Double
    }

    func snapshot() -> Snapshot { Snapshot(children: children(), reaped: reaped()) }

    /// The CPU time of the backends that ended since `before`, once every process started since
    /// then has been reaped (up to 5 s); nil when one has not.
    func spent(since before: Snapshot) -> Double? {
        for _ in 0..<500 {
            if children().isSubset(of: before.children) { return reaped() - before.reaped }
            usleep(10_000)
        }
        return nil
    }

    func children() -> Set<pid_t> {
        guard let text = try? String(contentsOfFile: "/proc/\(postmaster)/task/\(postmaster)/children", encoding: .utf8) else { return [] }
        return Set(text.split(separator: " ").compactMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) })
    }

    /// cutime + cstime of /proc/PID/stat (fields 16 and 17), in seconds.
    func reaped() -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(postmaster)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return .nan }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // fields[0] is field 3 (state).
        guard fields.count > 14, let user = Double(fields[13]), let system = Double(fields[14]) else { return .nan }
        return (user + system) / ticksPerSecond
    }
}
