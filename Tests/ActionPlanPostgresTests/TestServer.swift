import Foundation
import Testing
import TestSupport
import ActionPlanSQL
@testable import ActionPlanPostgres

/// The throw-away cluster `make test` starts (scripts/with-postgres), and a fresh database in it
/// for each test.
///
/// A test that needs PostgreSQL gets it from the set-up, never by luck: without
/// ACTIONPLAN_TEST_PG the test fails and says how to run it.
enum TestServer {
    /// The cluster's URI (the superuser, the `postgres` database), as TestSupport finds it.
    static func location() throws -> PostgresLocation {
        try PostgresLocation(try TestPostgresCluster.superuser())
    }

    /// The cluster's URI with another database name (`?dbname=` wins over the path).
    static func location(database: String) throws -> PostgresLocation {
        let base = try location()
        return try PostgresLocation(base.uri + (base.uri.contains("?") ? "&" : "?") + "dbname=" + database)
    }

    /// Runs `body` with a connection to a new, empty database of its own, dropped afterwards
    /// (pass or fail). A database rather than a schema: the store's SQL names tables without a
    /// schema, and grants, policies and notification channels stay the test's own. Roles are the
    /// cluster's: a test that makes one names it uniquely and drops it.
    static func withDatabase<R>(_ body: (PostgresConnection, PostgresLocation) throws -> R) throws -> R {
        let admin = try PostgresConnection(location())
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        try admin.execute("CREATE DATABASE " + PostgresConnection.quoteIdentifier(name))
        defer { _ = try? admin.execute("DROP DATABASE " + PostgresConnection.quoteIdentifier(name) + " WITH (FORCE)") }
        let location = try location(database: name)
        let result: R
        do {
            let connection = try PostgresConnection(location)
            result = try body(connection, location)
        }
        return result
    }
}
