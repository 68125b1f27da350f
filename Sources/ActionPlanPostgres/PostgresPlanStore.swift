import Foundation
import ActionPlanModel
import ActionPlanCore
import ActionPlanSQL

/// The PostgreSQL implementation of `PlanStore`: the same `SQLPlanStore` logic as SQLite over
/// one libpq connection, with the database deciding who sees and changes what (row-level
/// security keyed by the authority, docs/server.md) and recording every change under the
/// database login (`session_user`).
///
/// One connection serves one store; calls are serialised by a lock (the terminal UI reads on a
/// second store from `readingConnection()`).
public final class PostgresPlanStore: SQLPlanStore, @unchecked Sendable {
    public let location: PostgresLocation
    public let options: StoreOptions
    public var path: String { location.display }
    public var isReadOnly: Bool { false }
    public var dialect: SQLDialect { .postgresql }
    /// The database login, which every change group records (`--as` is refused on PostgreSQL).
    public let login: String
    public var account: String? { login }
    /// The schema holding the tables (nil: the login's search path, `public` by default).
    public let schema: String?

    // Guarded by `lock`: one statement at a time on the connection.
    private let connection: PostgresConnection
    private let lock = NSLock()

    /// Connects, creating the tables (and making this login the first admin) in an empty
    /// database, and migrating an older one.
    public init(location: PostgresLocation, schema: String? = nil, options: StoreOptions = StoreOptions()) throws(StoreError) {
        self.location = location
        self.options = options
        self.schema = schema
        do {
            connection = try PostgresConnection(location)
        } catch {
            throw StoreError.cannotOpen(path: location.display, reason: error.message)
        }
        do {
            if let schema {
                try connection.execute("CREATE SCHEMA IF NOT EXISTS \(PostgresSchema.quoted(schema))")
                try connection.execute("SET search_path = \(PostgresSchema.quoted(schema))")
            }
            login = try connection.sessionUser()
        } catch {
            throw PostgresPlanStore.map(error, location: location.display, login: "")
        }
        try migrate()
        try seedHolidays()
    }

    /// A second connection, for the terminal UI's reading in the background.
    public func readingConnection() throws -> any PlanStore {
        try PostgresPlanStore(location: location, schema: schema, options: options)
    }

    // MARK: - Migrations

    private func migrate() throws(StoreError) {
        let names = PostgresSchema.migrations.map(\.name)
        do {
            // A database already at this schema needs no lock and no right to create tables (an
            // ordinary login of a shared server has neither).
            let present = try connection.string("SELECT to_regclass(?)::text", [PostgresSchema.table]) != nil
            if present {
                let done = Set(try connection.strings("SELECT name FROM \(PostgresSchema.table)"))
                if !done.subtracting(names).isEmpty { throw StoreError.newerSchema(path: location.display) }
                if done.isSuperset(of: names) { return }
            }
            try locked {
                try connection.begin()
                do {
                    try connection.execute("SELECT pg_advisory_xact_lock(?)", [PostgresSchema.lockKey])
                    try connection.execute("""
                        CREATE TABLE IF NOT EXISTS \(PostgresSchema.table) (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL, applied_by TEXT NOT NULL)
                        """)
                    let done = Set(try connection.strings("SELECT name FROM \(PostgresSchema.table)"))
                    if !done.subtracting(names).isEmpty { throw StoreError.newerSchema(path: location.display) }
                    let schemaName = try connection.string("SELECT current_schema()") ?? "public"
                    for migration in PostgresSchema.migrations where !done.contains(migration.name) {
                        try connection.executeScript(migration.sql(schemaName))
                        try connection.execute("INSERT INTO \(PostgresSchema.table)(name, applied_at, applied_by) VALUES (?, ?, session_user)",
                                               [migration.name, Timestamp.format(options.now())])
                    }
                    try connection.commit()
                } catch {
                    try? connection.rollback()
                    throw error
                }
            }
        } catch {
            throw PostgresPlanStore.map(error, location: location.display, login: login)
        }
    }

    /// A new database's holiday table starts as the shipped file (when this login may write it).
    private func seedHolidays() throws(StoreError) {
        guard !options.initialHolidays.isEmpty else { return }
        let _: Void = try transaction { db in
            guard try db.int("SELECT count(*) FROM bank_holiday") == 0,
                  try db.int("SELECT actionplan_rank(?)", [GrantRole.everyAuthority]) ?? 0 >= GrantRole.admin.rank else { return ((), false) }
            for holiday in options.initialHolidays {
                try db.execute("INSERT INTO bank_holiday(day, name) VALUES (?, ?) ON CONFLICT (day) DO NOTHING", [holiday.day.iso, holiday.name])
            }
            return ((), true)
        }
    }

    // MARK: - Running reads and writes

    private func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// One snapshot: a read-only REPEATABLE READ transaction, so a read of several statements
    /// (a plan and its actions) sees one state of the database.
    public func read<T>(_ body: (any SQLDatabase) throws -> T) throws(StoreError) -> T {
        do {
            return try locked {
                try connection.begin("ISOLATION LEVEL REPEATABLE READ READ ONLY")
                do {
                    let value = try body(connection)
                    try connection.commit()
                    return value
                } catch {
                    try? connection.rollback()
                    throw error
                }
            }
        } catch {
            throw PostgresPlanStore.map(error, location: location.display, login: login)
        }
    }

    /// Writers take one advisory lock for the length of their transaction: one writer at a time,
    /// as on SQLite, so that a version checked is the version changed (stale edits are refused,
    /// never lost) and change groups are numbered in the order they commit.
    public func transaction<T>(_ body: (any SQLDatabase) throws -> (value: T, commit: Bool)) throws(StoreError) -> T {
        do {
            return try locked {
                try connection.begin()
                do {
                    // The busy timeout, as on SQLite (PostgreSQL's 0 would mean waiting for ever).
                    try connection.execute("SET LOCAL lock_timeout = '\(max(1, Int(options.busyTimeout * 1000)))ms'")
                    try connection.execute("SELECT pg_advisory_xact_lock(?)", [PostgresSchema.lockKey + 1])
                    let (value, commit) = try body(connection)
                    if commit {
                        try connection.commit()
                    } else {
                        try connection.rollback()
                    }
                    return value
                } catch {
                    try? connection.rollback()
                    throw error
                }
            }
        } catch {
            throw PostgresPlanStore.map(error, location: location.display, login: login, timeout: options.busyTimeout)
        }
    }

    /// NOTIFY is delivered at commit, and only if the transaction commits.
    public func announce(_ notice: ChangeNotice, on db: any SQLDatabase) throws {
        try db.execute("SELECT pg_notify(?, ?)", [PostgresPlanStore.channel, notice.payload])
    }

    /// A connection of its own that listens for the changes others commit.
    public func changeFeed() throws(StoreError) -> any ChangeFeed {
        do {
            let listener = try PostgresConnection(location)
            try listener.listen(PostgresPlanStore.channel)
            return PostgresChangeFeed(connection: listener)
        } catch {
            throw PostgresPlanStore.map(error, location: location.display, login: login)
        }
    }

    /// The channel every committed change group is announced on (docs/user-guide.md, "Live refresh").
    public static let channel = "actionplan_change"

    static func map(_ error: any Error, location: String, login: String, timeout: Double = 0) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PostgresError {
            if error.isInsufficientPrivilege {
                return .notAllowed(login: login, what: PostgresPlanStore.what(error.message))
            }
            // lock_timeout: another writer held the database's write lock for the busy timeout.
            if error.sqlState == "55P03" { return .locked(path: location, seconds: timeout) }
            if error.isConnectionFailure { return .cannotOpen(path: location, reason: error.message) }
            return .failed("database error on \(location): \(error.message)")
        }
        return .failed("\(error)")
    }

    /// What a policy refused, from PostgreSQL's "new row violates row-level security policy for
    /// table \"action\"": "add or change actions of this authority".
    static func what(_ message: String) -> String {
        let nouns = ["plan": "plans", "milestone": "milestones", "finding": "findings", "action": "actions", "note": "notes",
                     "action_search": "actions"]
        for (table, noun) in nouns where message.contains("\"\(table)\"") {
            return "add or change \(noun) of this authority"
        }
        if message.contains("\"bank_holiday\"") { return "change the bank holiday table (an admin of every authority may)" }
        // A login with no role may write no change group at all (nor one under another name).
        if message.contains("\"change_group\"") || message.contains("\"audit_event\"") { return "make changes on this database" }
        return "do this (\(message))"
    }
}

/// The notifications of `PostgresPlanStore.channel` on a listening connection.
final class PostgresChangeFeed: ChangeFeed, @unchecked Sendable {
    // Guarded by `lock`: one wait at a time on the connection.
    private let connection: PostgresConnection
    private let lock = NSLock()
    init(connection: PostgresConnection) { self.connection = connection }

    func changes(timeout: Double) throws -> [ChangeNotice] {
        lock.lock()
        defer { lock.unlock() }
        return try connection.waitForNotifications(timeout: timeout).compactMap { note in
            note.channel == PostgresPlanStore.channel ? ChangeNotice(payload: note.payload) ?? ChangeNotice(group: 0, plans: [], actions: []) : nil
        }
    }
}
