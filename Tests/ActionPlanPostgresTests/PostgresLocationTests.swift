import Testing
@testable import ActionPlanPostgres

/// What `--db postgresql://…` accepts and refuses, before libpq sees it.
@Suite struct PostgresLocationTests {
    @Test func aURINamesPostgreSQLAndAPathDoesNot() {
        #expect(PostgresLocation.isPostgres("postgresql://db.example/plans"))
        #expect(PostgresLocation.isPostgres("postgres:///plans"))
        #expect(!PostgresLocation.isPostgres("plans.sqlite"))
        #expect(!PostgresLocation.isPostgres("/srv/postgresql://x"))
        #expect(throws: PostgresError.self) { try PostgresLocation("plans.sqlite") }
    }

    @Test func aPasswordInTheURIIsRefusedWithoutRepeatingIt() {
        for uri in ["postgresql://alice:s3cret@db.example/plans", "postgresql://alice:@db.example/plans",
                    "postgresql://db.example/plans?sslmode=require&password=s3cret"] {
            do {
                _ = try PostgresLocation(uri)
                Issue.record("accepted a password: \(uri)")
            } catch {
                #expect(error.message.contains("~/.pgpass") && error.message.contains("PGPASSWORD"))
                #expect(!error.message.contains("s3cret"))
                #expect(!error.message.contains("\n"))
            }
        }
    }

    @Test func aSocketDirectoryIsReadFromTheHostOrTheHostParameter() throws {
        let encoded = try PostgresLocation("postgresql://%2Ftmp%2Fpg%20x/plans")
        #expect(encoded.socketDirectory == "/tmp/pg x")
        #expect(encoded.database == "plans")
        #expect(encoded.hosts == [.init(name: "/tmp/pg x", port: nil)])

        let parameter = try PostgresLocation("postgresql:///plans?host=/var/run/postgresql")
        #expect(parameter.socketDirectory == "/var/run/postgresql")
        #expect(parameter.hosts.isEmpty)
        #expect(parameter.database == "plans")

        let withPort = try PostgresLocation("postgres://alice@%2Fvar%2Frun%2Fpostgresql:5433/plans?sslmode=disable")
        #expect(withPort.user == "alice")
        #expect(withPort.hosts == [.init(name: "/var/run/postgresql", port: 5433)])
        #expect(withPort.parameters == [.init(key: "sslmode", value: "disable")])

        let network = try PostgresLocation("postgresql://db.example:5432")
        #expect(network.socketDirectory == nil)
        #expect(network.database == nil)
    }

    @Test func hostListsIPv6AndParametersAreRead() throws {
        let location = try PostgresLocation("postgresql://bob@a.example:5432,[::1]:6543/plans?dbname=other&user=carol")
        #expect(location.hosts == [.init(name: "a.example", port: 5432), .init(name: "::1", port: 6543)])
        #expect(location.database == "other")
        #expect(location.user == "carol")
        #expect(try PostgresLocation("postgresql://%40team@db.example/x").user == "@team")
    }

    @Test func badPortsAndEscapesAreRefusedInOneLine() {
        for uri in ["postgresql://db.example:99999/plans", "postgresql://db.example:x/plans", "postgresql://db.example/plans?port=0",
                    "postgresql://db.example/pl%4", "postgresql://db.example/pl%00ans", "postgresql://db.example/pl%1Bans",
                    "postgresql://db.example/pl ans", "postgresql://db.example/plans?sslmode",
                    "postgresql://db.example/\u{1B}[2J"] {
            do {
                _ = try PostgresLocation(uri)
                Issue.record("accepted \(uri)")
            } catch {
                #expect(!error.message.isEmpty)
                #expect(!error.message.contains("\n") && !error.message.contains("\u{1B}"), "\(error.message)")
            }
        }
    }

    @Test func theDisplayFormLeavesOutAKeyPassphrase() throws {
        let location = try PostgresLocation("postgresql://db.example/plans?sslmode=verify-full&sslpassword=k3y&connect_timeout=5")
        #expect(location.display == "postgresql://db.example/plans?sslmode=verify-full&connect_timeout=5")
        #expect(try PostgresLocation("postgresql:///plans").display == "postgresql:///plans")
    }

    @Test func anErrorMessageIsOneCleanLine() {
        let error = PostgresError(message: "  first \u{1B}]0;title\u{07} line\nsecond line", detail: "a\tb\nc")
        #expect(error.message == "first \\x1b]0;title\\x07 line")
        #expect(error.detail == "a b")
        #expect(!error.isConnectionFailure)
        #expect(PostgresError(sqlState: "08006", message: "x").isConnectionFailure)
        #expect(PostgresError(sqlState: "42501", message: "x").isInsufficientPrivilege)
        #expect(PostgresError(sqlState: "40001", message: "x").isSerializationFailure)
    }
}
