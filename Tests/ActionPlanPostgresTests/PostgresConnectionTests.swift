import Foundation
import Testing
import ActionPlanSQL
@testable import ActionPlanPostgres

/// The connection against the throw-away cluster of `make test`, each test in a database of its own.
@Suite struct PostgresConnectionTests {
    @Test func columnTypesBecomeTheValuesTheStoreReads() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("""
                CREATE TABLE t (s SMALLINT, i INTEGER, b BIGINT, o OID, f4 REAL, f8 DOUBLE PRECISION,
                                n NUMERIC, flag BOOLEAN, words TEXT, day DATE, stamp TIMESTAMPTZ, v VARCHAR(5))
                """)
            try db.execute("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                           [-3, 2_000_000_000, Int64.max, 7, 1.5, 0.1, "12.25", true, "words", "2026-03-31", "2026-03-31T09:30:00Z", "short"])
            let row = try #require(try db.row("SELECT s, i, b, o, f4, f8, n, flag, words, day, stamp AT TIME ZONE 'UTC', v FROM t"))
            #expect(row.values == [
                .integer(-3), .integer(2_000_000_000), .integer(Int64.max), .integer(7), .real(1.5), .real(0.1),
                .real(12.25), .integer(1), .text("words"), .text("2026-03-31"), .text("2026-03-31 09:30:00"), .text("short"),
            ])
            #expect(try db.value("SELECT NOT flag FROM t") == .integer(0))
        }
    }

    @Test func numericIsAnIntegerOnlyWhenItHasNoFractionAndFits() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (b BIGINT)")
            try db.execute("INSERT INTO t VALUES (?), (?)", [Int64.max, -5])
            // SUM of a bigint column is numeric: exact, so an integer.
            #expect(try db.value("SELECT SUM(b) FROM t") == .integer(Int64.max - 5))
            #expect(try db.value("SELECT CAST(2.50 AS NUMERIC)") == .real(2.5))
            // Past 64 bits it cannot be an integer: the nearest double.
            #expect(try db.value("SELECT SUM(b) + 100 FROM t") == .real(Double(Int64.max - 5) + 100))
            #expect(try db.value("SELECT CAST(4 AS NUMERIC) / 2") == .real(2))
        }
    }

    @Test func nullGoesInAndComesBackAsNull() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, words TEXT, n BIGINT, r DOUBLE PRECISION)")
            let missing: String? = nil
            try db.execute("INSERT INTO t VALUES (?, ?, ?, ?)", [1, missing, SQLValue.null, Optional<Double>.none])
            let row = try #require(try db.row("SELECT words, n, r, words IS NULL FROM t WHERE id = ?", [1]))
            #expect(row.values == [.null, .null, .null, .integer(1)])
            #expect(try db.string("SELECT words FROM t") == nil)
        }
    }

    @Test func unicodeTextAndRealsRoundTripExactly() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (id BIGINT, words TEXT, r DOUBLE PRECISION)")
            let texts = ["’ £ — 日本語", "🇬🇧 e\u{301}", "tab\tand\nnewline", "quote ' and \" and ? and $$", ""]
            let reals = [0.1 + 0.2, Double.pi, 1e-300, -2.5e300, Double.leastNonzeroMagnitude, .infinity]
            for (index, text) in texts.enumerated() {
                try db.execute("INSERT INTO t VALUES (?, ?, ?)", [index, text, reals[index]])
            }
            let rows = try db.rows("SELECT words, r, length(words) FROM t ORDER BY id")
            #expect(rows.map { $0[0] } == texts.map { .text($0) })
            #expect(rows.map { $0[1] } == reals.prefix(texts.count).map { .real($0) })
            // The server stored characters, not bytes mangled by an encoding.
            #expect(rows.map { $0[2] } == texts.map { .integer(Int64($0.unicodeScalars.count)) })
            #expect(try db.value("SELECT CAST(? AS DOUBLE PRECISION)", [reals[5]]) == .real(reals[5]))
        }
    }

    @Test func aDuplicateIsAUniqueViolationWithItsStateAndDetail() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (code TEXT UNIQUE)")
            try db.execute("INSERT INTO t VALUES (?)", ["P1"])
            do {
                try db.execute("INSERT INTO t VALUES (?)", ["P1"])
                Issue.record("a duplicate was accepted")
            } catch let error as PostgresError {
                #expect(error.sqlState == "23505")
                #expect(error.isUniqueViolation)
                #expect(!error.isSerializationFailure && !error.isConnectionFailure && !error.isInsufficientPrivilege)
                #expect(error.message.contains("duplicate key value violates unique constraint"))
                #expect(error.detail == "Key (code)=(P1) already exists.")
            }
            // The connection is still usable after a failed statement outside a transaction.
            #expect(try db.int("SELECT count(*) FROM t") == 1)
        }
    }

    @Test func aMissingPrivilegeIsInsufficientPrivilege() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (x BIGINT)")
            let role = "viewer_" + UUID().uuidString.prefix(8).lowercased()
            try db.execute("CREATE ROLE " + PostgresConnection.quoteIdentifier(role))
            defer { _ = try? db.execute("DROP ROLE " + PostgresConnection.quoteIdentifier(role)) }
            try db.execute("SET ROLE " + PostgresConnection.quoteIdentifier(role))
            do {
                try db.execute("INSERT INTO t VALUES (1)")
                Issue.record("a role with no grant wrote a row")
            } catch let error as PostgresError {
                #expect(error.sqlState == "42501")
                #expect(error.isInsufficientPrivilege)
            }
            try db.execute("RESET ROLE")
        }
    }

    @Test func aMissingDatabaseIsRefusedInOneCleanLine() throws {
        let location = try TestServer.location(database: "no_such_database_here")
        do {
            _ = try PostgresConnection(location)
            Issue.record("connected to a database that does not exist")
        } catch {
            #expect(error.message.contains("database \"no_such_database_here\" does not exist"), "\(error.message)")
            #expect(!error.message.contains("\n"))
            #expect(error.message.unicodeScalars.allSatisfy { $0.value >= 0x20 })
            #expect(error.isConnectionFailure)
        }
    }

    @Test func aServerThatIsNotThereIsRefusedInOneLine() throws {
        // libpq's message has a second, indented line ("Is the server running locally…").
        do {
            _ = try PostgresConnection(PostgresLocation("postgresql://%2Fnonexistent%2Factionplan%2Fsocket/plans"))
            Issue.record("connected through a socket directory that does not exist")
        } catch {
            #expect(error.message.contains("/nonexistent/actionplan/socket/.s.PGSQL.5432"), "\(error.message)")
            #expect(error.message.contains("No such file or directory"), "\(error.message)")
            #expect(!error.message.contains("\n") && !error.message.contains("Is the server running"))
            #expect(error.isConnectionFailure)
        }
    }

    @Test func theSessionUserIsTheLoginOfTheURI() throws {
        try TestServer.withDatabase { db, location in
            let user = try db.sessionUser()
            #expect(user == location.user)
            #expect(db.dialect == .postgresql)
        }
    }

    @Test func aRolledBackTransactionLeavesNothingAndACommittedOneStays() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (x BIGINT)")
            try db.begin()
            try db.execute("INSERT INTO t VALUES (?)", [1])
            try db.rollback()
            #expect(try db.int("SELECT count(*) FROM t") == 0)
            try db.begin("ISOLATION LEVEL SERIALIZABLE")
            try db.execute("INSERT INTO t VALUES (?)", [2])
            try db.commit()
            #expect(try db.int64s("SELECT x FROM t") == [2])
        }
    }

    @Test func aCachedStatementIsPreparedOnceAndRunsWithEachArguments() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (x BIGINT, words TEXT)")
            try db.begin()
            for x in 1...50 {
                try db.execute("INSERT INTO t VALUES (?, ?)", [x, "row \(x)"], cached: true)
            }
            try db.commit()
            #expect(try db.int("SELECT count(*) FROM pg_prepared_statements") == 1)
            #expect(try db.int64("SELECT SUM(x) FROM t") == 1275)
            #expect(try db.string("SELECT words FROM t WHERE x = ?", [50]) == "row 50")

            // A statement first prepared in a transaction that rolls back stays prepared (the
            // server does not roll back a protocol-level prepare), so the cache stays true.
            try db.begin()
            try db.execute("DELETE FROM t WHERE x = ?", [1], cached: true)
            try db.rollback()
            try db.execute("DELETE FROM t WHERE x = ?", [2], cached: true)
            #expect(try db.int64s("SELECT x FROM t WHERE x <= 2 ORDER BY x") == [1])
            #expect(try db.int("SELECT count(*) FROM pg_prepared_statements") == 2)
        }
    }

    @Test func aStatementFailingInsideATransactionLeavesTheConnectionUsableAfterRollback() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (x BIGINT UNIQUE)")
            try db.execute("INSERT INTO t VALUES (?)", [1], cached: true)
            try db.begin()
            #expect(throws: PostgresError.self) { try db.execute("INSERT INTO t VALUES (?)", [1], cached: true) }
            // The transaction is aborted: the server refuses until it ends.
            do {
                try db.execute("INSERT INTO t VALUES (?)", [2], cached: true)
                Issue.record("a statement ran in an aborted transaction")
            } catch let error as PostgresError {
                #expect(error.sqlState == "25P02")
            }
            try db.rollback()
            try db.execute("INSERT INTO t VALUES (?)", [3], cached: true)
            #expect(try db.int64s("SELECT x FROM t ORDER BY x") == [1, 3])
        }
    }

    @Test func marksInStringsAreNotArgumentsAndAWrongCountIsRefused() throws {
        try TestServer.withDatabase { db, _ in
            let row = try #require(try db.row("SELECT '?', CAST(? AS TEXT) -- ?", ["value"]))
            #expect(row.values == [.text("?"), .text("value")])
            #expect(throws: PostgresError.self) { try db.execute("SELECT CAST(? AS BIGINT)", [1, 2]) }
            #expect(throws: PostgresError.self) { try db.execute("SELECT CAST(? AS TEXT)", ["nul\u{0}inside"]) }
        }
    }

    @Test func anArgumentWhoseTypeNothingFixesIsTextUnlessCast() throws {
        try TestServer.withDatabase { db, _ in
            // Arguments go untyped (oid 0): the place decides. Nothing decides in `SELECT ?`.
            #expect(try db.value("SELECT ?", [5]) == .text("5"))
            #expect(try db.value("SELECT CAST(? AS BIGINT)", [5]) == .integer(5))
            #expect(try db.value("SELECT 1 + ?", [5]) == .integer(6))
            do {
                try db.execute("SELECT ? IS NULL", [SQLValue.null])
                Issue.record("the server typed an argument nothing fixes")
            } catch let error as PostgresError {
                #expect(error.message.contains("could not determine data type of parameter $1"), "\(error.message)")
            }
            #expect(try db.value("SELECT CAST(? AS TEXT) IS NULL", [SQLValue.null]) == .integer(1))
        }
    }

    @Test func aConnectionEndedByTheServerIsAConnectionFailure() throws {
        try TestServer.withDatabase { db, location in
            let other = try PostgresConnection(location)
            let pid = try #require(try other.int64("SELECT pg_backend_pid()"))
            #expect(try db.value("SELECT pg_terminate_backend(CAST(? AS INTEGER))", [pid]) == .integer(1))
            do {
                try other.execute("SELECT 1")
                Issue.record("a terminated connection still ran a statement")
            } catch let error as PostgresError {
                #expect(error.isConnectionFailure, "\(error)")
                #expect(!error.message.contains("\n"))
            }
        }
    }

    @Test func aRowLoopMayRunOtherStatementsOnTheSameConnection() throws {
        try TestServer.withDatabase { db, _ in
            try db.execute("CREATE TABLE t (x BIGINT)")
            try db.execute("INSERT INTO t SELECT generate_series(1, 1000)")
            var total: Int64 = 0
            try db.each("SELECT x FROM t ORDER BY x") { row in
                let x = try #require(row.int64(0))
                if x % 100 == 0 { total += try db.int64("SELECT CAST(? AS BIGINT) * 2", [x]) ?? 0 }
            }
            #expect(total == 2 * (100 + 200 + 300 + 400 + 500 + 600 + 700 + 800 + 900 + 1000))
        }
    }

    @Test func aNotificationReachesAnotherConnectionWithinTheTimeout() throws {
        try TestServer.withDatabase { sender, location in
            let listener = try PostgresConnection(location)
            try listener.listen("plan changes")
            // Nothing sent yet: the wait ends empty when its time is up.
            #expect(try listener.waitForNotifications(timeout: 0.05).isEmpty)

            try sender.notify("plan changes", payload: "action:42")
            let received = try listener.waitForNotifications(timeout: 10)
            #expect(received.map(\.channel) == ["plan changes"])
            #expect(received.map(\.payload) == ["action:42"])

            // Sent in one transaction, delivered at its commit, both at once; a channel not
            // listened to is not delivered.
            try sender.begin()
            try sender.notify("plan changes", payload: "1")
            try sender.notify("other", payload: "x")
            try sender.notify("plan changes", payload: "2")
            try sender.commit()
            var payloads: [String] = []
            while payloads.count < 2 {
                let batch = try listener.waitForNotifications(timeout: 10)
                if batch.isEmpty { break }
                payloads += batch.map(\.payload)
            }
            #expect(payloads == ["1", "2"])
        }
    }

    @Test func queuedNotificationsAreReturnedWithoutWaiting() throws {
        try TestServer.withDatabase { db, _ in
            // A connection hears its own notifications; they are queued by the time notify returns.
            try db.listen("self")
            try db.notify("self", payload: "one")
            let clock = ContinuousClock()
            let start = clock.now
            let received = try db.waitForNotifications(timeout: 30)
            #expect(received.map(\.payload) == ["one"])
            #expect(clock.now - start < .seconds(30), "the wait ran to its timeout although a notification was queued")
        }
    }
}
