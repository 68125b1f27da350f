import Foundation

/// The throw-away PostgreSQL cluster `make test` starts for the tests (scripts/with-postgres),
/// named by `ACTIONPLAN_TEST_PG`: a `postgresql://postgres@%2F…/postgres` location on a Unix
/// socket, as the cluster's superuser. A test that needs it fails when it is missing: it is never
/// skipped.
public enum TestPostgresCluster {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String {
            "ACTIONPLAN_TEST_PG is not set: run the tests through `make test` (or scripts/with-postgres), "
                + "which starts a throw-away PostgreSQL cluster for them"
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The superuser's location of the cluster's `postgres` database.
    public static func superuser() throws -> String {
        guard let uri = ProcessInfo.processInfo.environment["ACTIONPLAN_TEST_PG"], !uri.isEmpty else { throw Missing() }
        return uri
    }

    /// The same server, another database and (optionally) another login.
    public static func location(database: String, login: String? = nil) throws -> String {
        let base = try superuser()
        guard let at = base.firstIndex(of: "@"), let slash = base[at...].firstIndex(of: "/") else {
            throw Failure(description: "ACTIONPLAN_TEST_PG is not a postgresql://USER@HOST/DB location: \(base)")
        }
        let scheme = "postgresql://"
        let user = login ?? String(base[base.index(base.startIndex, offsetBy: scheme.count)..<at])
        let query = base[slash...].firstIndex(of: "?").map { String(base[$0...]) } ?? ""
        return scheme + user + String(base[at..<slash]) + "/" + database + query
    }

    /// A name no other test uses (databases and logins are the cluster's, shared by every test).
    public static func uniqueName(_ prefix: String) -> String {
        prefix + "_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
    }

    /// psql from PATH, else the newest under /usr/lib/postgresql (Debian keeps it there too).
    public static var psqlPath: String {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(directory)/psql"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []
        let newest = versions.compactMap { Int($0) }.max().map { "/usr/lib/postgresql/\($0)/bin/psql" }
        return newest ?? "/usr/bin/psql"
    }

    /// Runs SQL with psql at `location` (the superuser's by default); returns its output, or
    /// throws with psql's message when it fails.
    @discardableResult
    public static func psql(_ sql: String, at location: String? = nil) throws -> String {
        let result = try BuiltProgram.run(psqlPath, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", try location ?? superuser(), "-c", sql],
                                          environment: ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"],
                                          in: URL(fileURLWithPath: NSTemporaryDirectory()))
        guard result.status == 0 else {
            throw Failure(description: "psql failed (\(result.status)) on \(sql): \(result.stderr)")
        }
        return result.stdout
    }

    /// A new, empty database; returns the superuser's location of it.
    public static func createDatabase(_ prefix: String = "t") throws -> String {
        let name = uniqueName(prefix)
        try psql("CREATE DATABASE \(name)")
        return try location(database: name)
    }
}
