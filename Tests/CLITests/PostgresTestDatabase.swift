import Foundation
import Testing
import TestSupport

/// A database of its own in the throw-away PostgreSQL cluster `make test` starts
/// (scripts/with-postgres sets ACTIONPLAN_TEST_PG), with logins of its own, for one CLI test.
///
/// Set-up and the checks that bypass the program go through `psql`, the client a person with a
/// login could use. Roles are cluster-wide, so every login and the database carry one random
/// suffix. A test that needs PostgreSQL fails without ACTIONPLAN_TEST_PG, saying how to run it.
final class PostgresTestDatabase {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// What `psql` left.
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
        /// The output without its final newline.
        var value: String { stdout.trimmingCharacters(in: .newlines) }
    }

    /// The cluster's superuser (the login of ACTIONPLAN_TEST_PG): bypasses row-level security.
    let superuser: String
    /// This database's name.
    let name: String
    /// The random part of every name this test makes.
    let suffix: String
    private var logins: [String] = []

    /// Creates a new, empty database (TestSupport's `TestPostgresCluster` finds the cluster).
    init() throws {
        let base = try TestPostgresCluster.superuser()
        let scheme = "postgresql://"
        guard base.hasPrefix(scheme), let at = base.firstIndex(of: "@") else {
            throw Failure(description: "ACTIONPLAN_TEST_PG is not a postgresql://USER@HOST/DB URI: \(base)")
        }
        superuser = String(base[base.index(base.startIndex, offsetBy: scheme.count)..<at])
        let unique = TestPostgresCluster.uniqueName("cli")
        suffix = String(unique.dropFirst("cli_".count))
        name = unique
        try run(as: superuser, database: "postgres", "CREATE DATABASE \(name)")
    }

    /// The URI `--db` takes to reach this database as `login`.
    func uri(as login: String) -> String { (try? TestPostgresCluster.location(database: name, login: login)) ?? "" }

    /// A new role that can log in, named `base_SUFFIX`, with no grant of the program's.
    func createLogin(_ base: String) throws -> String {
        let login = "\(base)_\(suffix)"
        try run(as: superuser, database: "postgres", "CREATE ROLE \(login) LOGIN")
        logins.append(login)
        return login
    }

    /// Runs `sql` as `login` in this database (or `database`), stopping at the first error.
    @discardableResult
    func psql(as login: String, database: String? = nil, _ sql: String) throws -> Result {
        let url = try TestPostgresCluster.location(database: database ?? name, login: login)
        let result = try BuiltProgram.run(TestPostgresCluster.psqlPath, ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                                          environment: ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin",
                                                        "LANG": "C.UTF-8", "PGCONNECT_TIMEOUT": "10"])
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// Runs `sql` as `login` and expects it to succeed; returns what it printed, trimmed.
    @discardableResult
    func run(as login: String, database: String? = nil, _ sql: String) throws -> String {
        let result = try psql(as: login, database: database, sql)
        guard result.status == 0 else {
            throw Failure(description: "psql as \(login): \(sql): status \(result.status): \(result.stderr)")
        }
        return result.value
    }

    /// A whole number `sql` selects, as `login`.
    func count(as login: String, _ sql: String) throws -> Int {
        let text = try run(as: login, sql)
        guard let number = Int(text) else { throw Failure(description: "psql as \(login): \(sql): not a number: \(text)") }
        return number
    }

    /// Drops the database (whoever is still connected) and the logins made for it.
    func drop() {
        _ = try? psql(as: superuser, database: "postgres", "DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        for login in logins {
            _ = try? psql(as: superuser, database: "postgres", "DROP ROLE IF EXISTS \(login)")
        }
    }

    /// Runs `body` with a new database, dropped afterwards, pass or fail.
    static func with<R>(_ body: (PostgresTestDatabase) throws -> R) throws -> R {
        let database = try PostgresTestDatabase()
        defer { database.drop() }
        return try body(database)
    }
}

/// An SQL string literal.
func sqlLiteral(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
